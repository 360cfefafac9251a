"""The 计分标准 items beyond per-piece points: bases, totals, penalties, adjustments,
activities, period points, unit points, metrics, rates, quotas, flags, rankings,
awards and grades.  Each function gives (clause, title, text) triples."""

from __future__ import annotations

from fractions import Fraction

from sqmy_core.i18n import message
from sqmy_core.reports.points_doc import by_text, condition_text, section_name, table_text
from sqmy_core.reports.words import Namer, join, num, percent, sentences
from sqmy_core.rules.spec import AwardSpec, AwardTier, QuotaSpec, Ruleset

Item = tuple[str, str, str]


def _who(
    n: Namer, entity: str, roles: tuple[str, ...] | None, kinds: tuple[str, ...] | None
) -> str:
    if entity == "person":
        if roles:
            return n.words("role", roles)
        return message("doc.who.person", n.lang)
    if kinds:
        return n.words("unit_kind", kinds)
    return message("doc.who.unit", n.lang)


def base_items(n: Namer, rs: Ruleset) -> list[Item]:
    out = []
    for b in rs.bases:
        who = _who(n, b.entity, b.roles, b.unit_kinds)
        text = message("doc.base", n.lang, who=who, value=num(b.points))
        out.append((b.clause, n.label(b.label, b.id), text))
    t = rs.totals
    parts = []
    if t.bonus_cap is not None:
        parts.append(message("doc.totals.bonus_cap", n.lang, value=num(t.bonus_cap)))
    if t.bonus_floor is not None:
        parts.append(message("doc.totals.bonus_floor", n.lang, value=num(t.bonus_floor)))
    if t.cap is not None:
        parts.append(message("doc.totals.cap", n.lang, value=num(t.cap)))
    if t.floor is not None:
        parts.append(message("doc.totals.floor", n.lang, value=num(t.floor)))
    if parts:
        out.append((t.clause, message("doc.title.totals", n.lang), sentences(parts, n.lang)))
    return out


def _section_of(n: Namer, rs: Ruleset, section: str | None) -> str:
    if section is None or len(rs.sections) < 2:
        return ""
    return message("doc.rule.section", n.lang, section=section_name(n, rs, section))


def penalty_items(n: Namer, rs: Ruleset) -> list[Item]:
    lang = n.lang
    out = []
    for p in rs.penalties:
        if p.on == "penalized":
            kinds = n.words("kind", p.kinds) if p.kinds else message("doc.any_kind", lang)
            head = message("doc.penalty.penalized", lang, kinds=kinds)
        else:
            head = message("doc.penalty.late", lang)
        steps = []
        for i, st in enumerate(p.steps):
            last = i == len(p.steps) - 1
            code = "doc.penalty.step_last" if last and len(p.steps) > 1 else "doc.penalty.step"
            what = [_points_change(n, st.points)]
            if st.flag:
                what.append(message("doc.penalty.flag", lang, flag=st.flag))
            if st.disqualify:
                what.append(message("doc.penalty.disqualify", lang))
            if st.label:
                what.append(message("doc.penalty.label", lang, label=st.label))
            steps.append(message(code, lang, nth=i + 1, what=join(what, lang)))
        parts = [
            head,
            message(f"doc.penalty.entity.{p.entity}", lang),
            message(f"doc.penalty.count.{p.count}", lang),
            ("；" if lang == "zh" else "; ").join(steps),
            _section_of(n, rs, p.section),
        ]
        out.append((p.clause, n.label(p.label, p.id), sentences(parts, lang)))
    return out


def _points_change(n: Namer, points: Fraction) -> str:
    if points < 0:
        return message("doc.minus", n.lang, value=num(-points))
    if points > 0:
        return message("doc.plus", n.lang, value=num(points))
    return message("doc.zero", n.lang)


