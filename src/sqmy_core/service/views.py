"""How the service shows a piece: the command line's document, its history, what a person may do."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Request, Response

from sqmy_core.cli.piece_view import history_docs, piece_doc
from sqmy_core.errors import NotFound, Problem
from sqmy_core.service.app import etag
from sqmy_core.service.problems import language
from sqmy_core.storage import RegistryKind
from sqmy_core.workflow import PieceState
from sqmy_core.workspace.workspace import Workspace


def lang_of(request: Request) -> str:
    return language(request.headers.get("accept-language"))


def piece_view(
    ws: Workspace, state: PieceState, lang: str, person: str | None = None
) -> dict[str, Any]:
    """The piece as ``sqmy piece show --format json`` shows it, with its history; with
    ``person``, what that person may do to it now (an OA's menu)."""
    doc = piece_doc(ws.ruleset, state, lang)
    doc["history"] = history_docs(ws.history(state.id))
    if person is not None:
        doc["allowed_actions"] = ws.allowed_actions(state.id, person)
    return doc





def registered_view(
    ws: Workspace, response: Response, kind: RegistryKind, ident: str
) -> dict[str, Any]:
    """A registry record as every endpoint answers with it: the record and how often it was
    registered (also the ``ETag``, the next ``If-Match``); 404 when there is none."""
    doc = ws.store.get(kind, ident)
    if doc is None:
        raise NotFound([Problem("", "unknown_ref", {"what": kind, "found": repr(ident)})])
    version = ws.record_version(kind, ident)
    etag(response, version)
    return {"record": dict(doc), "version": version}


def kept_view(
    ws: Workspace, request: Request, response: Response, kind: RegistryKind, ident: str,
    before: int, collection: str,
) -> dict[str, Any]:
    """The answer to a record kept under its id (an adjustment, an activity): 201 with its
    ``Location``, or 200 when the same record came again and was kept as it was (its version
    still ``before``)."""
    answer = registered_view(ws, response, kind, ident)
    if answer["version"] == before:
        response.status_code = 200
    org = quote(request.path_params["org"], safe="")
    response.headers["Location"] = f"/orgs/{org}/{collection}/{quote(ident, safe='')}"
    return answer


__all__ = ["kept_view", "lang_of", "piece_view", "registered_view"]
