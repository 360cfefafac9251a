"""Who a piece's ledger deltas are credited to, and by how much, as integer multipliers.

As :func:`~sqmy_core.scoring.contributions.piece_contributions` reads a line:
each in-scope author gets the line times their share under the rule's split
(times the split's author factors), the submitting unit the whole line when
the ruleset credits units in full -- per rule, as the rule's ``entities`` say;
a cap correction (no rule) goes to both under the ruleset's split.  Rules
that credit alike form one *class*; a ledger delta is kept per *slot*, a
(class, section) pair, and its credit to an entity is ``delta x multiplier``,
the multiplier being ``share x M`` (the credit scale, :mod:`.scales`): one
integer product per entity and delta.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from sqmy_core.model import Piece
from sqmy_core.rules.spec import PointsRule, Ruleset, SplitSpec
from sqmy_core.scoring.book import Book, split_shares
from sqmy_core.scoring.contributions import Key, author_factor
from sqmy_core.scoring.live.scales import units

if TYPE_CHECKING:
    from sqmy_core.scoring.live.entity import EntityState

Credits = list[list[tuple["EntityState", int]]]
"""Per class: (entity, multiplier) for each credited author position and the unit."""


class CreditPlan:
    """The crediting classes of one ruleset and the slot of every (class, section)."""

    def __init__(self, rs: Ruleset, sections: int) -> None:
        self.rs = rs
        self.sections = sections
        self.unit_credit = rs.scoring.unit_credit == "full" and rs.unit_points.source == "pieces"
        self.classes: list[tuple[bool, bool, SplitSpec]] = []
        self._class_of: dict[tuple[bool, bool, int], int] = {}
        self._shares: dict[tuple[int, int], list[Fraction]] = {}

    def slot_of(self, rule: PointsRule | None, section: int) -> int:
        """The slot of a rule's lines in a section (``rule`` None: a cap correction)."""
        targets: tuple[str, ...] = ("person", "unit") if rule is None else rule.entities
        split = self.rs.scoring.split if rule is None else rule.split or self.rs.scoring.split
        key = ("person" in targets, "unit" in targets, id(split))
        number = self._class_of.get(key)
        if number is None:
            number = self._class_of[key] = len(self.classes)
            self.classes.append((key[0], key[1], split))
        return number * self.sections + section

    def slot_parts(self) -> tuple[list[int], list[int]]:
        """(class, section) of every slot, as two lists indexed by slot."""
        n = len(self.classes) * self.sections
        return [s // self.sections for s in range(n)], [s % self.sections for s in range(n)]

    def credits(self, piece: Piece, entities: Mapping[Key, EntityState], book: Book,
                scale: int) -> Credits:  # fmt: skip
        """The piece's (entity, multiplier) lists per class, at credit scale ``scale``."""
        out: Credits = []
        authors = piece.authors
        for to_person, to_unit, split in self.classes:
            mine: list[tuple[EntityState, int]] = []
            if to_person:
                for author, base_share in zip(authors, self._shares_of(split, len(authors)), strict=True):
                    entity = entities.get(("person", author))
                    if entity is None:
                        continue
                    share = (
                        base_share * author_factor(book, split, author)
                        if split.author_factors
                        else base_share
                    )
                    if share:
                        mine.append((entity, units(share, scale, credit=True)))
            if to_unit and self.unit_credit and piece.unit is not None:
                entity = entities.get(("unit", piece.unit))
                if entity is not None:
                    mine.append((entity, scale))
            out.append(mine)
        return out

    def _shares_of(self, split: SplitSpec, n: int) -> list[Fraction]:
        key = (id(split), n)
        shares = self._shares.get(key)
        if shares is None:
            shares = self._shares[key] = split_shares(split, n)
        return shares
