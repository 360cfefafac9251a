"""sqmy-dataset/1: documents that are right parse into the model, and back."""

from __future__ import annotations

import copy
import json
import random
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqmy_core.errors import DatasetError
from sqmy_core.interchange import (
    DATASET_FORMAT,
    dataset_to_doc,
    decode_dataset_bytes,
    format_time,
    parse_dataset,
    parse_time,
)
from sqmy_core.interchange import times as times_module
from sqmy_core.model import Call, Dataset, Event, Person, Piece, Unit, vocab

CST = timezone(timedelta(hours=8))

# The example of docs/interchange.md / the contract, verbatim.
CONTRACT_EXAMPLE = """
{
  "format": "sqmy-dataset/1",
  "units": [
    {"id": "sec-econ", "name": "经济界", "kind": "sector", "parent": null}
  ],
  "people": [
    {"id": "p001", "name": "张三", "roles": ["member"], "units": ["sec-econ"]}
  ],
  "calls": [
    {"id": "c2024-03", "title": "乡村振兴专题约稿", "kind": "commission",
     "assignees": ["p001"], "due": "2024-04-30T24:00:00+08:00"}
  ],
  "pieces": [
    {"id": "2024-017", "title": "关于加快老旧小区改造的建议",
     "authors": ["p001", "p002"], "unit": "sec-econ",
     "submitted_at": "2024-03-01T09:00:00+08:00",
     "topic": "城乡建设", "call": "c2024-03"}
  ],
  "events": [
    {"piece": "2024-017", "type": "approved", "at": "2024-03-05T10:00:00+08:00"},
    {"piece": "2024-017", "type": "dispatched", "at": "2024-03-06T09:00:00+08:00",
     "route": "direct", "to": "cppcc-city"},
    {"piece": "2024-017", "type": "adopted", "at": "2024-04-02T15:00:00+08:00",
     "body": "cppcc-city"},
    {"piece": "2024-017", "type": "instructed", "at": "2024-04-10T15:00:00+08:00",
     "level": "city", "rank": "principal"},
    {"piece": "2024-017", "type": "handled", "at": "2024-06-01T15:00:00+08:00",
     "department": "区住建局", "outcome": "implemented"}
  ]
}
"""

P002 = {"id": "p002", "name": "李四", "roles": ["member"], "units": ["sec-econ"]}


def example() -> dict[str, Any]:
    """The contract example, completed with the co-author p002 it refers to."""
    doc: dict[str, Any] = json.loads(CONTRACT_EXAMPLE)
    doc["people"].append(copy.deepcopy(P002))
    return doc


# --------------------------------------------------------------------------
# The contract example
# --------------------------------------------------------------------------


def test_contract_example_verbatim_lacks_only_the_coauthor() -> None:
    """The example names author p002 without a record for it: exactly that is refused."""
    with pytest.raises(DatasetError) as info:
        parse_dataset(json.loads(CONTRACT_EXAMPLE))
    assert [(p.path, p.code) for p in info.value.problems] == [
        ("pieces[0].authors[1]", "unknown_ref")
    ]


def test_contract_example_parses() -> None:
    ds = parse_dataset(decode_dataset_bytes(json.dumps(example()).encode(), source="x.json"))
    assert ds.units == (Unit("sec-econ", "经济界", "sector", None),)
    assert ds.people[0] == Person("p001", "张三", ("member",), ("sec-econ",), None)
    assert ds.calls == (
        Call(
            "c2024-03",
            "乡村振兴专题约稿",
            "commission",
            ("p001",),
            datetime(2024, 5, 1, 0, 0, tzinfo=CST),  # 24:00 of April 30
        ),
    )
    assert ds.pieces == (
        Piece(
            "2024-017",
            "关于加快老旧小区改造的建议",
            ("p001", "p002"),
            datetime(2024, 3, 1, 9, 0, tzinfo=CST),
            unit="sec-econ",
            topic="城乡建设",
            call="c2024-03",
        ),
    )
    assert [e.type for e in ds.events] == [
        "approved",
        "dispatched",
        "adopted",
        "instructed",
        "handled",
    ]
    assert ds.events[1] == Event(
        "2024-017",
        "dispatched",
        datetime(2024, 3, 6, 9, tzinfo=CST),
        route="direct",
        to="cppcc-city",
    )
    assert ds.events[2].body == "cppcc-city"
    assert (ds.events[3].level, ds.events[3].rank) == ("city", "principal")
    assert (ds.events[4].department, ds.events[4].outcome) == ("区住建局", "implemented")
    for e in ds.events:
        assert e.at.utcoffset() == timedelta(hours=8)


