"""The tables as queries see them (names and types only), for the latest schema version.

The DDL that creates and changes them lives in :mod:`sqmy_sqlalchemy.migrations`,
one frozen step per schema version; these lightweight ``table()``
descriptions carry no DDL, so they can follow the latest version without
ever changing what an old migration step creates.  A test reflects a
migrated database and checks the two agree.

Every table name starts with ``sqmy_``: the store is meant to live in an
existing OA system's database next to its own ``events`` or ``registry``.
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa

TABLE_PREFIX: Final = "sqmy_"

schema_version = sa.table(
    "sqmy_schema_version",
    sa.column("version", sa.Integer),
    sa.column("applied_at", sa.String),
)

events = sa.table(
    "sqmy_events",
    sa.column("position", sa.BigInteger),
    sa.column("organization", sa.String),
    sa.column("stream", sa.String),
    sa.column("version", sa.Integer),
    sa.column("type", sa.String),
    sa.column("at", sa.String),
    sa.column("at_utc", sa.String),
    sa.column("actor", sa.String),
    sa.column("data", sa.Text),
)

idempotency = sa.table(
    "sqmy_idempotency",
    sa.column("organization", sa.String),
    sa.column("key", sa.String),
    sa.column("stream", sa.String),
    sa.column("first_version", sa.Integer),
    sa.column("last_version", sa.Integer),
    sa.column("fingerprint", sa.String),
)

registry = sa.table(
    "sqmy_registry",
    sa.column("seq", sa.BigInteger),
    sa.column("organization", sa.String),
    sa.column("kind", sa.String),
    sa.column("ident", sa.String),
    sa.column("record", sa.Text),
)

rulesets = sa.table(
    "sqmy_rulesets",
    sa.column("seq", sa.BigInteger),
    sa.column("organization", sa.String),
    sa.column("text", sa.Text),
    sa.column("source", sa.String),
    sa.column("sha256", sa.String),
    sa.column("actor", sa.String),
    sa.column("applied_at", sa.String),
    sa.column("effective_from", sa.String),
)

write_locks = sa.table(
    "sqmy_write_locks",
    sa.column("organization", sa.String),
)

outbox = sa.table(
    "sqmy_outbox",
    sa.column("id", sa.BigInteger),
    sa.column("organization", sa.String),
    sa.column("channel", sa.String),
    sa.column("key", sa.String),
    sa.column("kind", sa.String),
    sa.column("recipients", sa.Text),
    sa.column("subject", sa.Text),
    sa.column("body", sa.Text),
    sa.column("piece", sa.String),
    sa.column("data", sa.Text),
    sa.column("created_at", sa.String),
    sa.column("created_at_utc", sa.String),
    sa.column("attempts", sa.Integer),
    sa.column("next_attempt_at", sa.String),
    sa.column("next_attempt_at_utc", sa.String),
    sa.column("delivered_at", sa.String),
    sa.column("last_error", sa.Text),
)

audit = sa.table(
    "sqmy_audit",
    sa.column("organization", sa.String),
    sa.column("seq", sa.BigInteger),
    sa.column("recorded_at", sa.String),
    sa.column("entry", sa.Text),
    sa.column("prev", sa.String),
    sa.column("hash", sa.String),
)

registry_history = sa.table(
    "sqmy_registry_history",
    sa.column("organization", sa.String),
    sa.column("number", sa.BigInteger),
    sa.column("kind", sa.String),
    sa.column("ident", sa.String),
    sa.column("record", sa.Text),
)

TABLES: Final = (
    schema_version,
    events,
    idempotency,
    registry,
    rulesets,
    write_locks,
    outbox,
    audit,
    registry_history,
)
"""Every table of the latest schema version."""
