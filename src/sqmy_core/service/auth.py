"""Authentication and authority: one app-level dependency in front of every operation.

Every request but the health check carries ``Authorization: Bearer <token>``.
:class:`Authenticator` -- the one dependency of the whole application, so no
endpoint module does anything of its own -- runs before the endpoint:

1. it reads the scope the matched route declares (``x-sqmy-scope``,
   :mod:`sqmy_core.service.scopes`); a route that declares none, or one that
   names no organization, is refused: fail closed;
2. it checks the token: a JWT when JWT verification is configured
   (:mod:`sqmy_core.service.auth_jwt`), else a credential of the
   organization's registry (:mod:`sqmy_core.workspace.credentials`): a
   token that is missing, unknown, revoked or expired is 401; one valid
   only for other organizations, or without the scope, is 403;
3. it checks the people the request names as acting
   (:mod:`sqmy_core.service.auth_actor`): 403 naming ``actor`` (or the
   query parameter), what was expected and what was found.

It reads only: the store is opened, read and closed, and nothing is
written, so a refusal changes nothing anywhere.  What it decided goes to the
access log (the credential's id and the outcome, see
:mod:`sqmy_core.service.logs`); what the request then writes is audited by
the workspace with the credential it came through
(:data:`sqmy_core.workspace.audit.VIA`).  The clock is read here, as
:func:`sqmy_core.service.app.clock` does, for a request that gives no time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Final

from attrs import frozen
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from sqmy_core.errors import NotFound, Problem
from sqmy_core.i18n import message
from sqmy_core.interchange.dataset_common import id_problem
from sqmy_core.plugins import get_plugin_manager, open_store
from sqmy_core.rules import Ruleset
from sqmy_core.service.auth_actor import Acting, check_acting, named
from sqmy_core.service.auth_identity import AuthRefused, Identity, forbidden, unauthenticated
from sqmy_core.service.auth_jwt import JwtSettings, JwtVerifier, looks_like_jwt
from sqmy_core.service.logs import AUTH_KEY
from sqmy_core.service.problems import (
    MEDIA_TYPE,
    TYPE_BASE,
    language,
    problem_entries,
    problem_response,
)
from sqmy_core.service.scopes import PUBLIC, SCOPE_KEY, SCOPES
from sqmy_core.storage import EventStore
from sqmy_core.workspace import credentials, versions
from sqmy_core.workspace.audit import VIA
from sqmy_core.workspace.ruleset_versions import parse_version

STATE_KEY: Final = AUTH_KEY
"""Where in the ASGI scope the decision is left for the access log: ``{"credential", "outcome"}``."""

SCHEME: Final = "bearer"
"""The OpenAPI security scheme's name."""

_KEPT_RULESETS: Final = 16


@frozen
class AuthSettings:
    """How ``create_app`` authenticates: credentials always, JWTs too when ``jwt`` is given."""

    jwt: JwtSettings | None = None


class Authenticator:
    """The application's dependency (see the module docstring)."""

    def __init__(self, url: str, organization: str | None, settings: AuthSettings) -> None:
        self.url = url
        self.organization = organization
        self.jwt = None if settings.jwt is None else JwtVerifier(settings.jwt)
        self._pm = get_plugin_manager()
        self._rulesets: dict[str, Ruleset] = {}
        self._lock = threading.Lock()

    async def __call__(self, request: Request) -> None:
        decision: dict[str, Any] = {"credential": None, "outcome": "refused"}
        request.scope[STATE_KEY] = decision
        VIA.set(None)
        needed = declared_scope(request.scope.get("route"))
        if needed == PUBLIC:
            decision["outcome"] = "public"
            return
        try:
            body = await request.body()
            acting = named(body, request.headers.get("content-type"), request.query_params)
            identity = await run_in_threadpool(
                self.check, request.path_params.get("org"), needed,
                request.headers.get("authorization"), acting, decision,
            )
        except AuthRefused as refused:
            decision["outcome"] = refused.outcome
            raise
        decision["outcome"] = "ok"
        VIA.set(identity.via())

    def check(
        self,
        org: str | None,
        needed: str | None,
        header: str | None,
        acting: list[Acting],
        decision: dict[str, Any],
    ) -> Identity:
        """Steps 1-3 of the module docstring for one request (run off the event loop)."""
        if needed is None or needed not in SCOPES:
            raise forbidden("service.auth.no_scope_declared", "")
        token = bearer(header)
        if org is None:
            raise forbidden("service.auth.no_org", "")
        if (self.organization is not None and org != self.organization) or id_problem(org):
            raise NotFound([Problem("org", "service.unknown_org", {"found": repr(org)})])
        now = datetime.now(UTC)
        with self._store(org) as store:
            if self.jwt is not None and looks_like_jwt(token):
                identity = self.jwt.verify(token)
                decision["credential"] = identity.log_id
                if identity.organizations is None or org not in identity.organizations:
                    raise _other_org(store, org, identity.log_id)
            else:
                identity = self._credential(store, org, token, now)
                decision["credential"] = identity.log_id
            if needed not in identity.scopes:
                raise forbidden("service.auth.scope", "Authorization", scope=needed,
                                expected=needed, found=" ".join(sorted(identity.scopes)) or "—")
            check_acting(identity, acting, lambda p: store.get("person", p),
                         self._ruleset(store), now, needed, lambda: bool(store.list("person")))
        return identity

    def _credential(self, store: EventStore, org: str, token: str, now: datetime) -> Identity:
        found = credentials.find(store, token)
        if found is None:
            if self._elsewhere(store, org, token):
                raise _other_org(store, org, str(credentials.token_id(token)))
            raise unauthenticated("service.auth.unknown_token")
        if found.revoked:
            at = found.revoked_at.isoformat() if found.revoked_at else "—"
            raise unauthenticated("service.auth.revoked", credential=found.id, at=at)
        if not found.active_at(now):
            at = found.expires.isoformat() if found.expires else "—"
            raise unauthenticated("service.auth.expired", credential=found.id, at=at)
        return Identity(kind="credential", id=found.id, name=found.name,
                        scopes=frozenset(found.scopes), roles=found.roles)

    def _elsewhere(self, store: EventStore, org: str, token: str) -> bool:
        """Whether the token is a credential of another organization of the database (only
        asked when it is none of this one's, so a valid request never pays for it)."""
        if self.organization is not None or credentials.token_id(token) is None:
            return False
        for other in store.organizations():
            if other == org:
                continue
            with self._store(other) as there:
                if credentials.find(there, token) is not None:
                    return True
        return False

    @contextmanager
    def _store(self, org: str) -> Iterator[EventStore]:
        store = open_store(self.url, org, self._pm)
        try:
            yield store
        finally:
            store.close()

    def _ruleset(self, store: EventStore) -> Ruleset | None:
        """The ruleset in force (parsed once per version text), or None: none applied yet."""
        kept = versions.current(store.ruleset_versions())
        if kept is None:
            return None
        with self._lock:
            ruleset = self._rulesets.get(kept.sha256)
        if ruleset is None:
            ruleset = parse_version(kept)
            with self._lock:
                if len(self._rulesets) >= _KEPT_RULESETS:
                    self._rulesets.clear()
                self._rulesets[kept.sha256] = ruleset
        return ruleset


