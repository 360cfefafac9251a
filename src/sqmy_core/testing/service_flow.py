"""A piece's whole way through the HTTP service, for any backend (``tests/service``, the plugins).

:func:`prepare` puts the district ruleset in force in an empty store
through the library (``PUT /orgs/{org}/rulesets/{day}`` does it over HTTP:
``tests/service/test_rulesets.py`` sets a whole organization up that way); :func:`register`
syncs the registry over HTTP; :func:`drive_piece` submits a piece, passes it
through the three review levels and records its dispatch, adoption and
instruction, each on the version the last answer's ``ETag`` gave, checking
every answer; it returns the last one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from sqmy_core.model import Person
from sqmy_core.plugins import open_store
from sqmy_core.service.scopes import SCOPES
from sqmy_core.workspace.credentials import CredentialBook, new_token
from sqmy_core.workspace.workspace import Workspace

ORG: Final = "district"
ALL_SCOPES: Final = tuple(SCOPES)
STAFF: Final = Person("s1", "钱办", ("staff",))
"""The first staff member, registered by :func:`prepare`."""
T0: Final = "2024-03-01T09:00:00+08:00"
CHECKS: Final = ["political", "policy", "factual", "format", "wording"]
STAGES: Final = ("initial", "deputy", "chair")


def prepare(url: str, ruleset: Path) -> None:
    """Put ``ruleset`` in force in the store at ``url`` from 2024 on; register :data:`STAFF`."""
    at = datetime.fromisoformat(T0) - timedelta(days=30)
    with Workspace.open(url, ruleset=ruleset) as ws:
        ws.apply_ruleset(ws.ruleset, actor="s1", at=at, effective_from=date(2024, 1, 1))
        ws.register_person(STAFF, actor="s1", now=at)


def issue_credential(
    url: str,
    org: str = ORG,
    scopes: Sequence[str] = ALL_SCOPES,
    roles: Sequence[str] = (),
    expires: datetime | None = None,
    name: str = "测试OA",
) -> str:
    """A new credential of ``org`` issued by :data:`STAFF` now; its token (``Bearer`` it)."""
    token = new_token()
    store = open_store(url if "://" in url else f"sqlite:///{url}", org)
    try:
        CredentialBook(store).issue(token.id, sha256=token.sha256, name=name, scopes=scopes,
                                    roles=roles, expires=expires, actor=STAFF.id,
                                    now=datetime.now(UTC))
    finally:
        store.close()
    return token.token


def bearer(token: str) -> dict[str, str]:
    """The ``Authorization`` header of a token."""
    return {"Authorization": f"Bearer {token}"}


def register_staff(client: Any, org: str = ORG) -> None:
    """:data:`STAFF` PUT over HTTP: an organization started wholly over HTTP (its ruleset
    applied by ``PUT``) registers its first staff member so, as :func:`prepare` does."""
    answer = ok(client.put(f"/orgs/{org}/people/{STAFF.id}", headers={"If-Match": '"0"'},
                           json={"actor": STAFF.id, "name": STAFF.name,
                                 "roles": list(STAFF.roles), "now": T0}))
    assert answer.json()["version"] == 1


def register(client: Any, org: str = ORG) -> None:
    """A unit, three reviewers and two members, each PUT and checked (the staff member is
    :func:`prepare`'s)."""
    base = f"/orgs/{org}"
    ok(client.put(f"{base}/units/sec-econ", json={"actor": "s1", "name": "经济界",
                                                  "kind": "sector", "now": T0}))
    people = [("p001", "张三", ["member"], ["sec-econ"]), ("p002", "李四", ["member"], ["sec-econ"])]
    people += [(f"r-{s}", f"审{s}", [f"reviewer_{s}"], []) for s in STAGES]
    for ident, name, roles, units in people:
        answer = ok(client.put(f"{base}/people/{ident}", headers={"If-Match": '"0"'},
                               json={"actor": "s1", "name": name, "roles": roles,
                                     "units": units, "now": T0}))
        assert answer.json()["version"] == 1 and answer.headers["ETag"] == '"1"'


def ok(answer: Any) -> Any:
    assert answer.status_code in (200, 201), (answer.status_code, answer.text)
    return answer


def drive_piece(client: Any, piece: str = "2024-001", org: str = ORG) -> dict[str, Any]:
    """Submit ``piece``; three reviews, a dispatch, an adoption, an instruction (each If-Match)."""
    base = f"/orgs/{org}/pieces"
    answer = ok(client.post(base, json={"id": piece, "actor": "p001", "title": "关于老旧小区改造的建议",
                                        "authors": ["p001", "p002"], "unit": "sec-econ",
                                        "now": T0}))
    assert answer.status_code == 201 and answer.json()["status"] == "in_review"
    steps: list[tuple[str, dict[str, Any]]] = [
        ("review", {"actor": f"r-{stage}", "decision": "pass", "checks": CHECKS,
                    "now": f"2024-03-0{day}T10:00:00+08:00"})
        for day, stage in zip((2, 3, 4), STAGES, strict=True)
    ]
    steps += [
        ("dispatch", {"actor": "s1", "route": "direct", "to": "cppcc-city",
                      "now": "2024-03-05T10:00:00+08:00"}),
        ("adoptions", {"actor": "s1", "body": "cppcc-city", "now": "2024-04-02T15:00:00+08:00"}),
        ("instructions", {"actor": "s1", "level": "city", "rank": "principal",
                          "now": "2024-04-10T15:00:00+08:00"}),
    ]
    for action, body in steps:
        tag = answer.headers["ETag"]
        answer = ok(client.post(f"{base}/{piece}/{action}", json=body, headers={"If-Match": tag}))
        assert int(answer.headers["ETag"].strip('"')) > int(tag.strip('"'))
    doc: dict[str, Any] = answer.json()
    assert doc["status"] == "approved" and doc["version"] == len(doc["history"])
    assert [h["type"] for h in doc["history"]][-3:] == ["dispatched", "adopted", "instructed"]
    return doc


__all__ = [
    "ALL_SCOPES",
    "CHECKS",
    "ORG",
    "STAFF",
    "STAGES",
    "T0",
    "bearer",
    "drive_piece",
    "issue_credential",
    "ok",
    "prepare",
    "register",
    "register_staff",
]
