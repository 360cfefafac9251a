"""The service answers with the interchange formats, checked by the very schemas it publishes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from sqmy_core.cli.main import cli
from sqmy_core.interchange.schemas import SCHEMA_NAMES, schema
from sqmy_core.service.interchange import components
from sqmy_core.testing.service_flow import drive_piece, ok

BASE = "urn:sqmy-openapi"


def _validator(doc: dict[str, Any], family: str) -> Draft202012Validator:
    """A validator of what ``doc`` (the OpenAPI document) says the family's answers are.

    The answer's schema refers into the document (``#/components/schemas/...``): it is
    checked as a part of the document, which the registry holds under one URI.
    """
    resource = Resource.from_contents(doc, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(BASE, resource)
    answer = doc["paths"][f"/orgs/{{org}}/{family}"]["get"]["responses"]["200"]
    refs = answer["content"]["application/json"]["schema"]["oneOf"]
    assert len(refs) == 2  # both versions of the format
    return Draft202012Validator({"oneOf": [{"$ref": BASE + r["$ref"]} for r in refs]},
                                registry=registry)


@pytest.fixture
def openapi(client: TestClient) -> dict[str, Any]:
    return dict(client.get("/openapi.json").json())


def test_the_answers_are_documents_the_published_schemas_accept(
    client: TestClient, openapi: dict[str, Any]
) -> None:
    drive_piece(client)
    assessment = ok(client.get("/orgs/district/assessment", params={"year": 2024})).json()
    dataset = ok(client.get("/orgs/district/dataset")).json()
    for family, answer in (("assessment", assessment), ("dataset", dataset)):
        validator = _validator(openapi, family)
        assert list(validator.iter_errors(answer)) == [], family
        broken = {**answer, "format": "sqmy-other/9"}
        assert list(validator.iter_errors(broken)), family  # the check has teeth


def test_the_dataset_answer_is_what_sqmy_export_writes(
    client: TestClient, db: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    drive_piece(client)
    answer = ok(client.get("/orgs/district/dataset")).json()
    with pytest.raises(SystemExit) as done:
        cli.main(["export", "--db", str(db)], prog_name="sqmy")
    assert done.value.code == 0
    assert answer == json.loads(capsysbinary.readouterr().out)
    assert [p["id"] for p in answer["pieces"]] == ["2024-001"]


def test_reading_the_dataset_changes_no_byte_of_the_database(client: TestClient, db: Path) -> None:
    drive_piece(client)
    before = db.read_bytes()
    ok(client.get("/orgs/district/dataset"))
    assert db.read_bytes() == before


def test_the_embedded_schemas_are_the_published_files() -> None:
    embedded = components()
    for name in SCHEMA_NAMES:
        published = schema(name)

        def back(node: Any, name: str = name) -> Any:  # the references as the file writes them
            text = json.dumps(node, ensure_ascii=False)
            return json.loads(text.replace(f'"#/components/schemas/{name}.', '"#/$defs/'))

        for key, sub in published.pop("$defs").items():
            assert back(embedded[f"{name}.{key}"]) == sub
        top = back(embedded[name])
        assert "$id" not in top and "$schema" not in top  # an $id would re-base its references
        assert published["$id"] in top["description"]
        assert {k: v for k, v in top.items() if k != "description"} == {
            k: v for k, v in published.items() if k not in ("$id", "$schema", "description")}
