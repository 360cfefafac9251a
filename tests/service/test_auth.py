"""Authentication and authority: who may call, for which organization, scope and acting person.

The ``client`` fixture holds a credential with every scope; each test here
issues the credential it is about (:func:`issue_credential`) and sends it
itself.  Refusals are 401 (not known) or 403 (known, not allowed), as
problem details naming what was expected and found, and change nothing.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sqmy_core.interchange import dataset_to_doc
from sqmy_core.plugins import open_store
from sqmy_core.service import create_app
from sqmy_core.service.scopes import PUBLIC, SCOPE_KEY, SCOPES
from sqmy_core.storage import EventStore
from sqmy_core.testing.service_flow import (
    ORG,
    STAFF,
    T0,
    bearer,
    drive_piece,
    issue_credential,
    ok,
    prepare,
)
from sqmy_core.workspace.audit_verify import verify
from sqmy_core.workspace.backup import backup_text, restore
from sqmy_core.workspace.credentials import CredentialBook, new_token, token_hash, token_id
from sqmy_core.workspace.workspace import Workspace

BASE = f"/orgs/{ORG}/pieces"
REPO = Path(__file__).resolve().parents[2]


def submit_body(piece: str = "2024-050", actor: str = "p001", now: str = T0) -> dict[str, Any]:
    return {"id": piece, "actor": actor, "title": "关于加强社区养老的建议", "authors": ["p001"],
            "unit": "sec-econ", "now": now}


def store_of(db: Path, org: str = ORG) -> EventStore:
    return open_store(f"sqlite:///{db}", org)


def digest(db: Path) -> dict[str, str]:
    """Every byte of the database (and its journal files): what a read must leave as it was."""
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(db.parent.iterdir()) if f.name.startswith(db.name)
    }


def problem(answer: Any) -> dict[str, Any]:
    assert answer.headers["Content-Type"] == "application/problem+json", answer.text
    first: dict[str, Any] = answer.json()["problems"][0]
    return first


@pytest.fixture
def app(client: TestClient, db: Path) -> Any:
    """A service over the database the ``client`` fixture synced (its registry is there)."""
    return create_app(str(db))


def call(app: Any, method: str, url: str, token: str | None = None, **kw: Any) -> Any:
    headers = dict(kw.pop("headers", {}))
    if token is not None:
        headers.update(bearer(token))
    with TestClient(app) as c:
        return c.request(method, url, headers=headers, **kw)


# -- who is calling: 401 ---------------------------------------------------------------


def test_no_token_is_401_with_a_bearer_challenge_and_the_health_check_needs_none(app: Any) -> None:
    answer = call(app, "GET", f"{BASE}/2024-001", headers={"Accept-Language": "en"})
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == 'Bearer realm="sqmy"'
    assert (answer.json()["title"], answer.json()["status"]) == ("Unauthorized", 401)
    assert answer.json()["type"].endswith("/unauthorized")
    found = problem(answer)
    assert (found["path"], found["code"]) == ("Authorization", "service.auth.missing")
    assert found["message"].startswith("Authorization: no credential")
    assert call(app, "GET", "/health").status_code == 200


@pytest.mark.parametrize("header", ["Basic czE6cw==", "Bearer", "Bearer a b", "sqmy_x"])
def test_another_scheme_or_a_malformed_header_is_401(app: Any, header: str) -> None:
    answer = call(app, "GET", BASE, headers={"Authorization": header})
    assert answer.status_code == 401 and problem(answer)["code"] == "service.auth.bad_scheme"
    assert 'error="invalid_token"' in answer.headers["WWW-Authenticate"]


def test_an_unknown_token_or_a_known_id_with_another_secret_is_401(app: Any, token: str) -> None:
    # the real id, a guessed secret (sqmy_<id>_<secret>: the secret may hold "_" itself)
    forged = "_".join(token.split("_", 2)[:2]) + "_" + "A" * 43
    for wrong in (new_token().token, forged, "not-a-token"):
        answer = call(app, "GET", BASE, wrong)
        assert answer.status_code == 401, wrong
        assert problem(answer)["code"] == "service.auth.unknown_token"
    assert call(app, "GET", BASE, token).status_code == 200
    assert call(app, "GET", BASE, headers={"Authorization": f"bEaReR {token}"}).status_code == 200


def test_a_revoked_credential_is_401_from_then_on(app: Any, db: Path) -> None:
    token = issue_credential(str(db))
    assert call(app, "GET", BASE, token).status_code == 200
    store = store_of(db)
    try:
        CredentialBook(store).revoke(str(token_id(token)), actor="s1", now=datetime.now(UTC))
    finally:
        store.close()
    answer = call(app, "GET", BASE, token, headers={"Accept-Language": "en"})
    assert answer.status_code == 401
    assert problem(answer)["code"] == "service.auth.revoked"
    assert f"credential {token_id(token)} was revoked at" in problem(answer)["message"]


def test_an_expired_credential_is_401(app: Any, db: Path) -> None:
    token = new_token()
    store = store_of(db)
    try:
        CredentialBook(store).issue(
            token.id, sha256=token.sha256, name="旧OA", scopes=["read"], actor="s1",
            now=datetime(2020, 1, 1, tzinfo=UTC), expires=datetime(2021, 1, 1, tzinfo=UTC))
    finally:
        store.close()
    answer = call(app, "GET", BASE, token.token)
    assert answer.status_code == 401
    assert problem(answer)["code"] == "service.auth.expired"
    assert "2021-01-01T00:00:00+00:00" in problem(answer)["message"]


# -- what it may do: 403 ---------------------------------------------------------------


def _operations(app: Any) -> list[tuple[str, str, str]]:
    """Every operation of the app's document: (method, path with its parameters filled, scope)."""
    out = []
    for template, item in app.openapi()["paths"].items():
        path = template.replace("{org}", ORG)
        while "{" in path:
            start = path.index("{")
            path = path[:start] + "x" + path[path.index("}") + 1:]
        for method, operation in item.items():
            out.append((method.upper(), path, operation[SCOPE_KEY]))
    return out


