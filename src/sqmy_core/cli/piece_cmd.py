"""``sqmy piece``: an office without an OA records a piece's way from the command line.

``submit``, ``review``, ``opinion``, ``resubmit``, ``withdraw``, ``dispatch``,
``adopt``, ``instruct`` and ``handle`` each run one Workspace command as
``--actor`` at ``--now`` (see :mod:`sqmy_core.cli.office` for the options
every write shares and the guard an additive one always passes); a refusal
is the library's error, exit status 2, and nothing is written (the audit
record of the refusal aside).  ``show`` and ``history`` only read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Group
from sqmy_core.cli.office import (
    as_tuple,
    call_guarded,
    emit,
    guard_key,
    read_options,
    write_options,
)
from sqmy_core.cli.piece_view import history_docs, history_line, piece_doc, piece_lines
from sqmy_core.cli.sources import open_workspace
from sqmy_core.cli.types import Choice
from sqmy_core.i18n import message
from sqmy_core.model.vocab import DECISIONS, LEVELS, OUTCOMES, ROUTES
from sqmy_core.workflow import PieceState
from sqmy_core.workspace.workspace import Workspace

ADDITIVE = ("dispatch", "adopt", "instruct", "handle")
"""The piece commands that add a record each time (a derived key guards them; ``office``)."""


@click.group("piece", cls=Group)
def piece_group() -> None:
    """稿件：来稿登记、审核、报送、登记采用、批示、办理；查看稿件与其记录。"""


def _write(
    ctx: click.Context,
    name: str,
    piece_id: str,
    db_url: str,
    organization: str | None,
    expected_version: int | None,
    fmt: str,
    run: Callable[[Workspace], Callable[..., PieceState]],
    **kwargs: Any,
) -> None:
    """Run one piece command and say where the piece stands now."""
    with open_workspace(db_url, None, organization) as ws:
        state = call_guarded(run(ws), expected_version, piece_id=piece_id, **kwargs)
        lang = lang_of(ctx)
        doc = piece_doc(ws.ruleset, state, lang)
        line = message(
            "office.piece_done",
            lang,
            command=message(f"office.cmd.{name}", lang),
            piece=piece_id,
            status=doc["status_text"],
            version=state.version,
        )
    emit(ctx, fmt, {"command": name, **doc}, line)


def _additive(
    ctx: click.Context,
    name: str,
    piece_id: str,
    actor: str,
    now_text: datetime,
    idempotency_key: str | None,
    expected_version: int | None,
    **args: Any,
) -> str | None:
    return guard_key(
        ctx, f"piece.{name}", {"piece": piece_id, "actor": actor, **args}, now_text, idempotency_key,
        expected_version,
    )


_piece = click.argument("piece_id")
_note = click.option("--note")


@piece_group.command("submit")
@_piece
@write_options
@click.option("--title", required=True)
@click.option("--author", "authors", multiple=True, required=True)
@click.option("--unit")
@click.option("--call")
@click.option("--topic")
@_note
@click.pass_context
def submit_command(
    ctx: click.Context, piece_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, idempotency_key: str | None,
    expected_version: int | None, fmt: str, title: str, authors: tuple[str, ...],
    unit: str | None, call: str | None, topic: str | None, note: str | None,
) -> None:
    """来稿登记：登记一篇新稿件（作者按署名顺序，第一作者在前）。"""
    _write(
        ctx, "submit", piece_id, db_url, organization, expected_version, fmt,
        lambda ws: ws.submit, authors=as_tuple(authors), actor=actor, now=now_text,
        title=title, unit=unit, call=call, topic=topic, note=note,
        idempotency_key=idempotency_key, request_id=request_id,
    )


@piece_group.command("review")
@_piece
@write_options
@click.option("--decision", required=True, type=Choice(DECISIONS))
@click.option("--check", "checks", multiple=True)
@click.option("--route", "routes", multiple=True)
@_note
@click.pass_context
def review_command(
    ctx: click.Context, piece_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, idempotency_key: str | None,
    expected_version: int | None, fmt: str, decision: str, checks: tuple[str, ...],
    routes: tuple[str, ...], note: str | None,
) -> None:
    """审核：本审级的决定（pass 通过、return 退回修改、reject 不予上报、escalate 提请专家联合复核）。"""
    _write(
        ctx, "review", piece_id, db_url, organization, expected_version, fmt,
        lambda ws: ws.review, actor=actor, decision=decision, now=now_text,
        checks=as_tuple(checks), routes=as_tuple(routes), note=note,
        idempotency_key=idempotency_key, request_id=request_id,
    )


@piece_group.command("opinion")
@_piece
@write_options
@click.option("--opinion", required=True)
@_note
@click.pass_context
def opinion_command(
    ctx: click.Context, piece_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, idempotency_key: str | None,
    expected_version: int | None, fmt: str, opinion: str, note: str | None,
) -> None:
    """专家联合复核意见：稿件回到提请复核的审级。"""
    _write(
        ctx, "opinion", piece_id, db_url, organization, expected_version, fmt,
        lambda ws: ws.expert_opinion, actor=actor, opinion=opinion, now=now_text, note=note,
        idempotency_key=idempotency_key, request_id=request_id,
    )


@piece_group.command("resubmit")
@_piece
@write_options
@click.option("--title")
@_note
@click.pass_context
def resubmit_command(
    ctx: click.Context, piece_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, idempotency_key: str | None,
    expected_version: int | None, fmt: str, title: str | None, note: str | None,
) -> None:
    """退回修改后重新提交（由作者提交）。"""
    _write(
        ctx, "resubmit", piece_id, db_url, organization, expected_version, fmt,
        lambda ws: ws.resubmit, actor=actor, now=now_text, title=title, note=note,
        idempotency_key=idempotency_key, request_id=request_id,
    )


@piece_group.command("withdraw")
@_piece
@write_options
@_note
@click.pass_context
def withdraw_command(
    ctx: click.Context, piece_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, idempotency_key: str | None,
    expected_version: int | None, fmt: str, note: str | None,
) -> None:
    """撤回：作者在审核作出决定之前撤回稿件。"""
    _write(
        ctx, "withdraw", piece_id, db_url, organization, expected_version, fmt,
        lambda ws: ws.withdraw, actor=actor, now=now_text, note=note,
        idempotency_key=idempotency_key, request_id=request_id,
    )


@piece_group.command("dispatch")
@_piece
@write_options
@click.option("--route", required=True, type=Choice(ROUTES))
@click.option("--to")
@_note
@click.pass_context
def dispatch_command(
    ctx: click.Context, piece_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, idempotency_key: str | None,
    expected_version: int | None, fmt: str, route: str, to: str | None, note: str | None,
) -> None:
    """报送：按一种方式报送（direct 直报、reference 参阅件、transfer 转办函、bulletin 编入刊物）。"""
    key = _additive(ctx, "dispatch", piece_id, actor, now_text, idempotency_key, expected_version,
                    route=route, to=to, note=note)
    _write(
        ctx, "dispatch", piece_id, db_url, organization, expected_version, fmt,
        lambda ws: ws.dispatch, actor=actor, route=route, now=now_text, to=to, note=note,
        idempotency_key=key, request_id=request_id,
    )


@piece_group.command("adopt")
@_piece
@write_options
@click.option("--body", required=True)
@_note
@click.pass_context
def adopt_command(
    ctx: click.Context, piece_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, idempotency_key: str | None,
    expected_version: int | None, fmt: str, body: str, note: str | None,
) -> None:
    """登记采用：采用的机构（如 cppcc-city 市政协，或规则集声明的刊物）。"""
    key = _additive(ctx, "adopt", piece_id, actor, now_text, idempotency_key, expected_version,
                    body=body, note=note)
    _write(
        ctx, "adopt", piece_id, db_url, organization, expected_version, fmt,
        lambda ws: ws.record_adoption, actor=actor, body=body, now=now_text, note=note,
        idempotency_key=key, request_id=request_id,
    )


@piece_group.command("instruct")
@_piece
@write_options
@click.option("--level", required=True, type=Choice(LEVELS))
@click.option("--rank", required=True)
@_note
@click.pass_context
def instruct_command(
    ctx: click.Context, piece_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, idempotency_key: str | None,
    expected_version: int | None, fmt: str, level: str, rank: str, note: str | None,
) -> None:
    """登记批示：批示领导的层级与职级（principal 主要领导、deputy 分管领导，或规则集声明的职级）。"""
    key = _additive(ctx, "instruct", piece_id, actor, now_text, idempotency_key, expected_version,
                    level=level, rank=rank, note=note)
    _write(
        ctx, "instruct", piece_id, db_url, organization, expected_version, fmt,
        lambda ws: ws.record_instruction, actor=actor, level=level, rank=rank, now=now_text,
        note=note, idempotency_key=key, request_id=request_id,
    )


@piece_group.command("handle")
@_piece
@write_options
@click.option("--outcome", required=True, type=Choice(OUTCOMES))
@click.option("--department")
@_note
@click.pass_context
def handle_command(
    ctx: click.Context, piece_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, idempotency_key: str | None,
    expected_version: int | None, fmt: str, outcome: str, department: str | None,
    note: str | None,
) -> None:
    """登记办理结果（implemented 落实并书面反馈、under_study 列入研究、declined 不予采纳）。"""
    key = _additive(ctx, "handle", piece_id, actor, now_text, idempotency_key, expected_version,
                    outcome=outcome, department=department, note=note)
    _write(
        ctx, "handle", piece_id, db_url, organization, expected_version, fmt,
        lambda ws: ws.record_handling, actor=actor, outcome=outcome, department=department,
        now=now_text, note=note, idempotency_key=key, request_id=request_id,
    )


@piece_group.command("show")
@_piece
@read_options
@click.pass_context
def show_command(
    ctx: click.Context, piece_id: str, db_url: str, organization: str | None, fmt: str
) -> None:
    """查看一篇稿件现在的状态、版本与结果（只读）。"""
    lang = lang_of(ctx)
    with open_workspace(db_url, None, organization) as ws:
        state = ws.piece(piece_id)
        doc = piece_doc(ws.ruleset, state, lang)
        lines = piece_lines(ws.ruleset, state, lang)
    emit(ctx, fmt, doc, "\n".join(lines))


@piece_group.command("history")
@_piece
@read_options
@click.pass_context
def history_command(
    ctx: click.Context, piece_id: str, db_url: str, organization: str | None, fmt: str
) -> None:
    """列出一篇稿件的全部记录，按先后（只读）。"""
    lang = lang_of(ctx)
    with open_workspace(db_url, None, organization) as ws:
        events = ws.history(piece_id)
        if not events:
            ws.piece(piece_id)  # refuses: no such piece
        zone = ws.ruleset.year.timezone
    lines = [history_line(e, zone, lang) for e in events]
    emit(ctx, fmt, {"piece": piece_id, "events": history_docs(events)}, "\n".join(lines))


def register(group: click.Group) -> None:
    group.add_command(piece_group)


__all__ = ["ADDITIVE", "piece_group", "register"]
