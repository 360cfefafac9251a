"""The query for one page of a scan: read in ``position`` order, each page costing its own rows.

A scan reads an organization's events a page at a time, each page the
next :data:`SCAN_PAGE` matching events after the last position seen.  A
page that reads and sorts every later matching row makes a whole-store
read quadratic -- a backup, ``sqmy audit verify``, an import's read-back
of what it stored.  PostgreSQL planned exactly that for a table it had no
statistics for yet (just imported: a bitmap scan of every later row and a
sort, per page); and with several organizations in one database a page
walked the primary key past every other organization's rows.

* No type asked: the ``(organization, position)`` index (schema version
  6), or the primary key where the planner finds it cheaper (one
  organization); both are in position order.
* One type: the ``(organization, type, position)`` index.
* Several types: one such range per type, each stopping at a page, merged
  in position order (``UNION ALL``: PostgreSQL merges the ordered ranges,
  MariaDB sorts at most a page per type), so a page never reads the
  other types' rows.
* Time bounds are filters on those ranges.

MariaDB is told the index (``FORCE INDEX``).  PostgreSQL has no hints; it
weighs an ordered range against reading the rest and sorting it by its
statistics, which keeps either plan's cost to about a page's -- so the
bulk import analyses what it wrote, inside its transaction
(:mod:`sqmy_sqlalchemy._bulk`).  ``tests/test_scan_plan.py`` checks both
servers: MariaDB's plans, and how many rows each PostgreSQL page reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import sqlalchemy as sa

from sqmy_sqlalchemy.schema import events

__all__ = ["BY_POSITION", "BY_TYPE", "COLUMNS", "SCAN_PAGE", "page_query"]

SCAN_PAGE: Final = 500

BY_POSITION: Final = "sqmy_events_by_position"
BY_TYPE: Final = "sqmy_events_by_type"

COLUMNS: Final = (
    events.c.stream,
    events.c.version,
    events.c.position,
    events.c.type,
    events.c.at,
    events.c.actor,
    events.c.data,
)


def page_query(
    organization: str,
    types: Sequence[str] | None,
    since: str | None,
    until: str | None,
    after: int,
) -> sa.Select[tuple[object, ...]] | sa.CompoundSelect[tuple[object, ...]]:
    """The next page after position ``after``: ``types`` (``None``: any; not empty), and
    ``at_utc`` keys ``since <= at_utc < until`` (``None``: unbounded)."""
    if types is None:
        return _branch(organization, None, since, until, after)
    wanted = list(dict.fromkeys(types))  # a type asked twice is still read once
    branches = [_branch(organization, t, since, until, after) for t in wanted]
    if len(branches) == 1:
        return branches[0]
    return sa.union_all(*branches).order_by(sa.column("position")).limit(SCAN_PAGE)


def _branch(
    organization: str,
    type_: str | None,
    since: str | None,
    until: str | None,
    after: int,
) -> sa.Select[tuple[object, ...]]:
    index = BY_POSITION if type_ is None else BY_TYPE
    where = [events.c.organization == organization]
    if type_ is not None:
        where.append(events.c.type == type_)
    where.append(events.c.position > after)
    if since is not None:
        where.append(events.c.at_utc >= since)
    if until is not None:
        where.append(events.c.at_utc < until)
    query = sa.select(*COLUMNS).where(*where).order_by(events.c.position).limit(SCAN_PAGE)
    for dialect in ("mysql", "mariadb"):
        query = query.with_hint(events, f"FORCE INDEX ({index})", dialect)
    return query
