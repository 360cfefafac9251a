"""The sqmy plugin (entry point ``xiaoshan`` of the ``sqmy`` group).

A ruleset that says ``plugins = ["xiaoshan"]`` gets the two rule kinds of
:mod:`sqmy_org_xiaoshan.kinds`, the five step kinds of
:mod:`sqmy_org_xiaoshan.steps` (one per later stage) and the organization checks of
:mod:`sqmy_org_xiaoshan.policy`; a ruleset that does not name the plugin is
not affected by it, even with the plugin installed.
"""

from __future__ import annotations

from sqmy_core import Problem, RuleKind, Ruleset, StepKind, hookimpl
from sqmy_org_xiaoshan.kinds import GroupActivityBonus, MultiAdoptionBonus
from sqmy_org_xiaoshan.policy import check_ruleset
from sqmy_org_xiaoshan.steps import STEP_KINDS


@hookimpl
def sqmy_rule_kinds() -> list[RuleKind]:
    """``xiaoshan.multi_adoption_bonus`` and ``xiaoshan.group_activity_bonus``."""
    return [MultiAdoptionBonus(), GroupActivityBonus()]


@hookimpl
def sqmy_step_kinds() -> list[StepKind]:
    """三家以上采用加分 (piece), 联络组活动加分 (entity), 因病请假 (quota), 零报送预警 (flag), 一票否决 (award)."""
    return [kind() for kind in STEP_KINDS]


@hookimpl
def sqmy_validate_ruleset(ruleset: Ruleset) -> list[Problem]:
    """约稿加分每篇不超过 2 分, and the multi-adoption bonus only on ``adopted`` events."""
    return check_ruleset(ruleset)
