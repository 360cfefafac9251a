"""Ruleset versions: ``PUT /orgs/{org}/rulesets/{effective_from}`` applies one, ``GET`` lists them.

The body is JSON (``actor``, ``now``, ``toml``: the ruleset's whole text),
as every other body of the service.  Applying is the one write that may
start an organization: the workspace is opened with the ruleset the body
carries, so the first ruleset of a new organization is applied here too
(every other endpoint answers 404 for an organization without one).  The
text must be resolved -- an ``extends`` would have the server read its own
files -- and its ``organization`` must be the path's.

``PUT`` is idempotent: when the version last applied has the same text and
the same first day, nothing is written and it is answered (200); a new
version is 201.  Applying an earlier text again after another one is a new
version (going back is itself an act on record).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response

from sqmy_core.errors import ConfigurationError, DatasetError, NotFound, Problem, RulesetError
from sqmy_core.interchange.times import MAX_YEAR, MIN_YEAR, in_range
from sqmy_core.plugins import ruleset_extensions
from sqmy_core.rules import Ruleset, parse_ruleset
from sqmy_core.service.app import Org, RequestId, Service, clock
from sqmy_core.service.bodies_records import RulesetApply, RulesetVersions, RulesetVersionView
from sqmy_core.service.scopes import needs
from sqmy_core.storage import RulesetVersion
from sqmy_core.storage.checks import text_sha256
from sqmy_core.workspace import versions
from sqmy_core.workspace.limits import check_command
from sqmy_core.workspace.ruleset_versions import version_text
from sqmy_core.workspace.workspace import Workspace

SOURCE = "<request>"
"""How the ruleset text of a request is named in a message about it."""


def _no_extends(name: str, from_source: str) -> tuple[str, str]:
    """The service's ``extends`` resolver: none (the server's files are not the caller's)."""
    raise RulesetError(
        [Problem("extends", "service.ruleset_extends", {"found": repr(name[:200])})], from_source
    )


def parse_body(text: str, org: str) -> Ruleset:
    """The ruleset a request carries, resolved already and of the path's organization."""
    rs = parse_ruleset(text, SOURCE, resolver=_no_extends, extensions_for=ruleset_extensions)
    if rs.organization != org:
        raise ConfigurationError([Problem(
            "toml.organization", "service.ruleset_org",
            {"found": repr(rs.organization), "expected": repr(org)},
        )])
    return rs


def check_times(effective_from: date, at: datetime) -> None:
    """The first day and the time of applying within the contract's years (1900-2199)."""
    problems = []
    if not MIN_YEAR <= effective_from.year <= MAX_YEAR:
        problems.append(Problem("effective_from", "dataset_time_out_of_range", {
            "found": repr(effective_from.isoformat()), "low": MIN_YEAR, "high": MAX_YEAR}))
    if not in_range(at):
        problems.append(Problem("now", "dataset_time_out_of_range", {
            "found": repr(at.isoformat()), "low": MIN_YEAR, "high": MAX_YEAR}))
    if problems:
        raise DatasetError(problems)


def version_view(v: RulesetVersion, current: RulesetVersion | None) -> dict[str, Any]:
    return {
        "number": v.number, "title": _title(v.text), "source": v.source, "sha256": v.sha256,
        "actor": v.actor,
        "applied_at": v.applied_at.isoformat() if v.applied_at is not None else None,
        "effective_from": v.effective_from, "current": v == current,
    }


def _title(text: str) -> str | None:
    try:
        title = tomllib.loads(text).get("title")
    except tomllib.TOMLDecodeError:
        return None
    return title if isinstance(title, str) else None


def router(service: Service) -> APIRouter:
    api = APIRouter(tags=["rulesets"])

    def workspace(org: str = Org()) -> Iterator[Workspace]:
        yield from service.workspace(org)

    @api.put("/orgs/{org}/rulesets/{effective_from}", openapi_extra=needs("admin"),
             response_model=RulesetVersionView, status_code=201,
             summary="施行规则集（自 effective_from 起适用；新组织的第一个版本也由此施行）")
    def apply(
        effective_from: Annotated[date, Path(description="起始日：此版本自这一天起适用")],
        body: RulesetApply, response: Response, org: str = Org(),
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        if service.organization is not None and org != service.organization:
            raise NotFound([Problem("org", "service.unknown_org", {"found": repr(org)})])
        at = clock(body.now)
        check_times(effective_from, at)
        check_command({"actor": body.actor})
        rs = parse_body(body.toml, org)
        with Workspace.open(service.url, ruleset=rs, settings=service.settings) as ws:
            kept = ws.ruleset_versions()
            last = kept[-1] if kept else None
            text = version_text(rs)
            if last is not None and last.sha256 == text_sha256(text) and (
                last.effective_from == effective_from
            ):
                response.status_code = 200  # applied already: a repeat writes nothing
                return version_view(last, versions.current(kept))
            added = ws.apply_ruleset(rs, actor=body.actor, at=at,
                                     effective_from=effective_from,
                                     source=body.source or SOURCE, request_id=request_id)
            return version_view(added, versions.current(ws.ruleset_versions()))

    WS = Depends(workspace)

    @api.get("/orgs/{org}/rulesets", openapi_extra=needs("read"), response_model=RulesetVersions,
             summary="施行过的规则集版本")
    def history(ws: Workspace = WS) -> dict[str, Any]:
        kept = ws.ruleset_versions()
        current = versions.current(kept)
        return {"items": [version_view(v, current) for v in kept]}

    return api


__all__ = ["parse_body", "router", "version_view"]
