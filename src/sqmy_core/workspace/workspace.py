"""``Workspace``: the one entry point an OA system calls.

This is the only place that wires a store, a ruleset and the pure layers
together.  A command reads the piece's stream, folds it, asks the pure
workflow what events follow (or why not), and appends them at the version it
read: if someone else wrote in between, the append raises
:class:`~sqmy_core.errors.ConcurrencyConflict` and nothing is written.
Every piece command takes the caller's guards (:mod:`~sqmy_core.workspace.guards`):
``expected_version`` (the version the caller saw; another one is refused
before deciding), ``idempotency_key`` (used again for the same request: no
second effect, the piece returned as it is now; for another request:
refused) and ``request_id`` (the same command again in the same request: no
second effect).  Additive commands must carry one of them.

Time is always passed in (``now``); the workspace never reads a clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqmy_core import workflow
from sqmy_core.errors import (
    ConfigurationError,
    NotFound,
    PluginError,
    Problem,
)
from sqmy_core.model import Dataset
from sqmy_core.plugins import get_plugin_manager, open_store
from sqmy_core.rules import Ruleset
from sqmy_core.scoring import Assessment
from sqmy_core.storage import EventStore, NewEvent, StoredEvent, records
from sqmy_core.workflow import OverdueItem, PieceState, notices
from sqmy_core.workspace import guards, outbox, versions
from sqmy_core.workspace.audit import command
from sqmy_core.workspace.audit_claims import events_claim, import_claim
from sqmy_core.workspace.contacts import ContactKeys, contact_keys
from sqmy_core.workspace.files import load_ruleset
from sqmy_core.workspace.limits import check_command
from sqmy_core.workspace.live import LiveStandings, StandingsView
from sqmy_core.workspace.notifier import Notifier
from sqmy_core.workspace.outcome_commands import OutcomeCommands
from sqmy_core.workspace.record_commands import RecordCommands
from sqmy_core.workspace.ruleset_versions import RulesetVersions, parse_version
from sqmy_core.workspace.similar import SimilarTopics, recorded
from sqmy_core.workspace.webhook_commands import WebhookCommands
from sqmy_core.workspace.webhook_setup import WebhookSetup
from sqmy_core.workspace.webhook_setup import webhook_setup as webhook_settings

if TYPE_CHECKING:
    from sqmy_core.scoring.standings import Standing
    from sqmy_core.workspace.assessing import Engine
    from sqmy_core.workspace.progress import Progress
    from sqmy_core.workspace.transfer import Imported


class Workspace(OutcomeCommands, RecordCommands, RulesetVersions, SimilarTopics, WebhookCommands):
    """One organization's pieces, registry and ruleset versions on one store.

    ``ruleset`` is what commands run under.  ``pinned`` (the default when
    constructed directly) makes it govern every year's assessment too -- a
    one-run override that is never stored; a workspace opened without a
    ruleset is not pinned, and each year is assessed under the version in
    force for it (:mod:`sqmy_core.workspace.versions`).
    """

    def __init__(
        self,
        store: EventStore,
        ruleset: Ruleset,
        notifiers: Sequence[Notifier] = (),
        *,
        pinned: bool = True,
        contact_keys: ContactKeys | None = None,
        webhook_setup: WebhookSetup | None = None,
    ) -> None:
        self.store = store
        self.contact_keys = contact_keys
        """The key clue contacts are sealed with (``[contacts]`` settings); None: none kept."""
        self.webhook_setup = webhook_setup
        """The ``[webhooks_out]`` key and ``[outbound]`` policy; None: no webhook registered or sent."""
        self.ruleset = ruleset
        self.pinned = pinned
        self.parsed_versions: dict[str, Ruleset] = {}
        self.notifiers = {n.name: n for n in notifiers}
        self.live = LiveStandings(self.export, self.ruleset_for, self.store.read)
        """The standings of each year asked for, kept by this object's commands."""
        if len(self.notifiers) != len(notifiers):
            names = [n.name for n in notifiers]
            dup = sorted({n for n in names if names.count(n) > 1})
            raise PluginError([Problem("", "duplicate_channel", {"found": ", ".join(dup)})])

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        url: str,
        ruleset: Ruleset | str | Path | None = None,
        organization: str | None = None,
        settings: Mapping[str, Any] | None = None,
        plugins: Sequence[object | str] = (),
    ) -> Workspace:
        """Open the store at ``url`` (a file path means embedded SQLite); opening writes nothing.

        With ``ruleset`` (a loaded ruleset or a path) that ruleset governs
        this workspace object only -- commands and every year's assessment
        -- and is never stored: putting a ruleset in force is
        :meth:`apply_ruleset`.  Without it, the workspace's versions are
        used (the current one for commands, the one in force for each
        assessed year) and there must be one.  ``settings`` configure the
        notification channels that plugins provide (see
        ``docs/plugins.md``) and the key clue contacts are sealed with
        (``[contacts]``, :mod:`sqmy_core.workspace.contacts`); ``plugins``
        are extra plugin objects or module names, registered before the
        installed and built-in ones.
        """
        rs = load_ruleset(ruleset) if isinstance(ruleset, str | Path) else ruleset
        org = rs.organization if rs is not None else organization
        if org is None:  # the caller named neither: how it calls us is wrong
            raise ConfigurationError([Problem("", "workspace_needs_ruleset", {"url": url})])
        pm = get_plugin_manager(extra_plugins=plugins)
        store = open_store(url, org, pm)
        try:
            found = pm.hook.sqmy_notifiers(settings=dict(settings or {}))
            notifiers = [n for group in found if group for n in group]
            keys = contact_keys(settings or {})
            hooks = webhook_settings(settings or {})
            if rs is not None:
                return cls(store, rs, notifiers, pinned=True, contact_keys=keys, webhook_setup=hooks)
            kept = versions.current(store.ruleset_versions())
            if kept is None:
                raise NotFound([Problem("", "workspace_needs_ruleset", {"url": url})])
            ws = cls(
                store, parse_version(kept), notifiers, pinned=False, contact_keys=keys,
                webhook_setup=hooks,
            )
            ws.parsed_versions[kept.sha256] = ws.ruleset
            return ws
        except BaseException:
            store.close()
            raise

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading pieces ----------------------------------------------------------

    def history(self, piece_id: str) -> list[StoredEvent]:
        """The piece's events, oldest first: its audit trail."""
        return self.store.read(piece_id)

    def piece(self, piece_id: str) -> PieceState:
        events = self.store.read(piece_id)
        if not events:
            raise NotFound([Problem("", "unknown_piece", {"found": repr(piece_id)})])
        return workflow.fold(self.ruleset, events)

    def allowed_actions(
        self, piece_id: str, person_id: str, now: datetime | None = None
    ) -> list[str]:
        """The OA menu; given ``now``, nothing the person may not do outside their term."""
        return workflow.allowed_actions(
            self.ruleset, self.piece(piece_id), self.person(person_id), now
        )

    def overdue(self, now: datetime) -> list[OverdueItem]:
        """Approved pieces whose dispatch deadline has passed at ``now`` (报送逾期队列).

        Each piece is seen as it stood at ``now`` (its events up to then), so
        the queue can be asked for any past moment too.  Only a piece approved
        by then can be late (the queue holds approved pieces alone), so the
        store's event index names the pieces to fold: the others are never read.
        """
        if self.ruleset.deadlines is None:
            return []
        approved = {e.stream for e in self.store.scan(types=("approved",)) if e.at <= now}
        states = []
        for stream in sorted(approved):
            events = [e for e in self.store.read(stream) if e.at <= now]
            states.append(workflow.fold(self.ruleset, events))
        return workflow.overdue_queue(self.ruleset, states, now)

    # -- commands ------------------------------------------------------------------

    def _run(
        self,
        piece_id: str,
        guard: guards.Guard,
        decide: Callable[[PieceState], list[NewEvent]],
    ) -> PieceState:
        """Repeat (the key used by this request), or read, check the version seen, decide, write."""
        if self._repeated(guard):
            return self.piece(piece_id)
        before = self.store.read(piece_id)
        if not before:
            raise NotFound([Problem("", "unknown_piece", {"found": repr(piece_id)})])
        state = workflow.fold(self.ruleset, before)
        guards.check_expected(piece_id, guard.expected_version, state.version)
        return self._write(piece_id, state, decide(state), guard)

    def _repeated(self, guard: guards.Guard) -> bool:
        """Whether the guard's key was used already -- by this very request, else refused."""
        earlier = None if guard.key is None else self.store.recall(guard.key)
        if earlier is None:
            return False
        guards.check_recalled(guard, earlier)
        return True

    def _write(
        self,
        piece_id: str,
        state: PieceState | None,
        events: list[NewEvent],
        guard: guards.Guard,
    ) -> PieceState:
        """Append the events and, in the same transaction, queue what they cause; then the
        live standings take the piece (only once the append has committed)."""
        after, appended = self._append(piece_id, state, events, guard)
        self.live.piece_written(piece_id, appended)
        return after

    def _append(
        self,
        piece_id: str,
        state: PieceState | None,
        events: list[NewEvent],
        guard: guards.Guard,
    ) -> tuple[PieceState, list[StoredEvent] | None]:
        """Returns the piece after the append, carried on from ``state`` with the
        appended events only: a command reads and folds its stream once; and those
        events (None when another call had already made them)."""
        with self.store.transaction():
            result = self.store.append(
                piece_id,
                state.version if state else 0,
                events,
                idempotency_key=guard.key,
                fingerprint=None if guard.key is None else guard.fingerprint,
            )
            if result.repeated:  # another call did it first: what is stored is the answer
                guards.check_recalled(guard, result)
                return self.piece(piece_id), None
            if state is None:
                after = workflow.fold(self.ruleset, result.events)
            else:
                after = workflow.fold_onto(self.ruleset, state, result.events)
            self._audit_commit(events_claim(result.events))
            self._queue_webhooks(result.events)  # subscriptions' deliveries: same transaction
            if self.notifiers and self.ruleset.notifications:
                people = [records.person_of(d) for d in self.store.list("person")]
                notes = notices.event_notifications(
                    self.ruleset, state, after, events, result.version, people
                )
                for name in self.notifiers:
                    self.store.enqueue(name, notes)
            return after, list(result.events)

    @command("submit", "piece:{piece_id}")
    def submit(
        self,
        piece_id: str,
        *,
        authors: Sequence[str],
        actor: str,
        now: datetime,
        title: str,
        unit: str | None = None,
        call: str | None = None,
        topic: str | None = None,
        clue: str | None = None,
        note: str | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> PieceState:
        """来稿登记: register a new piece by its authors (or by staff for them).

        ``expected_version``, when given, must be 0: the piece must not exist.
        A repeat is refused by the store anyway (the stream is no longer new),
        so no guard is required.
        """
        args = {
            "piece_id": piece_id,
            "authors": authors,
            "actor": actor,
            "now": now,
            "title": title,
            "unit": unit,
            "call": call,
            "topic": topic,
            "clue": clue,
            "note": note,
            "idempotency_key": idempotency_key,
        }
        check_command(args)
        guard = guards.guard(
            "submit",
            args,
            idempotency_key=idempotency_key,
            request_id=request_id,
            expected_version=expected_version,
        )
        if self._repeated(guard):
            return self.piece(piece_id)
        if expected_version is not None:
            guards.check_expected(piece_id, expected_version, self.store.version(piece_id))
        person = self.person(actor)
        for author in authors:
            self.person(author)
        if unit is not None and self.store.get("unit", unit) is None:
            raise NotFound([Problem("unit", "unknown_ref", {"what": "unit", "found": repr(unit)})])
        if call is not None and self.store.get("call", call) is None:
            raise NotFound([Problem("call", "unknown_ref", {"what": "call", "found": repr(call)})])
        if clue is not None:
            self.clue(clue)
        events = workflow.submit(
            self.ruleset,
            piece_id,
            authors=authors,
            actor=person,
            now=now,
            title=title,
            unit=unit,
            call=call,
            topic=topic,
            clue=clue,
            note=note,
        )
        events = recorded(self.store, self.ruleset, piece_id, events)  # [similar] topics
        return self._write(piece_id, None, events, guard)

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
        """Run one pure workflow decider for ``actor`` on the piece and write its events.

        The decider's name is the command's (``workflow.dispatch`` for
        ``dispatch``): it names the request's fingerprint and whether a guard
        is required (:mod:`~sqmy_core.workspace.guards`).
        """
        args = {"piece_id": piece_id, "actor": actor, "idempotency_key": key, **params}
        check_command(args)
        guard = guards.guard(
            decide.__name__,
            args,
            idempotency_key=key,
            request_id=request_id,
            expected_version=expected_version,
        )
        person = self.person(actor)
        return self._run(
            piece_id, guard, lambda state: decide(self.ruleset, state, actor=person, **params)
        )

    @command("review", "piece:{piece_id}")
    def review(
        self,
        piece_id: str,
        *,
        actor: str,
        decision: str,
        now: datetime,
        checks: Iterable[str] = (),
        note: str | None = None,
        routes: Sequence[str] = (),
        idempotency_key: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> PieceState:
        """One review level's decision (通过 / 退回修改 / 不予上报 / 提请专家联合复核).

        ``checks`` are the 五关 confirmed (``political``, ``policy``,
        ``factual``, ``format``, ``wording``); ``routes`` are the planned
        routes, given with the last level's pass.
        """
        return self._act(
            workflow.review,
            piece_id,
            actor,
            idempotency_key,
            expected_version=expected_version,
            request_id=request_id,
            decision=decision,
            checks=tuple(checks),
            now=now,
            note=note,
            routes=tuple(routes),
        )

    @command("expert_opinion", "piece:{piece_id}")
    def expert_opinion(
        self,
        piece_id: str,
        *,
        actor: str,
        opinion: str,
        now: datetime,
        note: str | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> PieceState:
        """专家联合复核意见: the piece goes back to the level that escalated it."""
        return self._act(
            workflow.expert_opinion,
            piece_id,
            actor,
            idempotency_key,
            expected_version=expected_version,
            request_id=request_id,
            opinion=opinion,
            now=now,
            note=note,
        )

    @command("resubmit", "piece:{piece_id}")
    def resubmit(
        self,
        piece_id: str,
        *,
        actor: str,
        now: datetime,
        title: str | None = None,
        note: str | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> PieceState:
        """修改后重新提交 after a return; review starts again as the ruleset says."""
        return self._act(
            workflow.resubmit,
            piece_id,
            actor,
            idempotency_key,
            expected_version=expected_version,
            request_id=request_id,
            now=now,
            title=title,
            note=note,
        )

    @command("withdraw", "piece:{piece_id}")
    def withdraw(
        self,
        piece_id: str,
        *,
        actor: str,
        now: datetime,
        note: str | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> PieceState:
        """撤回 by an author before any review decision."""
        return self._act(
            workflow.withdraw,
            piece_id,
            actor,
            idempotency_key,
            expected_version=expected_version,
            request_id=request_id,
            now=now,
            note=note,
        )

    # -- notifications -------------------------------------------------------------------

    @command("remind", "outbox")
    def remind(self, now: datetime, *, request_id: str | None = None) -> int:
        """The daily run: queue today's reminders and overdue-dispatch notices (see
        :func:`sqmy_core.workspace.outbox.remind`); returns how many items were new.

        Audited with the count queued, in the same transaction; delivery
        (:meth:`deliver`) is the outbox's own bookkeeping and is not."""
        with self.store.transaction():
            queued = outbox.remind(self.store, self.ruleset, list(self.notifiers), now)
            self._audit_commit({"notifications": queued})
        return queued

    def deliver(self, now: datetime, limit: int = 100) -> outbox.DeliveryReport:
        """Send what is due in the outbox (see :func:`sqmy_core.workspace.outbox.deliver`),
        webhook subscriptions' deliveries included (:mod:`sqmy_core.workspace.webhooks_out`)."""
        from sqmy_core.workspace.webhooks_out import subscription_notifiers  # http, ssl: when sent

        channels = {n.name: n for n in subscription_notifiers(self.store, self.webhook_setup)}
        return outbox.deliver(self.store, {**self.notifiers, **channels}, now, limit)

    # -- import, export (transfer) and assessment --------------------------------------

    def export(self) -> Dataset:
        """The workspace as a dataset (withdrawn pieces and clues left out).

        Its version is ``1.1`` when it holds anything of ``sqmy-dataset/1.1``
        (attributes, ``until``, piece text, penalties, adjustments,
        activities, declared vocabularies), else ``1``.
        """
        from sqmy_core.workspace.transfer import export_dataset

        return export_dataset(self.store, self.ruleset.reviewer_roles)

    @command("import", "dataset:{path}")
    def import_file(
        self,
        path: str | Path,
        *,
        actor: str,
        now: datetime | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> Imported:
        """Read, check (against the ruleset in force) and load a dataset file: all, or nothing.

        ``actor`` (a person with role ``staff``) imports; the records obey the
        workflow as if their actors did them now, and those naming no actor are
        stored as ``actor``'s, marked ``imported_by`` (:mod:`sqmy_core.workspace.import_gate`).
        One audit record covers the whole import (every stream it started,
        every registry record it put), in the import's transaction: the
        store's write lock is held from before the file is read.  ``progress``
        (:mod:`sqmy_core.workspace.progress`) is told its few steps.
        """
        from sqmy_core.workspace.transfer import import_file_claimed

        with self.store.transaction():
            imported, claim = import_file_claimed(
                self.store, self.ruleset, path, actor=actor, progress=progress
            )
            self._audit_commit(claim)
        self._registry_changed()
        return imported

    @command("import", "dataset")
    def import_dataset(
        self,
        dataset: Dataset,
        *,
        actor: str,
        now: datetime | None = None,
        request_id: str | None = None,
    ) -> None:
        """Load a dataset in one transaction, all of it or nothing, imported by ``actor``
        (as :meth:`import_file`; one audit record)."""
        from sqmy_core.workspace.transfer import import_dataset

        with self.store.transaction():
            streams, history = len(self.store.streams()), self.store.audit_marks()[1]
            import_dataset(self.store, self.ruleset, dataset, actor=actor)
            self._audit_commit(import_claim(self.store, streams, history))
        self._registry_changed()

    def _registry_changed(self) -> None:
        """Records an assessment reads beside the pieces changed: standings are built anew."""
        self.live.clear()

    def assess(
        self, year: int, engine: Engine = "auto", progress: Progress | None = None
    ) -> Assessment:
        """The year's assessment under the ruleset for that year (same as assessing the export).

        ``engine``: ``auto`` takes the columnar batch path for a large store whose ruleset it
        computes (the ``scale`` extra installed), else the reference; both give the same result.
        ``progress`` is told two steps: the store read, the year assessed.
        """
        from sqmy_core.workspace.assessing import assess_store

        return assess_store(
            self.store, self.ruleset_for(year), self.ruleset.reviewer_roles, year, engine, progress
        )

    def standings(self, year: int) -> StandingsView:
        """The year's live standings (built from the store on first use, then kept by this
        object's commands; equal to :meth:`assess`'s points and ranks)."""
        return StandingsView(self.live.get(year))

    def standing(self, year: int, entity: str, ident: str) -> Standing | None:
        """One person's or unit's points and rank in ``year`` now (None: not assessed)."""
        return self.live.get(year).standing(entity, ident)
