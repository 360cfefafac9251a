"""The 计分标准 items for points: rules, splits, unit credit, sections, tallies.

Each function returns plain sentences in one language; :mod:`.ruleset_doc`
places them under their clauses.  Every number of the construct is printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from sqmy_core.i18n import message
from sqmy_core.reports.words import Namer, date_text, factor_text, join, num, percent, text_of
from sqmy_core.rules.spec import Multiplier, PointsRule, Ruleset, SplitSpec
from sqmy_core.rules.spec_model import Condition

_NAMED = (
    ("call_kinds", "call_kind"),
    ("bodies", "body"),
    ("levels", "level"),
    ("ranks", "rank"),
    ("routes", "route"),
    ("outcomes", "outcome"),
)


def table_text(
    n: Namer, by: tuple[str, ...], values: Mapping[str, Any], code: str, unit: str = ""
) -> str:
    """A (nested) value table: ``市政协 4 分、省政协 8 分`` or ``国家级：全文 15 分……``."""
    lang = n.lang
    expr = by[0]
    rest = by[1:]
    parts = []
    for key, value in values.items():
        name = n.key_value(expr, key)
        if isinstance(value, Mapping) and rest:
            inner = table_text(n, rest, value, code, unit)
            parts.append(message("doc.nested", lang, key=name, inner=inner))
        else:
            parts.append(message(code, lang, key=name, value=num(Fraction(value)), unit=unit))
    sep = "；" if rest and lang == "zh" else ("; " if rest else None)
    return sep.join(parts) if sep else join(parts, lang)


def by_text(n: Namer, by: tuple[str, ...]) -> str:
    return join((n.key_name(e) for e in by), n.lang)


def condition_text(n: Namer, when: Condition) -> str:
    """``when`` as ``限于约稿类别为定向约稿……的``; empty when there is no condition."""
    terms = []
    for name, expr in _NAMED:
        allowed = getattr(when, name)
        if allowed is not None:
            terms.append((expr, [str(a) for a in allowed]))
    for expr, vals in (when.match or {}).items():
        terms.append((expr, [text_of(v) for v in vals]))
    if not terms:
        return ""
    said = [
        message(
            "doc.cond_term",
            n.lang,
            key=n.key_name(expr),
            values=join((n.key_value(expr, v) for v in vals), n.lang),
        )
        for expr, vals in terms
    ]
    return message("doc.cond", n.lang, terms=("，" if n.lang == "zh" else ", ").join(said))


def multiplier_text(n: Namer, m: Multiplier) -> str:
    parts = [
        message(
            "doc.mult_entry",
            n.lang,
            key=n.key_value(m.by[0], k),
            change=factor_text(Fraction(v), n.lang),
        )
        for k, v in m.values.items()
        if not isinstance(v, Mapping)
    ]
    return message("doc.mult", n.lang, key=by_text(n, tuple(m.by)), entries=join(parts, n.lang))


def split_text(n: Namer, split: SplitSpec) -> str:
    """How a joint piece's points are shared (联名拆分), with every share."""
    lang = n.lang
    if split.mode == "first_share":
        first = split.first_share if split.first_share is not None else Fraction(1)
        text = message("doc.split.first_share", lang, first=percent(first), rest=percent(1 - first))
    elif split.mode == "positions":
        shares = split.shares or (Fraction(1),)
        parts = [
            message("doc.split.position", lang, pos=i + 1, share=percent(s))
            for i, s in enumerate(shares[:-1])
        ]
        parts.append(
            message("doc.split.position_last", lang, pos=len(shares), share=percent(shares[-1]))
        )
        text = message("doc.split.positions", lang, parts=join(parts, lang))
    else:
        text = message(f"doc.split.{split.mode}", lang)
    if split.max_authors is not None:
        text += message("doc.split.max_authors", lang, n=split.max_authors)
    return text


def _value_text(n: Namer, rule: PointsRule, rs: Ruleset) -> str:
    lang = n.lang
    unit = "doc.entry_amount" if rule.tally else "doc.entry_points"
    ev = n.word("event", rule.event)
    if rule.kind is not None:
        params = join((f"{k} = {text_of(v)}" for k, v in (rule.params or {}).items()), lang)
        return message("doc.rule.plugin", lang, event=ev, kind=rule.kind, params=params or "—")
    if rule.points is not None:
        code = "doc.rule.flat_amount" if rule.tally else "doc.rule.flat"
        return message(code, lang, event=ev, value=num(rule.points), unit=_tally_unit(rs, rule))
    by = tuple(rule.by or ())
    return message(
        "doc.rule.table",
        lang,
        event=ev,
        key=by_text(n, by),
        table=table_text(n, by, rule.values or {}, unit, _tally_unit(rs, rule)),
    )


def _tally_unit(rs: Ruleset, rule: PointsRule) -> str:
    tally = next((t for t in rs.tallies if t.id == rule.tally), None)
    return tally.unit if tally else ""


