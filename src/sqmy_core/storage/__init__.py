"""The storage contract: what a store is and the records it keeps.

Pure data and protocols, no I/O: :mod:`sqmy_core.storage.store` is the event
store protocol every backend implements (and the events, notifications and
outbox items it passes), :mod:`sqmy_core.storage.records` the JSON form in
which a store keeps registry records.  The pure workflow folds the events
defined here, so this package sits below workflow/; the backends themselves
live in ``_builtin/`` and in plugins.
"""

from __future__ import annotations

from sqmy_core.storage.audit import AuditEntry, AuditRecord, RegistryChange
from sqmy_core.storage.store import (
    AppendResult,
    BulkImport,
    EventRow,
    EventStore,
    NewEvent,
    Notification,
    OutboxItem,
    RegistryKind,
    RegistryRow,
    RulesetVersion,
    StoredEvent,
)

__all__ = [
    "AppendResult",
    "AuditEntry",
    "AuditRecord",
    "BulkImport",
    "EventRow",
    "EventStore",
    "NewEvent",
    "Notification",
    "OutboxItem",
    "RegistryChange",
    "RegistryKind",
    "RegistryRow",
    "RulesetVersion",
    "StoredEvent",
]
