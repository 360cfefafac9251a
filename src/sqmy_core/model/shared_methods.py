"""One ``__repr__`` (and ``__eq__``, ``__hash__``) for the frozen attrs classes, not one each.

attrs writes the source of every class's ``__repr__``, ``__eq__`` and
``__hash__`` and compiles it when the class is created.  ``sqmy assess`` on a
county file creates some 75 classes before it reads a byte, and compiling
those three methods was about a tenth of the whole run (the ``__repr__``
f-strings alone the larger part; measured with ``valgrind --tool=callgrind``).
A class decorated with :func:`shared_repr` or :func:`shared_methods` *under*
``@frozen`` gets the functions below instead; attrs sees that the class
defines them itself and leaves them alone (its ``auto_detect``).

They do what attrs' generated methods do:

- ``repr``: ``Name(field=value!r, ...)`` over the fields with ``repr=True``
  (a field's own ``repr`` callable is used when it has one), ``...`` for an
  object already being shown further up (a cycle);
- ``==``: the same class and equal values of every ``eq=True`` field, else
  ``NotImplemented`` for another class (``!=`` is Python's inverse);
- ``hash``: of the ``eq=True`` fields' values, as a tuple with the class.

What differs is only the speed of a call (one ``operator.attrgetter`` per
class, made the first time it is needed, against straight-line code): about
three times attrs' for ``==`` and ``hash``, so :func:`shared_methods` is for
classes nothing compares in a loop (the ruleset's specs), and the records the
engine and the live standings compare (events, pieces) take
:func:`shared_repr` only.  A field with an ``eq_key`` is refused
when its class is first shown, compared or hashed, rather than compared
wrongly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from operator import attrgetter
from typing import Any, Final, TypeVar

import attrs

T = TypeVar("T")

_PLAN: Final = "__shared_methods_plan__"
"""The class attribute that holds a class's :class:`_Plan` once one is made."""

_showing = threading.local()
"""The ids of the objects whose repr is being built on this thread (cycles show as ``...``)."""


class _Plan:
    """What the shared methods need of one class: its fields to show and to compare."""

    __slots__ = ("compared", "salt", "shown")

    def __init__(self, cls: type) -> None:
        fields = attrs.fields(cls)
        for a in fields:
            if a.eq_key is not None:
                raise TypeError(f"{cls.__qualname__}.{a.name}: shared methods compare plain values")
        names = tuple(a.name for a in fields if a.eq)
        self.compared: Callable[[Any], tuple[Any, ...]] = _getter(names)
        self.shown: tuple[tuple[str, Callable[[Any], str], bool], ...] = tuple(
            (a.name, repr if a.repr is True else a.repr, a.init) for a in fields if a.repr
        )
        self.salt = hash(cls.__qualname__)


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of ``names`` of an object, always as a tuple (attrgetter gives a bare
    value for one name)."""
    if not names:
        return lambda _obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _plan(cls: type) -> _Plan:
    plan = cls.__dict__.get(_PLAN)
    if plan is None:
        plan = _Plan(cls)
        type.__setattr__(cls, _PLAN, plan)
    return plan


def _repr(self: Any) -> str:
    seen: set[int] | None = getattr(_showing, "ids", None)
    if seen is None:
        seen = _showing.ids = set()
    if id(self) in seen:
        return "..."
    seen.add(id(self))
    try:
        parts = []
        for name, show, init in _plan(self.__class__).shown:
            value = getattr(self, name) if init else getattr(self, name, attrs.NOTHING)
            parts.append(f"{name}={show(value)}")
        return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
    finally:
        seen.discard(id(self))


def _eq(self: Any, other: object) -> Any:  # a bool, or NotImplemented for another class
    if other.__class__ is not self.__class__:
        return NotImplemented
    compared = _plan(self.__class__).compared
    return compared(self) == compared(other)


def _hash(self: Any) -> int:
    plan = _plan(self.__class__)
    return hash((plan.salt, *plan.compared(self)))


def shared_repr(cls: type[T]) -> type[T]:
    """Give a class, before ``@frozen`` makes it, the shared repr (attrs still writes
    ``__eq__`` and ``__hash__``: for records compared or hashed in a loop)."""
    cls.__repr__ = _repr  # type: ignore[method-assign]
    return cls


def shared_methods(cls: type[T]) -> type[T]:
    """Give a class, before ``@frozen`` makes it, the shared repr, equality and hash
    (for classes nothing compares in a loop: the ruleset's specs).

    Write it under the attrs decorator::

        @frozen
        @shared_methods
        class YearSpec: ...
    """
    cls.__repr__ = _repr  # type: ignore[method-assign]
    cls.__eq__ = _eq  # type: ignore[method-assign]
    cls.__hash__ = _hash  # type: ignore[method-assign]
    return cls
