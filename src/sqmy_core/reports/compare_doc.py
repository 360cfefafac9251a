"""The ``compare`` report: what a draft ruleset changes, laid out as every format shows it.

Built from a :class:`~sqmy_core.scoring.compare.Comparison` (and, when the
specs were run, a :class:`~sqmy_core.reports.compare_clauses.ClauseDiff`)
into one :class:`~sqmy_core.reports.document.Report`: summary paragraphs, a
table of people and one of units whose results change (ids first, so two
members with one name stay apart), the totals of movements and the spec
scenarios whose outcome differs.  Cells keep exact values (points as
``Fraction``); every table carries notes saying what its columns mean, since
a table pasted into a memo has nothing else beside it.  Pure: the date is
passed in.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from attrs import frozen

from sqmy_core.i18n import message
from sqmy_core.reports.compare_clauses import ClauseDiff, ScenarioRun, clause_tags
from sqmy_core.reports.compare_rows import entity_table, flag_words
from sqmy_core.reports.document import Cell, Column, Report, Table
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.compare import Comparison, LabelMove, Totals

__all__ = ["Sources", "compare_report"]

_MESSAGE_LINES: Final = 8
"""How many lines of a failing scenario's message the clause table keeps (step, numbers)."""
_WHERE: Final = re.compile(r"^(【[^】]+】).+?\.feature (第 \d+ 行)$")
"""The plugin's first line, ``【规格不符】features/x.feature 第 44 行``: the file is a column."""


@frozen
class Sources:
    """What was compared, as the reader should see it named (file paths, a workspace, a version)."""

    baseline: str
    draft: str
    data: str


def compare_report(
    comparison: Comparison,
    baseline: Ruleset,
    draft: Ruleset,
    sources: Sources,
    *,
    lang: str,
    dated: date,
    clauses: ClauseDiff | None = None,
    specs_not_run: str | None = None,
) -> Report:
    """The report of ``comparison``; ``clauses`` the spec runs, or ``specs_not_run`` why none."""
    m = _Words(lang)
    tables = [
        entity_table(comparison.people, "people", baseline, draft, lang),
        entity_table(comparison.units, "units", baseline, draft, lang),
        _totals_table(comparison, baseline, draft, clauses, m),
    ]
    if clauses is not None:
        tables.append(_clauses_table(clauses, m))
    return Report(
        kind="compare",
        organization=comparison.organization,
        title=m("compare.title", title=draft.title or baseline.title, year=comparison.year),
        lang=lang,
        period_label=m("compare.period", year=comparison.year),
        dated=dated,
        paragraphs=_paragraphs(comparison, baseline, draft, sources, clauses, specs_not_run, m),
        tables=tuple(tables),
    )


