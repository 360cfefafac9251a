"""The query for one page of a scan: read in ``position`` order through an index in that order.

A scan reads an organization's events a page at a time, each page the
next :data:`SCAN_PAGE` matching events after the last position seen.  A
page must come from an index already in position order and stop after
its rows: a page that reads and sorts every later matching row makes a
whole-store read quadratic -- a backup, ``sqmy audit verify``, an import's
read-back of what it stored.  PostgreSQL did exactly that on a table it
had no statistics for yet (just imported: a bitmap scan of every later row
and a sort, per page); either server walked the primary key past every
other organization's rows.

* No type asked: the ``(organization, position)`` index (schema version
  6), or the primary key where the planner finds it cheaper (one
  organization); both are in position order.
* One type: the ``(organization, type, position)`` index.
* Several types: one such range per type, each stopping at a page, merged
  in position order (``UNION ALL``: PostgreSQL merges the ordered ranges,
  MariaDB sorts at most a page per type).  Each page costs its own rows.
* Time bounds are filters, written so that no index can serve them
  (``at_utc || ''``; ``at_utc`` is never null): no index is in both time
  and position order, and one by time would be read and sorted to its end
  for each page.  A scan from a time costs the rows after its start, once.

MariaDB is told the index (``FORCE INDEX``); PostgreSQL has no hints, and
picks a sort-free plan once the table has statistics (the bulk import
analyses what it wrote, in its transaction).  ``tests/test_scan_plan.py``
checks the plans on both servers.
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
    at = events.c.at_utc.concat("")  # no index by time: see the module's docstring
    index = BY_POSITION if type_ is None else BY_TYPE
    where = [events.c.organization == organization]
    if type_ is not None:
        where.append(events.c.type == type_)
    where.append(events.c.position > after)
    if since is not None:
        where.append(at >= since)
    if until is not None:
        where.append(at < until)
    query = sa.select(*COLUMNS).where(*where).order_by(events.c.position).limit(SCAN_PAGE)
    for dialect in ("mysql", "mariadb"):
        query = query.with_hint(events, f"FORCE INDEX ({index})", dialect)
    return query
