"""The assessed entities of a year, from the fixed registry: who is ranked, and what they start with.

People in scope in the year and units of a scope kind (as
:func:`~sqmy_core.scoring.totals.year_totals` has them), each with its ranking
class, its base, and the sums of its fixed records (activities, adjustments)
per section, in units of the standings' scale.  Pieces come later
(:mod:`.parts`); people, units, activities and adjustments never change in
live standings (a change of them builds anew).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.contributions import (
    Contribution,
    Key,
    activity_contributions,
    adjustment_contributions,
)
from sqmy_core.scoring.live.entity import EntityState, KeyFunction
from sqmy_core.scoring.live.scales import units
from sqmy_core.scoring.rank_index import RankOrder
from sqmy_core.scoring.totals import base_of, in_scope_people, in_scope_units


class Registry:
    """The year's assessed entities (their keys in assessment order) and their fixed records."""

    def __init__(self, rs: Ruleset, book: Book, year: int) -> None:
        by_role = rs.rankings.people.group_by == "role"
        by_kind = rs.rankings.units.group_by == "unit_kind"
        self.groups: dict[Key, str | None] = {}
        for person in in_scope_people(book, year):
            role = next((r for r in rs.scope.roles if r in person.roles), None) if by_role else None
            self.groups[("person", person.id)] = role
        for unit in in_scope_units(book):
            self.groups[("unit", unit.id)] = unit.kind if by_kind else None
        wanted = set(self.groups)
        self.fixed: list[tuple[Key, Contribution]] = [
            *activity_contributions(book, year, wanted),
            *adjustment_contributions(book, year, wanted),
        ]
        self.sections: list[str | None] = [s.id for s in rs.sections] or [""]
        """Section names by index: the ruleset's, then any other a fixed record names."""
        for _, c in self.fixed:
            if c.tally is None and c.section not in self.sections:
                self.sections.append(c.section)
        self.book = book

    def entities(self, scale: int, metrics: Sequence[str], keys: Mapping[str, KeyFunction],
                 counted: Mapping[str, str | None], width: int) -> dict[Key, EntityState]:  # fmt: skip
        """Every entity with its base and fixed records at ``scale`` (none settled or ranked);
        ``keys``: the ranking key function per kind; ``counted``, ``width``: see
        :attr:`EntityState.key_count`."""
        orders: dict[tuple[str, str | None], RankOrder] = {}
        out: dict[Key, EntityState] = {}
        zero = dict.fromkeys(metrics, 0)
        n = len(self.sections)
        for key, group in self.groups.items():
            order = orders.get((key[0], group))
            if order is None:
                order = orders[(key[0], group)] = RankOrder()
            base = units(base_of(self.book, key), scale, credit=True)
            entity = out[key] = EntityState(key[0], key[1], group, base, n, zero, order, keys[key[0]])
            entity.key_count, entity.key_width = counted[key[0]], width
        for kind in ("person", "unit"):
            for position, ident in enumerate(sorted(k[1] for k in out if k[0] == kind)):
                out[(kind, ident)].position = position
        section_no = {s: i for i, s in enumerate(self.sections)}
        for key, c in self.fixed:
            if c.tally is None:
                out[key].sec[section_no[c.section]] += units(c.points, scale, credit=True)
        return out
