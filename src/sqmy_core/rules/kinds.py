"""Rule kinds from plugins: logic a TOML ruleset names but cannot express.

A ruleset never contains code.  When an organization's rules need more than
the built-in tables (a bonus that depends on a piece's whole history, say),
a plugin registers a named :class:`RuleKind` through the ``sqmy_rule_kinds``
hook, and the ruleset's points rule names it::

    plugins = ["xiaoshan"]

    [[scoring.rules]]
    id = "multi_adoption"
    event = "adopted"
    kind = "xiaoshan.multi_adoption_bonus"
    params = { bodies = 2, points = 3 }
    combine = "once"

The kind only values one event; ``combine``, ``cap``, ``when``, splits,
years and ranking work exactly as for built-in rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, Protocol, runtime_checkable

from attrs import frozen

from sqmy_core.errors import Problem
from sqmy_core.model import Event, Piece


@frozen
class RuleContext:
    """What a rule kind may look at besides the event itself."""

    piece: Piece
    call_kind: str | None
    history: Sequence[Event]
    """The piece's earlier events, oldest first (its ``submitted`` event first)."""


@runtime_checkable
class RuleKind(Protocol):
    """A named way of valuing an event, provided by a plugin."""

    name: str
    """Dotted and prefixed by the organization or plugin (``xiaoshan.multi_adoption_bonus``)."""

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        """Problems with the rule's ``params`` (paths relative to ``params``); empty when sound.

        Called once when the ruleset is loaded, so a bad parameter is an
        error at load time, never a surprise at year end.
        """
        ...

    def value(
        self, params: Mapping[str, Any], event: Event, context: RuleContext
    ) -> Fraction | None:
        """What ``event`` is worth under this kind, or ``None`` when it does not count."""
        ...


@frozen
class Extensions:
    """What a ruleset's ``plugins`` contribute: rule kinds by name, and validators."""

    kinds: Mapping[str, RuleKind]
    validators: Sequence[Any] = ()
    """Callables ``(ruleset) -> list[Problem]`` run after the built-in checks."""


NO_EXTENSIONS = Extensions(kinds={})
