"""Storing a checked workbook in a Workspace: the roster by the import, the ledgers by the commands.

All of it happens in one transaction, or none of it:

- the roster (``单位``, ``名册``) becomes the interchange records it stands
  for (``sqmy-dataset/1.1`` units and people) and goes through the
  Workspace's all-or-nothing import (:meth:`~sqmy_core.workspace.workspace.Workspace.import_dataset`):
  the dataset validator checks it, the importer must be staff.  A person's
  unit that the workspace already holds is carried along unchanged, so a
  roster may name units registered earlier;
- each ledger row (``采用``, ``批示``, ``办理``) is the Workspace command of
  that record (登记采用 ...) on a piece already in the workspace, as the
  importer, at the row's time: the workflow's own gate (only staff record
  outcomes, only on an approved piece, never before its dispatch ...).
  Rows run in time order.  Each row's idempotency key is derived from its
  record -- the piece, the body / level and rank / outcome and department,
  the time -- so a ledger kept all year in one file is imported again and
  again: the rows already stored have no second effect.

A problem anywhere -- a cell, a record the validator refuses, a command the
workflow refuses -- is named by its cell (``采用!B5``); all of them are
raised together and nothing is stored.  The ledger rows whose cells are
good run even when another row's cell is bad, so one refusal lists the
workflow's objections too; the roster is validated once its cells are all
good (a unit left out for a bad cell would make every person in it look
wrong).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from attrs import frozen

from sqmy_core.errors import DatasetError, Problem, SqmyError
from sqmy_core.intake.layout import ADOPTIONS, HANDLING, INSTRUCTIONS, PEOPLE, UNITS
from sqmy_core.intake.reader import Row, Workbook, read_workbook, with_more
from sqmy_core.interchange import parse_dataset
from sqmy_core.interchange.dataset_spec import MAX_PROBLEMS
from sqmy_core.interchange.times import format_time
from sqmy_core.workspace.files import read_dataset_bytes
from sqmy_core.workspace.progress import Progress, tell
from sqmy_core.workspace.workspace import Workspace

KEY_PREFIX: Final = "sqmy-xlsx:"

_RECORD_PATH: Final = re.compile(r"^(units|people)\[(\d+)\](?:\.([A-Za-z_]+))?")


@frozen
class WorkbookImported:
    """What a workbook import stored: registry records, and ledger rows new and already stored."""

    units: int
    people: int
    adoptions: int
    instructions: int
    handlings: int
    repeated: int


def import_workbook(
    ws: Workspace,
    path: str | Path,
    *,
    actor: str,
    progress: Progress | None = None,
) -> WorkbookImported:
    """Read, check and store the workbook at ``path`` as ``actor``: all of it, or nothing.

    ``progress`` is told the rows done: none, the roster, then every hundredth ledger row.
    """
    source = str(path)
    book = read_workbook(read_dataset_bytes(path), ws.ruleset, source)
    ledger = sorted(
        (r for s in (ADOPTIONS, INSTRUCTIONS, HANDLING) for r in book.of(s)),
        key=lambda r: r.values["at"],
    )
    total = len(book.of(UNITS)) + len(book.of(PEOPLE)) + len(ledger)
    step = max(1, total // 100)
    done = 0
    tell(progress, done, total)
    problems: list[Problem] = list(book.problems)
    roster_ok = not any(p.path.startswith((UNITS.name + "!", PEOPLE.name + "!")) for p in problems)
    counts = dict.fromkeys(("adopted", "instructed", "handled", "repeated"), 0)
    try:
        with ws.store.transaction():
            units, people = _roster(ws, book, actor, source) if roster_ok else (0, 0)
            done = len(book.of(UNITS)) + len(book.of(PEOPLE))
            tell(progress, done, total)
            for row in ledger:
                key = row_key(row)
                if ws.store.recall(key) is not None:
                    counts["repeated"] += 1
                else:
                    try:
                        _record(ws, row, actor, key)
                        counts[row.sheet.record] += 1
                    except SqmyError as exc:
                        problems.extend(_at_cells(row, exc))
                        if len(problems) >= MAX_PROBLEMS:
                            break
                done += 1
                if done % step == 0 or done == total:
                    tell(progress, done, total)
            if problems:
                more = book.more + max(0, len(problems) - MAX_PROBLEMS)
                raise DatasetError(with_more(problems[:MAX_PROBLEMS], more), source)
    except BaseException:
        ws.live.clear()  # the commands told the live standings of writes now undone
        raise
    return WorkbookImported(
        units, people, counts["adopted"], counts["instructed"], counts["handled"],
        counts["repeated"],
    )


def row_key(row: Row) -> str:
    """The idempotency key of a ledger row: its record (not its note, not its row number)."""
    v = row.values
    fields = {k: v.get(k) for k in ("piece", "body", "level", "rank", "outcome", "department")}
    text = json.dumps([row.sheet.record, fields, format_time(v["at"])], ensure_ascii=False)
    return KEY_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def _record(ws: Workspace, row: Row, actor: str, key: str) -> None:
    v = row.values
    common: dict[str, Any] = {
        "actor": actor, "now": v["at"], "note": v.get("note"), "idempotency_key": key,
    }
    if row.sheet.record == "adopted":
        ws.record_adoption(v["piece"], body=v["body"], **common)
    elif row.sheet.record == "instructed":
        ws.record_instruction(v["piece"], level=v["level"], rank=v["rank"], **common)
    else:
        ws.record_handling(
            v["piece"], outcome=v["outcome"], department=v.get("department"), **common
        )


_FIELDS: Final = {"body", "level", "rank", "outcome", "department", "note", "piece", "at", "now"}


def _at_cells(row: Row, exc: SqmyError) -> list[Problem]:
    """A command's refusal, each problem at the cell of the field it names (else the row's)."""
    out = []
    for p in exc.problems:
        head = p.path.split(".", 1)[0].split("[", 1)[0]
        key = "at" if head == "now" else head
        out.append(Problem(row.cell(key if key in _FIELDS else "piece"), p.code, p.params))
    return out


def _roster(ws: Workspace, book: Workbook, actor: str, source: str) -> tuple[int, int]:
    """Import the roster's units and people (validated as a 1.1 dataset); their counts."""
    unit_rows, people_rows = book.of(UNITS), book.of(PEOPLE)
    if not unit_rows and not people_rows:
        return 0, 0
    units = [_unit_doc(r) for r in unit_rows]
    people = [_person_doc(r) for r in people_rows]
    given = {u["id"] for u in units}
    named = {u for p in people for u in p.get("units", ())} | {
        u["parent"] for u in units if u.get("parent")
    }
    carried = _stored_units(ws, sorted(named - given))
    doc = {"format": "sqmy-dataset/1.1", "units": units + carried, "people": people}
    try:
        dataset = parse_dataset(
            doc,
            source=source,
            extra_roles=ws.ruleset.reviewer_roles,
            declarations=ws.declarations(),
        )
    except DatasetError as exc:
        raise DatasetError(_record_cells(exc.problems, unit_rows, people_rows), source) from None
    ws.import_dataset(dataset, actor=actor)
    return len(units), len(people)


