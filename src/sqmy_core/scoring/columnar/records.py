"""The people's table as :class:`EntityResult` records, in the assessment's order.

At national size there are ~600,000 people, and every Python step per row
costs a second, so what can be a column stays one: the output order (ranking
class in scope order, rank, id) is a polars sort, each row's flags and each
row's tuple of quota results are codes into the few distinct values (made
once each), and equal fractions and counts are shared -- all are immutable
(``EntityResult`` is frozen; its counts are a ``Mapping`` nobody writes).
The loop left builds one record per row and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from sqmy_core.rules.spec import QuotaSpec, Ruleset
from sqmy_core.scoring.quotas import PERIOD_MONTHS, QuotaResult
from sqmy_core.scoring.result import EntityResult

if TYPE_CHECKING:
    import polars as pl


def in_output_order(table: pl.DataFrame, roles: Sequence[str]) -> pl.DataFrame:
    """The rows as the assessment lists people: by ranking class in the order of the scope's
    roles (no class first), then rank, then id (polars orders text by its UTF-8 bytes, which
    is Python's order of the code points)."""
    import polars as pl

    order = {r: i for i, r in enumerate(roles)}
    klass = pl.col("group").replace_strict(order, default=0, return_dtype=pl.Int64).fill_null(0)
    return table.with_columns(_order=klass).sort(["_order", "rank", "id"]).drop("_order")


def flag_codes(table: pl.DataFrame) -> tuple[pl.Series, list[tuple[str, ...]]]:
    """Each row's flags as an index into the distinct flag tuples (mostly none)."""
    import polars as pl

    coded = table.select("flags", code=pl.col("flags").list.join("\x1f").rank("dense") - 1)
    distinct = coded.unique(subset="code").sort("code")
    return coded["code"], [tuple(f) for f in distinct["flags"].to_list()]


def _quota_codes(table: pl.DataFrame, i: int, q: QuotaSpec) -> tuple[pl.Expr, list[QuotaResult]]:
    """Quota ``i``'s result of each row as an index into its distinct results (-1 where it
    does not apply): counts and minimums repeat, so 600,000 rows do not each build one.

    The lists have one entry per period, so a row's result is the dense rank of the
    struct of their entries (integers; no text is made per row).
    """
    import polars as pl

    n = len(PERIOD_MONTHS[q.period])
    c, m, a, met = (pl.col(f"q{i}_{x}") for x in ("c", "m", "a", "met"))
    entries = [col.list.get(k).alias(f"{x}{k}") for x, col in (("c", c), ("m", m), ("a", a))
               for k in range(n)]  # fmt: skip
    key = pl.struct([*entries, met.alias("met")])
    coded = table.select(c, m, a, met, code=key.rank("dense").cast(pl.Int64) - 1)
    distinct = coded.unique(subset="code").sort("code")
    known = [
        QuotaResult(quota=q.id, label=q.label, clause=q.clause, metric=q.metric, min=q.min,
                    counts=tuple(cc), met=mt, minimums=tuple(mm), assessed=tuple(aa))
        for cc, mm, aa, mt, _ in distinct.iter_rows()
    ]  # fmt: skip
    code = pl.when(pl.col(f"q{i}_on")).then(coded["code"]).otherwise(-1)
    return code, known


def quota_codes(table: pl.DataFrame, quotas: Sequence[tuple[int, QuotaSpec]]
                ) -> tuple[pl.Series, list[tuple[QuotaResult, ...]]]:
    """Each row's tuple of quota results (those that apply, in ruleset order) as an index into
    the distinct tuples."""
    import polars as pl

    if not quotas:
        return pl.Series("code", [0] * table.height, dtype=pl.Int64), [()]
    parts = [_quota_codes(table, i, q) for i, q in quotas]
    names = [f"_q{k}" for k in range(len(parts))]
    coded = table.select(*[code.alias(n) for (code, _), n in zip(parts, names, strict=True)])
    coded = coded.with_columns(code=pl.struct(names).rank("dense").cast(pl.Int64) - 1)
    sets = [
        tuple(known[c] for c, (_, known) in zip(row, parts, strict=True) if c >= 0)
        for *row, _ in coded.unique(subset="code").sort("code").iter_rows()
    ]  # fmt: skip
    return coded["code"], sets


def person_records(rs: Ruleset, table: pl.DataFrame, t: int, names: Sequence[str],
                   parts: dict[tuple[str | None, str | None], str]) -> list[EntityResult]:
    """One :class:`EntityResult` per row of ``table`` (scaled by ``t``), in the table's order."""
    sections = [(s.id, parts[(s.id, None)]) for s in rs.sections]
    tallies = [(x.id, parts[(None, x.id)]) for x in rs.tallies]
    person_quotas = [(i, q) for i, q in enumerate(rs.quotas) if q.entity == "person"]
    qcodes, qsets = quota_codes(table, person_quotas)
    fcodes, fsets = flag_codes(table)
    adopted = list(names).index("adopted")
    fractions: dict[int, Fraction] = {}
    counts_of: dict[tuple[int, ...], dict[str, int]] = {}

    def frac(value: int) -> Fraction:
        got = fractions.get(value)
        if got is None:
            got = fractions[value] = Fraction(value, t)
        return got

    def values(cols: list[tuple[str, str]]) -> list[dict[str, Fraction]] | list[None]:
        if not cols:
            return [None] * table.height
        rows = zip(*(table[c].to_list() for _, c in cols), strict=True)
        ids = [i for i, _ in cols]
        return [{i: frac(v) for i, v in zip(ids, row, strict=True)} for row in rows]

    secs = values(sections) if rs.sections else [None] * table.height
    tals = values(tallies) if rs.tallies else [None] * table.height
    counts_rows = zip(*(table[f"n_{m}"].to_list() for m in names), strict=True)
    out = []
    for ident, name, group, points, rank, qmet, qcode, fcode, award, grade, crow, sec, tal in zip(
        table["id"].to_list(), table["name"].to_list(), table["group"].to_list(),
        table["points_s"].to_list(), table["rank"].to_list(), table["quotas_met"].to_list(),
        qcodes.to_list(), fcodes.to_list(), table["award"].to_list(), table["grade"].to_list(),
        counts_rows, secs, tals, strict=True,
    ):  # fmt: skip
        counts = counts_of.get(crow)
        if counts is None:
            counts = counts_of[crow] = dict(zip(names, crow, strict=True))
        got = fractions.get(points)
        # positional: a third faster than keywords, 600,000 times (the equality tests with
        # the reference catch a field out of place)
        out.append(EntityResult(
            ident, name, "person", group, got if got is not None else frac(points), rank,
            crow[adopted], qmet, qsets[qcode], fsets[fcode], award, counts, sec, tal, grade,
        ))  # fmt: skip
    return out
