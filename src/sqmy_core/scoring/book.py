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
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.spec import Ruleset, SplitSpec
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.keys import KeyReader
from sqmy_core.scoring.ledger import Line, build_ledger
from sqmy_core.scoring.metrics import MetricIndex


def split_shares(split: SplitSpec, n_authors: int) -> list[Fraction]:
    """Each author's share of a piece's points, first author first (联名拆分).

    With ``max_authors`` only the first N authors are credited; the split is
    computed as if the piece had those N authors, the others get nothing.
    """
    n = n_authors if split.max_authors is None else min(n_authors, split.max_authors)
    if split.mode == "full":
        shares = [Fraction(1)] * n
    elif split.mode == "positions":
        factors = split.shares or (Fraction(1),)
        shares = [factors[min(i, len(factors) - 1)] for i in range(n)]
    elif split.mode == "equal" or n == 1:
        shares = [Fraction(1, n)] * n
    else:
        first = split.first_share if split.first_share is not None else Fraction(1)
        rest = (1 - first) / (n - 1)
        shares = [first] + [rest] * (n - 1)
    return shares + [Fraction(0)] * (n_authors - n)


def author_shares(ruleset: Ruleset, n_authors: int) -> list[Fraction]:
    """Each author's share under the ruleset's own split (``scoring.split``)."""
    return split_shares(ruleset.scoring.split, n_authors)


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
        self.declarations = declarations_of(ruleset)
        self.keys = KeyReader(
            self.declarations,
            self.calls,
            {u.id: u.kind for u in dataset.units},
            {u.id: u.attributes for u in dataset.units},
        )
        self.ledger: list[Line] = build_ledger(
            ruleset, self.clock, dataset.pieces, self.events_by_piece, self.calls, self.keys
        )
        self.metrics = MetricIndex(
            self.clock, dataset.pieces, self.events_by_piece, ruleset.metrics, self.keys
        )
        self.authored: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.sent_by: dict[str, list[str]] = defaultdict(list)
        for piece in dataset.pieces:
            for position, author in enumerate(piece.authors):
                self.authored[author].append((piece.id, position))
            if piece.unit is not None:
                self.sent_by[piece.unit].append(piece.id)
        self._shares: dict[tuple[int, int], list[Fraction]] = {}
        self.totals_cache: dict[int, object] = {}
        """Year -> :class:`~sqmy_core.scoring.totals.YearTotals`, filled on first use."""

    def shares(self, piece: Piece, split: SplitSpec | None = None) -> list[Fraction]:
        """Each author's share under ``split`` (default: the ruleset's ``scoring.split``)."""
        split = split or self.ruleset.scoring.split
        n = len(piece.authors)
        key = (id(split), n)
        cached = self._shares.get(key)
        if cached is None:
            cached = self._shares[key] = split_shares(split, n)
        return cached

    def pieces_of_person(self, person: str, joint: str = "each") -> list[str]:
        """Pieces a person wrote (every one, or only those as first author)."""
        return [p for p, pos in self.authored.get(person, ()) if joint == "each" or pos == 0]

    def pieces_of_unit(self, unit: str) -> list[str]:
        """Pieces a unit submitted in its own name (报送单位)."""
        return self.sent_by.get(unit, [])

    def lines_in(self, year: int) -> list[Line]:
        return [ln for ln in self.ledger if ln.year == year]
