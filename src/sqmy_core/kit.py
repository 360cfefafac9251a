"""The kit for plugin authors: every name a store, notifier or organization plugin may use.

A plugin (a separate distribution under ``plugins/`` or elsewhere) imports
from here or from the facade (:mod:`sqmy_core`), and from nothing else in
``sqmy_core``: these names are kept stable, everything else may move.
``tests/unit/test_public_surface.py`` fails when this list or the facade's
changes unnoticed, and when a plugin in this repository imports a name
that is not declared.  See ``docs/plugins.md``.

- **every plugin**: :data:`hookimpl`, :class:`Problem`, the errors, and
  :func:`register_messages` to add the plugin's own message codes (zh/en)
  to the catalogue, so its errors render in the chosen language;
- **a store** (hook ``sqmy_storage``): the :class:`EventStore` protocol and
  the values it passes (the optional :class:`BulkImport` capability and
  its :data:`EventRow`, :data:`RegistryRow`; the audit chain's
  :class:`AuditEntry`, :class:`AuditRecord`, :class:`RegistryChange`, and
  :func:`chain` that numbers and hashes a record), and the checks every store shares
  (:mod:`sqmy_core.storage.checks`) so a store refuses what the built-in
  ones refuse, in the same words; :func:`open_store` to open one by URL;
- **a notifier** (hook ``sqmy_notifiers``): :class:`Notifier`,
  :class:`Notification`, :class:`Person`, and :func:`outbound_policy` /
  :class:`OutboundPolicy` / :class:`OutboundRefused` so that every target
  is checked against the ``[outbound]`` allow-list, at start-up and at
  each connection;
- **an organization** (hooks ``sqmy_rule_kinds``, ``sqmy_ruleset_validators``):
  :class:`RuleKind`, :class:`RuleContext`, :class:`Ruleset`,
  :class:`PointsRule`, :class:`Event`, the vocabularies :data:`BODIES` and
  :data:`LEVELS`, and :func:`show_value` / :func:`fraction_text` to quote a
  found value in a message as sqmy_core does.
"""

from __future__ import annotations

from sqmy_core.errors import (
    ConcurrencyConflict,
    ConfigurationError,
    OutboundRefused,
    PluginError,
    Problem,
    SettingsError,
    SqmyError,
)
from sqmy_core.i18n import DEFAULT_LANG, LANGS, message, register_messages
from sqmy_core.model import Event, Person
from sqmy_core.model.vocab import BODIES, LEVELS
from sqmy_core.plugins import hookimpl, open_store
from sqmy_core.rules.convert import fraction_text
from sqmy_core.rules.convert import show as show_value
from sqmy_core.rules.kinds import (
    EntityView,
    PieceView,
    RuleContext,
    RuleKind,
    StepDelta,
    StepKind,
    VerdictView,
)
from sqmy_core.rules.spec import PointsRule, Ruleset
from sqmy_core.storage import (
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
from sqmy_core.storage.audit import (
    GENESIS,
    AuditEntry,
    AuditRecord,
    RegistryChange,
    chain,
    entry_doc,
    entry_of,
    redactions,
)
from sqmy_core.storage.audit_began import begin_audit
from sqmy_core.storage.checks import (
    REDACT_BATCH,
    REGISTRY_KINDS,
    check_append_args,
    check_channels,
    check_expected_version,
    check_fingerprint,
    check_kind,
    check_limit,
    check_mark,
    check_notifications,
    check_redaction,
    check_ruleset_version,
    dump_json,
    dump_recipients,
    load_json,
    load_recipients,
    require_aware,
    stale_append,
    stale_record,
    storage_error,
    text_sha256,
    type_filter,
    unknown_item,
    utc_key,
)
from sqmy_core.workspace.notifier import Notifier
from sqmy_core.workspace.outbound import OutboundPolicy, outbound_policy

__all__ = [
    "BODIES",
    "DEFAULT_LANG",
    "GENESIS",
    "LANGS",
    "LEVELS",
    "REDACT_BATCH",
    "REGISTRY_KINDS",
    "AppendResult",
    "AuditEntry",
    "AuditRecord",
    "BulkImport",
    "ConcurrencyConflict",
    "ConfigurationError",
    "EntityView",
    "Event",
    "EventRow",
    "EventStore",
    "NewEvent",
    "Notification",
    "Notifier",
    "OutboundPolicy",
    "OutboundRefused",
    "OutboxItem",
    "Person",
    "PieceView",
    "PluginError",
    "PointsRule",
    "Problem",
    "RegistryChange",
    "RegistryKind",
    "RegistryRow",
    "RuleContext",
    "RuleKind",
    "Ruleset",
    "RulesetVersion",
    "SettingsError",
    "SqmyError",
    "StepDelta",
    "StepKind",
    "StoredEvent",
    "VerdictView",
    "begin_audit",
    "chain",
    "check_append_args",
    "check_channels",
    "check_expected_version",
    "check_fingerprint",
    "check_kind",
    "check_limit",
    "check_mark",
    "check_notifications",
    "check_redaction",
    "check_ruleset_version",
    "dump_json",
    "dump_recipients",
    "entry_doc",
    "entry_of",
    "fraction_text",
    "hookimpl",
    "load_json",
    "load_recipients",
    "message",
    "open_store",
    "outbound_policy",
    "redactions",
    "register_messages",
    "require_aware",
    "show_value",
    "stale_append",
    "stale_record",
    "storage_error",
    "text_sha256",
    "type_filter",
    "unknown_item",
    "utc_key",
]
