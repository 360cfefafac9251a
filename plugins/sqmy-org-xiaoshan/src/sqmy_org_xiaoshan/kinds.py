"""The two rule kinds of the Xiaoshan example: bonuses a TOML table cannot express.

Both follow 萧政协〔2023〕《关于进一步加强反映社情民意信息工作的意见》:

* 四之5 (健全激励机制): points are counted over the whole year
  (全年累计计分), "以本级和上级政协采用情况为标准" — a piece taken up by
  several bodies is worth more than one taken up once.  A built-in rule can
  only value one adoption by its body or level; whether *other* bodies
  adopted the piece earlier needs the piece's history:
  :class:`MultiAdoptionBonus`.
* 四之2 (健全活动机制): the information officers work in 信息小组 that meet
  at least quarterly for 信息集中采编.  The office registers each group
  session as a call whose id starts with a fixed prefix
  (``xz-group-1-2024q1``); a piece written for such a session earns a
  bonus.  ``when.call_kinds`` knows only the call's *kind*, not its id:
  :class:`GroupActivityBonus`.

A kind only values one event; which event (``event``), how several add up
(``combine``), the cap, ``when``, the joint-author split and the year an
event counts in are the ruleset's, exactly as for built-in rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Final

from sqmy_core.kit import BODIES, LEVELS, Event, Problem, RuleContext
from sqmy_org_xiaoshan import params as p

MULTI_ADOPTION: Final = "xiaoshan.multi_adoption_bonus"
GROUP_ACTIVITY: Final = "xiaoshan.group_activity_bonus"


def bodies_at_or_above(level: str) -> tuple[str, ...]:
    """The ids of the known bodies whose level is ``level`` or higher."""
    floor = LEVELS.index(level)
    return tuple(b.id for b in BODIES.values() if LEVELS.index(b.level) >= floor)


class MultiAdoptionBonus:
    """``xiaoshan.multi_adoption_bonus``: points once a piece is adopted by several bodies.

    Params:

    ``bodies`` (integer, at least 2)
        How many *distinct* bodies must have adopted the piece, counting the
        event being valued.
    ``points`` (number above 0)
        What the qualifying adoption is worth.
    ``min_level`` (``county`` | ``city`` | ``province`` | ``national``, default ``county``)
        Only bodies at this level or higher count (市政协、党派市委 are
        ``city``).

    An ``adopted`` event is worth ``points`` when its own body counts and
    the piece has then been adopted by at least ``bodies`` distinct counting
    bodies; otherwise it is worth nothing.  A body adopting the same piece
    twice counts once.  Use ``combine = "once"`` for a one-off bonus (with
    ``"sum"`` every further counting adoption earns it again).  The rule's
    ``event`` must be ``adopted`` (the plugin's ruleset check says so).
    """

    name: str = MULTI_ADOPTION
    ALLOWED: Final = ("bodies", "points", "min_level")

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        found = p.unknown_keys(params, self.ALLOWED)
        found += p.positive_number(params, "points")
        level_problems = p.choice(params, "min_level", "level", LEVELS)
        found += level_problems
        level = params.get("min_level", LEVELS[0]) if not level_problems else LEVELS[0]
        found += p.integer_in(params, "bodies", 2, len(bodies_at_or_above(level)))
        return found

    def value(
        self, params: Mapping[str, Any], event: Event, context: RuleContext
    ) -> Fraction | None:
        if event.type != "adopted":
            return None
        counting = set(bodies_at_or_above(params.get("min_level", LEVELS[0])))
        if event.body not in counting:
            return None
        adopted_by = {e.body for e in context.history if e.type == "adopted" and e.body in counting}
        adopted_by.add(event.body)
        if len(adopted_by) < params["bodies"]:
            return None
        return p.exact(params["points"])


class GroupActivityBonus:
    """``xiaoshan.group_activity_bonus``: points for a piece written at a 信息小组 session.

    Params:

    ``points`` (number above 0)
        What the event is worth.
    ``call_prefix`` (non-empty string)
        The piece's call id must start with it (``"xz-group-"`` matches
        ``xz-group-1-2024q1``).

    The event named by the rule (``approved`` in ``rulesets/xiaoshan.toml``)
    is worth ``points`` when the piece answers such a call; a piece without
    a call, or with another call, is worth nothing under this rule.
    """

    name: str = GROUP_ACTIVITY
    ALLOWED: Final = ("points", "call_prefix")

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        found = p.unknown_keys(params, self.ALLOWED)
        found += p.positive_number(params, "points")
        found += p.non_empty_string(params, "call_prefix")
        return found

    def value(
        self, params: Mapping[str, Any], event: Event, context: RuleContext
    ) -> Fraction | None:
        call = context.piece.call
        if call is None or not call.startswith(params["call_prefix"]):
            return None
        return p.exact(params["points"])
