"""Every piece's event stream as one table, with the keys rules and metrics read.

The reference walks each piece's events in time order, the submission first
(:func:`sqmy_core.scoring.ledger.submission_event`); here that is one table
whose order is (piece, submission first, time, record order) — sorted only by
those who need it — holding the piece's columns beside each event, the
attributed year and month, and (computed once per expression) the key texts
that points tables and conditions read.
Years are integer comparisons against cut-offs from the ruleset's clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqmy_core.model.attributes import Declarations
from sqmy_core.rules.expressions import EVENT_FIELDS, key_text
from sqmy_core.rules.spec import Ruleset
from sqmy_core.rules.spec_model import Condition
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.columnar.frames import DatasetFrames, micros
from sqmy_core.scoring.conditions import condition_terms

if TYPE_CHECKING:
    import polars as pl

FIELDS = EVENT_FIELDS


def offset_us(clock: YearClock) -> int:
    """The ruleset's fixed UTC offset in microseconds."""
    delta = clock.tz.utcoffset(None)
    assert delta is not None
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def local_year(at_us: pl.Expr, off: int) -> pl.Expr:
    import polars as pl

    return pl.from_epoch(at_us + off, time_unit="us").dt.year().cast(pl.Int64)


def local_month(at_us: pl.Expr, off: int) -> pl.Expr:
    import polars as pl

    return pl.from_epoch(at_us + off, time_unit="us").dt.month().cast(pl.Int64)


def year_start_us(clock: YearClock, year: int) -> int:
    return micros(clock.start(year))


def cutoff_us(rs: Ruleset, clock: YearClock, sub_year: int) -> int:
    """The first moment that no longer counts in ``sub_year`` (as ``YearClock`` decides)."""
    grace = rs.year.grace_until
    if grace is None:
        return micros(clock.start(sub_year + 1))
    month, day = int(grace[:2]), int(grace[3:5])
    return micros(datetime(sub_year + 1, month, day, tzinfo=clock.tz) + timedelta(days=1))


def local_day_us(clock: YearClock, day: date) -> int:
    return micros(datetime(day.year, day.month, day.day, tzinfo=clock.tz))


def needed_keys(rs: Ruleset) -> list[str]:
    """Every key expression the ruleset's points rules and metrics read."""
    exprs: list[str] = []
    for r in rs.scoring.rules:
        exprs += [*(r.by or ()), *(r.distinct_by or ()), *(e for m in r.multipliers for e in m.by)]
        exprs += [k for k, _ in condition_terms(r.when)]
        if r.rank_multiplier is not None:
            exprs.append("rank")
    for m in rs.metrics:
        exprs += [k for k, _ in condition_terms(m.when)]
    return exprs


def needed_fields(rs: Ruleset) -> tuple[str, ...]:
    """The event fields the ruleset reads (the others stay out of the stream: at national
    size each text column costs ~100 MiB even when empty)."""
    exprs = needed_keys(rs)
    wanted = {e for e in exprs if e in FIELDS} | {"outcome"}
    if "level" in exprs:
        wanted |= {"body", "level"}
    if rs.deadlines is not None:
        wanted.add("route")
    if rs.penalties:
        wanted.add("kind")
    return tuple(f for f in FIELDS if f in wanted)


def frame_columns(rs: Ruleset) -> dict[str, tuple[str, ...]]:
    """The columns of ``events`` and ``pieces`` the columnar path reads for ``rs`` (a reader
    may leave out the others: at national size they are most of the frames' memory)."""
    attributes = ("attributes",) if attribute_keys(needed_keys(rs)) else ()
    persons = ("persons",) if rs.penalties else ()
    return {
        "events": ("seq", "piece", "type", "at_us", *needed_fields(rs), *persons, *attributes),
        "pieces": ("seq", "id", "unit", "call", "submitted_us", "n_authors", *attributes),
    }


def attribute_keys(exprs: Iterable[str]) -> list[str]:
    """The key expressions that read an attribute (``attributes.x``, ``piece.attributes.x``)."""
    return [e for e in exprs if "attributes" in e.split(".")[:-1]]


