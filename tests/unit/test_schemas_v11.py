"""The 1.1 dataset schema: documents of 1.1 validate, and the 1.0 schema refuses each addition."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqmy_core.interchange import SCHEMA_NAMES, schema
from sqmy_core.interchange.dataset import EVENT_FIELDS_11, EVENT_KEYS_11
from sqmy_core.testing.strategies import dataset_docs, declarations
from tests.unit.test_dataset_parse import example
from tests.unit.test_dataset_v11 import full

V10 = jsonschema.Draft202012Validator(schema("sqmy-dataset/1"))
V11 = jsonschema.Draft202012Validator(schema("sqmy-dataset/1.1"))


def test_four_schemas() -> None:
    assert set(SCHEMA_NAMES) == {
        "sqmy-dataset-1",
        "sqmy-dataset-1.1",
        "sqmy-assessment-1",
        "sqmy-assessment-1.1",
    }
    for name in SCHEMA_NAMES:
        jsonschema.Draft202012Validator.check_schema(schema(name))
    assert schema("sqmy-dataset/1.1")["properties"]["format"] == {"const": "sqmy-dataset/1.1"}


def test_the_11_schema_follows_the_parsers_tables() -> None:
    d = schema("sqmy-dataset/1.1")["$defs"]
    assert list(d["event"]["properties"]) == list(EVENT_KEYS_11)
    branches = {b["if"]["properties"]["type"]["const"]: b["then"] for b in d["event"]["allOf"]}
    assert list(branches) == list(EVENT_FIELDS_11)
    for t, (required, optional) in EVENT_FIELDS_11.items():
        then = branches[t]
        assert then.get("required", []) == list(required)
        foreign = {k for k, v in then["properties"].items() if v == {"type": "null"}}
        assert foreign == set(EVENT_KEYS_11) - {"piece", "type", "at", *required, *optional}


def test_the_full_example_is_valid_11() -> None:
    V11.validate(full())


def test_every_10_document_is_11_once_its_format_says_so() -> None:
    doc = example()
    V10.validate(doc)
    doc["format"] = "sqmy-dataset/1.1"
    V11.validate(doc)


ADDITIONS = [
    ("units", 0, "attributes", {"district": "西湖"}),
    ("people", 0, "until", "2025-01-01T00:00:00+08:00"),
    ("people", 0, "attributes", {}),
    ("calls", 0, "attributes", {}),
    ("pieces", 0, "body", "全文"),
    ("pieces", 0, "attributes", {"words": 1}),
    ("events", 2, "attributes", {"degree": "full"}),
]


@pytest.mark.parametrize(("name", "i", "key", "value"), ADDITIONS)
def test_the_10_schema_refuses_each_addition(name: str, i: int, key: str, value: Any) -> None:
    doc = example()
    doc[name][i][key] = value
    assert not V10.is_valid(doc)
    doc["format"] = "sqmy-dataset/1.1"
    V11.validate(doc)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda doc: doc.update(adjustments=[]),
        lambda doc: doc.update(activities=[]),
        lambda doc: doc["events"][0].update(type="penalized", kind="plagiarism"),
        lambda doc: doc["events"][2].update(body="own-bulletin"),
        lambda doc: doc["units"][0].update(kind="town"),
    ],
)
def test_the_10_schema_refuses_new_lists_and_words(mutate: Any) -> None:
    doc = example()
    mutate(doc)
    assert not V10.is_valid(doc)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("units.0.id", "x" * 129),
        ("units.0.id", " x"),
        ("units.0.id", "x\u0000"),
        ("units.0.name", "x" * 501),
        ("events.0.note", "x" * 100_001),
        ("events.0.at", "0001-01-01T00:00:00+08:00"),
        ("events.0.at", "2200-01-01T00:00:00+08:00"),
    ],
)
def test_both_schemas_state_the_limits(path: str, value: str) -> None:
    for version, validator in (("sqmy-dataset/1", V10), ("sqmy-dataset/1.1", V11)):
        doc = example()
        doc["format"] = version
        name, i, key = path.split(".")
        doc[name][int(i)][key] = value
        assert not validator.is_valid(doc), (version, path)


def test_adjustments_need_exactly_one_of_person_and_unit() -> None:
    doc = full()
    both = copy.deepcopy(doc)
    both["adjustments"][0]["unit"] = "sec-econ"
    assert not V11.is_valid(both)
    neither = copy.deepcopy(doc)
    del neither["adjustments"][0]["person"]
    assert not V11.is_valid(neither)
    bad = copy.deepcopy(doc)
    bad["adjustments"][0]["points"] = "1e3"
    assert not V11.is_valid(bad)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_documents_validate(data: st.DataObject) -> None:
    version = data.draw(st.sampled_from(["1", "1.1"]))
    doc = data.draw(dataset_docs(data.draw(declarations()), version))
    (V11 if version == "1.1" else V10).validate(doc)
