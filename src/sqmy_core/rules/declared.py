"""The vocabulary a ruleset declares for datasets, as the model's :class:`Declarations`.

The dataset parser checks a ``sqmy-dataset/1.1`` document against this, and
the engine reads attribute defaults and declared bodies' levels from it.
"""

from __future__ import annotations

from sqmy_core.model.attributes import AttributeSpec, Declarations
from sqmy_core.model.vocab import BODIES, BUILTIN_ROLES, RANKS, UNIT_KINDS, Body
from sqmy_core.rules.spec import Ruleset


def declarations_of(rs: Ruleset) -> Declarations:
    """The contract's vocabularies plus everything ``rs`` declares."""
    v = rs.vocabulary
    bodies = dict(BODIES)
    bodies.update({b.id: Body(b.id, b.name, b.level) for b in v.bodies})
    roles = dict.fromkeys((*BUILTIN_ROLES, *rs.reviewer_roles, *(r.id for r in v.roles)))
    return Declarations(
        bodies=bodies,
        ranks=tuple(dict.fromkeys((*RANKS, *(r.id for r in v.ranks)))),
        roles=tuple(roles),
        unit_kinds=tuple(dict.fromkeys((*UNIT_KINDS, *(k.id for k in v.unit_kinds)))),
        attributes={
            name: AttributeSpec(
                name=name,
                type=a.type,
                on=a.on,
                values=a.values,
                required=a.required,
                default=a.default,
                label=a.label,
            )
            for name, a in rs.attributes.items()
        },
        penalty_kinds=tuple(k.id for k in v.penalty_kinds),
        activity_kinds=tuple(k.id for k in v.activity_kinds),
        sections=tuple(s.id for s in rs.sections),
    )
