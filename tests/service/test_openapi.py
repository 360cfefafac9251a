"""The published OpenAPI document is the one the code generates; the service stays an extra."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sqmy_core.cli.serve_cmd import openapi_text
from sqmy_core.errors import NotFound
from sqmy_core.service import create_app

REPO = Path(__file__).resolve().parents[2]


def test_docs_openapi_json_is_what_the_app_generates() -> None:
    committed = (REPO / "docs" / "openapi.json").read_text(encoding="utf-8")
    assert committed.rstrip("\n") == openapi_text(), (
        "docs/openapi.json is stale: regenerate it with `sqmy serve --openapi > docs/openapi.json`"
    )


def test_the_document_is_openapi_31_with_every_endpoint_and_problem_details() -> None:
    doc = json.loads(openapi_text())
    assert doc["openapi"].startswith("3.1")
    paths = doc["paths"]
    for action in ("review", "expert-opinion", "resubmit", "withdraw", "dispatch", "adoptions",
                   "instructions", "handling"):
        operation = paths[f"/orgs/{{org}}/pieces/{{piece}}/{action}"]["post"]
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert headers == {"If-Match", "Idempotency-Key", "X-Request-Id"}
        assert "application/problem+json" in operation["responses"]["412"]["content"]
    assert {"/orgs/{org}/pieces", "/orgs/{org}/people/{person}", "/orgs/{org}/units/{unit}",
            "/orgs/{org}/assessment", "/health"} <= set(paths)
    assert "ProblemDetails" in doc["components"]["schemas"]


def _imported_after(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True, timeout=120)
    return ran.stdout.strip()


def test_sqmy_version_and_the_cli_do_not_import_the_web_framework() -> None:
    version = (
        "import sys\nsys.argv = ['sqmy', '--version']\nfrom sqmy_core.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette') if m in sys.modules))"
    )
    assert _imported_after(version).endswith("[]")
    every_command = (
        "import sys\nfrom sqmy_core.cli.program import cli\ncli.load_all()\n"
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette') if m in sys.modules))"
    )
    assert _imported_after(every_command) == "[]"


def test_a_database_that_is_not_there_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(NotFound):
        create_app(str(missing))
    assert not missing.exists()


def test_every_operation_declares_the_scope_a_credential_needs() -> None:
    """No operation may be served without a scope: the document says which, per operation."""
    from sqmy_core.service.scopes import PUBLIC, SCOPE_KEY, SCOPES

    doc = json.loads(openapi_text())
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            assert operation.get(SCOPE_KEY) in {*SCOPES, PUBLIC}, (method, path)
            if method == "get" and path != "/health":
                # a clue's contact is personal data: reading it needs its own scope
                wanted = "contacts" if path.endswith("/contact") else "read"
                assert operation[SCOPE_KEY] == wanted, path
