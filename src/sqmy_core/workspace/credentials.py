"""API credentials of the calling systems (an OA, a portal): issued, listed, revoked, matched.

A credential is a random bearer token given to one calling system, limited
to scopes (:data:`sqmy_core.service.scopes.SCOPES`) and optionally to the
roles the acting person must hold.  It lives in the registry of each
organization it is valid for, as a record of kind ``credential`` (one
record per organization, the same id and hash in each), so every backend
stores it, the registry's history and the audit chain cover it, a backup
keeps it and an export (``sqmy-dataset``, which lists its kinds by name)
never shows it.

The token is ``sqmy_<id>_<secret>``: ``id`` (16 hex digits) finds the record
without a scan, ``secret`` is 256 random bits.  Only the token's SHA-256 is
stored.  A slow password hash (bcrypt, Argon2) exists to make guessing a
*low-entropy* secret costly; a 256-bit random secret cannot be guessed at
any speed, and no dictionary holds it, so one SHA-256 is as safe here and
costs nothing per request.  The hash is compared in constant time
(:func:`hmac.compare_digest`).  The token is shown once, when issued, and
never again: no command reads it back, no record or log holds it.

Issuing and revoking are audited commands (:class:`CredentialBook`), run
on an organization's store directly: an organization with no ruleset in
force yet (the first one is to be applied through the service) may be given
a credential too.  Randomness is drawn here, at the workspace layer; the
time is passed in.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from attrs import evolve, frozen

from sqmy_core.errors import NotFound, PermissionDenied, Problem, RequestError
from sqmy_core.interchange.dataset_common import id_problem
from sqmy_core.model._convert import as_tuple
from sqmy_core.rules.declared import declarations_of
from sqmy_core.service.scopes import SCOPES
from sqmy_core.storage import EventStore, records
from sqmy_core.workspace import versions
from sqmy_core.workspace.audit import Audited, command
from sqmy_core.workspace.audit_claims import put_claim
from sqmy_core.workspace.ruleset_versions import parse_version

KIND: Final = "credential"
"""The registry kind credentials are stored as."""

TOKEN_PREFIX: Final = "sqmy_"
SECRET_BYTES: Final = 32
"""256 bits of randomness in every token's secret."""

ISSUER_ROLE: Final = "staff"
"""Who may issue or revoke a credential in an organization with a ruleset in force."""

MAX_NAME: Final = 200
_TOKEN: Final = re.compile(r"^sqmy_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")


@frozen
class Credential:
    """One organization's record of a credential (never the token itself)."""

    id: str
    name: str
    sha256: str
    scopes: tuple[str, ...]
    roles: tuple[str, ...]
    expires: datetime | None
    revoked: bool
    revoked_at: datetime | None
    issued_at: datetime
    issued_by: str

    def active_at(self, now: datetime) -> bool:
        """Neither revoked nor expired at ``now`` (``expires`` itself is already too late)."""
        return not self.revoked and (self.expires is None or now < self.expires)


@frozen
class NewToken:
    """A token as issued: its id (what records, logs and the audit name) and its text (shown once)."""

    id: str
    token: str

    @property
    def sha256(self) -> str:
        return token_hash(self.token)


def new_token() -> NewToken:
    """A fresh token: 64 random bits of id, 256 of secret."""
    ident = secrets.token_hex(8)
    return NewToken(ident, f"{TOKEN_PREFIX}{ident}_{secrets.token_urlsafe(SECRET_BYTES)}")


def token_id(token: str) -> str | None:
    """The id of a well-formed token (None: not one this library issued)."""
    found = _TOKEN.match(token)
    return found.group(1) if found else None


def token_hash(token: str) -> str:
    """The SHA-256 of the token's text (hex): all that is stored of it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def credential_doc(c: Credential) -> dict[str, Any]:
    """The registry record of a credential (JSON-ready, times ISO 8601 with an offset)."""
    return {
        "id": c.id,
        "name": c.name,
        "sha256": c.sha256,
        "scopes": list(c.scopes),
        "roles": list(c.roles),
        "expires": _iso(c.expires),
        "revoked": c.revoked,
        "revoked_at": _iso(c.revoked_at),
        "issued_at": c.issued_at.isoformat(),
        "issued_by": c.issued_by,
    }


def credential_of(doc: Mapping[str, Any]) -> Credential:
    return Credential(
        id=doc["id"],
        name=doc["name"],
        sha256=doc["sha256"],
        scopes=as_tuple(doc.get("scopes", ())),
        roles=as_tuple(doc.get("roles", ())),
        expires=_time(doc.get("expires")),
        revoked=bool(doc.get("revoked", False)),
        revoked_at=_time(doc.get("revoked_at")),
        issued_at=datetime.fromisoformat(doc["issued_at"]),
        issued_by=doc["issued_by"],
    )


def shown(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A credential's record as a listing shows it: everything but the hash."""
    return {k: v for k, v in doc.items() if k != "sha256"}


def find(store: EventStore, token: str) -> Credential | None:
    """The credential this token is, in the store's organization (None: no such token here).

    Only a token whose hash matches the record's counts: knowing an id is
    not knowing the token.  Revocation and expiry are the caller's to judge
    (:meth:`Credential.active_at`), so that it can say which it was.
    """
    ident = token_id(token)
    if ident is None:
        return None
    doc = store.get(KIND, ident)
    if doc is None:
        return None
    credential = credential_of(doc)
    return credential if hmac.compare_digest(credential.sha256, token_hash(token)) else None