def _other_org(store: EventStore, org: str, credential: str) -> Exception:
    """A caller known elsewhere asking for ``org``: 403, or 404 when ``org`` is no organization
    of the database at all (no ruleset in force: what every endpoint would answer too)."""
    if versions.current(store.ruleset_versions()) is None:
        return NotFound([Problem("org", "service.unknown_org", {"found": repr(org)})])
    return forbidden("service.auth.other_org", "Authorization", credential=credential,
                     found=repr(org))


def bearer(header: str | None) -> str:
    """The token of ``Authorization: Bearer <token>`` (the scheme in any case, RFC 7235)."""
    if header is None or not header.strip():
        raise unauthenticated("service.auth.missing")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise unauthenticated("service.auth.bad_scheme", found=repr(scheme[:20]))
    return token


def declared_scope(route: Any) -> str | None:
    """The scope the matched route declares (None: it declares none, or no route matched)."""
    extra = getattr(route, "openapi_extra", None)
    scope = extra.get(SCOPE_KEY) if isinstance(extra, Mapping) else None
    return scope if isinstance(scope, str) else None


def install(app: FastAPI) -> None:
    """Answer the layer's refusals as problem details with their status and challenge."""

    async def refused(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AuthRefused)
        lang = language(request.headers.get("accept-language"))
        if exc.status == 403:
            answer = problem_response(exc.status, exc.problems, lang)
        else:  # 401 is this layer's own status: its kind and title are said here
            entries = problem_entries(exc.problems, lang)
            body = {"type": TYPE_BASE + "unauthorized",
                    "title": message("service.title.unauthorized", lang), "status": exc.status,
                    "detail": "\n".join(e["message"] for e in entries), "problems": entries}
            answer = JSONResponse(body, status_code=exc.status, media_type=MEDIA_TYPE)
        answer.headers["WWW-Authenticate"] = exc.challenge
        return answer

    app.add_exception_handler(AuthRefused, refused)


def secure_document(doc: dict[str, Any]) -> None:
    """Declare the bearer scheme in an OpenAPI document: every operation with a scope needs it
    and may answer 401; the public ones need nothing."""
    components = doc.setdefault("components", {})
    components.setdefault("securitySchemes", {})[SCHEME] = {
        "type": "http",
        "scheme": "bearer",
        "description": "API 凭据（sqmy credential add 签发）或所配置签发方的 JWT（见 docs/service.md）",
    }
    unauthorized = {
        "description": "unauthorized",
        "content": {"application/problem+json": {
            "schema": {"$ref": "#/components/schemas/ProblemDetails"}}},
        "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
    }
    for item in doc.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or SCOPE_KEY not in operation:
                continue
            if operation[SCOPE_KEY] == PUBLIC:
                operation["security"] = []
                continue
            operation["security"] = [{SCHEME: []}]
            operation.setdefault("responses", {})["401"] = unauthorized


__all__ = [
    "SCHEME",
    "STATE_KEY",
    "AuthSettings",
    "Authenticator",
    "bearer",
    "declared_scope",
    "install",
    "secure_document",
]
