"""sqmy-assessment/1 and /1.1 documents, their JSON text, and their schemas."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sqmy_core.interchange import assessment_to_doc, assessment_to_json, schema
from sqmy_core.scoring.result import Assessment, EntityResult, Stats

STATS = Stats(
    {"submitted": 40, "approved": 31, "adopted": 12, "instructed": 5, "implemented": 3},
    Fraction(12, 31),
    Fraction(5, 31),
)


def entity(entity: str = "person", **kw: Any) -> EntityResult:
    base: dict[str, Any] = dict(
        id="p001",
        name="张三",
        entity=entity,
        group=None,
        points=Fraction(1263, 100),
        rank=1,
        adopted_pieces=2,
        quotas_met=True,
        quotas=(),
        flags=("talk", "warn"),
        award="先进个人",
        counts={},
    )
    base.update(kw)
    return EntityResult(**base)


SECTIONS = {"info": Fraction(-1, 200), "meetings": Fraction(0), "proposals": Fraction(1, 200)}


def assessment(version: str, **kw: Any) -> Assessment:
    person = entity(sections=SECTIONS, amounts={"稿酬": Fraction(2005, 10)}, grade="优秀", **kw)
    unit = entity(
        "unit", id="sec-econ", name="经济界", sections={"info": Fraction(31)}, award="一等"
    )
    return Assessment("district", "区政协", 2024, (person,), (unit,), ("2024-031",), STATS, version)


def test_version_1_is_written_as_before() -> None:
    doc = assessment_to_doc(assessment("1"))
    assert doc["format"] == "sqmy-assessment/1"
    assert doc["people"][0] == {
        "id": "p001",
        "points": 12.63,
        "rank": 1,
        "adopted_pieces": 2,
        "quotas_met": True,
        "flags": ["talk", "warn"],
        "award": "先进个人",
    }
    assert doc["units"][0] == {
        "id": "sec-econ",
        "points": 12.63,
        "rank": 1,
        "adopted_pieces": 2,
        "quotas_met": True,
        "award": "一等",
    }
    assert doc["stats"]["adoption_rate"] == 0.3871


def test_version_11_adds_sections_amounts_and_grade() -> None:
    doc = assessment_to_doc(assessment("1.1"))
    assert doc["format"] == "sqmy-assessment/1.1"
    person = doc["people"][0]
    # half away from zero, every section, zeros included
    assert person["sections"] == {"info": -0.01, "meetings": 0.0, "proposals": 0.01}
    assert person["amounts"] == {"稿酬": 200.5}
    assert person["grade"] == "优秀"
    assert person["flags"] == ["talk", "warn"]
    unit = doc["units"][0]
    assert unit["sections"] == {"info": 31.0}
    assert "amounts" not in unit and "grade" not in unit


def test_json_text_is_the_standard_librarys() -> None:
    for version in ("1", "1.1"):
        a = assessment(version)
        assert assessment_to_json(a) == json.dumps(
            assessment_to_doc(a), ensure_ascii=False, indent=2
        )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=4), c, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_indented_writer_matches_json_dumps(value: Any) -> None:
    from sqmy_core.interchange.assessment import dumps_indented

    out: list[str] = []
    dumps_indented(value, out, "\n")
    assert "".join(out) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("version", ["1", "1.1"])
def test_documents_validate_against_their_schema(version: str) -> None:
    doc = assessment_to_doc(assessment(version))
    jsonschema.Draft202012Validator(schema(f"sqmy-assessment/{version}")).validate(doc)


def test_the_10_schema_refuses_11_additions() -> None:
    doc = assessment_to_doc(assessment("1.1"))
    doc["format"] = "sqmy-assessment/1"
    v10 = jsonschema.Draft202012Validator(schema("sqmy-assessment/1"))
    assert not v10.is_valid(doc)
    for key in ("sections", "amounts", "grade"):
        one = assessment_to_doc(assessment("1"))
        one["people"][0][key] = doc["people"][0][key]
        assert not v10.is_valid(one), key
