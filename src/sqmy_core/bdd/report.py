"""Chinese text for failures: who, points with their explanation, quotas, rankings."""

from __future__ import annotations

from fractions import Fraction

from sqmy_core.bdd.errors import SpecFailure
from sqmy_core.bdd.numbers import format_number, format_percent, format_when, is_finite_decimal
from sqmy_core.bdd.world import EntityKind, World
from sqmy_core.model import vocab
from sqmy_core.scoring.explain import explain
from sqmy_core.scoring.quotas import QuotaResult
from sqmy_core.scoring.result import EntityResult


def name_of(world: World, kind: EntityKind, ident: str) -> str:
    if kind == "person":
        person = world.people.get(ident)
        return person.name if person else ident
    unit = world.units.get(ident)
    return f"单位“{unit.name}”" if unit else ident


def result(world: World, year: int, kind: EntityKind, ident: str) -> EntityResult:
    """The assessed result of a person or unit; a SpecFailure saying why it is not assessed."""
    assessment = world.assessment(year)
    pool = assessment.people if kind == "person" else assessment.units
    for r in pool:
        if r.id == ident:
            return r
    scope = world.ruleset.scope
    if kind == "person":
        person = world.people[ident]
        roles = "、".join(vocab.ROLE_NAMES.get(r, r) for r in person.roles)
        allowed = "、".join(vocab.ROLE_NAMES.get(r, r) for r in scope.roles)
        why = f"其角色为 {roles}，规则集只考核 {allowed}（{scope.clause}）"
        if person.since is not None:
            why += f"；任职时间为 {format_when(person.since)}"
    else:
        unit = world.units[ident]
        kinds = "、".join(vocab.UNIT_KIND_NAMES.get(k, k) for k in scope.unit_kinds)
        why = (
            f"其类别为 {vocab.UNIT_KIND_NAMES.get(unit.kind, unit.kind)}，"
            f"规则集只考核 {kinds}（{scope.clause}）"
        )
    raise SpecFailure(f"{name_of(world, kind, ident)} 不参加 {year} 年度考核：{why}")


def points_text(value: Fraction) -> str:
    """``7.2 分``; a value without a finite decimal as ``8/3 分（约 2.67 分）``."""
    if is_finite_decimal(value):
        return f"{format_number(value)} 分"
    return f"{value.numerator}/{value.denominator} 分（约 {float(value):.2f} 分）"


def explanation(
    world: World,
    year: int,
    kind: EntityKind,
    ident: str,
    *,
    section: str | None = None,
    tally: str | None = None,
) -> str:
    """``明细：2024-03-05 「X」审定通过（第五条第1款）1 × 60% = 0.6；…`` from the engine's explain.

    With ``section`` only the lines of that section (and bounds on the whole
    total are left out); with ``tally`` only that tally's lines; else the
    lines behind the points (tallies apart).
    """
    exp = explain(world.book(), year, kind, ident)
    parts: list[str] = []
    if exp.base_points and section is None and tally is None:
        parts.append(f"基础分 {format_number(exp.base_points)}")
    for line in exp.lines:
        if tally is not None:
            if line.tally != tally:
                continue
        elif line.tally is not None or (section is not None and line.section != section):
            continue
        clause = f"（{line.clause}）" if line.clause else ""
        amount = points_text(line.piece_delta)
        if line.share != 1:
            amount += f" × {format_percent(line.share)} = {points_text(line.points)}"
        when = f"{format_when(line.at)[:10]} " if line.at else ""
        parts.append(
            f"{when}“{line.title or line.event_type}” {line.label or line.rule}{clause} {amount}"
        )
    if not parts:
        return "明细：没有计分事件"
    return "明细：" + "；".join(parts)


def quota_text(q: QuotaResult) -> str:
    counts = "、".join(str(c) for c in q.counts)
    clause = f"（{q.clause}）" if q.clause else ""
    verdict = "完成" if q.met else "未完成"
    return f"{q.label or q.quota}{clause}：计 {counts} 篇，应至少 {q.min} 篇，{verdict}"


def quotas_text(r: EntityResult) -> str:
    if not r.quotas:
        return "不设任务指标"
    return "；".join(quota_text(q) for q in r.quotas)


def ranking_table(world: World, year: int, kind: EntityKind, group: str | None) -> str:
    """``名次表：1 乙 9 分（采用 1 篇）；2 甲 …`` of the entity's ranking class."""
    assessment = world.assessment(year)
    pool = assessment.people if kind == "person" else assessment.units
    rows = [r for r in pool if r.group == group]
    rows.sort(key=lambda r: (r.rank, r.id))
    items = [
        f"{r.rank} {name_of(world, kind, r.id)} {points_text(r.points)}（采用 {r.adopted_pieces} 篇）"
        for r in rows
    ]
    return "名次表：" + "；".join(items)
