"""Records with an id: units, people, calls, pieces and (1.1) adjustments and activities."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqmy_core.interchange.dataset_common import show, vocabulary
from sqmy_core.interchange.dataset_fields import Fields
from sqmy_core.interchange.dataset_spec import (
    ACTIVITY_KEYS,
    ADJUSTMENT_KEYS,
    CALL_KEYS,
    CALL_KEYS_11,
    MAX_NAME,
    MAX_TEXT,
    PERSON_KEYS,
    PERSON_KEYS_11,
    PIECE_KEYS,
    PIECE_KEYS_11,
    UNIT_KEYS,
    UNIT_KEYS_11,
)
from sqmy_core.interchange.times import format_time
from sqmy_core.model import Activity, Adjustment, Call, Person, Piece, Unit, vocab
from sqmy_core.model.attributes import AttrValue

_CALL_KIND = vocabulary(vocab.CALL_KINDS, "call_kind")


class Records(Fields):
    submitted: dict[str, datetime]
    authors: dict[str, tuple[str, ...]]
    adjustment_ids: dict[str, int]
    activity_ids: dict[str, int]

    def attrs(self, r: dict[str, Any], path: str, record: str) -> Mapping[str, AttrValue] | None:
        """Attributes of a 1.1 record (a 1.0 record has none: the key is unknown there)."""
        if not self.v11:
            return {}
        return self.attributes(r, path, record)

    def unit(self, i: int, rec: object) -> Unit | None:
        before = self.p.total
        keys = UNIT_KEYS_11 if self.v11 else UNIT_KEYS
        head = self.record("units", i, rec, keys, self.unit_ids)
        if head is None:
            return None
        path, r, uid = head
        name = self.text(r, "name", path, MAX_NAME)
        kind = self.word(r, "kind", path, self.unit_kind, required=True)
        parent = self.word(r, "parent", path, self.unit_ref, required=False)
        attributes = self.attrs(r, path, "unit")
        if self.p.total != before or uid is None or name is None or kind is None:
            return None
        return Unit(uid, name, kind, parent, attributes or {})

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
        keys = PERSON_KEYS_11 if self.v11 else PERSON_KEYS
        head = self.record("people", i, rec, keys, self.person_ids)
        if head is None:
            return None
        path, r, pid = head
        name = self.text(r, "name", path, MAX_NAME)
        roles = self.words(r, "roles", path, self.role, required=True)
        units = self.words(r, "units", path, self.unit_ref, required=False)
        since = self.time(r, "since", path, required=False)
        until = self.time(r, "until", path, required=False) if self.v11 else None
        if since is not None and until is not None and until <= since:
            self.p.add(
                f"{path}.until",
                "until_not_after_since",
                until=show(r["until"]),
                since=show(format_time(since)),
            )
        attributes = self.attrs(r, path, "person")
        if self.p.total != before or pid is None or name is None or roles is None:
            return None
        return Person(pid, name, tuple(roles), tuple(units or ()), since, until, attributes or {})

    def call(self, i: int, rec: object) -> Call | None:
        before = self.p.total
        keys = CALL_KEYS_11 if self.v11 else CALL_KEYS
        head = self.record("calls", i, rec, keys, self.call_ids)
        if head is None:
            return None
        path, r, cid = head
        title = self.text(r, "title", path, MAX_NAME)
        kind = self.word(r, "kind", path, _CALL_KIND, required=True)
        assignees = self.words(r, "assignees", path, self.person_ref, required=False)
        due = self.time(r, "due", path, required=False)
        attributes = self.attrs(r, path, "call")
        if self.p.total != before or cid is None or title is None or kind is None:
            return None
        return Call(cid, title, kind, tuple(assignees or ()), due, attributes or {})

    def piece(self, i: int, rec: object) -> Piece | None:
        before = self.p.total
        keys = PIECE_KEYS_11 if self.v11 else PIECE_KEYS
        head = self.record("pieces", i, rec, keys, self.piece_ids)
        if head is None:
            return None
        path, r, pid = head
        title = self.text(r, "title", path, MAX_NAME)
        authors = self.words(r, "authors", path, self.person_ref, required=True, nonempty=True)
        submitted_at = self.time(r, "submitted_at", path, required=True)
        unit = self.word(r, "unit", path, self.unit_ref, required=False)
        topic = self.free(r, "topic", path, MAX_NAME)
        call = self.word(r, "call", path, self.call_ref, required=False)
        text = self.free(r, "body", path, MAX_TEXT) if self.v11 else None
        attributes = self.attrs(r, path, "piece")
        if pid is not None and submitted_at is not None and self.piece_ids[pid] == i:
            self.submitted[pid] = submitted_at
            if authors is not None and self.v11:  # penalized events name authors
                self.authors[pid] = tuple(authors)
        if (
            self.p.total != before
            or pid is None
            or title is None
            or authors is None
            or submitted_at is None
        ):
            return None
        return Piece(
            pid,
            title,
            tuple(authors),
            submitted_at,
            unit,
            topic,
            call,
            text,
            dict(attributes or {}),
        )

    # -- sqmy-dataset/1.1 -----------------------------------------------------

    def adjustment(self, i: int, rec: object) -> Adjustment | None:
        before = self.p.total
        head = self.record("adjustments", i, rec, ADJUSTMENT_KEYS, self.adjustment_ids)
        if head is None:
            return None
        path, r, aid = head
        person = self.word(r, "person", path, self.person_ref, required=False)
        unit = self.word(r, "unit", path, self.unit_ref, required=False)
        if r.get("person") is None and r.get("unit") is None:
            self.p.add(path, "person_or_unit")
        elif r.get("person") is not None and r.get("unit") is not None:
            self.p.add(f"{path}.unit", "person_and_unit")
        points = None
        if "points" not in r or r["points"] is None:
            self.absent(f"{path}.points", "points" in r, "number_or_decimal")
        else:
            points = self.number_value(f"{path}.points", r["points"], strings=True)
        at = self.time(r, "at", path, required=True)
        reason = self.text(r, "reason", path, MAX_TEXT)
        approved_by = self.word(r, "approved_by", path, self.person_ref, required=True)
        clause = self.free(r, "clause", path, MAX_NAME)
        section = self.word(r, "section", path, self.section, required=False)
        if (
            self.p.total != before
            or aid is None
            or points is None
            or at is None
            or reason is None
            or approved_by is None
        ):
            return None
        return Adjustment(aid, points, at, reason, approved_by, person, unit, clause, section)

    def activity(self, i: int, rec: object) -> Activity | None:
        before = self.p.total
        head = self.record("activities", i, rec, ACTIVITY_KEYS, self.activity_ids)
        if head is None:
            return None
        path, r, aid = head
        person = self.word(r, "person", path, self.person_ref, required=True)
        kind = self.word(r, "kind", path, self.activity_kind, required=True)
        at = self.time(r, "at", path, required=True)
        attributes = self.attributes(r, path, "activity")
        note = self.free(r, "note", path, MAX_TEXT)
        if self.p.total != before or aid is None or person is None or kind is None or at is None:
            return None
        return Activity(aid, person, kind, at, attributes or {}, note)
