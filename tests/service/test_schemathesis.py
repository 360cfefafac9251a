"""Every operation of the OpenAPI document, fuzzed from the document itself (schemathesis).

The app runs over a fresh SQLite workspace with the district ruleset in force,
its registry synced and one piece driven all the way (so generated requests
meet real people and a real piece, not only 404s); the organization is pinned
to ``district`` for the same reason.  Every request carries a credential with
every scope (what is fuzzed is the operations, not the token: the
authentication layer has its own tests, ``test_auth.py``).  Each operation gets a small, seeded
budget (derandomized: CI replays the same cases) and two checks: no answer is
a 5xx, and every answer -- its status code, its content type and its body --
is one the document declares.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sqmy_core.service import create_app
from sqmy_core.testing.service_flow import (
    ORG,
    T0,
    bearer,
    drive_piece,
    issue_credential,
    prepare,
    register,
)

REPO = Path(__file__).resolve().parents[2]
RULESET = REPO / "rulesets" / "district.toml"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

schema = schemathesis.openapi.from_path(
    REPO / "docs" / "openapi.json",
    config=SchemathesisConfig.from_dict({"seed": 13, "base-url": "http://testserver",
                                    "parameters": {"path.org": ORG}}),
)
"""The published document (``test_openapi`` keeps it the one the app generates)."""


@pytest.fixture
def served(tmp_path: Path) -> tuple[Any, str]:
    """The service every generated request of one operation is sent to (in-process, ASGI), and
    the token of a credential holding every scope."""
    from fastapi.testclient import TestClient

    path = tmp_path / "office.db"
    prepare(str(path), RULESET)
    token = issue_credential(str(path))
    service = create_app(str(path))
    with TestClient(service, headers=bearer(token)) as client:
        register(client)
        drive_piece(client)
    return service, token


@pytest.fixture
def app(served: tuple[Any, str]) -> Any:
    return served[0]


@pytest.fixture
def auth(served: tuple[Any, str]) -> dict[str, str]:
    return bearer(served[1])


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_error_and_every_answer_is_the_documented_one(
    case: Any, app: Any, auth: dict[str, str]
) -> None:
    case.operation.schema.app = app  # sent in-process (ASGI) to this test's own service
    case.call_and_validate(checks=CHECKS, app=app, headers=auth)


def test_a_piece_with_a_chinese_id_is_registered_and_its_location_percent_encoded(
    app: Any, auth: dict[str, str]
) -> None:
    """What the fuzzing found: a header is Latin-1, so a raw Chinese id in ``Location`` was a 500."""
    from fastapi.testclient import TestClient

    with TestClient(app, headers=auth) as client:
        answer = client.post(f"/orgs/{ORG}/pieces", headers={"Idempotency-Key": "k-1"},
                             json={"id": "区-001", "actor": "p001", "title": "建议",
                                   "authors": ["p001"], "unit": "sec-econ", "now": T0})
        assert answer.status_code == 201, answer.text
        assert answer.headers["Location"] == f"/orgs/{ORG}/pieces/%E5%8C%BA-001"
        assert client.get(answer.headers["Location"]).json()["piece"] == "区-001"


def test_a_body_that_is_not_even_text_is_refused_as_problem_details(
    app: Any, auth: dict[str, str]
) -> None:
    """Also found by it: the framework's own 400 was plain JSON, not the declared problem+json."""
    from fastapi.testclient import TestClient

    with TestClient(app, headers=auth) as client:
        answer = client.post(f"/orgs/{ORG}/pieces/2024-001/adoptions", content=b'"\xff\xfe"',
                             headers={"Content-Type": "application/json", "If-Match": '"1"',
                                      "Accept-Language": "en"})
    assert answer.status_code == 400
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert [p["code"] for p in answer.json()["problems"]] == ["service.bad_json"]
    assert answer.json()["problems"][0]["message"].startswith("the request body is not valid JSON")


def test_the_assessment_year_is_bounded_so_that_the_reckoning_never_overflows(
    app: Any, auth: dict[str, str]
) -> None:
    from fastapi.testclient import TestClient

    with TestClient(app, headers=auth) as client:
        assert client.get(f"/orgs/{ORG}/assessment", params={"year": 9998}).status_code == 200
        refused = client.get(f"/orgs/{ORG}/assessment", params={"year": 9999})
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["path"] == "year"
