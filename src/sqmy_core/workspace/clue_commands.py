"""Clues (线索) and their contacts: kept sealed, read by the ruleset's roles only, erased, expired.

A clue's ``contact`` is the citizen's personal data (PIPL).  The registry
record keeps it only sealed (:mod:`~sqmy_core.workspace.contacts`, the key
from the deployment's settings); :meth:`ClueCommands.clue` returns a clue
without it.  The one way to read it is :meth:`ClueCommands.read_contact`:
the reader must hold a role of ``[clues] contact_readers`` and be in office,
the contact must not be erased or past ``contact_retention_days``, and every
attempt -- granted or refused -- goes through
:meth:`ClueCommands._audit_contact_read`, the single point where the read
is recorded.  Erasing (个人信息删除) removes the sealed text from the record
for good and leaves only when, by whom and why -- also from every earlier
state of the record the registry's history keeps
(:meth:`~sqmy_core.storage.EventStore.redact_history`: each becomes a
tombstone keeping only its hash, so the audit chain still verifies); the
daily run erases what has outlived its retention
(:meth:`ClueCommands.expire_contacts`).

A clue converts into at most one piece.  The conversion's append carries an
idempotency key derived from the clue (:func:`conversion_key`): the store
keeps each key once per organization, atomically on every backend, so of
two conversions racing for one clue exactly one writes; the other is
refused with ``clue_converted``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final

import attrs

from sqmy_core.errors import (
    ConfigurationError,
    DatasetError,
    IdempotencyKeyReused,
    NotFound,
    PermissionDenied,
    Problem,
    SqmyError,
    TransitionNotAllowed,
)
from sqmy_core.interchange.dataset_common import text_ok
from sqmy_core.interchange.dataset_spec import MAX_NAME
from sqmy_core.interchange.times import format_time
from sqmy_core.model import Clue, Person
from sqmy_core.storage import RegistryChange, records
from sqmy_core.workflow import PieceState
from sqmy_core.workspace import guards
from sqmy_core.workspace.audit import command, record_read
from sqmy_core.workspace.audit_claims import history_claim, redacted_claim
from sqmy_core.workspace.contacts import ContactKeys
from sqmy_core.workspace.limits import check_command
from sqmy_core.workspace.registry_commands import RegistryCommands

SEALED: Final = "contact_sealed"
"""The clue record's key for the sealed contact."""
ERASED: Final = "contact_erased"
"""The clue record's key for the erasure's trace: ``{"at", "by", "reason"}``, never the contact."""
LEGACY: Final = "contact"
"""Where records kept before sealing hold a contact in plain text (see :meth:`seal_contacts`)."""
PERSONAL: Final = (SEALED, LEGACY)
"""The keys an erasure takes out of a clue record and out of its history."""
ERASERS: Final = ("staff",)
"""Who may erase a contact besides its readers: the office handles erasure requests."""
CONVERSION_KEY_PREFIX: Final = "sqmy.clue-converted."


def conversion_key(clue_id: str) -> str:
    """The idempotency key of the one conversion a clue may have (fixed length, any clue id)."""
    return CONVERSION_KEY_PREFIX + hashlib.sha256(clue_id.encode("utf-8")).hexdigest()[:40]


def _in_office(person: Person, now: datetime) -> bool:
    return (person.since is None or person.since <= now) and (
        person.until is None or person.until > now
    )


