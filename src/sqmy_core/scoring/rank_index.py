"""Live competition ranks (1, 2, 2, 4) within classes, in O(log n) per change.

The ranking of :mod:`.ranking` sorts every entity's exact key; standings that
change one entity at a time keep each class as a :class:`RankOrder` instead:
the class's keys, *negated* (so that ascending order is the ranking order),
sorted in blocks of about ``LOAD`` keys.  An entity's rank is one more than
the number of keys strictly below its own negated key, which is the sizes of
the blocks before its block (a Fenwick tree over block sizes) plus one bisect
inside the block.  Equal keys are equal tuples, so they share a rank and use
up places, as :func:`~sqmy_core.scoring.ranking.competition_ranks` has it.

Why not a ``SortedList`` of (key, id): the ids are not needed to count what is
ahead (a multiset of keys is enough), and the library's general machinery
(positional index, load balancing, key functions) cost more per change than
the counting needs.  Why blocks at all: one plain sorted list is fastest up to
a few thousand keys, but each insert moves the list's tail, which at national
size (hundreds of thousands of people in one class) is the whole cost.

Keys are tuples of exact numbers (integers, :class:`~fractions.Fraction`);
the live standings hand in integers in units of their common scale, and
Fractions only where a component has no common scale (rates).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Hashable, Iterator
from typing import Any

from sqmy_core.scoring.ranking import RankKey

LOAD = 2048
"""Target block size: a block splits in two when it holds twice as many keys (a city's
people fit one or two blocks; a national class of 600,000 makes a few hundred)."""


class RankOrder:
    """The negated keys of one ranking class: a sorted multiset that counts what is ahead."""

    __slots__ = ("blocks", "maxes", "size", "tree")

    def __init__(self) -> None:
        self.blocks: list[list[Any]] = []
        self.maxes: list[Any] = []
        """The last (largest) key of each block."""
        self.tree: list[int] = [0]
        """Fenwick tree over the block sizes (1-based)."""
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def ahead(self, key: Any) -> int:
        """How many keys are strictly smaller than ``key`` (rank = this + 1)."""
        maxes = self.maxes
        i = bisect_left(maxes, key)
        if i == 0:
            return bisect_left(self.blocks[0], key) if maxes else 0
        if i == len(maxes):
            return self.size
        count = bisect_left(self.blocks[i], key)
        tree = self.tree
        while i:  # the sizes of blocks 0 .. i-1
            count += tree[i]
            i &= i - 1
        return count

    def add(self, key: Any) -> None:
        maxes = self.maxes
        self.size += 1
        if not maxes:
            self.blocks.append([key])
            maxes.append(key)
            self._reindex()
            return
        i = bisect_right(maxes, key)
        if i == len(maxes):  # beyond every block: the last block grows at its end
            i -= 1
            block = self.blocks[i]
            block.append(key)
            maxes[i] = key
        else:
            block = self.blocks[i]
            insort(block, key)
        if len(block) > 2 * LOAD:
            half = len(block) >> 1
            self.blocks[i : i + 1] = [block[:half], block[half:]]
            maxes[i : i + 1] = [block[half - 1], block[-1]]
            self._reindex()
            return
        self._grow(i, 1)

    def remove(self, key: Any) -> None:
        """Take one key out (it must be there)."""
        maxes = self.maxes
        i = bisect_left(maxes, key)
        if i == len(maxes):
            raise KeyError(key)
        block = self.blocks[i]
        j = bisect_left(block, key)
        if j == len(block) or block[j] != key:
            raise KeyError(key)
        del block[j]
        self.size -= 1
        if not block:
            del self.blocks[i]
            del maxes[i]
            self._reindex()
            return
        maxes[i] = block[-1]
        self._grow(i, -1)

    def move(self, old: Any, new: Any) -> None:
        """One key changed from ``old`` to ``new``.

        Usually the new key still belongs in the old key's block (a few points
        more move an entity a few places): then the block alone changes and
        the block sizes stay, so the Fenwick tree does too.
        """
        maxes, blocks = self.maxes, self.blocks
        i = bisect_left(maxes, old)  # ``old`` is there: its block is the first whose max >= it
        last = len(maxes) - 1
        if (i == 0 or maxes[i - 1] <= new) and (i == last or new <= blocks[i + 1][0]):
            block = blocks[i]
            del block[bisect_left(block, old)]
            insort(block, new)
            maxes[i] = block[-1]
            return
        self.remove(old)
        self.add(new)

    def _grow(self, i: int, by: int) -> None:
        tree, n = self.tree, len(self.tree)
        i += 1
        while i < n:
            tree[i] += by
            i += i & -i

    def _reindex(self) -> None:
        """The Fenwick tree anew from the block sizes (after a split or an emptied block)."""
        tree = [0] + [len(b) for b in self.blocks]
        n = len(tree)
        for i in range(1, n):
            parent = i + (i & -i)
            if parent < n:
                tree[parent] += tree[i]
        self.tree = tree

    def __iter__(self) -> Iterator[Any]:
        for block in self.blocks:
            yield from block


def negated(key: RankKey) -> tuple[Any, ...]:
    """A ranking key turned into one that sorts ascending (higher ranks first)."""
    return tuple(-k for k in key)


class RankIndex:
    """Entities by id, each with a key and a class: their ranks at any moment.

    The general form (any exact keys, any hashable classes); the live
    standings keep each entity's negated key on the entity and call its
    :class:`RankOrder` directly.
    """

    def __init__(self) -> None:
        self.keys: dict[str, tuple[Any, ...]] = {}
        """Id -> its negated key."""
        self.classes: dict[str, Hashable] = {}
        self.orders: dict[Hashable, RankOrder] = {}

    def put(self, ident: str, key: RankKey, group: Hashable) -> None:
        """Insert or move one entity."""
        new = negated(key)
        old = self.keys.get(ident)
        if old is not None:
            before = self.classes[ident]
            if before == group:
                self.orders[group].move(old, new)
                self.keys[ident] = new
                return
            self.orders[before].remove(old)
        order = self.orders.get(group)
        if order is None:
            order = self.orders[group] = RankOrder()
        order.add(new)
        self.keys[ident] = new
        self.classes[ident] = group

    def rank(self, ident: str) -> int:
        """1 + how many in the entity's class have a strictly higher key."""
        return self.orders[self.classes[ident]].ahead(self.keys[ident]) + 1

    def __contains__(self, ident: object) -> bool:
        return ident in self.keys

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)
