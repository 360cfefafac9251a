"""Exact points as integers: the scales of the live standings, and what to do when one is short.

The live standings keep every value as an integer count of ``1/scale``:

- a piece's ledger in units of the *ledger scale* ``L`` (every table value
  times its factors, caps and floors whole: the ruleset's common denominator,
  as the columnar path has it);
- an entity's points in units of ``L x M``, where the *credit scale* ``M``
  makes every author's share whole (``share x M``), so crediting a delta is
  one integer product, and also every activity, adjustment, base and bound.

Sums, bounds and comparisons are then integer operations, exact by
construction.  A value whose denominator does not divide its scale (a plugin
rule kind's fraction, a piece with an author count or factor not seen
before) raises :class:`Rescale`; the standings take the larger scale and
build again from their pieces (rare: a ruleset's denominators are few).
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm


class Rescale(Exception):
    """A value needs a larger scale: ``ledger`` and ``credit`` are the factors the ledger and
    credit scales must grow by (1: that one is fine).  A signal inside the live standings,
    caught there (they build again), never raised to a caller: not a :class:`SqmyError`."""

    def __init__(self, ledger: int = 1, credit: int = 1) -> None:
        super().__init__(ledger, credit)
        self.ledger = ledger
        self.credit = credit


def units(value: Fraction | int, scale: int, *, credit: bool = False) -> int:
    """``value`` as a whole number of ``1/scale``; :class:`Rescale` when it is not one.

    ``credit``: the missing factor belongs to the credit scale (else the ledger's).
    """
    den = value.denominator
    q, rest = divmod(scale, den)
    if rest:
        need = lcm(scale, den) // scale
        raise Rescale(credit=need) if credit else Rescale(ledger=need)
    return value.numerator * q
