"""Hypothesis strategies for ``sqmy-dataset`` documents: valid ones, and mutations of them.

(Ruleset text strategies are beside this module, in :mod:`.ruleset_strategies`.)

For this library's tests and the fuzz profile (Hypothesis is a development
dependency: import this module from tests only).

- :func:`declarations` -- a ruleset's declared vocabularies and attributes;
- :func:`datasets` -- valid :class:`~sqmy_core.model.Dataset` values of a
  version, under given declarations (``dataset_to_doc`` makes the document);
- :func:`mutated_docs` -- a valid document with a few values replaced by
  anything JSON can say, limits broken, keys added or removed.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from sqmy_core.interchange.dataset_doc import dataset_to_doc
from sqmy_core.model import (
    Activity,
    Adjustment,
    AttributeSpec,
    AttrValue,
    Call,
    Dataset,
    Declarations,
    Event,
    Person,
    Piece,
    Unit,
    vocab,
)
from sqmy_core.model.attributes import RECORD_TYPES, AttrType
from sqmy_core.model.vocab import Body

OFFSETS = [timezone(timedelta(minutes=m)) for m in (0, 480, -300, 330, -570, 840)]
ids = st.text(alphabet="abcxyz019-_中文", min_size=1, max_size=6)
names = st.text(min_size=1, max_size=8).filter(lambda s: "\x00" not in s)
free = st.none() | st.text(max_size=8)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2090, 12, 31),
    timezones=st.sampled_from(OFFSETS),
)
decimals = st.decimals(
    min_value=Decimal(-1000), max_value=Decimal(1000), places=2, allow_nan=False
).map(lambda d: Fraction(d))
words = st.text(alphabet="abcdefgh_", min_size=1, max_size=6)

EVENT_TYPES_10 = vocab.EVENT_TYPES
ATTR_TYPES: tuple[AttrType, ...] = ("string", "number", "boolean", "choice")


@st.composite
def declarations(draw: st.DrawFn) -> Declarations:
    """Declarations as a ruleset would make them: the contract's words plus some of its own."""
    own_bodies = draw(st.lists(words, unique=True, max_size=2))
    bodies = dict(vocab.BODIES)
    for b in own_bodies:
        bid = f"own-{b}"
        bodies[bid] = Body(bid, f"刊物{b}", draw(st.sampled_from(vocab.LEVELS)))
    attributes: dict[str, AttributeSpec] = {}
    for name in draw(st.lists(words, unique=True, max_size=4)):
        kind: AttrType = draw(st.sampled_from(ATTR_TYPES))
        on = tuple(
            draw(
                st.lists(
                    st.sampled_from([*RECORD_TYPES, "adopted", "penalized"]),
                    unique=True,
                    min_size=1,
                    max_size=3,
                )
            )
        )
        values = (
            tuple(draw(st.lists(words, unique=True, min_size=1, max_size=3)))
            if kind == "choice"
            else ()
        )
        attributes[name] = AttributeSpec(name, kind, on, values, required=draw(st.booleans()))
    return Declarations(
        bodies=bodies,
        ranks=(
            *vocab.RANKS,
            *(f"rank-{w}" for w in draw(st.lists(words, unique=True, max_size=2))),
        ),
        roles=(
            *vocab.BUILTIN_ROLES,
            *(f"role-{w}" for w in draw(st.lists(words, unique=True, max_size=2))),
        ),
        unit_kinds=(
            *vocab.UNIT_KINDS,
            *(f"kind-{w}" for w in draw(st.lists(words, unique=True, max_size=2))),
        ),
        attributes=attributes,
        penalty_kinds=tuple(draw(st.lists(words, unique=True, min_size=1, max_size=2))),
        activity_kinds=tuple(draw(st.lists(words, unique=True, min_size=1, max_size=2))),
        sections=tuple(draw(st.lists(words, unique=True, max_size=2))),
    )


