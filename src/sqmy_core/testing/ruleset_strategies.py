"""Hypothesis strategies for ruleset TOML text: the bundled rulesets, mutated.

For this library's tests and the fuzz profile (Hypothesis is a development
dependency: import this module from tests only; :mod:`.strategies` re-exports it).

- :func:`bundled_texts` -- the example rulesets ``sqmy ruleset init`` writes;
- :func:`mutated_ruleset_docs` -- one of them parsed, with a few values replaced
  by wrong types, huge or odd numbers, dates at the ends of time, unicode and
  control characters, keys deleted or unknown keys added;
- :func:`ruleset_texts` -- TOML text of such documents, and text-level damage
  that no document can express: nesting 1,000 deep, a 4,301-digit integer,
  a format spec in a template, a cut-off file, stray bytes.
"""

from __future__ import annotations

import copy
import tomllib
from datetime import date, datetime, timedelta, timezone
from functools import cache
from importlib import resources
from typing import Any

import tomli_w
from hypothesis import strategies as st

from sqmy_core.testing.strategies import mutated_docs

BUNDLED = ("district", "committee", "party", "duty", "county_office")


@cache
def _bundled(name: str) -> str:
    return (resources.files("sqmy_core") / "templates" / f"{name}.toml").read_text("utf-8")


def bundled_texts() -> st.SearchStrategy[str]:
    """The text of one bundled example ruleset."""
    return st.sampled_from(BUNDLED).map(_bundled)


toml_scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.sampled_from(
        [0, -1, 1, 2, 12, 13, 3660, 3661, 10**9, 10**9 + 1, -(10**9) - 1, 10**18, 2**63 - 1]
    ),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.1, 0.6, 1e-7, 1e308, -1e308, 123456.1234567]),
    st.text(max_size=8),
    st.sampled_from(
        [
            "",
            " ",
            "x\x00",
            "\x7f",
            "a" * 129,
            "中" * 501,
            "{title:>400000000}",
            "{title!r}",
            "{nope}",
            "{",
            "9999-12-31",
            "0001-01-01",
            "+08:00",
            "/dev/zero",
            "district.toml",
        ]
    ),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2024, 2, 29)]),
    st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9998, 12, 31),
        timezones=st.just(timezone(timedelta(hours=8))),
    ),
)
toml_values = st.recursive(
    toml_scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(min_size=1, max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
"""Any value TOML can hold (tomli_w writes it), including ones that break a ruleset's bounds."""

UNKNOWN_KEYS = ["id", "x", "points", "cap", "min", "days_before", "extends", "plugins", "kind"]


def _clean(value: Any) -> Any:
    """What ``tomli_w`` can write: no ``None``, no empty-key tables it would refuse."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value if v is not None]
    return value


INTS = st.integers(-(10**20), 10**20) | st.sampled_from(
    [0, -1, 1, 7, 8, 12, 13, 50, 51, 3660, 3661]
)
NUMBERS = (
    INTS | st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([0.5, 1e9, 1e10])
)
STRINGS = st.text(max_size=8) | toml_scalars.filter(lambda v: isinstance(v, str))
DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def _same_kind(value: Any) -> st.SearchStrategy[Any]:
    """A replacement of the same TOML type (so the ruleset may still load, with odd values)."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return INTS
    if isinstance(value, float):
        return NUMBERS
    if isinstance(value, str):
        return STRINGS
    if isinstance(value, date):
        return DATES
    return toml_values


def _leaves(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, (*prefix, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*prefix, i))]
    return [prefix]


@st.composite
def _nudged(draw: st.DrawFn, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with one to four scalars replaced by odd values of their own type."""
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_leaves(doc)))
        target: Any = doc
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = draw(_same_kind(target[path[-1]]))
    return doc


@st.composite
def mutated_ruleset_docs(draw: st.DrawFn) -> dict[str, Any]:
    """A bundled ruleset's document with one to four values replaced, deleted or added."""
    doc = copy.deepcopy(tomllib.loads(draw(bundled_texts())))
    if draw(st.booleans()):
        mutated = draw(_nudged(doc))
    else:
        mutated = draw(mutated_docs(doc, values=toml_values, keys=UNKNOWN_KEYS))
    cleaned = _clean(mutated)
    assert isinstance(cleaned, dict)
    return cleaned


def _dumps(doc: dict[str, Any]) -> str | None:
    try:
        return tomli_w.dumps(doc)
    except (TypeError, ValueError):
        return None  # a value tomli_w cannot write (a mixed array in old versions ...)


TEXT_DAMAGE = [
    "\nnested = " + "[" * 1000 + "]" * 1000 + "\n",
    "\nnested = " + "{a = " * 1000 + "1" + "}" * 1000 + "\n",
    "\nbig = " + "9" * 4301 + "\n",
    "\nbig = 1" + "0" * 400 + "\n",
    '\nextends = "/dev/zero"\n',
    '\nextends = "."\n',
    '\n[[notifications]]\nid = "fz"\non = "adopted"\nto = ["authors"]\nsubject = "{title:>400000000}"\n',
    "\n[deadlines]\nroutes = { direct = 3000000 }\n",
    "\n[[flags]]\nid = 'fz'\nquota = 'member'\nconsecutive_years = 1000000000\n",
    "\n\x00\n",
    "\n\ud800 = 1\n",
    '\ntitle = "\\ud800"\n',
    "\n[[",
]


@st.composite
def ruleset_texts(draw: st.DrawFn) -> str:
    """Ruleset TOML text: valid, mutated through its document, or damaged as text."""
    how = draw(st.sampled_from(["bundled", "document", "document", "append", "cut", "splice"]))
    if how == "bundled":
        return draw(bundled_texts())
    if how == "document":
        text = _dumps(draw(mutated_ruleset_docs()))
        if text is not None:
            return text
        return draw(bundled_texts())
    base = draw(bundled_texts())
    if how == "append":
        return base + draw(st.sampled_from(TEXT_DAMAGE))
    if how == "cut":
        return base[: draw(st.integers(0, len(base)))]
    at = draw(st.integers(0, len(base)))
    return base[:at] + draw(st.text(max_size=6)) + base[at:]