class _Words:
    """``message`` in the report's language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, code: str, **params: object) -> str:
        return message(code, self.lang, **params)


def _paragraphs(
    c: Comparison,
    baseline: Ruleset,
    draft: Ruleset,
    sources: Sources,
    clauses: ClauseDiff | None,
    specs_not_run: str | None,
    m: _Words,
) -> tuple[str, ...]:
    out = [m("compare.sources", baseline=sources.baseline, draft=sources.draft, data=sources.data)]
    if not c.people and not c.units:
        out.append(m("compare.nothing"))
    for code, t in (
        ("compare.summary_people", c.people_totals),
        ("compare.summary_units", c.unit_totals),
    ):
        out.append(
            m(
                code,
                before=t.assessed_before,
                after=t.assessed_after,
                changed=t.changed,
                up=t.points_up,
                down=t.points_down,
                rank_up=t.rank_up,
                rank_down=t.rank_down,
            )
        )
    for t in (c.people_totals, c.unit_totals):
        for what, moves in (
            (m("compare.award_word"), t.awards),
            (m("compare.grade_word"), t.grades),
        ):
            out += [_label_sentence(what, mv, m) for mv in moves if mv.gained or mv.lost]
    names = flag_words(baseline, draft, m.lang)
    for t in (c.people_totals, c.unit_totals):
        out += [
            m(
                "compare.summary_flag",
                label=names.get(f.flag, f.flag),
                before=f.before,
                after=f.after,
                added=f.added,
                removed=f.removed,
            )
            for f in t.flags
            if f.added or f.removed
        ]
    if clauses is not None:
        out.append(
            m(
                "compare.summary_specs",
                scenarios=clauses.scenarios,
                baseline=clauses.baseline_failing,
                draft=clauses.draft_failing,
                broken=len(clauses.now_failing),
                mended=len(clauses.now_passing),
            )
        )
    elif specs_not_run:
        out.append(m("compare.specs_not_run", why=specs_not_run))
    return tuple(out)


def _label_sentence(what: str, mv: LabelMove, m: _Words) -> str:
    return m(
        "compare.summary_label",
        what=what,
        label=mv.label,
        before=mv.before,
        after=mv.after,
        gained=mv.gained,
        lost=mv.lost,
    )


def _totals_table(
    c: Comparison, baseline: Ruleset, draft: Ruleset, clauses: ClauseDiff | None, m: _Words
) -> Table:
    rows: list[tuple[Cell, ...]] = []
    flags = flag_words(baseline, draft, m.lang)
    for word, t in (
        (m("compare.people_word"), c.people_totals),
        (m("compare.units_word"), c.unit_totals),
    ):
        rows += _kind_rows(word, t, flags, m)
    if clauses is not None:
        rows.append(
            (
                m("compare.item.specs"), "", "", clauses.baseline_failing, clauses.draft_failing,
                len(clauses.now_passing), len(clauses.now_failing),
            )
        )  # fmt: skip
    columns = (
        Column("item", m("compare.col.item")),
        Column("entity", m("compare.col.entity")),
        Column("label", m("compare.col.label")),
        Column("before", m("compare.col.before"), "count"),
        Column("after", m("compare.col.after"), "count"),
        Column("more", m("compare.col.more"), "count"),
        Column("less", m("compare.col.less"), "count"),
    )
    return _table("totals", columns, rows, m)


def _table(key: str, columns: tuple[Column, ...], rows: list[tuple[Cell, ...]], m: _Words) -> Table:
    """A table titled and noted from its key (``compare.table.<key>``, ``compare.note.<key>``)."""
    return Table(
        key=key,
        title=m(f"compare.table.{key}"),
        columns=columns,
        rows=tuple(rows),
        notes=(m(f"compare.note.{key}"),),
    )


def _kind_rows(word: str, t: Totals, flags: dict[str, str], m: _Words) -> list[tuple[Cell, ...]]:
    rows: list[tuple[Cell, ...]] = [
        (m("compare.item.assessed"), word, "", t.assessed_before, t.assessed_after, None, None),
        (m("compare.item.changed"), word, "", None, None, t.changed, None),
        (m("compare.item.scope"), word, "", None, None, t.entered, t.left),
        (m("compare.item.points"), word, "", None, None, t.points_up, t.points_down),
        (m("compare.item.rank"), word, "", None, None, t.rank_up, t.rank_down),
    ]
    for item, moves in ((m("compare.item.award"), t.awards), (m("compare.item.grade"), t.grades)):
        rows += [(item, word, mv.label, mv.before, mv.after, mv.gained, mv.lost) for mv in moves]
    rows += [
        (
            m("compare.item.flag"),
            word,
            flags.get(f.flag, f.flag),
            f.before,
            f.after,
            f.added,
            f.removed,
        )
        for f in t.flags
    ]
    rows += [
        (m("compare.item.quota"), word, q.label, None, None, q.now_met, q.now_missed)
        for q in t.quotas
    ]
    return rows


def _clauses_table(clauses: ClauseDiff, m: _Words) -> Table:
    rows = [
        _clause_row(run, other, m) for run, other in (*clauses.now_failing, *clauses.now_passing)
    ]
    columns = (
        Column("feature", m("compare.col.feature"), "id"),
        Column("line", m("compare.col.line"), "count"),
        Column("scenario", m("compare.col.scenario")),
        Column("clauses", m("compare.col.clauses")),
        Column("baseline", m("compare.col.baseline_outcome")),
        Column("draft", m("compare.col.draft_outcome")),
        Column("reason", m("compare.col.reason")),
    )
    return _table("clauses", columns, rows, m)


def _clause_row(run: ScenarioRun, baseline: ScenarioRun | None, m: _Words) -> tuple[Cell, ...]:
    """One scenario whose outcome differs: ``run`` is the draft's (or, absent, the baseline's)."""
    draft_outcome = run.outcome if run is not baseline else None
    failing = run if run.failing else baseline
    reason = _reason(failing.message if failing is not None else "")
    return (
        run.feature,
        run.line,
        run.name,
        " ".join(f"@{t}" for t in clause_tags(run)),
        _outcome(baseline.outcome if baseline else None, m),
        _outcome(draft_outcome, m),
        reason,
    )


def _outcome(outcome: str | None, m: _Words) -> str:
    return m(f"compare.outcome.{outcome or 'absent'}")


def _reason(text: str) -> str:
    """The spec plugin's failure without what the row's own columns say (the file, the scenario):
    the kind and line, the step, then the numbers -- at most :data:`_MESSAGE_LINES` lines."""
    lines = text.strip().splitlines()
    if lines:
        head = _WHERE.match(lines[0])
        if head is not None:
            lines[0] = head.group(1) + head.group(2)
    kept = [line for line in lines if not line.startswith("  场景：")]
    return "\n".join(kept[:_MESSAGE_LINES])