def _value(draw: st.DrawFn, spec: AttributeSpec) -> AttrValue:
    if spec.type == "boolean":
        return draw(st.booleans())
    if spec.type == "number":
        return draw(decimals)
    if spec.type == "choice":
        return draw(st.sampled_from(spec.values))
    return draw(st.text(max_size=8))


def _attributes(
    draw: st.DrawFn, d: Declarations, v11: bool, record: str, event_type: str | None = None
) -> dict[str, AttrValue]:
    if not v11:
        return {}
    out: dict[str, AttrValue] = {}
    for name, spec in d.attributes.items():
        if spec.allowed_on(record, event_type) and (spec.required or draw(st.booleans())):
            out[name] = _value(draw, spec)
    return out


@st.composite
def datasets(draw: st.DrawFn, d: Declarations | None = None, version: str = "1.1") -> Dataset:
    """A valid dataset of ``version`` (``1`` or ``1.1``) under declarations ``d``."""
    d = d or Declarations()
    v11 = version == "1.1"
    unit_kinds = d.unit_kinds if v11 else vocab.UNIT_KINDS
    roles = d.roles if v11 else vocab.BUILTIN_ROLES
    unit_ids = draw(st.lists(ids, unique=True, max_size=4))
    units = []
    for k, uid in enumerate(unit_ids):
        parent = draw(st.none() | st.sampled_from(unit_ids[:k])) if k else None
        units.append(
            Unit(
                uid,
                draw(names),
                draw(st.sampled_from(unit_kinds)),
                parent,
                _attributes(draw, d, v11, "unit"),
            )
        )
    person_ids = draw(st.lists(ids, unique=True, min_size=1, max_size=4))
    people = []
    for pid in person_ids:
        since = draw(st.none() | moments)
        until = draw(st.none() | moments) if v11 else None
        if since is not None and until is not None and until <= since:
            until = since + timedelta(days=1)
        people.append(
            Person(
                pid,
                draw(names),
                tuple(draw(st.lists(st.sampled_from(roles), unique=True, max_size=2))),
                tuple(draw(st.lists(st.sampled_from(unit_ids), unique=True, max_size=2)))
                if unit_ids
                else (),
                since,
                until,
                _attributes(draw, d, v11, "person"),
            )
        )
    call_ids = draw(st.lists(ids, unique=True, max_size=2))
    calls = [
        Call(
            cid,
            draw(names),
            draw(st.sampled_from(vocab.CALL_KINDS)),
            tuple(draw(st.lists(st.sampled_from(person_ids), unique=True, max_size=2))),
            draw(st.none() | moments),
            _attributes(draw, d, v11, "call"),
        )
        for cid in call_ids
    ]
    pieces = []
    for xid in draw(st.lists(ids, unique=True, max_size=4)):
        pieces.append(
            Piece(
                xid,
                draw(names),
                tuple(
                    draw(st.lists(st.sampled_from(person_ids), unique=True, min_size=1, max_size=3))
                ),
                draw(moments),
                draw(st.none() | st.sampled_from(unit_ids)) if unit_ids else None,
                draw(free),
                draw(st.none() | st.sampled_from(call_ids)) if call_ids else None,
                draw(free) if v11 else None,
                _attributes(draw, d, v11, "piece"),
            )
        )
    events = (
        [draw(_event(pieces, person_ids, d, v11)) for _ in range(draw(st.integers(0, 6)))]
        if pieces
        else []
    )
    adjustments: list[Adjustment] = []
    activities: list[Activity] = []
    if v11:
        for aid in draw(st.lists(ids, unique=True, max_size=2)):
            to_person = draw(st.booleans()) or not unit_ids
            adjustments.append(
                Adjustment(
                    aid,
                    draw(decimals),
                    draw(moments),
                    draw(names),
                    draw(st.sampled_from(person_ids)),
                    draw(st.sampled_from(person_ids)) if to_person else None,
                    None if to_person else draw(st.sampled_from(unit_ids)),
                    draw(free),
                    draw(st.none() | st.sampled_from(d.sections)) if d.sections else None,
                )
            )
        for aid in draw(st.lists(ids, unique=True, max_size=2)):
            activities.append(
                Activity(
                    aid,
                    draw(st.sampled_from(person_ids)),
                    draw(st.sampled_from(d.activity_kinds)),
                    draw(moments),
                    _attributes(draw, d, v11, "activity"),
                    draw(free),
                )
            )
    return Dataset(units, people, calls, pieces, events, adjustments, activities, version)


