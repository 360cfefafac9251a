"""The points ledger over whole columns: each rule's cumulative value per piece, differenced.

The reference (:mod:`sqmy_core.scoring.ledger`) keeps, per piece and rule
(or group), a cumulative value — a running sum, a running maximum, the first
value, or a sum over distinct keys — bounds it by the rule's cap and floor,
and writes the change each event made.  Here the same is a cumulative
aggregation per (piece, state) over the stream in order, then a difference
with the previous row; section and piece caps are the same again on the
running totals of those changes (``min(running, cap)`` differenced), and the
corrections land where the reference puts them (the section; the event's
first section).  A year's points are the sum of the changes attributed to it.

Values are integers scaled by one denominator ``D`` for the whole ruleset
(:func:`ledger_scale`), so sums are exact Int64 arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sqmy_core.errors import ConfigurationError
from sqmy_core.rules.spec import PointsRule, Ruleset
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.columnar.stream import Keys, local_day_us

if TYPE_CHECKING:
    import polars as pl

PIECE_CAP = -1
"""The rule code of a section or piece cap correction (``piece_cap`` in the reference)."""
ORDER = ("pseq", "is_ev", "at_us", "seq")
LIMIT = 2**62


def _leaves(table: object, depth: int) -> Iterator[tuple[tuple[str, ...], Fraction]]:
    """(keys, value) of every number exactly ``depth`` levels down (what ``lookup`` can reach)."""
    if depth == 0:
        if isinstance(table, Fraction):
            yield (), table
        return
    if isinstance(table, Mapping):
        for k, v in table.items():
            for rest, value in _leaves(v, depth - 1):
                yield (str(k), *rest), value


def _factor_tables(rule: PointsRule) -> list[tuple[tuple[str, ...], Mapping[str, object]]]:
    out: list[tuple[tuple[str, ...], Mapping[str, object]]] = []
    if rule.rank_multiplier is not None:
        out.append((("rank",), rule.rank_multiplier))
    for m in rule.multipliers:
        out.append((tuple(m.by), m.values))
    return out


def _den(values: Sequence[Fraction]) -> int:
    return math.lcm(1, *(v.denominator for v in values))


def ledger_scale(rs: Ruleset) -> int:
    """One denominator every ledger value is a whole multiple of (values x factors, caps)."""
    d = 1
    for rule in rs.scoring.rules:
        if rule.points is not None:
            base = rule.points.denominator
        else:
            base = _den([v for _, v in _leaves(rule.values or {}, len(rule.by or ()))])
        for by, table in _factor_tables(rule):
            base *= _den([v for _, v in _leaves(table, len(by))])
        d = math.lcm(d, base, *(x.denominator for x in (rule.cap, rule.floor) if x is not None))
    caps = [s.piece_cap for s in rs.sections if s.piece_cap is not None]
    if rs.scoring.piece_cap is not None:
        caps.append(rs.scoring.piece_cap)
    return math.lcm(d, *(c.denominator for c in caps))


def scaled(value: Fraction, d: int) -> int:
    """An exact number in units of ``1/d`` (``d`` is chosen so that it is whole)."""
    n = value * d
    assert n.denominator == 1
    return int(n)


def _lookup(rows: pl.LazyFrame, keys: Keys, by: Sequence[str], table: Mapping[str, object],
            value: str, d: int | None) -> pl.LazyFrame:
    """The number at ``by``'s keys in ``table`` as column ``value`` (scaled by ``d``), or as
    ``value_n``/``value_d`` (numerator, denominator); null where ``lookup`` gives ``None``.

    One key is a hash-map lookup; several keys a left join on the key columns (a null
    key matches nothing, as in ``lookup``).
    """
    import polars as pl

    leaves = list(_leaves(table, len(by)))
    if d is not None:
        numbers = {value: [scaled(v, d) for _, v in leaves]}
    else:
        numbers = {value + "_n": [v.numerator for _, v in leaves],
                   value + "_d": [v.denominator for _, v in leaves]}  # fmt: skip
    if len(by) == 1:
        texts = [k[0] for k, _ in leaves]
        return rows.with_columns([
            keys.expr(by[0]).replace_strict(texts, ns, default=None, return_dtype=pl.Int64)
            .alias(name) for name, ns in numbers.items()
        ])  # fmt: skip
    names = [f"_k{i}" for i in range(len(by))]
    rows = rows.with_columns([keys.expr(e).alias(n) for e, n in zip(by, names, strict=True)])
    cols: dict[str, list[object]] = {n: [k[i] for k, _ in leaves] for i, n in enumerate(names)}
    schema: dict[str, Any] = dict.fromkeys(names, pl.Utf8)
    for name, ns in numbers.items():
        cols[name] = list(ns)
        schema[name] = pl.Int64
    frame = pl.DataFrame(cols, schema=schema)
    return rows.join(frame.lazy(), on=names, how="left").drop(names)


def _rule_rows(i: int, rule: PointsRule, skey: int, stream: pl.DataFrame, keys: Keys,
               clock: YearClock, d: int) -> pl.DataFrame:
    """The rows a rule counts: its event type, condition and window, with value and key."""
    import polars as pl

    cond = (pl.col("type") == rule.event) & keys.condition(rule.when)
    if rule.applies_from is not None:
        cond = cond & (pl.col("at_us") >= local_day_us(clock, rule.applies_from))
    if rule.applies_until is not None:
        cond = cond & (pl.col("at_us") < local_day_us(clock, rule.applies_until))
    # lazy: the rows are gathered once, with the columns the rule reads, not every column
    rows = stream.lazy().filter(cond)
    if rule.points is not None:
        rows = rows.with_columns(value=pl.lit(scaled(rule.points, d), pl.Int64))
    else:
        rows = _lookup(rows, keys, tuple(rule.by or ()), rule.values or {}, "value", d)
    for by, table in _factor_tables(rule):
        rows = _lookup(rows, keys, by, table, "_f", None)
        rows = rows.with_columns(
            value=pl.when(pl.col("_f_n").is_null()).then(pl.col("value"))
            .otherwise(pl.col("value") * pl.col("_f_n") // pl.col("_f_d"))
        ).drop("_f_n", "_f_d")  # fmt: skip
    distinct = rule.distinct_by or rule.by
    if distinct:
        parts = [
            pl.when(keys.expr(e).is_null()).then(pl.lit("\x00"))
            .otherwise(pl.lit("\x01") + keys.expr(e))
            for e in distinct
        ]  # fmt: skip
        dkey = pl.lit("U") + pl.concat_str(parts, separator="\x02")
    else:
        dkey = pl.lit("T") + pl.col("type")
    return rows.filter(pl.col("value").is_not_null()).select(
        *ORDER, "year", pl.lit(i, pl.Int64).alias("rule"),
        pl.lit(skey, pl.Int64).alias("skey"), "value", dkey.alias("dkey"),
    ).collect()  # fmt: skip


def _start() -> pl.Expr:
    """The first row of each piece in a frame sorted by ``pseq`` (windows without hashing)."""
    import polars as pl

    return (pl.col("pseq") != pl.col("pseq").shift(1)).fill_null(True)


def _group_cum_sum(expr: pl.Expr) -> pl.Expr:
    """The running sum within each piece of a frame sorted by ``pseq`` (exact: the global
    running sum less its value before the piece's first row)."""
    import polars as pl

    total = expr.cum_sum()
    return total - pl.when(_start()).then(total - expr).otherwise(None).forward_fill()


def _previous(expr: pl.Expr) -> pl.Expr:
    """The row before within the piece (0 on its first row)."""
    import polars as pl

    return pl.when(_start()).then(pl.lit(0, pl.Int64)).otherwise(expr.shift(1))


def _group_cum_max(part: pl.DataFrame, expr: pl.Expr) -> pl.Expr:
    """The running maximum within each piece: values offset by piece number so one global
    running maximum never crosses pieces (falls back to a window when that could overflow)."""
    import polars as pl

    lo, hi = part.select(expr.min().alias("lo"), expr.max().alias("hi")).row(0)
    span = int(hi) - int(lo) + 1
    if (part.height + 1) * span >= LIMIT:
        return expr.cum_max().over("pseq")
    group = _start().cast(pl.Int64).cum_sum() * span
    low = int(lo)
    return (group + expr - low).cum_max() - group + low


def bound(expr: pl.Expr, cap: Fraction | None, floor: Fraction | None, d: int) -> pl.Expr:
    """A scaled-integer column held between ``floor`` and ``cap`` (each when given)."""
    import polars as pl

    if cap is not None:
        c = scaled(cap, d)
        expr = pl.when(expr > c).then(pl.lit(c, pl.Int64)).otherwise(expr)
    if floor is not None:
        f = scaled(floor, d)
        expr = pl.when(expr < f).then(pl.lit(f, pl.Int64)).otherwise(expr)
    return expr


def _capped_changes(delta: str, cap: int) -> pl.Expr:
    """The correction that keeps ``min(running sum, cap)`` (the reference's ``_Cap``), per
    piece of a frame sorted by ``pseq``."""
    import polars as pl

    running = _group_cum_sum(pl.col(delta))
    capped = pl.when(running > cap).then(pl.lit(cap, pl.Int64)).otherwise(running)
    return capped - _previous(capped) - pl.col(delta)


def ledger_lines(rs: Ruleset, stream: pl.DataFrame, keys: Keys, clock: YearClock,
                 d: int) -> pl.DataFrame:
    """Every non-zero change: ``pseq`` (the piece), ``rule`` (index; -1 a cap), ``section``,
    ``tally``, ``year``, ``delta`` (scaled by ``d``), in ledger order."""
    import polars as pl

    rules = rs.scoring.rules
    state_of: dict[str, int] = {}
    first_rule: dict[int, PointsRule] = {}
    for rule in rules:
        k = state_of.setdefault(rule.group or rule.id, len(state_of))
        first_rule.setdefault(k, rule)
    needed = [e for r in rules for e in (*(r.by or ()), *(r.distinct_by or ()),
              *(e for m in r.multipliers for e in m.by), *keys.condition_keys(r.when))]
    stream = keys.add_attributes(stream, needed)
    parts = [
        _rule_rows(i, r, state_of[r.group or r.id], stream, keys, clock, d)
        for i, r in enumerate(rules)
    ]
    rows = pl.concat(parts, how="vertical") if parts else None
    _guard(rows, d)
    changes = []
    for skey, rule in first_rule.items():
        assert rows is not None
        part = rows.filter(pl.col("skey") == skey).sort([*ORDER, "rule"])
        if part.height == 0:
            continue
        value = pl.col("value")
        if rule.combine == "sum":
            raw = _group_cum_sum(value)
        elif rule.combine == "highest":
            raw = _group_cum_max(part, value)
        elif rule.combine == "once":
            raw = pl.when(_start()).then(value).otherwise(None).forward_fill()
        else:
            first = pl.struct("pseq", "dkey").is_first_distinct()
            raw = _group_cum_sum(pl.when(first).then(value).otherwise(0))
        bounded = bound(raw, rule.cap, rule.floor, d)
        part = part.with_columns(_b=bounded).with_columns(
            delta=pl.col("_b") - _previous(pl.col("_b"))
        )
        changes.append(part.filter(pl.col("delta") != 0).drop("_b", "value", "dkey", "skey"))
    sections = [r.section or rs.default_section for r in rules]
    tallies = [r.tally for r in rules]
    schema = {**dict.fromkeys(ORDER, pl.Int64), "is_ev": pl.Boolean,
              "year": pl.Int64, "rule": pl.Int64, "delta": pl.Int64}  # fmt: skip
    lines = (
        pl.concat(changes, how="vertical") if changes
        else pl.DataFrame(schema=schema)
    ).sort([*ORDER, "rule"])  # fmt: skip
    lines = lines.with_columns(
        section=pl.col("rule").replace_strict(list(range(len(rules))), sections,
                                              return_dtype=pl.Utf8),
        tally=pl.col("rule").replace_strict(list(range(len(rules))), tallies,
                                            return_dtype=pl.Utf8),
    )  # fmt: skip
    return _caps(rs, lines, d)


def _caps(rs: Ruleset, lines: pl.DataFrame, d: int) -> pl.DataFrame:
    """Section piece caps, then the piece cap, as correction lines (rule -1)."""
    import polars as pl

    section_caps = {s.id: s.piece_cap for s in rs.sections if s.piece_cap is not None}
    piece_cap = rs.scoring.piece_cap
    if not section_caps and piece_cap is None:
        return lines.select("pseq", "rule", "section", "tally", "year", "delta")
    lines = lines.with_row_index("_line")
    points = lines.filter(pl.col("tally").is_null())
    out = [lines]
    corrections = []
    for sid, cap in section_caps.items():
        part = points.filter(pl.col("section") == sid)
        part = part.with_columns(corr=_capped_changes("delta", scaled(cap, d)))
        corr = part.filter(pl.col("corr") != 0).select(
            *ORDER, "_line", "year", pl.lit(PIECE_CAP, pl.Int64).alias("rule"),
            pl.col("corr").alias("delta"), "section", "tally",
        )  # fmt: skip
        corrections.append(corr)
    out += corrections
    if piece_cap is not None:
        moves = pl.concat([points, *corrections], how="diagonal_relaxed")
        events = moves.sort("_line").group_by([*ORDER], maintain_order=True).agg(
            pl.col("delta").sum().alias("ev_delta"),
            pl.col("section").filter(pl.col("rule") >= 0).first().alias("section"),
            pl.col("year").first(), pl.col("_line").max(),
        ).sort([*ORDER])  # fmt: skip
        events = events.with_columns(
            corr=_capped_changes("ev_delta", scaled(piece_cap, d))
        )
        out.append(events.filter(pl.col("corr") != 0).select(
            *ORDER, "_line", "year", pl.lit(PIECE_CAP, pl.Int64).alias("rule"),
            pl.col("corr").alias("delta"),
            pl.col("section").fill_null(rs.default_section),
            pl.lit(None, pl.Utf8).alias("tally"),
        ))  # fmt: skip
    return pl.concat(out, how="diagonal_relaxed").select(
        "pseq", "rule", "section", "tally", "year", "delta"
    )


def _guard(rows: pl.DataFrame | None, d: int) -> None:
    """Refuse sums that could leave Int64 (never silently wrap)."""
    if rows is None or rows.height == 0:
        return
    import polars as pl

    top = rows.select(pl.col("value").abs().max()).item()
    if int(top) * rows.height * 4 >= LIMIT:
        raise ConfigurationError.one(
            "", "columnar_too_large", found=str(d)
        )
