"""``sqmy-dataset/1``: decode, validate and build a :class:`~sqmy_core.model.Dataset`.

Everything here is pure: bytes or decoded JSON values in, records out; no file
or network I/O.  The rules are those of ``docs/interchange.md``; where the
contract is silent the choices are documented there too.

Validation collects every problem (up to :data:`MAX_PROBLEMS`, then one more
saying how many were left out) and raises :class:`~sqmy_core.errors.DatasetError`;
nothing is returned for a dataset with a problem.

The event loop is the hot path (millions of events): it uses plain ``type()``
checks and dictionary look-ups, and builds a problem's path only when there is
a problem.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Container, Iterable, Mapping
from datetime import datetime
from typing import Any, Final

from attrs import frozen

from sqmy_core.errors import DatasetError, Problem
from sqmy_core.interchange.times import format_time, lacks_offset, parse_time
from sqmy_core.model import Call, Dataset, Event, Person, Piece, Unit, vocab

__all__ = [
    "DATASET_FORMAT",
    "MAX_PROBLEMS",
    "dataset_to_doc",
    "decode_dataset_bytes",
    "parse_dataset",
    "show",
]

DATASET_FORMAT: Final = "sqmy-dataset/1"
MAX_PROBLEMS: Final = 50
"""At most this many problems are listed; one more problem counts the rest."""

LISTS: Final = ("units", "people", "calls", "pieces", "events")
TOP_KEYS: Final = ("format", *LISTS)

UNIT_KEYS: Final = ("id", "name", "kind", "parent")
PERSON_KEYS: Final = ("id", "name", "roles", "units", "since")
CALL_KEYS: Final = ("id", "title", "kind", "assignees", "due")
PIECE_KEYS: Final = ("id", "title", "authors", "submitted_at", "unit", "topic", "call")

EVENT_FIELDS: Final[Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    # type: (required keys, optional keys) besides piece, type, at
    "approved": ((), ("actor", "note", "stage")),
    "rejected": ((), ("actor", "note", "stage")),
    "returned": ((), ("actor", "note", "stage")),
    "reviewed": (("stage", "decision", "actor"), ("note",)),
    "dispatched": (("route",), ("actor", "note", "to")),
    "adopted": (("body",), ("actor", "note")),
    "instructed": (("level", "rank"), ("actor", "note")),
    "handled": (("outcome",), ("actor", "note", "department")),
}
"""Which keys each event type requires and allows (``piece``, ``type`` and ``at``
are required for every type).  ``stage`` on approved/rejected/returned is an
optional extension: the review level that took the decision."""

EVENT_KEYS: Final = (
    "piece",
    "type",
    "at",
    "actor",
    "note",
    "stage",
    "decision",
    "route",
    "to",
    "body",
    "level",
    "rank",
    "department",
    "outcome",
)
"""Every key an event may have, in the order :func:`dataset_to_doc` writes them."""

_MISSING: Final[Any] = object()


# --------------------------------------------------------------------------
# Rendering values in messages
# --------------------------------------------------------------------------

_SHOW_MAX: Final = 60


def show(value: object) -> str:
    """A found value as a message shows it: repr-style quotes, JSON words, shortened."""
    if isinstance(value, str):
        if len(value) > _SHOW_MAX:
            return repr(value[: _SHOW_MAX - 1]) + "…"
        return repr(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        items = [show(v) for v in value[:3]]
        if len(value) > 3:
            items.append("…")
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        parts = [f"{show(k)}: {show(v)}" for k, v in list(value.items())[:3]]
        if len(value) > 3:
            parts.append("…")
        return "{" + ", ".join(parts) + "}"
    text = repr(value)
    return text if len(text) <= _SHOW_MAX else text[: _SHOW_MAX - 1] + "…"


def _join(words: Iterable[str]) -> str:
    return ", ".join(words)


# --------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------


class _Problems:
    """Problems found so far; past the cap they are only counted."""

    __slots__ = ("cap", "items", "more", "total")

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.items: list[Problem] = []
        self.more = 0
        self.total = 0

    def add(self, path: str, code: str, **params: Any) -> None:
        self.total += 1
        if len(self.items) < self.cap:
            self.items.append(Problem(path, code, params))
        else:
            self.more += 1

    def result(self) -> list[Problem]:
        if not self.more:
            return self.items
        return [
            *self.items,
            Problem("", "too_many_problems", {"count": self.more, "shown": self.cap}),
        ]


@frozen
class _Domain:
    """The strings a value may take: a vocabulary or the ids of a list."""

    members: Container[str]
    noun: str
    allowed: str | None = None  # the vocabulary, listed in messages; None for ids

    def complain(self, p: _Problems, path: str, value: object) -> None:
        if type(value) is not str:
            p.add(path, "wrong_type", expected="string", found=show(value))
        elif self.allowed is None:
            p.add(path, "unknown_ref", what=self.noun, found=show(value))
        else:
            p.add(path, "unknown_value", what=self.noun, found=show(value), allowed=self.allowed)


def _vocab(words: Iterable[str], noun: str) -> _Domain:
    words = tuple(words)
    return _Domain(frozenset(words), noun, _join(words))


_UNIT_KIND: Final = _vocab(vocab.UNIT_KINDS, "unit_kind")
_CALL_KIND: Final = _vocab(vocab.CALL_KINDS, "call_kind")
_EVENT_TYPE: Final = _vocab(vocab.EVENT_TYPES, "event_type")
_ROUTE: Final = _vocab(vocab.ROUTES, "route")
_BODY: Final = _vocab(vocab.BODIES, "body")
_LEVEL: Final = _vocab(vocab.LEVELS, "level")
_RANK: Final = _vocab(vocab.RANKS, "rank")
_OUTCOME: Final = _vocab(vocab.OUTCOMES, "outcome")
_DECISION: Final = _vocab(vocab.DECISIONS, "decision")

_TEXT: Final = "text"  # a non-empty string
_FREE: Final = "free"  # any string (free text, may be empty)
_PERSON: Final = "person"  # a person id

_EVENT_FIELD_KIND: Final[Mapping[str, _Domain | str]] = {
    "actor": _PERSON,
    "note": _FREE,
    "stage": _TEXT,
    "decision": _DECISION,
    "route": _ROUTE,
    "to": _FREE,
    "body": _BODY,
    "level": _LEVEL,
    "rank": _RANK,
    "department": _FREE,
    "outcome": _OUTCOME,
}


@frozen
class _EventSpec:
    type: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    keys: frozenset[str]
    allowed: str  # the keys, listed in messages


_EVENT_SPECS: Final = {
    t: _EventSpec(
        t,
        req,
        opt,
        frozenset(("piece", "type", "at", *req, *opt)),
        _join(k for k in EVENT_KEYS if k in ("piece", "type", "at", *req, *opt)),
    )
    for t, (req, opt) in EVENT_FIELDS.items()
}
_ALL_EVENT_KEYS: Final = frozenset(EVENT_KEYS)

_Get = Callable[[str], Any]
_Builder = Callable[[str, str, datetime, _Get], Event]
_Checks = tuple[tuple[str, Container[str] | None], ...]
_FastSpec = tuple[frozenset[str], _Checks, _Checks, int, _Builder]
"""allowed keys, (required key, members), (optional key, members), len(e) without
optional keys, builder; members None means any string."""

# Each type's event built from its own keys only (fewer look-ups on the hot path).
_BUILDERS: Final[Mapping[str, _Builder]] = {
    "approved": lambda p, t, at, g: Event(p, t, at, g("actor"), g("note"), g("stage")),
    "rejected": lambda p, t, at, g: Event(p, t, at, g("actor"), g("note"), g("stage")),
    "returned": lambda p, t, at, g: Event(p, t, at, g("actor"), g("note"), g("stage")),
    "reviewed": lambda p, t, at, g: Event(
        p, t, at, g("actor"), g("note"), g("stage"), g("decision")
    ),
    "dispatched": lambda p, t, at, g: Event(
        p, t, at, g("actor"), g("note"), route=g("route"), to=g("to")
    ),
    "adopted": lambda p, t, at, g: Event(p, t, at, g("actor"), g("note"), body=g("body")),
    "instructed": lambda p, t, at, g: Event(
        p, t, at, g("actor"), g("note"), level=g("level"), rank=g("rank")
    ),
    "handled": lambda p, t, at, g: Event(
        p, t, at, g("actor"), g("note"), department=g("department"), outcome=g("outcome")
    ),
}


class _NonEmptyStrings:
    """Contains every non-empty string."""

    def __contains__(self, value: object) -> bool:
        return bool(value)


_NON_EMPTY: Final = _NonEmptyStrings()


# --------------------------------------------------------------------------
# Decoding bytes
# --------------------------------------------------------------------------


# Private control flow: raised by the JSON object hook, caught by the decoder right
# below and reported as a DatasetError with a Problem; it never leaves this module.
class _DuplicateKeyError(Exception):
    pass


def _strict_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) != len(pairs):
        raise _DuplicateKeyError
    return d


class _MarkedDict(dict[str, Any]):
    """A decoded object that remembers the keys it had more than once."""

    duplicates: list[str]


def _marking_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = _MarkedDict(pairs)
    if len(d) != len(pairs):
        seen: set[str] = set()
        dups: list[str] = []
        for k, _ in pairs:
            if k in seen and k not in dups:
                dups.append(k)
            seen.add(k)
        d.duplicates = dups
    return d


def _duplicate_key_problems(text: str, p: _Problems) -> None:
    """Second, slow pass over a document known to repeat a key: find where."""
    root = json.loads(text, object_pairs_hook=_marking_pairs)
    stack: list[tuple[str, Any]] = [("", root)]
    found: list[tuple[str, str]] = []
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key in getattr(value, "duplicates", ()):
                found.append((path, key))
            children = [(f"{path}.{k}" if path else k, v) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
        else:
            continue
        stack.extend(reversed(children))
    for path, key in found:
        p.add(path, "duplicate_key", key=key)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def decode_dataset_bytes(data: bytes, *, source: str | None = None) -> object:
    """Decode a dataset file's bytes (UTF-8 JSON) into JSON values; no validation.

    A leading UTF-8 byte order mark is ignored.  Raises
    :class:`~sqmy_core.errors.DatasetError` with one problem: ``bad_utf8`` or
    ``bad_json`` (path ``LINE:COLUMN``, params ``line``, ``column`` and, for
    JSON, ``reason``), or ``duplicate_key`` for every object that repeats a key
    (path of the object, param ``key``).  ``NaN`` and ``Infinity`` are refused.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise DatasetError(
            [Problem(f"{line}:{column}", "bad_utf8", {"line": line, "column": column})], source
        ) from None
    try:
        return json.loads(text, object_pairs_hook=_strict_pairs, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        params = {"reason": e.msg, "line": e.lineno, "column": e.colno}
        raise DatasetError([Problem(f"{e.lineno}:{e.colno}", "bad_json", params)], source) from None
    except ValueError as e:  # NaN / Infinity
        raise DatasetError(
            [Problem("", "bad_json", {"reason": str(e), "line": None, "column": None})], source
        ) from None
    except _DuplicateKeyError:
        p = _Problems(MAX_PROBLEMS)
        _duplicate_key_problems(text, p)
        raise DatasetError(p.result(), source) from None


# --------------------------------------------------------------------------
# Validating and building
# --------------------------------------------------------------------------


def parse_dataset(
    doc: object, *, source: str | None = None, extra_roles: Iterable[str] = ()
) -> Dataset:
    """Validate a decoded ``sqmy-dataset/1`` document and build its :class:`Dataset`.

    ``extra_roles`` are the reviewer roles a ruleset defines (besides
    :data:`~sqmy_core.model.vocab.BUILTIN_ROLES`).  ``source`` (a file name)
    prefixes every message.  Raises :class:`~sqmy_core.errors.DatasetError`
    listing every problem found (capped at :data:`MAX_PROBLEMS`).
    """
    p = _Problems(MAX_PROBLEMS)
    dataset = _Parser(p, extra_roles).run(doc)
    if p.total or dataset is None:
        raise DatasetError(p.result(), source)
    return dataset


def _index(records: list[Any]) -> dict[str, int]:
    """Each well-formed id -> the index of its first record."""
    ids: dict[str, int] = {}
    for i, r in enumerate(records):
        if type(r) is dict:
            v = r.get("id")
            if type(v) is str and v and v not in ids:
                ids[v] = i
    return ids


class _Parser:
    def __init__(self, p: _Problems, extra_roles: Iterable[str]) -> None:
        self.p = p
        roles = dict.fromkeys((*vocab.BUILTIN_ROLES, *extra_roles))
        self.role = _vocab(roles, "role")
        self.unit_ids: dict[str, int] = {}
        self.person_ids: dict[str, int] = {}
        self.call_ids: dict[str, int] = {}
        self.piece_ids: dict[str, int] = {}
        self.unit_ref = _Domain(self.unit_ids, "unit")
        self.person_ref = _Domain(self.person_ids, "person")
        self.call_ref = _Domain(self.call_ids, "call")
        self.piece_ref = _Domain(self.piece_ids, "piece")
        self.submitted: dict[str, datetime] = {}
        # For the events' fast path: type -> _FastSpec.
        fast_kinds: dict[str, Container[str] | None] = {
            "actor": self.person_ids,
            "note": None,
            "stage": _NON_EMPTY,
            "to": None,
            "department": None,
        }
        for key, kind in _EVENT_FIELD_KIND.items():
            if isinstance(kind, _Domain):
                fast_kinds[key] = kind.members
        self.fast_specs: dict[str, _FastSpec] = {
            t: (
                spec.keys,
                tuple((key, fast_kinds[key]) for key in spec.required),
                tuple((key, fast_kinds[key]) for key in spec.optional),
                3 + len(spec.required),
                _BUILDERS[t],
            )
            for t, spec in _EVENT_SPECS.items()
        }

    # -- the document -----------------------------------------------------

    def run(self, doc: object) -> Dataset | None:
        p = self.p
        if type(doc) is not dict:
            p.add("", "wrong_type", expected="object", found=show(doc))
            return None
        for key in doc:
            if key not in TOP_KEYS:
                p.add("", "unknown_key", key=key, allowed=_join(TOP_KEYS))
        fmt = doc.get("format", _MISSING)
        if fmt is _MISSING:
            p.add("format", "missing")
        elif fmt != DATASET_FORMAT or type(fmt) is not str:
            # Another format or version: its records follow other rules; stop here.
            p.add("format", "bad_format", wanted=show(DATASET_FORMAT), found=show(fmt))
            return None
        lists: dict[str, list[Any]] = {}
        for name in LISTS:
            value = doc.get(name)
            if value is None:
                lists[name] = []
            elif type(value) is list:
                lists[name] = value
            else:
                p.add(name, "wrong_type", expected="list", found=show(value))
                lists[name] = []
        self.unit_ids.update(_index(lists["units"]))
        self.person_ids.update(_index(lists["people"]))
        self.call_ids.update(_index(lists["calls"]))
        self.piece_ids.update(_index(lists["pieces"]))

        units = [u for i, r in enumerate(lists["units"]) if (u := self.unit(i, r))]
        self.cycles(lists["units"])
        people = [m for i, r in enumerate(lists["people"]) if (m := self.person(i, r))]
        calls = [c for i, r in enumerate(lists["calls"]) if (c := self.call(i, r))]
        pieces = [x for i, r in enumerate(lists["pieces"]) if (x := self.piece(i, r))]
        events = self.events(lists["events"])
        if p.total:
            return None
        return Dataset(tuple(units), tuple(people), tuple(calls), tuple(pieces), tuple(events))

    # -- field helpers (they report and return None on a problem) ----------

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
                self.p.add(path, "unknown_key", key=key, allowed=_join(keys))
        rid = self.text(rec, "id", path)
        if rid is not None and ids[rid] != i:
            self.p.add(f"{path}.id", "duplicate_id", found=show(rid), first=f"{name}[{ids[rid]}]")
        return path, rec, rid

    def absent(self, path: str, null: bool, expected: str) -> None:
        """A required key that is absent, or null."""
        if null:
            self.p.add(path, "wrong_type", expected=expected, found="null")
        else:
            self.p.add(path, "missing")

    def text(self, rec: dict[str, Any], key: str, path: str) -> str | None:
        """A required non-empty string."""
        v = rec.get(key, _MISSING)
        if type(v) is str:
            if v:
                return v
            self.p.add(f"{path}.{key}", "empty")
        elif v is _MISSING:
            self.p.add(f"{path}.{key}", "missing")
        else:
            self.p.add(f"{path}.{key}", "wrong_type", expected="string", found=show(v))
        return None

    def free(self, rec: dict[str, Any], key: str, path: str) -> str | None:
        """An optional string (null or absent: None)."""
        v = rec.get(key)
        if v is None or type(v) is str:
            return v
        self.p.add(f"{path}.{key}", "wrong_type", expected="string_or_null", found=show(v))
        return None

    def word(
        self, rec: dict[str, Any], key: str, path: str, domain: _Domain, *, required: bool
    ) -> str | None:
        """A vocabulary word or an id of a list (required, or optional: null or absent)."""
        v = rec.get(key, _MISSING)
        if type(v) is str and v in domain.members:
            return v
        if v is _MISSING or v is None:
            if required:
                if v is None:
                    self.p.add(f"{path}.{key}", "wrong_type", expected="string", found="null")
                else:
                    self.p.add(f"{path}.{key}", "missing")
            return None
        domain.complain(self.p, f"{path}.{key}", v)
        return None

    def time(self, rec: dict[str, Any], key: str, path: str, *, required: bool) -> datetime | None:
        v = rec.get(key, _MISSING)
        if type(v) is str:
            t = parse_time(v)
            if t is not None:
                return t
        if v is _MISSING or v is None:
            if required:
                if v is None:
                    self.p.add(f"{path}.{key}", "wrong_type", expected="time", found="null")
                else:
                    self.p.add(f"{path}.{key}", "missing")
            return None
        self.bad_time(f"{path}.{key}", v)
        return None

    def bad_time(self, path: str, v: object) -> None:
        if type(v) is not str:
            self.p.add(path, "wrong_type", expected="time", found=show(v))
        elif lacks_offset(v):
            self.p.add(path, "time_without_offset", found=show(v))
        else:
            self.p.add(path, "bad_time", found=show(v))

    def words(
        self,
        rec: dict[str, Any],
        key: str,
        path: str,
        domain: _Domain,
        *,
        required: bool,
        nonempty: bool = False,
    ) -> list[str] | None:
        """A list of distinct words or ids (optional: null or absent is an empty list)."""
        v = rec.get(key, _MISSING)
        here = f"{path}.{key}"
        if v is _MISSING or v is None:
            if not required:
                return []
            if v is None:
                self.p.add(here, "wrong_type", expected="list", found="null")
            else:
                self.p.add(here, "missing")
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

    # -- records -----------------------------------------------------------

    def unit(self, i: int, rec: object) -> Unit | None:
        before = self.p.total
        head = self.record("units", i, rec, UNIT_KEYS, self.unit_ids)
        if head is None:
            return None
        path, r, uid = head
        name = self.text(r, "name", path)
        kind = self.word(r, "kind", path, _UNIT_KIND, required=True)
        parent = self.word(r, "parent", path, self.unit_ref, required=False)
        if self.p.total != before or uid is None or name is None or kind is None:
            return None
        return Unit(uid, name, kind, parent)

    def cycles(self, raw: list[Any]) -> None:
        """Report each cycle of ``parent`` links once, at its first unit in file order.

        Every unit with a usable id and parent counts, even one with other
        problems, so that a cycle is reported together with them.
        """
        index = self.unit_ids
        parent: dict[str, str] = {}
        for i, r in enumerate(raw):
            if type(r) is dict:
                uid, up = r.get("id"), r.get("parent")
                if type(uid) is str and index.get(uid) == i and type(up) is str and up in index:
                    parent[uid] = up
        done: set[str] = set()
        found: list[tuple[int, str]] = []
        for uid in parent:
            trail: dict[str, int] = {}
            cur: str | None = uid
            while cur is not None and cur not in done and cur not in trail:
                trail[cur] = len(trail)
                cur = parent.get(cur)
            if cur is not None and cur in trail:
                ring = list(trail)[trail[cur] :]
                start = min(range(len(ring)), key=lambda k: index[ring[k]])
                ring = ring[start:] + ring[:start]
                text = " → ".join(show(x) for x in [*ring, ring[0]])
                found.append((index[ring[0]], text))
            done.update(trail)
        for i, text in sorted(found):
            self.p.add(f"units[{i}].parent", "parent_cycle", cycle=text)

    def person(self, i: int, rec: object) -> Person | None:
        before = self.p.total
        head = self.record("people", i, rec, PERSON_KEYS, self.person_ids)
        if head is None:
            return None
        path, r, pid = head
        name = self.text(r, "name", path)
        roles = self.words(r, "roles", path, self.role, required=True)
        units = self.words(r, "units", path, self.unit_ref, required=False)
        since = self.time(r, "since", path, required=False)
        if self.p.total != before or pid is None or name is None or roles is None:
            return None
        return Person(pid, name, tuple(roles), tuple(units or ()), since)

    def call(self, i: int, rec: object) -> Call | None:
        before = self.p.total
        head = self.record("calls", i, rec, CALL_KEYS, self.call_ids)
        if head is None:
            return None
        path, r, cid = head
        title = self.text(r, "title", path)
        kind = self.word(r, "kind", path, _CALL_KIND, required=True)
        assignees = self.words(r, "assignees", path, self.person_ref, required=False)
        due = self.time(r, "due", path, required=False)
        if self.p.total != before or cid is None or title is None or kind is None:
            return None
        return Call(cid, title, kind, tuple(assignees or ()), due)

    def piece(self, i: int, rec: object) -> Piece | None:
        before = self.p.total
        head = self.record("pieces", i, rec, PIECE_KEYS, self.piece_ids)
        if head is None:
            return None
        path, r, pid = head
        title = self.text(r, "title", path)
        authors = self.words(r, "authors", path, self.person_ref, required=True, nonempty=True)
        submitted_at = self.time(r, "submitted_at", path, required=True)
        unit = self.word(r, "unit", path, self.unit_ref, required=False)
        topic = self.free(r, "topic", path)
        call = self.word(r, "call", path, self.call_ref, required=False)
        if pid is not None and submitted_at is not None and self.piece_ids[pid] == i:
            self.submitted[pid] = submitted_at
        if (
            self.p.total != before
            or pid is None
            or title is None
            or authors is None
            or submitted_at is None
        ):
            return None
        return Piece(pid, title, tuple(authors), submitted_at, unit, topic, call)

    # -- events (the hot path) ---------------------------------------------

    def events(self, raw: list[Any]) -> list[Event]:
        """Events in order; a well-formed event takes the fast path, any other the slow one."""
        out: list[Event] = []
        append = out.append
        submitted = self.submitted
        fast = self.fast_specs
        for i, e in enumerate(raw):
            if type(e) is dict:
                g: _Get = e.get
                t = g("type")
                spec = fast.get(t) if type(t) is str else None
                if spec is not None and e.keys() <= spec[0]:
                    piece = g("piece")
                    at_text = g("at")
                    sub = submitted.get(piece) if type(piece) is str else None
                    at = parse_time(at_text) if type(at_text) is str else None
                    if sub is not None and at is not None and at >= sub:
                        ok = True
                        for key, members in spec[1]:
                            v = g(key)
                            if type(v) is not str or (members is not None and v not in members):
                                ok = False
                                break
                        if ok and len(e) > spec[3]:  # some optional keys are there
                            for key, members in spec[2]:
                                v = g(key)
                                if v is not None and (
                                    type(v) is not str or (members is not None and v not in members)
                                ):
                                    ok = False
                                    break
                        if ok:
                            append(spec[4](piece, t, at, g))
                            continue
            event = self.event(i, e)
            if event is not None:
                append(event)
        return out

    def event(self, i: int, e: object) -> Event | None:
        """The slow path: report every problem of one event; the event if it has none.

        Well-formed events come here only when they have a null in a key foreign
        to their type, or belong to a piece whose own record is wrong.
        """
        p = self.p
        if type(e) is not dict:
            p.add(f"events[{i}]", "wrong_type", expected="object", found=show(e))
            return None
        before = p.total
        t = e.get("type")
        spec = _EVENT_SPECS.get(t) if type(t) is str else None
        if spec is None:
            self.bad_event_type(i, e)
            allowed = _ALL_EVENT_KEYS
        else:
            allowed = spec.keys
        if not e.keys() <= allowed:
            self.event_keys(i, e, spec)

        piece = e.get("piece")
        if type(piece) is not str or piece not in self.piece_ids:
            if piece is None:
                self.absent(f"events[{i}].piece", "piece" in e, "string")
            else:
                self.piece_ref.complain(p, f"events[{i}].piece", piece)
            piece = None
        at_text = e.get("at")
        at = parse_time(at_text) if type(at_text) is str else None
        if at is None:
            if at_text is None:
                self.absent(f"events[{i}].at", "at" in e, "time")
            else:
                self.bad_time(f"events[{i}].at", at_text)
        elif piece is not None:
            sub = self.submitted.get(piece)
            if sub is not None and at < sub:
                p.add(
                    f"events[{i}].at",
                    "before_submission",
                    at=show(at_text),
                    piece=show(piece),
                    submitted_at=show(format_time(sub)),
                )
        if spec is None:
            self.event_fields(i, e, ("actor", "note"), required=False)
        else:
            self.event_fields(i, e, spec.required, required=True)
            self.event_fields(i, e, spec.optional, required=False)
        if p.total != before or spec is None or piece is None or at is None:
            return None
        g = e.get
        return Event(
            piece,
            spec.type,
            at,
            g("actor"),
            g("note"),
            g("stage"),
            g("decision"),
            g("route"),
            g("to"),
            g("body"),
            g("level"),
            g("rank"),
            g("department"),
            g("outcome"),
        )

    def event_fields(
        self, i: int, e: dict[str, Any], keys: tuple[str, ...], *, required: bool
    ) -> None:
        p = self.p
        for key in keys:
            v = e.get(key)
            kind = _EVENT_FIELD_KIND[key]
            if v is None:
                if required:
                    if key in e:
                        p.add(f"events[{i}].{key}", "wrong_type", expected="string", found="null")
                    else:
                        p.add(f"events[{i}].{key}", "missing_for_type", type=e["type"])
                continue
            if kind is _FREE:
                if type(v) is not str:
                    p.add(
                        f"events[{i}].{key}",
                        "wrong_type",
                        expected="string_or_null" if not required else "string",
                        found=show(v),
                    )
            elif kind is _TEXT:
                if type(v) is not str:
                    p.add(f"events[{i}].{key}", "wrong_type", expected="string", found=show(v))
                elif not v:
                    p.add(f"events[{i}].{key}", "empty")
            else:
                domain = self.person_ref if kind is _PERSON else kind
                assert isinstance(domain, _Domain)
                if type(v) is not str or v not in domain.members:
                    domain.complain(p, f"events[{i}].{key}", v)

    def bad_event_type(self, i: int, e: dict[str, Any]) -> None:
        if "type" not in e:
            self.p.add(f"events[{i}].type", "missing")
        else:
            _EVENT_TYPE.complain(self.p, f"events[{i}].type", e["type"])

    def event_keys(self, i: int, e: dict[str, Any], spec: _EventSpec | None) -> None:
        for key in e:
            if key not in _ALL_EVENT_KEYS:
                allowed = spec.allowed if spec is not None else _join(EVENT_KEYS)
                self.p.add(f"events[{i}]", "unknown_key", key=key, allowed=allowed)
            elif spec is not None and key not in spec.keys and e[key] is not None:
                self.p.add(
                    f"events[{i}].{key}", "field_not_allowed", type=spec.type, allowed=spec.allowed
                )


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def dataset_to_doc(ds: Dataset) -> dict[str, Any]:
    """``ds`` as a JSON-ready ``sqmy-dataset/1`` document (the inverse of :func:`parse_dataset`).

    Optional fields that are ``None`` are left out, except a unit's ``parent``
    (written as ``null``, as in the contract's example); lists are always
    written.  Times keep their own offset.  The result is meant for valid
    datasets: ``parse_dataset(dataset_to_doc(ds)) == ds``.
    """
    return {
        "format": DATASET_FORMAT,
        "units": [
            {"id": u.id, "name": u.name, "kind": u.kind, "parent": u.parent} for u in ds.units
        ],
        "people": [_person_doc(x) for x in ds.people],
        "calls": [_call_doc(c) for c in ds.calls],
        "pieces": [_piece_doc(x) for x in ds.pieces],
        "events": [_event_doc(e) for e in ds.events],
    }


def _person_doc(x: Person) -> dict[str, Any]:
    d: dict[str, Any] = {"id": x.id, "name": x.name, "roles": list(x.roles), "units": list(x.units)}
    if x.since is not None:
        d["since"] = format_time(x.since)
    return d


def _call_doc(c: Call) -> dict[str, Any]:
    d: dict[str, Any] = {"id": c.id, "title": c.title, "kind": c.kind}
    d["assignees"] = list(c.assignees)
    if c.due is not None:
        d["due"] = format_time(c.due)
    return d


def _piece_doc(x: Piece) -> dict[str, Any]:
    d: dict[str, Any] = {"id": x.id, "title": x.title, "authors": list(x.authors)}
    if x.unit is not None:
        d["unit"] = x.unit
    d["submitted_at"] = format_time(x.submitted_at)
    if x.topic is not None:
        d["topic"] = x.topic
    if x.call is not None:
        d["call"] = x.call
    return d


def _event_doc(e: Event) -> dict[str, Any]:
    d: dict[str, Any] = {"piece": e.piece, "type": e.type, "at": format_time(e.at)}
    for key in EVENT_KEYS[3:]:
        v = getattr(e, key)
        if v is not None:
            d[key] = v
    return d
