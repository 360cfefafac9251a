"""Registry sync: ``PUT`` (and ``GET``) ``/orgs/{org}/people/{id}`` and ``/orgs/{org}/units/{id}``.

A ``PUT`` registers the record, or replaces the one registered (an OA
syncing its people; an end of term is the record with ``until``).  Its
``If-Match`` is how often the record has been registered (``ETag`` of the
last read or write; ``"0"``: it must be new), the registry's
``expected_version``.  The record is checked as an import of it would be.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from sqmy_core.model import Person, Unit
from sqmy_core.service.app import (
    IfMatch,
    ItemId,
    RequestId,
    Service,
    clock,
    expected_version,
)
from sqmy_core.service.bodies import PersonRecord, Registered, UnitRecord
from sqmy_core.service.scopes import needs
from sqmy_core.service.views import registered_view
from sqmy_core.workspace.workspace import Workspace


def router(service: Service) -> APIRouter:
    api = APIRouter(tags=["registry"])

    WS = service.opened()

    @api.put("/orgs/{org}/people/{person}", openapi_extra=needs("registry"), response_model=Registered, summary="登记或更新人员")
    def put_person(
        body: PersonRecord, response: Response, person: str = ItemId(), ws: Workspace = WS,
        if_match: str | None = IfMatch(), request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        record = Person(person, body.name, tuple(body.roles), tuple(body.units), body.since,
                        body.until)
        ws.register_person(record, actor=body.actor, now=clock(body.now), request_id=request_id,
                           expected_version=expected_version(if_match))
        return registered_view(ws, response, "person", person)

    @api.get("/orgs/{org}/people/{person}", openapi_extra=needs("read"), response_model=Registered, summary="查看人员记录")
    def get_person(response: Response, person: str = ItemId(), ws: Workspace = WS) -> dict[str, Any]:
        return registered_view(ws, response, "person", person)

    @api.put("/orgs/{org}/units/{unit}", openapi_extra=needs("registry"), response_model=Registered, summary="登记或更新单位")
    def put_unit(
        body: UnitRecord, response: Response, unit: str = ItemId(), ws: Workspace = WS,
        if_match: str | None = IfMatch(), request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        ws.register_unit(Unit(unit, body.name, body.kind, body.parent), actor=body.actor,
                         now=clock(body.now), request_id=request_id,
                         expected_version=expected_version(if_match))
        return registered_view(ws, response, "unit", unit)

    @api.get("/orgs/{org}/units/{unit}", openapi_extra=needs("read"), response_model=Registered, summary="查看单位记录")
    def get_unit(response: Response, unit: str = ItemId(), ws: Workspace = WS) -> dict[str, Any]:
        return registered_view(ws, response, "unit", unit)

    return api


__all__ = ["router"]