def test_contract_example_round_trips_to_the_same_document() -> None:
    doc = example()
    ds = parse_dataset(doc)
    out = dataset_to_doc(ds)
    assert parse_dataset(out) == ds
    assert out["units"] == doc["units"]  # parent: null kept
    assert out["people"] == doc["people"]
    assert out["calls"][0]["due"] == "2024-05-01T00:00:00+08:00"
    assert out["pieces"] == doc["pieces"]
    assert out["events"] == doc["events"]
    json.dumps(out, ensure_ascii=False)  # JSON-ready


# --------------------------------------------------------------------------
# Decisions where the contract is silent
# --------------------------------------------------------------------------


def test_only_format_is_required() -> None:
    assert parse_dataset({"format": DATASET_FORMAT}) == Dataset()


def test_lists_may_be_null() -> None:
    doc = {
        "format": DATASET_FORMAT,
        **dict.fromkeys(("units", "people", "calls", "pieces", "events")),
    }
    assert parse_dataset(doc) == Dataset()


def test_null_in_optional_keys_means_absent() -> None:
    doc = example()
    doc["people"][0].update(units=None, since=None)
    doc["calls"][0].update(assignees=None, due=None)
    doc["pieces"][0].update(unit=None, topic=None, call=None)
    doc["events"][0].update(actor=None, note=None, stage=None)
    # keys of other event types, null: what a flat event table exports
    doc["events"][2].update(route=None, level=None, rank=None, outcome=None, decision=None)
    ds = parse_dataset(doc)
    assert ds.people[0].units == ()
    assert ds.people[0].since is None
    assert (ds.calls[0].assignees, ds.calls[0].due) == ((), None)
    assert (ds.pieces[0].unit, ds.pieces[0].topic, ds.pieces[0].call) == (None, None, None)
    assert ds.events[2] == Event(
        "2024-017", "adopted", datetime(2024, 4, 2, 15, tzinfo=CST), body="cppcc-city"
    )


def test_actor_note_everywhere_and_stage_on_review_outcomes() -> None:
    doc = example()
    for e in doc["events"]:
        e.update(actor="p001", note="")
    doc["events"][0]["stage"] = "final"
    doc["events"].append(
        {
            "piece": "2024-017",
            "type": "reviewed",
            "at": "2024-03-04T10:00:00+08:00",
            "stage": "initial",
            "decision": "pass",
            "actor": "p002",
        }
    )
    for t in ("rejected", "returned"):
        doc["events"].append(
            {"piece": "2024-017", "type": t, "at": "2024-03-04T10:00:00+08:00", "stage": "s1"}
        )
    ds = parse_dataset(doc)
    assert ds.events[0].stage == "final"
    assert all(e.actor is not None and e.note == "" for e in ds.events[:5])
    assert ds.events[5] == Event(
        "2024-017",
        "reviewed",
        datetime(2024, 3, 4, 10, tzinfo=CST),
        actor="p002",
        stage="initial",
        decision="pass",
    )


def test_extra_roles_come_from_the_ruleset() -> None:
    doc = example()
    doc["people"][1]["roles"] = ["staff", "reviewer_initial"]
    with pytest.raises(DatasetError):
        parse_dataset(doc)
    ds = parse_dataset(doc, extra_roles=["reviewer_initial", "reviewer_final"])
    assert ds.people[1].roles == ("staff", "reviewer_initial")


