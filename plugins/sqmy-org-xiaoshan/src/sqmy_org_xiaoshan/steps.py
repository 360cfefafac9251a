"""The step kinds of the Xiaoshan example: rules at the later stages that no TOML table states.

Each acts at one stage of the assessment (``[[steps]]`` in the ruleset, hook
``sqmy_step_kinds``); the values are the example's, after 萧政协〔2023〕
《关于进一步加强反映社情民意信息工作的意见》:

* ``piece`` — :class:`WideAdoption` 同一篇被三家以上机构采用的再加 3 分: a
  bonus on the piece's total once enough distinct bodies (any level) took it
  up, in the year of the adoption that reached the number;
* ``entity`` — :class:`LiaisonBonus` 联络组活动加分: points per 联络组活动
  recorded for the person in the year, with a yearly maximum;
* ``quota`` — :class:`SickLeave` 因病请假经批准的当季度视为完成: the person's
  ``sick_leave`` attribute lists approved quarters (``"2024Q3"``); a
  quarterly quota missed only in those quarters counts as met;
* ``flag`` — :class:`SilentQuarters` 连续两个季度零报送的“预警”: a person who
  submitted nothing in N consecutive quarters of the year is flagged;
* ``award`` — :class:`DisciplineVeto` 一票否决: a ``penalized`` event of the
  given kind against the person in the year takes the award away.

Quarters are those of Beijing time (+08:00), the organization's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Final

from sqmy_core.kit import EntityView, PieceView, Problem, StepDelta, VerdictView, show_value
from sqmy_org_xiaoshan import params as p

WIDE_ADOPTION: Final = "xiaoshan.wide_adoption"
LIAISON_BONUS: Final = "xiaoshan.liaison_bonus"
SICK_LEAVE: Final = "xiaoshan.sick_leave"
SILENT_QUARTERS: Final = "xiaoshan.silent_quarters"
DISCIPLINE_VETO: Final = "xiaoshan.discipline_veto"

BEIJING: Final = timezone(timedelta(hours=8))
QUARTER: Final = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_of(at: datetime) -> tuple[int, int]:
    """(year, quarter 1–4) of a moment, in Beijing time."""
    local = at.astimezone(BEIJING)
    return local.year, (local.month - 1) // 3 + 1


def _year_of(at: datetime) -> int:
    return at.astimezone(BEIJING).year


class WideAdoption:
    """``xiaoshan.wide_adoption`` (piece): ``points`` once ``bodies`` distinct bodies adopted a piece.

    Params: ``bodies`` (integer 2–10), ``points`` (number above 0).  The
    bonus is anchored at the adoption that reached ``bodies``, so it counts
    in that adoption's year and is shared by the authors like the piece's
    other points.  A body adopting twice counts once.
    """

    name: str = WIDE_ADOPTION
    stage: str = "piece"
    ALLOWED: Final = ("bodies", "points")

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        found = p.unknown_keys(params, self.ALLOWED)
        found += p.integer_in(params, "bodies", 2, 10)
        found += p.positive_number(params, "points")
        return found

    def apply(self, params: Mapping[str, Any], view: PieceView) -> list[StepDelta]:
        bodies: set[str] = set()
        for i, ev in enumerate(view.events):
            if ev.type != "adopted" or ev.body is None:
                continue
            bodies.add(ev.body)
            if len(bodies) == params["bodies"]:
                note = f"{len(bodies)} 家机构采用"
                return [StepDelta(p.exact(params["points"]), note, event=i)]
        return []


class LiaisonBonus:
    """``xiaoshan.liaison_bonus`` (entity): ``per`` points for each of the person's activities.

    Params: ``kinds`` (non-empty list of activity kinds the ruleset
    declares), ``per`` (number above 0), ``max`` (number above 0, optional:
    the most a person earns in a year).  Units get nothing.
    """

    name: str = LIAISON_BONUS
    stage: str = "entity"
    ALLOWED: Final = ("kinds", "per", "max")

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        found = p.unknown_keys(params, self.ALLOWED)
        found += p.positive_number(params, "per")
        if "max" in params:
            found += p.positive_number(params, "max")
        kinds = params.get("kinds")
        if kinds is None:
            found.append(Problem("kinds", "missing"))
        elif not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            found.append(
                Problem("kinds", "wrong_type", {"expected": "list", "found": show_value(kinds)})
            )
        elif not kinds:
            found.append(Problem("kinds", "empty"))
        return found

    def apply(self, params: Mapping[str, Any], view: EntityView) -> list[StepDelta]:
        if view.entity != "person":
            return []
        kinds = set(params["kinds"])
        n = sum(
            1
            for a in view.dataset.activities
            if a.person == view.id and a.kind in kinds and _year_of(a.at) == view.year
        )
        points = p.exact(params["per"]) * n
        if "max" in params:
            points = min(points, p.exact(params["max"]))
        return [StepDelta(points, f"联络组活动 {n} 次")] if points else []


class SickLeave:
    """``xiaoshan.sick_leave`` (quota): quarters of approved sick leave count as met.

    Params: ``attribute`` (the person attribute listing approved quarters,
    comma-separated, ``"2024Q3"`` or ``"2024Q2,2024Q3"``), ``quotas`` (the
    quarterly quota ids it applies to).  A quota is judged met when every
    quarter it missed is a quarter of approved leave; otherwise the verdict
    is kept.
    """

    name: str = SICK_LEAVE
    stage: str = "quota"
    ALLOWED: Final = ("attribute", "quotas")

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        found = p.unknown_keys(params, self.ALLOWED)
        found += p.non_empty_string(params, "attribute")
        quotas = params.get("quotas")
        if quotas is None:
            found.append(Problem("quotas", "missing"))
        elif not isinstance(quotas, list) or not all(isinstance(q, str) for q in quotas):
            found.append(
                Problem("quotas", "wrong_type", {"expected": "list", "found": show_value(quotas)})
            )
        return found

    def apply(self, params: Mapping[str, Any], view: VerdictView) -> bool | None:
        quota = view.quota
        if quota is None or quota.met or quota.quota not in params["quotas"]:
            return None
        if len(quota.counts) != 4:  # only quarterly quotas have quarters to excuse
            return None
        text = (view.record.attributes or {}).get(params["attribute"])
        if not isinstance(text, str):
            return None
        leave = set()
        for part in text.split(","):
            m = QUARTER.match(part.strip())
            if m:
                leave.add((int(m.group(1)), int(m.group(2))))
        minimums = quota.minimums or (quota.min,) * 4
        missed = [q + 1 for q in range(4) if quota.counts[q] < minimums[q]]
        return True if all((view.year, q) in leave for q in missed) else None


class SilentQuarters:
    """``xiaoshan.silent_quarters`` (flag): ``flag`` after ``quarters`` consecutive silent quarters.

    Params: ``quarters`` (integer 2–4), ``flag`` (the flag id to set).  A
    quarter is silent when the person submitted no piece (as any author) in
    it; only the quarters of the assessed year count.
    """

    name: str = SILENT_QUARTERS
    stage: str = "flag"
    ALLOWED: Final = ("quarters", "flag")

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        found = p.unknown_keys(params, self.ALLOWED)
        found += p.integer_in(params, "quarters", 2, 4)
        found += p.non_empty_string(params, "flag")
        return found

    def apply(self, params: Mapping[str, Any], view: VerdictView) -> tuple[str, ...]:
        if view.entity != "person":
            return ()
        active = {
            quarter_of(piece.submitted_at)
            for piece in view.dataset.pieces
            if view.id in piece.authors
        }
        run = 0
        for q in range(1, 5):
            run = 0 if (view.year, q) in active else run + 1
            if run >= params["quarters"]:
                return (params["flag"],)
        return ()


class DisciplineVeto:
    """``xiaoshan.discipline_veto`` (award): 一票否决 for a ``penalized`` event of ``kind``.

    Params: ``kind`` (the penalty kind, e.g. ``discipline``).  A penalty of
    that kind in the assessed year against the person (the event's
    ``persons``, else every author of the piece) takes the award away.
    """

    name: str = DISCIPLINE_VETO
    stage: str = "award"
    ALLOWED: Final = ("kind",)

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        return p.unknown_keys(params, self.ALLOWED) + p.non_empty_string(params, "kind")

    def apply(self, params: Mapping[str, Any], view: VerdictView) -> str | None:
        if view.award is None or view.entity != "person":
            return None
        authors = {piece.id: piece.authors for piece in view.dataset.pieces}
        for ev in view.dataset.events:
            if ev.type != "penalized" or ev.kind != params["kind"]:
                continue
            if _year_of(ev.at) == view.year and view.id in (ev.persons or authors[ev.piece]):
                return ""
        return None


STEP_KINDS: Final = (WideAdoption, LiaisonBonus, SickLeave, SilentQuarters, DisciplineVeto)
"""Every step kind of the plugin, one per stage in the engine's order."""

