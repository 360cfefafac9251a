"""An example organization plugin for sqmy: 萧山区政协's rules that a TOML table cannot express.

* :mod:`sqmy_org_xiaoshan.kinds` -- the rule kinds ``xiaoshan.multi_adoption_bonus``
  and ``xiaoshan.group_activity_bonus``;
* :mod:`sqmy_org_xiaoshan.steps` -- the step kinds, one per later stage
  (``xiaoshan.wide_adoption``, ``liaison_bonus``, ``sick_leave``,
  ``silent_quarters``, ``discipline_veto``);
* :mod:`sqmy_org_xiaoshan.policy` -- the organization's ruleset checks
  (约稿加分每篇不超过 2 分);
* :mod:`sqmy_org_xiaoshan.plugin` -- the hook implementations (entry point
  ``xiaoshan`` in the ``sqmy`` group).
"""

from __future__ import annotations

from sqmy_org_xiaoshan.kinds import (
    GROUP_ACTIVITY,
    MULTI_ADOPTION,
    GroupActivityBonus,
    MultiAdoptionBonus,
)
from sqmy_org_xiaoshan.policy import CALL_BONUS_MAX, check_ruleset
from sqmy_org_xiaoshan.steps import (
    STEP_KINDS,
    DisciplineVeto,
    LiaisonBonus,
    SickLeave,
    SilentQuarters,
    WideAdoption,
)

__version__ = "0.1.0"

__all__ = [
    "CALL_BONUS_MAX",
    "GROUP_ACTIVITY",
    "MULTI_ADOPTION",
    "STEP_KINDS",
    "DisciplineVeto",
    "GroupActivityBonus",
    "LiaisonBonus",
    "MultiAdoptionBonus",
    "SickLeave",
    "SilentQuarters",
    "WideAdoption",
    "__version__",
    "check_ruleset",
]