def test_every_operation_needs_its_own_scope_and_no_other(app: Any, db: Path) -> None:
    operations = _operations(app)
    assert {s for _, _, s in operations} >= {"read", "registry", "workflow", "outcomes"}
    tokens = {s: issue_credential(str(db), scopes=[s]) for s in SCOPES}
    for method, path, scope in operations:
        if scope == PUBLIC:
            assert call(app, method, path).status_code == 200
            continue
        for held, token in tokens.items():
            answer = call(app, method, path, token, json={})
            if held == scope:
                assert answer.status_code not in (401, 403), (method, path, answer.text)
                continue
            assert answer.status_code == 403, (method, path, held, answer.text)
            assert problem(answer)["code"] == "service.auth.scope"
            assert problem(answer)["expected"] == scope and problem(answer)["found"] == held
            assert f'scope="{scope}"' in answer.headers["WWW-Authenticate"]


def test_a_route_that_declares_no_scope_is_refused_to_every_credential(
    db: Path, token: str
) -> None:
    app = create_app(str(db))

    @app.get("/orgs/{org}/undeclared")
    def undeclared(org: str) -> dict[str, str]:
        return {"served": org}

    answer = call(app, "GET", f"/orgs/{ORG}/undeclared", token)
    assert answer.status_code == 403
    assert problem(answer)["code"] == "service.auth.no_scope_declared"


def test_a_credential_is_limited_to_its_organizations(tmp_path: Path) -> None:
    db = tmp_path / "two.db"
    prepare(str(db), REPO / "rulesets" / "district.toml")
    with Workspace.open(str(db), ruleset=REPO / "rulesets" / "party.toml") as ws:
        ws.apply_ruleset(ws.ruleset, actor="s1", at=datetime(2024, 1, 1, tzinfo=UTC))
        ws.register_person(STAFF, actor="s1", now=datetime(2024, 1, 1, tzinfo=UTC))
    district = issue_credential(str(db))
    app = create_app(str(db))
    assert call(app, "GET", "/orgs/district/pieces", district).status_code == 200
    answer = call(app, "GET", "/orgs/party/pieces", district)
    assert answer.status_code == 403
    assert problem(answer)["code"] == "service.auth.other_org"
    assert "'party'" in problem(answer)["found"]
    assert call(app, "GET", "/orgs/nowhere/pieces", district).status_code == 404
    both = new_token()
    for org in ("district", "party"):
        store = store_of(db, org)
        try:
            CredentialBook(store).issue(both.id, sha256=both.sha256, name="两级OA",
                                        scopes=["read"], actor="s1", now=datetime.now(UTC))
        finally:
            store.close()
    for org in ("district", "party"):
        assert call(app, "GET", f"/orgs/{org}/pieces", both.token).status_code == 200


