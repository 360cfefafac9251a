"""Field checks of the dataset parser: each reports its problem and returns None.

:class:`Fields` is the base of the parser (records, then events, build on it).
It holds the problems, the version's vocabularies and the id indexes, and
checks one key of one record at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqmy_core.interchange.dataset_common import (
    MISSING,
    SURROGATE,
    Domain,
    Problems,
    exact_number,
    id_ok,
    id_problem,
    join,
    safe_key,
    show,
    text_ok,
    text_problem,
    vocabulary,
)
from sqmy_core.interchange.dataset_spec import MAX_ID, MAX_TEXT
from sqmy_core.interchange.times import MAX_YEAR, MIN_YEAR, lacks_offset, out_of_range, parse_time
from sqmy_core.model import vocab
from sqmy_core.model.attributes import CONTRACT, AttrValue, Declarations


class Fields:
    """The parser's state and its checks of single keys."""

    def __init__(
        self, p: Problems, version: str, extra_roles: Iterable[str], declarations: Declarations
    ) -> None:
        self.p = p
        self.v11 = version == "1.1"
        d = declarations if self.v11 else CONTRACT
        self.declarations = d
        roles = d.roles if self.v11 else vocab.BUILTIN_ROLES
        self.role = vocabulary((*roles, *extra_roles), "role")
        self.unit_kind = vocabulary(d.unit_kinds if self.v11 else vocab.UNIT_KINDS, "unit_kind")
        self.body = vocabulary(d.bodies if self.v11 else vocab.BODIES, "body")
        self.rank = vocabulary(d.ranks if self.v11 else vocab.RANKS, "rank")
        self.penalty_kind = vocabulary(d.penalty_kinds, "penalty_kind")
        self.activity_kind = vocabulary(d.activity_kinds, "activity_kind")
        self.section = vocabulary(d.sections, "section")
        self.unit_ids: dict[str, int] = {}
        self.person_ids: dict[str, int] = {}
        self.call_ids: dict[str, int] = {}
        self.piece_ids: dict[str, int] = {}
        self.unit_ref = Domain(self.unit_ids, "unit")
        self.person_ref = Domain(self.person_ids, "person")
        self.call_ref = Domain(self.call_ids, "call")
        self.piece_ref = Domain(self.piece_ids, "piece")

    def record(
        self, name: str, i: int, rec: object, keys: tuple[str, ...], ids: dict[str, int]
    ) -> tuple[str, dict[str, Any], str | None] | None:
        """Common checks of a record with an id: object, known keys, id."""
        path = f"{name}[{i}]"
        if type(rec) is not dict:
            self.p.add(path, "wrong_type", expected="object", found=show(rec))
            return None
        for key in rec:
            if key not in keys:
                self.p.add(path, "unknown_key", key=safe_key(key), allowed=join(keys))
        rid = rec.get("id")
        if type(rid) is not str or rid not in ids:  # the index holds well-formed ids only
            rid = self.ident(rec, "id", path)
        if rid is not None and ids.get(rid) != i:
            self.p.add(f"{path}.id", "duplicate_id", found=show(rid), first=f"{name}[{ids[rid]}]")
        return path, rec, rid

    def absent(self, path: str, null: bool, expected: str) -> None:
        """A required key that is absent, or null."""
        if null:
            self.p.add(path, "wrong_type", expected=expected, found="null")
        else:
            self.p.add(path, "missing")

    def ident(self, rec: dict[str, Any], key: str, path: str) -> str | None:
        """A required id: 1–128 characters, no control characters, no white space at the ends."""
        v = rec.get(key, MISSING)
        if type(v) is str:
            if 0 < len(v) <= MAX_ID and v.isprintable() and v[0] != " " and v[-1] != " ":
                return v  # id_ok's fast check, inlined
            if id_ok(v):
                return v
            problem = id_problem(v)
            assert problem is not None
            self.p.add(f"{path}.{key}", problem[0], **problem[1])
        elif v is MISSING:
            self.p.add(f"{path}.{key}", "missing")
        else:
            self.p.add(f"{path}.{key}", "wrong_type", expected="string", found=show(v))
        return None

    def text(self, rec: dict[str, Any], key: str, path: str, limit: int) -> str | None:
        """A required non-empty string of at most ``limit`` characters."""
        v = rec.get(key, MISSING)
        if type(v) is str:
            if (
                v
                and len(v) <= limit
                and (v.isascii() or v.isprintable() or not SURROGATE.search(v))
            ):
                return v
            if not v:
                self.p.add(f"{path}.{key}", "empty")
            else:
                code, params = text_problem(v, limit)
                self.p.add(f"{path}.{key}", code, **params)
        elif v is MISSING:
            self.p.add(f"{path}.{key}", "missing")
        else:
            self.p.add(f"{path}.{key}", "wrong_type", expected="string", found=show(v))
        return None

    def free(self, rec: dict[str, Any], key: str, path: str, limit: int) -> str | None:
        """An optional string (null or absent: None) of at most ``limit`` characters."""
        v = rec.get(key)
        if v is None:
            return None
        if type(v) is str:
            if text_ok(v, limit):
                return v
            code, params = text_problem(v, limit)
            self.p.add(f"{path}.{key}", code, **params)
            return None
        self.p.add(f"{path}.{key}", "wrong_type", expected="string_or_null", found=show(v))
        return None

    def word(
        self, rec: dict[str, Any], key: str, path: str, domain: Domain, *, required: bool
    ) -> str | None:
        """A vocabulary word or an id of a list (required, or optional: null or absent)."""
        v = rec.get(key, MISSING)
        if type(v) is str and v in domain.members:
            return v
        if v is MISSING or v is None:
            if required:
                self.absent(f"{path}.{key}", v is None, "string")
            return None
        domain.complain(self.p, f"{path}.{key}", v)
        return None

    def time(self, rec: dict[str, Any], key: str, path: str, *, required: bool) -> datetime | None:
        v = rec.get(key, MISSING)
        if type(v) is str:
            t = parse_time(v)
            if t is not None and MIN_YEAR <= t.year <= MAX_YEAR:
                return t
        if v is MISSING or v is None:
            if required:
                self.absent(f"{path}.{key}", v is None, "time")
            return None
        self.bad_time(f"{path}.{key}", v)
        return None

    def bad_time(self, path: str, v: object) -> None:
        if type(v) is not str:
            self.p.add(path, "wrong_type", expected="time", found=show(v))
        elif lacks_offset(v):
            self.p.add(path, "time_without_offset", found=show(v))
        elif out_of_range(v):
            self.p.add(path, "dataset_time_out_of_range", found=show(v), low=MIN_YEAR, high=MAX_YEAR)
        else:
            self.p.add(path, "bad_time", found=show(v))

    def words(
        self,
        rec: dict[str, Any],
        key: str,
        path: str,
        domain: Domain,
        *,
        required: bool,
        nonempty: bool = False,
    ) -> list[str] | None:
        """A list of distinct words or ids (optional: null or absent is an empty list)."""
        v = rec.get(key, MISSING)
        here = f"{path}.{key}"
        if v is MISSING or v is None:
            if not required:
                return []
            self.absent(here, v is None, "list")
            return None
        if type(v) is not list:
            self.p.add(here, "wrong_type", expected="list", found=show(v))
            return None
        if nonempty and not v:
            self.p.add(here, "empty")
            return None
        before = self.p.total
        first: dict[str, int] = {}
        members = domain.members
        for j, item in enumerate(v):
            if type(item) is str and item in members:
                if item in first:
                    self.p.add(
                        f"{here}[{j}]",
                        "duplicate_item",
                        found=show(item),
                        first=f"{here}[{first[item]}]",
                    )
                else:
                    first[item] = j
            else:
                domain.complain(self.p, f"{here}[{j}]", item)
        return None if self.p.total != before else v

    # -- sqmy-dataset/1.1 ----------------------------------------------------

    def attributes(
        self, rec: dict[str, Any], path: str, record: str, event_type: str | None = None
    ) -> Mapping[str, AttrValue] | None:
        """The record's declared attributes (1.1), checked against their declarations.

        Absent or null is no attribute; required attributes must be there.
        Values are kept as given: a default is the engine's business.
        """
        specs = self.declarations.attributes
        v = rec.get("attributes")
        here = f"{path}.attributes"
        if v is None:
            v = {}
        elif type(v) is not dict:
            self.p.add(here, "wrong_type", expected="object", found=show(v))
            return None
        before = self.p.total
        out: dict[str, AttrValue] = {}
        for name, value in v.items():
            spec = specs.get(name)
            where = f"{here}.{safe_key(name)}"
            if spec is None or not spec.allowed_on(record, event_type):
                allowed = join(n for n, s in specs.items() if s.allowed_on(record, event_type))
                if allowed:
                    self.p.add(where, "unknown_attribute", key=safe_key(name), allowed=allowed)
                else:
                    self.p.add(where, "no_attributes", key=safe_key(name))
                continue
            got = self.attribute_value(where, spec.type, spec.values, value)
            if got is not None:
                out[name] = got
        for name, spec in specs.items():
            if spec.required and name not in v and spec.allowed_on(record, event_type):
                self.p.add(f"{here}.{name}", "missing")
        return None if self.p.total != before else out

    def attribute_value(
        self, where: str, kind: str, values: tuple[str, ...], value: object
    ) -> AttrValue | None:
        if kind == "boolean":
            if type(value) is bool:
                return value
            self.p.add(where, "wrong_type", expected="boolean", found=show(value))
        elif kind == "number":
            n = self.number_value(where, value, strings=False)
            if n is not None:
                return n
        elif kind == "choice":
            if type(value) is str and value in values:
                return value
            vocabulary(values, "choice").complain(self.p, where, value)
        elif type(value) is str:
            if text_ok(value, MAX_TEXT):
                return value
            code, params = text_problem(value, MAX_TEXT)
            self.p.add(where, code, **params)
        else:
            self.p.add(where, "wrong_type", expected="string", found=show(value))
        return None

    def number_value(self, where: str, value: object, *, strings: bool) -> Fraction | None:
        """An exact number (a JSON number, or with ``strings`` also a decimal string)."""
        ok_type = type(value) in (int, float, Decimal)
        if not ok_type and not (strings and type(value) is str):
            expected = "number_or_decimal" if strings else "number"
            self.p.add(where, "wrong_type", expected=expected, found=show(value))
            return None
        n = exact_number(value)
        if n is None:
            self.p.add(where, "bad_number", found=show(value))
        return n
