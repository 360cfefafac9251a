"""How the service shows a piece: the command line's document, its history, what a person may do."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from sqmy_core.cli.piece_view import history_docs, piece_doc
from sqmy_core.service.problems import language
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


__all__ = ["lang_of", "piece_view"]
