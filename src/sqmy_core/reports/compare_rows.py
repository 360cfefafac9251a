"""The rows of the ``compare`` report's people and units tables: one changed entity a row.

Numbers stay cells of their own (points before, after and the change as exact
``Fraction``; ranks as ``int``) so a workbook can sum and sort them; what
changed in quotas, flags, grade, award and sections is said in words, since
each entity may have several of them.  Columns nobody's change needs (grades
when neither ruleset grades, sections when they have none) are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from sqmy_core.i18n import message
from sqmy_core.reports.document import Cell, Column, Table
from sqmy_core.reports.words import Namer, num
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.compare import EntityChange, QuotaChange

__all__ = ["entity_table", "flag_words"]


def entity_table(
    changes: Sequence[EntityChange],
    key: Literal["people", "units"],
    baseline: Ruleset,
    draft: Ruleset,
    lang: str,
) -> Table:
    """The table of changed people (``key="people"``) or units."""
    namer = Namer(draft, lang)
    grades = bool(baseline.grades and baseline.awards) or bool(draft.grades and draft.awards)
    sections = any(c.sections for c in changes)
    grouped = any(c.group_before or c.group_after for c in changes)
    columns = [
        Column("id", message("compare.col.id", lang), "id"),
        Column("name", message("compare.col.name", lang)),
        *([Column("group", message("compare.col.group", lang))] if grouped else []),
        Column("points_before", message("compare.col.points_before", lang), "points"),
        Column("points_after", message("compare.col.points_after", lang), "points"),
        Column("delta", message("compare.col.delta", lang), "points"),
        Column("rank_before", message("compare.col.rank_before", lang), "count"),
        Column("rank_after", message("compare.col.rank_after", lang), "count"),
        Column("rank_move", message("compare.col.rank_move", lang), "count"),
        Column("quotas", message("compare.col.quotas", lang)),
        Column("flags", message("compare.col.flags", lang)),
    ]
    if grades:
        columns.append(Column("grade", message("compare.col.grade", lang)))
    columns.append(Column("award", message("compare.col.award", lang)))
    if sections:
        columns.append(Column("sections", message("compare.col.sections", lang)))
    flags = flag_words(baseline, draft, lang)
    sep = "；" if lang == "zh" else "; "
    table = "role" if key == "people" else "unit_kind"
    rows = []
    for c in changes:
        row: list[Cell] = [
            c.id,
            c.name,
            *([_group(c, namer, table, lang)] if grouped else []),
            c.points_before,
            c.points_after,
            c.delta,
            c.rank_before,
            c.rank_after,
            c.rank_move,
            sep.join(_quota_text(q, lang) for q in c.quotas),
            _flags_text(c, flags, lang),
        ]
        if grades:
            row.append(_pair(c.grade_before, c.grade_after, lang))
        row.append(_pair(c.award_before, c.award_after, lang))
        if sections:
            row.append(_sections_text(c, lang))
        rows.append(tuple(row))
    what = message("compare.people_word" if key == "people" else "compare.units_word", lang)
    notes = (
        message("compare.note.entities", lang, what=what),
        message("compare.note.points", lang),
        message("compare.note.rank", lang),
        message("compare.note.quotas", lang),
        message("compare.note.flags", lang),
        message("compare.note.awards", lang),
    )
    return Table(
        key=key,
        title=message(f"compare.table.{key}", lang),
        columns=tuple(columns),
        rows=tuple(rows),
        notes=notes,
    )


def _group(c: EntityChange, namer: Namer, table: str, lang: str) -> str:
    before = namer.word(table, c.group_before) if c.group_before else ""
    after = namer.word(table, c.group_after) if c.group_after else ""
    if before == after:
        return after
    return _pair(before or None, after or None, lang)


def _pair(before: str | None, after: str | None, lang: str) -> str:
    """``先进个人 → —``; the one value when both sides agree."""
    none = message("compare.none", lang)
    if before == after:
        return before or ""
    return message("compare.arrow", lang, before=before or none, after=after or none)


def _verdict(met: bool | None, lang: str) -> str:
    code = "compare.not_applied" if met is None else "compare.met" if met else "compare.missed"
    return message(code, lang)


def _periods(periods: tuple[bool | None, ...], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(_verdict(p, lang) for p in periods)


def _quota_text(q: QuotaChange, lang: str) -> str:
    """``委员每年至少 1 篇审定通过：完成 → 未完成`` (with each period's verdict for a quota by period)."""
    before, after = _verdict(q.before, lang), _verdict(q.after, lang)
    if len(q.periods_before) > 1 or len(q.periods_after) > 1:
        open_, close = ("（", "）") if lang == "zh" else (" (", ")")
        before += f"{open_}{_periods(q.periods_before, lang)}{close}" if q.periods_before else ""
        after += f"{open_}{_periods(q.periods_after, lang)}{close}" if q.periods_after else ""
    colon = "：" if lang == "zh" else ": "
    return f"{q.label}{colon}" + message("compare.arrow", lang, before=before, after=after)


def flag_words(baseline: Ruleset, draft: Ruleset, lang: str) -> dict[str, str]:
    """Each flag id as a reader knows it: its label and level, in the draft's words first."""
    words: dict[str, str] = {}
    for rs in (draft, baseline):
        for f in rs.flags:
            words.setdefault(
                f.id, (f.label or f.id) + message("compare.level", lang, level=f.level)
            )
    return words


def _flags_text(c: EntityChange, words: dict[str, str], lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    parts = [f"+{words.get(f, f)}" for f in c.flags_added]
    parts += [f"−{words.get(f, f)}" for f in c.flags_removed]
    return sep.join(parts)


def _sections_text(c: EntityChange, lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    none = message("compare.none", lang)
    colon = "：" if lang == "zh" else ": "
    return sep.join(
        f"{s.section}{colon}"
        + message(
            "compare.arrow",
            lang,
            before=num(s.before) if s.before is not None else none,
            after=num(s.after) if s.after is not None else none,
        )
        for s in c.sections
    )
