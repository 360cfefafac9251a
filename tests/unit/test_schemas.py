"""The published JSON Schemas: valid draft 2020-12, and in step with the parser."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

from sqmy_core.errors import DatasetError
from sqmy_core.interchange import (
    ASSESSMENT_FORMAT,
    DATASET_FORMAT,
    SCHEMA_NAMES,
    parse_dataset,
    schema,
)
from sqmy_core.interchange.dataset import EVENT_FIELDS, EVENT_KEYS, LISTS
from sqmy_core.interchange.times import TIME_PATTERN_IN_RANGE
from sqmy_core.model import vocab
from tests.unit.test_dataset_parse import CONTRACT_EXAMPLE, example

Doc = dict[str, Any]

ASSESSMENT_EXAMPLE = """
{
  "format": "sqmy-assessment/1",
  "organization": "district",
  "year": 2024,
  "people": [
    {"id": "p001", "points": 12.6, "rank": 3, "adopted_pieces": 2,
     "quotas_met": true, "flags": [], "award": null}
  ],
  "units": [
    {"id": "sec-econ", "points": 31.0, "rank": 1, "adopted_pieces": 4,
     "quotas_met": true, "award": "一等"}
  ],
  "overdue": ["2024-031"],
  "stats": {"submitted": 40, "approved": 31, "adopted": 12,
            "instructed": 5, "implemented": 3,
            "adoption_rate": 0.3871, "instruction_rate": 0.1613}
}
"""


@pytest.fixture(scope="module")
def dataset_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(DATASET_FORMAT))


@pytest.fixture(scope="module")
def assessment_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(ASSESSMENT_FORMAT))


@pytest.mark.parametrize("name", [*SCHEMA_NAMES, DATASET_FORMAT, ASSESSMENT_FORMAT])
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    s = schema(name)
    jsonschema.Draft202012Validator.check_schema(s)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_names() -> None:
    assert schema("sqmy-dataset/1") == schema("sqmy-dataset-1")
    assert schema("sqmy-dataset/1")["properties"]["format"] == {"const": DATASET_FORMAT}
    assert schema("sqmy-assessment/1")["properties"]["format"] == {"const": ASSESSMENT_FORMAT}
    with pytest.raises(KeyError):
        schema("sqmy-dataset/2")


def test_schema_is_a_fresh_copy() -> None:
    schema(DATASET_FORMAT)["properties"].clear()
    assert schema(DATASET_FORMAT)["properties"]


def test_contract_example_is_valid(dataset_validator: jsonschema.Draft202012Validator) -> None:
    # The schema cannot see that author p002 has no record; the parser does.
    dataset_validator.validate(json.loads(CONTRACT_EXAMPLE))
    dataset_validator.validate(example())


def test_assessment_example_is_valid(
    assessment_validator: jsonschema.Draft202012Validator,
) -> None:
    assessment_validator.validate(json.loads(ASSESSMENT_EXAMPLE))


def test_schema_vocabularies_match_the_model() -> None:
    d = schema(DATASET_FORMAT)["$defs"]
    assert d["unit"]["properties"]["kind"]["enum"] == list(vocab.UNIT_KINDS)
    assert d["call"]["properties"]["kind"]["enum"] == list(vocab.CALL_KINDS)
    ep = d["event"]["properties"]
    assert list(ep) == list(EVENT_KEYS)
    assert ep["type"]["enum"] == list(vocab.EVENT_TYPES)
    assert ep["body"]["enum"] == [*vocab.BODIES, None]
    assert ep["route"]["enum"] == [*vocab.ROUTES, None]
    assert ep["level"]["enum"] == [*vocab.LEVELS, None]
    assert ep["rank"]["enum"] == [*vocab.RANKS, None]
    assert ep["outcome"]["enum"] == [*vocab.OUTCOMES, None]
    assert ep["decision"]["enum"] == [*vocab.DECISIONS, None]
    assert d["time"]["pattern"] == TIME_PATTERN_IN_RANGE
    assert d["timeOrNull"]["pattern"] == TIME_PATTERN_IN_RANGE
    branches = {b["if"]["properties"]["type"]["const"]: b["then"] for b in d["event"]["allOf"]}
    assert list(branches) == list(EVENT_FIELDS)
    for t, (required, optional) in EVENT_FIELDS.items():
        then = branches[t]
        assert then.get("required", []) == list(required)
        foreign = {k for k, v in then["properties"].items() if v == {"type": "null"}}
        assert foreign == set(EVENT_KEYS) - {"piece", "type", "at", *required, *optional}


def set_(path: str, value: Any) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        target: Any = doc
        parts = path.replace("]", "").replace("[", ".").split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last: Any = int(parts[-1]) if parts[-1].isdigit() else parts[-1]
        if value is _DEL:
            del target[last]
        else:
            target[last] = value

    return mutate


_DEL = object()

# Documents both the schema and parse_dataset must refuse.
BOTH_REFUSE: list[tuple[str, Callable[[Doc], None]]] = [
    ("format missing", set_("format", _DEL)),
    ("format other", set_("format", "sqmy-dataset/2")),
    ("unknown top key", set_("unit", [])),
    ("unknown record key", set_("units[0].parnet", None)),
    ("id empty", set_("units[0].id", "")),
    ("id number", set_("people[0].id", 1)),
    ("name missing", set_("people[0].name", _DEL)),
    ("unit kind", set_("units[0].kind", "town")),
    ("call kind", set_("calls[0].kind", "Call")),
    ("body", set_("events[2].body", "cppcc-town")),
    ("route", set_("events[1].route", "fax")),
    ("level", set_("events[3].level", "town")),
    ("rank", set_("events[3].rank", "vice")),
    ("outcome", set_("events[4].outcome", "done")),
    ("event type", set_("events[0].type", "submitted")),
    ("body on instructed", set_("events[3].body", "cppcc-city")),
    ("decision on approved", set_("events[0].decision", "pass")),
    ("route missing", set_("events[1].route", _DEL)),
    ("route null", set_("events[1].route", None)),
    ("body missing", set_("events[2].body", _DEL)),
    ("outcome missing", set_("events[4].outcome", _DEL)),
    ("rank missing", set_("events[3].rank", _DEL)),
    ("no offset", set_("events[0].at", "2024-03-05T10:00:00")),
    ("space separator", set_("events[0].at", "2024-03-05 10:00:00+08:00")),
    ("25:00", set_("events[0].at", "2024-03-05T25:00:00+08:00")),
    ("non-ASCII digits", set_("events[0].at", "٢٠٢٤-03-05T10:00:00+08:00")),
    ("24:30", set_("events[0].at", "2024-03-05T24:30:00+08:00")),
    ("time number", set_("pieces[0].submitted_at", 1709254800)),
    ("authors empty", set_("pieces[0].authors", [])),
    ("authors twice", set_("pieces[0].authors", ["p001", "p001"])),
    ("roles twice", set_("people[0].roles", ["member", "member"])),
    ("roles a string", set_("people[0].roles", "member")),
    ("title true", set_("pieces[0].title", True)),
    ("topic number", set_("pieces[0].topic", 5)),
    ("events an object", set_("events", {})),
    ("event a list", set_("events[0]", [])),
    (
        "reviewed without actor",
        set_(
            "events[0]",
            {
                "piece": "2024-017",
                "type": "reviewed",
                "at": "2024-03-05T10:00:00+08:00",
                "stage": "s1",
                "decision": "pass",
            },
        ),
    ),
    ("stage empty", set_("events[0].stage", "")),
]


def _drop(doc: Doc, *keys: str) -> None:
    for k in keys:
        del doc[k]


# Documents both accept.
BOTH_ACCEPT: list[tuple[str, Callable[[Doc], None]]] = [
    ("as is", lambda doc: None),
    ("lists left out", lambda doc: _drop(doc, *LISTS)),
    ("lists null", set_("events", None)),
    ("parent left out", set_("units[0].parent", _DEL)),
    ("optional null", set_("pieces[0].topic", None)),
    ("foreign key null", set_("events[3].body", None)),
    ("stage on approved", set_("events[0].stage", "final")),
    ("24:00", set_("events[0].at", "2024-03-05T24:00+08:00")),
    ("Z and fraction", set_("events[0].at", "2024-03-05T02:00:00.123456789Z")),
    (
        "reviewed",
        set_(
            "events[0]",
            {
                "piece": "2024-017",
                "type": "reviewed",
                "at": "2024-03-05T10:00:00+08:00",
                "stage": "s1",
                "decision": "escalate",
                "actor": "p002",
                "note": "",
            },
        ),
    ),
]

# Documents the schema accepts but the parser refuses: what only the library checks.
PARSER_ONLY: list[tuple[str, Callable[[Doc], None]]] = [
    ("dangling reference", set_("pieces[0].unit", "sec-law")),
    ("duplicate id", set_("people[1].id", "p001")),
    ("event before submission", set_("events[0].at", "2024-02-01T10:00:00+08:00")),
    ("parent cycle", set_("units[0].parent", "sec-econ")),
    ("ruleset role not given", set_("people[0].roles", ["reviewer_initial"])),
    ("impossible date", set_("events[0].at", "2024-02-30T10:00:00+08:00")),
]


def _parses(doc: Doc) -> bool:
    try:
        parse_dataset(doc)
    except DatasetError:
        return False
    return True


@pytest.mark.parametrize("mutate", [c[1] for c in BOTH_REFUSE], ids=[c[0] for c in BOTH_REFUSE])
def test_schema_and_parser_both_refuse(
    dataset_validator: jsonschema.Draft202012Validator, mutate: Callable[[Doc], None]
) -> None:
    doc = example()
    mutate(doc)
    assert not dataset_validator.is_valid(doc)
    assert not _parses(doc)


@pytest.mark.parametrize("mutate", [c[1] for c in BOTH_ACCEPT], ids=[c[0] for c in BOTH_ACCEPT])
def test_schema_and_parser_both_accept(
    dataset_validator: jsonschema.Draft202012Validator, mutate: Callable[[Doc], None]
) -> None:
    doc = example()
    mutate(doc)
    dataset_validator.validate(doc)
    assert _parses(doc)


@pytest.mark.parametrize("mutate", [c[1] for c in PARSER_ONLY], ids=[c[0] for c in PARSER_ONLY])
def test_what_only_the_parser_checks(
    dataset_validator: jsonschema.Draft202012Validator, mutate: Callable[[Doc], None]
) -> None:
    doc = example()
    mutate(doc)
    assert dataset_validator.is_valid(doc)
    assert not _parses(doc)


@pytest.mark.parametrize(
    "mutate",
    [
        set_("format", "sqmy-dataset/1"),
        set_("year", "2024"),
        set_("organization", _DEL),
        set_("people[0].award", 1),
        set_("people[0].rank", 0),
        set_("people[0].points", "12.6"),
        set_("people[0].flags", _DEL),
        set_("units[0].flags", []),
        set_("units[0].quotas_met", 1),
        set_("stats.implemented", _DEL),
        set_("stats.adopted", -1),
        set_("stats.extra", 0),
        set_("overdue", ["2024-031", "2024-031"]),
    ],
)
def test_assessment_schema_refuses(
    assessment_validator: jsonschema.Draft202012Validator, mutate: Callable[[Doc], None]
) -> None:
    doc = json.loads(ASSESSMENT_EXAMPLE)
    mutate(doc)
    assert not assessment_validator.is_valid(doc)


def test_assessment_schema_accepts_empty_results(
    assessment_validator: jsonschema.Draft202012Validator,
) -> None:
    doc = json.loads(ASSESSMENT_EXAMPLE)
    doc.update(people=[], units=[], overdue=[])
    doc["stats"] = dict.fromkeys(doc["stats"], 0)
    assessment_validator.validate(doc)
    doc2 = copy.deepcopy(json.loads(ASSESSMENT_EXAMPLE))
    doc2["people"][0]["flags"] = ["talk"]
    doc2["people"][0]["points"] = -1.5
    assessment_validator.validate(doc2)