def _stored_units(ws: Workspace, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The stored records of these units and their parents (those the workspace holds)."""
    found: dict[str, dict[str, Any]] = {}
    todo = list(ids)
    while todo:
        ident = todo.pop()
        doc = ws.store.get("unit", ident) if ident not in found else None
        if doc is None:
            continue
        found[ident] = dict(doc)
        if doc.get("parent"):
            todo.append(doc["parent"])
    return list(found.values())


def _record_cells(
    problems: Sequence[Problem], unit_rows: Sequence[Row], people_rows: Sequence[Row]
) -> list[Problem]:
    """The validator's ``people[3].units[0]`` said as the cell it came from (``名册!D8``)."""
    out = []
    for p in problems:
        m = _RECORD_PATH.match(p.path)
        rows = unit_rows if m and m.group(1) == "units" else people_rows
        if m is None or int(m.group(2)) >= len(rows):
            out.append(p)
            continue
        row = rows[int(m.group(2))]
        out.append(Problem(row.cell(m.group(3) or "id"), p.code, p.params))
    return out


def _unit_doc(row: Row) -> dict[str, Any]:
    v = row.values
    return {"id": v["id"], "name": v["name"], "kind": v["kind"], "parent": v.get("parent")}


def _person_doc(row: Row) -> dict[str, Any]:
    v = row.values
    doc: dict[str, Any] = {
        "id": v["id"], "name": v["name"], "roles": v["roles"], "units": v.get("units", []),
    }
    for key in ("since", "until"):
        if key in v:
            doc[key] = format_time(v[key])
    return doc


__all__ = ["KEY_PREFIX", "WorkbookImported", "import_workbook", "row_key"]
