"""What only reads: a piece (with what a person may do), work lists, the assessment, health.

Work lists are pages of pieces in id order: ``next_cursor`` of one page is
the ``cursor`` of the next, opaque to the caller (the last id, base64url).
A list folds only the pieces its page shows, found from the store's event
index (:mod:`.piece_index`, :mod:`.handling`); the overdue queue is
``Workspace.overdue``'s, which folds only the pieces approved by then.  Nothing here writes:
the database's bytes are the same after.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any, Final

from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime

from sqmy_core.errors import Problem, RequestError
from sqmy_core.interchange.assessment import assessment_to_doc
from sqmy_core.interchange.times import format_time
from sqmy_core.service.app import ItemId, Service, etag
from sqmy_core.service.bodies import Piece
from sqmy_core.service.bodies_records import WorkPage
from sqmy_core.service.handling import awaiting_handling as handling_list
from sqmy_core.service.interchange import answers_with
from sqmy_core.service.piece_index import pieces_after
from sqmy_core.service.scopes import PUBLIC, needs
from sqmy_core.service.views import lang_of, piece_view
from sqmy_core.workspace.workspace import Workspace

MAX_PAGE: Final = 500


def encode_cursor(piece_id: str) -> str:
    return base64.urlsafe_b64encode(piece_id.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> str:
    """The piece id a cursor continues after; refused (400) if this service never made it."""
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        piece = base64.b64decode(padded, altchars=b"-_", validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        piece = None
    if not piece or encode_cursor(piece) != cursor:
        raise RequestError(
            [Problem("cursor", "service.bad_cursor", {"found": repr(cursor[:40])})]
        )
    return piece


def page(items: list[dict[str, Any]], cursor: str | None, limit: int) -> dict[str, Any]:
    """One page of ``items`` (sorted by piece id) after ``cursor``."""
    after = decode_cursor(cursor) if cursor is not None else None
    rest = [i for i in items if after is None or i["piece"] > after]
    shown = rest[:limit]
    more = len(rest) > limit
    return {"items": shown, "next_cursor": encode_cursor(shown[-1]["piece"]) if more else None}


def router(service: Service) -> APIRouter:
    api = APIRouter(tags=["queries"])

    WS = service.opened()

    @api.get("/health", openapi_extra=needs(PUBLIC), summary="服务是否在运行")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @api.get("/orgs/{org}/pieces/{piece}", openapi_extra=needs("read"), response_model=Piece, summary="查看稿件")
    def get_piece(
        request: Request, response: Response, piece: str = ItemId(), ws: Workspace = WS,
        person: Annotated[
            str | None, Query(alias="for", description="给出则列出此人现在可办理的操作")
        ] = None,
    ) -> dict[str, Any]:
        state = ws.piece(piece)
        etag(response, state.version)
        return piece_view(ws, state, lang_of(request), person)

    @api.get("/orgs/{org}/pieces", openapi_extra=needs("read"), response_model=WorkPage, summary="稿件清单与待办")
    def list_pieces(
        ws: Workspace = WS,
        awaiting_review: Annotated[str | None, Query(description="待此人审核的稿件")] = None,
        overdue: Annotated[
            AwareDatetime | None, Query(description="到此时已逾期未报送的稿件")
        ] = None,
        awaiting_handling: Annotated[
            bool, Query(description="待办理反馈：已批示或转办、尚未登记办理结果的稿件")
        ] = False,
        cursor: Annotated[str | None, Query(max_length=400)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    ) -> dict[str, Any]:
        lists = [name for name, given in (("awaiting_review", awaiting_review is not None),
                                          ("overdue", overdue is not None),
                                          ("awaiting_handling", awaiting_handling)) if given]
        if len(lists) > 1:
            raise RequestError([Problem("", "service.one_list_of", {
                "found": ", ".join(lists),
                "allowed": "awaiting_review, overdue, awaiting_handling"})])
        after = decode_cursor(cursor) if cursor is not None else None
        if awaiting_handling:
            items = handling_list(ws, after, limit + 1)
        elif overdue is not None:
            items = []
            for late in sorted(ws.overdue(overdue), key=lambda o: o.piece):
                state = ws.piece(late.piece)  # as it stands now (the queue saw it at ``overdue``)
                items.append({"piece": state.id, "status": state.status, "version": state.version,
                              "route": late.route, "due": format_time(late.due)})
        else:
            items = pieces_after(ws, after, limit + 1, awaiting_review)
        return page(items, cursor, limit)

    @api.get("/orgs/{org}/assessment", openapi_extra={**needs("read"), **answers_with("assessment")}, summary="年度考核（sqmy-assessment/1.1 文档）")
    def assessment(
        year: Annotated[int, Query(ge=1900, le=9998)], ws: Workspace = WS
    ) -> dict[str, Any]:
        # 9998 at most: a year's reckoning reads the next year's first instant too (found by
        # the schemathesis run: 9999 was a 500)
        return assessment_to_doc(ws.assess(year))

    return api


__all__ = ["MAX_PAGE", "decode_cursor", "encode_cursor", "page", "router"]
