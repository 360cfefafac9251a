"""``sqmy-dataset/1`` and ``/1.1``: validate decoded JSON and build a :class:`~sqmy_core.model.Dataset`.

Everything here is pure: decoded JSON values in, records out.  The rules are
those of ``docs/interchange.md``; where the contract is silent the choices are
documented there too.

Validation collects every problem (up to :data:`MAX_PROBLEMS`, then one more
saying how many were left out) and raises :class:`~sqmy_core.errors.DatasetError`;
nothing is returned for a dataset with a problem.

A ``sqmy-dataset/1`` document is held to the contract's closed vocabularies
and its keys of 1.0 (a 1.1 addition there is an unknown key, as before 1.1);
a ``sqmy-dataset/1.1`` document to the ``declarations`` of the ruleset it is
assessed under (:data:`~sqmy_core.model.attributes.CONTRACT` by default).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqmy_core.errors import DatasetError
from sqmy_core.interchange.dataset_common import MISSING, Problems, id_ok, join, safe_key, show
from sqmy_core.interchange.dataset_events import Events
from sqmy_core.interchange.dataset_spec import (
    DATASET_FORMAT,
    FORMATS,
    LISTS,
    LISTS_11,
    MAX_PROBLEMS,
    TOP_KEYS,
    TOP_KEYS_11,
)
from sqmy_core.model import Activity, Adjustment, Dataset
from sqmy_core.model.attributes import CONTRACT, Declarations


def parse_dataset(
    doc: object,
    *,
    source: str | None = None,
    extra_roles: Iterable[str] = (),
    declarations: Declarations | None = None,
) -> Dataset:
    """Validate a decoded ``sqmy-dataset/1`` or ``/1.1`` document and build its :class:`Dataset`.

    ``extra_roles`` are the reviewer roles a ruleset defines (allowed in both
    versions).  ``declarations`` are the ruleset's vocabularies and attributes
    a 1.1 document is checked against (default: the contract's alone); a 1.0
    document is always checked against the contract's closed vocabularies.
    ``source`` (a file name) prefixes every message.  Raises
    :class:`~sqmy_core.errors.DatasetError` listing every problem found (capped
    at :data:`MAX_PROBLEMS`).
    """
    p = Problems(MAX_PROBLEMS)
    dataset = _run(p, doc, tuple(extra_roles), declarations or CONTRACT)
    if p.total or dataset is None:
        raise DatasetError(p.result(), source)
    return dataset


def _index(records: list[Any]) -> dict[str, int]:
    """Each well-formed id -> the index of its first record."""
    ids: dict[str, int] = {}
    for i, r in enumerate(records):
        if type(r) is dict:
            v = r.get("id")
            if type(v) is str and v not in ids and id_ok(v):
                ids[v] = i
    return ids


class _Parser(Events):
    def __init__(
        self, p: Problems, version: str, extra_roles: Iterable[str], declarations: Declarations
    ) -> None:
        super().__init__(p, version, extra_roles, declarations)
        self.submitted: dict[str, datetime] = {}
        self.authors: dict[str, tuple[str, ...]] = {}
        self.adjustment_ids: dict[str, int] = {}
        self.activity_ids: dict[str, int] = {}
        self.setup_events()

    def run(self, doc: dict[str, Any], version: str) -> Dataset | None:
        p = self.p
        top, names = (TOP_KEYS_11, LISTS_11) if self.v11 else (TOP_KEYS, LISTS)
        for key in doc:
            if key not in top:
                p.add("", "unknown_key", key=safe_key(key), allowed=join(top))
        lists: dict[str, list[Any]] = {}
        for name in names:
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
        adjustments: list[Adjustment] = []
        activities: list[Activity] = []
        if self.v11:
            self.adjustment_ids.update(_index(lists["adjustments"]))
            self.activity_ids.update(_index(lists["activities"]))
            raw = lists["adjustments"]
            adjustments = [a for i, r in enumerate(raw) if (a := self.adjustment(i, r))]
            raw = lists["activities"]
            activities = [act for i, r in enumerate(raw) if (act := self.activity(i, r))]
        if p.total:
            return None
        return Dataset(
            tuple(units),
            tuple(people),
            tuple(calls),
            tuple(pieces),
            tuple(events),
            tuple(adjustments),
            tuple(activities),
            version,
        )


def _run(
    p: Problems, doc: object, extra_roles: tuple[str, ...], declarations: Declarations
) -> Dataset | None:
    if type(doc) is not dict:
        p.add("", "wrong_type", expected="object", found=show(doc))
        return None
    fmt = doc.get("format", MISSING)
    if fmt is MISSING:
        p.add("format", "missing")
        version = "1"
    elif type(fmt) is not str or fmt not in FORMATS:
        # Another format or version: its records follow other rules; stop here.
        for key in doc:
            if key not in TOP_KEYS:
                p.add("", "unknown_key", key=safe_key(key), allowed=join(TOP_KEYS))
        p.add("format", "bad_format", wanted=show(DATASET_FORMAT), found=show(fmt))
        return None
    else:
        version = FORMATS[fmt]
    return _Parser(p, version, extra_roles, declarations).run(doc, version)
