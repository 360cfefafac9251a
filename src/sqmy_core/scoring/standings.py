"""Live standings: every assessed entity's points and rank, updated one piece at a time.

A full assessment walks every piece; after one new event only that piece's
ledger, its authors and its unit change.  :class:`Standings` keeps, per
piece, what its ledger lines of the year give each in-scope author and its
unit (by section and tally) and which metrics it counts towards; per entity,
the sums of those plus its fixed records (activities, adjustments), its
metric counts and its rank in a :class:`~sqmy_core.scoring.rank_index.RankIndex`.
An event at the end of its piece walks the piece's ledger on by that event
(:class:`~sqmy_core.scoring.ledger.PieceWalk`; the ledger is per piece: caps
per rule and piece, "this year minus last year" within the piece), an event
earlier in time re-derives the piece's lines; then the changed sums move, the
entity's section, bonus and total bounds are applied again and it is
re-ranked: O(events of the piece + log n).  Sums are integers in units of a
common scale (see ``Standings.scale``), so the update does no Fraction sums.

Exactness: the pieces of :mod:`.ledger`, :mod:`.contributions`,
:mod:`.totals` and :mod:`.ranking` are used as they are, and the tests
compare with :func:`~sqmy_core.scoring.assess.assess` after random command
sequences.  Where a ruleset reaches beyond one entity's own pieces
(:mod:`.standings_support`), every change is answered by a full assessment
instead.  Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from fractions import Fraction
from math import lcm

from attrs import evolve

from sqmy_core.model import Dataset, Event, Piece
from sqmy_core.rules.spec import Ruleset, SplitSpec
from sqmy_core.scoring.assess import assess_book, rates_of
from sqmy_core.scoring.book import Book, split_shares
from sqmy_core.scoring.contributions import (
    Key,
    activity_contributions,
    adjustment_contributions,
    author_factor,
)
from sqmy_core.scoring.ledger import LedgerBuilder, Line, PieceWalk
from sqmy_core.scoring.rank_index import RankIndex
from sqmy_core.scoring.ranking import RankKey
from sqmy_core.scoring.standing import Standing, from_assessment
from sqmy_core.scoring.standings_support import unsupported_reasons
from sqmy_core.scoring.totals import in_scope_people, in_scope_units

__all__ = ["Standing", "Standings", "from_assessment"]

ZERO = Fraction(0)
Bucket = tuple[str | None, str | None]
"""(section, tally) a piece's or record's points land in."""


class _Entity:
    """One assessed entity's running sums and its settled year.

    Points are integers in units of the standings' ``scale`` (see :class:`Standings`).
    """

    __slots__ = ("base", "counts", "firsts", "group", "ident", "kind", "points", "raw", "sections")

    def __init__(self, kind: str, ident: str, group: str | None, base: int) -> None:
        self.kind = kind
        self.ident = ident
        self.group = group
        self.base = base
        self.raw: dict[Bucket, int] = {}
        self.counts: dict[str, int] = {}
        self.firsts: dict[str, int] = {}
        """Piece -> second of its submission, for pieces submitted in the year."""
        self.points = 0
        self.sections: dict[str, int] = {}


class _Part:
    """What one piece gives in the year: points per entity and bucket, metrics, submission;
    and its ledger walk, kept open for an event at its end."""

    __slots__ = ("holders", "last_at", "metrics", "piece", "points", "submitted", "walk")

    def __init__(
        self,
        piece: Piece,
        walk: PieceWalk,
        last_at: datetime,
        points: dict[Key, dict[Bucket, int]],
        metrics: set[str],
        submitted: int | None,
        holders: list[_Entity],
    ) -> None:
        self.piece = piece
        """The record the part was derived from (its authors and unit hold it)."""
        self.walk = walk
        self.last_at = last_at
        """The time of the piece's latest event (a new event at or after it walks on)."""
        self.points = points
        self.metrics = metrics
        self.submitted = submitted
        """Second of the submission when it falls in the year."""
        self.holders = holders
        """The in-scope entities whose counts include the piece (distinct authors, its unit)."""


def _bound(value: int, cap: int | None, floor: int | None) -> int:
    if cap is not None and value > cap:
        value = cap
    if floor is not None and value < floor:
        value = floor
    return value