# -- the acting person -------------------------------------------------------------------


def test_an_actor_who_is_not_registered_is_403_naming_actor(app: Any, token: str) -> None:
    answer = call(app, "POST", BASE, token, json=submit_body(actor="ghost"),
                  headers={"Accept-Language": "en"})
    assert answer.status_code == 403
    found = problem(answer)
    assert (found["path"], found["code"], found["found"]) == (
        "actor", "service.auth.actor_unknown", "'ghost'")
    assert found["message"] == (
        "actor: the acting person 'ghost' is not registered in this organization")


@pytest.mark.parametrize("actor", ["\\udcff", "a\\u0000"], ids=["surrogate", "nul"])
def test_an_actor_id_no_registry_can_hold_is_nobody_and_never_looked_up(
    app: Any, token: str, actor: str
) -> None:
    body = json.dumps(submit_body(actor="ACTOR")).replace("ACTOR", actor).encode()
    answer = call(app, "POST", BASE, token, content=body,
                  headers={"Content-Type": "application/json"})
    assert answer.status_code == 403 and problem(answer)["code"] == "service.auth.actor_unknown"
    assert call(app, "GET", "/orgs/%00/pieces", token).status_code == 404


def test_an_actor_out_of_term_at_the_act_is_403_and_in_term_passes(app: Any, token: str) -> None:
    ok(call(app, "PUT", f"/orgs/{ORG}/people/p003", token, headers={"If-Match": '"0"'}, json={
        "actor": "s1", "name": "王五", "roles": ["member"], "units": ["sec-econ"], "now": T0,
        "since": "2024-01-01T00:00:00+08:00", "until": "2024-02-01T00:00:00+08:00"}))
    late = submit_body("2024-051", actor="p003")
    answer = call(app, "POST", BASE, token, json=late)
    assert answer.status_code == 403
    assert problem(answer)["code"] == "service.auth.actor_out_of_term"
    assert "2024-02-01T00:00:00+08:00" in problem(answer)["message"]
    in_term = {**late, "authors": ["p003"], "now": "2024-01-15T09:00:00+08:00"}
    assert call(app, "POST", BASE, token, json=in_term).status_code == 201


def test_an_actor_holding_none_of_the_rulesets_roles_is_403(app: Any, token: str, db: Path) -> None:
    store = store_of(db)
    try:  # a record the registry would refuse now (a role dropped from the ruleset, say)
        with store.transaction():
            store.put("person", "p404", {"id": "p404", "name": "旧角色", "roles": ["retired"]})
    finally:
        store.close()
    answer = call(app, "POST", BASE, token, json=submit_body(actor="p404"))
    assert answer.status_code == 403
    found = problem(answer)
    assert found["code"] == "service.auth.actor_no_role" and "member" in found["expected"]


def test_a_role_limited_credential_lets_only_those_roles_act(app: Any, db: Path) -> None:
    staff_only = issue_credential(str(db), roles=["staff"])
    answer = call(app, "POST", BASE, staff_only, json=submit_body())
    assert answer.status_code == 403
    found = problem(answer)
    assert (found["code"], found["expected"]) == ("service.auth.actor_role_limited", "staff")
    assert "member" in found["message"]
    by_staff = {**submit_body("2024-052"), "actor": "s1"}
    assert call(app, "POST", BASE, staff_only, json=by_staff).status_code == 201


def test_a_read_for_a_person_checks_that_person_too(app: Any, db: Path, token: str) -> None:
    drive = call(app, "POST", BASE, token, json=submit_body())
    assert drive.status_code == 201
    answer = call(app, "GET", f"{BASE}/2024-050", token, params={"for": "ghost"})
    assert answer.status_code == 403 and problem(answer)["path"] == "for"
    listed = call(app, "GET", BASE, token, params={"awaiting_review": "ghost"})
    assert listed.status_code == 403 and problem(listed)["path"] == "awaiting_review"
    limited = issue_credential(str(db), roles=["reviewer_initial"])
    assert call(app, "GET", BASE, limited, params={"awaiting_review": "r-initial"}).status_code == 200
    assert call(app, "GET", BASE, limited, params={"awaiting_review": "p001"}).status_code == 403