@st.composite
def _event(
    draw: st.DrawFn, pieces: list[Piece], person_ids: list[str], d: Declarations, v11: bool
) -> Event:
    piece = draw(st.sampled_from(pieces))
    offset = draw(st.sampled_from(OFFSETS))
    at = (piece.submitted_at + draw(st.timedeltas(timedelta(0), timedelta(days=400)))).astimezone(
        offset
    )
    types = (*EVENT_TYPES_10, "penalized") if v11 and d.penalty_kinds else EVENT_TYPES_10
    t = draw(st.sampled_from(types))
    f: dict[str, Any] = {"actor": draw(st.none() | st.sampled_from(person_ids)), "note": draw(free)}
    if t in ("approved", "rejected", "returned"):
        f["stage"] = draw(st.none() | ids)
    elif t == "reviewed":
        f.update(
            stage=draw(ids),
            decision=draw(st.sampled_from(vocab.DECISIONS)),
            actor=draw(st.sampled_from(person_ids)),
        )
    elif t == "dispatched":
        f.update(route=draw(st.sampled_from(vocab.ROUTES)), to=draw(free))
    elif t == "adopted":
        f["body"] = draw(st.sampled_from(sorted(d.bodies if v11 else vocab.BODIES)))
    elif t == "instructed":
        f.update(
            level=draw(st.sampled_from(vocab.LEVELS)),
            rank=draw(st.sampled_from(d.ranks if v11 else vocab.RANKS)),
        )
    elif t == "handled":
        f.update(outcome=draw(st.sampled_from(vocab.OUTCOMES)), department=draw(free))
    else:
        persons = draw(
            st.none() | st.lists(st.sampled_from(piece.authors), unique=True, min_size=1)
        )
        f.update(
            kind=draw(st.sampled_from(d.penalty_kinds)), persons=tuple(persons) if persons else None
        )
    return Event(piece.id, t, at, attributes=_attributes(draw, d, v11, "event", t), **f)


@st.composite
def dataset_docs(
    draw: st.DrawFn, d: Declarations | None = None, version: str = "1.1"
) -> dict[str, Any]:
    """A valid document (JSON-ready) of ``version`` under ``d``."""
    return dataset_to_doc(draw(datasets(d, version)))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5)
    | st.sampled_from(
        [
            "",
            " x",
            "x\x00",
            "\ud800",
            "a" * 129,
            "1e999",
            "-2.5",
            "NaN",
            "0001-01-01T00:00:00+08:00",
            "9999-12-31T24:00:00Z",
            "2024-03-01T09:00:00+08:00",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
"""Any JSON value, with a few that break the contract's limits."""


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated_docs(
    draw: st.DrawFn,
    doc: dict[str, Any],
    values: st.SearchStrategy[Any] = json_values,
    keys: list[str] | None = None,
) -> dict[str, Any]:
    """``doc`` with one to three values replaced (by ``values``), keys deleted or keys added.

    ``keys`` are the names an added key may have (default: a dataset's); the
    ruleset strategies pass TOML values and a ruleset's keys."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        target: Any = doc
        for part in path[:-1]:
            target = target[part]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add_key"]))
        if action == "delete":
            del target[path[-1]]
        elif action == "add_key" and isinstance(target, dict):
            names = keys or ["attributes", "until", "body", "kind", "persons", "x"]
            target[draw(st.sampled_from(names))] = draw(values)
        else:
            target[path[-1]] = draw(values)
    return doc