def test_empty_roles_and_free_text_may_be_empty() -> None:
    doc = example()
    doc["people"][1]["roles"] = []
    doc["pieces"][0]["topic"] = ""
    doc["events"][1]["to"] = ""
    ds = parse_dataset(doc)
    assert ds.people[1].roles == ()
    assert ds.pieces[0].topic == ""


def test_event_at_submission_time_is_fine() -> None:
    doc = example()
    doc["events"][0]["at"] = doc["pieces"][0]["submitted_at"]
    # the same instant written in another offset
    doc["events"][1]["at"] = "2024-03-01T01:00:00Z"
    parse_dataset(doc)


def test_unit_tree() -> None:
    doc = example()
    doc["units"] = [
        {"id": "cppcc", "name": "区政协", "kind": "cppcc", "parent": None},
        {"id": "sec-econ", "name": "经济界", "kind": "sector", "parent": "cppcc"},
        {"id": "studio-1", "name": "工作室", "kind": "studio", "parent": "later"},
        {"id": "later", "name": "镇工委", "kind": "liaison"},
    ]
    ds = parse_dataset(doc)
    assert [u.parent for u in ds.units] == [None, "cppcc", "later", None]
    assert dataset_to_doc(ds)["units"][3] == {
        "id": "later",
        "name": "镇工委",
        "kind": "liaison",
        "parent": None,
    }


def test_forward_references_between_lists_and_records() -> None:
    doc = example()
    doc["people"][0]["units"] = ["sec-econ", "u-late"]
    doc["units"].append({"id": "u-late", "name": "后来的单位", "kind": "office", "parent": None})
    parse_dataset(doc)


def test_decode_bytes_with_bom() -> None:
    data = b"\xef\xbb\xbf" + json.dumps(example(), ensure_ascii=False).encode()
    assert parse_dataset(decode_dataset_bytes(data)) == parse_dataset(example())


def test_result_is_all_tuples_and_aware() -> None:
    ds = parse_dataset(example())
    assert isinstance(ds.events, tuple)
    assert isinstance(ds.pieces[0].authors, tuple)
    assert ds.pieces[0].submitted_at.tzinfo is not None


# --------------------------------------------------------------------------
# Times
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01T09:00:00+08:00", datetime(2024, 3, 1, 9, tzinfo=CST)),
        ("2024-03-01T09:00+08:00", datetime(2024, 3, 1, 9, tzinfo=CST)),
        ("2024-03-01T01:00:00Z", datetime(2024, 3, 1, 1, tzinfo=UTC)),
        ("2024-03-01T01:00:00.5Z", datetime(2024, 3, 1, 1, 0, 0, 500000, tzinfo=UTC)),
        ("2024-03-01T01:00:00.123456789Z", datetime(2024, 3, 1, 1, 0, 0, 123456, tzinfo=UTC)),
        (
            "2024-03-01T01:00:00-05:30",
            datetime(2024, 3, 1, 1, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
        ),
        ("2024-04-30T24:00:00+08:00", datetime(2024, 5, 1, tzinfo=CST)),
        ("2024-12-31T24:00+08:00", datetime(2025, 1, 1, tzinfo=CST)),
        ("2024-02-28T24:00:00.000Z", datetime(2024, 2, 29, tzinfo=UTC)),
        ("2024-02-29T12:00:00+08:00", datetime(2024, 2, 29, 12, tzinfo=CST)),
    ],
)
def test_parse_time_accepts(text: str, expected: datetime) -> None:
    got = parse_time(text)
    assert got == expected
    assert got is not None and got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-01T09:00:00",  # no offset
        "2024-03-01",
        "2024-03-01 09:00:00+08:00",  # space
        "2024-03-01t09:00:00z",
        "2024-03-01T09:00:00+0800",
        "2024-03-01T09:00:00+08",
        "20240301T090000+08:00",
        "2024-W09-5T09:00:00+08:00",
        "2024-02-30T09:00:00+08:00",
        "2023-02-29T09:00:00+08:00",
        "2024-03-01T24:00:01+08:00",
        "2024-03-01T24:30+08:00",
        "2024-03-01T25:00:00+08:00",
        "2024-03-01T09:60:00+08:00",
        "2024-03-01T09:00:60+08:00",
        "2024-03-01T09:00:00+08:60",
        "2024-03-01T09:00:00+24:00",
        "9999-12-31T24:00:00Z",
        "２０２４-03-01T09:00:00+08:00",
        " 2024-03-01T09:00:00+08:00",
        "2024-03-01T09:00:00+08:00\n",
        "",
    ],
)
def test_parse_time_refuses(text: str) -> None:
    assert parse_time(text) is None


