"""A strict cattrs converter for rulesets, and cattrs errors turned into Problems.

cattrs' default converter coerces quietly (``"5"`` -> 5, ``5.7`` -> 5,
``True`` -> 1, ``123`` -> ``"123"``) and would read a string as a list of its
characters.  Here every scalar hook checks the TOML type first, and every
error is reported with its key path (``scoring.rules[1].values.cppcc-city``)
and with what was expected and what was found.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn

from sqmy_core.errors import Problem
from sqmy_core.rules.spec_model import Keys, ValueTable


# Mismatch and BadChoice are private control flow, not part of sqmy_core.errors: the
# strict structure hooks raise them deep inside cattrs, and the converter turns
# each into a Problem with the key path before a RulesetError leaves this module.
class Mismatch(Exception):
    """A value of the wrong TOML type (raised by the strict hooks)."""

    def __init__(self, expected: str, found: object) -> None:
        super().__init__(expected)
        self.expected = expected
        self.found = found


class BadChoice(Exception):
    """A value outside a closed list (a ``Literal`` field)."""

    def __init__(self, allowed: tuple[object, ...], found: object) -> None:
        super().__init__(str(found))
        self.allowed = allowed
        self.found = found


def show(value: object) -> str:
    """How a found value is quoted in messages: strings in quotes, tables by kind,
    numbers and dates as written in TOML."""
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Fraction):
        return fraction_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, list):
        return "[...]" if value else "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def fraction_text(value: Fraction) -> str:
    """An exact number as a decimal when it has one (``3/2`` -> ``1.5``), else ``a/b``."""
    den = value.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    text = str(Decimal(value.numerator) / Decimal(value.denominator))
    return (
        text
        if "E" not in text
        else format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    )


def _str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise Mismatch("string", value)
    return value


def _int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Mismatch("integer", value)
    return value


def _bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise Mismatch("boolean", value)
    return value


def _fraction(value: object, _: type) -> Fraction:
    """Numbers become exact: a TOML ``0.6`` is read as the decimal it was written as."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Mismatch("number", value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Mismatch("number", value)
        return Fraction(repr(value))
    return Fraction(value)


def _keys(value: object, _: type) -> object:
    """``by = "level"`` or ``by = ["level", "attributes.degree"]``: one key or several."""
    if isinstance(value, str):
        return Keys((value,))
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return Keys(value)
    raise Mismatch("key_or_keys", value)


def _value_table(value: object, _: type) -> object:
    """A points table, nested one level per ``by`` key; every leaf an exact number."""
    if not isinstance(value, dict):
        raise Mismatch("table", value)
    out = ValueTable()
    errors: list[Exception] = []
    for k, v in value.items():
        try:
            out[k] = _value_table(v, dict) if isinstance(v, dict) else _fraction(v, Fraction)
        except Exception as exc:
            exc.__notes__ = [*getattr(exc, "__notes__", []), _KeyNote(k)]
            errors.append(exc)
    if errors:
        raise IterableValidationError("table", errors, dict)
    return out


def _scalar(value: object, _: type) -> object:
    """An attribute value: a string, a truth value or an exact number."""
    if isinstance(value, str | bool):
        return value
    return _fraction(value, Fraction)


