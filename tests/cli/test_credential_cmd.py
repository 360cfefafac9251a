"""``sqmy credential add|list|revoke``: a token shown once, only its hash kept, refusals exit 2."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from sqmy_core.plugins import open_store
from sqmy_core.testing.service_flow import ORG, prepare
from sqmy_core.workspace.credentials import token_hash, token_id
from tests.cli.conftest import CJK, RULESET, sqmy

TOKEN = re.compile(r"^sqmy_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "office.db"
    prepare(str(path), Path(RULESET))
    return path


def add(db: Path, *more: str) -> list[str]:
    return ["credential", "add", "--db", str(db), "--org", ORG, "--name", "区政协OA",
            "--scope", "read", "--scope", "workflow", "--actor", "s1", *more]


def digest(db: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(db.parent.iterdir()) if f.name.startswith(db.name)}


def records(db: Path, org: str = ORG) -> list[dict[str, object]]:
    store = open_store(f"sqlite:///{db}", org)
    try:
        return [dict(r) for r in store.list("credential")]
    finally:
        store.close()


def test_add_prints_the_token_once_and_stores_only_its_hash(db: Path) -> None:
    ran = sqmy(*add(db, "--format", "token"))
    assert ran.code == 0, ran.err
    (line,) = ran.out.splitlines()
    assert TOKEN.match(line)
    (record,) = records(db)
    assert record["id"] == token_id(line) and record["sha256"] == token_hash(line)
    assert record["scopes"] == ["read", "workflow"] and record["issued_by"] == "s1"
    secret = line.split("_", 2)[2]  # sqmy_<id>_<secret>; the secret may hold "_" itself
    assert len(secret) >= 43 and secret not in json.dumps(record)
    assert sqmy("audit", "verify", "--db", str(db)).code == 0


def test_the_table_says_what_was_issued_and_the_token_is_the_last_line(db: Path) -> None:
    zh = sqmy(*add(db))
    assert zh.code == 0 and "只显示这一次" in zh.out
    assert TOKEN.match(zh.out.splitlines()[-1])
    en = sqmy("--lang", "en", *add(db, "--role", "staff"))
    first = en.out.splitlines()[0]
    assert en.code == 0 and first.startswith("issued credential ")
    assert not CJK.search(first.replace("区政协OA", "")) and "shown only this once" in first
    doc = json.loads(sqmy(*add(db, "--format", "json", "--expires",
                               "2030-01-01T00:00:00+08:00")).out)
    assert TOKEN.match(doc["token"]) and doc["id"] == token_id(doc["token"])
    assert (doc["organizations"], doc["expires"]) == ([ORG], "2030-01-01T00:00:00+08:00")


def test_list_reads_only_and_never_shows_a_hash_or_a_token(db: Path) -> None:
    token = sqmy(*add(db, "--format", "token")).out.strip()
    before = digest(db)
    for fmt in ("table", "json"):
        ran = sqmy("credential", "list", "--db", str(db), "--format", fmt)
        assert ran.code == 0, ran.err
        assert token_id(token) in ran.out  # type: ignore[operator]
        assert token_hash(token) not in ran.out and token not in ran.out
        assert "sha256" not in ran.out
    (shown,) = json.loads(sqmy("credential", "list", "--db", str(db), "--format", "json").out)
    assert shown["name"] == "区政协OA" and shown["revoked"] is False
    assert digest(db) == before


def test_revoke_marks_it_revoked_and_the_service_refuses_it(db: Path) -> None:
    from fastapi.testclient import TestClient

    from sqmy_core.service import create_app

    token = sqmy(*add(db, "--format", "token")).out.strip()
    app = create_app(str(db))
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(app, headers=headers) as client:
        assert client.get(f"/orgs/{ORG}/pieces").status_code == 200
        ran = sqmy("credential", "revoke", "--db", str(db), "--actor", "s1", str(token_id(token)))
        assert ran.code == 0, ran.err
        assert client.get(f"/orgs/{ORG}/pieces").status_code == 401
    (record,) = records(db)
    assert record["revoked"] is True and record["revoked_at"] is not None
    again = sqmy("credential", "revoke", "--db", str(db), "--actor", "s1", str(token_id(token)))
    assert again.code == 0 and records(db) == [record]  # already revoked: left as it was
    assert sqmy("audit", "verify", "--db", str(db)).code == 0


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["--scope", "everything"], "scope"),
        (["--expires", "2020-01-01T00:00:00+08:00"], "expires"),
        (["--role", "pope"], "role"),
        (["--org", "distrct"], "--org"),
    ],
    ids=["scope", "expired", "role", "misspelt-org"],
)
def test_a_wrong_credential_exits_2_naming_it_and_writes_nothing(
    db: Path, args: list[str], where: str
) -> None:
    before = digest(db)
    ran = sqmy(*add(db, *args), "--lang", "en")
    assert ran.code == 2 and ran.out == ""
    assert where in ran.err, ran.err
    assert records(db) == [] and digest(db) == before  # checked before anything is written


def test_a_credential_for_two_organizations_is_refused_whole_if_one_refuses(
    db: Path,
) -> None:
    from datetime import UTC, datetime

    from sqmy_core.workspace.workspace import Workspace

    with Workspace.open(str(db), ruleset=Path(RULESET).parent / "party.toml") as ws:
        ws.apply_ruleset(ws.ruleset, actor="s1", at=datetime(2024, 1, 1, tzinfo=UTC))
    before = digest(db)
    ran = sqmy(*add(db, "--org", "party"))  # s1 is staff of district only
    assert ran.code == 2 and "'s1'" in ran.err
    assert records(db) == [] and records(db, "party") == [] and digest(db) == before


def test_only_staff_issue_and_a_new_organization_needs_new_org(db: Path) -> None:
    ran = sqmy("credential", "add", "--db", str(db), "--org", ORG, "--name", "x",
               "--scope", "read", "--actor", "nobody")
    assert ran.code == 2 and "nobody" in ran.err
    fresh = ["credential", "add", "--db", str(db), "--org", "newco", "--name", "新组织OA",
             "--scope", "admin", "--actor", "founder", "--format", "token"]
    assert sqmy(*fresh).code == 2
    ran = sqmy(*fresh, "--new-org")
    assert ran.code == 0, ran.err
    assert TOKEN.match(ran.out.strip())
    assert [r["id"] for r in records(db, "newco")] == [token_id(ran.out.strip())]


def test_revoking_an_unknown_credential_exits_2(db: Path) -> None:
    ran = sqmy("credential", "revoke", "--db", str(db), "--actor", "s1", "0123456789abcdef")
    assert ran.code == 2 and "0123456789abcdef" in ran.err


def test_serve_refuses_incomplete_jwt_settings_before_serving(db: Path) -> None:
    ran = sqmy("--lang", "en", "serve", "--db", str(db), "--jwt-issuer", "https://sso.invalid")
    assert ran.code == 2 and ran.out == ""
    assert "--jwt-jwks or --jwt-key-file" in ran.err


@pytest.mark.parametrize(
    "args",
    [["--name", "\udcff"], ["--name", "a\x00b"], ["--role", "\udcff"], ["--actor", "\udcff"],
     ["--scope", "\x00"], ["--org", "\udcff", "--new-org"]],
    ids=["surrogate-name", "nul-name", "surrogate-role", "surrogate-actor", "nul-scope",
         "surrogate-org"],
)
def test_text_no_database_can_hold_is_refused_not_a_crash(db: Path, args: list[str]) -> None:
    """Found by trying: a lone surrogate reached SQLite and was an internal error (exit 1)."""
    before = digest(db)
    ran = sqmy(*add(db, *args))
    assert ran.code == 2 and ran.out == "", ran.err
    assert digest(db) == before
    for command in (["revoke", "--actor", "s1", "\udcff"], ["list", "--org", "a\x00"]):
        assert sqmy("credential", command[0], "--db", str(db), *command[1:]).code == 2