def _grammar_only(text: str) -> datetime | None:
    """parse_time without its fast path."""
    m = times_module._TIME_RE.fullmatch(text)
    if m is None:
        return None
    try:
        if m.group(2) is None:
            return datetime.fromisoformat(text)
        return datetime.fromisoformat(f"{m.group(1)}T00:00{m.group(3)}") + timedelta(days=1)
    except (ValueError, OverflowError):
        return None


def test_time_fast_path_agrees_with_the_grammar() -> None:
    rng = random.Random(2024)
    alphabet = "0123456789" * 3 + "+-:TZ .,x٣"
    bases = [
        "2024-03-01T09:00:00+08:00",
        "2024-03-01T09:00:00Z",
        "2024-12-31T24:00:00-05:30",
        "9999-12-31T23:59:59+23:59",
    ]
    for _ in range(50_000):
        chars = list(rng.choice(bases))
        for _ in range(rng.randint(1, 3)):
            chars[rng.randrange(len(chars))] = rng.choice(alphabet)
        text = "".join(chars)
        fast, slow = parse_time(text), _grammar_only(text)
        assert fast == slow, text
        if fast is not None and slow is not None:
            assert fast.utcoffset() == slow.utcoffset(), text


def test_time_pattern_is_the_grammar() -> None:
    pattern = re.compile(times_module.TIME_PATTERN)
    for text in ("2024-03-01T09:00:00+08:00", "2024-04-30T24:00:00+08:00", "2024-03-01T09:00Z"):
        assert pattern.search(text)
    for text in ("2024-03-01T09:00:00", "2024-03-01T24:01:00Z", "x2024-03-01T09:00Z"):
        assert not pattern.search(text)


def test_format_time() -> None:
    assert format_time(datetime(2024, 3, 1, 9, tzinfo=CST)) == "2024-03-01T09:00:00+08:00"
    assert format_time(datetime(2024, 3, 1, 9, 0, 0, 5, tzinfo=UTC)) == (
        "2024-03-01T09:00:00.000005+00:00"
    )
    with pytest.raises(ValueError):
        format_time(datetime(2024, 3, 1, 9))
    with pytest.raises(ValueError):
        format_time(datetime(2024, 3, 1, 9, tzinfo=timezone(timedelta(seconds=30))))


# --------------------------------------------------------------------------
# Round trip, generated
# --------------------------------------------------------------------------

