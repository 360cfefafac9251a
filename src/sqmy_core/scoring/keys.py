"""Key expressions: what a points table or a condition looks a value up by.

A ruleset says ``by = "level"`` or ``by = ["level", "attributes.degree"]``
and ``match = { "attributes.merged" = [false] }``; this module turns such an
expression into the key of one event of one piece.  Every key is compared as
text (``true``/``false`` for truth values, decimals for numbers), so a TOML
table key and a dataset value meet on the same spelling.

Kept apart from the ledger so that activities, metrics, penalties and the
checks read keys the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from sqmy_core.model import Call, Event, Piece
from sqmy_core.model.attributes import AttrValue, Declarations
from sqmy_core.model.vocab import BODIES
from sqmy_core.rules.expressions import (
    EVENT_FIELDS,
    PIECE_FIELDS,
    SCOPES,
    attribute_names,
    key_text,
    valid_expression,
)

__all__ = [
    "EVENT_FIELDS",
    "PIECE_FIELDS",
    "SCOPES",
    "KeyReader",
    "attribute_names",
    "key_text",
    "lookup",
    "valid_expression",
]


class KeyReader:
    """Evaluates key expressions against one dataset's records under one ruleset's declarations."""

    def __init__(
        self,
        declarations: Declarations,
        calls: Mapping[str, Call],
        unit_kinds: Mapping[str, str],
        unit_attributes: Mapping[str, Mapping[str, AttrValue]],
    ) -> None:
        self.bodies = declarations.bodies
        self.defaults = {n: a.default for n, a in declarations.attributes.items()}
        self.calls = calls
        self.unit_kinds = unit_kinds
        self.unit_attributes = unit_attributes
        self._cache: dict[str, Callable[[Event, Piece], str | None]] = {}

    def reader(self, expr: str) -> Callable[[Event, Piece], str | None]:
        """A function (event, piece) -> key text for ``expr`` (compiled once)."""
        fn = self._cache.get(expr)
        if fn is None:
            fn = self._cache[expr] = self._compile(expr)
        return fn

    def key(self, expr: str, ev: Event, piece: Piece) -> str | None:
        return self.reader(expr)(ev, piece)

    def keys(self, exprs: Sequence[str], ev: Event, piece: Piece) -> tuple[str | None, ...]:
        return tuple(self.reader(e)(ev, piece) for e in exprs)

    def _compile(self, expr: str) -> Callable[[Event, Piece], str | None]:
        bodies = self.bodies
        if expr == "level":

            def level(ev: Event, piece: Piece) -> str | None:
                if ev.type == "adopted":
                    body = bodies.get(ev.body or "") or BODIES.get(ev.body or "")
                    return body.level if body else None
                return ev.level

            return level
        if expr in EVENT_FIELDS:
            name = expr
            return lambda ev, piece: getattr(ev, name)
        if expr == "call_kind":
            calls = self.calls

            def call_kind(ev: Event, piece: Piece) -> str | None:
                call = calls.get(piece.call) if piece.call else None
                return call.kind if call else None

            return call_kind
        if expr == "authors":
            return lambda ev, piece: str(len(piece.authors))
        if expr == "type":
            return lambda ev, piece: ev.type
        if expr == "unit_kind":
            kinds = self.unit_kinds
            return lambda ev, piece: kinds.get(piece.unit) if piece.unit else None
        parts = expr.split(".")
        name = parts[-1]
        default = self.defaults.get(name)
        scope = parts[0] if len(parts) == 3 else "any"
        calls = self.calls
        unit_attributes = self.unit_attributes

        def attribute(ev: Event, piece: Piece) -> str | None:
            value: AttrValue | None = None
            if scope in ("any", "event"):
                value = ev.attributes.get(name)
            if value is None and scope in ("any", "piece"):
                value = piece.attributes.get(name)
            if value is None and scope == "call" and piece.call:
                call = calls.get(piece.call)
                value = call.attributes.get(name) if call else None
            if value is None and scope == "unit" and piece.unit:
                value = unit_attributes.get(piece.unit, {}).get(name)
            return key_text(default if value is None else value)

        return attribute


def lookup(table: Mapping[str, object], keys: Sequence[str | None]) -> Fraction | None:
    """The number at ``keys`` in a (nested) points table, or ``None`` when absent."""
    node: object = table
    for key in keys:
        if key is None or not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, Fraction) else None
