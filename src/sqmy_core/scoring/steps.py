"""Plugin steps at the verdict stages: a quota's verdict, more flags, the award.

Each ``[[steps]]`` entry of a ruleset names a step kind a plugin provides
(:class:`~sqmy_core.rules.kinds.StepKind`) and the stage it acts at.  The
``piece`` and ``entity`` stages change points (see :mod:`.ledger` and
:mod:`.totals`, where the explanation shows them as lines named by the
step); the stages here change a verdict.  Each change is recorded as a
:class:`StepNote` (which step, what it decided, what it replaced), and a
quota a step overrode carries the step's label in its own label, so
``explain`` can say what the plugin did.

The assessment keeps the notes on each result (``EntityResult.steps``);
:func:`verdict_notes` reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from attrs import evolve

from sqmy_core.errors import PluginError, Problem
from sqmy_core.model import Person, Unit
from sqmy_core.rules.kinds import VerdictView
from sqmy_core.rules.spec_model import StepSpec
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.quotas import QuotaResult
from sqmy_core.scoring.result import Assessment, EntityResult, StepNote

VERDICT_STAGES = ("quota", "flag", "award")


def _steps(book: Book, stage: str) -> list[tuple[StepSpec, Mapping[str, Any], Any]]:
    rs = book.ruleset
    return [(s, s.params or {}, rs.step_kinds[s.kind]) for s in rs.steps if s.stage == stage]


def _note(step: StepSpec, subject: str, before: str | bool | None, after: str | bool | None) -> StepNote:  # fmt: skip
    return StepNote(step.id, step.label or step.id, step.clause, step.stage, subject, before, after)


def _bad_result(book: Book, step: StepSpec, found: object, expected: str) -> PluginError:
    """A step kind returned what its stage cannot use: the plugin's fault, named with its step."""
    return PluginError(
        [
            Problem(
                f"steps[{book.ruleset.steps.index(step)}]",
                "step_bad_result",
                {"kind": repr(step.kind), "found": repr(found), "expected": expected},
            )
        ]
    )


def judge_quotas(
    book: Book,
    entity: str,
    record: Person | Unit,
    year: int,
    points: Fraction,
    counts: Mapping[str, int],
    quotas: tuple[QuotaResult, ...],
    notes: list[StepNote] | None = None,
) -> tuple[QuotaResult, ...]:
    """Let ``quota`` steps override each quota's verdict (``None`` keeps it).

    An overridden quota's label gets the deciding step's label in brackets
    (``每季度报送（因病请假）``), so every table that shows the quota shows why.
    """
    steps = _steps(book, "quota")
    if not steps:
        return quotas
    out = []
    for q in quotas:
        for step, params, impl in steps:
            view = VerdictView(
                entity, record.id, year, record, points, counts, quota=q, dataset=book.dataset
            )
            verdict = impl.apply(params, view)
            if verdict is not None and not isinstance(verdict, bool):
                raise _bad_result(book, step, verdict, "True, False, None")
            if verdict is not None and verdict != q.met:
                if notes is not None:
                    notes.append(_note(step, q.quota, q.met, verdict))
                q = evolve(q, met=verdict, label=f"{q.label or q.quota}（{step.label or step.id}）")
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
    notes: list[StepNote] | None = None,
) -> tuple[str, ...]:
    """Flags that ``flag`` steps add (a flag already set is not added twice)."""
    for step, params, impl in _steps(book, "flag"):
        view = VerdictView(
            entity, record.id, year, record, points, counts, flags=flags, dataset=book.dataset
        )
        added = impl.apply(params, view) or ()
        if not isinstance(added, (tuple, list)) or not all(isinstance(f, str) and f for f in added):
            raise _bad_result(book, step, added, "a tuple of flag ids")
        for flag in added:
            if flag not in flags:
                flags += (flag,)
                if notes is not None:
                    notes.append(_note(step, flag, None, flag))
    return flags


def step_award(
    book: Book,
    entity: str,
    result: EntityResult,
    year: int,
    rank: int,
    award: str | None,
    notes: list[StepNote] | None = None,
) -> str | None:
    """The award after ``award`` steps (a label gives, ``""`` takes away, ``None`` keeps)."""
    for step, params, impl in _steps(book, "award"):
        record = book.people.get(result.id) if entity == "person" else book.units.get(result.id)
        view = VerdictView(
            entity, result.id, year, record, result.points, result.counts,
            flags=result.flags, award=award, rank=rank, dataset=book.dataset,
        )  # fmt: skip
        given = impl.apply(params, view)
        if given is not None and not isinstance(given, str):
            raise _bad_result(book, step, given, 'a label, "" or None')
        if given is not None and (given or None) != award:
            if notes is not None:
                notes.append(_note(step, "", award, given or None))
            award = given or None
    return award


def verdict_notes(book: Book, year: int, entity: str, ident: str) -> tuple[StepNote, ...]:
    """What the ``quota``, ``flag`` and ``award`` steps decided for one entity in ``year``
    (the notes the assessment recorded while it ran them)."""
    from sqmy_core.scoring.assess import assess_book

    if not any(s.stage in VERDICT_STAGES for s in book.ruleset.steps):
        return ()
    return _result(assess_book(book, year), entity, ident).steps


def _result(assessment: Assessment, entity: str, ident: str) -> EntityResult:
    return assessment.person(ident) if entity == "person" else assessment.unit(ident)
