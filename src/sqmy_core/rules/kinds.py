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

from attrs import field, frozen

from sqmy_core.errors import Problem
from sqmy_core.model import Event, Piece
from sqmy_core.model.shared_methods import shared_repr


@frozen
@shared_repr
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
@shared_repr
class Extensions:
    """What a ruleset's ``plugins`` contribute: rule kinds and step kinds by name, and validators."""

    kinds: Mapping[str, RuleKind]
    validators: Sequence[Any] = ()
    """Callables ``(ruleset) -> list[Problem]`` run after the built-in checks."""
    steps: Mapping[str, StepKind] = field(factory=dict)
    """Step kinds (:class:`StepKind`, hook ``sqmy_step_kinds``) by name."""


NO_EXTENSIONS = Extensions(kinds={})


# ---------------------------------------------------------------------------
# Steps: plugin logic at the later stages of an assessment
# ---------------------------------------------------------------------------


@frozen
@shared_repr
class StepDelta:
    """A change a step makes to an entity's points (``stage = "entity"``) or a piece's.

    ``section`` is the section it counts in (``None``: the step's own
    ``section``, else the ruleset's first); ``note`` is shown by ``explain``.
    ``event`` (piece stage only) is the index, in the piece's events as given
    to the step, whose time and year the change takes (``-1``: submission).
    """

    points: Fraction
    note: str = ""
    section: str | None = None
    event: int = -1


@frozen
@shared_repr
class PieceView:
    """What a ``piece`` step sees: the piece, its events in time order, its ledger lines so far."""

    piece: Piece
    call_kind: str | None
    events: Sequence[Event]
    """The piece's events, its ``submitted`` event first."""
    lines: Sequence[Any]
    """The ledger lines of the piece (:class:`sqmy_core.scoring.ledger.Line`), all years."""


@frozen
@shared_repr
class EntityView:
    """What an ``entity`` step sees for one person or unit in one year."""

    entity: str
    """``person`` or ``unit``."""
    id: str
    year: int
    record: Any
    """The :class:`~sqmy_core.model.Person` or :class:`~sqmy_core.model.Unit`."""
    sections: Mapping[str, Fraction]
    """Points per section so far (before section caps)."""
    counts: Mapping[str, int]
    """Distinct pieces per metric in the year."""
    dataset: Any
    """The whole :class:`~sqmy_core.model.Dataset` (read-only)."""


@frozen
@shared_repr
class VerdictView:
    """What a ``quota``, ``flag`` or ``award`` step sees for one entity in one year."""

    entity: str
    id: str
    year: int
    record: Any
    points: Fraction
    counts: Mapping[str, int]
    quota: Any = None
    """``quota`` stage: the :class:`~sqmy_core.scoring.quotas.QuotaResult` to judge."""
    flags: tuple[str, ...] = ()
    """The entity's flags so far (``flag`` and ``award`` stages)."""
    award: str | None = None
    """``award`` stage: the award (or grade) label the tiers gave, ``None`` for none."""
    rank: int = 0
    """``award`` stage: the entity's rank in its class."""
    dataset: Any = None
    """The whole :class:`~sqmy_core.model.Dataset` (read-only): events, activities, people."""


@runtime_checkable
class StepKind(Protocol):
    """A named step a ruleset's ``[[steps]]`` applies at one stage (provided by a plugin).

    ``apply`` returns, by stage: ``piece`` and ``entity`` — a sequence of
    :class:`StepDelta`; ``quota`` — ``True``/``False`` to override the verdict
    or ``None`` to keep it; ``flag`` — a tuple of flag ids to add; ``award`` —
    the award label to give, ``""`` to take the award away, or ``None`` to keep it.
    """

    name: str
    stage: str

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        """Problems with the step's ``params`` (paths relative to ``params``)."""
        ...

    def apply(self, params: Mapping[str, Any], view: Any) -> Any:
        """The step's effect for one piece or entity (see the class docstring)."""
        ...
