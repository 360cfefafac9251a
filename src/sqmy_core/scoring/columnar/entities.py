"""From ledger lines to each person's and unit's year: shares, sections, bounds, base, total.

Persons get each line times their share of the piece under the rule's split
(:func:`sqmy_core.scoring.book.split_shares`, computed once per author count);
units submitting a piece get the whole line when ``unit_credit = "full"``.
Sums are grouped by the share's denominator so the Int64 sums stay small and
exact; each entity's values become fractions only at the end.  The bounds
(:func:`finish`) then follow :func:`sqmy_core.scoring.totals.finish` stage by
stage: section caps and floors, the bonus bounds, the base, the total bounds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from attrs import frozen

from sqmy_core.rules.spec import Ruleset, SplitSpec
from sqmy_core.scoring.book import split_shares
from sqmy_core.scoring.columnar.frames import DatasetFrames
from sqmy_core.scoring.totals import bound

if TYPE_CHECKING:
    import polars as pl

ZERO = Fraction(0)
Sums = dict[tuple[str, int], dict[tuple[str | None, str | None], Fraction]]
"""(entity id, year) -> (section, tally) -> exact sum."""


def _splits(rs: Ruleset) -> list[SplitSpec]:
    out = [rs.scoring.split]
    out += [r.split for r in rs.scoring.rules if r.split is not None]
    return out


def share_table(rs: Ruleset, ns: Sequence[int]) -> list[tuple[int, int, int, Fraction]]:
    """(split class, author count, position, share) of every non-zero share (class 0: the
    ruleset's split; class k: the k-th rule with a split of its own)."""
    rows: list[tuple[int, int, int, Fraction]] = []
    for k, split in enumerate(_splits(rs)):
        for n in ns:
            for pos, share in enumerate(split_shares(split, n)):
                if share:
                    rows.append((k, n, pos, share))
    return rows


def person_scale(rs: Ruleset, frames: DatasetFrames) -> tuple[list[int], int]:
    """The author counts present and the lcm of the denominators of every non-zero share."""
    ns = sorted(set(frames.pieces["n_authors"].to_list()))
    return ns, math.lcm(1, *(sh.denominator for *_, sh in share_table(rs, ns)))


def piece_sums(rs: Ruleset, lines: pl.DataFrame, frames: DatasetFrames,
               authors: pl.DataFrame, d: int, t: int, ns: Sequence[int],
               ) -> tuple[pl.DataFrame, Sums]:
    """Each person's line sums per (``year``, ``part``) scaled by ``t`` (``person``, ``year``,
    ``part``, ``s``), and each crediting unit's exact sums."""
    import polars as pl

    from sqmy_core.scoring.columnar.people import part_names

    rules = rs.scoring.rules
    klass, split_no = [], 1
    for r in rules:
        if r.split is not None:
            klass.append(split_no)
            split_no += 1
        else:
            klass.append(0)
    codes = [-1, *range(len(rules))]
    rule_table = pl.DataFrame({
        "rule": codes,
        "klass": [0, *klass],
        "to_person": [True, *("person" in r.entities for r in rules)],
        "to_unit": [True, *("unit" in r.entities for r in rules)],
    }, schema={"rule": pl.Int64, "klass": pl.Int64, "to_person": pl.Boolean,
               "to_unit": pl.Boolean})  # fmt: skip
    pieces = frames.pieces.select(pl.col("seq").alias("pseq"), "n_authors", "unit")
    names = part_names(rs)
    lines = lines.join(rule_table, on="rule", how="left").join(pieces, on="pseq", how="left")
    lines = lines.with_columns(
        part=pl.when(pl.col("tally").is_not_null())
        .then(pl.col("tally").replace_strict({k[1]: v for k, v in names.items() if k[1]},
                                             default=None, return_dtype=pl.Utf8))
        .otherwise(pl.col("section").replace_strict(
            {k[0]: v for k, v in names.items() if k[1] is None}, default=None,
            return_dtype=pl.Utf8))
    )  # fmt: skip
    per = t // d
    rows = [(k, n, pos, int(sh * per)) for k, n, pos, sh in share_table(rs, ns)]
    shares = pl.DataFrame(rows, schema={"klass": pl.Int64, "n_authors": pl.Int64,
                                        "position": pl.Int64, "w": pl.Int64},
                          orient="row")  # fmt: skip
    people = (
        lines.filter(pl.col("to_person")).join(authors, on="pseq", how="inner")
        .join(shares, on=["klass", "n_authors", "position"], how="inner")
        .group_by(["person", "year", "part"])
        .agg((pl.col("delta") * pl.col("w")).sum().alias("s"))
    )  # fmt: skip
    unit_sums: Sums = {}
    if rs.scoring.unit_credit == "full" and rs.unit_points.source == "pieces":
        units = (
            lines.filter(pl.col("to_unit") & pl.col("unit").is_not_null())
            .group_by(["unit", "year", "section", "tally"]).agg(pl.col("delta").sum().alias("s"))
        )  # fmt: skip
        for unit, year, section, tally, s in units.iter_rows():
            if s:
                unit_sums.setdefault((unit, year), {})[(section, tally)] = Fraction(s, d)
    return people, unit_sums


@frozen
class Total:
    """One entity's year (the parts the assessment reports and ranks by)."""

    points: Fraction
    base: Fraction
    bonus: Fraction
    sections: dict[str, Fraction]
    tallies: dict[str, Fraction]
    flags: tuple[str, ...] = ()
    disqualified: bool = False


def _plus(a: Fraction, b: Fraction) -> Fraction:
    """``a + b``, without the arithmetic when either is zero (most of a unit's parts are:
    46,686 units each summed some five fractions, at a few microseconds an addition)."""
    if not b.numerator:
        return a
    return b if not a.numerator else a + b


def finish(rs: Ruleset, base: Fraction, parts: Mapping[tuple[str | None, str | None], Fraction],
           flags: tuple[str, ...] = (), disqualified: bool = False) -> Total:
    """Sections bounded, the bonus bounded, the base added, the total bounded."""
    sections = dict.fromkeys([s.id for s in rs.sections] or [""], ZERO)
    tallies = dict.fromkeys([t.id for t in rs.tallies], ZERO)
    loose = ZERO
    for (section, tally), value in parts.items():
        if tally is not None:
            tallies[tally] = _plus(tallies.get(tally, ZERO), value)
        elif section is not None:
            sections[section] = _plus(sections.get(section, ZERO), value)
        else:
            loose = _plus(loose, value)
    for s in rs.sections:
        sections[s.id] = bound(sections[s.id], s.cap, s.floor)
    t = rs.totals
    raw = loose
    for value in sections.values():
        raw = _plus(raw, value)
    bonus = bound(raw, t.bonus_cap, t.bonus_floor)
    total = bound(_plus(base, bonus), t.cap, t.floor)
    return Total(total, base, total - base if base.numerator else total, sections, tallies,
                 flags, disqualified)
