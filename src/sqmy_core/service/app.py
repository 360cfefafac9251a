"""``create_app``: the ASGI application over one database's workspaces.

Each request opens the organization's :class:`~sqmy_core.workspace.workspace.Workspace`
on its own connection and closes it when answered: several server processes
on one database stay consistent because the workspace's guards (the version
read, the idempotency key) are checked in the store's transaction, not in
this process.  Opening writes nothing, so a read leaves the database as it
was.  The clock is read here (:func:`clock`) and nowhere below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, Final

from fastapi import Depends, FastAPI, Header, Path, Response

from sqmy_core.errors import NotFound, Problem, RequestError
from sqmy_core.service import auth as authentication
from sqmy_core.service import problems
from sqmy_core.service.auth import AuthSettings
from sqmy_core.service.bodies import ProblemDetails
from sqmy_core.service.logs import AccessLog
from sqmy_core.workspace.workspace import Workspace

API_VERSION: Final = "0.1"
"""The version of the HTTP interface (not the library's): it changes when the document does."""

_ETAG: Final = re.compile(r'^\s*(?:W/)?"?(\d{1,12})"?\s*$')


class Service:
    """What every endpoint needs: the database, the organization served (None: any), settings."""

    def __init__(
        self, url: str, organization: str | None, settings: Mapping[str, Any] | None
    ) -> None:
        self.url = url
        self.organization = organization
        self.settings = dict(settings or {})

    def opened(self) -> Any:
        """The ``Depends`` of an endpoint's workspace: the organization's of the path, opened
        for its request and closed when answered (every router's one way to a workspace)."""

        def workspace(org: str = Org()) -> Iterator[Workspace]:
            yield from self.workspace(org)

        return Depends(workspace)

    def workspace(self, org: str) -> Iterator[Workspace]:
        """The organization's workspace for one request (a FastAPI dependency's body)."""
        if self.organization is not None and org != self.organization:
            raise NotFound([Problem("org", "service.unknown_org", {"found": repr(org)})])
        try:
            ws = Workspace.open(self.url, organization=org, settings=self.settings)
        except NotFound as exc:  # no ruleset in force for it: not an organization served here
            if any(p.code == "workspace_needs_ruleset" for p in exc.problems):
                raise NotFound(
                    [Problem("org", "service.unknown_org", {"found": repr(org)})]
                ) from None
            raise
        try:
            yield ws
        finally:
            ws.close()


def clock(given: datetime | None) -> datetime:
    """The time of an act: the one the caller gave, else the server's clock now."""
    return given if given is not None else datetime.now(UTC)


def expected_version(if_match: str | None) -> int | None:
    """``If-Match: "3"`` (the ``ETag`` a read returned) as the version 3; absent: None."""
    if if_match is None:
        return None
    found = _ETAG.match(if_match)
    if found is None:
        raise RequestError(
            [Problem("If-Match", "service.bad_if_match", {"found": repr(if_match[:40])})]
        )
    return int(found.group(1))


def etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


def IfMatch() -> Any:
    """``If-Match``: the version the caller last read (its ``ETag``)."""
    return Header(None, alias="If-Match", description="上次读到的版本（ETag）")


def IdempotencyKey() -> Any:
    return Header(None, alias="Idempotency-Key", max_length=200)


def RequestId() -> Any:
    return Header(None, alias="X-Request-Id", max_length=200)


def Org() -> Any:
    return Path(min_length=1, max_length=100, description="组织（规则集的 organization）")


def ItemId() -> Any:
    """A fresh parameter each use: FastAPI keeps its name on the object it is given."""
    return Path(min_length=1, max_length=200)


def create_app(
    url: str,
    *,
    organization: str | None = None,
    settings: Mapping[str, Any] | None = None,
    auth: AuthSettings | None = None,
) -> FastAPI:
    """The service over the existing store at ``url`` (a path is embedded SQLite; ``scheme://``
    a plugin's): a SQLite file that is not there is refused here, never created by a request.

    ``organization`` limits it to one organization; ``settings`` are the
    workspace's (notification channels, contact keys: ``docs/plugins.md``);
    ``auth`` how callers are authenticated (credentials always; JWTs too when
    it says so: :mod:`sqmy_core.service.auth`).
    """
    from sqmy_core.cli.sources import store_url
    from sqmy_core.service import (
        activities,
        calls_clues,
        commands,
        interchange,
        penalties,
        queries,
        registry,
        reports,
        rulesets,
        webhooks,
    )

    service = Service(store_url(url), organization, settings)  # refused now if it does not exist
    guard = authentication.Authenticator(service.url, organization, auth or AuthSettings())
    app = FastAPI(
        title="sqmy 社情民意信息服务",
        version=API_VERSION,
        description="稿件登记、审核、报送、采用、批示、办理与考核的 HTTP/JSON 接口（见 docs/service.md）。",
        responses=problems.PROBLEM_RESPONSES,
        dependencies=[Depends(guard)],  # every route: its scope, the token, the acting person
    )
    problems.install(app)
    authentication.install(app)
    app.add_middleware(AccessLog)
    for module in (registry, commands, queries, calls_clues, penalties, activities, rulesets,
                   reports, interchange, webhooks):
        app.include_router(module.router(service))
    _publish_schemas(app)
    return app


def _publish_schemas(app: FastAPI) -> None:
    """The OpenAPI document carries ``ProblemDetails``, which the error responses refer to, the
    bearer security scheme every operation with a scope needs, and the interchange formats'
    published schemas, which the documents' answers refer to."""
    from sqmy_core.service import interchange

    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = build()
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
            defs = ProblemDetails.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(defs.pop("$defs", {}))
            schemas["ProblemDetails"] = defs
            authentication.secure_document(doc)
            interchange.publish(doc)
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


__all__ = [
    "API_VERSION",
    "IdempotencyKey",
    "IfMatch",
    "ItemId",
    "Org",
    "RequestId",
    "Service",
    "clock",
    "create_app",
    "etag",
    "expected_version",
]
