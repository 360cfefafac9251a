"""The organization's own checks of a ruleset (the ``sqmy_validate_ruleset`` hook).

They run after the core's checks, only for rulesets that name the plugin
(``plugins = ["xiaoshan"]``), so they can rely on a ruleset that is already
sound in itself, and on the plugin's kinds having accepted their params.

1. 约稿加分每篇不超过 2 分: a bonus tied to a call — any rule with
   ``when.call_kinds``, and every ``xiaoshan.group_activity_bonus`` rule —
   may give at most :data:`CALL_BONUS_MAX` points (its ``points``, each of
   its ``values``, or its ``params.points``).
2. A ``xiaoshan.multi_adoption_bonus`` rule must be on ``adopted`` events
   (a kind's own ``check`` sees only ``params``, not the rule's ``event``).
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Final

from sqmy_core.kit import PointsRule, Problem, Ruleset, fraction_text
from sqmy_org_xiaoshan import params as p
from sqmy_org_xiaoshan.kinds import GROUP_ACTIVITY, MULTI_ADOPTION

CALL_BONUS_MAX: Final = Fraction(2)
"""约稿加分每篇不超过 2 分 (the office's rule for every call-linked bonus)."""


def check_ruleset(ruleset: Ruleset) -> list[Problem]:
    """Every breach of the organization's rules in ``ruleset`` (empty when it complies)."""
    found: list[Problem] = []
    for i, rule in enumerate(ruleset.scoring.rules):
        path = f"scoring.rules[{i}]"
        found += _call_bonus(path, rule)
        if rule.kind == MULTI_ADOPTION and rule.event != "adopted":
            found.append(
                Problem(
                    f"{path}.event",
                    "not_for_event",
                    {"key": f"kind = {rule.kind!r}", "event": rule.event},
                )
            )
    return found


def _call_bonus(path: str, rule: PointsRule) -> Iterator[Problem]:
    """Problems of a call-linked rule that gives more than :data:`CALL_BONUS_MAX`."""
    if rule.when.call_kinds is None and rule.kind != GROUP_ACTIVITY:
        return
    amounts: list[tuple[str, Fraction]] = []
    if rule.points is not None:
        amounts.append((f"{path}.points", rule.points))
    for key, value in (rule.values or {}).items():
        amounts.append((f"{path}.values.{key}", value))
    points = (rule.params or {}).get("points")
    if rule.kind is not None and p.is_number(points):
        amounts.append((f"{path}.params.points", p.exact(points)))
    for where, amount in amounts:
        if amount > CALL_BONUS_MAX:
            yield Problem(
                where,
                "out_of_range",
                {"low": 0, "high": fraction_text(CALL_BONUS_MAX), "found": fraction_text(amount)},
            )
