"""The ruleset converter's table structurer does what cattrs' generated function does.

:func:`sqmy_core.rules.convert.table_structurer` structures a TOML table into
a ruleset class without writing code (cattrs' generated functions cost most of
a ruleset's loading time); here it is run beside cattrs' own
(:func:`~sqmy_core.rules.convert.cattrs_structurer`) on the bundled rulesets
and on mutated ones: the same ruleset, or the same problems with the same key
paths, every time.
"""

from __future__ import annotations

import tomllib
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from sqmy_core.rules.convert import (
    cattrs_structurer,
    make_converter,
    problems_from,
    table_structurer,
)
from sqmy_core.rules.spec import Ruleset
from sqmy_core.testing.ruleset_strategies import BUNDLED, _bundled, mutated_ruleset_docs

OURS = make_converter()
CATTRS = make_converter(cattrs_structurer)


def outcome(conv: Any, doc: dict[str, Any]) -> tuple[str, object]:
    try:
        return "ok", conv.structure(dict(doc), Ruleset)
    except Exception as exc:
        return type(exc).__name__, [(p.path, p.code, p.params) for p in problems_from(exc)]


@pytest.mark.parametrize("name", BUNDLED)
def test_the_bundled_rulesets(name: str) -> None:
    doc = tomllib.loads(_bundled(name))
    ours, theirs = outcome(OURS, doc), outcome(CATTRS, doc)
    assert ours[0] == "ok"
    assert ours == theirs


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_ruleset_docs())
def test_mutated_rulesets(doc: dict[str, Any]) -> None:
    assert outcome(OURS, doc) == outcome(CATTRS, doc)


def test_a_class_with_a_field_it_does_not_handle_gets_cattrs_function() -> None:
    @attrs.frozen
    class Hidden:
        shown: int
        _kept: int = 0  # its key is "_kept", its __init__ argument "kept"

    structure = table_structurer(Hidden, OURS)
    assert structure({"shown": 1, "_kept": 2}, Hidden) == Hidden(1, 2)
    assert structure.__name__ != "structure"  # cattrs' generated function


def test_the_errors_carry_cattrs_notes() -> None:
    doc = tomllib.loads(_bundled("district"))
    doc["year"] = {"start": 5, "nonsense": 1}
    kind, problems = outcome(OURS, doc)
    assert kind == "ClassValidationError"
    assert problems == outcome(CATTRS, doc)[1]
    assert {p[0] for p in problems} >= {"year.nonsense"}
