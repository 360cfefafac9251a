"""Live competition ranks (1, 2, 2, 4) within classes, in O(log n) per change.

The ranking of :mod:`.ranking` sorts every entity's exact key; standings that
change one entity at a time keep each class in a sorted list instead and
count, for a rank, the entries strictly ahead of an entity's key.

Keys are tuples of :class:`~fractions.Fraction`.  To compare them at the speed
of integers, each component is kept as an integer scaled by a common
denominator of every value seen so far: exact, because the scale is the
least common multiple of the denominators; when a value arrives whose
denominator does not divide the scale, the scale grows and the lists are
rebuilt (rare: the denominators of a ruleset's points and shares are few).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from fractions import Fraction
from math import lcm

from sortedcontainers import SortedList

from sqmy_core.scoring.ranking import RankKey

Entry = tuple[tuple[int, ...], str]


class RankIndex:
    """The entities of one kind (person or unit), their keys and classes."""

    def __init__(self, scale: int = 2_772_000) -> None:
        self.scale = scale
        """Starts as lcm(1..12) x 100: shares of up to 12 authors, values in cents, fit."""
        self.keys: dict[str, RankKey] = {}
        self.classes: dict[str, Hashable] = {}
        self.lists: dict[Hashable, SortedList] = {}
        self.entries: dict[str, Entry] = {}

    def _scaled(self, key: RankKey) -> tuple[int, ...] | None:
        """Each component negated (higher ranks first) as an integer; None when the scale is short."""
        scale = self.scale
        out = []
        for k in key:
            if isinstance(k, int):
                out.append(-k * scale)
                continue
            den = k.denominator
            if scale % den:
                return None
            out.append(-k.numerator * (scale // den))
        return tuple(out)

    def _rescale(self, key: RankKey) -> None:
        for k in key:
            if isinstance(k, Fraction):
                self.scale = lcm(self.scale, k.denominator)
        for group in self.lists.values():
            group.clear()
        for ident, old in self.keys.items():  # each fitted the old scale, so fits its multiple
            scaled = self._scaled(old)
            assert scaled is not None
            self.entries[ident] = (scaled, ident)
        for ident, entry in self.entries.items():
            self.lists[self.classes[ident]].add(entry)

    def put(self, ident: str, key: RankKey, group: Hashable) -> None:
        """Insert or move one entity."""
        if self.keys.get(ident) == key and self.classes.get(ident) == group:
            return
        old = self.entries.pop(ident, None)
        if old is not None:
            self.lists[self.classes.pop(ident)].remove(old)
            del self.keys[ident]
        scaled = self._scaled(key)
        if scaled is None:
            self._rescale(key)
            scaled = self._scaled(key)
            assert scaled is not None
        self.keys[ident] = key
        self.classes[ident] = group
        entry = self.entries[ident] = (scaled, ident)
        members = self.lists.get(group)
        if members is None:
            members = self.lists[group] = SortedList()
        members.add(entry)

    def rank(self, ident: str) -> int:
        """1 + how many in the entity's class have a strictly higher key."""
        scaled, _ = self.entries[ident]
        return int(self.lists[self.classes[ident]].bisect_left((scaled,))) + 1

    def __contains__(self, ident: object) -> bool:
        return ident in self.entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)