def _combine_text(n: Namer, rule: PointsRule) -> str:
    if rule.combine == "sum_distinct":
        key = by_text(n, tuple(rule.distinct_by or rule.by or ())) or n.key_name("type")
        return message("doc.combine.sum_distinct", n.lang, key=key)
    return message(f"doc.combine.{rule.combine}", n.lang)


def rule_text(n: Namer, rule: PointsRule, rs: Ruleset) -> str:
    """One points rule in plain words: the value, how events combine, bounds, conditions."""
    lang = n.lang
    parts = [_value_text(n, rule, rs)]
    if rule.by and rule.points is None and rule.kind is None:
        parts.append(message("doc.rule.unlisted", lang))
    if rule.rank_multiplier:
        parts.append(multiplier_text(n, Multiplier(by=("rank",), values=rule.rank_multiplier)))  # type: ignore[arg-type]
    parts += [multiplier_text(n, m) for m in rule.multipliers]
    cond = condition_text(n, rule.when)
    if cond:
        parts.append(cond)
    parts.append(_combine_text(n, rule))
    if rule.cap is not None:
        parts.append(message("doc.rule.cap", lang, value=num(rule.cap)))
    if rule.floor is not None:
        parts.append(message("doc.rule.floor", lang, value=num(rule.floor)))
    if rule.applies_from is not None or rule.applies_until is not None:
        parts.append(_window_text(n, rule))
    if rule.group:
        parts.append(message("doc.rule.group", lang, group=rule.group))
    if rule.split is not None:
        parts.append(message("doc.rule.own_split", lang, split=split_text(n, rule.split)))
    if tuple(rule.entities) != ("person", "unit"):
        parts.append(message(f"doc.rule.entities.{'_'.join(rule.entities)}", lang))
    if rule.tally:
        tally = next((t for t in rs.tallies if t.id == rule.tally), None)
        name = n.label(tally.label if tally else "", rule.tally)
        parts.append(message("doc.rule.tally", lang, tally=name))
    elif rule.section and len(rs.sections) > 1:
        parts.append(message("doc.rule.section", lang, section=section_name(n, rs, rule.section)))
    return ("；" if lang == "zh" else "; ").join(parts) + ("。" if lang == "zh" else ".")


def _window_text(n: Namer, rule: PointsRule) -> str:
    lang = n.lang
    if rule.applies_from and rule.applies_until:
        return message(
            "doc.window.both",
            lang,
            start=date_text(rule.applies_from, lang),
            end=date_text(rule.applies_until, lang),
        )
    if rule.applies_from:
        return message("doc.window.from", lang, start=date_text(rule.applies_from, lang))
    assert rule.applies_until is not None
    return message("doc.window.until", lang, end=date_text(rule.applies_until, lang))


def section_name(n: Namer, rs: Ruleset, ident: str) -> str:
    sec = next((s for s in rs.sections if s.id == ident), None)
    return n.label(sec.label if sec else "", ident)


def scoring_texts(n: Namer, rs: Ruleset) -> list[tuple[str, str, str]]:
    """(clause, title, text) for the split, the unit credit and the piece cap / base points."""
    lang = n.lang
    sc = rs.scoring
    out = [
        (
            sc.split.clause,
            message("doc.title.split", lang),
            split_text(n, sc.split) + ("。" if lang == "zh" else "."),
        )
    ]
    out.append(
        (
            sc.unit_clause,
            message("doc.title.unit_credit", lang),
            message(f"doc.unit_credit.{sc.unit_credit}", lang),
        )
    )
    extra = []
    if sc.piece_cap is not None:
        extra.append(message("doc.piece_cap", lang, value=num(sc.piece_cap)))
    if sc.base_points:
        extra.append(message("doc.base_points", lang, value=num(sc.base_points)))
    if extra:
        out.append(("", message("doc.title.scoring", lang), " ".join(extra)))
    return out


def section_texts(n: Namer, rs: Ruleset) -> list[tuple[str, str, str]]:
    lang = n.lang
    out = []
    for i, s in enumerate(rs.sections):
        parts = []
        if s.cap is not None:
            parts.append(message("doc.section.cap", lang, value=num(s.cap)))
        if s.floor is not None:
            parts.append(message("doc.section.floor", lang, value=num(s.floor)))
        if s.piece_cap is not None:
            parts.append(message("doc.section.piece_cap", lang, value=num(s.piece_cap)))
        if i == 0:
            parts.append(message("doc.section.default", lang))
        title = message("doc.title.section", lang, name=n.label(s.label, s.id))
        out.append(
            (s.clause, title, _join_parts(parts, lang) or message("doc.section.plain", lang))
        )
    for t in rs.tallies:
        title = message("doc.title.tally", lang, name=n.label(t.label, t.id))
        out.append((t.clause, title, message("doc.tally", lang, unit=t.unit or "—")))
    return out


def _join_parts(parts: list[str], lang: str) -> str:
    if not parts:
        return ""
    return ("；" if lang == "zh" else "; ").join(parts) + ("。" if lang == "zh" else ".")
