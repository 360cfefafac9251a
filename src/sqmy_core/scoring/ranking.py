"""Competition ranking (1, 2, 2, 4) on exact keys, within classes."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction

RankKey = tuple[Fraction | int, ...]


def competition_ranks(keys: Mapping[str, RankKey]) -> dict[str, int]:
    """Rank ids by their keys, highest first; equal keys share a rank and use up places."""
    ordered = sorted(keys.items(), key=lambda item: (tuple(-k for k in item[1]), item[0]))
    ranks: dict[str, int] = {}
    previous: RankKey | None = None
    rank = 0
    for position, (ident, key) in enumerate(ordered, start=1):
        if key != previous:
            rank = position
            previous = key
        ranks[ident] = rank
    return ranks


def ranks_by_class(keys: Mapping[str, RankKey], classes: Mapping[str, Hashable]) -> dict[str, int]:
    """Competition ranks computed separately inside each class."""
    groups: dict[Hashable, dict[str, RankKey]] = {}
    for ident, key in keys.items():
        groups.setdefault(classes[ident], {})[ident] = key
    ranks: dict[str, int] = {}
    for group in groups.values():
        ranks.update(competition_ranks(group))
    return ranks


def rank_key(
    order: Sequence[str],
    points: Fraction,
    counts: Mapping[str, int],
    extra: Mapping[str, Fraction] | None = None,
) -> RankKey:
    """The key for a ranking ``order`` such as ``["points", "adopted_pieces"]``.

    An entry is ``points``, ``bonus``, a metric (``adopted`` or
    ``adopted_pieces``), a rate id (``[[rates]]``) or ``section:<id>``;
    higher ranks first for every entry.
    """
    key: list[Fraction | int] = []
    extra = extra or {}
    for name in order:
        if name == "points":
            key.append(points)
        elif name in extra:
            key.append(extra[name])
        else:
            key.append(counts[name.removesuffix("_pieces")])
    return tuple(key)
