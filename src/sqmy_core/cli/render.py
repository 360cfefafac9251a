"""Readable tables for office staff (rich), in Chinese or English.

What only ``explain`` prints from (what is missing, in words) is imported by
:func:`print_explanation`, so ``sqmy assess``'s tables do not load the reports.
The console does not look for emoji codes (``:smile:``): the cells are names,
titles and the catalogue's words, and rich would otherwise load its table of
some 4,000 emoji for the first cell it prints.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from sqmy_core.i18n import message
from sqmy_core.model.vocab import CONTRIBUTION_NAMES, EVENT_NAMES, UNIT_KIND_NAMES
from sqmy_core.scoring.result import Assessment, EntityResult, StepNote
from sqmy_core.scoring.rounding import points_text, round_half_up

if TYPE_CHECKING:
    from sqmy_core.scoring.book import Book
    from sqmy_core.scoring.explain import Explanation


def _console() -> Console:
    return Console(soft_wrap=False, width=160, highlight=False, emoji=False)


def _rate(value: Fraction | None) -> str:
    if value is None:
        return "—"
    return f"{round_half_up(value * 100, 2):.2f}%"


def _quotas_cell(e: EntityResult, lang: str) -> str:
    if not e.quotas:
        return message("cli.no_quota", lang)
    return message("cli.met" if e.quotas_met else "cli.not_met", lang)


def _entity_table(
    title: str, rows: tuple[EntityResult, ...], names: dict[str, str], lang: str, with_flags: bool
) -> Table:
    t = Table(title=title, title_justify="left")
    for col, justify in (
        ("rank", "right"),
        ("id", "left"),
        ("name", "left"),
        ("points", "right"),
        ("adopted", "right"),
        ("quotas", "left"),
    ):
        t.add_column(message(f"cli.col.{col}", lang), justify=justify)  # type: ignore[arg-type]
    if with_flags:
        t.add_column(message("cli.col.flags", lang))
    t.add_column(message("cli.col.award", lang))
    for e in rows:
        cells = [
            str(e.rank),
            e.id,
            names.get(e.id, e.id),
            points_text(e.points),
            str(e.adopted_pieces),
            _quotas_cell(e, lang),
        ]
        if with_flags:
            cells.append(", ".join(_flag_name(f, lang) for f in e.flags))
        cells.append(e.award or "")
        t.add_row(*cells)
    return t


def _flag_name(flag: str, lang: str) -> str:
    return {"talk": "谈话引导"}.get(flag, flag) if lang == "zh" else flag


def print_assessment(a: Assessment, lang: str) -> None:
    """The assessment as ranked tables: people, units per class, overdue, year stats."""
    console = _console()
    names = {e.id: e.name for e in a.people} | {u.id: u.name for u in a.units}
    console.print(message("cli.assessment_title", lang, title=a.title, year=a.year), style="bold")
    console.print(_entity_table(message("cli.people", lang), a.people, names, lang, True))
    groups: dict[str | None, list[EntityResult]] = {}
    for u in a.units:
        groups.setdefault(u.group, []).append(u)
    for group, rows in groups.items():
        if group is None:
            title = message("cli.units", lang)
        else:
            kind = UNIT_KIND_NAMES.get(group, group) if lang == "zh" else group
            title = message("cli.units_of_kind", lang, kind=kind)
        console.print(_entity_table(title, tuple(rows), names, lang, False))
    overdue = ", ".join(a.overdue) or message("cli.none", lang)
    console.print(f"{message('cli.overdue', lang)}: {overdue}")
    c = a.stats.counts
    console.print(
        message(
            "cli.stats",
            lang,
            submitted=c["submitted"],
            approved=c["approved"],
            adopted=c["adopted"],
            instructed=c["instructed"],
            implemented=c["implemented"],
            adoption_rate=_rate(a.stats.adoption_rate),
            instruction_rate=_rate(a.stats.instruction_rate),
        )
    )


def _share_text(share: Fraction) -> str:
    if share == 1:
        return "100%"
    return f"{round_half_up(share * 100, 2).normalize():f}%"


def print_explanation(ex: Explanation, book: Book, year: int, lang: str) -> None:
    """Every line behind one entity's points, the total, the quota results and what is missing."""
    console = _console()
    r = ex.result
    console.print(message("cli.explain_title", lang, name=r.name, id=r.id, year=year), style="bold")
    t = Table()
    for col in ("date", "piece", "event", "rule", "clause", "piece_points", "share", "points"):
        t.add_column(
            message(f"cli.col.{col}", lang),
            justify="right" if col in ("piece_points", "share", "points") else "left",
        )
    tallies = {x.id: x for x in book.ruleset.tallies}
    sections = {s.id: s.label or s.id for s in book.ruleset.sections}
    for ln in ex.lines:
        when = ln.at.astimezone(book.clock.tz).strftime("%Y-%m-%d %H:%M") if ln.at else ""
        event = (
            EVENT_NAMES.get(ln.event_type) or CONTRIBUTION_NAMES.get(ln.event_type, ln.event_type)
            if lang == "zh"
            else ln.event_type
        )
        rule = (ln.label or ln.rule) if lang == "zh" else ln.rule
        amount = points_text(ln.points)
        if ln.tally is not None:
            tally = tallies.get(ln.tally)
            name = (tally.label or tally.id) if tally and lang == "zh" else ln.tally
            rule = f"{rule}（{name}）" if lang == "zh" else f"{rule} ({name})"
            amount = f"{amount} {tally.unit}" if tally and tally.unit else amount
        elif sections and ln.section:
            rule = (
                f"{rule} · {sections.get(ln.section, ln.section)}"
                if lang == "zh"
                else f"{rule} · {ln.section}"
            )
        t.add_row(
            when,
            f"{ln.piece} {ln.title}".strip(),
            event,
            rule,
            ln.clause,
            points_text(ln.piece_delta),
            _share_text(ln.share),
            amount,
        )
    console.print(t)
    console.print(
        message(
            "cli.explain_total",
            lang,
            points=points_text(r.points),
            base=points_text(ex.base_points),
            rank=r.rank,
            adopted=r.adopted_pieces,
            award=r.award or message("cli.none", lang),
        )
    )
    if r.sections:
        parts = [
            f"{sections.get(k, k) if lang == 'zh' else k} {points_text(v)}"
            for k, v in r.sections.items()
        ]
        console.print(
            message(
                "cli.explain_sections",
                lang,
                sections="；".join(parts) if lang == "zh" else "; ".join(parts),
            )
        )
    if r.amounts:
        parts = []
        for k, v in r.amounts.items():
            tally = tallies.get(k)
            name = (tally.label or k) if tally and lang == "zh" else k
            parts.append(
                f"{name} {points_text(v)}{(' ' + tally.unit) if tally and tally.unit else ''}"
            )
        console.print(
            message(
                "cli.explain_amounts",
                lang,
                amounts="；".join(parts) if lang == "zh" else "; ".join(parts),
            )
        )
    if r.grade:
        console.print(message("cli.explain_grade", lang, grade=r.grade))
    if r.flags:
        console.print(
            message(
                "cli.explain_flags", lang, flags=", ".join(_flag_name(f, lang) for f in r.flags)
            )
        )
    if r.quotas:
        q = Table()
        for col in ("quota", "clause", "count", "min", "quotas"):
            q.add_column(message(f"cli.col.{col}", lang))
        for res in r.quotas:
            q.add_row(
                res.label or res.quota,
                res.clause,
                "/".join(map(str, res.counts)),
                str(res.min),
                message("cli.met" if res.met else "cli.not_met", lang),
            )
        console.print(q)
    for note in r.steps:
        console.print(_step_note(note, lang))
    from sqmy_core.workflow.similar import similar_lines

    for line in similar_lines(book.ruleset, book.dataset, (ln.piece for ln in ex.lines), lang):
        console.print(line, markup=False)
    from sqmy_core.reports.missing_text import shortfall_lines
    from sqmy_core.scoring.missing import shortfalls

    lines = shortfall_lines(book.ruleset, shortfalls(book, year, r.entity, r.id), lang)
    if lines:
        console.print(message("missing.title", lang))
        for line in lines:
            console.print(f"  - {line}")


def _step_note(note: StepNote, lang: str) -> str:
    """One verdict a plugin step changed, as ``explain`` prints it (the step's label in Chinese)."""
    step = note.label if lang == "zh" else note.step
    none = message("cli.none", lang)
    if note.stage == "quota":
        verdict = message("cli.met" if note.after else "cli.not_met", lang)
        return message("cli.step_quota", lang, step=step, quota=note.subject, verdict=verdict)
    if note.stage == "flag":
        return message("cli.step_flag", lang, step=step, flag=_flag_name(note.subject, lang))
    before, after = note.before or none, note.after or none
    return message("cli.step_award", lang, step=step, before=before, after=after)
