"""The contract's limits (all versions): ids, strings, times, nesting, JSON oddities.

Each violation is a DatasetError naming the record and key, never another
exception, here or later (no OverflowError, UnicodeEncodeError or RecursionError).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sqmy_core.errors import DatasetError
from sqmy_core.interchange import decode_dataset_bytes, parse_dataset
from sqmy_core.interchange.times import out_of_range, parse_time_in_range
from tests.unit.test_dataset_parse import example

Doc = dict[str, Any]


def problems_of(doc: Doc) -> list[tuple[str, str]]:
    with pytest.raises(DatasetError) as info:
        parse_dataset(doc)
    for p in info.value.problems:
        p.render("zh").encode("utf-8")
        p.render("en").encode("utf-8")
    return [(p.path, p.code) for p in info.value.problems]


def decode_problems(data: bytes) -> list[tuple[str, str]]:
    with pytest.raises(DatasetError) as info:
        parse_dataset(decode_dataset_bytes(data, source="d.json"))
    for p in info.value.problems:
        p.render("zh").encode("utf-8")
        p.render("en").encode("utf-8")
    return [(p.path, p.code) for p in info.value.problems]


def with_(path: str, value: Any, doc: Doc | None = None) -> Doc:
    doc = doc or example()
    parts = path.replace("]", "").replace("[", ".").split(".")
    target: Any = doc
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(parts[-1]) if parts[-1].isdigit() else parts[-1]] = value
    return doc


# -- ids ----------------------------------------------------------------------


def test_an_id_of_128_characters_is_kept() -> None:
    long_id = "单" * 128
    doc = with_("units[0].id", long_id)
    doc["people"][0]["units"] = [long_id]
    doc["people"][1]["units"] = [long_id]
    doc["pieces"][0]["unit"] = long_id
    assert parse_dataset(doc).units[0].id == long_id


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("x" * 129, "too_long"),
        ("p\x00", "control_char"),
        ("p\x1f1", "control_char"),
        ("p\x7f", "control_char"),
        ("a\tb", "control_char"),
        (" p", "edge_space"),
        ("p ", "edge_space"),
        ("p\u3000", "edge_space"),
        ("p\ud800", "lone_surrogate"),
        ("", "empty"),
    ],
)
@pytest.mark.parametrize("where", ["units[0].id", "people[0].id", "calls[0].id", "pieces[0].id"])
def test_bad_ids(where: str, value: str, code: str) -> None:
    assert (where, code) in problems_of(with_(where, value))


def test_control_char_message() -> None:
    with pytest.raises(DatasetError) as info:
        parse_dataset(with_("people[0].id", "p\x00"))
    assert info.value.problems[0].render("en") == (
        "people[0].id: contains the control character U+0000"
        " (not allowed in ids: U+0000–U+001F, U+007F)"
    )


def test_stage_is_an_id() -> None:
    assert problems_of(with_("events[0].stage", " s1")) == [("events[0].stage", "edge_space")]
    assert problems_of(with_("events[0].stage", "s" * 129)) == [("events[0].stage", "too_long")]


# -- strings ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "limit"),
    [
        ("units[0].name", 500),
        ("people[0].name", 500),
        ("calls[0].title", 500),
        ("pieces[0].title", 500),
        ("pieces[0].topic", 500),
        ("events[1].to", 500),
        ("events[4].department", 500),
        ("events[0].note", 100_000),
    ],
)
def test_string_lengths(where: str, limit: int) -> None:
    parse_dataset(with_(where, "字" * limit))
    assert problems_of(with_(where, "字" * (limit + 1))) == [(where, "too_long")]


@pytest.mark.parametrize(
    "where",
    ["units[0].name", "pieces[0].title", "pieces[0].topic", "events[0].note", "events[1].to"],
)
def test_lone_surrogates_given_as_python_strings(where: str) -> None:
    assert problems_of(with_(where, "张\udc00")) == [(where, "lone_surrogate")]


def test_lone_surrogates_in_json_are_refused_with_their_path() -> None:
    text = json.dumps(example(), ensure_ascii=False).replace('"张三"', '"\\ud800"')
    assert decode_problems(text.encode()) == [("people[0].name", "lone_surrogate")]


def test_lone_surrogate_in_a_key() -> None:
    data = b'{"format": "sqmy-dataset/1", "units": [{"\\udfff": 1}]}'
    assert decode_problems(data) == [("units[0]", "lone_surrogate_key")]


def test_a_surrogate_pair_is_one_character_and_fine() -> None:
    text = json.dumps(example(), ensure_ascii=False).replace('"张三"', '"\\ud83d\\ude00"')
    ds = parse_dataset(decode_dataset_bytes(text.encode()))
    assert ds.people[0].name == "\U0001f600"


# -- times --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01T00:00:00+08:00",
        "9999-12-31T23:59:59+08:00",
        "9999-12-31T24:00:00Z",
        "1899-12-31T23:59:59+00:00",
        "2200-01-01T00:00:00+08:00",
        "2199-12-31T24:00:00+08:00",
    ],
)
@pytest.mark.parametrize("where", ["pieces[0].submitted_at", "calls[0].due", "events[4].at"])
def test_times_out_of_range(where: str, text: str) -> None:
    assert problems_of(with_(where, text)) == [(where, "dataset_time_out_of_range")]
    assert out_of_range(text)
    assert parse_time_in_range(text) is None


@pytest.mark.parametrize("text", ["1900-01-01T00:00:00+14:00", "2199-12-31T23:59:59-12:00"])
def test_times_at_the_edges_are_kept(text: str) -> None:
    doc = with_("people[0].since", text)
    parse_dataset(doc)


def test_a_bad_date_is_not_out_of_range() -> None:
    assert problems_of(with_("calls[0].due", "2024-02-30T00:00:00+08:00")) == [
        ("calls[0].due", "bad_time")
    ]


# -- nesting and JSON ---------------------------------------------------------


def test_json_nested_a_thousand_deep() -> None:
    assert decode_problems(b"[" * 1000 + b"]" * 1000) == [("[0][0][0][0]", "too_deep")]
    assert decode_problems(b"[" * 100_000) == [("[0][0][0][0]", "too_deep")]


def test_nested_500_deep_under_units() -> None:
    data = b'{"format": "sqmy-dataset/1", "units": ' + b"[" * 500 + b"]" * 500 + b"}"
    assert decode_problems(data) == [("units[0]", "wrong_type")]
    data = b'{"format": "sqmy-dataset/1", "units": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    assert decode_problems(data) == [("units[0][0][0]", "too_deep")]


def test_too_deep_path_names_keys() -> None:
    data = b'{"format": "x", "units": [{"id": "u", "name": ' + b"[" * 20_000 + b"}"
    assert decode_problems(data) == [("units[0].name[0]", "too_deep")]


def test_deep_value_where_a_string_is_expected() -> None:
    doc = with_("units[0].name", json.loads("[" * 300 + "]" * 300))
    assert problems_of(doc) == [("units[0].name", "wrong_type")]


def test_duplicate_key_then_a_syntax_error() -> None:
    assert decode_problems(b'{"a": 1, "a": 2, ') == [("1:18", "bad_json")]
    assert decode_problems(b'{"a": {"b": 1, "b": 2}, "c": [1, ') == [("1:34", "bad_json")]


def test_duplicate_key_then_nan() -> None:
    assert decode_problems(b'{"a": 1, "a": NaN}') == [("", "bad_json")]


@pytest.mark.parametrize("number", [b"1" * 5000, b"1e999", b"-1e999", b"1" * 5000 + b".5"])
def test_huge_numbers_do_not_traceback(number: bytes) -> None:
    data = json.dumps(example()).encode()
    data = data.replace(b'"topic": "\\u57ce\\u4e61\\u5efa\\u8bbe"', b'"topic": ' + number)
    assert decode_problems(data) == [("pieces[0].topic", "wrong_type")]


# -- any bytes ----------------------------------------------------------------

_SEED = json.dumps(example(), ensure_ascii=False).encode()
_PIECES = [
    b"[",
    b"]",
    b"{",
    b"}",
    b'"',
    b"\\",
    b",",
    b":",
    b"\\ud800",
    b"NaN",
    b"1e999",
    b"\x00",
    b"\xff",
    b'"a": 1, "a": 2',
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(_SEED)), st.integers(0, 3), st.sampled_from(_PIECES)),
        max_size=4,
    )
)
def test_any_bytes_give_a_dataset_or_a_dataset_error(edits: list[tuple[int, int, bytes]]) -> None:
    data = _SEED
    for at, cut, piece in edits:
        data = data[:at] + piece + data[at + cut :]
    try:
        parse_dataset(decode_dataset_bytes(data))
    except DatasetError as err:
        for p in err.problems:
            p.render("zh").encode("utf-8")
            p.render("en").encode("utf-8")


def test_json_reasons_are_translated() -> None:
    with pytest.raises(DatasetError) as info:
        decode_dataset_bytes(b'{"a": 1,}', source="d.json")
    assert info.value.render("zh") == "d.json: 1:9: 不是合法的 JSON：此处应为带双引号的键名"
    assert (
        info.value.render("en") == "d.json: 1:9: not valid JSON: expecting a key in double quotes"
    )
    with pytest.raises(DatasetError) as info:
        decode_dataset_bytes(b'{"a": NaN}', source="d.json")
    assert info.value.render("zh") == "d.json: 不是合法的 JSON：NaN、Infinity 不是 JSON 数值"
