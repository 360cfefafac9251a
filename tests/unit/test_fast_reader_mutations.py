"""Random mutations of valid documents: the fast and the reference reader always agree.

Each example takes a valid document (a synthetic district year, or one of the
repository's example documents), changes one thing -- drops a key, repeats a
key (in the text: no Python dict can hold it twice), puts a value of another
type or a dangling reference, a time without an offset, an oversize string
-- and checks that both readers accept with equal frames or refuse with the
same message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("polars")
pytest.importorskip("msgspec")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqmy_core.errors import DatasetError
from sqmy_core.interchange.fast_reader import read_frames, reference_frames
from sqmy_core.rules.declared import declarations_of
from sqmy_core.testing.frames import frames_differences
from sqmy_core.tools.synth import generate
from sqmy_core.workspace.files import load_ruleset

ROOT = Path(__file__).resolve().parents[2]


def _kw(name: str) -> dict[str, Any]:
    rs = load_ruleset(ROOT / "rulesets" / f"{name}.toml")
    return {"extra_roles": rs.reviewer_roles, "declarations": declarations_of(rs)}


def _v11() -> dict[str, Any]:
    """A 1.1 document the fast path reads itself (no attributes, adjustments or activities)."""
    doc = generate("district", seed=12, year=2024, pieces=30)
    doc["format"] = "sqmy-dataset/1.1"
    doc["people"][0]["until"] = "2030-01-01T00:00:00Z"
    doc["pieces"][0]["body"] = "正文"
    return doc


DOCS: list[tuple[dict[str, Any], dict[str, Any]]] = [
    (generate("district", seed=11, year=2024, pieces=30), _kw("district")),
    (_v11(), _kw("district")),
    *(
        (json.loads((ROOT / "rulesets" / "examples" / f"{n}-2024.json").read_text("utf-8")), _kw(n))
        for n in ("county_office", "duty")
    ),
]

VALUES: list[Any] = [
    None, 1, 2.5, True, "", " ", "x", "nope", "o" * 129, "n" * 501, [], ["nope"], {},
    {"a": 1}, "2024-01-01T00:00:00", "2024-01-01T00:00:00Z", "2024-06-01T09:00:00+08:00",
    "2024-06-01T09:00:00.25+08:00", "2024-13-01T00:00:00Z", "1899-12-31T23:00:00Z",
    "2199-12-31T24:00:00Z", "a:b", "\u3000x", "approved", "member", "sector", "cppcc",
]  # fmt: skip


class _Pairs(list[tuple[str, Any]]):
    """An object written with its pairs in order, a key possibly twice."""


def _encode(v: Any) -> str:
    if isinstance(v, _Pairs):
        return "{" + ", ".join(f"{json.dumps(k)}: {_encode(x)}" for k, x in v) + "}"
    if isinstance(v, dict):
        return _encode(_Pairs(v.items()))
    if isinstance(v, list):
        return "[" + ", ".join(_encode(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[bytes, dict[str, Any]]:
    doc, kw = draw(st.sampled_from(DOCS))
    doc = json.loads(json.dumps(doc))
    lists = [k for k, v in doc.items() if isinstance(v, list) and v]
    where = draw(st.sampled_from(lists))
    i = draw(st.integers(0, len(doc[where]) - 1))
    rec = doc[where][i]
    ids = [r.get("id") for k in lists for r in doc[k] if isinstance(r, dict) and "id" in r]
    key = draw(st.sampled_from([*rec, "attributes", "note", "until", "kind", "extra"]))
    how = draw(st.sampled_from(["drop", "set", "ref", "dup", "dup_same"]))
    if how == "drop":
        rec.pop(key, None)
    elif how == "set":
        rec[key] = draw(st.sampled_from(VALUES))
    elif how == "ref":
        rec[key] = draw(st.sampled_from(ids))
    else:
        value = rec.get(key) if how == "dup_same" else draw(st.sampled_from(VALUES))
        pairs = _Pairs(rec.items())
        pairs.insert(draw(st.integers(0, len(pairs))), (key, value))
        doc[where][i] = pairs
    return _encode(doc).encode(), kw


def _outcome(read: Any, data: bytes, kw: dict[str, Any]) -> Any:
    try:
        return read(data, source="m.json", **kw)
    except DatasetError as e:
        return ("refused", str(e))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_fast_and_reference_agree_on_mutated_documents(case: tuple[bytes, dict[str, Any]]) -> None:
    data, kw = case
    fast = _outcome(read_frames, data, kw)
    ref = _outcome(reference_frames, data, kw)
    if isinstance(ref, tuple) or isinstance(fast, tuple):
        assert fast == ref
    else:
        assert frames_differences(fast, ref) == []
