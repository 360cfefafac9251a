"""``bulk_rows.json_object`` writes what ``json.dumps`` writes of the row's non-null optional keys.

The bulk import stores this text and the audit hashes it, so it must be the
record-by-record import's text byte for byte, wherever an optional key's null
falls (first, between, last, all) and whatever the strings hold.
"""

from __future__ import annotations

import json
from itertools import product
from typing import Any

import pytest

pl = pytest.importorskip("polars")

from sqmy_core.workspace.bulk_rows import canonical_object, json_object  # noqa: E402

TRICKY = ["x", '{"a":null,}', ',"b":null', 'q"\\', "中文 \u2028 \x01", ""]
KEYS = ("a", "b", "c", "d")
OPTIONAL = ("a", "c", "d")


def _rows() -> list[dict[str, Any]]:
    return [
        dict(zip(KEYS, values, strict=True)) for values in product([None, *TRICKY[:3]], repeat=4)
    ]


def _expected(row: dict[str, Any], keys: tuple[str, ...]) -> str:
    kept = {k: row[k] for k in keys if row[k] is not None or k not in OPTIONAL}
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("order", [KEYS, ("d", "b", "a", "c")], ids=["sorted", "unsorted"])
def test_optional_nulls_are_left_out_and_required_nulls_kept(order: tuple[str, ...]) -> None:
    rows = _rows()
    frame = pl.DataFrame(rows, schema=dict.fromkeys(KEYS, pl.Utf8))
    expr = json_object([(k, pl.col(k)) for k in order], OPTIONAL)
    got = frame.select(expr.alias("t")).get_column("t").to_list()
    assert got == [_expected(r, order) for r in rows]


def test_every_key_optional_and_null_gives_an_empty_object() -> None:
    frame = pl.DataFrame({"a": [None, None], "b": ["v", None]}, schema={"a": pl.Utf8, "b": pl.Utf8})
    expr = canonical_object([("b", pl.col("b")), ("a", pl.col("a"))], ("a", "b"))
    assert frame.select(expr.alias("t")).get_column("t").to_list() == ['{"b":"v"}', "{}"]


def test_lists_and_tricky_strings_encode_as_json_dumps() -> None:
    values = [[t, "y"] for t in TRICKY] + [[], None]
    frame = pl.DataFrame({"l": values, "s": [*TRICKY, None, "z"]})
    expr = json_object([("l", pl.col("l")), ("s", pl.col("s"))], ("l", "s"))
    got = frame.select(expr.alias("t")).get_column("t").to_list()
    want = [
        json.dumps({k: v for k, v in (("l", lv), ("s", sv)) if v is not None},
                   ensure_ascii=False, separators=(",", ":"))
        for lv, sv in zip(values, [*TRICKY, None, "z"], strict=True)
    ]  # fmt: skip
    assert got == want