def activity_items(n: Namer, rs: Ruleset) -> list[Item]:
    lang = n.lang
    out = []
    a = rs.adjustments
    if a is not None:
        code = "doc.adjustments.on" if a.count else "doc.adjustments.off"
        text = sentences(
            [message(code, lang), _section_of(n, rs, a.section) if a.count else ""], lang
        )
        out.append((a.clause, n.label(a.label, "adjustments"), text))
    for act in rs.activities:
        kinds = n.words("kind", act.kinds)
        if act.points is not None:
            value = message("doc.activity.flat", lang, kinds=kinds, value=num(act.points))
        else:
            by = tuple(act.by or ())
            table = table_text(n, by, act.values or {}, "doc.entry_points")
            value = message(
                "doc.activity.table", lang, kinds=kinds, key=by_text(n, by), table=table
            )
        parts = [value, condition_text(n, act.when)]
        if act.cap is not None:
            parts.append(message("doc.activity.cap", lang, value=num(act.cap)))
        if act.tally:
            parts.append(message("doc.rule.tally", lang, tally=act.tally))
        parts.append(_section_of(n, rs, act.section))
        out.append((act.clause, n.label(act.label, act.id), sentences(parts, lang)))
    for pp in rs.period_points:
        quota = next((q for q in rs.quotas if q.id == pp.quota), None)
        parts = [
            message(
                "doc.period_points",
                lang,
                quota=n.label(quota.label if quota else "", pp.quota),
                period=message(f"doc.period.{quota.period if quota else 'year'}", lang),
                met=_points_change(n, pp.met),
                missed=_points_change(n, pp.missed),
            )
        ]
        if pp.limit is not None:
            parts.append(message("doc.period_points.limit", lang, value=num(pp.limit)))
        if pp.max is not None:
            parts.append(message("doc.period_points.max", lang, value=num(pp.max)))
        parts.append(message(f"doc.period_points.tenure.{pp.tenure}", lang))
        parts.append(_section_of(n, rs, pp.section))
        out.append((pp.clause, n.label(pp.label, pp.id), sentences(parts, lang)))
    up = rs.unit_points
    if up.source == "members":
        of = {"points": message("doc.of.points", lang), "bonus": message("doc.of.bonus", lang)}
        text = message(
            f"doc.unit_points.{up.aggregate}",
            lang,
            members=n.words("role", up.roles) if up.roles else message("doc.who.members", lang),
            of=of.get(up.of) or section_name(n, rs, up.of),
            empty=num(up.empty),
        )
        out.append((up.clause, message("doc.title.unit_points", lang), text))
    elif up.clause:
        out.append(
            (
                up.clause,
                message("doc.title.unit_points", lang),
                message("doc.unit_points.pieces", lang),
            )
        )
    return out


def metric_items(n: Namer, rs: Ruleset) -> list[Item]:
    lang = n.lang
    out = []
    for m in rs.metrics:
        parts = [
            message("doc.metric", lang, event=n.word("event", m.event)),
            condition_text(n, m.when),
        ]
        out.append((m.clause, n.label(m.label, m.id), sentences(parts, lang)))
    for r in rs.rates:
        text = message(
            "doc.rate", lang, num=n.word("metric", r.numerator), den=n.word("metric", r.denominator)
        )
        out.append((r.clause, n.label(r.label, r.id), text))
    return out


def quota_text(n: Namer, q: QuotaSpec) -> str:
    lang = n.lang
    who = _who(n, q.entity, q.roles, q.unit_kinds)
    parts = [
        message(
            f"doc.quota.{q.entity}",
            lang,
            who=who,
            period=message(f"doc.period.{q.period}", lang),
            metric=n.word("metric", q.metric),
            min=q.min,
        )
    ]
    if q.member_of_unit_kinds:
        parts.append(
            message("doc.quota.member_of", lang, kinds=n.words("unit_kind", q.member_of_unit_kinds))
        )
    if q.entity == "person":
        parts.append(message(f"doc.quota.joint.{q.joint}", lang))
    if q.tenure != "ignore":
        parts.append(message(f"doc.quota.tenure.{q.tenure}", lang))
    return sentences(parts, lang)


def quota_items(n: Namer, rs: Ruleset) -> list[Item]:
    out = [(q.clause, n.label(q.label, q.id), quota_text(n, q)) for q in rs.quotas]
    lang = n.lang
    for f in rs.flags:
        conds = []
        if f.quota is not None:
            quota = next((q for q in rs.quotas if q.id == f.quota), None)
            conds.append(
                message(
                    "doc.flag.quota", lang, quota=n.label(quota.label if quota else "", f.quota)
                )
            )
        if f.below_points is not None:
            of = {"points": message("doc.of.points", lang), "bonus": message("doc.of.bonus", lang)}
            conds.append(
                message(
                    "doc.flag.below",
                    lang,
                    of=of.get(f.of) or section_name(n, rs, f.of),
                    value=num(f.below_points),
                )
            )
        quota_roles = next((q.roles for q in rs.quotas if q.id == f.quota), None)
        roles = f.roles or quota_roles
        who = n.words("role", roles) if roles else message("doc.who.person", lang)
        parts = [
            message(
                "doc.flag",
                lang,
                who=who,
                years=f.consecutive_years,
                conds=message("doc.and", lang).join(conds),
                flag=n.label(f.label, f.id),
            )
        ]
        if f.full_tenure:
            parts.append(message("doc.flag.full_tenure", lang))
        if f.level != 1:
            parts.append(message("doc.flag.level", lang, level=f.level))
        out.append((f.clause, n.label(f.label, f.id), sentences(parts, lang)))
    return out


