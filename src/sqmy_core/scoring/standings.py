"""Live standings: every assessed entity's points and rank, updated one event at a time.

A full assessment walks every piece; after one new event only that piece's
ledger, its authors and its unit change.  :class:`Standings` keeps the
stages of the year apart, each in its own module of :mod:`.live`:

- :mod:`.live.registry` -- the assessed people and units, their classes,
  bases and fixed records (activities, adjustments);
- :mod:`.live.ledger` -- each piece's ledger on integers, one compiled plan
  per rule;
- :mod:`.live.credit` -- who a ledger delta goes to, as integer multipliers;
- :mod:`.live.parts` -- per piece, what it gives in the year, and how an
  event at its end moves its entities' sums;
- :mod:`.live.entity` -- an entity's bounds (sections, bonus, base, total)
  and its key in its ranking class (:mod:`.rank_index`).

Every value is an integer in units of a common scale (:mod:`.live.scales`),
so an event costs a few integer sums and one O(log n) move per touched
entity; an event earlier than its piece's latest re-derives that piece.

Exactness: the tests compare with :func:`~sqmy_core.scoring.assess.assess`
after random event orders and command sequences.  Where a ruleset reaches
beyond one entity's own pieces (:mod:`.standings_support`), every change is
answered by a full assessment instead.  Pure: no I/O, no clock.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from fractions import Fraction

from attrs import evolve

from sqmy_core.model import Dataset, Event, Piece
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.contributions import Key
from sqmy_core.scoring.live.credit import CreditPlan
from sqmy_core.scoring.live.entity import EntityState, Settler, counted_metric, key_function
from sqmy_core.scoring.live.ledger import LedgerPlan, plan_scale
from sqmy_core.scoring.live.parts import Parts, Touched
from sqmy_core.scoring.live.registry import Registry
from sqmy_core.scoring.live.scales import Rescale, units
from sqmy_core.scoring.standing import Standing, from_assessment
from sqmy_core.scoring.standings_support import unsupported_reasons

__all__ = ["Standing", "Standings", "from_assessment"]

_new_standing = tuple.__new__
"""Makes a :class:`Standing` from its fields in order without its Python-level ``__new__``."""
FRACTIONS_KEPT = 1 << 16
"""How many points values (as Fractions) a reader keeps made; beyond, it starts afresh."""


class Standings:
    """The year's standings of one ruleset over one dataset, kept live.

    Build once (``Standings(ruleset, dataset, year)``), then feed it what
    happens: :meth:`apply` for a new event, :meth:`put_piece` for a new or
    changed piece (with all its events), :meth:`drop_piece` for a withdrawn
    one.  People, units, calls, activities and adjustments are fixed: when
    they change, build anew.  :meth:`standing` answers in O(log n).
    """

    START_SCALE = 27_720
    """The first credit scale, lcm(1..12): shares among up to 12 authors need no growth."""
    COUNT_BITS = 32
    """The key width's least size in bits (see ``count_width``)."""

    def __init__(self, ruleset: Ruleset, dataset: Dataset, year: int) -> None:
        self.ruleset = ruleset
        self.year = year
        self.reasons = unsupported_reasons(ruleset)
        registry = evolve(dataset, pieces=(), events=())
        self.registry = Book(ruleset, registry)
        """The registry indexed for the ruleset (people, units, calls, keys); no pieces."""
        self.dataset = registry
        self.pieces: dict[str, Piece] = {}
        self.streams: dict[str, list[Event]] = {}
        for piece in dataset.pieces:
            self.pieces[piece.id] = piece
            self.streams[piece.id] = []
        for ev in dataset.events:
            self.streams[ev.piece].append(ev)
        self._assessed_now: dict[Key, Standing] | None = None
        if self.reasons:
            return
        self.assessed = Registry(ruleset, self.registry, year)
        self.sectioned = bool(ruleset.sections)
        self.ledger_scale = plan_scale(ruleset)
        self.credit_scale = self.START_SCALE
        self._build()

    @property
    def scale(self) -> int:
        """Entities' points are integers in units of ``1/scale``."""
        return self.ledger_scale * self.credit_scale

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        """Everything derived, from the pieces and streams, at scales that hold every value."""
        while True:
            try:
                self._build_at_scale()
                return
            except Rescale as need:
                self._grow(need)

    def _build_at_scale(self) -> None:
        rs, book, scale = self.ruleset, self.registry, self.scale
        sections = self.assessed.sections

        def of(v: Fraction | None) -> int | None:
            return None if v is None else units(v, scale, credit=True)

        limits = [(i, of(s.cap), of(s.floor)) for i, s in enumerate(rs.sections)
                  if s.cap is not None or s.floor is not None]  # fmt: skip
        t = rs.totals
        self.settler = Settler(limits, (of(t.bonus_cap), of(t.bonus_floor), of(t.cap), of(t.floor)))
        self.count_width = 1 << max(self.COUNT_BITS, (2 * len(self.pieces) + 1).bit_length())
        """Above any metric count (a count is at most the pieces held): see :func:`key_function`."""
        keys = {
            "person": key_function(rs, rs.rankings.people, sections, limits, self.count_width),
            "unit": key_function(rs, rs.rankings.units, sections, limits, self.count_width),
        }
        counted = {"person": counted_metric(rs, rs.rankings.people, sections),
                   "unit": counted_metric(rs, rs.rankings.units, sections)}  # fmt: skip
        self.entities: dict[Key, EntityState] = self.assessed.entities(
            scale, book.metrics.names, keys, counted, self.count_width
        )
        credit = CreditPlan(rs, len(sections))
        plan = LedgerPlan(rs, book.keys, book.clock, self.ledger_scale, sections, credit.slot_of)
        # every slot exists once the plan is made (rules, and cap corrections per section)
        self.parts = Parts(rs, book, self.year, self.entities, plan, credit, self.credit_scale,
                           self.settler.settle)  # fmt: skip
        self._micros = self.parts.window.micros
        self._fractions: dict[int, Fraction] = {}
        touched: Touched = {}
        parts = self.parts
        for piece_id, piece in self.pieces.items():
            part = parts.parts[piece_id] = parts.derive(piece, self.streams[piece_id])
            parts.take(part, 1, touched)
        for entity in self.entities.values():
            self.settler.settle(entity)
            self._fraction(entity.points)  # the values a first reading asks for, made once

    def _grow(self, need: Rescale) -> None:
        self.ledger_scale *= need.ledger
        self.credit_scale *= need.credit

    def _rebuilt(self, need: Rescale) -> None:
        """A value did not fit: grow the scale it named and build everything again."""
        self._grow(need)
        self._build()

    # -- changes ---------------------------------------------------------------------------

    def apply(self, event: Event) -> None:
        """A new event of a piece already here.

        At or after the piece's latest event (the usual case) the piece's
        ledger walks on to it and only its deltas and new metrics are taken
        in; earlier in time, the piece is derived again from its whole stream.
        """
        piece_id = event.piece
        if piece_id not in self.pieces:
            raise KeyError(piece_id)
        self.streams[piece_id].append(event)
        self._assessed_now = None
        if self.reasons:
            return
        try:
            parts = self.parts
            part = parts.parts[piece_id]
            t = self._micros(event.at)
            if t < part.last:
                self._refresh(piece_id)
                return
            parts.walk_on(part, event, t)
        except Rescale as need:
            self._rebuilt(need)

    def put_piece(self, piece: Piece, events: Iterable[Event] = ()) -> None:
        """A new piece, or a piece replaced with all its events (the same piece with events
        added at the end of the list is taken as those events applied)."""
        events = list(events)
        kept, before = self.pieces.get(piece.id), self.streams.get(piece.id)
        if kept == piece and before is not None and events[: len(before)] == before:
            for ev in events[len(before) :]:
                self.apply(ev)
            return
        self.pieces[piece.id] = piece
        self.streams[piece.id] = events
        self._changed(piece.id)

    def drop_piece(self, piece_id: str) -> None:
        """A piece that no longer counts (withdrawn)."""
        self.pieces.pop(piece_id, None)
        self.streams.pop(piece_id, None)
        self._changed(piece_id)

    def _changed(self, piece_id: str) -> None:
        self._assessed_now = None
        if not self.reasons:
            if len(self.pieces) >= self.count_width:
                self._build()  # a count might no longer fit below the width: a wider one
                return
            try:
                self._refresh(piece_id)
            except Rescale as need:
                self._rebuilt(need)

    def _refresh(self, piece_id: str) -> None:
        """Take the piece's old part out and its new part (if it is still there) in."""
        parts = self.parts
        touched: Touched = {}
        piece = self.pieces.get(piece_id)
        new = parts.derive(piece, self.streams[piece_id]) if piece is not None else None
        old = parts.parts.pop(piece_id, None)
        if old is not None:
            parts.take(old, -1, touched)
        if new is not None:
            parts.parts[piece_id] = new
            parts.take(new, 1, touched)
        for entity in touched:
            self.settler.settle(entity)

    # -- reading -----------------------------------------------------------------------------

    def standing(self, entity: str, ident: str) -> Standing | None:
        """The entity's points and rank now; ``None`` when it is not assessed this year."""
        if self.reasons:
            return self._assessed().get((entity, ident))
        state = self.entities.get((entity, ident))
        if state is None:
            return None
        points = self._fractions.get(state.points)
        if points is None:
            points = self._fraction(state.points)
        sections = self._sections(state) if self.sectioned else None
        order = state.order
        if len(order.maxes) == 1:  # one block (a city's people): the bisect alone
            rank = bisect_left(order.blocks[0], state.key) + 1
        else:
            rank = order.ahead(state.key) + 1
        return _new_standing(Standing, (entity, ident, points, rank, state.group,
                                        dict(state.counts), sections))  # fmt: skip

    def _fraction(self, value: int) -> Fraction:
        """``value / scale``, made once per value (readers ask for the same few values often)."""
        made = self._fractions.get(value)
        if made is None:
            if len(self._fractions) >= FRACTIONS_KEPT:
                self._fractions.clear()
            made = self._fractions[value] = Fraction(value, self.scale)
        return made

    def _sections(self, state: EntityState) -> dict[str, Fraction]:
        names = self.assessed.sections
        return {
            name: self._fraction(value)
            for name, value in zip(names, self.settler.sections(state), strict=True)
            if name is not None
        }

    def all(self, entity: str) -> dict[str, Standing]:
        """Every assessed entity of one kind."""
        if self.reasons:
            return {k[1]: s for k, s in self._assessed().items() if k[0] == entity}
        out = {}
        for kind, ident in self.entities:
            if kind == entity:
                found = self.standing(kind, ident)
                assert found is not None
                out[ident] = found
        return out

    def as_dataset(self) -> Dataset:
        """The dataset as it stands now (the fixed registry, the pieces and their events)."""
        return evolve(
            self.dataset,
            pieces=tuple(self.pieces.values()),
            events=tuple(ev for stream in self.streams.values() for ev in stream),
        )

    def _assessed(self) -> dict[Key, Standing]:
        """The full recomputation, for rulesets the incremental path does not keep."""
        if self._assessed_now is None:
            result = assess_book(Book(self.ruleset, self.as_dataset()), self.year)
            self._assessed_now = from_assessment(result)
        return self._assessed_now
