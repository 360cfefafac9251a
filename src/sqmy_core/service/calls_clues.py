"""Calls (征集/选题) and clues (线索): ``/orgs/{org}/calls/{id}``, ``/orgs/{org}/clues/{id}``.

Both are registry records put whole, as people are (:mod:`.registry`): the
``If-Match`` of a ``PUT`` is how often the record was registered (``"0"``:
it must be new).  A clue's contact is kept sealed and never shown with the
clue: ``GET .../clues/{id}/contact?reader=PERSON`` is the one way to it, and
it is :meth:`~sqmy_core.workspace.workspace.Workspace.read_contact`'s, so
only a holder of a ``[clues] contact_readers`` role in office gets it, at the
server's time (a caller cannot read past the retention by naming an earlier one) --
and **every attempt, granted or refused, is put on the audit record** (who,
which clue, when, the outcome; never the contact).  It is the one read of
the service that writes (PIPL: a read of personal data leaves a trace);
every other ``GET`` writes nothing.  ``DELETE .../clues/{id}/contact?actor=``
erases the contact for good (the data subject's right of deletion; the
record keeps when, by whom and why).  ``POST .../clues/{id}/convert`` turns
a clue into a piece, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response

from sqmy_core.errors import DatasetError, Problem
from sqmy_core.interchange.dataset_common import exact_number, text_ok, text_problem
from sqmy_core.interchange.dataset_spec import MAX_TEXT
from sqmy_core.interchange.times import MAX_YEAR, MIN_YEAR, in_range
from sqmy_core.model import Call, Clue
from sqmy_core.model.attributes import AttrValue
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
    Attribute,
    CallRecord,
    ClueConversion,
    ClueRecord,
    ClueView,
    ContactView,
)
from sqmy_core.service.scopes import needs
from sqmy_core.service.views import lang_of, piece_view, registered_view
from sqmy_core.storage import records
from sqmy_core.workspace.limits import check_command
from sqmy_core.workspace.workspace import Workspace


def attributes_of(given: Mapping[str, Attribute], source: str) -> dict[str, AttrValue]:
    """A body's attributes as the model keeps them: numbers exact (refused if not decimal)."""
    out: dict[str, AttrValue] = {}
    for name, value in given.items():
        if isinstance(value, str | bool):
            out[name] = value
            continue
        number = exact_number(value)
        if number is None:
            raise DatasetError(
                [Problem(f"attributes.{name}", "bad_number", {"found": repr(value)})], source
            )
        out[name] = number
    return out


def check_clue(ident: str, body: ClueRecord) -> None:
    """The contract's limits on a clue the workspace does not hold it to itself: its id, its
    time (a received time near year 9999 would overflow the retention sum) and its texts."""
    problems = []
    if not in_range(body.received_at):
        problems.append(Problem("received_at", "dataset_time_out_of_range", {
            "found": repr(body.received_at.isoformat()), "low": MIN_YEAR, "high": MAX_YEAR}))
    if not text_ok(body.summary, MAX_TEXT):
        code, extra = text_problem(body.summary, MAX_TEXT)
        problems.append(Problem("summary", code, extra))
    if problems:
        raise DatasetError(problems, f"clues[{ident}]")
    check_command({"clue": ident, "actor": body.actor, "now": body.now})


def _clue(ws: Workspace, response: Response, ident: str) -> dict[str, Any]:
    clue = ws.clue(ident)  # NotFound when there is none; never with its contact
    version = ws.record_version("clue", ident)
    etag(response, version)
    return {
        "record": records.clue_doc(clue),
        "version": version,
        "contact_status": ws.contact_status(ident, clock(None)),
        "converted_into": ws.converted_into(ident),
    }


