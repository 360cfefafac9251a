"""``sqmy ruleset doc``: the human-readable 计分标准 generated from a ruleset.

The published rules are printed from the very ruleset the engine executes, so
the two cannot drift.  Items are grouped by the article their ``clause``
names first (第一条 … 第N条, Chinese numerals parsed), in article and paragraph
order; items whose clause names no article follow under "其他规定", and the
declared vocabularies and attributes close the document as a glossary.
Pure: takes a :class:`~sqmy_core.rules.spec.Ruleset`, returns Markdown text.
"""

from __future__ import annotations

from sqmy_core.i18n import message
from sqmy_core.reports.entity_doc import (
    activity_items,
    award_items,
    base_items,
    metric_items,
    penalty_items,
    quota_items,
    ranking_items,
)
from sqmy_core.reports.points_doc import rule_text, scoring_texts, section_texts
from sqmy_core.reports.process_doc import glossary, process_items, year_items
from sqmy_core.reports.words import Namer, clause_position, date_text, join
from sqmy_core.rules.spec import Ruleset

Item = tuple[str, str, str]


def items_of(rs: Ruleset, lang: str) -> list[Item]:
    """Every construct of the ruleset as (clause, title, text), in the model's order."""
    n = Namer(rs, lang)
    items = year_items(n, rs)
    items += section_texts(n, rs)
    items += scoring_texts(n, rs)
    items += [(r.clause, n.label(r.label, r.id), rule_text(n, r, rs)) for r in rs.scoring.rules]
    items += base_items(n, rs)
    items += penalty_items(n, rs)
    items += activity_items(n, rs)
    items += metric_items(n, rs)
    items += quota_items(n, rs)
    items += ranking_items(n, rs)
    items += award_items(n, rs)
    items += process_items(n, rs)
    return items


def _article_heading(article: int, lang: str) -> str:
    return message("doc.article", lang, n=_chinese(article), number=article)


def _chinese(value: int) -> str:
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    if value < 20:
        return "十" + (digits[value % 10] if value % 10 else "")
    if value < 100:
        return digits[value // 10] + "十" + (digits[value % 10] if value % 10 else "")
    return str(value)


def render_ruleset_doc(rs: Ruleset, lang: str = "zh") -> str:
    """The ruleset's 计分标准 as Markdown in ``lang`` (``zh`` or ``en``)."""
    n = Namer(rs, lang)
    out = [message("doc.heading", lang, title=rs.title), ""]
    out.append(message("doc.generated", lang, organization=rs.organization, format=rs.format))
    if rs.effective_from is not None:
        out += ["", message("doc.effective_from", lang, day=date_text(rs.effective_from, lang))]
    if rs.plugins:
        out += ["", message("doc.plugins", lang, plugins=join(rs.plugins, lang))]
    grouped: dict[int | None, list[tuple[int, int, Item]]] = {}
    for index, item in enumerate(items_of(rs, lang)):
        pos = clause_position(item[0])
        article = pos[0] if pos else None
        grouped.setdefault(article, []).append((pos[1] if pos else 0, index, item))
    for article in sorted(k for k in grouped if k is not None):
        out += ["", _article_heading(article, lang), ""]
        out += [_line(item, lang) for _, _, item in sorted(grouped[article])]
    if None in grouped:
        out += ["", message("doc.other", lang), ""]
        out += [_line(item, lang) for _, _, item in grouped[None]]
    words = glossary(n, rs)
    if words:
        out += ["", message("doc.glossary", lang), ""]
        if rs.vocabulary.clause:
            out += [message("doc.glossary_clause", lang, clause=rs.vocabulary.clause), ""]
        out += [f"- {w}" for w in words]
    return "\n".join(out) + "\n"


def _line(item: Item, lang: str) -> str:
    clause, title, text = item
    where = message("doc.clause", lang, clause=clause) if clause else ""
    return f"- **{title}**{where}{'：' if lang == 'zh' else ': '}{text}"
