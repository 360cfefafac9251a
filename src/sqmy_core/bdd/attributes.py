"""Attributes written in a spec (``采用程度为 "full"，单篇为 否``), as the ruleset declares them.

An attribute is named by its declared name (``degree``) or label (``采用程度``);
its value is converted by the declared type: a choice must be one of the
declared values, a number is exact (``0.5``, ``二``), a boolean is
是/否/true/false.  What a ``sqmy-dataset/1.1`` import would refuse (an
undeclared attribute, a value of the wrong type, an attribute not declared
for that kind of record) is refused here with the same explanation.
"""

from __future__ import annotations

import re

from sqmy_core.bdd.errors import SpecError
from sqmy_core.bdd.numbers import parse_number
from sqmy_core.model.attributes import AttrValue
from sqmy_core.rules.spec import Ruleset

_ITEM = re.compile(r"^\s*(?P<name>[^\s=为是]+?)\s*(?:为|是|=|：|:)\s*(?P<value>.+?)\s*$")
_TRUE = ("是", "true", "真", "对")
_FALSE = ("否", "false", "假", "不是")


def _declared(ruleset: Ruleset, name: str) -> str:
    for ident, decl in ruleset.attributes.items():
        if name in (ident, decl.label):
            return ident
    known = "、".join(
        f"{decl.label}（{ident}）" if decl.label else ident
        for ident, decl in ruleset.attributes.items()
    )
    raise SpecError(
        f"规则集没有声明属性“{name}”：请在规则集中写 [attributes.{name}]"
        + (f"；已声明的属性：{known}" if known else "")
    )


def _value(ruleset: Ruleset, ident: str, text: str) -> AttrValue:
    decl = ruleset.attributes[ident]
    raw = text.strip().strip('"“”「」')
    shown = decl.label or ident
    if decl.type == "number":
        return parse_number(raw, shown)
    if decl.type == "boolean":
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise SpecError(f"属性“{shown}”是是非项：请写 是 或 否，而不是“{raw}”")
    if decl.type == "choice" and raw not in decl.values:
        allowed = "、".join(f'"{v}"' for v in decl.values)
        raise SpecError(f"属性“{shown}”的值应为 {allowed} 之一，而不是“{raw}”")
    return raw


def parse_attributes(ruleset: Ruleset, text: str, record: tuple[str, ...]) -> dict[str, AttrValue]:
    """``采用程度为 "full"，单篇为 否`` -> ``{"degree": "full", "single": True}``.

    ``record`` names the record the attributes are for, most specific first
    (``("adopted", "event")``, ``("piece",)``): the attribute's ``on`` must name one.
    """
    out: dict[str, AttrValue] = {}
    for part in re.split(r"[，,；;]", text):
        if not part.strip():
            continue
        m = _ITEM.match(part)
        if m is None:
            raise SpecError(f'看不懂属性“{part.strip()}”：请写如 采用程度为 "full"')
        ident = _declared(ruleset, m["name"])
        on = ruleset.attributes[ident].on
        if on and not any(r in on for r in record):
            where = "、".join(on)
            raise SpecError(
                f"属性“{m['name']}”只声明用于 {where}，不能写在{record[0]}记录上"
                f"（规则集 [attributes.{ident}] on）"
            )
        out[ident] = _value(ruleset, ident, m["value"])
    return out
