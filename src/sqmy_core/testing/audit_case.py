"""Edits made behind the library's back, for every backend's tampering tests.

Each case is SQL run straight on the database after
:func:`sqmy_core.testing.backup_case.build_everything` (so it knows that
workspace's rows: audit record 15 is r1's review of ``x1``, 16 r1's of
``x2``, 18 r3's pass of ``x2`` with its approval, 20 the withdrawal of
``x3``), with the problem path ``sqmy audit verify`` must name.  Table names
are written ``{p}events``: the built-in SQLite store has no prefix, the
SQLAlchemy store's tables start with ``sqmy_``.  The statements are plain
SQL that SQLite, PostgreSQL and MariaDB all run.  Used by
``tests/integration/test_audit.py`` and the SQLAlchemy plugin's tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any, Final, get_args

from attrs import frozen

from sqmy_core.storage import EventStore, RegistryKind
from sqmy_core.storage.audit import REDACTED, tombstone
from sqmy_core.storage.audit_began import BEGAN
from sqmy_core.storage.checks import dump_json, utc_key
from sqmy_core.testing.backup_case import T0
from sqmy_core.workspace.audit_verify import checkpoint, verify
from sqmy_core.workspace.backup import backup_text, restore
from sqmy_core.workspace.workspace import Workspace


@frozen
class Tampering:
    """SQL that edits the database, and the path of the problem verify must report."""

    statements: tuple[str, ...]
    named: str
    needs_checkpoint: bool = False


TAMPERINGS: Final[dict[str, Tampering]] = {
    "edit an audit record": Tampering(
        ("UPDATE {p}audit SET entry = REPLACE(entry, '\"actor\":\"r1\"', '\"actor\":\"r9\"')"
         " WHERE seq = 15",),
        "audit[15]",
    ),
    "reviewer changed to the author": Tampering(
        ("UPDATE {p}events SET actor = 'a' WHERE stream = 'x2' AND version = 2",), "audit[16]"
    ),
    "edit an event's data": Tampering(
        ("UPDATE {p}events SET data = REPLACE(data, 'direct', 'bulletin')"
         " WHERE stream = 'x2' AND version = 5",),
        "audit[18]",
    ),
    "delete an event": Tampering(
        ("DELETE FROM {p}events WHERE stream = 'x1' AND version = 2",), "audit[15]"
    ),
    "delete an audit record": Tampering(("DELETE FROM {p}audit WHERE seq = 5",), "audit[6]"),
    "insert an event": Tampering(
        ("INSERT INTO {p}events (organization, stream, version, type, at, at_utc, actor, data)"
         " VALUES ('district', 'x1', 3, 'approved', '2024-03-01T12:00:00+08:00',"
         " '2024-03-01T04:00:00.000000', 'a', '{{}}')",),
        "events['x1'@3]",
    ),
    "insert an audit record": Tampering(
        ("INSERT INTO {p}audit (organization, seq, recorded_at, entry, prev, hash)"
         " SELECT organization, 21, recorded_at, entry, hash, hash FROM {p}audit WHERE seq = 20",),
        "audit[21]",
    ),
    "reorder two audit records": Tampering(
        (
            "UPDATE {p}audit SET seq = 1000 WHERE seq = 13",
            "UPDATE {p}audit SET seq = 13 WHERE seq = 14",
            "UPDATE {p}audit SET seq = 14 WHERE seq = 1000",
        ),
        "audit[13]",
    ),
    "jump a stream version": Tampering(
        ("UPDATE {p}events SET version = 7 WHERE stream = 'x2' AND version = 5",),
        "events['x2'@7]",
    ),
    "edit a registry record": Tampering(
        ("UPDATE {p}registry SET record = REPLACE(record, 'reviewer_initial', 'member')"
         " WHERE ident = 'r1'",),
        "registry[person:r1]",
    ),
    "edit a ruleset version": Tampering(
        ("UPDATE {p}rulesets SET text = REPLACE(text, 'district', 'distr1ct')",), "audit[1]"
    ),
    "cut the tail off": Tampering(
        (
            "DELETE FROM {p}events WHERE stream = 'x3' AND version = 2",
            "DELETE FROM {p}audit WHERE seq = 20",
        ),
        "audit[20]",
        needs_checkpoint=True,
    ),
}  # fmt: skip
"""Every kind of edit the audit must catch, by name."""


def check_tampering(
    case: Tampering,
    open_store: Callable[[], EventStore],
    execute: Callable[[Sequence[str]], None],
) -> list[str]:
    """Verify, tamper, verify again; returns the problem paths found after (asserting on the way).

    ``open_store`` opens the built workspace's store; ``execute`` runs the
    case's statements (already formatted for the backend) on its database.
    """
    store = open_store()
    try:
        before = verify(store)
        point = checkpoint(store)
    finally:
        store.close()
    assert before.ok, [p.render("en") for p in before.problems]
    execute(case.statements)
    store = open_store()
    try:
        after = verify(store, point if case.needs_checkpoint else None)
        unaided = verify(store)
    finally:
        store.close()
    paths = [p.path for p in after.problems]
    assert case.named in paths, [p.render("en") for p in after.problems]
    if case.needs_checkpoint:  # without the checkpoint a clean cut goes unseen: why it exists
        assert unaided.ok
    return paths


def _sql_text(doc: Mapping[str, Any]) -> str:
    """A JSON document as a SQL string literal, braces doubled for the ``{p}`` formatting."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace("'", "''")
    return "'" + text.replace("{", "{{").replace("}", "}}") + "'"


