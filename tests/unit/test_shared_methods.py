"""The shared repr, equality and hash behave as the methods attrs would have written.

Each decorated class is checked against a twin that attrs makes with its own
generated methods (same fields, same ``repr``/``eq`` settings), on instances
taken from every bundled ruleset and a dataset: the same text, the same
answers to ``==`` and ``!=``, hashable exactly when the twin is, equal
objects hashing alike.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from attrs import field, frozen

import sqmy_core.model
import sqmy_core.rules
from sqmy_core.model.shared_methods import shared_methods, shared_repr
from sqmy_core.rules.load import load_ruleset
from sqmy_core.workspace.files import read_dataset_with

REPO = Path(__file__).resolve().parents[2]
RULESET_FILES = sorted((REPO / "rulesets").glob("*.toml")) + sorted(
    (REPO / "rulesets" / "examples").glob("*.toml")
)


def _decorated() -> list[type]:
    """Every class in ``sqmy_core.model`` and ``sqmy_core.rules`` that takes the shared repr."""
    found = []
    for package in (sqmy_core.model, sqmy_core.rules):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and value.__module__ == module.__name__
                    and attrs.has(value)
                    and value.__dict__.get("__repr__") is _shared("_repr")
                ):
                    found.append(value)
    return found


def _shared(name: str) -> Any:
    return getattr(importlib.import_module("sqmy_core.model.shared_methods"), name)


def _twin(cls: type) -> type:
    """The same fields in a class whose repr, eq and hash attrs writes itself."""
    return attrs.make_class(
        cls.__name__,
        {a.name: field(default=None, repr=a.repr, eq=a.eq) for a in attrs.fields(cls)},
        frozen=True,
    )


def _as_twin(obj: Any) -> Any:
    twin = _TWINS.get(type(obj))
    if twin is None:
        twin = _TWINS[type(obj)] = _twin(type(obj))
    return twin(**{a.name: getattr(obj, a.name) for a in attrs.fields(type(obj))})


_TWINS: dict[type, type] = {}


def _walk(value: Any) -> Iterator[Any]:
    """Every attrs instance reachable from ``value`` (through fields, sequences, mappings)."""
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if attrs.has(type(item)):
            yield item
            stack += [getattr(item, a.name) for a in attrs.fields(type(item))]
        elif isinstance(item, list | tuple):
            stack += item
        elif isinstance(item, dict):
            stack += item.values()


def _hash_or_error(obj: Any) -> int | type[Exception]:
    try:
        return hash(obj)
    except TypeError:
        return TypeError


def _instances() -> list[Any]:
    roots: list[Any] = []
    for path in RULESET_FILES:
        try:
            roots.append(load_ruleset(path))
        except Exception:  # a ruleset that needs its plugins: the others suffice
            continue
    data = REPO / "tests" / "integration" / "data"
    ledger = load_ruleset(data / "ledger_v2.toml")
    roots += [ledger, read_dataset_with(ledger, data / "ledger_v2_2024.json")]
    per_class: dict[type, list[Any]] = {}
    for obj in (obj for root in roots for obj in _walk(root)):
        kept = per_class.setdefault(type(obj), [])
        if len(kept) < PER_CLASS:
            kept.append(obj)
    return [obj for kept in per_class.values() for obj in kept]


PER_CLASS = 8
"""Instances of one class checked (the first met: enough to see each field set and unset)."""


INSTANCES = _instances()


def test_every_decorated_class_is_frozen_and_some_are_met() -> None:
    classes = _decorated()
    assert len(classes) >= 50
    for cls in classes:
        assert cls.__setattr__.__name__ == "_frozen_setattrs", cls
    met = {type(obj) for obj in INSTANCES} & set(classes)
    assert len(met) >= 25, sorted(c.__name__ for c in met)


def test_repr_is_attrs_repr() -> None:
    shown = [obj for obj in INSTANCES if type(obj).__dict__.get("__repr__") is _shared("_repr")]
    assert len(shown) > 150
    for obj in shown:
        assert repr(obj) == repr(_as_twin(obj))


def test_equality_and_hash_are_attrs_equality_and_hash() -> None:
    compared = [obj for obj in INSTANCES if type(obj).__dict__.get("__eq__") is _shared("_eq")]
    assert len(compared) > 50
    for obj in compared:
        same = attrs.evolve(obj)
        assert same == obj
        assert not same != obj  # noqa: SIM202 - != is asked on purpose
        assert (_hash_or_error(same) is TypeError) == (_hash_or_error(_as_twin(obj)) is TypeError)
        if _hash_or_error(obj) is not TypeError:
            assert hash(same) == hash(obj)
        assert obj != _as_twin(obj)  # another class is never equal
        for a in attrs.fields(type(obj)):
            if not a.eq:
                continue
            try:
                other = attrs.evolve(obj, **{a.name: _other_value(getattr(obj, a.name))})
            except (TypeError, ValueError):  # a converter or validator refuses the stand-in
                continue
            assert (other == obj) == (_as_twin(other) == _as_twin(obj)), (type(obj), a.name)


def _other_value(value: Any) -> Any:
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, tuple):
        return (*value, "x")
    if isinstance(value, dict):
        return {**value, "x": 1}
    return object()


def _features(shared: bool) -> Any:
    """A class with every field setting the shared methods read; with them or with attrs'."""
    body = {
        "plain": field(),
        "hidden": field(default="h", repr=False),
        "loud": field(default="l", repr=str.upper),
        "ignored": field(default="i", eq=False),
        "holder": field(factory=dict),
    }
    cls = type("Features", (), body)
    return frozen(shared_methods(cls) if shared else cls)


@pytest.mark.parametrize("shared", [True, False], ids=["shared", "attrs"])
def test_field_settings_and_a_cycle(shared: bool) -> None:
    cls = _features(shared)
    obj = cls(1, loud="quiet")
    obj.holder["self"] = obj  # a cycle through a mutable field
    assert repr(obj) == ("Features(plain=1, loud=QUIET, ignored='i', holder={'self': ...})")
    assert cls(1, ignored="a") == cls(1, ignored="b")
    assert cls(1) != cls(2)
    assert cls(1).__eq__(1) is NotImplemented


@frozen
@shared_repr
class OnlyShown:
    a: int


def test_shared_repr_leaves_equality_to_attrs() -> None:
    assert OnlyShown.__repr__ is _shared("_repr")
    assert OnlyShown.__eq__ is not _shared("_eq") and OnlyShown(1) == OnlyShown(1)
    assert hash(OnlyShown(1)) == hash(OnlyShown(1))
    assert repr(OnlyShown(1)) == "OnlyShown(a=1)"


def test_an_eq_key_is_refused_not_compared_wrongly() -> None:
    @frozen
    @shared_methods
    class Keyed:
        a: str = field(eq=str.lower)

    with pytest.raises(TypeError, match=r"Keyed\.a"):
        _ = Keyed("A") == Keyed("a")
