"""The fast reader gives exactly the reference reader's frames, and refuses exactly what it refuses."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("polars")
pytest.importorskip("msgspec")

from sqmy_core.errors import DatasetError
from sqmy_core.interchange.fast_reader import fast_frames, read_frames, reference_frames
from sqmy_core.rules.declared import declarations_of
from sqmy_core.testing.frames import frames_differences
from sqmy_core.tools.synth import generate
from sqmy_core.workspace.files import load_ruleset

ROOT = Path(__file__).resolve().parents[2]
DISTRICT = load_ruleset(ROOT / "rulesets" / "district.toml")
KW: dict[str, Any] = {
    "extra_roles": DISTRICT.reviewer_roles,
    "declarations": declarations_of(DISTRICT),
}


def district_doc(pieces: int = 40, seed: int = 3) -> dict[str, Any]:
    return generate("district", seed=seed, year=2024, pieces=pieces)


def dumps(doc: object, **kw: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, **kw).encode()


def outcome(read: Any, data: bytes, **kw: Any) -> Any:
    try:
        return read(data, source="x.json", **kw)
    except DatasetError as e:
        return ("refused", str(e))


def assert_same(data: bytes, **kw: Any) -> Any:
    """Fast and reference agree: equal frames, or the same refusal (returned)."""
    fast = outcome(read_frames, data, **kw)
    ref = outcome(reference_frames, data, **kw)
    if isinstance(ref, tuple):
        assert fast == ref
    else:
        assert not isinstance(fast, tuple), fast
        assert frames_differences(fast, ref) == []
    return ref


def assert_fast(data: bytes, **kw: Any) -> None:
    """The fast path itself accepts (no fallback) and agrees with the reference."""
    got = fast_frames(data, **kw)
    assert got is not None
    assert frames_differences(got, reference_frames(data, **kw)) == []


def assert_refused(data: bytes, code: str, **kw: Any) -> None:
    """The fast path does not vouch for it, and both readers refuse it the same way."""
    assert fast_frames(data, **kw) is None
    ref = assert_same(data, **kw)
    assert isinstance(ref, tuple)
    with pytest.raises(DatasetError) as e:
        reference_frames(data, **kw)
    assert code in [p.code for p in e.value.problems]


# -- valid documents take the fast path -------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_synthetic_district_documents_take_the_fast_path(seed: int) -> None:
    assert_fast(dumps(district_doc(60, seed)), **KW)


def test_pretty_printed_ascii_escaped_and_bom_documents() -> None:
    doc = district_doc()
    assert_fast(json.dumps(doc, indent=2).encode(), **KW)  # \uXXXX escapes for Chinese
    assert_fast(b"\xef\xbb\xbf" + dumps(doc, separators=(" , ", " : ")), **KW)


def test_empty_and_null_lists() -> None:
    assert_fast(b'{"format": "sqmy-dataset/1"}')
    assert_fast(b'{"format": "sqmy-dataset/1", "units": null, "events": []}')


def test_colons_inside_strings_are_not_keys() -> None:
    doc = district_doc()
    doc["units"][0]["name"] = "a:b::c"
    doc["pieces"][0]["title"] = "标题: 副标题"
    doc["pieces"][0]["topic"] = ":"
    doc["events"][0]["note"] = '":"{"x": 1}'
    assert_fast(dumps(doc), **KW)
    old, new = doc["people"][0]["id"], "p:0001"
    text = dumps(doc).replace(f'"{old}"'.encode(), f'"{new}"'.encode())
    assert_fast(text, **KW)


def test_a_11_document_without_attributes() -> None:
    doc = district_doc()
    doc["format"] = "sqmy-dataset/1.1"
    doc["people"][0]["until"] = "2030-01-01T00:00:00Z"
    doc["pieces"][0]["body"] = "正文"
    doc["pieces"][1]["attributes"] = {}
    doc["events"][0]["attributes"] = None
    doc["adjustments"] = []
    assert_fast(dumps(doc), **KW)


def test_times_in_other_offsets_and_end_of_day() -> None:
    doc = district_doc()
    doc["pieces"][0]["submitted_at"] = "2023-01-01T00:00:00-05:30"
    doc["people"][0]["since"] = "2020-02-29T24:00:00Z"
    assert_fast(dumps(doc), **KW)


# -- the reference decides what the fast path does not handle ---------------------------


@pytest.mark.parametrize("name", ["county_office", "duty"])
def test_example_documents(name: str) -> None:
    rs = load_ruleset(ROOT / "rulesets" / f"{name}.toml")
    data = (ROOT / "rulesets" / "examples" / f"{name}-2024.json").read_bytes()
    kw = {"extra_roles": rs.reviewer_roles, "declarations": declarations_of(rs)}
    ref = assert_same(data, **kw)
    assert not isinstance(ref, tuple)


def test_fractional_seconds_fall_back_and_agree() -> None:
    doc = district_doc()
    doc["events"][0]["at"] = doc["events"][0]["at"].replace(":00+", ":00.5+")
    data = dumps(doc)
    assert fast_frames(data, **KW) is None
    assert not isinstance(assert_same(data, **KW), tuple)


# -- duplicate keys ---------------------------------------------------------------------


def _duplicated(text: str, fragment: str, again: str | None = None) -> bytes:
    """``text`` with the first ``fragment`` (``"key": value``) written twice (first ``again``)."""
    assert fragment in text, fragment
    return text.replace(fragment, f"{again or fragment}, {fragment}", 1).encode()


@pytest.fixture
def text() -> str:
    doc = district_doc()
    doc["events"][0]["note"] = "备注"
    return json.dumps(doc, ensure_ascii=False)


@pytest.mark.parametrize(
    ("fragment", "again"),
    [
        ('"format": "sqmy-dataset/1"', None),  # top level
        ('"units": [', '"units": null'),  # a list key
        ('"id": "cppcc"', None),  # a unit
        ('"kind": "cppcc"', '"kind": "office"'),
        ('"parent": null', '"parent": "cppcc"'),
        ('"roles": [', '"roles": ["member"]'),  # a person
        ('"authors": [', '"authors": ["p0001"]'),  # a piece
        ('"note": "备注"', None),  # an event
        ('"note": "备注"', '"note": null'),
        ('"note": "备注"', '"note": "a:b"'),
    ],
)
def test_duplicate_keys_at_every_level_are_refused(text: str, fragment: str, again: str) -> None:
    assert_refused(_duplicated(text, fragment, again), "duplicate_key", **KW)


def test_duplicate_keys_in_attributes_are_refused() -> None:
    doc = district_doc()
    doc["format"] = "sqmy-dataset/1.1"
    text = json.dumps(doc, ensure_ascii=False)
    data = text.replace('"id": "cppcc"', '"id": "cppcc", "attributes": {"a": 1, "a": 2}', 1)
    assert_refused(data.encode(), "duplicate_key", **KW)
    data = text.replace('"id": "cppcc"', '"id": "cppcc", "attributes": {}, "attributes": {}', 1)
    assert_refused(data.encode(), "duplicate_key", **KW)


def test_whitespace_around_colons_does_not_hide_a_duplicate(text: str) -> None:
    data = text.replace('"id": "cppcc"', '"id" :\n "cppcc" , "id"\t:"cppcc"', 1).encode()
    assert_refused(data, "duplicate_key", **KW)


def test_an_escaped_colon_cannot_cancel_a_duplicate(text: str) -> None:
    # one colon hidden in a string, one key repeated: the counts would match
    hidden = text.replace('"name": "XX区政协"', '"name": "XX\\u003a区政协"', 1)
    assert_refused(_duplicated(hidden, '"id": "cppcc"'), "duplicate_key", **KW)
    upper = text.replace('"name": "XX区政协"', '"name": "XX\\u003A区政协"', 1)
    assert_refused(_duplicated(upper, '"id": "cppcc"'), "duplicate_key", **KW)
    # without a duplicate the escaped colon is just a colon
    assert not isinstance(assert_same(hidden.encode(), **KW), tuple)


def test_an_escaped_quote_cannot_fake_a_key(text: str) -> None:
    data = text.replace('"name": "XX区政协"', '"name": "XX\\": \\"区政协"', 1).encode()
    assert_fast(data, **KW)
    assert_refused(_duplicated(data.decode(), '"id": "cppcc"'), "duplicate_key", **KW)


# -- other refusals ---------------------------------------------------------------------


def _mutated(change: Any) -> bytes:
    doc = district_doc()
    change(doc)
    return dumps(doc)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda d: d["events"][0].pop("at"), "missing"),
        (lambda d: d["pieces"][0].pop("authors"), "missing"),
        (lambda d: d["events"][0].update(at="2023-01-09T11:40:00"), "time_without_offset"),
        (lambda d: d["events"][0].update(at="2023-02-30T11:40:00+08:00"), "bad_time"),
        (lambda d: d["events"][0].update(at="1899-12-31T11:40:00+08:00"), "dataset_time_out_of_range"),
        (lambda d: d["events"][0].update(at="2022-01-01T00:00:00+08:00"), "before_submission"),
        (lambda d: d["events"][0].update(piece="nope"), "unknown_ref"),
        (lambda d: d["events"][0].update(actor="nope"), "unknown_ref"),
        (lambda d: d["events"][0].update(type="eaten"), "unknown_value"),
        (lambda d: d["events"][0].update(route="transfer"), "field_not_allowed"),
        (lambda d: d["events"][1].pop("route"), "missing_for_type"),
        (lambda d: d["events"][0].update(extra=1), "unknown_key"),
        (lambda d: d["events"][0].update(kind="x"), "unknown_key"),  # a 1.1 key in 1.0
        (lambda d: d.update(adjustments=[]), "unknown_key"),
        (lambda d: d.update(activities=None), "unknown_key"),
        (lambda d: d["units"][0].update(kind="planet"), "unknown_value"),
        (lambda d: d["units"][0].update(parent="office"), "parent_cycle"),
        (lambda d: d["units"][1].update(id="cppcc"), "duplicate_id"),
        (lambda d: d["units"][1].update(id=" office"), "edge_space"),
        (lambda d: d["units"][1].update(id="off\x00ice"), "control_char"),
        (lambda d: d["units"][1].update(id="o" * 129), "too_long"),
        (lambda d: d["units"][1].update(name=""), "empty"),
        (lambda d: d["units"][1].update(name="n" * 501), "too_long"),
        (lambda d: d["events"][0].update(note="n" * 100_001), "too_long"),
        (lambda d: d["units"][1].update(name=1), "wrong_type"),
        (lambda d: d["people"][0].update(roles=["member", "member"]), "duplicate_item"),
        (lambda d: d["people"][0].update(roles=None), "wrong_type"),
        (lambda d: d["pieces"][0].update(authors=[]), "empty"),
        (lambda d: d["pieces"][0].update(call="nope"), "unknown_ref"),
        (lambda d: d.update(format="sqmy-dataset/2"), "bad_format"),
        (lambda d: d.update(events={}), "wrong_type"),
    ],
)
def test_refusals_agree(change: Any, code: str) -> None:
    assert_refused(_mutated(change), code, **KW)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b'{"format": "sqmy-dataset/1", "units": [}', "bad_json"),
        (b'{"format": "sqmy-dataset/1", "units": NaN}', "bad_json"),
        (b'\xff{"format": "sqmy-dataset/1"}', "bad_utf8"),
        (b'{"format": "sqmy-dataset/1", "units": [{"id": "\\ud800"}]}', "lone_surrogate"),
        (b'{"format": "sqmy-dataset/1", "units": [[[[[]]]]]}', "wrong_type"),
        (b'{"format": "sqmy-dataset/1", "units": ' + b"[" * 100_000, "too_deep"),
        (b"[]", "wrong_type"),
    ],
)
def test_bad_json_is_refused_like_the_reference(data: bytes, code: str) -> None:
    assert_refused(data, code)


def test_a_valid_emoji_surrogate_pair_falls_back_and_agrees() -> None:
    doc = district_doc()
    doc["pieces"][0]["title"] = "😀"
    data = json.dumps(doc).encode()  # ensure_ascii: a \ud83d\ude00 pair
    assert fast_frames(data, **KW) is None
    assert not isinstance(assert_same(data, **KW), tuple)


def test_importing_the_reader_imports_neither_polars_nor_msgspec() -> None:
    code = (
        "import sys, sqmy_core.interchange.fast_reader\n"
        "print(sorted({'polars', 'msgspec'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_input_is_not_changed() -> None:
    doc = district_doc()
    before = copy.deepcopy(doc)
    data = dumps(doc)
    read_frames(data, **KW)
    assert json.loads(data) == before


# -- what the columnar path reads, and chunk boundaries -----------------------------------


def test_columns_keep_only_what_the_caller_reads() -> None:
    from attrs import evolve

    from sqmy_core.scoring.columnar.stream import frame_columns

    data = dumps(district_doc(60, 5))
    columns = frame_columns(DISTRICT)
    got = read_frames(data, columns=columns, **KW)
    ref = reference_frames(data, **KW)
    narrowed = evolve(ref, **{
        name: getattr(ref, name).select(c for c in getattr(ref, name).columns
                                        if c in columns[name])
        for name in ("events", "pieces")
    })  # fmt: skip
    assert set(got.events.columns) == set(columns["events"])
    assert frames_differences(got, narrowed) == []
    assert frames_differences(read_frames(data, **KW), ref) == []  # no columns: all of them


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of seven records, so that a small document crosses many chunk boundaries."""
    from sqmy_core.interchange import fast_reader

    monkeypatch.setattr(fast_reader, "CHUNK", 7)


@pytest.mark.usefixtures("small_chunks")
def test_documents_read_in_many_chunks_agree() -> None:
    assert_fast(dumps(district_doc(60, 6)), **KW)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("where", ["missing_piece", "before_submission", "repeated_key"])
def test_a_problem_in_a_late_chunk_is_refused(where: str) -> None:
    doc = district_doc(60, 6)
    last = doc["events"][-1]
    if where == "missing_piece":
        last["piece"] = "no-such-piece"
    elif where == "before_submission":
        last["at"] = "2000-01-01T00:00:00+08:00"
    else:
        text = dumps(doc).decode()
        head, tail = text.rsplit('"type": ', 1)
        data = (head + '"type": "x", "type": ' + tail).encode()
        assert fast_frames(data, **KW) is None
        assert isinstance(assert_same(data, **KW), tuple)
        return
    data = dumps(doc)
    assert fast_frames(data, **KW) is None
    assert isinstance(assert_same(data, **KW), tuple)  # the same refusal as the reference
