"""sqmy-dataset/1: every class of bad input is refused whole, with path and message."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sqmy_core.errors import DatasetError, Problem
from sqmy_core.interchange import MAX_PROBLEMS, decode_dataset_bytes, parse_dataset
from sqmy_core.model import Dataset
from tests.unit.test_dataset_parse import CONTRACT_EXAMPLE, example

Doc = dict[str, Any]


def refused(doc: object, **kwargs: Any) -> DatasetError:
    with pytest.raises(DatasetError) as info:
        parse_dataset(doc, **kwargs)
    return info.value


def only(doc: object, **kwargs: Any) -> Problem:
    problems = refused(doc, **kwargs).problems
    assert len(problems) == 1, [p.render("en") for p in problems]
    return problems[0]


def ev(doc: Doc, i: int) -> dict[str, Any]:
    e: dict[str, Any] = doc["events"][i]
    return e


def set_(path: str, value: Any) -> Callable[[Doc], None]:
    """A mutation setting ``a.b[1].c`` (``value`` _DEL deletes the key)."""

    def mutate(doc: Doc) -> None:
        target: Any = doc
        parts = path.replace("]", "").replace("[", ".").split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last = parts[-1]
        if value is _DEL:
            del target[last]
        elif last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


_DEL = object()


def add(name: str, record: Any) -> Callable[[Doc], None]:
    """A mutation appending a record nothing refers to."""

    def mutate(doc: Doc) -> None:
        doc[name].append(record)

    return mutate


def wang(**fields: Any) -> dict[str, Any]:
    """A person nobody refers to, changed by ``fields`` (_DEL deletes)."""
    rec: dict[str, Any] = {"id": "p003", "name": "王五", "roles": ["member"]}
    for k, v in fields.items():
        if v is _DEL:
            del rec[k]
        else:
            rec[k] = v
    return rec


# (mutation, path, code, zh text, en text): the problem must be the only one.
CASES: list[tuple[str, Callable[[Doc], None], str, str, str, str]] = [
    # format and top level
    ("format missing", set_("format", _DEL), "format", "missing", "缺少必填项", "missing"),
    (
        "format other version",
        set_("format", "sqmy-dataset/2"),
        "format",
        "bad_format",
        "格式标识应为 'sqmy-dataset/1'，实际为 'sqmy-dataset/2'",
        "format must be 'sqmy-dataset/1', got 'sqmy-dataset/2'",
    ),
    (
        "unknown top-level key",
        set_("unit", []),
        "",
        "unknown_key",
        "未知的键 'unit'（可用的键：format, units, people, calls, pieces, events）",
        "unknown key 'unit' (allowed keys: format, units,",
    ),
    (
        "list not a list",
        set_("events", {}),
        "events",
        "wrong_type",
        "应为列表，实际为 {}",
        "expected a list, got {}",
    ),
    # records: shape
    (
        "record not an object",
        add("people", "p003"),
        "people[2]",
        "wrong_type",
        "应为对象，实际为 'p003'",
        "expected an object, got 'p003'",
    ),
    (
        "unknown key in a record",
        set_("units[0].parnet", None),
        "units[0]",
        "unknown_key",
        "未知的键 'parnet'（可用的键：id, name, kind, parent）",
        "unknown key 'parnet' (allowed keys: id, name, kind, parent)",
    ),
    (
        "unknown key in an event",
        set_("events[2].bodyy", "x"),
        "events[2]",
        "unknown_key",
        "未知的键 'bodyy'（可用的键：piece, type, at, actor, note, body）",
        "unknown key 'bodyy' (allowed keys: piece, type, at, actor, note, body)",
    ),
    # ids
    (
        "id missing",
        add("people", wang(id=_DEL)),
        "people[2].id",
        "missing",
        "缺少必填项",
        "missing",
    ),
    ("id empty", add("people", wang(id="")), "people[2].id", "empty", "不能为空", "must not be"),
    (
        "id a number",
        add("people", wang(id=2)),
        "people[2].id",
        "wrong_type",
        "应为字符串，实际为 2",
        "expected a string, got 2",
    ),
    (
        "duplicate id",
        add("people", wang(id="p001")),
        "people[2].id",
        "duplicate_id",
        "id 'p001' 重复（第一次出现在 people[0]）",
        "duplicate id 'p001' (first at people[0])",
    ),
    # no coercion
    (
        "true is not a string",
        set_("pieces[0].title", True),
        "pieces[0].title",
        "wrong_type",
        "应为字符串，实际为 true",
        "expected a string, got true",
    ),
    (
        "a list is not a string",
        set_("units[0].name", ["经济界"]),
        "units[0].name",
        "wrong_type",
        "应为字符串，实际为 ['经济界']",
        "expected a string, got ['经济界']",
    ),
    (
        "optional free text",
        set_("pieces[0].topic", 5),
        "pieces[0].topic",
        "wrong_type",
        "应为字符串或 null，实际为 5",
        "expected a string or null, got 5",
    ),
    (
        "required string null",
        set_("units[0].name", None),
        "units[0].name",
        "wrong_type",
        "应为字符串，实际为 null",
        "expected a string, got null",
    ),
    ("empty name", set_("people[0].name", ""), "people[0].name", "empty", "不能为空", "must not"),
    # vocabularies
    (
        "unit kind",
        set_("units[0].kind", "town"),
        "units[0].kind",
        "unknown_value",
        "未知的单位类别 'town'（应为以下之一：cppcc, sector, committee,",
        "unknown unit kind 'town' (expected one of: cppcc, sector,",
    ),
    (
        "role",
        set_("people[0].roles[0]", "reviewer_initial"),
        "people[0].roles[0]",
        "unknown_value",
        "未知的角色 'reviewer_initial'（应为以下之一：member, standing_member,",
        "unknown role 'reviewer_initial' (expected one of: member,",
    ),
    (
        "call kind",
        set_("calls[0].kind", "Commission"),
        "calls[0].kind",
        "unknown_value",
        "未知的约稿类别 'Commission'",
        "unknown call kind 'Commission' (expected one of: commission, call, key_topic)",
    ),
    (
        "event type",
        set_("events[0].type", "submitted"),
        "events[0].type",
        "unknown_value",
        "未知的事件类型 'submitted'（应为以下之一：approved, rejected,",
        "unknown event type 'submitted' (expected one of: approved,",
    ),
    (
        "body",
        set_("events[2].body", "cppcc-town"),
        "events[2].body",
        "unknown_value",
        "未知的采用机构 'cppcc-town'（应为以下之一：cppcc-county, cppcc-city,",
        "unknown body 'cppcc-town' (expected one of: cppcc-county, cppcc-city,",
    ),
    (
        "route",
        set_("events[1].route", "email"),
        "events[1].route",
        "unknown_value",
        "未知的报送方式 'email'（应为以下之一：direct, reference, transfer, bulletin）",
        "unknown route 'email' (expected one of: direct, reference, transfer, bulletin)",
    ),
    (
        "level",
        set_("events[3].level", "town"),
        "events[3].level",
        "unknown_value",
        "未知的级别 'town'",
        "unknown level 'town' (expected one of: county, city, province, national)",
    ),
    (
        "rank",
        set_("events[3].rank", 1),
        "events[3].rank",
        "wrong_type",
        "应为字符串，实际为 1",
        "expected a string, got 1",
    ),
    (
        "outcome",
        set_("events[4].outcome", "done"),
        "events[4].outcome",
        "unknown_value",
        "未知的办理结果 'done'",
        "unknown outcome 'done' (expected one of: implemented, under_study, declined)",
    ),
    # references
    (
        "unit parent",
        set_("units[0].parent", "cppcc"),
        "units[0].parent",
        "unknown_ref",
        "引用了不存在的单位 'cppcc'",
        "refers to a unit that does not exist: 'cppcc'",
    ),
    (
        "person units",
        set_("people[1].units", ["sec-econ", "sec-law"]),
        "people[1].units[1]",
        "unknown_ref",
        "引用了不存在的单位 'sec-law'",
        "refers to a unit that does not exist: 'sec-law'",
    ),
    (
        "call assignees",
        set_("calls[0].assignees", ["p009"]),
        "calls[0].assignees[0]",
        "unknown_ref",
        "引用了不存在的人员 'p009'",
        "refers to a person that does not exist: 'p009'",
    ),
    (
        "piece unit",
        set_("pieces[0].unit", "sec-law"),
        "pieces[0].unit",
        "unknown_ref",
        "引用了不存在的单位 'sec-law'",
        "refers to a unit that does not exist",
    ),
    (
        "piece call",
        set_("pieces[0].call", "c1"),
        "pieces[0].call",
        "unknown_ref",
        "引用了不存在的约稿/征集 'c1'",
        "refers to a call that does not exist: 'c1'",
    ),
    (
        "event piece",
        set_("events[4].piece", "2024-018"),
        "events[4].piece",
        "unknown_ref",
        "引用了不存在的稿件 '2024-018'",
        "refers to a piece that does not exist: '2024-018'",
    ),
    (
        "event actor",
        set_("events[0].actor", "p003"),
        "events[0].actor",
        "unknown_ref",
        "引用了不存在的人员 'p003'",
        "refers to a person that does not exist: 'p003'",
    ),
    # lists
    (
        "authors empty",
        set_("pieces[0].authors", []),
        "pieces[0].authors",
        "empty",
        "不能为空",
        "must not be empty",
    ),
    (
        "authors missing",
        set_("pieces[0].authors", _DEL),
        "pieces[0].authors",
        "missing",
        "缺少必填项",
        "missing required key",
    ),
    (
        "duplicate author",
        set_("pieces[0].authors", ["p001", "p002", "p001"]),
        "pieces[0].authors[2]",
        "duplicate_item",
        "'p001' 重复（第一次出现在 pieces[0].authors[0]）",
        "'p001' listed twice (first at pieces[0].authors[0])",
    ),
    (
        "duplicate unit of a person",
        set_("people[0].units", ["sec-econ", "sec-econ"]),
        "people[0].units[1]",
        "duplicate_item",
        "'sec-econ' 重复",
        "'sec-econ' listed twice",
    ),
    (
        "roles not a list",
        set_("people[0].roles", "member"),
        "people[0].roles",
        "wrong_type",
        "应为列表，实际为 'member'",
        "expected a list, got 'member'",
    ),
    # times
    (
        "time without offset",
        set_("pieces[0].submitted_at", "2024-03-01T09:00:00"),
        "pieces[0].submitted_at",
        "time_without_offset",
        "时间 '2024-03-01T09:00:00' 缺少时区（如 +08:00）",
        "time '2024-03-01T09:00:00' has no offset (e.g. +08:00)",
    ),
    (
        "not a time",
        set_("events[0].at", "2024/03/05 10:00"),
        "events[0].at",
        "bad_time",
        "应为带时区的 ISO 8601 时间（如 2024-03-01T09:00:00+08:00），实际为 '2024/03/05 10:00'",
        "expected an ISO 8601 time with an offset (e.g. 2024-03-01T09:00:00+08:00), got '2024/",
    ),
    (
        "impossible date",
        set_("calls[0].due", "2024-04-31T10:00:00+08:00"),
        "calls[0].due",
        "bad_time",
        "实际为 '2024-04-31T10:00:00+08:00'",
        "got '2024-04-31T10:00:00+08:00'",
    ),
    (
        "time a number",
        set_("people[0].since", 1709254800),
        "people[0].since",
        "wrong_type",
        "应为时间，实际为 1709254800",
        "expected a time, got 1709254800",
    ),
    (
        "event before submission",
        set_("events[0].at", "2024-03-01T08:59:59+08:00"),
        "events[0].at",
        "before_submission",
        "事件时间 '2024-03-01T08:59:59+08:00' 早于稿件 '2024-017' 的提交时间 "
        "'2024-03-01T09:00:00+08:00'",
        "event time '2024-03-01T08:59:59+08:00' is before piece '2024-017' was submitted "
        "('2024-03-01T09:00:00+08:00')",
    ),
    (
        "event before submission, other offset",
        set_("events[0].at", "2024-03-01T00:59:00Z"),
        "events[0].at",
        "before_submission",
        "早于稿件",
        "is before piece",
    ),
    # per-type fields
    (
        "dispatched without route",
        set_("events[1].route", _DEL),
        "events[1].route",
        "missing_for_type",
        "'dispatched' 类事件缺少必填项",
        "missing required key for events of type 'dispatched'",
    ),
    (
        "adopted without body",
        set_("events[2].body", _DEL),
        "events[2].body",
        "missing_for_type",
        "'adopted' 类事件缺少必填项",
        "missing required key for events of type 'adopted'",
    ),
    (
        "adopted with body null",
        set_("events[2].body", None),
        "events[2].body",
        "wrong_type",
        "应为字符串，实际为 null",
        "expected a string, got null",
    ),
    (
        "instructed without rank",
        set_("events[3].rank", _DEL),
        "events[3].rank",
        "missing_for_type",
        "'instructed' 类事件缺少必填项",
        "for events of type 'instructed'",
    ),
    (
        "handled without outcome",
        set_("events[4].outcome", _DEL),
        "events[4].outcome",
        "missing_for_type",
        "'handled' 类事件缺少必填项",
        "for events of type 'handled'",
    ),
    (
        "body on an instructed event",
        set_("events[3].body", "cppcc-city"),
        "events[3].body",
        "field_not_allowed",
        "'instructed' 类事件不能有此项（此类事件可用的键：piece, type, at, actor, note, level, "
        "rank）",
        "not allowed on events of type 'instructed' (keys allowed: piece, type, at, actor, note, "
        "level, rank)",
    ),
    (
        "decision on an approved event",
        set_("events[0].decision", "pass"),
        "events[0].decision",
        "field_not_allowed",
        "'approved' 类事件不能有此项",
        "not allowed on events of type 'approved'",
    ),
    (
        "stage on an adopted event",
        set_("events[2].stage", "s1"),
        "events[2].stage",
        "field_not_allowed",
        "'adopted' 类事件不能有此项",
        "not allowed on events of type 'adopted'",
    ),
    (
        "event without type",
        set_("events[0].type", _DEL),
        "events[0].type",
        "missing",
        "缺少必填项",
        "missing required key",
    ),
    (
        "event without at",
        set_("events[0].at", _DEL),
        "events[0].at",
        "missing",
        "缺少必填项",
        "missing required key",
    ),
    (
        "event without piece",
        set_("events[0].piece", _DEL),
        "events[0].piece",
        "missing",
        "缺少必填项",
        "missing required key",
    ),
    (
        "note a number",
        set_("events[0].note", 5),
        "events[0].note",
        "wrong_type",
        "应为字符串或 null，实际为 5",
        "expected a string or null, got 5",
    ),
    (
        "event not an object",
        set_("events[4]", None),
        "events[4]",
        "wrong_type",
        "应为对象，实际为 null",
        "expected an object, got null",
    ),
    # units
    (
        "unit its own parent",
        set_("units[0].parent", "sec-econ"),
        "units[0].parent",
        "parent_cycle",
        "上级单位构成循环：'sec-econ' → 'sec-econ'",
        "parent units form a cycle: 'sec-econ' → 'sec-econ'",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "code", "zh", "en"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_bad_input(mutate: Callable[[Doc], None], path: str, code: str, zh: str, en: str) -> None:
    doc = example()
    mutate(doc)
    problem = only(doc)
    assert (problem.path, problem.code) == (path, code)
    prefix = f"{path}: " if path else ""
    assert problem.render("zh").startswith(prefix)
    assert zh in problem.render("zh")
    assert en in problem.render("en")


def test_example_problem_of_the_contract() -> None:
    doc = example()
    doc["events"] += [{"piece": "2024-017", "type": "approved", "at": "2024-05-01T00:00Z"}] * 8
    doc["events"][12] = {**doc["events"][12], "type": "adopted", "body": "cppcc-town"}
    err = refused(doc, source="district.json")
    assert err.render("en") == (
        "district.json: events[12].body: unknown body 'cppcc-town' (expected one of: "
        "cppcc-county, cppcc-city, cppcc-province, cppcc-national, party-city, "
        "party-province, party-central, cpc-county-office, cpc-city-office, "
        "cpc-province-office)"
    )
    assert err.render("zh").startswith(
        "district.json: events[12].body: 未知的采用机构 'cppcc-town'（应为以下之一：cppcc-county"
    )
    assert str(err) == err.render("zh")
    assert err.source == "district.json"


def test_not_an_object() -> None:
    problem = only([1, 2])
    assert (problem.path, problem.code) == ("", "wrong_type")
    assert problem.render("en") == "expected an object, got [1, 2]"


def test_wrong_format_stops_there() -> None:
    doc = example()
    doc["format"] = "sqmy-assessment/1"
    doc["events"][0]["type"] = "nonsense"
    problem = only(doc)
    assert problem.code == "bad_format"


def test_missing_format_still_checks_the_rest() -> None:
    doc = example()
    del doc["format"]
    doc["events"][0]["type"] = "nonsense"
    err = refused(doc)
    assert [p.path for p in err.problems] == ["format", "events[0].type"]


def test_all_problems_are_collected_in_document_order() -> None:
    doc = example()
    doc["units"][0]["kind"] = "town"
    doc["people"][0]["roles"] = ["boss"]
    doc["calls"][0]["due"] = "soon"
    doc["pieces"][0]["authors"] = ["p001", "p404"]
    doc["events"][2]["body"] = "cppcc-town"
    doc["events"][3]["body"] = "cppcc-city"
    err = refused(doc)
    assert [p.path for p in err.problems] == [
        "units[0].kind",
        "people[0].roles[0]",
        "calls[0].due",
        "pieces[0].authors[1]",
        "events[2].body",
        "events[3].body",
    ]
    lines = err.render("en").splitlines()
    assert len(lines) == 6


def test_several_problems_in_one_event() -> None:
    doc = example()
    doc["events"][0] = {"piece": "nope", "type": "reviewed", "at": "2024-03-05", "decision": "ok"}
    err = refused(doc)
    assert [(p.path, p.code) for p in err.problems] == [
        ("events[0].piece", "unknown_ref"),
        ("events[0].at", "bad_time"),
        ("events[0].stage", "missing_for_type"),
        ("events[0].decision", "unknown_value"),
        ("events[0].actor", "missing_for_type"),
    ]


def test_a_bad_piece_does_not_cascade_to_its_events() -> None:
    doc = example()
    doc["pieces"][0]["title"] = ""
    err = refused(doc)
    assert [p.path for p in err.problems] == ["pieces[0].title"]


def test_a_reference_to_a_bad_record_does_not_cascade() -> None:
    doc = example()
    doc["units"][0]["kind"] = "town"
    err = refused(doc)
    assert [p.path for p in err.problems] == ["units[0].kind"]


def test_duplicate_id_refers_to_the_first() -> None:
    doc = example()
    doc["pieces"].append(dict(doc["pieces"][0]))
    problem = only(doc)
    assert (problem.path, problem.code) == ("pieces[1].id", "duplicate_id")
    assert problem.params["first"] == "pieces[0]"


def test_parent_cycle_is_reported_once() -> None:
    doc = example()
    doc["units"] = [
        {"id": "a", "name": "A", "kind": "sector", "parent": "c"},
        {"id": "b", "name": "B", "kind": "sector", "parent": "a"},
        {"id": "c", "name": "C", "kind": "sector", "parent": "b"},
        {"id": "d", "name": "D", "kind": "sector", "parent": "b"},  # hangs on the cycle
        {"id": "sec-econ", "name": "经济界", "kind": "sector", "parent": None},
    ]
    problem = only(doc)
    assert problem.path == "units[0].parent"
    assert problem.render("en") == (
        "units[0].parent: parent units form a cycle: 'a' → 'c' → 'b' → 'a'"
    )


def test_parent_cycle_found_even_with_other_problems() -> None:
    doc = example()
    doc["units"] += [
        {"id": "a", "name": "A", "kind": "town", "parent": "b"},
        {"id": "b", "name": "B", "kind": "sector", "parent": "a"},
    ]
    err = refused(doc)
    assert [(p.path, p.code) for p in err.problems] == [
        ("units[1].kind", "unknown_value"),
        ("units[1].parent", "parent_cycle"),
    ]


def test_problems_are_capped() -> None:
    doc = example()
    bad = {"piece": "2024-017", "type": "adopted", "at": "2024-04-02T15:00:00+08:00", "body": "x"}
    doc["events"] += [dict(bad) for _ in range(120)]
    err = refused(doc)
    assert len(err.problems) == MAX_PROBLEMS + 1
    assert [p.path for p in err.problems[:2]] == ["events[5].body", "events[6].body"]
    last = err.problems[-1]
    assert (last.path, last.code, last.params["count"]) == ("", "too_many_problems", 70)
    assert last.render("zh") == f"另有 70 个问题未列出（只列出前 {MAX_PROBLEMS} 个）"
    assert (
        last.render("en")
        == f"70 more problems not shown (only the first {MAX_PROBLEMS} are listed)"
    )


def test_long_values_are_shortened() -> None:
    doc = example()
    doc["events"][2]["body"] = "x" * 500
    problem = only(doc)
    text = problem.render("en")
    assert len(text) < 400
    assert "'xxxxxxxx" in text and "…" in text


def test_nothing_is_returned_for_a_contract_example_with_a_dangling_author() -> None:
    with pytest.raises(DatasetError):
        parse_dataset(json.loads(CONTRACT_EXAMPLE))


# --------------------------------------------------------------------------
# Decoding bytes
# --------------------------------------------------------------------------


def decode_refused(data: bytes) -> DatasetError:
    with pytest.raises(DatasetError) as info:
        decode_dataset_bytes(data, source="d.json")
    return info.value


def test_bad_json_names_line_and_column() -> None:
    err = decode_refused(b'{"format": "sqmy-dataset/1",\n  "units": [}\n')
    (problem,) = err.problems
    assert problem.code == "bad_json"
    assert (problem.params["line"], problem.params["column"]) == (2, 13)
    assert problem.path == "2:13"
    assert err.render("zh").startswith("d.json: 2:13: 不是合法的 JSON：")
    assert err.render("en").startswith("d.json: 2:13: not valid JSON: ")


def test_bad_utf8_names_line_and_column() -> None:
    data = '{"format": "sqmy-dataset/1",\n "units": [{"name": "经济界"}]}'.encode("gbk")
    err = decode_refused(data)
    (problem,) = err.problems
    assert problem.code == "bad_utf8"
    assert problem.params["line"] == 2
    assert err.render("zh") == f"d.json: 2:{problem.params['column']}: 不是 UTF-8 编码的文本"
    assert err.render("en").endswith("not UTF-8 text")


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_json_numbers_are_refused(constant: bytes) -> None:
    (problem,) = decode_refused(b'{"a": ' + constant + b"}").problems
    assert problem.code == "bad_json"


def test_empty_file() -> None:
    (problem,) = decode_refused(b"").problems
    assert problem.code == "bad_json"


def test_duplicate_keys_are_refused_with_their_place() -> None:
    data = (
        b'{"format": "sqmy-dataset/1", "events": [{"piece": "x", "type": "adopted",'
        b' "body": "cppcc-city", "body": "cppcc-county"}], "format": "sqmy-dataset/1"}'
    )
    err = decode_refused(data)
    assert [(p.path, p.code, p.params["key"]) for p in err.problems] == [
        ("", "duplicate_key", "format"),
        ("events[0]", "duplicate_key", "body"),
    ]
    assert err.render("zh").splitlines()[1] == (
        "d.json: events[0]: 同一对象中键 'body' 出现了不止一次"
    )
    assert err.render("en").splitlines()[1] == (
        "d.json: events[0]: key 'body' appears more than once in the same object"
    )


# --------------------------------------------------------------------------
# Robustness: any JSON value anywhere gives DatasetError or a Dataset, nothing else
# --------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5)
    | st.sampled_from(["p001", "sec-econ", "2024-017", "c2024-03", "adopted", "cppcc-city"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_value_anywhere(data: st.DataObject) -> None:
    doc = example()
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        path = data.draw(st.sampled_from(paths))
        target: Any = doc
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = data.draw(json_values)
    try:
        ds = parse_dataset(doc)
    except DatasetError as err:
        assert err.problems
        for p in err.problems:
            p.render("zh")
            p.render("en")
    else:
        assert isinstance(ds, Dataset)
