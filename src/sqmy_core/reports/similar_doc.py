"""``[similar]`` in the generated ruleset document (``sqmy ruleset doc``): one item, in words."""

from __future__ import annotations

from sqmy_core.i18n import message
from sqmy_core.reports.words import join
from sqmy_core.rules.convert import fraction_text
from sqmy_core.rules.spec import Ruleset


def similar_items(rs: Ruleset, lang: str) -> list[tuple[str, str, str]]:
    """``(clause, title, text)`` of the similar-topic rule; none without an enabled ``[similar]``."""
    s = rs.similar
    if s is None or not s.enabled:
        return []
    fields = join((message(f"doc.similar.field.{f}", lang) for f in s.fields), lang)
    text = message(
        "doc.similar.rule",
        lang,
        days=s.lookback_days,
        fields=fields,
        threshold=fraction_text(s.threshold),
        limit=s.limit,
    )
    if s.states:
        states = join((message(f"similar.status.{x}", lang) for x in s.states), lang)
        text += message("doc.similar.states", lang, states=states)
    if s.prefer == "adopted":
        text += message("doc.similar.prefer", lang)
    return [(s.clause, message("doc.title.similar", lang), text + message("doc.similar.end", lang))]


__all__ = ["similar_items"]
