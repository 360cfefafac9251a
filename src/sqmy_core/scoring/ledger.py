"""The points ledger: every change of every piece's points, event by event.

For each piece the events are walked in time order and each points rule keeps
a cumulative value (sum, distinct sum, highest or first).  Caps apply to the
cumulative value, and the line written for an event is the *difference* the
event made, so a year's points are the sum of its lines: exactly "cumulative
to this year's end minus cumulative to last year's end", as the policies ask.
Every line names its event and its rule, which is what ``explain`` prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from functools import partial

from attrs import frozen

from sqmy_core.model import Call, Event, Piece
from sqmy_core.model.vocab import BODIES
from sqmy_core.rules.kinds import RuleContext, RuleKind
from sqmy_core.rules.spec import PointsRule, Ruleset
from sqmy_core.scoring.clock import YearClock

PIECE_CAP_RULE = "piece_cap"
ZERO = Fraction(0)


@frozen
class Line:
    """One change of one piece's points, caused by one event under one rule."""

    piece: str
    event: int
    """Index of the event in the dataset's ``events``; -1 for the submission."""
    event_type: str
    at: datetime
    rule: str
    year: int
    delta: Fraction


def event_key(rule: PointsRule, ev: Event) -> str | None:
    """The value of the attribute a rule's table is keyed by (``None`` for flat points)."""
    by = rule.by
    if by is None:
        return None
    if by == "body":
        return ev.body
    if by == "level":
        if ev.type == "adopted":
            body = BODIES.get(ev.body or "")
            return body.level if body else None
        return ev.level
    if by == "rank":
        return ev.rank
    if by == "route":
        return ev.route
    return ev.outcome


def event_value(
    rule: PointsRule,
    ev: Event,
    call_kind: str | None,
    context: Callable[[], RuleContext] | None = None,
    kinds: Mapping[str, RuleKind] | None = None,
) -> Fraction | None:
    """What an event is worth under a rule, or ``None`` when the rule does not count it.

    ``context`` builds the piece's history for plugin rule kinds; it is only
    called for a rule with a ``kind``, so the built-in rules pay nothing.
    """
    if ev.type != rule.event:
        return None
    when = rule.when
    if when.call_kinds is not None and call_kind not in when.call_kinds:
        return None
    if when.bodies is not None and ev.body not in when.bodies:
        return None
    if when.levels is not None:
        level = BODIES[ev.body].level if ev.type == "adopted" and ev.body in BODIES else ev.level
        if level not in when.levels:
            return None
    if when.ranks is not None and ev.rank not in when.ranks:
        return None
    if when.routes is not None and ev.route not in when.routes:
        return None
    if when.outcomes is not None and ev.outcome not in when.outcomes:
        return None
    if rule.kind is not None:
        if kinds is None or context is None:
            return None
        return kinds[rule.kind].value(rule.params or {}, ev, context())
    if rule.points is not None:
        value = rule.points
    else:
        key = event_key(rule, ev)
        values = rule.values or {}
        if key is None or key not in values:
            return None
        value = values[key]
    if rule.rank_multiplier is not None and ev.rank is not None:
        value = value * rule.rank_multiplier.get(ev.rank, Fraction(1))
    return value


class _RuleState:
    """The cumulative value of one rule on one piece."""

    __slots__ = ("capped", "keys", "raw", "rule", "seen")

    def __init__(self, rule: PointsRule) -> None:
        self.rule = rule
        self.raw = ZERO
        self.capped = ZERO
        self.seen = False
        self.keys: set[str | None] = set()

    def add(self, ev: Event, value: Fraction) -> Fraction:
        """Fold one counted event in; return the change of the capped cumulative value."""
        combine = self.rule.combine
        if combine == "sum":
            self.raw += value
        elif combine == "highest":
            if not self.seen or value > self.raw:
                self.raw = value
        elif combine == "once":
            if self.seen:
                return ZERO
            self.raw = value
        else:  # sum_distinct
            key = event_key(self.rule, ev) if self.rule.by else ev.type
            if key in self.keys:
                return ZERO
            self.keys.add(key)
            self.raw += value
        self.seen = True
        cap = self.rule.cap
        new = self.raw if cap is None or self.raw <= cap else cap
        delta = new - self.capped
        self.capped = new
        return delta


def submission_event(piece: Piece) -> Event:
    """The ``submitted`` event every piece has, derived from ``submitted_at``."""
    return Event(piece=piece.id, type="submitted", at=piece.submitted_at)


def _context(
    piece: Piece, call_kind: str | None, stream: Sequence[tuple[int, Event]], position: int
) -> RuleContext:
    """What a plugin rule kind sees: the piece and its events before this one."""
    return RuleContext(piece, call_kind, tuple(e for _, e in stream[:position]))


def piece_lines(
    ruleset: Ruleset,
    clock: YearClock,
    piece: Piece,
    events: Sequence[tuple[int, Event]],
    call_kind: str | None,
) -> list[Line]:
    """The ledger lines of one piece; ``events`` are (index, event) in time order."""
    rules = ruleset.scoring.rules
    by_type: dict[str, list[_RuleState]] = {}
    for rule in rules:
        by_type.setdefault(rule.event, []).append(_RuleState(rule))
    piece_cap = ruleset.scoring.piece_cap
    total = raw_total = ZERO
    lines: list[Line] = []
    stream: list[tuple[int, Event]] = [(-1, submission_event(piece)), *events]
    kinds: Mapping[str, RuleKind] = ruleset.rule_kinds
    with_kinds = any(rule.kind for rule in rules)
    for position, (index, ev) in enumerate(stream):
        relevant = by_type.get(ev.type)
        if not relevant:
            continue
        context = partial(_context, piece, call_kind, stream, position) if with_kinds else None
        year: int | None = None
        event_delta = ZERO
        for state in relevant:
            value = event_value(state.rule, ev, call_kind, context, kinds)
            if value is None:
                continue
            delta = state.add(ev, value)
            if delta:
                if year is None:
                    year = clock.attributed_year(ev.at, piece.submitted_at)
                event_delta += delta
                lines.append(Line(piece.id, index, ev.type, ev.at, state.rule.id, year, delta))
        if piece_cap is not None and event_delta:
            assert year is not None
            raw_total += event_delta
            capped_total = min(raw_total, piece_cap)
            adjustment = capped_total - total - event_delta
            total = capped_total
            if adjustment:
                lines.append(
                    Line(piece.id, index, ev.type, ev.at, PIECE_CAP_RULE, year, adjustment)
                )
    return lines


def build_ledger(
    ruleset: Ruleset,
    clock: YearClock,
    pieces: Sequence[Piece],
    events_by_piece: Mapping[str, Sequence[tuple[int, Event]]],
    calls: Mapping[str, Call],
) -> list[Line]:
    """The ledger of every piece (in piece order)."""
    ledger: list[Line] = []
    for piece in pieces:
        call = calls.get(piece.call) if piece.call else None
        ledger += piece_lines(
            ruleset, clock, piece, events_by_piece.get(piece.id, ()), call.kind if call else None
        )
    return ledger
