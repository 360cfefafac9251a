"""What the office reads out of a year: ``explain``, bulletins and the live standings.

``GET /orgs/{org}/explain`` and ``/bulletins`` compute what ``sqmy explain``
and ``sqmy bulletin --format json`` compute, on the same library calls
(the year's ruleset version and the workspace's export, a
:class:`~sqmy_core.scoring.book.Book`).  ``/standings`` are the
workspace's live standings (:meth:`~sqmy_core.workspace.workspace.Workspace.standings`):
equal to the assessment's points and ranks; each request opens its own
workspace, so they are built from the store for it.  Nothing here writes.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated, Any, Final

from fastapi import APIRouter, Path, Query, Request

from sqmy_core.cli.bulletin_cmd import bulletin_to_doc
from sqmy_core.cli.report_cmd import check_period
from sqmy_core.errors import BulletinError, NotFound, Problem, RequestError, SqmyError
from sqmy_core.scoring.book import Book
from sqmy_core.service.app import ItemId, Service
from sqmy_core.service.bodies_records import StandingPage, StandingView
from sqmy_core.service.paging import keyed_page
from sqmy_core.service.queries import MAX_PAGE
from sqmy_core.service.report_docs import explanation_doc, standing_doc
from sqmy_core.service.scopes import needs
from sqmy_core.service.views import lang_of
from sqmy_core.workspace.workspace import Workspace

ENTITIES: Final = ("person", "unit")
FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2199
"""The years a bulletin period may name (as ``sqmy bulletin --period``)."""

Year = Annotated[int, Query(ge=1900, le=9998, description="考核年度")]


def _entity(value: str, path: str) -> str:
    if value not in ENTITIES:
        raise SqmyError([Problem(path, "unknown_value", {
            "what": "service.what.entity", "found": repr(value[:40]),
            "allowed": ", ".join(ENTITIES)})])
    return value


def _period(text: str | None, on: date | None) -> tuple[Any, int]:
    """The period asked for (``period`` text, or the publishing day ``on``) and its year."""
    from sqmy_core.scoring.bulletin import Period

    if (text is None) == (on is None):
        given = ", ".join(n for n, v in (("period", text), ("on", on)) if v is not None) or "—"
        raise RequestError([Problem("", "service.need_one_period", {"found": given})])
    if text is not None:
        period = Period.parse(text, "period")
        if not FIRST_YEAR <= period.year <= LAST_YEAR:
            raise BulletinError([Problem("period", "service.year_range", {
                "low": FIRST_YEAR, "high": LAST_YEAR, "found": repr(text[:40])})])
        return period, period.year
    assert on is not None
    if not FIRST_YEAR <= on.year <= LAST_YEAR:
        raise BulletinError([Problem("on", "service.year_range", {
            "low": FIRST_YEAR, "high": LAST_YEAR, "found": repr(on.isoformat())})])
    return None, on.year


def router(service: Service) -> APIRouter:
    api = APIRouter(tags=["reports"])

    WS = service.opened()

    @api.get("/orgs/{org}/explain", openapi_extra=needs("read"),
             summary="逐条说明某人或某单位年度积分的来源（与 sqmy explain 相同）")
    def explain(
        request: Request, year: Year, ws: Workspace = WS,
        person: Annotated[str | None, Query(max_length=200)] = None,
        unit: Annotated[str | None, Query(max_length=200)] = None,
    ) -> dict[str, Any]:
        from sqmy_core.scoring.explain import explain as explain_entity

        if (person is None) == (unit is None):
            given = ", ".join(n for n, v in (("person", person), ("unit", unit)) if v) or "—"
            raise RequestError([Problem("", "service.need_one_entity", {"found": given})])
        book = Book(ws.ruleset_for(year), ws.export())
        if person is not None:
            result = explain_entity(book, year, "person", person)
        else:
            assert unit is not None
            result = explain_entity(book, year, "unit", unit)
        return explanation_doc(result, book, year, lang_of(request))

    @api.get("/orgs/{org}/bulletins", openapi_extra=needs("read"),
             summary="一期通报（与 sqmy bulletin --format json 相同）")
    def bulletins(
        ws: Workspace = WS,
        period: Annotated[str | None, Query(max_length=40,
                                            description="2024、2024Q1 或 2024-03")] = None,
        on: Annotated[date | None, Query(description="发布日期：按通报的 every、covers 推算一期")]
        = None,
        bulletin: Annotated[str | None, Query(max_length=200,
                                              description="通报 id（默认规则集中的第一个）")] = None,
    ) -> dict[str, Any]:
        from sqmy_core.scoring.bulletin import bulletin as tally
        from sqmy_core.scoring.bulletin import find_bulletin, period_for

        chosen, year = _period(period, on)
        ruleset = ws.ruleset_for(year)
        spec = find_bulletin(ruleset, bulletin)
        if chosen is None:
            assert on is not None
            chosen = period_for(spec, on)
        try:
            check_period(spec, chosen)
        except BulletinError as exc:  # the command line names its option; here the query's
            raise BulletinError([dataclasses.replace(p, path="period") for p in exc.problems]) from None
        book = Book(ruleset, ws.export())
        return bulletin_to_doc(tally(book, spec, chosen), book)

    @api.get("/orgs/{org}/standings", openapi_extra=needs("read"), response_model=StandingPage,
             summary="实时排名（按名次，游标分页）")
    def standings(
        year: Year, ws: Workspace = WS,
        entity: Annotated[str, Query(max_length=20, description="person | unit")] = "person",
        cursor: Annotated[str | None, Query(max_length=400)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    ) -> dict[str, Any]:
        kind = _entity(entity, "entity")
        every = [standing_doc(s) for s in ws.standings(year).all(kind).values()]
        shown, after = keyed_page(
            every, lambda s: (s["group"] or "", s["rank"], s["id"]), cursor, limit
        )
        return {"year": year, "items": shown, "next_cursor": after}

    @api.get("/orgs/{org}/standings/{entity}/{ident}", openapi_extra=needs("read"),
             response_model=StandingView, summary="某人或某单位现在的积分与名次")
    def standing(
        year: Year, ws: Workspace = WS,
        entity: str = Path(max_length=20, description="person | unit"), ident: str = ItemId(),
    ) -> dict[str, Any]:
        kind = _entity(entity, "entity")
        found = ws.standing(year, kind, ident)
        if found is None:
            raise NotFound([Problem("", "not_assessed", {"what": kind, "found": repr(ident)})])
        return standing_doc(found)

    return api


__all__ = ["router"]