def build_stream(
    rs: Ruleset, frames: DatasetFrames, clock: YearClock, *, consume: bool = False
) -> pl.DataFrame:
    """The events of known pieces plus one ``submitted`` row per piece (unsorted: whoever
    needs the stream order sorts by ``pseq``, ``is_ev``, ``at_us``, ``seq``).

    Columns: ``pseq`` (the piece's ``seq``), ``type``, ``at_us``, ``seq`` (-1: the
    submission), the event fields the ruleset reads (:func:`needed_fields`),
    ``persons`` (with penalties), ``sub_us``,
    ``n_authors``, ``call_kind`` and ``unit_kind`` (when read), ``year``
    (attributed) and ``month`` (the period month within it).

    The events' part is made one contiguous chunk (a reader's frames may come in
    many, and every later join would copy them again); ``consume``: the frames'
    events are emptied in place once copied (the caller gave them away).
    """
    import polars as pl

    pieces = frames.pieces.sort("seq").select(
        pl.col("id").alias("piece"), pl.col("seq").alias("pseq"),
        pl.col("submitted_us").alias("sub_us"), "n_authors",
        call_kind=pl.col("call").replace_strict(
            frames.calls["id"], frames.calls["kind"], default=None, return_dtype=pl.Utf8),
        unit_kind=pl.col("unit").replace_strict(
            frames.units["id"], frames.units["kind"], default=None, return_dtype=pl.Utf8),
    )  # fmt: skip
    kinds = [k for k in ("call_kind", "unit_kind") if k in needed_keys(rs)]
    carried = ["pseq", "sub_us", "n_authors", *kinds]
    # one narrow join on the piece id, then the piece's columns gathered by row
    index = frames.events.select("piece").join(
        pieces.select("piece").with_row_index("_i"), on="piece", how="left",
        maintain_order="left",
    )["_i"]  # fmt: skip
    fields = needed_fields(rs)
    persons = ["persons"] if rs.penalties else []
    events = frames.events.select("type", "at_us", "seq", *fields, *persons)
    events = events.with_columns(_i=index).filter(pl.col("_i").is_not_null())
    rows = events["_i"]
    events = events.drop("_i").rechunk().with_columns([pieces[c].gather(rows) for c in carried])
    del rows, index
    if consume:
        for name in frames.events.columns:
            frames.events.drop_in_place(name)
    subs = pieces.select(
        pl.lit("submitted").alias("type"), pl.col("sub_us").alias("at_us"),
        pl.lit(-1, pl.Int64).alias("seq"),
        *[pl.lit(None, pl.Utf8).alias(f) for f in fields],
        *[pl.lit(None, pl.List(pl.Utf8)).alias(p) for p in persons],
        *carried,
    )  # fmt: skip
    stream = pl.concat([subs, events.select(subs.columns)], how="vertical")
    off = offset_us(clock)
    # the local year of each row, computed once (the year and the month both read it)
    stream = stream.with_columns(_own=local_year(pl.col("at_us"), off))
    own_year = pl.col("_own")
    if rs.year.attribution == "submission":
        sub_year = local_year(pl.col("sub_us"), off)
        distinct = sorted(
            frames.pieces.select(local_year(pl.col("submitted_us"), off).unique())
            .to_series().to_list()
        )
        cuts = pl.DataFrame(
            {"sy": distinct, "cut": [cutoff_us(rs, clock, y) for y in distinct]},
            schema={"sy": pl.Int64, "cut": pl.Int64},
        )
        stream = stream.with_columns(sy=sub_year).join(cuts, on="sy", how="left")
        year = pl.when(pl.col("at_us") < pl.col("cut")).then(pl.col("sy")).otherwise(own_year)
        stream = stream.with_columns(year=year).drop("sy", "cut")
    else:
        stream = stream.with_columns(year=own_year)
    month = pl.when(own_year == pl.col("year")).then(local_month(pl.col("at_us"), off))
    stream = stream.with_columns(month=month.otherwise(12))
    return stream.with_columns(is_ev=pl.col("seq") >= 0).drop("_own")


