"""What is missing, in words (再有 1 篇审定通过即可完成任务指标……)."""

from __future__ import annotations

import math
from fractions import Fraction

from sqmy_core.i18n import message
from sqmy_core.reports.words import Namer, num, percent
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.missing import Shortfall, Via


def points_needed(gap: Fraction) -> str:
    """A points gap as printed: exact up to two decimals, else rounded up (never too little)."""
    return num(Fraction(math.ceil(gap * 100), 100))


def via_what(n: Namer, via: Via) -> str:
    """The event of a :class:`Via` as a reader names it (市级采用, 审定通过 ...)."""
    event = n.word("event", via.event)
    if via.key is None or via.value is None:
        return event
    return message(
        "missing.keyed_event", n.lang, value=n.key_value(via.key, via.value), event=event
    )


def shortfall_lines(rs: Ruleset, items: tuple[Shortfall, ...], lang: str) -> list[str]:
    """One or more sentences per shortfall, in ``lang``."""
    n = Namer(rs, lang)
    out: list[str] = []
    for s in items:
        if s.kind == "quota":
            period = (
                message(f"missing.period.{s.period}", lang, i=s.period_index)
                if s.period_index
                else ""
            )
            out.append(
                message(
                    "missing.quota",
                    lang,
                    period=period,
                    n=s.pieces,
                    metric=n.word("metric", s.metric or ""),
                    target=s.target,
                )
            )
            continue
        if s.blocked_by is not None:
            if s.blocked_by.startswith("flag:"):
                flag = s.blocked_by.removeprefix("flag:")
                label = next((f.label for f in rs.flags if f.id == flag), "") or flag
                out.append(message("missing.blocked_flag", lang, flag=label, target=s.target))
            else:
                out.append(message("missing.blocked_disqualified", lang, target=s.target))
            continue
        also = message("missing.also_quotas", lang) if s.needs_quotas else ""
        if s.points is not None:
            out.append(
                message(
                    "missing.points",
                    lang,
                    points=points_needed(s.points),
                    target=s.target,
                    also=also,
                )
            )
            if s.via is not None:
                out.append(
                    message(
                        "missing.via",
                        lang,
                        n=s.via.count,
                        what=via_what(n, s.via),
                        target=s.target,
                        also=also,
                    )
                )
        for metric, count in s.counts:
            out.append(
                message(
                    "missing.count",
                    lang,
                    n=count,
                    metric=n.word("metric", metric),
                    target=s.target,
                    also=also,
                )
            )
        if s.max_rank is not None:
            out.append(
                message(
                    "missing.rank", lang, rank=s.max_rank, now=s.rank, target=s.target, also=also
                )
            )
        for rate, least, value in s.rates:
            now = percent(value) if value is not None else "—"
            out.append(
                message(
                    "missing.rate",
                    lang,
                    rate=n.word("metric", rate),
                    pct=percent(least),
                    now=now,
                    target=s.target,
                    also=also,
                )
            )
        if (
            s.points is None
            and not s.counts
            and s.max_rank is None
            and not s.rates
            and s.needs_quotas
        ):
            out.append(message("missing.only_quotas", lang, target=s.target))
    return out