def _date(value: object, _: type) -> date:
    """A TOML date (``2025-07-01``, unquoted)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise Mismatch("date", value)


def _is_literal(tp: Any) -> bool:
    return get_origin(tp) is typing.Literal


def _literal_hook(tp: Any) -> Callable[[object, type], object]:
    allowed = get_args(tp)

    def hook(value: object, _: type) -> object:
        if value not in allowed or type(value) is not type(allowed[0]):
            raise BadChoice(allowed, value)
        return value

    return hook


def _is_tuple(tp: Any) -> bool:
    return get_origin(tp) is tuple


def _is_dict(tp: Any) -> bool:
    return get_origin(tp) is dict


TableStructurer = Callable[[type, cattrs.Converter], Callable[[Any, type], object]]


def make_converter(tables: TableStructurer | None = None) -> cattrs.Converter:
    """A converter that refuses unknown keys and any type coercion.

    ``tables`` makes the function that structures a table into an attrs class
    (:func:`table_structurer` unless told; the tests compare it with
    :func:`cattrs_structurer`).
    """
    make_table = table_structurer if tables is None else tables
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(Fraction, _fraction)
    conv.register_unstructure_hook(Fraction, lambda f: int(f) if f.denominator == 1 else float(f))
    conv.register_structure_hook_factory(_is_literal, _literal_hook)
    conv.register_structure_hook(Keys, _keys)
    conv.register_structure_hook(ValueTable, _value_table)
    conv.register_structure_hook(str | Fraction | bool, _scalar)
    conv.register_structure_hook(
        str | Fraction | bool | None, lambda v, _: None if v is None else _scalar(v, Fraction)
    )
    conv.register_structure_hook(date, _date)
    conv.register_unstructure_hook(Keys, lambda k: k[0] if len(k) == 1 else list(k))
    conv.register_unstructure_hook(ValueTable, lambda v: _unstructure_table(v))
    conv.register_unstructure_hook(date, lambda d: d)

    def tuple_factory(tp: Any) -> Callable[[object, type], object]:
        (item_type, *_rest) = get_args(tp)
        item_hook = conv.get_structure_hook(item_type)

        def hook(value: object, _: type) -> tuple[object, ...]:
            if not isinstance(value, list):
                raise Mismatch("list", value)
            out: list[object] = []
            errors: list[Exception] = []
            for i, item in enumerate(value):
                try:
                    out.append(item_hook(item, item_type))
                except Exception as exc:
                    exc.__notes__ = [*getattr(exc, "__notes__", []), _IndexNote(i)]
                    errors.append(exc)
            if errors:
                raise IterableValidationError("list", errors, tp)
            return tuple(out)

        return hook

    def dict_factory(tp: Any) -> Callable[[object, type], object]:
        _key_type, value_type = get_args(tp)
        value_hook = conv.get_structure_hook(value_type)

        def hook(value: object, _: type) -> dict[object, object]:
            if not isinstance(value, dict):
                raise Mismatch("table", value)
            out: dict[object, object] = {}
            errors: list[Exception] = []
            for k, v in value.items():
                try:
                    out[k] = value_hook(v, value_type)
                except Exception as exc:
                    exc.__notes__ = [*getattr(exc, "__notes__", []), _KeyNote(k)]
                    errors.append(exc)
            if errors:
                raise IterableValidationError("table", errors, tp)
            return out

        return hook

    def attrs_factory(cl: Any) -> Callable[[object, type], object]:
        # Made the first time a table of the class is met, not when a class that
        # holds it is: a ruleset names ~40 classes and a file uses ~20, and every
        # command that reads a ruleset pays for the ones made.
        inner: Callable[[Any, type], object] | None = None

        def hook(value: object, _: type) -> object:
            nonlocal inner
            if not isinstance(value, dict):
                raise Mismatch("table", value)
            if inner is None:
                inner = make_table(cl, conv)
            return inner(value, cl)

        return hook

    conv.register_structure_hook_factory(attrs.has, attrs_factory)
    conv.register_structure_hook_factory(_is_tuple, tuple_factory)
    conv.register_structure_hook_factory(_is_dict, dict_factory)
    return conv


def cattrs_structurer(cl: type, conv: cattrs.Converter) -> Callable[[Any, type], object]:
    """cattrs' own structuring function for an attrs class: detailed errors, no extra keys."""
    return make_dict_structure_fn(
        cl, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
    )


