"""Plugin steps at the verdict stages: a quota's verdict, more flags, the award.

Each ``[[steps]]`` entry of a ruleset names a step kind a plugin provides
(:class:`~sqmy_core.rules.kinds.StepKind`) and the stage it acts at.  The
``piece`` and ``entity`` stages change points (see :mod:`.ledger` and
:mod:`.totals`, where the explanation shows them); the stages here change a
verdict, and the result records which step decided (a quota's label says so).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from attrs import evolve

from sqmy_core.model import Person, Unit
from sqmy_core.rules.kinds import VerdictView
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.quotas import QuotaResult
from sqmy_core.scoring.result import EntityResult


def _steps(book: Book, stage: str) -> list[tuple[str, Mapping[str, object], object]]:
    rs = book.ruleset
    return [(s.id, s.params or {}, rs.step_kinds[s.kind]) for s in rs.steps if s.stage == stage]


def judge_quotas(
    book: Book,
    entity: str,
    record: Person | Unit,
    year: int,
    points: Fraction,
    counts: Mapping[str, int],
    quotas: tuple[QuotaResult, ...],
) -> tuple[QuotaResult, ...]:
    """Let ``quota`` steps override each quota's verdict (``None`` keeps it)."""
    steps = _steps(book, "quota")
    if not steps:
        return quotas
    out = []
    for q in quotas:
        for step_id, params, impl in steps:
            view = VerdictView(entity, record.id, year, record, points, counts, quota=q)
            verdict = impl.apply(params, view)  # type: ignore[attr-defined]
            if verdict is not None and bool(verdict) != q.met:
                q = evolve(q, met=bool(verdict), label=f"{q.label}（{step_id}）")
        out.append(q)
    return tuple(out)


def step_flags(
    book: Book,
    entity: str,
    record: Person | Unit,
    year: int,
    points: Fraction,
    counts: Mapping[str, int],
    flags: tuple[str, ...],
) -> tuple[str, ...]:
    """Flags that ``flag`` steps add."""
    for _step_id, params, impl in _steps(book, "flag"):
        view = VerdictView(entity, record.id, year, record, points, counts, flags=flags)
        added = impl.apply(params, view) or ()  # type: ignore[attr-defined]
        flags = flags + tuple(f for f in added if f not in flags)
    return flags


def step_award(
    book: Book, entity: str, result: EntityResult, year: int, rank: int, award: str | None
) -> str | None:
    """The award after ``award`` steps (a label gives, ``""`` takes away, ``None`` keeps)."""
    for _step_id, params, impl in _steps(book, "award"):
        record = book.people.get(result.id) if entity == "person" else book.units.get(result.id)
        view = VerdictView(
            entity, result.id, year, record, result.points, result.counts,
            flags=result.flags, award=award, rank=rank,
        )  # fmt: skip
        given = impl.apply(params, view)  # type: ignore[attr-defined]
        if given is not None:
            award = given or None
    return award
