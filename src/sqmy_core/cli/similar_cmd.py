"""``sqmy similar``: earlier pieces on the same topic, for one piece or for a title (read-only).

With ``--piece`` the piece is compared, as the ruleset's ``[similar]`` says,
with the pieces submitted before it in the look-back window; with
``--title`` (and ``--body``) a topic not yet written is compared with the
pieces of the window up to ``--now``.  Either way nothing is written: a
workspace is only read, a dataset file only parsed.  The matched pieces'
states are as they are now (adopted since?), unlike the list recorded on
submission (:mod:`sqmy_core.workspace.similar`).
"""

from __future__ import annotations

import json
from datetime import datetime

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Command
from sqmy_core.cli.sources import open_workspace, source_options
from sqmy_core.cli.types import MOMENT, Choice, now
from sqmy_core.errors import ConfigurationError, NotFound, Problem, SourceError
from sqmy_core.i18n import message
from sqmy_core.rules import Ruleset
from sqmy_core.rules.convert import fraction_text
from sqmy_core.rules.spec_similar import SimilarSpec
from sqmy_core.workflow.similar import (
    SimilarMatch,
    candidates_from_dataset,
    describe,
    find_similar,
    score_text,
    state_text,
)

MAX_QUERY_CHARS = 100_000
"""A title or body longer than this is not a piece (and would only cost time)."""


@click.command("similar", cls=Command)
@source_options
@click.option("--piece", "piece_id")
@click.option("--title")
@click.option("--body")
@click.option("--now", "now_text", type=MOMENT, default=now)
@click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def similar_command(
    ctx: click.Context,
    ruleset_path: str | None,
    data_path: str | None,
    db_url: str | None,
    organization: str | None,
    piece_id: str | None,
    title: str | None,
    body: str | None,
    now_text: datetime,
    fmt: str,
) -> None:
    """查找此前写过的相似选题（尤其是已采用的），用于某篇稿件（--piece）或拟写的标题（--title）。"""
    lang = lang_of(ctx)
    if (piece_id is None) == (title is None):
        raise SourceError([Problem("", "similar_need_query", {})])
    if body is not None and title is None:
        raise SourceError([Problem("--body", "similar_body_without_title", {})])
    for name, value in (("--title", title), ("--body", body), ("--piece", piece_id)):
        if value is not None and not 1 <= len(value.strip()) <= MAX_QUERY_CHARS:
            raise SourceError(
                [Problem(name, "similar_query_length", {"high": MAX_QUERY_CHARS, "found": len(value)})]
            )
    if (data_path is None) == (db_url is None):
        raise SourceError([Problem("", "cli.need_source", {})])
    if data_path is not None:
        ruleset, matches = _from_file(ruleset_path, data_path, piece_id, title, body, now_text)
    else:
        assert db_url is not None
        with open_workspace(db_url, ruleset_path, organization) as ws:
            ruleset = ws.ruleset
            _spec(ruleset)
            if piece_id is not None:
                matches = ws.similar_to(piece_id)
                title = ws.piece(piece_id).title
            else:
                assert title is not None
                matches = ws.find_similar(title, now=now_text, body=body)
    spec = _spec(ruleset)
    if fmt == "json":
        click.echo(json.dumps(_doc(spec, piece_id, title, matches), ensure_ascii=False, indent=2))
    else:
        _print(spec, piece_id, title or "", matches, lang)


def _spec(ruleset: Ruleset) -> SimilarSpec:
    spec = ruleset.similar
    if spec is None or not spec.enabled:
        raise ConfigurationError([Problem("similar", "similar_not_configured", {})])
    return spec


def _from_file(
    ruleset_path: str | None,
    data_path: str,
    piece_id: str | None,
    title: str | None,
    body: str | None,
    at: datetime,
) -> tuple[Ruleset, tuple[SimilarMatch, ...]]:
    from sqmy_core.workspace.files import load_ruleset, read_dataset_with

    if ruleset_path is None:
        raise SourceError([Problem("", "cli.need_ruleset", {})])
    ruleset = load_ruleset(ruleset_path)
    spec = _spec(ruleset)
    dataset = read_dataset_with(ruleset, data_path)
    found = candidates_from_dataset(ruleset, dataset)
    if piece_id is not None:
        piece = next((p for p in dataset.pieces if p.id == piece_id), None)
        if piece is None:
            raise NotFound([Problem("--piece", "unknown_piece", {"found": repr(piece_id)})])
        title, body, at = piece.title, piece.text, piece.submitted_at
    assert title is not None
    return ruleset, find_similar(spec, title, body, at, found, exclude=piece_id)


def _doc(
    spec: SimilarSpec, piece_id: str | None, title: str | None, matches: tuple[SimilarMatch, ...]
) -> dict[str, object]:
    return {
        "piece": piece_id,
        "title": title,
        "threshold": fraction_text(spec.threshold),
        "lookback_days": spec.lookback_days,
        "matches": [
            {
                "piece": m.piece,
                "title": m.title,
                "state": m.state,
                "status": m.status,
                "adopted": m.adopted,
                "submitted_at": m.submitted_at.isoformat(),
                "score": fraction_text(m.score),
                "score_display": score_text(m.score),
            }
            for m in matches
        ],
    }


def _print(
    spec: SimilarSpec,
    piece_id: str | None,
    title: str,
    matches: tuple[SimilarMatch, ...],
    lang: str,
) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(soft_wrap=False, width=160, highlight=False, emoji=False)
    threshold = fraction_text(spec.threshold)
    console.print(
        message("similar.title", lang, threshold=threshold, days=spec.lookback_days), style="bold"
    )
    if piece_id is not None:
        console.print(message("similar.for_piece", lang, piece=piece_id, title=title), markup=False)
    if not matches:
        console.print(message("similar.none", lang))
        return
    t = Table()
    for col in ("piece", "title", "state", "submitted", "score"):
        t.add_column(message(f"similar.col.{col}", lang), justify="right" if col == "score" else "left")
    for m in matches:
        t.add_row(
            escape(m.piece),
            escape(m.title),
            state_text(m, lang),
            m.submitted_at.date().isoformat(),
            score_text(m.score),
        )
    console.print(t)
    for m in matches:
        console.print(describe(m, lang), markup=False)


def register(group: click.Group) -> None:
    group.add_command(similar_command)
