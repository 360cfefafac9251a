"""The ``sqmy-dataset/1.1`` records a Workspace keeps beside pieces: penalties, adjustments, activities.

Each command is checked as an import of the same record would be: the
ruleset's declarations (penalty and activity kinds, sections, attributes)
and references to registered people and units, and it is refused whole --
nothing is written -- when a check fails.  Who and when are passed in (no
clock): a penalty names its ``actor`` (role ``staff``), an adjustment the
person who ``approved_by`` it, and each its time ``at``.

Repeats: a penalty is a piece command like an adoption: it must carry a
guard (``expected_version``, ``idempotency_key`` or ``request_id``,
:mod:`~sqmy_core.workspace.guards`), a repeat of the same request has no
second effect.  An adjustment or an activity is a registry record whose
``id`` is its idempotency key -- that id is its guard, always given:
recording the same record again changes nothing, recording another record
under a used id is refused (:class:`~sqmy_core.errors.DatasetError`
``record_exists``) -- a decided 加减分 is never replaced by accident.  Their
``expected_version`` (0: not recorded yet) is checked after the repeat, as a
piece command's is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqmy_core import workflow
from sqmy_core.errors import DatasetError, Problem
from sqmy_core.interchange.dataset_common import exact_number
from sqmy_core.model import Activity, Adjustment
from sqmy_core.model.attributes import AttrValue
from sqmy_core.storage import NewEvent, RegistryKind, records
from sqmy_core.workflow import PieceState
from sqmy_core.workspace.audit import command
from sqmy_core.workspace.audit_claims import put_claim
from sqmy_core.workspace.clue_commands import ClueCommands

_LISTS: Mapping[str, str] = {"adjustment": "adjustments", "activity": "activities"}


class RecordCommands(ClueCommands):
    """Recording penalties on pieces, and adjustments and activities in the registry."""

    def _act(
        self,
        decide: Callable[..., list[NewEvent]],
        piece_id: str,
        actor: str,
        key: str | None,
        *,
        expected_version: int | None,
        request_id: str | None,
        **params: Any,
    ) -> PieceState:
        raise NotImplementedError  # the Workspace's

    @command("record_penalty", "piece:{piece_id}")
    def record_penalty(
        self,
        piece_id: str,
        kind: str,
        *,
        at: datetime,
        actor: str,
        persons: Sequence[str] | None = None,
        note: str | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> PieceState:
        """登记处罚 (抄袭 ...): a ``penalized`` event of a declared kind, by role staff.

        ``persons`` are the authors at fault (None: all authors).
        """
        return self._act(
            workflow.record_penalty,
            piece_id,
            actor,
            idempotency_key,
            expected_version=expected_version,
            request_id=request_id,
            kind=kind,
            now=at,
            persons=persons,
            note=note,
        )

    @command("record_adjustment", "adjustment:{ident}")
    def record_adjustment(
        self,
        ident: str,
        points: Fraction | int | str | Decimal,
        *,
        at: datetime,
        reason: str,
        approved_by: str,
        person: str | None = None,
        unit: str | None = None,
        clause: str | None = None,
        section: str | None = None,
        actor: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> Adjustment:
        """登记加分/扣分 for one person or one unit (exactly one), approved by a registered person.

        ``points`` is exact: a Fraction, an int, or a decimal string (``"-2.5"``).
        ``actor`` is who records it (the audit's actor; ``approved_by`` is who decided it).
        """
        _aware(at, f"adjustments[{ident}]")
        exact = points if isinstance(points, Fraction) else exact_number(points)
        if exact is None:
            raise DatasetError(
                [Problem("points", "bad_number", {"found": repr(points)})],
                f"adjustments[{ident}]",
            )
        record = Adjustment(ident, exact, at, reason, approved_by, person, unit, clause, section)
        doc = records.adjustment_doc(record)
        people, units = self._people_with_units([p for p in (person, approved_by) if p])
        units += [u for u in self._with_ancestors([unit] if unit else []) if u not in units]
        self._keep("adjustment", doc, people, units, expected_version)
        return record

    @command("record_activity", "activity:{ident}")
    def record_activity(
        self,
        ident: str,
        person: str,
        kind: str,
        *,
        at: datetime,
        attributes: Mapping[str, AttrValue] | None = None,
        note: str | None = None,
        actor: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> Activity:
        """登记履职活动 (会议, 调研 ...) of a declared kind for a registered person."""
        _aware(at, f"activities[{ident}]")
        record = Activity(ident, person, kind, at, dict(attributes or {}), note)
        doc = records.activity_doc(record)
        people, units = self._people_with_units([person])
        self._keep("activity", doc, people, units, expected_version)
        return record

    def _keep(
        self,
        kind: RegistryKind,
        doc: dict[str, Any],
        people: list[dict[str, Any]],
        units: list[dict[str, Any]],
        expected_version: int | None,
    ) -> None:
        """Check ``doc`` as an import would, then keep it unless the same record is already kept
        (a repeat, whatever the version expected)."""
        name = _LISTS[kind]
        records.check_records(
            units=units,
            people=people,
            adjustments=[doc] if kind == "adjustment" else [],
            activities=[doc] if kind == "activity" else [],
            extra_roles=self.ruleset.reviewer_roles,
            declarations=self.declarations(),
            source=f"{name}[{doc['id']}]",
        )
        with self.store.transaction():
            kept = self.store.get(kind, doc["id"])
            if kept is not None and dict(kept) == doc:
                return
            if kept is not None:
                raise DatasetError(
                    [Problem("id", "record_exists", {"what_noun": kind, "found": repr(doc["id"])})],
                    f"{name}[{doc['id']}]",
                )
            number = self.store.put(kind, doc["id"], doc, expected_version=expected_version)
            self._audit_commit(put_claim(number, kind, doc["id"], doc))
        self._registry_changed()

    def adjustments(self) -> list[Adjustment]:
        """Every adjustment recorded, in the order recorded."""
        return [records.adjustment_of(d) for d in self.store.list("adjustment")]

    def activities(self) -> list[Activity]:
        """Every activity recorded, in the order recorded."""
        return [records.activity_of(d) for d in self.store.list("activity")]


def _aware(at: datetime, source: str) -> None:
    if not isinstance(at, datetime) or at.utcoffset() is None:
        raise DatasetError([Problem("at", "time_without_offset", {"found": str(at)})], source)
