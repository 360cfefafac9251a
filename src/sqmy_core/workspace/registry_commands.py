"""The registry half of :class:`~sqmy_core.workspace.workspace.Workspace`: units, people, calls
(clues are :mod:`~sqmy_core.workspace.clue_commands`).

A record is checked with the dataset validator when it is registered
(the ruleset's declared vocabularies and attributes, and references to
records already registered, parents included), then kept in its
``sqmy-dataset/1.1`` form.

``expected_version`` of a register command is the record's registry
version the caller saw (:meth:`RegistryCommands.record_version`: how many
times it was registered; 0: it must not exist yet).  Another one is refused
with :class:`~sqmy_core.errors.ConcurrencyConflict` and nothing is written;
the store checks it under its write lock, so of two clerks registering on
the version they both saw exactly one writes.  Registering is a put of the
whole record -- a repeat leaves the registry as it was (one more history
entry) -- so no guard is required.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqmy_core.errors import PermissionDenied, Problem
from sqmy_core.model import Call, Person, Unit
from sqmy_core.model.attributes import Declarations
from sqmy_core.rules import Ruleset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.storage import EventStore, RegistryKind, records
from sqmy_core.workspace.audit import Audited, command
from sqmy_core.workspace.audit_claims import put_claim


class RegistryCommands(Audited):
    """Registering and looking up the records commands refer to.

    Each register command is audited (:mod:`sqmy_core.workspace.audit`);
    ``actor``, ``now`` and ``request_id`` are optional and only go into its
    audit record.  A registered record is put into the registry's history
    too, so a person's roles before a change are kept.
    """

    store: EventStore
    ruleset: Ruleset

    # -- registry --------------------------------------------------------------

    def _registry_changed(self) -> None:
        """The Workspace's: what an assessment reads beside the pieces has changed."""

    def declarations(self) -> Declarations:
        """What the ruleset declares: registry records and 1.1 records are checked against it."""
        return declarations_of(self.ruleset)

    @command("register_unit", "unit:{unit.id}")
    def register_unit(
        self,
        unit: Unit,
        *,
        actor: str | None = None,
        now: datetime | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        units = self._with_ancestors([unit.parent] if unit.parent else [])
        records.check_records(
            units=[*units, records.unit_doc(unit)],
            declarations=self.declarations(),
            source=f"units[{unit.id}]",
        )
        self._put("unit", unit.id, records.unit_doc(unit), expected_version)
        self._registry_changed()

    @command("register_person", "person:{person.id}")
    def register_person(
        self,
        person: Person,
        *,
        actor: str | None = None,
        now: datetime | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        records.check_records(
            units=self._with_ancestors(person.units),
            people=[records.person_doc(person)],
            extra_roles=self.ruleset.reviewer_roles,
            declarations=self.declarations(),
            source=f"people[{person.id}]",
        )
        self._put("person", person.id, records.person_doc(person), expected_version)
        self._registry_changed()

    @command("register_call", "call:{call.id}")
    def register_call(
        self,
        call: Call,
        *,
        actor: str | None = None,
        now: datetime | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        people, units = self._people_with_units(call.assignees)
        records.check_records(
            units=units,
            people=people,
            calls=[records.call_doc(call)],
            extra_roles=self.ruleset.reviewer_roles,
            declarations=self.declarations(),
            source=f"calls[{call.id}]",
        )
        self._put("call", call.id, records.call_doc(call), expected_version)
        self._registry_changed()

    def _put(
        self,
        kind: RegistryKind,
        ident: str,
        doc: Mapping[str, Any],
        expected_version: int | None = None,
    ) -> None:
        """Put one record and the command's audit record, in one transaction."""
        with self.store.transaction():
            number = self.store.put(kind, ident, doc, expected_version=expected_version)
            self._audit_commit(put_claim(number, kind, ident, doc))

    def record_version(self, kind: RegistryKind, ident: str) -> int:
        """How many times the record was registered (0: never): what ``expected_version`` of a
        register command (and of ``record_adjustment`` / ``record_activity``) is checked against."""
        return self.store.registry_version(kind, ident)

    def _people_with_units(
        self, person_ids: Iterable[str]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The stored records of these people, and of their units with all parents."""
        people = [d for d in (self._doc("person", p) for p in dict.fromkeys(person_ids)) if d]
        return people, self._with_ancestors([u for d in people for u in d.get("units", ())])

    def _with_ancestors(self, unit_ids: Iterable[str]) -> list[dict[str, Any]]:
        """The stored records of these units and of all their parents (for reference checks)."""
        found: dict[str, dict[str, Any]] = {}
        todo = list(unit_ids)
        while todo:
            ident = todo.pop()
            if ident in found:
                continue
            doc = self._doc("unit", ident)
            if doc is None:
                continue  # the validator reports the missing reference
            found[ident] = doc
            if doc.get("parent"):
                todo.append(doc["parent"])
        return list(found.values())

    def _doc(self, kind: Any, ident: str) -> dict[str, Any] | None:
        doc = self.store.get(kind, ident)
        return dict(doc) if doc is not None else None

    def person(self, ident: str) -> Person:
        doc = self.store.get("person", ident)
        if doc is None:
            raise PermissionDenied([Problem("", "unknown_actor", {"found": repr(ident)})])
        return records.person_of(doc)