def check_erasure(
    open_workspace: Callable[[], Workspace],
    execute: Callable[[Sequence[str]], None],
    empty_store: Callable[[], EventStore],
) -> None:
    """An erased contact is gone from the history and every backup, and the chain still holds;
    a tombstone no erasure asked for, or one keeping a wrong hash, is caught.

    On the workspace :func:`~sqmy_core.testing.backup_case.build_everything`
    built (clue ``q1`` holds a contact): erase it, verify, back up, restore
    the backup into ``empty_store()`` and verify that too; then forge two
    tombstones by SQL and verify again.
    """
    ws = open_workspace()
    store = ws.store
    try:
        sealed = str(store.get("clue", "q1")["contact_sealed"])  # type: ignore[index]
        first = next(c for c in store.registry_history() if c.ident == "q1")
        person = next(c for c in store.registry_history() if c.kind == "person")
        assert ws.erase_contact("q1", actor="s", now=T0 + timedelta(days=2), reason="本人申请")
        done = verify(store)
        assert done.ok, [p.render("en") for p in done.problems]
        text = backup_text(store)
        assert sealed not in text and sealed not in str(store.registry_history())
    finally:
        store.close()
    target = empty_store()
    try:
        restore(target, json.loads(text), "backup.json")
        again = verify(target)
        assert again.ok, [p.render("en") for p in again.problems]
        assert backup_text(target) == text  # the tombstones restore as they were
    finally:
        target.close()
    forged = tombstone(person.number, person.kind, person.ident, person.record)  # hash right
    wrong = {REDACTED: {"sha256": "0" * 64}}
    execute(
        [
            f"UPDATE {{p}}registry_history SET record = {_sql_text(forged)}"
            f" WHERE organization = 'district' AND number = {person.number}",
            f"UPDATE {{p}}registry_history SET record = {_sql_text(wrong)}"
            f" WHERE organization = 'district' AND number = {first.number}",
        ]
    )
    store = open_workspace().store
    try:
        found = {(p.path, p.code) for p in verify(store).problems}
    finally:
        store.close()
    assert (f"registry_history[{person.number}]", "audit_redaction_unrecorded") in found, found
    assert any(code == "audit_history_changed" for _, code in found), found  # the wrong hash


def chainless_rows(store: EventStore) -> dict[str, list[dict[str, Any]]]:
    """What a store holds for its organization as rows of the tables a schema-3 database has
    (``events``, ``registry``, ``rulesets``: no chain, no history), in the order written."""
    org = store.organization
    return {
        "events": [
            {
                "organization": org,
                "stream": e.stream,
                "version": e.version,
                "type": e.type,
                "at": e.at.isoformat(),
                "at_utc": utc_key(e.at),
                "actor": e.actor,
                "data": dump_json(e.data, "data"),
            }
            for e in store.scan()
        ],
        "registry": [
            {"organization": org, "kind": kind, "ident": r["id"], "record": dump_json(r, "record")}
            for kind in get_args(RegistryKind)
            for r in store.list(kind)
        ],
        "rulesets": [
            {
                "organization": org,
                "text": v.text,
                "source": v.source,
                "sha256": v.sha256,
                "actor": v.actor,
                "applied_at": None if v.applied_at is None else v.applied_at.isoformat(),
                "effective_from": None
                if v.effective_from is None
                else v.effective_from.isoformat(),
            }
            for v in store.ruleset_versions()
        ],
    }


def check_began(
    store: EventStore,
    kept: EventStore,
    execute: Callable[[Sequence[str]], None],
    reopen: Callable[[], EventStore],
) -> None:
    """A store migrated from before the chain holds what ``kept`` held and verifies, on the
    strength of one ``audit_began`` record; an edit of an older row is still caught."""
    records = store.audit_records()
    assert [r.entry.action for r in records] == [BEGAN], records
    assert store.list("person") == kept.list("person") and list(store.scan()) != []
    assert [(e.stream, e.version, e.data) for e in store.scan()] == [
        (e.stream, e.version, e.data) for e in kept.scan()
    ]
    done = verify(store)
    assert done.ok, [p.render("en") for p in done.problems]
    assert done.events == len(list(kept.scan())) and done.history > 0
    store.close()
    execute(["UPDATE {p}events SET actor = 'a' WHERE stream = 'x2' AND version = 2"])
    again = reopen()
    try:
        paths = [p.path for p in verify(again).problems]
    finally:
        again.close()
    assert paths == ["audit[1]"], paths