def table_structurer(cl: type, conv: cattrs.Converter) -> Callable[[Any, type], object]:
    """What :func:`cattrs_structurer` gives, without writing and compiling code for it.

    cattrs writes the source of one function per class and compiles it, which
    costs more than structuring a ruleset (~1 ms a class, the greater part of
    loading one).  For a class whose fields are all plain -- set by ``__init__``
    under their own names, no attrs converter, no ``Final``, no ``Annotated``
    override, not generic: every ruleset class -- this function does the same
    steps in the same order with the same exceptions and notes (tested against
    cattrs' on the bundled and mutated rulesets); any other class gets cattrs'.
    """
    fields = attrs.fields(attrs.resolve_types(cl))
    if getattr(cl, "__parameters__", ()) or not all(_plain_field(a) for a in fields):
        return cattrs_structurer(cl, conv)
    plan = [
        (
            a.name,
            conv.get_structure_hook(a.type, cache_result=False),
            a.type,
            a.default is attrs.NOTHING,
        )
        for a in fields
    ]
    allowed = frozenset(a.name for a in fields)
    title = "While structuring " + cl.__name__
    where = f"Structuring class {cl.__qualname__} @ attribute "

    def structure(o: Any, _: type) -> object:
        res: dict[str, object] = {}
        errors: list[Exception] = []
        for name, handler, tp, required in plan:
            if required or name in o:
                try:
                    res[name] = handler(o[name], tp)
                except Exception as e:
                    e.__notes__ = [
                        *getattr(e, "__notes__", []),
                        AttributeValidationNote(where + name, name, tp),
                    ]
                    errors.append(e)
        unknown = set(o.keys()) - allowed
        if unknown:
            errors.append(ForbiddenExtraKeysError("", cl, unknown))
        if errors:
            raise ClassValidationError(title, errors, cl)
        try:
            return cl(**res)
        except Exception as exc:
            raise ClassValidationError(title, [exc], cl)  # noqa: B904 (as cattrs raises it)

    return structure


def _plain_field(a: attrs.Attribute[Any]) -> bool:
    tp: Any = a.type
    return (
        a.init
        and a.alias == a.name
        and a.converter is None
        and tp is not None
        and not isinstance(tp, str)
        and get_origin(tp) not in (typing.Annotated, typing.Final)
        and tp is not typing.Final
    )


class _IndexNote(str):
    def __new__(cls, index: int) -> _IndexNote:
        note = super().__new__(cls, f"@ index {index}")
        note.position = index
        return note

    position: int


class _KeyNote(str):
    def __new__(cls, key: object) -> _KeyNote:
        note = super().__new__(cls, f"@ key {key!r}")
        note.key = key
        return note

    key: object


def _step(note: object) -> str:
    if isinstance(note, _KeyNote):
        return f".{note.key}"
    if isinstance(note, _IndexNote):
        return f"[{note.position}]"
    name = getattr(note, "name", None)
    if isinstance(name, str):
        return f".{name}"
    index = getattr(note, "index", None)
    if isinstance(index, int):
        return f"[{index}]"
    if index is not None:
        return f".{index}"
    return ""


def _join(prefix: str, step: str) -> str:
    if not prefix:
        return step.lstrip(".")
    return prefix + step


def problems_from(exc: BaseException, path: str = "") -> Iterator[Problem]:
    """Flatten a cattrs error tree into Problems with key paths."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        for sub in exc.exceptions:
            notes = getattr(sub, "__notes__", [])
            step = "".join(_step(n) for n in notes[-1:]) if notes else ""
            yield from problems_from(sub, _join(path, step))
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = ", ".join(a.name for a in _fields_of(exc.cl))
        for key in sorted(exc.extra_fields):
            yield Problem(_join(path, f".{key}"), "unknown_key", {"key": key, "allowed": allowed})
        return
    if isinstance(exc, KeyError):
        yield Problem(path, "missing", {})
        return
    if isinstance(exc, Mismatch):
        yield Problem(path, "wrong_type", {"expected": exc.expected, "found": show(exc.found)})
        return
    if isinstance(exc, BadChoice):
        allowed = ", ".join(str(a) for a in exc.allowed)
        yield Problem(
            path, "unknown_value", {"what": "choice", "found": show(exc.found), "allowed": allowed}
        )
        return
    yield Problem(path, "wrong_type", {"expected": "table", "found": show(str(exc))})


def _fields_of(cl: type) -> tuple[Any, ...]:
    return tuple(attrs.fields(cl))


def _unstructure_table(value: dict[str, Any]) -> dict[str, Any]:
    return {
        k: _unstructure_table(v)
        if isinstance(v, dict)
        else (int(v) if v.denominator == 1 else float(v))
        for k, v in value.items()
    }