def router(service: Service) -> APIRouter:
    api = APIRouter(tags=["registry"])

    WS = service.opened()

    @api.put("/orgs/{org}/calls/{call}", openapi_extra=needs("registry"),
             response_model=Registered, summary="登记或更新征集、约稿、重点选题")
    def put_call(
        body: CallRecord, response: Response, call: str = ItemId(), ws: Workspace = WS,
        if_match: str | None = IfMatch(), request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        record = Call(call, body.title, body.kind, tuple(body.assignees), body.due,
                      attributes_of(body.attributes, f"calls[{call}]"))
        ws.register_call(record, actor=body.actor, now=clock(body.now), request_id=request_id,
                         expected_version=expected_version(if_match))
        return registered_view(ws, response, "call", call)

    @api.get("/orgs/{org}/calls/{call}", openapi_extra=needs("read"), response_model=Registered,
             summary="查看征集、约稿、重点选题")
    def get_call(response: Response, call: str = ItemId(), ws: Workspace = WS) -> dict[str, Any]:
        return registered_view(ws, response, "call", call)

    @api.put("/orgs/{org}/clues/{clue}", openapi_extra=needs("registry"), response_model=ClueView,
             summary="登记线索（联系方式密封保存）")
    def put_clue(
        body: ClueRecord, response: Response, clue: str = ItemId(), ws: Workspace = WS,
        if_match: str | None = IfMatch(), request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        check_clue(clue, body)
        record = Clue(clue, body.channel, body.received_at, body.summary, body.contact)
        ws.register_clue(record, actor=body.actor, now=clock(body.now), request_id=request_id,
                         expected_version=expected_version(if_match))
        return _clue(ws, response, clue)

    @api.get("/orgs/{org}/clues/{clue}", openapi_extra=needs("read"), response_model=ClueView,
             summary="查看线索（不含联系方式）")
    def get_clue(response: Response, clue: str = ItemId(), ws: Workspace = WS) -> dict[str, Any]:
        return _clue(ws, response, clue)

    @api.get("/orgs/{org}/clues/{clue}/contact", openapi_extra=needs("contacts"),
             response_model=ContactView,
             summary="读取线索的联系方式（仅有权角色；每次读取都记入审计）")
    def get_contact(
        reader: Annotated[str, Query(min_length=1, max_length=200,
                                     description="读取人（须有 contact_readers 角色且在任）")],
        response: Response, clue: str = ItemId(), ws: Workspace = WS,
    ) -> dict[str, Any]:
        # the server's clock, never a time the caller gives: the retention and the reader's
        # term are judged now, and the audit says when it was read
        response.headers["Cache-Control"] = "no-store"  # personal data: no cache keeps it
        return {"clue": clue, "contact": ws.read_contact(clue, reader=reader, now=clock(None))}

    @api.delete("/orgs/{org}/clues/{clue}/contact", openapi_extra=needs("contacts"),
                response_model=ClueView,
                summary="删除线索的联系方式（个人信息删除；记入审计，不可恢复）")
    def erase_contact(
        actor: Annotated[str, Query(min_length=1, max_length=200,
                                    description="删除人（contact_readers 角色或 staff，在任）")],
        response: Response, clue: str = ItemId(), ws: Workspace = WS,
        reason: Annotated[str, Query(min_length=1, max_length=200,
                                     description="删除原因，记入审计")] = "erased",
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        # the server's clock: an erasure is dated when it happens, as a contact read is
        ws.erase_contact(clue, actor=actor, now=clock(None), reason=reason, request_id=request_id)
        return _clue(ws, response, clue)

    @api.post("/orgs/{org}/clues/{clue}/convert", openapi_extra=needs("registry"),
              response_model=Piece, status_code=201, summary="由线索形成稿件（每条线索一次）")
    def convert(
        body: ClueConversion, request: Request, response: Response, clue: str = ItemId(),
        ws: Workspace = WS, if_match: str | None = IfMatch(), key: str | None = IdempotencyKey(),
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        state = ws.convert_clue(
            clue, body.piece, authors=tuple(body.authors), actor=body.actor,
            now=clock(body.now), title=body.title, unit=body.unit, topic=body.topic,
            idempotency_key=key, request_id=request_id,
            expected_version=expected_version(if_match),
        )
        org = request.path_params["org"]
        response.headers["Location"] = f"/orgs/{quote(org, safe='')}/pieces/{quote(state.id, safe='')}"
        etag(response, state.version)
        return piece_view(ws, state, lang_of(request))

    return api


__all__ = ["attributes_of", "check_clue", "router"]
