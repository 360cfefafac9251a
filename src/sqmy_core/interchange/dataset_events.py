"""Events: the parser's hot path (millions of events), and the slow path that names problems.

A well-formed event takes the fast path: plain ``type()`` checks and
dictionary look-ups, no path strings.  Any other event, and every event with
``attributes`` or of type ``penalized`` (1.1), takes the slow path, which
reports every problem of the event with its path.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from datetime import datetime
from typing import Any, Final

from attrs import frozen

from sqmy_core.interchange.dataset_common import (
    SURROGATE,
    Domain,
    Texts,
    id_ok,
    id_problem,
    join,
    safe_key,
    show,
    text_ok,
    text_problem,
    vocabulary,
)
from sqmy_core.interchange.dataset_records import Records
from sqmy_core.interchange.dataset_spec import (
    EVENT_FIELDS,
    EVENT_FIELDS_11,
    EVENT_KEYS,
    EVENT_KEYS_11,
    EVENT_TYPES_11,
    MAX_ID,
    MAX_NAME,
    MAX_TEXT,
)
from sqmy_core.interchange.times import MAX_YEAR, MIN_YEAR, format_time, parse_time
from sqmy_core.model import Event, vocab

_Get = Callable[[str], Any]
_Builder = Callable[[str, str, datetime, _Get], Event]
_Checks = tuple[tuple[str, Container[str] | None, int], ...]
_FastSpec = tuple[frozenset[str], _Checks, _Checks, int, _Builder]
"""allowed keys, (required key, members, limit), (optional key, members, limit),
len(e) without optional keys, builder.  ``members`` None: free text of at most
``limit`` characters (checked inline, no call), or with limit ``_ID`` an id."""

_ID: Final = -1

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

_TEXT: Final = "text"  # an id-like word (a stage id)
_PERSON: Final = "person"  # a person id
_PERSONS: Final = "persons"  # a non-empty list of the piece's authors
_ATTRIBUTES: Final = "attributes"
_NAME = Texts(MAX_NAME)
_NOTE = Texts(MAX_TEXT)


@frozen
class _EventSpec:
    type: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    keys: frozenset[str]
    allowed: str  # the keys, listed in messages


class Events(Records):
    def setup_events(self) -> None:
        v11 = self.v11
        fields = EVENT_FIELDS_11 if v11 else EVENT_FIELDS
        order = EVENT_KEYS_11 if v11 else EVENT_KEYS
        self.event_type = vocabulary(EVENT_TYPES_11 if v11 else vocab.EVENT_TYPES, "event_type")
        self.all_event_keys = frozenset(order)
        self.all_event_keys_text = join(order)
        self.event_specs = {
            t: _EventSpec(
                t,
                req,
                opt,
                frozenset(("piece", "type", "at", *req, *opt)),
                join(k for k in order if k in ("piece", "type", "at", *req, *opt)),
            )
            for t, (req, opt) in fields.items()
        }
        self.field_kind: dict[str, Domain | Texts | str] = {
            "actor": _PERSON,
            "note": _NOTE,
            "stage": _TEXT,
            "decision": vocabulary(vocab.DECISIONS, "decision"),
            "route": vocabulary(vocab.ROUTES, "route"),
            "to": _NAME,
            "body": self.body,
            "level": vocabulary(vocab.LEVELS, "level"),
            "rank": self.rank,
            "department": _NAME,
            "outcome": vocabulary(vocab.OUTCOMES, "outcome"),
            "kind": self.penalty_kind,
            "persons": _PERSONS,
            "attributes": _ATTRIBUTES,
        }
        fast: dict[str, tuple[Container[str] | None, int]] = {
            "actor": (self.person_ids, 0),
            "stage": (None, _ID),
        }
        for key, kind in self.field_kind.items():
            if isinstance(kind, Domain):
                fast[key] = (kind.members, 0)
            elif isinstance(kind, Texts):
                fast[key] = (None, kind.limit)
        # Events with attributes, penalized events and events of a type that has a
        # required attribute (1.1) always take the slow path.
        required_on = {
            t
            for t in self.event_specs
            if v11
            and any(
                a.required and a.allowed_on("event", t)
                for a in self.declarations.attributes.values()
            )
        }
        self.fast_specs: dict[str, _FastSpec] = {
            t: (
                spec.keys - {"attributes"},
                tuple((key, *fast[key]) for key in spec.required),
                tuple((key, *fast[key]) for key in spec.optional if key != "attributes"),
                3 + len(spec.required),
                _BUILDERS[t],
            )
            for t, spec in self.event_specs.items()
            if t in _BUILDERS and t not in required_on
        }

    def events(self, raw: list[Any]) -> list[Event]:
        """Events in order; a well-formed event takes the fast path, any other the slow one."""
        out: list[Event] = []
        append = out.append
        submitted = self.submitted
        fast = self.fast_specs
        low, high = MIN_YEAR, MAX_YEAR
        surrogate = SURROGATE.search
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
                    if sub is not None and at is not None and low <= at.year <= high and at >= sub:
                        ok = True
                        for key, members, _limit in spec[1]:
                            v = g(key)
                            if type(v) is not str or (
                                v not in members
                                if members is not None
                                else not (
                                    0 < len(v) <= MAX_ID
                                    and v.isprintable()
                                    and v[0] != " "
                                    and v[-1] != " "
                                )
                            ):
                                ok = False
                                break
                        if ok and len(e) > spec[3]:  # some optional keys are there
                            for key, members, limit in spec[2]:
                                v = g(key)
                                if v is None:
                                    continue
                                if type(v) is not str:
                                    ok = False
                                elif members is not None:
                                    ok = v in members
                                elif limit > 0:  # free text: short enough, valid Unicode
                                    ok = len(v) <= limit and (
                                        v.isascii() or v.isprintable() or not surrogate(v)
                                    )
                                else:  # an id
                                    ok = (
                                        0 < len(v) <= MAX_ID
                                        and v.isprintable()
                                        and v[0] != " "
                                        and v[-1] != " "
                                    )
                                if not ok:
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

        Well-formed 1.0 events come here only when they have a null in a key
        foreign to their type, or belong to a piece whose own record is wrong.
        """
        p = self.p
        if type(e) is not dict:
            p.add(f"events[{i}]", "wrong_type", expected="object", found=show(e))
            return None
        before = p.total
        t = e.get("type")
        spec = self.event_specs.get(t) if type(t) is str else None
        if spec is None:
            self.bad_event_type(i, e)
            allowed = self.all_event_keys
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
        if at is not None and not MIN_YEAR <= at.year <= MAX_YEAR:
            at = None
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
        attributes: dict[str, Any] = {}
        if spec is None:
            self.event_fields(i, e, ("actor", "note"), required=False)
        else:
            self.event_fields(i, e, spec.required, required=True)
            self.event_fields(i, e, spec.optional, required=False)
            if self.v11:
                got = self.attributes(e, f"events[{i}]", "event", spec.type)
                attributes = dict(got or {})
        if p.total != before or spec is None or piece is None or at is None:
            return None
        g = e.get
        persons = g("persons")
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
            g("kind"),
            tuple(persons) if persons is not None else None,
            attributes,
        )

    def event_fields(
        self, i: int, e: dict[str, Any], keys: tuple[str, ...], *, required: bool
    ) -> None:
        p = self.p
        for key in keys:
            v = e.get(key)
            kind = self.field_kind[key]
            here = f"events[{i}].{key}"
            if kind is _ATTRIBUTES:
                continue  # checked with the declarations
            if v is None:
                if required:
                    if key in e:
                        p.add(here, "wrong_type", expected="string", found="null")
                    else:
                        p.add(here, "missing_for_type", type=e["type"])
                continue
            if isinstance(kind, Texts):
                if type(v) is not str:
                    expected = "string_or_null" if not required else "string"
                    p.add(here, "wrong_type", expected=expected, found=show(v))
                elif not text_ok(v, kind.limit):
                    code, params = text_problem(v, kind.limit)
                    p.add(here, code, **params)
            elif kind is _TEXT:
                if type(v) is not str:
                    p.add(here, "wrong_type", expected="string", found=show(v))
                elif not id_ok(v):
                    problem = id_problem(v)
                    assert problem is not None
                    p.add(here, problem[0], **problem[1])
            elif kind is _PERSONS:
                self.penalized_persons(here, e, v)
            else:
                domain = self.person_ref if kind is _PERSON else kind
                assert isinstance(domain, Domain)
                if type(v) is not str or v not in domain.members:
                    domain.complain(p, here, v)

    def penalized_persons(self, here: str, e: dict[str, Any], v: object) -> None:
        """``persons`` of a penalized event: a non-empty list of distinct authors of the piece."""
        path = here.rsplit(".", 1)[0]
        words = self.words(e, "persons", path, self.person_ref, required=True, nonempty=True)
        if not words:
            return
        piece = e.get("piece")
        authors = self.authors.get(piece) if type(piece) is str else None
        if authors is None:
            return  # the piece itself is wrong, and says so
        for j, person in enumerate(words):
            if person not in authors:
                self.p.add(f"{here}[{j}]", "not_an_author", found=show(person), piece=show(piece))

    def bad_event_type(self, i: int, e: dict[str, Any]) -> None:
        if "type" not in e:
            self.p.add(f"events[{i}].type", "missing")
        else:
            self.event_type.complain(self.p, f"events[{i}].type", e["type"])

    def event_keys(self, i: int, e: dict[str, Any], spec: _EventSpec | None) -> None:
        for key in e:
            if key not in self.all_event_keys:
                allowed = spec.allowed if spec is not None else self.all_event_keys_text
                self.p.add(f"events[{i}]", "unknown_key", key=safe_key(key), allowed=allowed)
            elif spec is not None and key not in spec.keys and e[key] is not None:
                self.p.add(
                    f"events[{i}].{key}", "field_not_allowed", type=spec.type, allowed=spec.allowed
                )
