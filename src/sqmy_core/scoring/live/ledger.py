"""The points ledger of one piece on integers: each rule compiled into a plan, walked per event.

This is :class:`~sqmy_core.scoring.ledger.PieceWalk` again, for the live
standings' hot path: the same rules, combines, caps and corrections in the
same order, but every value is an integer in units of ``1/scale`` (the
ledger scale, :func:`~sqmy_core.scoring.columnar.points.ledger_scale`, which
makes every table value times its factors whole), a rule's table is a dict
from its key(s) straight to that integer, and a step writes no
:class:`~sqmy_core.scoring.ledger.Line`: it returns ``(slot, delta)`` pairs,
a slot being where the delta is credited (the rule's crediting class and its
section, :mod:`.credit`).  Tallies are left out: standings do not show them.

A value the scale cannot hold (a plugin rule kind's fraction, a factor that
leaves a remainder) raises :class:`~sqmy_core.scoring.live.scales.Rescale`
before any state of the step changes; the standings then grow the scale and
build again.  ``explain`` and the full assessment keep the reference ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from sqmy_core.model import Event, Piece
from sqmy_core.rules.expressions import EVENT_FIELDS
from sqmy_core.rules.kinds import RuleContext
from sqmy_core.rules.spec import PointsRule, Ruleset
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.columnar.points import ledger_scale
from sqmy_core.scoring.conditions import compile_condition, condition_terms, in_force
from sqmy_core.scoring.keys import KeyReader
from sqmy_core.scoring.live.scales import Rescale, units

SUM, HIGHEST, ONCE, DISTINCT = range(4)
_COMBINES = {"sum": SUM, "highest": HIGHEST, "once": ONCE, "sum_distinct": DISTINCT}
Factor = tuple[str | None, Callable[[Event, Piece], object], dict[object, tuple[int, int]]]
"""A factor table: the event field it reads (None: read by the key function), its ratios."""


def _leaves(table: object, depth: int, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Fraction]:
    """Every number exactly ``depth`` levels down, by its keys (what ``lookup`` can reach)."""
    if depth == 0:
        return {path: table} if isinstance(table, Fraction) else {}
    out: dict[tuple[str, ...], Fraction] = {}
    if isinstance(table, Mapping):
        for k, v in table.items():
            out.update(_leaves(v, depth - 1, (*path, str(k))))
    return out


def _reader_of(readers: Sequence[Callable[[Event, Piece], str | None]]) -> Callable[[Event, Piece], object]:
    """One key (a text) for one expression, a tuple of texts for several."""
    if len(readers) == 1:
        return readers[0]
    return lambda ev, pc: tuple([r(ev, pc) for r in readers])


def _table(by: Sequence[str], table: Mapping[str, object], keys: KeyReader) -> tuple[Callable[[Event, Piece], object], dict[object, Fraction]]:  # fmt: skip
    """(key function, key -> number) of one points or factor table."""
    leaves = _leaves(table, len(by))
    flat: dict[object, Fraction] = {k[0] if len(by) == 1 else k: v for k, v in leaves.items()}
    return _reader_of([keys.reader(e) for e in by]), flat


def _field(by: Sequence[str], event: str) -> str | None:
    """The event attribute a one-key table reads directly, if it does (most tables do)."""
    if len(by) != 1:
        return None
    expr = by[0]
    if expr == "level" and event == "adopted":  # an adoption's level is its body's
        return None
    return expr if expr in EVENT_FIELDS else None


def _factors(rule: PointsRule, keys: KeyReader) -> tuple[Factor, ...]:
    """The rule's factor tables in order: (event field or None, key function, key -> (n, d))."""
    tables: list[tuple[Sequence[str], Mapping[str, object]]] = []
    if rule.rank_multiplier is not None:
        tables.append((("rank",), rule.rank_multiplier))
    tables += [(m.by, m.values) for m in rule.multipliers]
    out = []
    for by, tab in tables:
        read, flat = _table(by, tab, keys)
        ratios = {k: (f.numerator, f.denominator) for k, f in flat.items()}
        out.append((_field(by, rule.event), read, ratios))
    return tuple(out)


