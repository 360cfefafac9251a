"""sqmy-dataset/1.1: every addition accepted, and refused with its exact path."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqmy_core.errors import DatasetError
from sqmy_core.interchange import DATASET_FORMAT_11, dataset_to_doc, parse_dataset
from sqmy_core.model import Activity, Adjustment, AttributeSpec, Dataset, Declarations, vocab
from sqmy_core.model.vocab import Body
from sqmy_core.testing.strategies import dataset_docs, datasets, declarations, mutated_docs
from tests.unit.test_dataset_parse import example

CST = timezone(timedelta(hours=8))
Doc = dict[str, Any]

DECL = Declarations(
    bodies={**vocab.BODIES, "own-bulletin": Body("own-bulletin", "区政协《社情民意》", "county")},
    ranks=(*vocab.RANKS, "secretary"),
    roles=(*vocab.BUILTIN_ROLES, "liaison_officer"),
    unit_kinds=(*vocab.UNIT_KINDS, "town"),
    attributes={
        "degree": AttributeSpec("degree", "choice", ("adopted",), ("full", "majority", "view")),
        "words": AttributeSpec("words", "number", ("piece",)),
        "urgent": AttributeSpec("urgent", "boolean", ("event",)),
        "hours": AttributeSpec("hours", "number", ("activity",), required=True),
        "district": AttributeSpec("district", "string", ("unit", "person", "call")),
    },
    penalty_kinds=("plagiarism", "leak"),
    activity_kinds=("plenary_half_day", "survey"),
    sections=("info", "meetings"),
)


def v11() -> Doc:
    doc = example()
    doc["format"] = DATASET_FORMAT_11
    return doc


def full() -> Doc:
    """A 1.1 document using every addition."""
    doc = v11()
    doc["units"][0]["attributes"] = {"district": "西湖"}
    doc["units"].append({"id": "town-a", "name": "甲镇", "kind": "town", "parent": "sec-econ"})
    doc["people"][0].update(
        roles=["member", "liaison_officer"],
        since="2023-01-01T00:00:00+08:00",
        until="2025-01-01T00:00:00+08:00",
        attributes={"district": "上城"},
    )
    doc["calls"][0]["attributes"] = {"district": "西湖"}
    doc["pieces"][0].update(body="全文……", attributes={"words": 2500.5})
    doc["events"][2].update(body="own-bulletin", attributes={"degree": "full", "urgent": True})
    doc["events"][3]["rank"] = "secretary"
    doc["events"].append(
        {
            "piece": "2024-017",
            "type": "penalized",
            "at": "2024-07-01T09:00:00+08:00",
            "kind": "plagiarism",
            "persons": ["p002"],
            "actor": "p001",
            "note": "查重",
        }
    )
    doc["adjustments"] = [
        {
            "id": "adj-1",
            "person": "p001",
            "points": "-2.5",
            "at": "2024-12-01T09:00:00+08:00",
            "reason": "未按时参加培训",
            "approved_by": "p002",
            "clause": "第八条",
            "section": "meetings",
        },
        {
            "id": "adj-2",
            "unit": "sec-econ",
            "points": 3,
            "at": "2024-12-01T09:00:00+08:00",
            "reason": "组织调研",
            "approved_by": "p002",
        },
    ]
    doc["activities"] = [
        {
            "id": "act-1",
            "person": "p001",
            "kind": "survey",
            "at": "2024-05-01T09:00:00+08:00",
            "attributes": {"hours": 1.5},
            "note": "调研",
        }
    ]
    return doc


def refused(doc: Doc, d: Declarations = DECL) -> list[tuple[str, str]]:
    with pytest.raises(DatasetError) as info:
        parse_dataset(doc, declarations=d)
    for p in info.value.problems:
        p.render("zh")
        p.render("en")
    return [(p.path, p.code) for p in info.value.problems]


def test_every_addition_is_read() -> None:
    ds = parse_dataset(full(), declarations=DECL)
    assert ds.version == "1.1"
    assert ds.units[0].attributes == {"district": "西湖"}
    assert ds.units[1].kind == "town"
    p = ds.people[0]
    assert p.roles == ("member", "liaison_officer")
    assert p.until == datetime(2025, 1, 1, tzinfo=CST)
    assert ds.calls[0].attributes == {"district": "西湖"}
    assert ds.pieces[0].text == "全文……"
    words = ds.pieces[0].attributes["words"]
    assert words == Fraction(5001, 2) and type(words) is Fraction
    adopted = ds.events[2]
    assert adopted.body == "own-bulletin"
    assert adopted.attributes == {"degree": "full", "urgent": True}
    assert ds.events[3].rank == "secretary"
    pen = ds.events[-1]
    assert (pen.type, pen.kind, pen.persons, pen.actor) == (
        "penalized",
        "plagiarism",
        ("p002",),
        "p001",
    )
    assert ds.adjustments == (
        Adjustment(
            "adj-1",
            Fraction(-5, 2),
            datetime(2024, 12, 1, 9, tzinfo=CST),
            "未按时参加培训",
            "p002",
            person="p001",
            clause="第八条",
            section="meetings",
        ),
        Adjustment(
            "adj-2",
            Fraction(3),
            datetime(2024, 12, 1, 9, tzinfo=CST),
            "组织调研",
            "p002",
            unit="sec-econ",
        ),
    )
    assert ds.activities == (
        Activity(
            "act-1",
            "p001",
            "survey",
            datetime(2024, 5, 1, 9, tzinfo=CST),
            {"hours": Fraction(3, 2)},
            "调研",
        ),
    )


def test_round_trip_of_every_addition() -> None:
    ds = parse_dataset(full(), declarations=DECL)
    doc = dataset_to_doc(ds)
    assert doc["format"] == DATASET_FORMAT_11
    assert parse_dataset(doc, declarations=DECL) == ds


def test_numbers_are_exact_never_binary() -> None:
    doc = full()
    doc["pieces"][0]["attributes"] = {"words": 0.1}
    doc["adjustments"][0]["points"] = "0.3"
    ds = parse_dataset(doc, declarations=DECL)
    assert ds.pieces[0].attributes["words"] == Fraction(1, 10)
    assert ds.adjustments[0].points == Fraction(3, 10)


def test_a_10_document_and_its_11_copy_are_the_same_dataset() -> None:
    doc = example()
    one = parse_dataset(doc)
    doc["format"] = DATASET_FORMAT_11
    other = parse_dataset(doc)
    assert one.version == "1" and other.version == "1.1"
    assert dataset_to_doc(one)["format"] == "sqmy-dataset/1"
    from attrs import evolve

    assert evolve(other, version="1") == one


@pytest.mark.parametrize(
    ("key", "where"),
    [
        ("attributes", "units[0]"),
        ("attributes", "people[0]"),
        ("until", "people[0]"),
        ("attributes", "calls[0]"),
        ("body", "pieces[0]"),
        ("attributes", "pieces[0]"),
        ("attributes", "events[0]"),
    ],
)
def test_a_10_document_may_not_use_the_additions(key: str, where: str) -> None:
    doc = example()
    name, index = where[:-3], int(where[-2])
    doc[name][index][key] = {} if key == "attributes" else "2024-05-01T00:00:00+08:00"
    problems = refused(doc)
    assert problems == [(where, "unknown_key")]


def test_10_refuses_the_new_lists_types_and_declared_words() -> None:
    doc = example()
    doc["adjustments"] = []
    doc["events"][0]["type"] = "penalized"
    doc["events"][2]["body"] = "own-bulletin"
    doc["units"][0]["kind"] = "town"
    assert refused(doc) == [
        ("", "unknown_key"),
        ("units[0].kind", "unknown_value"),
        ("events[0].type", "unknown_value"),
        ("events[2].body", "unknown_value"),
    ]


def test_11_with_the_contract_alone_refuses_declared_words() -> None:
    doc = full()
    problems = dict(refused(doc, Declarations()))
    assert problems["units[1].kind"] == "unknown_value"
    assert problems["people[0].roles[1]"] == "unknown_value"
    assert problems["events[2].body"] == "unknown_value"
    assert problems["events[3].rank"] == "unknown_value"
    assert problems["units[0].attributes.district"] == "no_attributes"
    assert problems["events[5].kind"] == "not_declared"
    assert problems["adjustments[0].section"] == "not_declared"
    assert problems["activities[0].kind"] == "not_declared"


def _set(doc: Doc, path: str, value: Any) -> None:
    parts = path.replace("]", "").replace("[", ".").split(".")
    target: Any = doc
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last: Any = int(parts[-1]) if parts[-1].isdigit() else parts[-1]
    if value is _DEL:
        del target[last]
    else:
        target[last] = value


_DEL = object()

REFUSED: list[tuple[str, Any, str, str]] = [
    # path to set, value, problem path, code
    ("events[2].attributes.degree", "half", "events[2].attributes.degree", "unknown_value"),
    ("events[2].attributes.degree", 1, "events[2].attributes.degree", "wrong_type"),
    ("events[2].attributes.extra", 1, "events[2].attributes.extra", "unknown_attribute"),
    (
        "events[0].attributes",
        {"degree": "full"},
        "events[0].attributes.degree",
        "unknown_attribute",
    ),
    ("events[2].attributes", [], "events[2].attributes", "wrong_type"),
    ("events[2].attributes.urgent", "yes", "events[2].attributes.urgent", "wrong_type"),
    ("pieces[0].attributes.words", "2500", "pieces[0].attributes.words", "wrong_type"),
    ("pieces[0].attributes.words", True, "pieces[0].attributes.words", "wrong_type"),
    ("pieces[0].attributes.words", 1e300, "pieces[0].attributes.words", "bad_number"),
    ("units[0].attributes.district", 5, "units[0].attributes.district", "wrong_type"),
    ("activities[0].attributes", _DEL, "activities[0].attributes.hours", "missing"),
    ("pieces[0].body", 5, "pieces[0].body", "wrong_type"),
    ("pieces[0].body", "x" * 100_001, "pieces[0].body", "too_long"),
    ("people[0].until", "2022-01-01T00:00:00+08:00", "people[0].until", "until_not_after_since"),
    ("people[0].until", "2023-01-01T00:00:00+08:00", "people[0].until", "until_not_after_since"),
    ("people[0].until", "2025-01-01T00:00:00", "people[0].until", "time_without_offset"),
    ("people[0].roles", ["boss"], "people[0].roles[0]", "unknown_value"),
    ("units[1].kind", "village", "units[1].kind", "unknown_value"),
    ("events[2].body", "own-other", "events[2].body", "unknown_value"),
    ("events[3].rank", "chief", "events[3].rank", "unknown_value"),
    ("events[3].level", _DEL, "events[3].level", "missing_for_type"),
    ("events[5].kind", "theft", "events[5].kind", "unknown_value"),
    ("events[5].kind", _DEL, "events[5].kind", "missing_for_type"),
    ("events[5].persons", [], "events[5].persons", "empty"),
    ("events[5].persons", ["p404"], "events[5].persons[0]", "unknown_ref"),
    ("events[5].persons", ["p002", "p002"], "events[5].persons[1]", "duplicate_item"),
    ("events[5].persons", "p002", "events[5].persons", "wrong_type"),
    ("events[5].body", "cppcc-city", "events[5].body", "field_not_allowed"),
    ("events[0].persons", ["p001"], "events[0].persons", "field_not_allowed"),
    ("events[0].kind", "plagiarism", "events[0].kind", "field_not_allowed"),
    ("adjustments[0].person", _DEL, "adjustments[0]", "person_or_unit"),
    ("adjustments[0].unit", "sec-econ", "adjustments[0].unit", "person_and_unit"),
    ("adjustments[0].person", "p404", "adjustments[0].person", "unknown_ref"),
    ("adjustments[1].unit", "sec-law", "adjustments[1].unit", "unknown_ref"),
    ("adjustments[0].points", "1e999", "adjustments[0].points", "bad_number"),
    ("adjustments[0].points", "NaN", "adjustments[0].points", "bad_number"),
    ("adjustments[0].points", "inf", "adjustments[0].points", "bad_number"),
    ("adjustments[0].points", "+2", "adjustments[0].points", "bad_number"),
    ("adjustments[0].points", " 2", "adjustments[0].points", "bad_number"),
    ("adjustments[0].points", "2.", "adjustments[0].points", "bad_number"),
    ("adjustments[0].points", float("inf"), "adjustments[0].points", "bad_number"),
    ("adjustments[0].points", float("nan"), "adjustments[0].points", "bad_number"),
    ("adjustments[0].points", True, "adjustments[0].points", "wrong_type"),
    ("adjustments[0].points", None, "adjustments[0].points", "wrong_type"),
    ("adjustments[0].points", _DEL, "adjustments[0].points", "missing"),
    ("adjustments[0].points", 10**10, "adjustments[0].points", "bad_number"),
    ("adjustments[0].at", _DEL, "adjustments[0].at", "missing"),
    ("adjustments[0].at", "0001-01-01T00:00:00+08:00", "adjustments[0].at", "dataset_time_out_of_range"),
    ("adjustments[0].reason", "", "adjustments[0].reason", "empty"),
    ("adjustments[0].approved_by", "p404", "adjustments[0].approved_by", "unknown_ref"),
    ("adjustments[0].approved_by", _DEL, "adjustments[0].approved_by", "missing"),
    ("adjustments[0].section", "extras", "adjustments[0].section", "unknown_value"),
    ("adjustments[0].clause", 5, "adjustments[0].clause", "wrong_type"),
    ("adjustments[0].extra", 5, "adjustments[0]", "unknown_key"),
    ("adjustments[1].id", "adj-1", "adjustments[1].id", "duplicate_id"),
    ("adjustments", {}, "adjustments", "wrong_type"),
    ("activities[0].kind", "party", "activities[0].kind", "unknown_value"),
    ("activities[0].person", "p404", "activities[0].person", "unknown_ref"),
    ("activities[0].at", "2024-05-01", "activities[0].at", "bad_time"),
    ("activities[0].note", 1, "activities[0].note", "wrong_type"),
    ("activities[0].id", " act", "activities[0].id", "edge_space"),
    ("activities[0].attributes.hours", "1.5", "activities[0].attributes.hours", "wrong_type"),
]


@pytest.mark.parametrize(("path", "value", "where", "code"), REFUSED)
def test_refused_with_its_path(path: str, value: Any, where: str, code: str) -> None:
    doc = full()
    _set(doc, path, value)
    assert refused(doc) == [(where, code)]


def test_message_of_the_contract() -> None:
    doc = full()
    doc["events"][2]["attributes"]["degree"] = "half"
    with pytest.raises(DatasetError) as info:
        parse_dataset(doc, declarations=DECL)
    assert info.value.render("en") == (
        "events[2].attributes.degree: unknown value 'half' (expected one of: full, majority, view)"
    )
    assert info.value.render("zh") == (
        "events[2].attributes.degree: 未知的取值 'half'（应为以下之一：full, majority, view）"
    )


def test_penalized_persons_must_be_authors() -> None:
    doc = full()
    doc["people"].append({"id": "p003", "name": "王五", "roles": ["member"]})
    doc["events"][5]["persons"] = ["p003"]
    assert refused(doc) == [("events[5].persons[0]", "not_an_author")]


def test_penalized_before_submission() -> None:
    doc = full()
    doc["events"][5]["at"] = "2024-01-01T00:00:00+08:00"
    assert refused(doc) == [("events[5].at", "before_submission")]


def test_penalized_without_persons_means_all_authors() -> None:
    doc = full()
    del doc["events"][5]["persons"]
    assert parse_dataset(doc, declarations=DECL).events[5].persons is None


def test_sections_without_declared_sections() -> None:
    doc = full()
    d = Declarations(
        attributes=DECL.attributes,
        bodies=DECL.bodies,
        ranks=DECL.ranks,
        roles=DECL.roles,
        unit_kinds=DECL.unit_kinds,
        penalty_kinds=DECL.penalty_kinds,
        activity_kinds=DECL.activity_kinds,
    )
    assert refused(doc, d) == [("adjustments[0].section", "not_declared")]
    del doc["adjustments"][0]["section"]
    parse_dataset(doc, declarations=d)


def test_extra_roles_count_in_both_versions() -> None:
    for doc in (example(), v11()):
        doc["people"][0]["roles"] = ["reviewer_initial"]
        ds = parse_dataset(doc, extra_roles=["reviewer_initial"])
        assert ds.people[0].roles == ("reviewer_initial",)


# --------------------------------------------------------------------------
# Generated
# --------------------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_round_trip_generated(data: st.DataObject) -> None:
    d = data.draw(declarations())
    version = data.draw(st.sampled_from(["1", "1.1"]))
    ds = data.draw(datasets(d, version))
    doc = dataset_to_doc(ds)
    assert doc["format"] == ("sqmy-dataset/1.1" if version == "1.1" else "sqmy-dataset/1")
    assert parse_dataset(doc, declarations=d) == ds


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_documents_parse_or_are_refused(data: st.DataObject) -> None:
    d = data.draw(declarations())
    doc = data.draw(dataset_docs(d, data.draw(st.sampled_from(["1", "1.1"]))))
    doc = data.draw(mutated_docs(doc))
    try:
        ds = parse_dataset(copy.deepcopy(doc), declarations=d)
    except DatasetError as err:
        assert err.problems
        for p in err.problems:
            p.render("zh").encode("utf-8")
            p.render("en").encode("utf-8")
    else:
        assert isinstance(ds, Dataset)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(version="1"))
def test_every_10_document_is_a_11_document(ds: Dataset) -> None:
    from attrs import evolve

    doc = dataset_to_doc(ds)
    assert parse_dataset(doc) == ds
    doc["format"] = DATASET_FORMAT_11
    assert parse_dataset(doc) == evolve(ds, version="1.1")


def test_required_attributes_of_events_are_checked_on_every_event() -> None:
    from attrs import evolve

    d = evolve(
        DECL,
        attributes={
            **DECL.attributes,
            "degree": AttributeSpec(
                "degree", "choice", ("adopted",), ("full", "view"), required=True
            ),
        },
    )
    doc = full()
    del doc["events"][2]["attributes"]
    assert refused(doc, d) == [("events[2].attributes.degree", "missing")]
    doc["events"][2]["attributes"] = {"degree": "view"}
    assert parse_dataset(doc, declarations=d).events[2].attributes == {"degree": "view"}
