"""Checking a rule kind's ``params`` table: every problem, with its key, in the shared codes.

A kind's :meth:`~sqmy_core.RuleKind.check` gets the ``params`` table exactly
as TOML gave it (ints, floats, strings, booleans, tables ...): nothing has
been converted or checked.  These helpers refuse what the core's own ruleset
checks refuse, with the same message codes of :mod:`sqmy_core.i18n`
(``missing``, ``wrong_type``, ``out_of_range``, ``not_positive``,
``unknown_value``, ``unknown_key``, ``empty``), so a plugin's error reads
like any other ruleset error, in Chinese or English::

    rulesets/xiaoshan.toml: scoring.rules[6].params.bodies: 应在 2 到 10 之间，实际为 1

Problem paths are relative to ``params`` (``"bodies"``); the core prefixes
them with the rule's path (``scoring.rules[6].params.``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, TypeGuard

from sqmy_core.kit import Problem, show_value


def unknown_keys(params: Mapping[str, Any], allowed: Iterable[str]) -> list[Problem]:
    """A problem for every key that is not one of ``allowed`` (a typo must not pass)."""
    names = tuple(allowed)
    return [
        Problem(str(key), "unknown_key", {"key": key, "allowed": ", ".join(names)})
        for key in params
        if key not in names
    ]


def is_number(value: object) -> TypeGuard[int | float]:
    """An int or a finite float, and not a boolean (TOML ``true`` is not 1)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int)


def exact(value: int | float) -> Fraction:
    """A TOML number as the exact decimal it was written as (``0.6`` -> 3/5, not a binary float)."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def positive_number(params: Mapping[str, Any], key: str) -> list[Problem]:
    """``key`` is present and a number above zero."""
    if key not in params:
        return [Problem(key, "missing")]
    value = params[key]
    if not is_number(value):
        return [Problem(key, "wrong_type", {"expected": "number", "found": show_value(value)})]
    if exact(value) <= 0:
        return [Problem(key, "not_positive", {"found": show_value(value)})]
    return []


def integer_in(params: Mapping[str, Any], key: str, low: int, high: int) -> list[Problem]:
    """``key`` is present and an integer from ``low`` to ``high``."""
    if key not in params:
        return [Problem(key, "missing")]
    value = params[key]
    if isinstance(value, bool) or not isinstance(value, int):
        return [Problem(key, "wrong_type", {"expected": "integer", "found": show_value(value)})]
    if not low <= value <= high:
        return [Problem(key, "out_of_range", {"low": low, "high": high, "found": str(value)})]
    return []


def non_empty_string(params: Mapping[str, Any], key: str) -> list[Problem]:
    """``key`` is present and a string with something in it."""
    if key not in params:
        return [Problem(key, "missing")]
    value = params[key]
    if not isinstance(value, str):
        return [Problem(key, "wrong_type", {"expected": "string", "found": show_value(value)})]
    if not value.strip():
        return [Problem(key, "empty")]
    return []


def choice(params: Mapping[str, Any], key: str, what: str, allowed: Iterable[str]) -> list[Problem]:
    """``key``, when present, is a string among ``allowed`` (``what`` names the vocabulary)."""
    if key not in params:
        return []
    value = params[key]
    names = tuple(allowed)
    if not isinstance(value, str):
        return [Problem(key, "wrong_type", {"expected": "string", "found": show_value(value)})]
    if value not in names:
        return [
            Problem(
                key,
                "unknown_value",
                {"what": what, "found": repr(value), "allowed": ", ".join(names)},
            )
        ]
    return []
