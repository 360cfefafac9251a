"""The points ledger: every change of every piece's points, event by event.

For each piece the events are walked in time order and each points rule (or
group of rules) keeps a cumulative value (sum, distinct sum, highest or
first).  Caps and floors apply to the cumulative value — per rule, per
section of a piece, per piece — and the line written for an event is the
*difference* the event made, so a year's points are the sum of its lines:
exactly "cumulative to this year's end minus cumulative to last year's end",
as the policies ask.  Every line names its event, its rule and its section,
which is what ``explain`` prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from functools import partial

from attrs import frozen

from sqmy_core.errors import PluginError, Problem
from sqmy_core.model import Call, Event, Piece
from sqmy_core.rules.kinds import PieceView, RuleContext, RuleKind, StepDelta, StepKind
from sqmy_core.rules.spec import PointsRule, Ruleset
from sqmy_core.rules.spec_model import StepSpec
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.conditions import compile_condition, in_force
from sqmy_core.scoring.keys import KeyReader, lookup

PIECE_CAP_RULE = "piece_cap"
ZERO = Fraction(0)
ONE = Fraction(1)


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
    section: str = ""
    tally: str | None = None
    """The tally this line feeds instead of points (``None``: points)."""


class CompiledRule:
    """A points rule with its condition, lookup and window made into plain callables."""

    __slots__ = ("accepts", "distinct", "rule", "section", "state_key", "valuer")

    def __init__(self, rule: PointsRule, rs: Ruleset, keys: KeyReader, clock: YearClock) -> None:
        self.rule = rule
        self.section = rule.section or rs.default_section
        self.state_key = rule.group or rule.id
        condition = compile_condition(rule.when, keys)
        window = in_force(rule.applies_from, rule.applies_until, clock)
        self.accepts: Callable[[Event, Piece], bool] = (
            condition if window is None else (lambda ev, pc: window(ev.at) and condition(ev, pc))
        )
        distinct = rule.distinct_by or rule.by
        if distinct:
            readers = [keys.reader(e) for e in distinct]
            self.distinct: Callable[[Event, Piece], object] = lambda ev, pc: tuple(
                r(ev, pc) for r in readers
            )
        else:
            self.distinct = lambda ev, pc: ev.type
        self.valuer = _valuer(rule, keys)


def _valuer(rule: PointsRule, keys: KeyReader) -> Callable[[Event, Piece], Fraction | None]:
    """The value function of a table rule: flat points or a lookup, then the multipliers."""
    factors: list[tuple[Sequence[Callable[[Event, Piece], str | None]], Mapping[str, object]]] = []
    if rule.rank_multiplier is not None:
        factors.append(([keys.reader("rank")], rule.rank_multiplier))
    for m in rule.multipliers:
        factors.append(([keys.reader(e) for e in m.by], m.values))
    flat = rule.points
    readers = [keys.reader(e) for e in rule.by or ()]
    table: Mapping[str, object] = rule.values or {}

    def value(ev: Event, piece: Piece) -> Fraction | None:
        if flat is not None:
            v: Fraction | None = flat
        else:
            v = lookup(table, [r(ev, piece) for r in readers])
            if v is None:
                return None
        for fr, tab in factors:
            f = lookup(tab, [r(ev, piece) for r in fr])
            if f is not None and v is not None:
                v = v * f
        return v

    return value


class _State:
    """The cumulative value of one rule (or group of rules) on one piece."""

    __slots__ = ("cap", "capped", "combine", "floor", "keys", "raw", "seen")

    def __init__(self, rule: PointsRule) -> None:
        self.combine = rule.combine
        self.cap = rule.cap
        self.floor = rule.floor
        self.raw = ZERO
        self.capped = ZERO
        self.seen = False
        self.keys: set[object] = set()

    def add(self, key: object, value: Fraction) -> Fraction:
        """Fold one counted event in; return the change of the bounded cumulative value."""
        combine = self.combine
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
            if key in self.keys:
                return ZERO
            self.keys.add(key)
            self.raw += value
        self.seen = True
        new = self.raw
        if self.cap is not None and new > self.cap:
            new = self.cap
        if self.floor is not None and new < self.floor:
            new = self.floor
        delta = new - self.capped
        self.capped = new
        return delta


class _Cap:
    """A cap on the running total of a piece (or of one section of it)."""

    __slots__ = ("cap", "raw", "total")

    def __init__(self, cap: Fraction) -> None:
        self.cap = cap
        self.raw = ZERO
        self.total = ZERO

    def adjust(self, delta: Fraction) -> Fraction:
        """Take ``delta`` in; return the correction that keeps the total within the cap."""
        self.raw += delta
        capped = min(self.raw, self.cap)
        correction = capped - self.total - delta
        self.total = capped
        return correction


def submission_event(piece: Piece) -> Event:
    """The ``submitted`` event every piece has, derived from ``submitted_at``."""
    return Event(piece=piece.id, type="submitted", at=piece.submitted_at)


def _context(
    piece: Piece, call_kind: str | None, stream: Sequence[tuple[int, Event]], position: int
) -> RuleContext:
    """What a plugin rule kind sees: the piece and its events before this one."""
    return RuleContext(piece, call_kind, tuple(e for _, e in stream[:position]))


class LedgerBuilder:
    """The compiled rules of one ruleset, applied piece by piece."""

    def __init__(self, ruleset: Ruleset, clock: YearClock, keys: KeyReader) -> None:
        self.ruleset = ruleset
        self.clock = clock
        self.keys = keys
        self.by_type: dict[str, list[CompiledRule]] = {}
        for rule in ruleset.scoring.rules:
            compiled = CompiledRule(rule, ruleset, keys, clock)
            self.by_type.setdefault(rule.event, []).append(compiled)
        self.group_rule: dict[str, PointsRule] = {}
        for rule in ruleset.scoring.rules:
            self.group_rule.setdefault(rule.group or rule.id, rule)
        self.section_caps = {s.id: s.piece_cap for s in ruleset.sections if s.piece_cap is not None}
        self.with_kinds = any(rule.kind for rule in ruleset.scoring.rules)
        self.kinds: Mapping[str, RuleKind] = ruleset.rule_kinds
        self.section_ids = tuple(s.id for s in ruleset.sections)
        self.piece_steps: list[tuple[StepSpec, StepKind]] = [
            (step, ruleset.step_kinds[step.kind]) for step in ruleset.steps if step.stage == "piece"
        ]

    def piece_lines(
        self, piece: Piece, events: Sequence[tuple[int, Event]], call_kind: str | None
    ) -> list[Line]:
        """The ledger lines of one piece; ``events`` are (index, event) in time order."""
        walk = PieceWalk(self, piece, call_kind)
        for index, ev in events:
            walk.walk(index, ev)
        lines = walk.lines
        if self.piece_steps:
            lines += self._step_lines(piece, call_kind, walk.stream, lines)
        return lines

    def _step_lines(
        self,
        piece: Piece,
        call_kind: str | None,
        stream: Sequence[tuple[int, Event]],
        lines: Sequence[Line],
    ) -> list[Line]:
        """The ``piece`` steps' changes, after the piece's rule lines, each anchored at one event.

        A step sees the lines of the steps before it too; its delta takes the
        time and attributed year of the event it names (``-1``/``0``: the
        submission), so a bonus earned at a 2025 adoption counts in 2025.
        """
        events = tuple(ev for _, ev in stream)
        out: list[Line] = []
        for step, impl in self.piece_steps:
            view = PieceView(piece, call_kind, events, (*lines, *out))
            deltas: Sequence[StepDelta] = impl.apply(step.params or {}, view) or ()
            for d in deltas:
                if not isinstance(d, StepDelta) or not isinstance(d.points, (int, Fraction)):
                    raise step_error(
                        self.ruleset, step, "step_bad_result", found=repr(d),
                        expected="StepDelta(points: Fraction)",
                    )  # fmt: skip
                if not d.points:
                    continue
                if not -1 <= d.event < len(stream):
                    raise step_error(
                        self.ruleset, step, "step_bad_event", piece=repr(piece.id), found=str(d.event),
                        high=str(len(stream) - 1),
                    )  # fmt: skip
                if d.section is not None and d.section not in self.section_ids:
                    raise step_error(
                        self.ruleset, step, "step_bad_result", found=repr(d.section),
                        expected=", ".join(self.section_ids) or "None",
                    )  # fmt: skip
                index, ev = stream[max(d.event, 0)]
                year = self.clock.attributed_year(ev.at, piece.submitted_at)
                section = d.section or step.section or self.ruleset.default_section
                out.append(Line(piece.id, index, ev.type, ev.at, step.id, year, d.points, section))
        return out


class PieceWalk:
    """One piece's rule lines, walked event by event in time order.

    What :meth:`LedgerBuilder.piece_lines` does for a whole stream, kept open:
    an event later than every event walked so far can be walked on, and its
    lines are exactly those the whole stream would give it (each event's lines
    depend only on the events before it).  Live standings use this for the
    usual case, a new event at the end of its piece.  Piece steps are not part
    of it (they see the whole piece).
    """

    __slots__ = ("builder", "call_kind", "caps", "lines", "piece", "states", "stream", "total_cap")

    def __init__(self, builder: LedgerBuilder, piece: Piece, call_kind: str | None) -> None:
        self.builder = builder
        self.piece = piece
        self.call_kind = call_kind
        self.states: dict[str, _State] = {}
        self.caps: dict[str, _Cap] = {}
        piece_cap = builder.ruleset.scoring.piece_cap
        self.total_cap = _Cap(piece_cap) if piece_cap is not None else None
        self.lines: list[Line] = []
        self.stream: list[tuple[int, Event]] = [(-1, submission_event(piece))]
        self._step(0)

    def walk(self, index: int, ev: Event) -> list[Line]:
        """Walk on to the event (``index`` in the dataset); return the lines it added."""
        start = len(self.lines)
        self.stream.append((index, ev))
        self._step(len(self.stream) - 1)
        return self.lines[start:]

    def _step(self, position: int) -> None:
        builder, piece, stream, lines = self.builder, self.piece, self.stream, self.lines
        index, ev = stream[position]
        relevant = builder.by_type.get(ev.type)
        if not relevant:
            return
        states, caps, call_kind = self.states, self.caps, self.call_kind
        year: int | None = None
        event_delta = ZERO
        first_section: str | None = None
        for compiled in relevant:
            rule = compiled.rule
            if not compiled.accepts(ev, piece):
                continue
            if rule.kind is not None:
                context = (
                    partial(_context, piece, call_kind, stream, position)
                    if builder.with_kinds
                    else None
                )
                kind = builder.kinds.get(rule.kind)
                if kind is None or context is None:
                    continue
                value = kind.value(rule.params or {}, ev, context())
            else:
                value = compiled.valuer(ev, piece)
            if value is None:
                continue
            state = states.get(compiled.state_key)
            if state is None:
                state = states[compiled.state_key] = _State(builder.group_rule[compiled.state_key])
            # the distinct key matters to sum_distinct only: not computed for the others
            distinct = compiled.distinct(ev, piece) if state.combine == "sum_distinct" else None
            delta = state.add(distinct, value)
            if not delta:
                continue
            if year is None:
                year = builder.clock.attributed_year(ev.at, piece.submitted_at)
            section = compiled.section
            if rule.tally is not None:
                lines.append(
                    Line(piece.id, index, ev.type, ev.at, rule.id, year, delta, section, rule.tally)
                )
                continue
            lines.append(Line(piece.id, index, ev.type, ev.at, rule.id, year, delta, section))
            cap = builder.section_caps.get(section)
            if cap is not None:
                sc = caps.get(section)
                if sc is None:
                    sc = caps[section] = _Cap(cap)
                correction = sc.adjust(delta)
                if correction:
                    lines.append(
                        Line(
                            piece.id, index, ev.type, ev.at, PIECE_CAP_RULE, year, correction,
                            section,
                        )
                    )  # fmt: skip
                    delta += correction
            event_delta += delta
            if first_section is None:
                first_section = section
        total_cap = self.total_cap
        if total_cap is not None and event_delta and year is not None:
            correction = total_cap.adjust(event_delta)
            if correction:
                lines.append(
                    Line(
                        piece.id, index, ev.type, ev.at, PIECE_CAP_RULE, year, correction,
                        first_section or builder.ruleset.default_section,
                    )
                )  # fmt: skip


def step_error(rs: Ruleset, step: StepSpec, code: str, **params: str) -> PluginError:
    """A piece step returned what the ledger cannot place: the plugin's fault, named by its kind."""
    path = f"steps[{rs.steps.index(step)}]"
    return PluginError([Problem(path, code, {"kind": repr(step.kind), **params})])


def build_ledger(
    ruleset: Ruleset,
    clock: YearClock,
    pieces: Sequence[Piece],
    events_by_piece: Mapping[str, Sequence[tuple[int, Event]]],
    calls: Mapping[str, Call],
    keys: KeyReader,
) -> list[Line]:
    """The ledger of every piece (in piece order)."""
    builder = LedgerBuilder(ruleset, clock, keys)
    ledger: list[Line] = []
    for piece in pieces:
        call = calls.get(piece.call) if piece.call else None
        ledger += builder.piece_lines(
            piece, events_by_piece.get(piece.id, ()), call.kind if call else None
        )
    return ledger
