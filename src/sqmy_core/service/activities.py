"""履职活动 (activities: 会议, 调研, 提案 ...): ``POST/GET /orgs/{org}/activities``.

A ruleset with a wider 履职 ledger (``[vocabulary] activity_kinds``, e.g.
``rulesets/duty.toml``) scores duties beside pieces; the OA that keeps the
attendance and the proposals records them here as it records adjustments:
the record's ``id`` is its idempotency key (the same record again is kept as
it was, 200; another under a used id is refused), and the record is checked
as an import of it would be (a declared kind, a registered person, declared
attributes).  Every read lists in id order with a cursor.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from sqmy_core.service.app import IfMatch, ItemId, RequestId, Service, expected_version
from sqmy_core.service.bodies import Registered
from sqmy_core.service.bodies_activities import ActivityRecord
from sqmy_core.service.bodies_records import RecordPage
from sqmy_core.service.calls_clues import attributes_of
from sqmy_core.service.paging import Cursor, Limit, keyed_page
from sqmy_core.service.scopes import needs
from sqmy_core.service.views import kept_view, registered_view
from sqmy_core.workspace.workspace import Workspace


def router(service: Service) -> APIRouter:
    api = APIRouter(tags=["records"])

    WS = service.opened()

    @api.post("/orgs/{org}/activities", openapi_extra=needs("outcomes"),
              response_model=Registered, status_code=201, summary="登记履职活动（id 即幂等键）")
    def activity(
        body: ActivityRecord, request: Request, response: Response, ws: Workspace = WS,
        if_match: str | None = IfMatch(), request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        before = ws.record_version("activity", body.id)
        ws.record_activity(
            body.id, body.person, body.kind, at=body.at,
            attributes=attributes_of(body.attributes, f"activities[{body.id}]"), note=body.note,
            actor=body.actor, request_id=request_id, expected_version=expected_version(if_match),
        )
        return kept_view(ws, request, response, "activity", body.id, before, "activities")

    @api.get("/orgs/{org}/activities/{activity}", openapi_extra=needs("read"),
             response_model=Registered, summary="查看履职活动记录")
    def get_activity(
        response: Response, activity: str = ItemId(), ws: Workspace = WS
    ) -> dict[str, Any]:
        return registered_view(ws, response, "activity", activity)

    @api.get("/orgs/{org}/activities", openapi_extra=needs("read"), response_model=RecordPage,
             summary="履职活动清单（按 id）")
    def activities(
        ws: Workspace = WS,
        person: Annotated[str | None, Query(description="只列此人的")] = None,
        kind: Annotated[str | None, Query(description="只列此种类的")] = None,
        cursor: Cursor = None, limit: Limit = 50,
    ) -> dict[str, Any]:
        docs = [dict(d) for d in ws.store.list("activity")
                if (person is None or d.get("person") == person)
                and (kind is None or d.get("kind") == kind)]
        shown, after = keyed_page(docs, lambda d: (str(d["id"]),), cursor, limit)
        return {"items": shown, "next_cursor": after}

    return api


__all__ = ["router"]