class RulePlan:
    """One points rule, ready for the walk: condition, value, its state and where it credits."""

    __slots__ = ("accepts", "cap", "combine", "distinct", "factors", "field", "flat", "floor",
                 "kind", "params", "plain", "read", "section", "slot", "state", "table",
                 "tally")  # fmt: skip

    def __init__(self, rule: PointsRule, group: PointsRule, state: int, section: int, slot: int,
                 rs: Ruleset, keys: KeyReader, clock: YearClock, scale: int) -> None:  # fmt: skip
        condition = compile_condition(rule.when, keys)
        window = in_force(rule.applies_from, rule.applies_until, clock)
        always = not condition_terms(rule.when)
        self.accepts: Callable[[Event, Piece], bool] | None = (
            None if always and window is None
            else condition if window is None
            else (lambda ev, pc: window(ev.at) and condition(ev, pc))
        )  # fmt: skip
        """``None``: every event of the type counts."""
        # the value, as :func:`sqmy_core.scoring.ledger._valuer` gives it: flat points, or the
        # table's number at the event's key(s); then each factor found, in order
        self.kind = rs.rule_kinds.get(rule.kind) if rule.kind is not None else None
        """A plugin rule kind values the event instead."""
        if rule.kind is not None and self.kind is None:  # the kind is missing: no value, ever
            self.accepts = lambda ev, pc: False
        self.params = rule.params or {}
        self.flat = None if rule.points is None else units(rule.points, scale)
        by = tuple(rule.by or ())
        self.field = _field(by, rule.event)
        """The event attribute the table is keyed by, read directly (None: through :attr:`read`)."""
        self.read, values = _table(by, rule.values or {}, keys)
        self.table = {k: units(v, scale) for k, v in values.items()}
        self.factors = () if rule.kind is not None else _factors(rule, keys)
        # as the reference keys them: a tuple of texts, or the event's type
        readers = [keys.reader(e) for e in rule.distinct_by or rule.by or ()]
        self.distinct: Callable[[Event, Piece], object] = (
            (lambda ev, pc: tuple([r(ev, pc) for r in readers])) if readers
            else (lambda ev, pc: ev.type)
        )  # fmt: skip
        self.state = state
        """The index of the rule's (or its group's) cumulative value in a piece's state."""
        self.combine = _COMBINES[group.combine]
        self.cap = None if group.cap is None else units(group.cap, scale)
        self.floor = None if group.floor is None else units(group.floor, scale)
        self.section = section
        self.slot = slot
        """Where the rule's own deltas are credited (:mod:`.credit`)."""
        self.tally = rule.tally is not None
        self.plain = False
        """No cap or floor, not a tally, no section cap: the step's short way (set by the plan)."""


class PieceLedger:
    """One piece's cumulative values: per rule state, per capped section, the piece's total."""

    __slots__ = ("capped", "distinct", "events", "raw", "sec_raw", "sec_total", "seen",
                 "tot_raw", "tot_total")  # fmt: skip

    def __init__(self, states: int, sections: int) -> None:
        self.raw = [0] * states
        self.capped = [0] * states
        self.seen = [False] * states
        self.distinct: dict[int, set[object]] = {}
        self.sec_raw = [0] * sections
        self.sec_total = [0] * sections
        self.tot_raw = 0
        self.tot_total = 0
        self.events: list[Event] = []
        """The walked events in order, the submission first (kept for plugin rule kinds only)."""