class ClueCommands(RegistryCommands):
    """Registering clues, reading, erasing and expiring their contacts, converting them."""

    contact_keys: ContactKeys | None
    submit: Callable[..., PieceState]  # the Workspace's
    piece: Callable[[str], PieceState]  # the Workspace's
    _repeated: Callable[[guards.Guard], bool]  # the Workspace's

    # -- keeping ----------------------------------------------------------------

    @command("register_clue", "clue:{clue.id}")
    def register_clue(
        self,
        clue: Clue,
        *,
        actor: str | None = None,
        now: datetime | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        """Keep a clue; its ``contact`` only sealed (a key must be configured when there is one)."""
        records.check_clue(clue)
        doc = records.clue_doc(attrs.evolve(clue, contact=None))
        if clue.contact is not None:
            if not clue.contact or not text_ok(clue.contact, MAX_NAME):
                # the contact itself is never quoted in an error
                raise DatasetError(
                    [Problem("contact", "contact_bad", {"limit": MAX_NAME})], f"clues[{clue.id}]"
                )
            doc[SEALED] = self._keys(clue.id).seal(clue.contact, self.store.organization, clue.id)
        self._put("clue", clue.id, doc, expected_version)

    def clue(self, ident: str) -> Clue:
        """The clue without its contact (that is :meth:`read_contact`)."""
        return attrs.evolve(records.clue_of(self._clue_doc(ident)), contact=None)

    def contact_status(self, clue_id: str, now: datetime) -> str:
        """``none``, ``sealed``, ``expired`` (past retention, not yet erased), ``erased``
        or ``plain`` (kept before sealing): what :meth:`read_contact` would meet, without reading."""
        doc = self._clue_doc(clue_id)
        if SEALED in doc:
            return "expired" if self._expired(doc, now) else "sealed"
        if LEGACY in doc:
            return "plain"
        return "erased" if ERASED in doc else "none"

    # -- reading ----------------------------------------------------------------

    def read_contact(self, clue_id: str, *, reader: str, now: datetime) -> str:
        """The clue's contact for ``reader`` at ``now``; every attempt is audited.

        Refused with :class:`PermissionDenied` (the reader is unknown, out of
        office or holds no ``[clues] contact_readers`` role), :class:`NotFound`
        (no such clue, no contact, erased, past retention) or
        :class:`ConfigurationError` (no key, or not the key it was sealed with).
        """
        try:
            contact = self._open_contact(clue_id, reader, now)
        except SqmyError as exc:
            self._audit_contact_read(clue_id, reader, now, exc.problems[0].code)
            raise
        self._audit_contact_read(clue_id, reader, now, "granted")
        return contact

    def _audit_contact_read(self, clue_id: str, reader: str, now: datetime, outcome: str) -> None:
        """Where every contact read is put on record (:func:`~sqmy_core.workspace.audit.record_read`).

        :param clue_id: the clue whose contact was asked for.
        :param reader: the person id who asked (as given: it may be unknown).
        :param now: the caller's time of the read.
        :param outcome: ``granted``, or the message code of the refusal
            (``contact_reader_denied``, ``contact_erased`` ...); never the contact.

        Called before the contact is handed out: if recording fails, the
        exception propagates and the caller gets no contact.
        """
        record_read(
            self.store,
            "read_contact",
            f"clue:{clue_id}",
            actor=reader,
            now=now,
            outcome="ok" if outcome == "granted" else outcome,
        )

    def _open_contact(self, clue_id: str, reader: str, now: datetime) -> str:
        check_command({"clue": clue_id, "actor": reader, "now": now})
        doc = self._clue_doc(clue_id)
        self._check_role(self.person(reader), now, self.ruleset.clues.contact_readers)
        if SEALED not in doc:
            code = (
                "contact_not_sealed"
                if LEGACY in doc
                else "contact_erased"
                if ERASED in doc
                else "contact_none"
            )
            raise NotFound([Problem("", code, {"clue": repr(clue_id)})])
        if self._expired(doc, now):
            days = self.ruleset.clues.contact_retention_days
            raise NotFound([Problem("", "contact_expired", {"clue": repr(clue_id), "days": days})])
        return self._keys(clue_id).open(doc[SEALED], self.store.organization, clue_id)

    def _check_role(self, person: Person, now: datetime, roles: Sequence[str]) -> None:
        if not person.has_any_role(tuple(roles)) or not _in_office(person, now):
            allowed = ", ".join(roles) or "—"
            raise PermissionDenied(
                [
                    Problem(
                        "", "contact_reader_denied", {"person": repr(person.id), "roles": allowed}
                    )
                ]
            )

    # -- erasing and expiry ----------------------------------------------------

    @command("erase_contact", "clue:{clue_id}")
    def erase_contact(
        self,
        clue_id: str,
        *,
        actor: str,
        now: datetime,
        reason: str = "erased",
        request_id: str | None = None,
    ) -> bool:
        """删除个人信息: remove the clue's contact for good; False when there was none to erase.

        ``actor`` must hold a ``contact_readers`` role or ``staff``.  The
        record keeps when, by whom and ``reason``; the clue stays (its
        summary and any piece made from it are not personal data).
        """
        check_command({"clue": clue_id, "actor": actor, "now": now, "note": reason})
        doc = self._clue_doc(clue_id)
        readers = self.ruleset.clues.contact_readers
        self._check_role(self.person(actor), now, (*readers, *ERASERS))
        with self.store.transaction():
            changes: list[RegistryChange] = []
            erased = self._erase(doc, now, actor, reason, changes)
            self._audit_commit({**history_claim(changes), **self._redact(changes, PERSONAL)})
        return erased

    @command("expire_contacts", "clues")
    def expire_contacts(self, now: datetime, *, request_id: str | None = None) -> int:
        """The daily run's share: erase every contact past the retention at ``now``; how many.

        Needs no key (nothing is opened).  Plain contacts kept before sealing
        expire the same way.
        """
        erased = 0
        with self.store.transaction():
            changes: list[RegistryChange] = []
            if self.ruleset.clues.contact_retention_days is not None:
                for doc in self.store.list("clue"):
                    if (SEALED in doc or LEGACY in doc) and self._expired(doc, now):
                        erased += self._erase(doc, now, None, "expired", changes)
            self._audit_commit({**history_claim(changes), **self._redact(changes, PERSONAL)})
        return erased

    @command("seal_contacts", "clues")
    def seal_contacts(self, *, request_id: str | None = None) -> int:
        """Seal the plain-text contacts of records kept before sealing existed; how many."""
        sealed = 0
        with self.store.transaction():
            changes: list[RegistryChange] = []
            for doc in self.store.list("clue"):
                if LEGACY in doc:
                    new = {k: v for k, v in doc.items() if k != LEGACY}
                    new[SEALED] = self._keys(doc["id"]).seal(
                        doc[LEGACY], self.store.organization, doc["id"]
                    )
                    changes.append(self._kept("clue", doc["id"], new))
                    sealed += 1
            # the plain text stays in no earlier state either (one kept by audit_began, say)
            self._audit_commit({**history_claim(changes), **self._redact(changes, (LEGACY,))})
        return sealed

    def _erase(
        self,
        doc: Mapping[str, Any],
        now: datetime,
        by: str | None,
        reason: str,
        changes: list[RegistryChange],
    ) -> bool:
        """Take the contact out of the record (the caller then redacts its earlier states:
        :meth:`_redact`)."""
        if SEALED not in doc and LEGACY not in doc:
            return False
        new = {k: v for k, v in doc.items() if k not in PERSONAL}
        new[ERASED] = {"at": format_time(now), "by": by, "reason": reason}
        changes.append(self._kept("clue", doc["id"], new))
        return True

    def _redact(self, changes: Sequence[RegistryChange], keys: Sequence[str]) -> dict[str, Any]:
        """Take ``keys`` out of every earlier state the registry's history keeps of the clues
        just put (each such entry becomes a tombstone keeping only its hash), in the command's
        transaction -- after it no table, file or backup holds them; the claim that says so."""
        idents = [c.ident for c in changes]
        return redacted_claim(self.store.redact_history("clue", idents, keys) if idents else [])

    def _kept(self, kind: Any, ident: str, doc: Mapping[str, Any]) -> RegistryChange:
        """Put one record inside the running transaction; the history entry it made (for the
        command's audit claim)."""
        return RegistryChange(self.store.put(kind, ident, doc), kind, ident, doc)

    def _expired(self, doc: Mapping[str, Any], now: datetime) -> bool:
        days = self.ruleset.clues.contact_retention_days
        if days is None:
            return False
        return records.clue_of(doc).received_at + timedelta(days=days) <= now

    # -- converting ------------------------------------------------------------

    @command("convert_clue", "clue:{clue_id}")
    def convert_clue(
        self,
        clue_id: str,
        piece_id: str,
        *,
        authors: Sequence[str],
        actor: str,
        now: datetime,
        title: str,
        unit: str | None = None,
        topic: str | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> PieceState:
        """Turn a clue into a piece, once; only the clue's id goes with it, never its contact.

        Converting the clue again into the same piece, with the same
        arguments, is a repeat (no second effect, the piece returned); into
        another piece, or into this one with other arguments, it is refused
        (:class:`TransitionNotAllowed` ``clue_converted``), racing or not.
        The append is keyed by the clue (:func:`conversion_key`), bound to
        the submit it made (:mod:`~sqmy_core.workspace.guards`); a given
        ``idempotency_key`` already used by another request is refused.
        ``expected_version`` is the new piece's: 0 or nothing.
        """
        check_command({"clue": clue_id, "piece_id": piece_id, "idempotency_key": idempotency_key})
        if idempotency_key is not None:
            args: dict[str, object] = {"clue": clue_id, "piece_id": piece_id, "actor": actor}
            args |= {"authors": authors, "title": title, "unit": unit, "topic": topic}
            given_key = guards.guard(
                "convert_clue",
                args,
                idempotency_key=idempotency_key,
                request_id=None,
                expected_version=None,
            )
            if self._repeated(given_key):
                return self.piece(piece_id)
        self._clue_doc(clue_id)
        key = conversion_key(clue_id)
        self._refuse_other_conversion(clue_id, piece_id, key)
        given = {"authors": authors, "actor": actor, "now": now, "title": title}
        try:
            state = self.submit(
                piece_id,
                **given,
                unit=unit,
                topic=topic,
                clue=clue_id,
                idempotency_key=key,
                expected_version=expected_version,
            )
        except NotFound:  # lost a race: the other conversion's piece is not ours
            self._refuse_other_conversion(clue_id, piece_id, key)
            raise
        except IdempotencyKeyReused:  # converted already, by another request
            self._refuse_other_conversion(clue_id, piece_id, key, any_piece=True)
            raise
        self._refuse_other_conversion(clue_id, piece_id, key)
        return state

    def converted_into(self, clue_id: str) -> str | None:
        """The piece the clue was converted into, or None."""
        earlier = self.store.recall(conversion_key(clue_id))
        return earlier.events[0].stream if earlier is not None and earlier.events else None

    def _refuse_other_conversion(
        self, clue_id: str, piece_id: str, key: str, *, any_piece: bool = False
    ) -> None:
        """Refuse when the clue went into another piece (``any_piece``: into any piece)."""
        earlier = self.store.recall(key)
        if (
            earlier is not None
            and earlier.events
            and (any_piece or earlier.events[0].stream != piece_id)
        ):
            raise TransitionNotAllowed(
                [
                    Problem(
                        "",
                        "clue_converted",
                        {"clue": repr(clue_id), "piece": repr(earlier.events[0].stream)},
                    )
                ]
            )

    # -- helpers ---------------------------------------------------------------

    def _clue_doc(self, ident: str) -> Mapping[str, Any]:
        doc = self.store.get("clue", ident)
        if doc is None:
            raise NotFound([Problem("", "unknown_clue", {"found": repr(ident)})])
        return doc

    def _keys(self, clue_id: str) -> ContactKeys:
        if self.contact_keys is None:
            raise ConfigurationError([Problem("", "contact_no_key", {"clue": repr(clue_id)})])
        return self.contact_keys
