"""The books: one dataset indexed for one ruleset, built once per assessment.

Everything the year-end calculation needs — events grouped and ordered per
piece, the points ledger, the metric index, who wrote what and which unit
sent what — is computed here once, so assessing several years (the
consecutive-year flags) or explaining one person reuses it.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from sqmy_core.model import Call, Dataset, Event, Person, Piece, Unit
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.ledger import Line, build_ledger
from sqmy_core.scoring.metrics import MetricIndex


def author_shares(ruleset: Ruleset, n_authors: int) -> list[Fraction]:
    """Each author's share of a piece's points, first author first (联名拆分)."""
    split = ruleset.scoring.split
    if split.mode == "full":
        return [Fraction(1)] * n_authors
    if split.mode == "equal" or n_authors == 1:
        return [Fraction(1, n_authors)] * n_authors
    first = split.first_share if split.first_share is not None else Fraction(1)
    rest = (1 - first) / (n_authors - 1)
    return [first] + [rest] * (n_authors - 1)


class Book:
    """A dataset indexed for one ruleset (pure; no I/O)."""

    def __init__(self, ruleset: Ruleset, dataset: Dataset) -> None:
        self.ruleset = ruleset
        self.dataset = dataset
        self.clock = YearClock(ruleset.year)
        self.pieces: dict[str, Piece] = {p.id: p for p in dataset.pieces}
        self.people: dict[str, Person] = {p.id: p for p in dataset.people}
        self.units: dict[str, Unit] = {u.id: u for u in dataset.units}
        self.calls: dict[str, Call] = {c.id: c for c in dataset.calls}
        grouped: dict[str, list[tuple[int, Event]]] = defaultdict(list)
        for index, ev in enumerate(dataset.events):
            grouped[ev.piece].append((index, ev))
        for stream in grouped.values():
            stream.sort(key=lambda item: (item[1].at, item[0]))
        self.events_by_piece: dict[str, list[tuple[int, Event]]] = dict(grouped)
        self.ledger: list[Line] = build_ledger(
            ruleset, self.clock, dataset.pieces, self.events_by_piece, self.calls
        )
        self.metrics = MetricIndex(self.clock, dataset.pieces, self.events_by_piece)
        self.authored: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.sent_by: dict[str, list[str]] = defaultdict(list)
        for piece in dataset.pieces:
            for position, author in enumerate(piece.authors):
                self.authored[author].append((piece.id, position))
            if piece.unit is not None:
                self.sent_by[piece.unit].append(piece.id)
        self._shares: dict[int, list[Fraction]] = {}

    def shares(self, piece: Piece) -> list[Fraction]:
        n = len(piece.authors)
        cached = self._shares.get(n)
        if cached is None:
            cached = self._shares[n] = author_shares(self.ruleset, n)
        return cached

    def pieces_of_person(self, person: str, joint: str = "each") -> list[str]:
        """Pieces a person wrote (every one, or only those as first author)."""
        return [p for p, pos in self.authored.get(person, ()) if joint == "each" or pos == 0]

    def pieces_of_unit(self, unit: str) -> list[str]:
        """Pieces a unit submitted in its own name (报送单位)."""
        return self.sent_by.get(unit, [])

    def lines_in(self, year: int) -> list[Line]:
        return [ln for ln in self.ledger if ln.year == year]
