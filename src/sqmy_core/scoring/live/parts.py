"""Each piece's part of the year, and how it moves its authors' and unit's sums.

A :class:`Part` is what one piece gives in the assessed year: its ledger
deltas per crediting slot (:mod:`.credit`), the metrics it counts towards,
its submission second; beside them the piece's open ledger (:mod:`.ledger`)
and its credit multipliers, so that an event at the end of the piece walks on
from where the piece stands.  :class:`Parts` derives a part from a piece's
whole stream (a new or changed piece, an event earlier than the piece's
latest), takes a part in or out of the entities' sums, and walks a part on by
one event -- each reporting the entities it touched, for the standings to
settle and re-rank.  O(events of the piece) to derive, O(rules of the event
type + credited entities) to walk on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sqmy_core.model import Event, Piece
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.contributions import Key
from sqmy_core.scoring.ledger import submission_event
from sqmy_core.scoring.live.credit import CreditPlan, Credits
from sqmy_core.scoring.live.entity import NO_SUBMISSION, EntityState
from sqmy_core.scoring.live.ledger import LedgerPlan, PieceLedger
from sqmy_core.scoring.live.years import EventMetrics, YearWindow

Touched = dict[EntityState, None]
"""Entities whose sums or counts changed (an ordered set)."""


class Part:
    """One piece's year, and its ledger kept open."""

    __slots__ = ("call_kind", "credits", "holders", "last", "ledger", "members", "metrics", "piece",
                 "submitted", "year")  # fmt: skip

    def __init__(self, piece: Piece, call_kind: str | None, credits: Credits,
                 ledger: PieceLedger, holders: list[EntityState], slots: int) -> None:  # fmt: skip
        self.piece = piece
        """The record the part was derived from (its authors and unit hold it)."""
        self.call_kind = call_kind
        self.credits = credits
        self.ledger = ledger
        self.holders = holders
        """The in-scope entities whose counts include the piece (distinct authors, its unit)."""
        members = dict.fromkeys(holders)
        for credited in credits:
            members.update(dict.fromkeys(e for e, _ in credited))
        self.members = list(members)
        """Every entity the piece can change (holders and credited): settled after a change."""
        self.year = [0] * slots
        """Per slot, the sum of the piece's deltas in the year there, in ledger units."""
        self.metrics: set[str] = set()
        self.submitted: int | None = None
        """Second of the submission when it falls in the year."""
        self.last = 0
        """The time of the piece's latest event, as :meth:`YearWindow.micros` gives it (a new
        event at or after it walks on)."""


class Parts:
    """The pieces' parts at one pair of scales, over one set of entities."""

    def __init__(self, rs: Ruleset, book: Book, year: int, entities: Mapping[Key, EntityState],
                 ledger: LedgerPlan, credit: CreditPlan, credit_scale: int,
                 settle: Callable[[EntityState], None]) -> None:  # fmt: skip
        """``settle``: bounds an entity's sums and re-ranks it (after :meth:`walk_on`)."""
        self.book = book
        self.settle = settle
        self.entities = entities
        self.ledger = ledger
        self.by_type = ledger.by_type
        self.credit = credit
        self.credit_scale = credit_scale
        self.window = window = YearWindow(book.clock, year)
        self.lo, self.hi, self.by_submission = window.lo, window.hi, window.by_submission
        self.with_kinds = ledger.with_kinds
        self.metrics = EventMetrics(rs, book.keys)
        self.slot_class, self.slot_section = credit.slot_parts()
        self.parts: dict[str, Part] = {}

    def derive(self, piece: Piece, events: Sequence[Event]) -> Part:
        """The piece's part from its whole stream (``events`` in record order)."""
        book = self.book
        call = book.calls.get(piece.call) if piece.call else None
        credits = self.credit.credits(piece, self.entities, book, self.credit_scale)
        holders = [self.entities.get(("person", a)) for a in dict.fromkeys(piece.authors)]
        if piece.unit is not None:
            holders.append(self.entities.get(("unit", piece.unit)))
        part = Part(piece, call.kind if call else None, credits, self.ledger.start(),
                    [e for e in holders if e is not None], len(self.slot_class))  # fmt: skip
        window = self.window
        sub = piece.submitted_at
        if window.lo <= window.micros(sub) < window.hi:  # the submission counts by its own year
            part.submitted = int(sub.timestamp())
            part.metrics.add("submitted")
            sub_event = submission_event(piece)
            for name, holds in self.metrics.custom.get("submitted", ()):
                if holds(sub_event, piece):
                    part.metrics.add(name)
        else:
            sub_event = submission_event(piece)
        year = part.year
        for slot, delta in self._step(part, sub_event):
            year[slot] += delta
        stream = sorted(enumerate(events), key=lambda item: (item[1].at, item[0]))
        for _, ev in stream:
            for slot, delta in self._step(part, ev):
                year[slot] += delta
            names = self.metrics.names(ev, piece)
            if names and window.holds(ev, piece):
                part.metrics.update(names)
        part.last = window.micros(max((ev.at for ev in events), default=sub))
        return part

    def _step(self, part: Part, ev: Event) -> list[tuple[int, int]]:
        """The event walked on the part's ledger: the (slot, delta) pairs it gives the year."""
        plans = self.by_type.get(ev.type)
        out = self.ledger.step(part.ledger, plans, ev, part.piece, part.call_kind) if plans else []
        if self.ledger.with_kinds:
            part.ledger.events.append(ev)
        if out and self.window.holds(ev, part.piece):
            return out
        return []

    def take(self, part: Part, sign: int, touched: Touched) -> None:
        """Add the part to its entities' sums and counts (``sign`` 1), or take it out (-1)."""
        slot_class, slot_section, credits = self.slot_class, self.slot_section, part.credits
        for slot, delta in enumerate(part.year):
            if not delta:
                continue
            section = slot_section[slot]
            for entity, multiplier in credits[slot_class[slot]]:
                entity.sec[section] += sign * delta * multiplier
                touched[entity] = None
        piece_id, second = part.piece.id, part.submitted
        for entity in part.holders:
            counts = entity.counts
            for m in part.metrics:
                counts[m] += sign
            if second is not None:
                if sign > 0:
                    entity.firsts[piece_id] = second
                    entity.first = min(entity.first, second)
                else:
                    entity.firsts.pop(piece_id, None)
                    entity.first = min(entity.firsts.values(), default=NO_SUBMISSION)
            touched[entity] = None

    def walk_on(self, part: Part, ev: Event, t: int) -> None:
        """An event at or after the part's latest (``t``: its time as :meth:`YearWindow.micros`
        gives it): its deltas and new metrics taken in, the part's entities settled."""
        part.last = t
        piece = part.piece
        inside = self.window.holds(ev, piece) if self.by_submission else self.lo <= t < self.hi
        changed = False
        plans = self.by_type.get(ev.type)
        if plans:
            out = self.ledger.step(part.ledger, plans, ev, piece, part.call_kind)
            if out and inside:
                year, credits = part.year, part.credits
                slot_class, slot_section = self.slot_class, self.slot_section
                for slot, delta in out:
                    year[slot] += delta
                    sec = slot_section[slot]
                    for entity, multiplier in credits[slot_class[slot]]:
                        entity.sec[sec] += delta * multiplier
                changed = True
        if self.with_kinds:
            part.ledger.events.append(ev)
        if inside:
            mine = part.metrics
            for m in self.metrics.names(ev, piece):
                if m not in mine:
                    mine.add(m)
                    for entity in part.holders:
                        entity.counts[m] += 1
                    changed = True
        if changed:
            settle = self.settle
            for entity in part.members:
                settle(entity)
