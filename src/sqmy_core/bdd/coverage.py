"""Clause coverage: every article and numbered clause of a policy has a scenario tagged with it.

A policy document is Markdown with one ``## 第N条 标题`` heading per article
and numbered lines (``1. …``) for its clauses (款).  Scenarios prove an
article with a tag ``@第五条`` and a clause with ``@第五条第3款`` (Chinese or
Arabic numerals, also ``@第五条第三款``); a tag on the feature applies to all
its scenarios.  An article is covered by any scenario tagged with it or with
one of its clauses; a clause only by a scenario tagged with that clause.

``python -m sqmy_core.bdd.coverage features/district/policy.md features/district``
prints the coverage and exits with 1 when a clause has no scenario or a tag
names a clause the policy does not have.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from sqmy_core.bdd.numbers import parse_int

_ARTICLE = re.compile(r"^##\s*第(?P<n>[0-9零〇一二两三四五六七八九十百]+)条\s*(?P<title>.*)$")
_CLAUSE = re.compile(r"^(?P<m>\d+)\.\s+(?P<text>.*)$")
_TAG = re.compile(
    r"^第(?P<n>[0-9零〇一二两三四五六七八九十百]+)条(?:第(?P<m>[0-9零〇一二两三四五六七八九十]+)款)?$"
)

Ref = tuple[int, int | None]
"""(article, clause or None for the article as a whole)."""


@frozen
class Clause:
    """An article (``clause is None``) or a numbered clause of a policy."""

    article: int
    clause: int | None
    text: str

    @property
    def ref(self) -> Ref:
        return (self.article, self.clause)

    @property
    def label(self) -> str:
        return label(self.ref)


def chinese(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十 (article numbers as the policies write them)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


def label(ref: Ref) -> str:
    """``(5, 3)`` -> ``第五条第3款`` (the form the policies and the tags use)."""
    article, clause = ref
    return f"第{chinese(article)}条" + (f"第{clause}款" if clause is not None else "")


def parse_policy(text: str) -> list[Clause]:
    """Articles and their numbered clauses, in document order."""
    out: list[Clause] = []
    article: int | None = None
    for line in text.splitlines():
        heading = _ARTICLE.match(line.strip())
        if heading:
            article = parse_int(heading["n"], "条号")
            out.append(Clause(article, None, heading["title"].strip()))
            continue
        numbered = _CLAUSE.match(line)
        if numbered and article is not None:
            out.append(Clause(article, int(numbered["m"]), numbered["text"].strip()))
    return out


def parse_tag(tag: str) -> Ref | None:
    """``第五条第3款`` / ``第5条`` / ``第五条第三款`` -> (5, 3) / (5, None); other tags -> None."""
    m = _TAG.match(tag.strip().lstrip("@"))
    if m is None:
        return None
    article = parse_int(m["n"], "条号")
    return (article, parse_int(m["m"], "款号") if m["m"] else None)


@frozen
class Tagged:
    """A scenario and the clause references its tags (and its feature's) name."""

    feature: str
    line: int
    name: str
    refs: tuple[Ref, ...]


def _tags(node: dict[str, Any]) -> list[str]:
    return [t["name"].lstrip("@") for t in node.get("tags", [])]


def scenarios_of(path: Path) -> list[Tagged]:
    """Every scenario of a feature file with its clause references."""
    from gherkin.parser import Parser

    doc: Any = Parser().parse(path.read_text(encoding="utf-8"))
    feature = doc.get("feature") or {}
    out: list[Tagged] = []

    def walk(children: Iterable[Any], inherited: list[str]) -> None:
        for child in children:
            if "rule" in child:
                rule = child["rule"]
                walk(rule.get("children", []), inherited + _tags(rule))
            elif "scenario" in child:
                sc = child["scenario"]
                tags = inherited + _tags(sc)
                for ex in sc.get("examples", []):
                    tags += _tags(ex)
                refs = tuple(r for r in (parse_tag(t) for t in tags) if r is not None)
                out.append(Tagged(str(path), sc["location"]["line"], sc["name"], refs))

    walk(feature.get("children", []), _tags(feature))
    return out


def collect(features: Path) -> list[Tagged]:
    return [t for p in sorted(features.rglob("*.feature")) for t in scenarios_of(p)]


@frozen
class Coverage:
    """Which scenarios prove each clause; what is missing; which tags point nowhere."""

    clauses: tuple[Clause, ...]
    proofs: dict[Ref, list[Tagged]]
    unknown: tuple[tuple[Tagged, Ref], ...]

    @property
    def missing(self) -> list[Clause]:
        return [c for c in self.clauses if not self.proofs.get(c.ref)]


def coverage(policy_text: str, scenarios: Sequence[Tagged]) -> Coverage:
    clauses = parse_policy(policy_text)
    known = {c.ref for c in clauses}
    proofs: dict[Ref, list[Tagged]] = {c.ref: [] for c in clauses}
    unknown: list[tuple[Tagged, Ref]] = []
    for sc in scenarios:
        for ref in dict.fromkeys(sc.refs):
            if ref not in known:
                unknown.append((sc, ref))
                continue
            proofs[ref].append(sc)
            article = (ref[0], None)
            if ref[1] is not None and sc not in proofs[article]:
                proofs[article].append(sc)
    return Coverage(tuple(clauses), proofs, tuple(unknown))


def report(cov: Coverage) -> str:
    """The coverage as lines: each clause with its number of scenarios, then the problems."""
    lines: list[str] = []
    for c in cov.clauses:
        n = len(cov.proofs.get(c.ref, []))
        indent = "  " if c.clause is not None else ""
        mark = "缺少场景" if n == 0 else f"{n} 个场景"
        lines.append(f"{indent}{c.label}  {mark}  {c.text[:30]}")
    for c in cov.missing:
        lines.append(f"缺少场景：{c.label}（{c.text[:40]}）——请写一个场景并加标签 @{c.label}")
    for sc, ref in cov.unknown:
        lines.append(
            f"{sc.feature} 第 {sc.line} 行 场景“{sc.name}”的标签 @{label(ref)} 指向办法中没有的条款"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sqmy_core.bdd.coverage",
        description="检查办法的每一条、每一款都有带标签的场景。",
    )
    parser.add_argument("policy", help="办法全文（Markdown，每条一个“## 第N条”标题）")
    parser.add_argument("features", help=".feature 文件所在目录")
    args = parser.parse_args(argv)
    cov = coverage(Path(args.policy).read_text(encoding="utf-8"), collect(Path(args.features)))
    print(report(cov))
    return 1 if cov.missing or cov.unknown else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
