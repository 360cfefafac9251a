"""What a ruleset declares for the datasets assessed under it (``sqmy-dataset/1.1``).

The contract's vocabularies are closed (:mod:`.vocab`); an organization adds
its own bodies and publications, leader ranks, roles, unit kinds, record
attributes, penalty kinds, activity kinds and sections by declaring them in
its ruleset.  :class:`Declarations` is that declaration in the form the
dataset parser and the engine read: plain data, no ruleset types, so the
model layer stays below the rules layer.

An undeclared value stays an error: a dataset is checked against the
ruleset it is assessed under.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Literal

from attrs import field, frozen

from sqmy_core.model.shared_methods import shared_repr
from sqmy_core.model.vocab import BODIES, BUILTIN_ROLES, RANKS, UNIT_KINDS, Body

AttrValue = str | Fraction | bool
"""An attribute's value: text, an exact number or a truth value."""

AttrType = Literal["string", "number", "boolean", "choice"]

RECORD_TYPES = ("unit", "person", "call", "piece", "event", "activity")
"""Where an attribute may be declared; ``event`` may be narrowed to event types."""


@frozen
@shared_repr
class AttributeSpec:
    """One organization-defined attribute (``attributes.<name>`` on records).

    ``on`` lists record types (``unit``, ``person``, ``call``, ``piece``,
    ``activity``, ``event``) or event types (``adopted``, ``instructed`` ...)
    the attribute may appear on.  ``choice`` attributes take one of
    ``values``.  ``default`` is what the engine uses when the attribute is
    absent (an absent optional attribute without a default matches nothing).
    """

    name: str
    type: AttrType
    on: tuple[str, ...]
    values: tuple[str, ...] = ()
    required: bool = False
    default: AttrValue | None = None
    label: str = ""

    def allowed_on(self, record: str, event_type: str | None = None) -> bool:
        if record in self.on:
            return True
        return record == "event" and event_type is not None and event_type in self.on


@frozen
@shared_repr
class Declarations:
    """The vocabulary a dataset is checked against: the contract's plus the ruleset's."""

    bodies: Mapping[str, Body] = field(factory=lambda: dict(BODIES))
    ranks: tuple[str, ...] = RANKS
    roles: tuple[str, ...] = BUILTIN_ROLES
    unit_kinds: tuple[str, ...] = UNIT_KINDS
    attributes: Mapping[str, AttributeSpec] = field(factory=dict)
    penalty_kinds: tuple[str, ...] = ()
    activity_kinds: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    """Section ids an adjustment may name (empty: adjustments may name none)."""

    def attribute_default(self, name: str) -> AttrValue | None:
        spec = self.attributes.get(name)
        return spec.default if spec is not None else None


CONTRACT = Declarations()
"""The vocabulary of ``sqmy-dataset/1`` alone (no ruleset declarations)."""
