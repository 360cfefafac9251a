"""The piece commands: ``POST /orgs/{org}/pieces`` and ``POST /orgs/{org}/pieces/{id}/{action}``.

Each runs the one Workspace command of the same name with the request's
guards: ``If-Match`` is the ``expected_version`` (the piece's version, as the
last response's ``ETag`` said), ``Idempotency-Key`` the ``idempotency_key``,
``X-Request-Id`` the ``request_id``.  Unlike the command line, the service
derives no key: an additive command (dispatch, adoptions, instructions,
handling) without one of them is the library's
:class:`~sqmy_core.errors.GuardRequired`, answered 428.  The answer is the
piece as it stands now, with its version as ``ETag``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response

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
from sqmy_core.service.bodies import (
    Act,
    Adoption,
    Dispatch,
    ExpertOpinion,
    Handling,
    Instruction,
    Piece,
    Resubmit,
    Review,
    Submit,
    Withdraw,
)
from sqmy_core.service.scopes import needs
from sqmy_core.service.views import lang_of, piece_view
from sqmy_core.workflow import PieceState
from sqmy_core.workspace.workspace import Workspace


def _run(
    ws: Workspace,
    request: Request,
    response: Response,
    command: Callable[..., PieceState],
    act: Act,
    guards: tuple[str | None, str | None, str | None],
    **args: Any,
) -> dict[str, Any]:
    """Call ``command`` as ``act.actor`` at ``act.now`` (else the clock) with the guards."""
    if_match, key, request_id = guards
    version = expected_version(if_match)
    kwargs: dict[str, Any] = {"actor": act.actor, "now": clock(act.now), "note": act.note}
    if version is not None:
        kwargs["expected_version"] = version
    state = command(idempotency_key=key, request_id=request_id, **kwargs, **args)
    etag(response, state.version)
    return piece_view(ws, state, lang_of(request))


def router(service: Service) -> APIRouter:
    """The command endpoints, each opening the organization's workspace for its request."""
    api = APIRouter(tags=["pieces"])

    WS = service.opened()

    @api.post("/orgs/{org}/pieces", openapi_extra=needs("workflow"), response_model=Piece, status_code=201, summary="来稿登记")
    def submit(
        body: Submit, request: Request, response: Response, ws: Workspace = WS,
        if_match: str | None = IfMatch(), key: str | None = IdempotencyKey(),
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        # percent-encoded: a header is Latin-1, an id may be Chinese (a 500 schemathesis found)
        response.headers["Location"] = f"{request.url.path}/{quote(body.id, safe='')}"
        return _run(ws, request, response, ws.submit, body, (if_match, key, request_id),
                    piece_id=body.id, title=body.title, authors=tuple(body.authors),
                    unit=body.unit, call=body.call, topic=body.topic)

    @api.post("/orgs/{org}/pieces/{piece}/review", openapi_extra=needs("workflow"), response_model=Piece, summary="审核")
    def review(
        body: Review, request: Request, response: Response, piece: str = ItemId(),
        ws: Workspace = WS, if_match: str | None = IfMatch(), key: str | None = IdempotencyKey(),
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        return _run(ws, request, response, ws.review, body, (if_match, key, request_id),
                    piece_id=piece, decision=body.decision, checks=tuple(body.checks),
                    routes=tuple(body.routes))

    @api.post("/orgs/{org}/pieces/{piece}/expert-opinion", openapi_extra=needs("workflow"), response_model=Piece,
              summary="专家联合复核意见")
    def expert_opinion(
        body: ExpertOpinion, request: Request, response: Response, piece: str = ItemId(),
        ws: Workspace = WS, if_match: str | None = IfMatch(), key: str | None = IdempotencyKey(),
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        return _run(ws, request, response, ws.expert_opinion, body, (if_match, key, request_id),
                    piece_id=piece, opinion=body.opinion)

    @api.post("/orgs/{org}/pieces/{piece}/resubmit", openapi_extra=needs("workflow"), response_model=Piece, summary="修改后重新提交")
    def resubmit(
        body: Resubmit, request: Request, response: Response, piece: str = ItemId(),
        ws: Workspace = WS, if_match: str | None = IfMatch(), key: str | None = IdempotencyKey(),
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        return _run(ws, request, response, ws.resubmit, body, (if_match, key, request_id),
                    piece_id=piece, title=body.title)

    @api.post("/orgs/{org}/pieces/{piece}/withdraw", openapi_extra=needs("workflow"), response_model=Piece, summary="撤回")
    def withdraw(
        body: Withdraw, request: Request, response: Response, piece: str = ItemId(),
        ws: Workspace = WS, if_match: str | None = IfMatch(), key: str | None = IdempotencyKey(),
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        return _run(ws, request, response, ws.withdraw, body, (if_match, key, request_id),
                    piece_id=piece)

    @api.post("/orgs/{org}/pieces/{piece}/dispatch", openapi_extra=needs("outcomes"), response_model=Piece, summary="报送")
    def dispatch(
        body: Dispatch, request: Request, response: Response, piece: str = ItemId(),
        ws: Workspace = WS, if_match: str | None = IfMatch(), key: str | None = IdempotencyKey(),
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        return _run(ws, request, response, ws.dispatch, body, (if_match, key, request_id),
                    piece_id=piece, route=body.route, to=body.to)

    @api.post("/orgs/{org}/pieces/{piece}/adoptions", openapi_extra=needs("outcomes"), response_model=Piece, summary="登记采用")
    def adoption(
        body: Adoption, request: Request, response: Response, piece: str = ItemId(),
        ws: Workspace = WS, if_match: str | None = IfMatch(), key: str | None = IdempotencyKey(),
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        return _run(ws, request, response, ws.record_adoption, body, (if_match, key, request_id),
                    piece_id=piece, body=body.body)

    @api.post("/orgs/{org}/pieces/{piece}/instructions", openapi_extra=needs("outcomes"), response_model=Piece, summary="登记批示")
    def instruction(
        body: Instruction, request: Request, response: Response, piece: str = ItemId(),
        ws: Workspace = WS, if_match: str | None = IfMatch(), key: str | None = IdempotencyKey(),
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        return _run(ws, request, response, ws.record_instruction, body,
                    (if_match, key, request_id), piece_id=piece, level=body.level,
                    rank=body.rank)

    @api.post("/orgs/{org}/pieces/{piece}/handling", openapi_extra=needs("outcomes"), response_model=Piece, summary="登记办理结果")
    def handling(
        body: Handling, request: Request, response: Response, piece: str = ItemId(),
        ws: Workspace = WS, if_match: str | None = IfMatch(), key: str | None = IdempotencyKey(),
        request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        return _run(ws, request, response, ws.record_handling, body, (if_match, key, request_id),
                    piece_id=piece, outcome=body.outcome, department=body.department)

    return api


__all__ = ["router"]