OFFSETS = [timezone(timedelta(minutes=m)) for m in (0, 480, -300, 330, -570, 840)]
ids = st.text(alphabet="abcxyz019-_中文", min_size=1, max_size=6)
texts = st.text(min_size=1, max_size=8)
free = st.none() | st.text(max_size=8)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2090, 12, 31),
    timezones=st.sampled_from(OFFSETS),
)


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    unit_ids = draw(st.lists(ids, unique=True, max_size=5))
    units = []
    for k, uid in enumerate(unit_ids):
        # parents point backwards: no cycles
        parent = draw(st.none() | st.sampled_from(unit_ids[:k])) if k else None
        units.append(Unit(uid, draw(texts), draw(st.sampled_from(vocab.UNIT_KINDS)), parent))
    roles = (*vocab.BUILTIN_ROLES, "reviewer_x")
    person_ids = draw(st.lists(ids, unique=True, min_size=1, max_size=5))
    people = [
        Person(
            pid,
            draw(texts),
            tuple(draw(st.lists(st.sampled_from(roles), unique=True, max_size=3))),
            tuple(draw(st.lists(st.sampled_from(unit_ids), unique=True, max_size=3)))
            if unit_ids
            else (),
            draw(st.none() | moments),
        )
        for pid in person_ids
    ]
    call_ids = draw(st.lists(ids, unique=True, max_size=3))
    calls = [
        Call(
            cid,
            draw(texts),
            draw(st.sampled_from(vocab.CALL_KINDS)),
            tuple(draw(st.lists(st.sampled_from(person_ids), unique=True, max_size=3))),
            draw(st.none() | moments),
        )
        for cid in call_ids
    ]
    piece_ids = draw(st.lists(ids, unique=True, max_size=4))
    pieces = [
        Piece(
            pid,
            draw(texts),
            tuple(draw(st.lists(st.sampled_from(person_ids), unique=True, min_size=1, max_size=3))),
            draw(moments),
            draw(st.none() | st.sampled_from(unit_ids)) if unit_ids else None,
            draw(free),
            draw(st.none() | st.sampled_from(call_ids)) if call_ids else None,
        )
        for pid in piece_ids
    ]
    events = []
    for _ in range(draw(st.integers(0, 12)) if pieces else 0):
        piece = draw(st.sampled_from(pieces))
        offset = draw(st.sampled_from(OFFSETS))
        at = (
            piece.submitted_at + draw(st.timedeltas(timedelta(0), timedelta(days=400)))
        ).astimezone(offset)
        t = draw(st.sampled_from(vocab.EVENT_TYPES))
        actor = draw(st.none() | st.sampled_from(person_ids))
        fields: dict[str, Any] = {"actor": actor, "note": draw(free)}
        if t in ("approved", "rejected", "returned"):
            fields["stage"] = draw(st.none() | ids)
        elif t == "reviewed":
            fields.update(
                stage=draw(ids),
                decision=draw(st.sampled_from(vocab.DECISIONS)),
                actor=draw(st.sampled_from(person_ids)),
            )
        elif t == "dispatched":
            fields.update(route=draw(st.sampled_from(vocab.ROUTES)), to=draw(free))
        elif t == "adopted":
            fields["body"] = draw(st.sampled_from(sorted(vocab.BODIES)))
        elif t == "instructed":
            fields.update(
                level=draw(st.sampled_from(vocab.LEVELS)), rank=draw(st.sampled_from(vocab.RANKS))
            )
        else:
            fields.update(outcome=draw(st.sampled_from(vocab.OUTCOMES)), department=draw(free))
        events.append(Event(piece.id, t, at, **fields))
    return Dataset(tuple(units), tuple(people), tuple(calls), tuple(pieces), tuple(events))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_round_trip(ds: Dataset) -> None:
    doc = dataset_to_doc(ds)
    data = json.dumps(doc, ensure_ascii=False).encode()
    back = parse_dataset(decode_dataset_bytes(data), extra_roles=["reviewer_x"])
    assert back == ds
    # offsets are kept, not only the instants
    for a, b in zip(back.events, ds.events, strict=True):
        assert a.at.utcoffset() == b.at.utcoffset()
    assert dataset_to_doc(back) == doc


def test_round_trip_keeps_microseconds_and_offsets() -> None:
    at = datetime(2024, 3, 1, 9, 0, 0, 123, tzinfo=timezone(timedelta(hours=-3, minutes=-30)))
    ds = Dataset(
        people=(Person("p", "P", ("member",)),),
        pieces=(Piece("x", "T", ("p",), at),),
        events=(Event("x", "approved", at),),
    )
    doc = dataset_to_doc(ds)
    assert doc["pieces"][0]["submitted_at"] == "2024-03-01T09:00:00.000123-03:30"
    assert parse_dataset(doc) == ds
