"""``sqmy person add|end``, ``sqmy unit add``, ``sqmy penalty add``, ``sqmy adjustment add``.

The registry and the decisions that are not a piece's way, recorded from the
command line by an office without an OA.  Each is the Workspace's own
command (checked as an import of the same record would be: the ruleset's
vocabularies, references to registered people and units), run as
``--actor`` at ``--now``; a refusal writes nothing.

- ``person add`` registers a person, or replaces the record of one already
  registered (a new role, another unit); ``person end`` records when a
  person left office (``until`` = ``--now``), keeping the rest of the record.
- ``penalty add`` is additive like an adoption and passes the same guard
  (:mod:`sqmy_core.cli.office`).
- ``adjustment add``: the adjustment's id is its idempotency key (the same
  record again changes nothing, another record under a used id is refused);
  ``--approved-by`` defaults to ``--actor``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click
from attrs import evolve

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Group
from sqmy_core.cli.office import (
    as_tuple,
    call_guarded,
    emit,
    format_option,
    guard_key,
    write_options,
)
from sqmy_core.cli.piece_view import piece_doc
from sqmy_core.cli.sources import open_workspace
from sqmy_core.cli.types import MOMENT, now
from sqmy_core.errors import NotFound, Problem
from sqmy_core.i18n import message
from sqmy_core.interchange.times import format_time
from sqmy_core.model import Person, Unit
from sqmy_core.storage import records

F = TypeVar("F", bound=Callable[..., Any])


def registry_options(func: F) -> F:
    """``--db --actor --org --now --request-id --expected-version --format`` of a registry write
    (a registry record has no idempotency key: registering the same record again changes
    nothing that counts; ``--expected-version`` is how often the record was registered)."""
    for option in reversed(
        (
            click.option("--db", "db_url", required=True),
            click.option("--actor", required=True),
            click.option("--org", "organization"),
            click.option("--now", "now_text", type=MOMENT, default=now),
            click.option("--request-id", "request_id"),
            click.option("--expected-version", "expected_version", type=click.IntRange(min=0)),
            format_option,
        )
    ):
        func = option(func)
    return func


@click.group("person", cls=Group)
def person_group() -> None:
    """人员：登记（或更新）人员，登记离任。"""


@person_group.command("add")
@click.argument("person_id")
@registry_options
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, required=True)
@click.option("--unit", "units", multiple=True)
@click.option("--since", type=MOMENT)
@click.option("--until", type=MOMENT)
@click.pass_context
def person_add_command(
    ctx: click.Context, person_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, expected_version: int | None, fmt: str,
    name: str, roles: tuple[str, ...],
    units: tuple[str, ...], since: datetime | None, until: datetime | None,
) -> None:
    """登记人员（已登记的则更新其记录）：姓名、角色、所属单位、任期。"""
    person = Person(person_id, name, as_tuple(roles), as_tuple(units), since, until)
    with open_workspace(db_url, None, organization) as ws:
        call_guarded(ws.register_person, expected_version, person=person, actor=actor,
                     now=now_text, request_id=request_id)
    doc = records.person_doc(person)
    emit(ctx, fmt, doc, message("office.person_added", lang_of(ctx), person=person_id, name=name))


@person_group.command("end")
@click.argument("person_id")
@registry_options
@click.pass_context
def person_end_command(
    ctx: click.Context, person_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, expected_version: int | None, fmt: str,
) -> None:
    """登记离任：此人的任期到 --now 为止（不含），记录的其余部分不变。"""
    with open_workspace(db_url, None, organization) as ws:
        kept = ws.store.get("person", person_id)
        if kept is None:
            raise NotFound(
                [Problem("", "unknown_ref", {"what": "person", "found": repr(person_id)})]
            )
        person = evolve(records.person_of(kept), until=now_text)
        call_guarded(ws.register_person, expected_version, person=person, actor=actor,
                     now=now_text, request_id=request_id)
    doc = records.person_doc(person)
    line = message("office.person_ended", lang_of(ctx), person=person_id, until=format_time(now_text))
    emit(ctx, fmt, doc, line)


@click.group("unit", cls=Group)
def unit_group() -> None:
    """单位：登记（或更新）单位。"""


@unit_group.command("add")
@click.argument("unit_id")
@registry_options
@click.option("--name", required=True)
@click.option("--kind", required=True)
@click.option("--parent")
@click.pass_context
def unit_add_command(
    ctx: click.Context, unit_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, expected_version: int | None, fmt: str,
    name: str, kind: str, parent: str | None,
) -> None:
    """登记单位（已登记的则更新）：名称、类别（界别 sector、专委会 committee ……）、上级单位。"""
    unit = Unit(unit_id, name, kind, parent)
    with open_workspace(db_url, None, organization) as ws:
        call_guarded(ws.register_unit, expected_version, unit=unit, actor=actor, now=now_text,
                     request_id=request_id)
    emit(ctx, fmt, records.unit_doc(unit),
         message("office.unit_added", lang_of(ctx), unit=unit_id, name=name))


@click.group("penalty", cls=Group)
def penalty_group() -> None:
    """处罚：登记稿件的处罚（如抄袭）。"""


@penalty_group.command("add")
@click.argument("piece_id")
@write_options
@click.option("--kind", required=True)
@click.option("--person", "persons", multiple=True)
@click.option("--note")
@click.pass_context
def penalty_add_command(
    ctx: click.Context, piece_id: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, idempotency_key: str | None,
    expected_version: int | None, fmt: str, kind: str, persons: tuple[str, ...],
    note: str | None,
) -> None:
    """登记处罚：规则集声明的处罚类别；--person 为有过错的作者（不写即全部作者）。"""
    at_fault = as_tuple(persons) or None
    key = guard_key(
        ctx, "penalty.add",
        {"piece": piece_id, "actor": actor, "kind": kind, "persons": at_fault, "note": note},
        now_text, idempotency_key, expected_version,
    )
    lang = lang_of(ctx)
    with open_workspace(db_url, None, organization) as ws:
        state = call_guarded(
            ws.record_penalty, expected_version, piece_id=piece_id, kind=kind, at=now_text, actor=actor, persons=at_fault, note=note,
            idempotency_key=key, request_id=request_id,
        )
        doc = piece_doc(ws.ruleset, state, lang)
    line = message("office.piece_done", lang, command=message("office.cmd.penalty", lang), piece=piece_id,
                   status=doc["status_text"], version=state.version)
    emit(ctx, fmt, {"command": "penalty", **doc}, line)


@click.group("adjustment", cls=Group)
def adjustment_group() -> None:
    """加减分：登记办公室决定的加分或扣分。"""


@adjustment_group.command("add")
@click.argument("ident")
@registry_options
@click.option("--points", required=True)
@click.option("--reason", required=True)
@click.option("--person")
@click.option("--unit")
@click.option("--approved-by", "approved_by")
@click.option("--clause")
@click.option("--section")
@click.pass_context
def adjustment_add_command(
    ctx: click.Context, ident: str, db_url: str, actor: str, organization: str | None,
    now_text: datetime, request_id: str | None, expected_version: int | None, fmt: str,
    points: str, reason: str,
    person: str | None, unit: str | None, approved_by: str | None, clause: str | None,
    section: str | None,
) -> None:
    """登记加分（正数）或扣分（负数）：对一人或一个单位，须写明理由与批准人。"""
    with open_workspace(db_url, None, organization) as ws:
        record = call_guarded(
            ws.record_adjustment, expected_version, ident=ident, points=points, at=now_text, reason=reason, approved_by=approved_by or actor,
            person=person, unit=unit, clause=clause, section=section, request_id=request_id,
        )
    doc = records.adjustment_doc(record)
    emit(ctx, fmt, doc, message("office.adjustment_added", lang_of(ctx), id=ident,
                                points=points, whom=person or unit or "—"))


def register(group: click.Group) -> None:
    for g in (person_group, unit_group, penalty_group, adjustment_group):
        group.add_command(g)


__all__ = [
    "adjustment_group",
    "penalty_group",
    "person_group",
    "register",
    "registry_options",
    "unit_group",
]