class Keys:
    """Key expressions as polars expressions over the stream (attributes filled on demand)."""

    def __init__(self, decl: Declarations, frames: DatasetFrames) -> None:
        self.decl = decl
        self.frames = frames
        self.attr_columns: dict[str, str] = {}

    def level_expr(self) -> pl.Expr:
        import polars as pl

        mapping = {b: body.level for b, body in self.decl.bodies.items()}
        body_level = pl.col("body").replace_strict(mapping, default=None, return_dtype=pl.Utf8)
        return pl.when(pl.col("type") == "adopted").then(body_level).otherwise(pl.col("level"))

    def expr(self, key: str) -> pl.Expr:
        import polars as pl

        if key == "level":
            return self.level_expr()
        if key in EVENT_FIELDS:
            return pl.col(key)
        if key == "call_kind":
            return pl.col("call_kind")
        if key == "authors":
            return pl.col("n_authors").cast(pl.Utf8)
        if key == "type":
            return pl.col("type")
        if key == "unit_kind":
            return pl.col("unit_kind")
        return pl.col(self.attr_columns[key])

    def attribute_keys(self, exprs: Iterable[str]) -> list[str]:
        return attribute_keys(exprs)

    def add_attributes(self, stream: pl.DataFrame, exprs: Iterable[str]) -> pl.DataFrame:
        """Key-text columns for the attribute expressions ``exprs`` (read once per record)."""
        import polars as pl

        wanted = [
            e for e in dict.fromkeys(self.attribute_keys(exprs)) if e not in self.attr_columns
        ]
        if not wanted:
            return stream
        f = self.frames
        ev_attrs = dict(zip(f.events["seq"].to_list(), f.events["attributes"].to_list(),
                            strict=True))
        pc_attrs = dict(zip(f.pieces["id"].to_list(), f.pieces["attributes"].to_list(),
                            strict=True))
        call_attrs = dict(zip(f.calls["id"].to_list(), f.calls["attributes"].to_list(),
                              strict=True))
        unit_attrs = dict(zip(f.units["id"].to_list(), f.units["attributes"].to_list(),
                              strict=True))
        of_piece = {sq: (i, c, u) for sq, i, c, u in f.pieces.select(
            "seq", "id", "call", "unit").iter_rows()}  # fmt: skip
        seqs = stream["seq"].to_list()
        rows = [of_piece[p] for p in stream["pseq"].to_list()]
        pieces = [r[0] for r in rows]
        calls = [r[1] for r in rows]
        units = [r[2] for r in rows]
        cols = []
        for n, key in enumerate(wanted):
            parts = key.split(".")
            name = parts[-1]
            scope = parts[0] if len(parts) == 3 else "any"
            default = self.decl.attribute_default(name)
            out: list[str | None] = []
            for seq, piece, call, unit in zip(seqs, pieces, calls, units, strict=True):
                value = None
                if scope in ("any", "event") and seq >= 0:
                    a = ev_attrs.get(seq)
                    value = a.get(name) if a else None
                if value is None and scope in ("any", "piece"):
                    a = pc_attrs.get(piece)
                    value = a.get(name) if a else None
                if value is None and scope == "call" and call:
                    a = call_attrs.get(call)
                    value = a.get(name) if a else None
                if value is None and scope == "unit" and unit:
                    a = unit_attrs.get(unit)
                    value = a.get(name) if a else None
                out.append(key_text(default if value is None else value))
            col = f"attr{len(self.attr_columns) + n}"
            self.attr_columns[key] = col
            cols.append(pl.Series(col, out, dtype=pl.Utf8))
        return stream.with_columns(cols)

    def condition(self, when: Condition) -> pl.Expr:
        """Every term of ``when`` holds (a missing key never matches unless ``None`` is allowed)."""
        import polars as pl

        out = pl.lit(True)
        for key, allowed in condition_terms(when):
            values = sorted(v for v in allowed if v is not None)
            term = self.expr(key).is_in(values).fill_null(False)
            if None in allowed:
                term = term | self.expr(key).is_null()
            out = out & term
        return out

    @staticmethod
    def condition_keys(when: Condition) -> list[str]:
        return [k for k, _ in condition_terms(when)]
