"""The registry half of :class:`~sqmy_core.workspace.workspace.Workspace`: units, people, calls
(clues are :mod:`~sqmy_core.workspace.clue_commands`).

A record is checked with the dataset validator when it is registered
(the ruleset's declared vocabularies and attributes, and references to
records already registered, parents included), then kept in its
``sqmy-dataset/1.1`` form.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqmy_core.errors import PermissionDenied, Problem
from sqmy_core.model import Call, Person, Unit
from sqmy_core.model.attributes import Declarations
from sqmy_core.rules import Ruleset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.storage import EventStore, records


class RegistryCommands:
    """Registering and looking up the records commands refer to."""

    store: EventStore
    ruleset: Ruleset

    # -- registry --------------------------------------------------------------

    def _registry_changed(self) -> None:
        """The Workspace's: what an assessment reads beside the pieces has changed."""

    def declarations(self) -> Declarations:
        """What the ruleset declares: registry records and 1.1 records are checked against it."""
        return declarations_of(self.ruleset)

    def register_unit(self, unit: Unit) -> None:
        units = self._with_ancestors([unit.parent] if unit.parent else [])
        records.check_records(
            units=[*units, records.unit_doc(unit)],
            declarations=self.declarations(),
            source=f"units[{unit.id}]",
        )
        self.store.put("unit", unit.id, records.unit_doc(unit))
        self._registry_changed()

    def register_person(self, person: Person) -> None:
        records.check_records(
            units=self._with_ancestors(person.units),
            people=[records.person_doc(person)],
            extra_roles=self.ruleset.reviewer_roles,
            declarations=self.declarations(),
            source=f"people[{person.id}]",
        )
        self.store.put("person", person.id, records.person_doc(person))
        self._registry_changed()

    def register_call(self, call: Call) -> None:
        people, units = self._people_with_units(call.assignees)
        records.check_records(
            units=units,
            people=people,
            calls=[records.call_doc(call)],
            extra_roles=self.ruleset.reviewer_roles,
            declarations=self.declarations(),
            source=f"calls[{call.id}]",
        )
        self.store.put("call", call.id, records.call_doc(call))
        self._registry_changed()

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
