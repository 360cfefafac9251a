"""The JSON of ``explain`` and of a standing: what ``sqmy explain`` prints, as data.

``sqmy explain`` prints a table for people; an OA shows its own.  The
document carries the same content: the entity's result (points, rank,
award, grade, flags, sections, amounts, quotas), every line behind its
points (when, which piece and event, which rule and clause, the piece's
points, the entity's share, the points), what plugin steps decided, the
similar earlier topics and what is still missing (还差什么) -- the last two
as the sentences ``sqmy explain`` prints, in the request's language.  Points
are exact until here: each is given rounded for display (two decimals;
shares four) and exact as a fraction string (``points_exact``), so a caller
can add the lines up to the total without rounding drift.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sqmy_core.interchange.assessment import rounded
from sqmy_core.model.vocab import CONTRIBUTION_NAMES, EVENT_NAMES
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.explain import Explanation
from sqmy_core.scoring.standing import Standing


def exact(value: Fraction) -> str:
    """A fraction as text: ``17/2``, ``-3``."""
    return str(value)


def _moment(book: Book, value: Any) -> str | None:
    return None if value is None else value.astimezone(book.clock.tz).isoformat()


def explanation_doc(ex: Explanation, book: Book, year: int, lang: str) -> dict[str, Any]:
    """The explanation of one person's or unit's points in ``year`` (see the module)."""
    from sqmy_core.reports.missing_text import shortfall_lines
    from sqmy_core.scoring.missing import shortfalls
    from sqmy_core.workflow.similar import similar_lines

    r = ex.result
    lines = []
    for ln in ex.lines:
        name = EVENT_NAMES.get(ln.event_type) or CONTRIBUTION_NAMES.get(ln.event_type)
        lines.append({
            "at": _moment(book, ln.at), "piece": ln.piece or None, "title": ln.title or None,
            "event": ln.event_type, "event_name": name if lang == "zh" else ln.event_type,
            "rule": ln.rule, "label": ln.label, "clause": ln.clause,
            "piece_points": rounded(ln.piece_delta, 2), "share": rounded(ln.share, 4),
            "points": rounded(ln.points, 2), "points_exact": exact(ln.points),
            "section": ln.section, "tally": ln.tally,
        })
    quotas = [
        {"quota": q.quota, "label": q.label, "clause": q.clause, "metric": q.metric,
         "min": q.min, "counts": list(q.counts), "met": q.met}
        for q in r.quotas
    ]
    steps = [
        {"step": s.step, "label": s.label, "clause": s.clause, "stage": s.stage,
         "subject": s.subject, "before": s.before, "after": s.after}
        for s in r.steps
    ]
    missing = shortfall_lines(book.ruleset, shortfalls(book, year, r.entity, r.id), lang)
    similar = similar_lines(book.ruleset, book.dataset, (ln.piece for ln in ex.lines), lang)
    return {
        "organization": book.ruleset.organization, "year": year, "entity": r.entity,
        "id": r.id, "name": r.name, "group": r.group,
        "points": rounded(r.points, 2), "points_exact": exact(r.points),
        "base_points": rounded(ex.base_points, 2), "base_points_exact": exact(ex.base_points),
        "rank": r.rank, "adopted_pieces": r.adopted_pieces, "award": r.award, "grade": r.grade,
        "flags": list(r.flags), "quotas_met": r.quotas_met, "counts": dict(r.counts),
        "sections": None if r.sections is None
        else {k: rounded(v, 2) for k, v in r.sections.items()},
        "amounts": None if r.amounts is None
        else {k: rounded(v, 2) for k, v in r.amounts.items()},
        "quotas": quotas, "lines": lines, "steps": steps, "similar": similar, "missing": missing,
    }


def standing_doc(s: Standing) -> dict[str, Any]:
    """One live standing: rank and points (rounded, and exact)."""
    return {
        "entity": s.entity, "id": s.id, "points": rounded(s.points, 2),
        "points_exact": exact(s.points), "rank": s.rank, "group": s.group,
        "counts": dict(s.counts),
        "sections": None if s.sections is None
        else {k: rounded(v, 2) for k, v in s.sections.items()},
    }


__all__ = ["exact", "explanation_doc", "standing_doc"]