class Standings:
    """The year's standings of one ruleset over one dataset, kept live.

    Build once (``Standings(ruleset, dataset, year)``), then feed it what
    happens: :meth:`apply` for a new event, :meth:`put_piece` for a new or
    changed piece (with all its events), :meth:`drop_piece` for a withdrawn
    one.  People, units, calls, activities and adjustments are fixed: when
    they change, build anew.  :meth:`standing` answers in O(log n).
    """

    START_SCALE = 2_772_000
    """lcm(1..12) x 100: shares among up to 12 authors and values in cents need no growth."""

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
        self._setup()
        for piece_id in self.pieces:
            self._refresh(piece_id, settle=False)
        for entity in self.entities.values():
            self._settle(entity)
        self.settled = True

    # -- what the incremental path holds ------------------------------------------------

    def _setup(self) -> None:
        rs, book, year = self.ruleset, self.registry, self.year
        self.builder = LedgerBuilder(rs, book.clock, book.keys)
        self.rules = {r.id: r for r in rs.scoring.rules}
        self.unit_credit = rs.scoring.unit_credit == "full"
        self.section_ids = [s.id for s in rs.sections] or [""]
        self.rate_ids = {r.id for r in rs.rates}
        self.scale = self.START_SCALE
        """Points are kept as integers in units of 1/scale: exact while every denominator
        divides it (it grows, and everything with it, when a value needs more).  Sums and
        bounds are then integer operations."""
        self.settled = False
        self.entities: dict[Key, _Entity] = {}
        self.parts: dict[str, _Part] = {}
        self.limits = [
            v
            for v in (
                *(x for sec in rs.sections for x in (sec.cap, sec.floor)),
                rs.totals.cap, rs.totals.floor, rs.totals.bonus_cap, rs.totals.bonus_floor,
            )
            if v is not None
        ]  # fmt: skip
        for v in self.limits:
            self._fit(v.denominator)
        self._scale_limits()
        self.index = {"person": RankIndex(), "unit": RankIndex()}
        self._shares: dict[tuple[int, int], list[Fraction]] = {}
        metric_names = book.metrics.names
        by_role = rs.rankings.people.group_by == "role"
        for person in in_scope_people(book, year):
            group = next((r for r in rs.scope.roles if r in person.roles), None) if by_role else None
            self._add_entity(("person", person.id), group, metric_names)
        by_kind = rs.rankings.units.group_by == "unit_kind"
        for unit in in_scope_units(book):
            self._add_entity(("unit", unit.id), unit.kind if by_kind else None, metric_names)
        self.id_position = {
            kind: {ident: Fraction(-i) for i, ident in enumerate(sorted(ids))}
            for kind, ids in (
                ("person", [k[1] for k in self.entities if k[0] == "person"]),
                ("unit", [k[1] for k in self.entities if k[0] == "unit"]),
            )
        }
        wanted = set(self.entities)
        for source in (
            activity_contributions(book, year, wanted),
            adjustment_contributions(book, year, wanted),
        ):
            for key, c in source:
                bucket = (c.section, c.tally)
                value = self._int(c.points)
                raw = self.entities[key].raw
                raw[bucket] = raw.get(bucket, 0) + value

    def _add_entity(self, key: Key, group: str | None, metric_names: Sequence[str]) -> None:
        from sqmy_core.scoring.totals import base_of

        entity = _Entity(key[0], key[1], group, self._int(base_of(self.registry, key)))
        entity.counts = dict.fromkeys(metric_names, 0)
        self.entities[key] = entity

    def _int(self, value: Fraction) -> int:
        """``value`` in units of the scale (grown first when its denominator needs it)."""
        den = value.denominator
        if self.scale % den:
            self._fit(den)
        return value.numerator * (self.scale // den)

    def _fit(self, den: int) -> None:
        """Grow the scale to a multiple that ``den`` divides; rescale everything kept."""
        if self.scale % den == 0:
            return
        new = lcm(self.scale, den)
        f = new // self.scale
        self.scale = new
        for e in getattr(self, "entities", {}).values():
            e.raw = {b: v * f for b, v in e.raw.items()}
            e.base *= f
            e.points *= f
            e.sections = {k: v * f for k, v in e.sections.items()}
        for part in getattr(self, "parts", {}).values():
            part.points = {k: {b: v * f for b, v in bs.items()} for k, bs in part.points.items()}
        if hasattr(self, "limits"):
            self._scale_limits()
        if getattr(self, "settled", False):
            for e in self.entities.values():
                self.index[e.kind].put(e.ident, self._key(e), e.group)

    def _scale_limits(self) -> None:
        """The section, bonus and total caps and floors in units of the scale."""
        scale = self.scale

        def of(v: Fraction | None) -> int | None:
            return None if v is None else v.numerator * (scale // v.denominator)

        t = self.ruleset.totals
        self.section_limits = [(sec.id, of(sec.cap), of(sec.floor)) for sec in self.ruleset.sections]
        self.total_limits = (of(t.bonus_cap), of(t.bonus_floor), of(t.cap), of(t.floor))

    def _shares_of(self, split: SplitSpec, n: int) -> list[Fraction]:
        cache_key = (id(split), n)
        shares = self._shares.get(cache_key)
        if shares is None:
            shares = self._shares[cache_key] = split_shares(split, n)
        return shares

    def _part(self, piece: Piece, events: Sequence[Event]) -> _Part:
        """The piece's year, from its own ledger lines (as :func:`piece_contributions` reads them)."""
        book, year = self.registry, self.year
        stream = sorted(enumerate(events), key=lambda item: (item[1].at, item[0]))
        call = book.calls.get(piece.call) if piece.call else None
        walk = PieceWalk(self.builder, piece, call.kind if call else None)
        for index, ev in stream:
            walk.walk(index, ev)
        points = self._credit(piece, walk.lines)
        metrics = book.metrics
        metrics.index_piece(piece, stream)
        found = set(metrics.metrics_in(piece.id, year))
        metrics.drop_piece(piece.id)
        sub = piece.submitted_at
        second = int(sub.timestamp()) if book.clock.year_of(sub) == year else None
        last_at = max((ev.at for ev in events), default=sub)
        return _Part(piece, walk, last_at, points, found, second, self._holders(piece))

    def _credit(self, piece: Piece, lines: Sequence[Line]) -> dict[Key, dict[Bucket, int]]:
        """The year's lines, times each in-scope author's share and the unit's full credit
        (as :func:`~sqmy_core.scoring.contributions.piece_contributions` reads them), in
        units of the scale; worked out again if a value made the scale grow meanwhile."""
        while True:
            scale = self.scale
            points = self._credit_at_scale(piece, lines)
            if self.scale == scale:
                return points

    def _credit_at_scale(
        self, piece: Piece, lines: Sequence[Line]
    ) -> dict[Key, dict[Bucket, int]]:
        rs, year, entities = self.ruleset, self.year, self.entities
        points: dict[Key, dict[Bucket, int]] = {}
        for line in lines:
            if line.year != year:
                continue
            rule = self.rules.get(line.rule)
            targets = rule.entities if rule is not None else ("person", "unit")
            bucket = (line.section, line.tally)
            delta = self._int(line.delta)
            if "person" in targets:
                split = rule.split if rule is not None and rule.split is not None else None
                split = split or rs.scoring.split
                shares = self._shares_of(split, len(piece.authors))
                for author, base_share in zip(piece.authors, shares, strict=True):
                    key = ("person", author)
                    share = (
                        base_share * author_factor(self.registry, split, author)
                        if split.author_factors
                        else base_share
                    )
                    if not share or key not in entities:
                        continue
                    product = delta * share.numerator
                    if product % share.denominator:  # the scale is short of the share's parts
                        value = self._int(line.delta * share)
                    else:
                        value = product // share.denominator
                    got = points.setdefault(key, {})
                    got[bucket] = got.get(bucket, 0) + value
            if self.unit_credit and "unit" in targets and piece.unit is not None:
                key = ("unit", piece.unit)
                if key in entities:
                    got = points.setdefault(key, {})
                    got[bucket] = got.get(bucket, 0) + delta
        return points

    def _holders(self, piece: Piece) -> list[_Entity]:
        """The in-scope entities whose counts include the piece (distinct authors, its unit)."""
        out = [self.entities.get(("person", a)) for a in dict.fromkeys(piece.authors)]
        if piece.unit is not None:
            out.append(self.entities.get(("unit", piece.unit)))
        return [e for e in out if e is not None]

    def _refresh(self, piece_id: str, *, settle: bool = True) -> None:
        """Take the piece's old part out, its new part (if it is still there) in."""
        old = self.parts.pop(piece_id, None)
        touched: dict[Key, _Entity] = {}
        if old is not None:
            self._move(old, -1, touched)
        piece = self.pieces.get(piece_id)
        if piece is not None:
            new = self.parts[piece_id] = self._part(piece, self.streams[piece_id])
            self._move(new, 1, touched)
        if settle:
            for entity in touched.values():
                self._settle(entity)

    def _move(self, part: _Part, sign: int, touched: dict[Key, _Entity]) -> None:
        piece = part.piece
        for key, buckets in part.points.items():
            entity = self.entities[key]
            raw = entity.raw
            for bucket, value in buckets.items():
                raw[bucket] = raw.get(bucket, 0) + (value if sign > 0 else -value)
            touched[key] = entity
        for entity in part.holders:
            counts = entity.counts
            for m in part.metrics:
                counts[m] += sign
            if part.submitted is not None:
                if sign > 0:
                    entity.firsts[piece.id] = part.submitted
                else:
                    entity.firsts.pop(piece.id, None)
            touched[(entity.kind, entity.ident)] = entity

    def _settle(self, entity: _Entity) -> None:
        """Stages 3-6 of :func:`~sqmy_core.scoring.totals.finish` on the sums, then re-rank."""
        sections = dict.fromkeys(self.section_ids, 0)
        loose = 0
        for (section, tally), value in entity.raw.items():
            if tally is not None:
                continue
            if section is None:
                loose += value
            else:
                sections[section] = sections.get(section, 0) + value
        for sid, cap, floor in self.section_limits:
            sections[sid] = _bound(sections[sid], cap, floor)
        bonus_cap, bonus_floor, cap, floor = self.total_limits
        bonus = _bound(sum(sections.values(), loose), bonus_cap, bonus_floor)
        entity.points = _bound(entity.base + bonus, cap, floor)
        entity.sections = sections
        self.index[entity.kind].put(entity.ident, self._key(entity), entity.group)

    def _key(self, entity: _Entity) -> RankKey:
        """The entity's key for its ranking order (as :func:`rank_and_award` makes it)."""
        rs = self.ruleset
        spec = rs.rankings.people if entity.kind == "person" else rs.rankings.units
        key: list[Fraction | int] = []
        rates: dict[str, Fraction | None] | None = None
        for name in spec.order:
            if name == "points":
                key.append(entity.points)
            elif name == "id":
                key.append(self.id_position[entity.kind][entity.ident])
            elif name == "earliest_submission":
                first = min(entity.firsts.values()) if entity.firsts else None
                key.append(Fraction(-first if first is not None else -(10**12)))
            elif name.startswith("section:") and name[8:] in entity.sections:
                key.append(entity.sections[name[8:]])
            elif name in self.rate_ids:
                if rates is None:
                    rates = rates_of(self.registry, entity.counts)
                rate = rates[name]
                key.append(rate if rate is not None else ZERO)  # a Fraction: its own scale
            elif name == "bonus":
                key.append(entity.points - entity.base)
            else:
                key.append(entity.counts[name.removesuffix("_pieces")])
        return tuple(key)

    # -- changes ---------------------------------------------------------------------------

    def apply(self, event: Event) -> None:
        """A new event of a piece already here.

        At or after the piece's latest event (the usual case) the piece's
        ledger walks on to it and only its new lines and metrics are added;
        earlier in time, the piece is re-derived from its whole stream.
        """
        piece_id = event.piece
        if piece_id not in self.pieces:
            raise KeyError(piece_id)
        stream = self.streams[piece_id]
        index = len(stream)
        stream.append(event)
        self._assessed_now = None
        if self.reasons:
            return
        part = self.parts[piece_id]
        if event.at < part.last_at:
            self._refresh(piece_id)
            return
        part.last_at = event.at
        touched: dict[Key, _Entity] = {}
        for key, buckets in self._credit(part.piece, part.walk.walk(index, event)).items():
            mine = part.points.setdefault(key, {})
            entity = touched[key] = self.entities[key]
            raw = entity.raw
            for bucket, value in buckets.items():
                mine[bucket] = mine.get(bucket, 0) + value
                raw[bucket] = raw.get(bucket, 0) + value
        names, (year, _) = self.registry.metrics.of_event(part.piece, event)
        fresh = [m for m in names if year == self.year and m not in part.metrics]
        if fresh:
            part.metrics.update(fresh)
            for entity in part.holders:
                for m in fresh:
                    entity.counts[m] += 1
                touched[(entity.kind, entity.ident)] = entity
        for entity in touched.values():
            self._settle(entity)

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
            self._refresh(piece_id)

    # -- reading -----------------------------------------------------------------------------

    def standing(self, entity: str, ident: str) -> Standing | None:
        """The entity's points and rank now; ``None`` when it is not assessed this year."""
        if self.reasons:
            return self._assessed().get((entity, ident))
        state = self.entities.get((entity, ident))
        if state is None:
            return None
        return Standing(
            entity=entity,
            id=ident,
            points=Fraction(state.points, self.scale),
            rank=self.index[entity].rank(ident),
            group=state.group,
            counts=dict(state.counts),
            sections=(
                {k: Fraction(v, self.scale) for k, v in state.sections.items()}
                if self.ruleset.sections
                else None
            ),
        )

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
