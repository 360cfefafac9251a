"""One assessed entity's running sums, its settled points and its place in its ranking class.

An entity holds, per section, the sum of what its pieces and fixed records
(activities, adjustments) give it, as integers in units of the standings'
scale; its metric counts; the submissions of its pieces in the year.
:meth:`Settler.settle` applies stages 3-6 of
:func:`~sqmy_core.scoring.totals.finish` (section bounds, bonus bounds, the
base, total bounds) to those sums and moves the entity's key in its
:class:`~sqmy_core.scoring.rank_index.RankOrder`; :func:`key_function` makes
the key as :func:`~sqmy_core.scoring.assess.rank_and_award` does, negated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from sqmy_core.rules.spec import RankingSpec, Ruleset
from sqmy_core.scoring.rank_index import RankOrder

KeyFunction = Callable[["EntityState"], Any]
"""An entity's negated ranking key: an integer or a tuple (see :func:`key_function`)."""
NO_SUBMISSION = 10**12
"""The (negated) earliest-submission key of an entity that submitted nothing: ranks last."""


class EntityState:
    """One entity's sums (``sec``: per section index) and what follows from them."""

    __slots__ = ("base", "counts", "first", "firsts", "group", "ident", "key", "key_count",
                 "key_of", "key_width", "kind", "order", "points", "position", "sec")  # fmt: skip

    def __init__(self, kind: str, ident: str, group: str | None, base: int, sections: int,
                 counts: Mapping[str, int], order: RankOrder, key_of: KeyFunction) -> None:  # fmt: skip
        self.kind = kind
        self.ident = ident
        self.group = group
        self.base = base
        self.sec = [0] * sections
        self.counts = dict(counts)
        self.firsts: dict[str, int] = {}
        """Piece -> second of its submission, for pieces submitted in the year."""
        self.first = NO_SUBMISSION
        """The earliest of :attr:`firsts` (kept for the ``earliest_submission`` tie-break)."""
        self.points = 0
        self.position = 0
        """The place of the id in ascending id order (the ``id`` tie-break)."""
        self.order = order
        self.key_of = key_of
        """The key function of the entity's kind (see :func:`key_function`)."""
        self.key_count: str | None = None
        self.key_width = 0
        """With an order of points then a count: that metric and the width; the key is
        ``-(points x width + count)``, made in :meth:`Settler.settle` without a call."""
        self.key: Any = None
        """The negated ranking key now in :attr:`order` (None: not yet in it)."""



def key_function(rs: Ruleset, spec: RankingSpec, sections: Sequence[str | None],
                 limits: Sequence[tuple[int, int | None, int | None]], width: int) -> KeyFunction:  # fmt: skip
    """The negated ranking key of an entity for ``spec.order``.

    Precedence as :func:`~sqmy_core.scoring.ranking.rank_key` reads the names
    with :func:`~sqmy_core.scoring.assess.rank_and_award`'s extras: ``points``;
    then ``id`` and ``earliest_submission``; a ``section:<id>`` (bounded); a
    rate id; ``bonus``; else a metric count (``adopted`` or ``adopted_pieces``).

    The usual orders, ``points`` and ``points`` then a count, give one integer
    (``points x width + count``, ``width`` above any count: more than the
    standings' pieces), which compares several times faster than a tuple.
    """
    order = spec.order
    section_no = {s: i for i, s in enumerate(sections) if s is not None}
    bounds = {i: (cap, floor) for i, cap, floor in limits}
    rates = {r.id: (r.numerator, r.denominator) for r in rs.rates}
    if len(order) == 1 and order[0] == "points":
        return lambda e: -e.points
    metric = counted_metric(rs, spec, sections)
    if metric is not None:
        return lambda e: -(e.points * width + e.counts[metric])
    getters = [_component(name, section_no, bounds, rates) for name in order]
    return lambda e: tuple([g(e) for g in getters])


def counted_metric(rs: Ruleset, spec: RankingSpec, sections: Sequence[str | None]) -> str | None:
    """The metric of an order ``points`` then a count (the usual one), else None."""
    order = spec.order
    if len(order) != 2 or order[0] != "points":
        return None
    name = order[1]
    if (
        name in ("points", "id", "earliest_submission", "bonus")
        or any(r.id == name for r in rs.rates)
        or (name.startswith("section:") and name[8:] in sections)
    ):
        return None
    return name.removesuffix("_pieces")


def _component(name: str, sections: Mapping[str, int],
               bounds: Mapping[int, tuple[int | None, int | None]],
               rates: Mapping[str, tuple[str, str]]) -> Callable[[EntityState], Any]:  # fmt: skip
    if name == "points":
        return lambda e: -e.points
    if name == "id":
        return lambda e: e.position
    if name == "earliest_submission":
        return lambda e: e.first
    if name.startswith("section:") and name[8:] in sections:
        i = sections[name[8:]]
        cap, floor = bounds.get(i, (None, None))
        return lambda e: -bound(e.sec[i], cap, floor)
    if name in rates:
        num, den = rates[name]
        return lambda e: -Fraction(e.counts[num], e.counts[den]) if e.counts[den] else 0
    if name == "bonus":
        return lambda e: e.base - e.points
    metric = name.removesuffix("_pieces")
    return lambda e: -e.counts[metric]


def bound(value: int, cap: int | None, floor: int | None) -> int:
    """As :func:`~sqmy_core.scoring.totals.bound`, on integers."""
    if cap is not None:
        value = min(value, cap)
    return value if floor is None else max(value, floor)


class Settler:
    """Stages 3-6 of the totals on integer sums, then the entity's move in its ranking."""

    def __init__(self, limits: Sequence[tuple[int, int | None, int | None]],
                 totals: tuple[int | None, int | None, int | None, int | None]) -> None:  # fmt: skip
        """``limits``: (section index, cap, floor) of each bounded section; ``totals``:
        (bonus cap, bonus floor, cap, floor)."""
        self.limits = tuple(limits)
        self.bonus_cap, self.bonus_floor, self.cap, self.floor = totals
        self.plain = not self.limits and all(v is None for v in totals)

    def settle(self, e: EntityState) -> None:
        sec = e.sec
        if self.plain:
            e.points = e.base + sum(sec)
        else:
            bonus = sum(sec)
            for i, cap, floor in self.limits:
                bonus += bound(sec[i], cap, floor) - sec[i]
            bonus = bound(bonus, self.bonus_cap, self.bonus_floor)
            e.points = bound(e.base + bonus, self.cap, self.floor)
        metric = e.key_count
        key = e.key_of(e) if metric is None else -(e.points * e.key_width + e.counts[metric])
        old = e.key
        if old is None:
            e.order.add(key)
        elif old != key:
            e.order.move(old, key)
        e.key = key

    def sections(self, e: EntityState) -> list[int]:
        """The entity's sections after their bounds (by section index)."""
        out = list(e.sec)
        for i, cap, floor in self.limits:
            out[i] = bound(out[i], cap, floor)
        return out
