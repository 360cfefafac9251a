"""Numbers, dates and vocabulary words as the 计分标准 prints them (zh / en).

Numbers are exact: a Fraction with a terminating decimal prints as that
decimal (``3/2`` -> ``1.5``), any other as ``a/b``; shares print as percents
(``0.6`` -> ``60%``), factors as the change they make (``1.5`` -> ``加 50%``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from fractions import Fraction
from typing import Any

from sqmy_core.i18n import message
from sqmy_core.i18n.numerals import chinese_number
from sqmy_core.model.vocab import (
    BODIES,
    CALL_KIND_NAMES,
    CHECK_NAMES,
    DECISION_NAMES,
    EVENT_NAMES,
    LEVEL_NAMES,
    METRIC_NAMES,
    OUTCOME_NAMES,
    RANK_NAMES,
    ROLE_NAMES,
    ROUTE_NAMES,
    UNIT_KIND_NAMES,
)
from sqmy_core.rules.spec import Ruleset


def num(value: Fraction | int) -> str:
    """An exact number: terminating decimals as decimals, others as a fraction."""
    f = Fraction(value)
    if f.denominator == 1:
        return str(f.numerator)
    den = f.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den != 1:
        return f"{f.numerator}/{f.denominator}"
    digits = 0
    scaled = f
    while scaled.denominator != 1:
        scaled *= 10
        digits += 1
    sign = "-" if f < 0 else ""
    whole, frac = divmod(abs(scaled.numerator), 10**digits)
    return f"{sign}{whole}.{frac:0{digits}d}"


def percent(value: Fraction | int) -> str:
    """A share as a percent (``0.6`` -> ``60%``)."""
    return f"{num(Fraction(value) * 100)}%"


def factor_text(value: Fraction, lang: str) -> str:
    """A multiplier as the change it makes (``1.5`` -> ``加 50%``, ``0.8`` -> ``减 20%``)."""
    change = Fraction(value) - 1
    if change == 0:
        return message("doc.factor_same", lang)
    code = "doc.factor_up" if change > 0 else "doc.factor_down"
    return message(code, lang, pct=percent(abs(change)), factor=num(value))


def date_text(d: date, lang: str) -> str:
    if lang == "zh":
        return f"{d.year}年{d.month}月{d.day}日"
    return d.isoformat()


def join(items: Iterable[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def sentences(parts: Iterable[str], lang: str) -> str:
    """Clauses of one item joined into sentences (；/; between, 。/. at the end)."""
    kept = [p for p in parts if p]
    if not kept:
        return ""
    if lang == "zh":
        return "；".join(kept) + "。"
    return "; ".join(kept) + "."


_ARTICLE = re.compile(r"第([0-9零〇一二两三四五六七八九十百千]+)条")
_PARAGRAPH = re.compile(r"第([0-9零〇一二两三四五六七八九十百千]+)[款项]")


def clause_position(clause: str) -> tuple[int, int] | None:
    """(article, paragraph) of the first 第X条[第Y款] in ``clause``; ``None`` without one."""
    m = _ARTICLE.search(clause)
    if m is None:
        return None
    article = chinese_number(m.group(1))
    if article is None:
        return None
    p = _PARAGRAPH.search(clause, m.end())
    paragraph = chinese_number(p.group(1)) if p and p.start() == m.end() else None
    return article, paragraph or 0


class Namer:
    """The names of a ruleset's words in one language (declared vocabularies included)."""

    def __init__(self, rs: Ruleset, lang: str) -> None:
        self.rs = rs
        self.lang = lang
        v = rs.vocabulary
        self.bodies = {k: b.name for k, b in BODIES.items()} | {b.id: b.name for b in v.bodies}
        self.body_levels = {k: b.level for k, b in BODIES.items()} | {
            b.id: b.level for b in v.bodies
        }
        self.tables: dict[str, dict[str, str]] = {
            "body": self.bodies,
            "level": dict(LEVEL_NAMES),
            "rank": dict(RANK_NAMES) | {r.id: r.name for r in v.ranks if r.name},
            "route": dict(ROUTE_NAMES),
            "outcome": dict(OUTCOME_NAMES),
            "call_kind": dict(CALL_KIND_NAMES),
            "unit_kind": dict(UNIT_KIND_NAMES) | {u.id: u.name for u in v.unit_kinds if u.name},
            "decision": dict(DECISION_NAMES),
            "kind": {k.id: k.name for k in (*v.penalty_kinds, *v.activity_kinds) if k.name},
            "role": dict(ROLE_NAMES) | {r.id: r.name for r in v.roles if r.name},
            "event": dict(EVENT_NAMES),
            "metric": dict(METRIC_NAMES)
            | {m.id: m.label for m in rs.metrics if m.label}
            | {r.id: r.label for r in rs.rates if r.label},
            "check": dict(CHECK_NAMES),
        }

    def word(self, table: str, ident: str) -> str:
        """The Chinese name of ``ident`` (its id in English, or where no name is known)."""
        if self.lang != "zh":
            return ident
        return self.tables.get(table, {}).get(ident, ident)

    def words(self, table: str, idents: Iterable[str]) -> str:
        return join((self.word(table, i) for i in idents), self.lang)

    def key_name(self, expr: str) -> str:
        """What a key expression reads (``body`` -> 采用机构, ``attributes.degree`` -> its label)."""
        attr = expr.rsplit("attributes.", 1)[1] if "attributes." in expr else None
        if attr is not None:
            decl = self.rs.attributes.get(attr)
            label = decl.label if decl and decl.label and self.lang == "zh" else attr
            return message("doc.key_attribute", self.lang, name=label)
        code = f"doc.key.{expr}"
        text = message(code, self.lang)
        return expr if text == code else text

    def key_value(self, expr: str, value: str) -> str:
        """A value of a key expression as a reader knows it (市政协, 市级, 是 ...)."""
        if value in ("true", "false"):
            return message(f"doc.bool_{value}", self.lang)
        if expr == "authors":
            return message("doc.authors_n", self.lang, n=value)
        return self.word(expr, value) if expr in self.tables else value

    def label(self, label: str, ident: str) -> str:
        """An item's label (Chinese) or its id (English, with the label beside)."""
        if self.lang == "zh":
            return label or ident
        return f"{ident} ({label})" if label else ident


def text_of(value: Any) -> str:
    """A condition value as text (``False`` -> ``false``, numbers exact)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Fraction, int)):
        return num(value)
    return str(value)


Tr = Callable[..., str]