class LedgerPlan:
    """A ruleset's points rules compiled for integer walks at one scale."""

    def __init__(self, rs: Ruleset, keys: KeyReader, clock: YearClock, scale: int,
                 sections: Sequence[str | None], slot_of: Callable[[PointsRule | None, int], int]) -> None:  # fmt: skip
        """``sections``: the standings' section names (their indexes are used here);
        ``slot_of(rule, section index)``: the crediting slot of a rule's line in a section
        (``rule`` None: a cap correction)."""
        self.scale = scale
        section_no = {s: i for i, s in enumerate(sections)}
        groups: dict[str, int] = {}
        first: dict[str, PointsRule] = {}
        self.by_type: dict[str, tuple[RulePlan, ...]] = {}
        by_type: dict[str, list[RulePlan]] = {}
        for rule in rs.scoring.rules:
            key = rule.group or rule.id
            first.setdefault(key, rule)
            state = groups.setdefault(key, len(groups))
            section = section_no[rule.section or rs.default_section]
            plan = RulePlan(rule, first[key], state, section, slot_of(rule, section), rs, keys,
                            clock, scale)  # fmt: skip
            by_type.setdefault(rule.event, []).append(plan)
        self.by_type = {t: tuple(p) for t, p in by_type.items()}
        self.states = len(groups)
        self.sections = len(sections)
        self.section_caps: list[int | None] = [None] * len(sections)
        for s in rs.sections:
            if s.piece_cap is not None:
                self.section_caps[section_no[s.id]] = units(s.piece_cap, scale)
        piece_cap = rs.scoring.piece_cap
        self.total_cap = None if piece_cap is None else units(piece_cap, scale)
        for plans in self.by_type.values():
            for p in plans:
                p.plain = (p.cap is None and p.floor is None and not p.tally
                           and self.section_caps[p.section] is None)  # fmt: skip
        self.cap_slots = [slot_of(None, i) for i in range(len(sections))]
        """Where a cap correction in each section is credited."""
        self.default_section = section_no[rs.default_section]
        self.with_kinds = any(r.kind for r in rs.scoring.rules)

    def start(self) -> PieceLedger:
        return PieceLedger(self.states, self.sections)

    def step(self, led: PieceLedger, plans: Sequence[RulePlan], ev: Event, piece: Piece,
             call_kind: str | None) -> list[tuple[int, int]]:  # fmt: skip
        """Walk one event (``plans``: the rules of its type); the (slot, delta) pairs it credits.

        Order and arithmetic as :meth:`PieceWalk._step`: each accepted rule's
        value folded into its state, the bounded change; a section cap's
        correction beside it; the piece cap's correction at the end, in the
        event's first section.
        """
        out: list[tuple[int, int]] = []
        raw, capped, seen = led.raw, led.capped, led.seen
        event_delta = 0
        first_section = -1
        for plan in plans:
            if plan.accepts is not None and not plan.accepts(ev, piece):
                continue
            if plan.kind is not None:
                found = plan.kind.value(plan.params, ev, RuleContext(piece, call_kind, tuple(led.events)))
                v = None if found is None else units(Fraction(found), self.scale)
            elif plan.flat is not None:
                v = plan.flat
            elif plan.field is not None:
                v = plan.table.get(getattr(ev, plan.field))
            else:
                v = plan.table.get(plan.read(ev, piece))
            if v is None:
                continue
            for field, read, ratios in plan.factors:
                f = ratios.get(getattr(ev, field) if field is not None else read(ev, piece))
                if f is not None:
                    v, rest = divmod(v * f[0], f[1])
                    if rest:  # the ledger scale is short of this product's parts
                        raise Rescale(ledger=f[1])
            s = plan.state
            combine = plan.combine
            if combine == SUM:
                raw[s] += v
            elif combine == HIGHEST:
                if not seen[s] or v > raw[s]:
                    raw[s] = v
            elif combine == ONCE:
                if seen[s]:
                    continue
                raw[s] = v
            else:
                known = led.distinct.setdefault(s, set())
                key = plan.distinct(ev, piece)
                if key in known:
                    continue
                known.add(key)
                raw[s] += v
            seen[s] = True
            new = raw[s]
            if plan.plain:
                delta = new - capped[s]
                if delta:
                    capped[s] = new
                    out.append((plan.slot, delta))
                    event_delta += delta
                    if first_section < 0:
                        first_section = plan.section
                continue
            if plan.cap is not None and new > plan.cap:
                new = plan.cap
            if plan.floor is not None and new < plan.floor:
                new = plan.floor
            delta = new - capped[s]
            capped[s] = new
            if not delta or plan.tally:
                continue
            out.append((plan.slot, delta))
            section = plan.section
            cap = self.section_caps[section]
            if cap is not None:
                led.sec_raw[section] += delta
                bounded = min(led.sec_raw[section], cap)
                correction = bounded - led.sec_total[section] - delta
                led.sec_total[section] = bounded
                if correction:
                    out.append((self.cap_slots[section], correction))
                    delta += correction
            event_delta += delta
            if first_section < 0:
                first_section = section
        if self.total_cap is not None and event_delta:
            led.tot_raw += event_delta
            bounded = min(led.tot_raw, self.total_cap)
            correction = bounded - led.tot_total - event_delta
            led.tot_total = bounded
            if correction:
                section = first_section if first_section >= 0 else self.default_section
                out.append((self.cap_slots[section], correction))
        return out


def plan_scale(rs: Ruleset) -> int:
    """The ledger scale a ruleset's table values need (see the module's docstring)."""
    return ledger_scale(rs)