# -- what is kept, and what is not --------------------------------------------------------


def test_only_the_hash_is_stored_and_the_token_is_nowhere(
    client: TestClient, db: Path, token: str
) -> None:
    drive_piece(client)
    secret = token.split("_", 2)[2]  # the whole secret, which may itself hold "_"
    assert len(secret) >= 43
    store = store_of(db)
    try:
        (record,) = store.list("credential")
        assert record["sha256"] == token_hash(token) and record["id"] == token_id(token)
        assert secret not in json.dumps(record)
        audit = json.dumps([r.entry.detail for r in store.audit_records()], ensure_ascii=False)
        assert secret not in audit and token_hash(token) not in audit
        backup = backup_text(store)
        assert token_hash(token) in backup and secret not in backup  # a backup keeps the hash
    finally:
        store.close()
    for path in db.parent.iterdir():
        assert secret.encode() not in path.read_bytes(), path
    with Workspace.open(str(db), organization=ORG) as ws:
        exported = ws.export()
    text = json.dumps(dataset_to_doc(exported), ensure_ascii=False)
    assert "credential" not in text and str(token_id(token)) not in text


def test_every_write_is_audited_with_the_credential_it_came_through(
    client: TestClient, db: Path, token: str
) -> None:
    drive_piece(client)
    refused = client.post(f"{BASE}/2024-001/withdraw", json={"actor": "p002", "now": T0})
    assert refused.status_code in (403, 409)  # refused by the workflow: audited too
    store = store_of(db)
    try:
        records = store.audit_records()
        via = {"credential": token_id(token), "name": "测试OA"}
        served = [r.entry for r in records if r.entry.detail.get("via") == via]
        actions = [e.action for e in served]
        assert actions[:2] == ["register_unit", "register_person"]
        assert {"submit", "review", "dispatch", "record_adoption", "withdraw"} <= set(actions)
        assert served[-1].outcome != "ok" and served[-1].detail["via"] == via
        before_service = [r.entry.action for r in records if "via" not in r.entry.detail]
        assert before_service == ["apply_ruleset", "register_person", "issue_credential"]
        assert verify(store).ok
    finally:
        store.close()
    with Workspace.open(str(db), organization=ORG) as ws:  # not through the service: no via
        ws.register_person(STAFF, actor="s1", now=datetime.fromisoformat(T0))
        assert "via" not in ws.store.audit_records()[-1].entry.detail


def test_refusals_of_the_layer_and_reads_change_no_byte(app: Any, db: Path, token: str) -> None:
    read_only = issue_credential(str(db), scopes=["read"])
    before = digest(db)
    attempts = [
        ("POST", BASE, None, submit_body()),
        ("POST", BASE, read_only, submit_body()),
        ("POST", BASE, new_token().token, submit_body()),
        ("POST", BASE, token, submit_body(actor="ghost")),
        ("GET", BASE, token, None),
        ("GET", f"{BASE}/nope", read_only, None),
    ]
    for method, url, sent, body in attempts:
        assert call(app, method, url, sent, json=body).status_code in (200, 401, 403, 404)
    assert digest(db) == before


def test_the_document_declares_the_bearer_scheme(app: Any) -> None:
    doc = app.openapi()
    assert doc["components"]["securitySchemes"]["bearer"] == {
        **doc["components"]["securitySchemes"]["bearer"], "type": "http", "scheme": "bearer"}
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if operation[SCOPE_KEY] == PUBLIC:
                assert operation["security"] == [], path
            else:
                assert operation["security"] == [{"bearer": []}], (method, path)
                assert "401" in operation["responses"], (method, path)


def test_a_backup_keeps_the_credentials_and_the_restored_service_takes_the_token(
    client: TestClient, db: Path, token: str, tmp_path: Path
) -> None:
    drive_piece(client)
    store = store_of(db)
    try:
        text = backup_text(store)
    finally:
        store.close()
    copy = tmp_path / "restored.db"
    target = open_store(f"sqlite:///{copy}", ORG)
    try:
        restore(target, json.loads(text), "backup.json")
        assert backup_text(target) == text and verify(target).ok
    finally:
        target.close()
    restored = create_app(str(copy))
    assert call(restored, "GET", f"{BASE}/2024-001", token).status_code == 200
    assert call(restored, "GET", BASE, new_token().token).status_code == 401
