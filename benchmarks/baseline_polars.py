"""The alternative a technical user would write: a plain polars script for the district policy.

It reads a ``sqmy-dataset/1`` JSON file (or the same tables as Parquet files,
for the stored path) and writes the ``sqmy-assessment/1`` document that
``sqmy assess --ruleset rulesets/district.toml --data X --year Y --format json``
writes, for that one policy (``../shared/policies/district.md``), with the
policy's numbers written into the script as such a user would.  It does not
use sqmy_core: the benchmark compares the library with what one would do
without it.  Exactness as the policy asks: points are integers in units of
``1 / (2 * D)`` (halves from the 1.5x multiplier, tenths from the 60/40
split, and the other authors' shares over ``D``), so sums, caps, ties and the
half-up rounding are exact; floats only appear in the output.

    python -m benchmarks.baseline_polars --data X.json --year 2024 [--out FILE]
    python -m benchmarks.baseline_polars --parquet DIR --year 2024 [--out FILE]
    python -m benchmarks.baseline_polars --data X.json --to-parquet DIR   # once, untimed
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import polars as pl

TZ = timezone(timedelta(hours=8))  # 第一条：北京时间
LOCAL = pl.duration(hours=8)
ROLES = ("member", "special_officer")  # 第一条
UNIT_KINDS = ("sector", "committee", "liaison")
# 第五条, in half points (x2) so that the principal's 1.5x stays an integer
ADOPTED_X2 = {"cppcc-county": 4, "cppcc-city": 8, "cppcc-province": 16, "cppcc-national": 30}
INSTRUCTED = {"county": 3, "city": 6, "province": 10, "national": 10}
INSTRUCTED_CAP_X2 = 40
DEADLINE_DAYS = {"direct": 2, "reference": 5, "transfer": 14}  # 第四条
TABLES = ("units", "people", "calls", "pieces", "events")

_TIME = pl.Datetime("us", "UTC")
_S = pl.String
_L = pl.List(pl.String)
JSON_SCHEMA: dict[str, pl.DataType] = {
    "format": pl.String(),
    "units": pl.List(pl.Struct({"id": _S, "name": _S, "kind": _S, "parent": _S})),
    "people": pl.List(
        pl.Struct({"id": _S, "name": _S, "roles": _L, "units": _L, "since": _S, "until": _S})
    ),
    "calls": pl.List(pl.Struct({"id": _S, "kind": _S})),
    "pieces": pl.List(
        pl.Struct({"id": _S, "authors": _L, "unit": _S, "submitted_at": _S, "call": _S})
    ),
    "events": pl.List(
        pl.Struct(
            {
                "piece": _S,
                "type": _S,
                "at": _S,
                "route": _S,
                "body": _S,
                "level": _S,
                "rank": _S,
                "outcome": _S,
            }
        )
    ),
}


def _time(col: str) -> pl.Expr:
    """ISO 8601 with an offset -> a UTC instant (``24:00`` never occurs in these columns)."""
    return pl.col(col).str.to_datetime("%Y-%m-%dT%H:%M:%S%z", time_zone="UTC", time_unit="us")


def read_json(path: Path) -> dict[str, pl.DataFrame]:
    """The five tables of a dataset file, times parsed, events numbered in file order."""
    doc = pl.read_json(path, schema=JSON_SCHEMA)
    if doc["format"][0] not in ("sqmy-dataset/1", "sqmy-dataset/1.1"):
        raise SystemExit(f"{path}: not a sqmy-dataset/1 document")
    t = {name: doc.select(pl.col(name).explode()).unnest(name) for name in TABLES}
    return {
        "units": t["units"].select("id", "kind"),
        "people": t["people"].select("id", "roles", "units", _time("since"), _time("until")),
        "calls": t["calls"],
        "pieces": t["pieces"].select("id", "authors", "unit", _time("submitted_at"), "call"),
        "events": t["events"].with_columns(_time("at")).with_row_index("seq"),
    }


def read_parquet(directory: Path) -> dict[str, pl.DataFrame]:
    return {name: pl.read_parquet(directory / f"{name}.parquet") for name in TABLES}


def write_parquet(tables: dict[str, pl.DataFrame], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.write_parquet(directory / f"{name}.parquet")


def _start(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=TZ).astimezone(UTC)


def _cents(scaled: pl.Expr, scale: int) -> pl.Expr:
    """``scaled / scale`` in hundredths, rounded half away from zero (divided in Python later:
    polars divides a column by a constant as a multiplication, 3140 / 100 -> 31.400000000000002)."""
    q = scaled.abs() * 100
    whole = (2 * q + scale) // (2 * scale)
    return pl.when(scaled < 0).then(-whole).otherwise(whole)


def _competition_rank(points: pl.Expr, adopted: pl.Expr, widest: int) -> pl.Expr:
    """第六条第1款：points, then adopted pieces, higher first; ties share (1, 2, 2, 4)."""
    return (points * (widest + 1) + adopted).rank("min", descending=True).cast(pl.Int64)


def assess(t: dict[str, pl.DataFrame], year: int) -> dict[str, Any]:
    """The year's assessment under the district policy, as a ``sqmy-assessment/1`` document."""
    pieces, calls = t["pieces"], t["calls"]
    ev = (
        t["events"]
        .lazy()
        .with_columns(y=(pl.col("at") + LOCAL).dt.year())
        .sort("piece", "at", "seq")
        .collect()  # sorted once, then read by every rule below
        .lazy()
    )

    # 第五条: each rule's cumulative value per piece; a line is the change an event makes,
    # in the year of that event (第8款: this year's = cumulative to its end - to last year's end)
    call_kind = (
        pieces.lazy()
        .join(calls.lazy().rename({"id": "call", "kind": "call_kind"}), on="call", how="left")
        .select(pl.col("id").alias("piece"), "call_kind")
    )
    approved = (
        ev.filter(pl.col("type") == "approved")
        .group_by("piece")
        .agg(pl.col("y").first())
        .join(call_kind, on="piece", how="left")
        .select(
            "piece",
            "y",
            d2=pl.when(pl.col("call_kind").is_in(["commission", "key_topic"])).then(4).otherwise(2),
        )
    )
    adopted = (
        ev.filter(pl.col("type") == "adopted")
        .with_columns(
            v=pl.col("body").replace_strict(ADOPTED_X2, default=None, return_dtype=pl.Int64)
        )
        .filter(pl.col("v").is_not_null())
        .with_columns(top=pl.col("v").cum_max().over("piece"))
        .with_columns(d2=pl.col("top") - pl.col("top").shift(1, fill_value=0).over("piece"))
        .select("piece", "y", "d2")
    )
    instructed = (
        ev.filter(pl.col("type") == "instructed")
        .with_columns(
            v=pl.col("level").replace_strict(INSTRUCTED, default=None, return_dtype=pl.Int64)
            * pl.when(pl.col("rank") == "principal").then(3).otherwise(2)
        )
        .filter(pl.col("v").is_not_null())
        .with_columns(c=pl.col("v").cum_sum().over("piece").clip(upper_bound=INSTRUCTED_CAP_X2))
        .with_columns(d2=pl.col("c") - pl.col("c").shift(1, fill_value=0).over("piece"))
        .select("piece", "y", "d2")
    )
    implemented = (
        ev.filter((pl.col("type") == "handled") & (pl.col("outcome") == "implemented"))
        .group_by("piece")
        .agg(pl.col("y").first())
        .select("piece", "y", d2=pl.lit(4, pl.Int64))
    )
    lines = (
        pl.concat(
            [approved.with_columns(pl.col("d2").cast(pl.Int64)), adopted, instructed, implemented]
        )
        .filter((pl.col("y") == year) & (pl.col("d2") != 0))
        .group_by("piece")
        .agg(pl.col("d2").sum())
        .collect()
        .lazy()
    )

    # 第五条第6款：one author all; several: the first 60 %, the others 40 % in equal parts
    most = int(pieces.select(pl.col("authors").list.len().max()).item() or 1)
    lcm = math.lcm(*range(1, max(most, 2)))
    denom = 10 * lcm  # shares in units of 1/denom; points in units of 1/(2*denom)
    scale = 2 * denom
    authorship = (
        pieces.lazy()
        .select(pl.col("id").alias("piece"), "authors", n=pl.col("authors").list.len())
        .explode("authors")
        .with_columns(pos=pl.int_range(pl.len()).over("piece"))
        .rename({"authors": "person"})
        .with_columns(
            share=pl.when(pl.col("n") == 1)
            .then(denom)
            .when(pl.col("pos") == 0)
            .then(6 * lcm)
            .otherwise(4 * lcm // (pl.col("n") - 1))
        )
    )

    # metrics: distinct pieces with such an event in a year (submitted: by submitted_at)
    metric = (
        pl.when(pl.col("type") == "handled")
        .then(
            pl.when(pl.col("outcome") == "implemented")
            .then(pl.lit(["handled", "implemented"]))
            .otherwise(pl.lit(["handled"]))
        )
        .otherwise(pl.concat_list(pl.col("type")))
    )
    has = (
        pl.concat(
            [
                ev.filter(pl.col("type").is_in(["approved", "adopted", "instructed", "handled"]))
                .select("piece", "y", metric=metric)
                .explode("metric"),
                pieces.lazy().select(
                    pl.col("id").alias("piece"),
                    y=(pl.col("submitted_at") + LOCAL).dt.year(),
                    metric=pl.lit("submitted"),
                ),
            ]
        )
        .filter(pl.col("y").is_in([year - 1, year]))
        .unique()
        .collect()
        .lazy()
    )
    has_y = has.filter(pl.col("y") == year)

    def counts_by(owner: pl.LazyFrame, key: str) -> pl.LazyFrame:
        """Per owner: pieces approved this year and last, adopted this year."""
        joined = owner.join(has, on="piece")
        return joined.group_by(key).agg(
            approved=((pl.col("metric") == "approved") & (pl.col("y") == year)).sum(),
            approved_last=((pl.col("metric") == "approved") & (pl.col("y") == year - 1)).sum(),
            adopted=((pl.col("metric") == "adopted") & (pl.col("y") == year)).sum(),
        )

    # people: 第一条 scope, 第二条 quotas and the 谈话引导 flag, 第六条 ranks and awards
    start, end, last_start = _start(year), _start(year + 1), _start(year - 1)
    person_points = (
        lines.join(authorship, on="piece")
        .group_by("person")
        .agg(pts=(pl.col("d2") * pl.col("share")).sum())
    )
    person_counts = counts_by(authorship.select("piece", "person").unique(), "person")
    people = (
        t["people"]
        .lazy()
        .filter(
            pl.col("roles").list.eval(pl.element().is_in(ROLES)).list.any()
            & (pl.col("since").is_null() | (pl.col("since") < end))
            & (pl.col("until").is_null() | (pl.col("until") > start))
        )
        .rename({"id": "person"})
        .join(person_points, on="person", how="left")
        .join(person_counts, on="person", how="left")
        .with_columns(pl.col("pts", "approved", "approved_last", "adopted").fill_null(0))
        .with_columns(
            member=pl.col("roles").list.contains("member"),
            officer=pl.col("roles").list.contains("special_officer"),
        )
        .with_columns(
            quotas_met=(~pl.col("member") | (pl.col("approved") >= 1))
            & (~pl.col("officer") | (pl.col("approved") >= 5)),
            talk=pl.col("member")
            & ~(pl.col("since").is_not_null() & (pl.col("since") > last_start))
            & (pl.col("approved_last") < 1)
            & (pl.col("approved") < 1),
        )
        .collect()
    )
    widest = int(people.select(pl.col("adopted").max()).item() or 0)
    people = people.with_columns(
        rank=_competition_rank(pl.col("pts"), pl.col("adopted"), widest),
        award=pl.when(pl.col("quotas_met") & (pl.col("pts") >= 20 * scale))
        .then(pl.lit("先进个人"))
        .otherwise(pl.lit(None, pl.String)),
        cents=_cents(pl.col("pts"), scale),
    ).sort("rank", "person")

    # units: 第五条第7款 full points of the pieces they sent; 第六条第3款 grades among the eligible
    sent = pieces.lazy().select(pl.col("id").alias("piece"), "unit").drop_nulls("unit")
    unit_points = lines.join(sent, on="piece").group_by("unit").agg(pts=pl.col("d2").sum() * denom)
    units = (
        t["units"]
        .lazy()
        .filter(pl.col("kind").is_in(UNIT_KINDS))
        .rename({"id": "unit"})
        .join(unit_points, on="unit", how="left")
        .join(counts_by(sent, "unit"), on="unit", how="left")
        .with_columns(pl.col("pts", "approved", "adopted").fill_null(0))
        .with_columns(quotas_met=pl.col("approved") >= 5)
        .collect()
    )
    widest = int(units.select(pl.col("adopted").max()).item() or 0)
    rank = _competition_rank(pl.col("pts"), pl.col("adopted"), widest)
    graded = units.filter(pl.col("quotas_met")).select("unit", grade_rank=rank)
    units = (
        units.with_columns(rank=rank, cents=_cents(pl.col("pts"), scale))
        .join(graded, on="unit", how="left")
        .with_columns(
            award=pl.when(pl.col("grade_rank") <= 1)
            .then(pl.lit("一等"))
            .when(pl.col("grade_rank") <= 3)
            .then(pl.lit("二等"))
            .when(pl.col("grade_rank") <= 6)
            .then(pl.lit("三等"))
            .otherwise(pl.lit(None, pl.String))
        )
        .sort("rank", "unit")
    )

    # 第四条：a dispatch later than its route's deadline from the latest approval before it
    due_days = pl.col("route").replace_strict(DEADLINE_DAYS, default=None, return_dtype=pl.Int64)
    overdue = (
        ev.with_columns(
            approved_at=pl.when(pl.col("type") == "approved")
            .then(pl.col("at"))
            .otherwise(None)
            .forward_fill()
            .over("piece")
        )
        .filter(
            (pl.col("type") == "dispatched")
            & (pl.col("y") == year)
            & due_days.is_not_null()
            & pl.col("approved_at").is_not_null()
            & (pl.col("at") > pl.col("approved_at") + pl.duration(days=due_days))
        )
        .select(pl.col("piece").unique().sort())
        .collect()["piece"]
        .to_list()
    )

    stat = dict(has_y.group_by("metric").len().collect().iter_rows())
    approved_n = stat.get("approved", 0)

    def rate(n: int) -> float:
        return (
            float((2 * n * 10_000 + approved_n) // (2 * approved_n) / 10_000) if approved_n else 0.0
        )

    return {
        "format": "sqmy-assessment/1",
        "organization": "district",
        "year": year,
        "people": [
            {
                "id": r["person"],
                "points": r["cents"] / 100,
                "rank": r["rank"],
                "adopted_pieces": r["adopted"],
                "quotas_met": r["quotas_met"],
                "flags": ["talk"] if r["talk"] else [],
                "award": r["award"],
            }
            for r in people.select(
                "person", "cents", "rank", "adopted", "quotas_met", "talk", "award"
            ).iter_rows(named=True)
        ],
        "units": [
            {
                "id": r["unit"],
                "points": r["cents"] / 100,
                "rank": r["rank"],
                "adopted_pieces": r["adopted"],
                "quotas_met": r["quotas_met"],
                "award": r["award"],
            }
            for r in units.select(
                "unit", "cents", "rank", "adopted", "quotas_met", "award"
            ).iter_rows(named=True)
        ],
        "overdue": overdue,
        "stats": {
            "submitted": stat.get("submitted", 0),
            "approved": approved_n,
            "adopted": stat.get("adopted", 0),
            "instructed": stat.get("instructed", 0),
            "implemented": stat.get("implemented", 0),
            "adoption_rate": rate(stat.get("adopted", 0)),
            "instruction_rate": rate(stat.get("instructed", 0)),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", type=Path, help="a sqmy-dataset/1 JSON file")
    source.add_argument("--parquet", type=Path, help="a directory of the five tables as Parquet")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--out", type=Path, help="write the assessment here (default: stdout)")
    parser.add_argument("--to-parquet", type=Path, help="only convert --data to Parquet tables")
    args = parser.parse_args(argv)
    tables = read_json(args.data) if args.data else read_parquet(args.parquet)
    if args.to_parquet:
        write_parquet(tables, args.to_parquet)
        return 0
    text = json.dumps(assess(tables, args.year), ensure_ascii=False, indent=2) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