def ranking_items(n: Namer, rs: Ruleset) -> list[Item]:
    lang = n.lang
    out = []
    for who, spec in (("people", rs.rankings.people), ("units", rs.rankings.units)):
        keys = [_order_key(n, rs, k) for k in spec.order]
        parts = [message(f"doc.ranking.{who}", lang, first=keys[0] if keys else "")]
        if len(keys) > 1:
            parts.append(message("doc.ranking.ties", lang, keys=join(keys[1:], lang)))
        parts.append(message("doc.ranking.shared", lang))
        if spec.group_by == "unit_kind":
            parts.append(message("doc.ranking.by_kind", lang))
        out.append((spec.clause, message(f"doc.title.ranking_{who}", lang), sentences(parts, lang)))
    return out


def _order_key(n: Namer, rs: Ruleset, key: str) -> str:
    if key.startswith("section:"):
        return section_name(n, rs, key.removeprefix("section:"))
    if key in ("points", "bonus"):
        return message(f"doc.of.{key}", n.lang)
    if any(r.id == key for r in rs.rates):
        return n.word("metric", key)
    metric = key.removesuffix("_pieces")
    if metric in n.tables["metric"] or key != metric:
        return message("doc.count_of", n.lang, metric=n.word("metric", metric))
    return n.word("metric", key)


def tier_conditions(n: Namer, tier: AwardTier) -> list[str]:
    """Each condition of one tier, in words (empty for the unconditional last grade)."""
    lang = n.lang
    conds = []
    if tier.min_points is not None:
        conds.append(message("doc.tier.min_points", lang, value=num(tier.min_points)))
    if tier.max_rank is not None:
        conds.append(message("doc.tier.max_rank", lang, rank=tier.max_rank))
    if tier.top_percent is not None:
        conds.append(message("doc.tier.top_percent", lang, pct=percent(tier.top_percent / 100)))
    for rate, least in (tier.min_rates or {}).items():
        conds.append(
            message("doc.tier.min_rate", lang, rate=n.word("metric", rate), pct=percent(least))
        )
    for metric, count in (tier.min_counts or {}).items():
        conds.append(
            message(
                "doc.tier.min_count",
                lang,
                metric=n.word("metric", metric.removesuffix("_pieces")),
                count=count,
            )
        )
    return conds


def award_text(n: Namer, a: AwardSpec, rs: Ruleset) -> str:
    lang = n.lang
    parts = [message("doc.award.who", lang, who=_who(n, a.entity, a.roles, a.unit_kinds))]
    if a.require_quotas_met:
        parts.append(message("doc.award.quotas", lang))
    if a.exclude_flags:
        names = join(
            (
                n.label(next((f.label for f in rs.flags if f.id == x), ""), x)
                for x in a.exclude_flags
            ),
            lang,
        )
        parts.append(message("doc.award.flags", lang, flags=names))
    if a.exclude_disqualified and any(s.disqualify for p in rs.penalties for s in p.steps):
        parts.append(message("doc.award.disqualified", lang))
    if a.rank_among == "eligible":
        parts.append(message("doc.award.rank_eligible", lang))
    tiers = []
    prev_rank = 0
    for tier in a.tiers:
        conds = tier_conditions(n, tier)
        only_rank = tier.max_rank is not None and len(conds) == 1
        if only_rank and tier.max_rank is not None:
            lo, hi = prev_rank + 1, tier.max_rank
            conds = [
                message(
                    "doc.tier.rank_range" if hi > lo else "doc.tier.rank_one", lang, lo=lo, hi=hi
                )
            ]
            prev_rank = hi
        if conds:
            tiers.append(
                message(
                    "doc.tier", lang, conds=message("doc.and", lang).join(conds), label=tier.label
                )
            )
        else:
            tiers.append(message("doc.tier.rest", lang, label=tier.label))
    parts.append(
        message("doc.award.tiers", lang, tiers=("；" if lang == "zh" else "; ").join(tiers))
    )
    if len(a.tiers) > 1:
        parts.append(message("doc.award.first_tier", lang))
    return sentences(parts, lang)


def award_items(n: Namer, rs: Ruleset) -> list[Item]:
    out = []
    for a in rs.awards:
        out.append(
            (
                a.clause,
                message("doc.title.award", n.lang, labels=join((t.label for t in a.tiers), n.lang)),
                award_text(n, a, rs),
            )
        )
    for g in rs.grades:
        out.append(
            (
                g.clause,
                message("doc.title.grade", n.lang, labels=join((t.label for t in g.tiers), n.lang)),
                award_text(n, g, rs),
            )
        )
    return out