class CredentialBook(Audited):
    """The credentials of one organization's store: issue, revoke, list (each write audited)."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def list(self) -> list[dict[str, Any]]:
        """Every credential of the organization as :func:`shown` (no hash); reads only."""
        return [shown(doc) for doc in self.store.list(KIND)]

    @command("issue_credential", "credential:{token_id}")
    def issue(
        self,
        token_id: str,
        *,
        sha256: str,
        name: str,
        scopes: Sequence[str],
        roles: Sequence[str] = (),
        expires: datetime | None = None,
        actor: str,
        now: datetime,
        request_id: str | None = None,
    ) -> Credential:
        """Store a new credential (its hash only); refused if the id is taken or anything is wrong."""
        self.check_issue(name=name, scopes=scopes, roles=roles, expires=expires, actor=actor,
                         now=now)
        credential = Credential(
            id=token_id,
            name=name,
            sha256=sha256,
            scopes=tuple(dict.fromkeys(scopes)),
            roles=tuple(dict.fromkeys(roles)),
            expires=expires,
            revoked=False,
            revoked_at=None,
            issued_at=now,
            issued_by=actor,
        )
        self._put(credential, expected_version=0)
        return credential

    @command("revoke_credential", "credential:{ident}")
    def revoke(
        self, ident: str, *, actor: str, now: datetime, request_id: str | None = None
    ) -> Credential:
        """Revoke a credential from ``now`` on; one already revoked is left as it is (repeated)."""
        bad = ids_problems([("actor", actor), ("", ident)])
        if bad:
            raise RequestError(bad)
        self._check_actor(actor, now)
        doc = self.store.get(KIND, ident)
        if doc is None:
            raise NotFound([Problem("", "unknown_ref", {"what": KIND, "found": repr(ident)})])
        credential = credential_of(doc)
        if credential.revoked:
            return credential
        done = evolve(credential, revoked=True, revoked_at=now)
        self._put(done, expected_version=self.store.registry_version(KIND, ident))
        return done

    def check_issue(
        self,
        *,
        name: str,
        scopes: Sequence[str],
        roles: Sequence[str],
        expires: datetime | None,
        actor: str,
        now: datetime,
    ) -> None:
        """Refuse what :meth:`issue` would refuse, writing nothing (not even a refusal's record):
        a credential for several organizations is checked in each before any is written."""
        ids = [("actor", actor), *(("role", r) for r in roles), *(("scope", s) for s in scopes)]
        bad = ids_problems(ids) + _name_problems(name)
        if bad:
            raise RequestError(bad)
        self._check_actor(actor, now)
        problems = _check_new(scopes, roles, expires, now, self._ruleset_roles())
        if problems:
            raise RequestError(problems)

    def _put(self, credential: Credential, *, expected_version: int) -> None:
        doc = credential_doc(credential)
        with self.store.transaction():
            number = self.store.put(KIND, credential.id, doc, expected_version=expected_version)
            self._audit_commit(put_claim(number, KIND, credential.id, doc))

    def _ruleset_roles(self) -> tuple[str, ...] | None:
        kept = versions.current(self.store.ruleset_versions())
        return None if kept is None else declarations_of(parse_version(kept)).roles

    def _check_actor(self, actor: str, now: datetime) -> None:
        """Staff issue and revoke; an organization with no ruleset yet has no staff to ask."""
        if self._ruleset_roles() is None:
            return
        doc = self.store.get("person", actor)
        if doc is None:
            raise PermissionDenied([Problem("actor", "unknown_actor", {"found": repr(actor)})])
        person = records.person_of(doc)
        if ISSUER_ROLE not in person.roles:
            raise PermissionDenied([Problem("actor", "service.auth.issuer_role", {
                "expected": ISSUER_ROLE, "found": ", ".join(person.roles) or "—"})])


def ids_problems(ids: Sequence[tuple[str, str]]) -> list[Problem]:
    """What is wrong with ids as the contract limits them (no store is asked about one: a lone
    surrogate or a NUL is not something every database can even look up)."""
    out = []
    for path, value in ids:
        found = id_problem(value)
        if found is not None:
            out.append(Problem(path, found[0], found[1]))
    return out


def _name_problems(name: str) -> list[Problem]:
    if not name.strip() or len(name) > MAX_NAME:
        return [Problem("name", "service.auth.bad_name", {"found": repr(name[:40])})]
    found = id_problem(name.strip())
    if found is not None and found[0] in ("lone_surrogate", "control_char"):
        return [Problem("name", found[0], found[1])]
    return []


def _check_new(
    scopes: Sequence[str],
    roles: Sequence[str],
    expires: datetime | None,
    now: datetime,
    declared: tuple[str, ...] | None,
) -> list[Problem]:
    problems = []
    if not scopes:
        problems.append(Problem("scope", "service.auth.no_scope", {"allowed": ", ".join(SCOPES)}))
    for scope in scopes:
        if scope not in SCOPES:
            problems.append(Problem("scope", "unknown_value", {
                "what": "scope", "found": repr(scope), "allowed": ", ".join(SCOPES)}))
    for role in roles:
        if declared is not None and role not in declared:
            problems.append(Problem("role", "unknown_value", {
                "what": "role", "found": repr(role), "allowed": ", ".join(declared)}))
    if expires is not None and expires <= now:
        problems.append(Problem("expires", "service.auth.expired_at_issue", {
            "found": expires.isoformat(), "now": now.isoformat()}))
    return problems


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def _time(text: Any) -> datetime | None:
    return None if text is None else datetime.fromisoformat(str(text))


__all__ = [
    "ISSUER_ROLE",
    "KIND",
    "TOKEN_PREFIX",
    "Credential",
    "CredentialBook",
    "NewToken",
    "credential_doc",
    "credential_of",
    "find",
    "ids_problems",
    "new_token",
    "shown",
    "token_hash",
    "token_id",
]
