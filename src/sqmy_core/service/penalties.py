"""Penalties and adjustments: ``/orgs/{org}/penalties`` and ``/orgs/{org}/adjustments``.

A penalty (处罚: 抄袭 ...) is a command on a piece, guarded like an adoption:
``If-Match`` (the piece's version), ``Idempotency-Key`` or ``X-Request-Id``,
one of them required (428 without); the answer is the piece, its version
in ``ETag``.  An adjustment (加减分) is a registry record whose ``id`` is its
own idempotency key -- the workspace's rule: the same record again changes
nothing (200), another record under a used id is refused (422
``record_exists``), so a decided 加减分 is never replaced by a retry.  Its
``If-Match`` is the record's registry version (``"0"``: not recorded yet).
The lists are pages in a fixed order: penalties as recorded (by the
store's position), adjustments by id.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Query, Request, Response

from sqmy_core.interchange.times import format_time
from sqmy_core.service.app import (
    IdempotencyKey,
    IfMatch,
    ItemId,
    RequestId,
    Service,
    clock,
    etag,
    expected_version,
)
from sqmy_core.service.bodies import Piece, Registered
from sqmy_core.service.bodies_records import (
    AdjustmentRecord,
    PenaltyPage,
    PenaltyRecord,
    RecordPage,
)
from sqmy_core.service.paging import Cursor, Limit, keyed_page
from sqmy_core.service.scopes import needs
from sqmy_core.service.views import kept_view, lang_of, piece_view, registered_view
from sqmy_core.workspace.workspace import Workspace

PENALIZED: Final = "penalized"


def _penalties(ws: Workspace) -> list[dict[str, Any]]:
    """Every penalty recorded, from the store's event index (no stream is folded)."""
    out = []
    for event in ws.store.scan(types=(PENALIZED,)):
        data = event.data
        out.append({
            "piece": event.stream, "kind": str(data.get("kind", "")),
            "persons": list(data.get("persons") or ()), "at": format_time(event.at),
            "actor": event.actor, "note": data.get("note"), "version": event.version,
            "position": event.position,
        })
    return out


def router(service: Service) -> APIRouter:
    api = APIRouter(tags=["records"])

    WS = service.opened()

    @api.post("/orgs/{org}/penalties", openapi_extra=needs("outcomes"), response_model=Piece,
              summary="登记处罚（抄袭等）")
    def penalty(
        body: PenaltyRecord, request: Request, response: Response, ws: Workspace = WS,
        if_match: str | None = IfMatch(), key: str | None = IdempotencyKey(),
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        state = ws.record_penalty(
            body.piece, body.kind, at=clock(body.now), actor=body.actor,
            persons=None if body.persons is None else tuple(body.persons), note=body.note,
            idempotency_key=key, request_id=request_id,
            expected_version=expected_version(if_match),
        )
        etag(response, state.version)
        return piece_view(ws, state, lang_of(request))

    @api.get("/orgs/{org}/penalties", openapi_extra=needs("read"), response_model=PenaltyPage,
             summary="处罚清单（按登记先后）")
    def penalties(
        ws: Workspace = WS, piece: Annotated[str | None, Query(description="只列此稿件的")] = None,
        cursor: Cursor = None, limit: Limit = 50,
    ) -> dict[str, Any]:
        items = [p for p in _penalties(ws) if piece is None or p["piece"] == piece]
        shown, after = keyed_page(items, lambda p: (p["position"],), cursor, limit)
        return {"items": shown, "next_cursor": after}

    @api.post("/orgs/{org}/adjustments", openapi_extra=needs("outcomes"),
              response_model=Registered, status_code=201,
              summary="登记加分、扣分（id 即幂等键）")
    def adjustment(
        body: AdjustmentRecord, request: Request, response: Response, ws: Workspace = WS,
        if_match: str | None = IfMatch(), request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        before = ws.record_version("adjustment", body.id)
        ws.record_adjustment(
            body.id, body.points if not isinstance(body.points, float) else repr(body.points),
            at=body.at, reason=body.reason, approved_by=body.approved_by, person=body.person,
            unit=body.unit, clause=body.clause, section=body.section, actor=body.actor,
            request_id=request_id,
            expected_version=expected_version(if_match),
        )
        return kept_view(ws, request, response, "adjustment", body.id, before, "adjustments")

    @api.get("/orgs/{org}/adjustments/{adjustment}", openapi_extra=needs("read"),
             response_model=Registered, summary="查看加分、扣分记录")
    def get_adjustment(
        response: Response, adjustment: str = ItemId(), ws: Workspace = WS
    ) -> dict[str, Any]:
        return registered_view(ws, response, "adjustment", adjustment)

    @api.get("/orgs/{org}/adjustments", openapi_extra=needs("read"), response_model=RecordPage,
             summary="加分、扣分清单（按 id）")
    def adjustments(
        ws: Workspace = WS,
        person: Annotated[str | None, Query(description="只列此人的")] = None,
        unit: Annotated[str | None, Query(description="只列此单位的")] = None,
        cursor: Cursor = None, limit: Limit = 50,
    ) -> dict[str, Any]:
        docs = [dict(d) for d in ws.store.list("adjustment")
                if (person is None or d.get("person") == person)
                and (unit is None or d.get("unit") == unit)]
        shown, after = keyed_page(docs, lambda d: (str(d["id"]),), cursor, limit)
        return {"items": shown, "next_cursor": after}

    return api


__all__ = ["router"]
