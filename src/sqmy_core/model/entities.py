"""Who and what: units, people, calls and pieces, as frozen attrs classes.

These are plain records; they know nothing of rulesets or storage.  Times
are timezone-aware :class:`datetime.datetime` values (the contract refuses a
time without an offset), so that year boundaries in a ruleset's timezone are
unambiguous.
"""

from __future__ import annotations

from datetime import datetime

from attrs import field, frozen

from sqmy_core.model._convert import as_tuple


@frozen
class Unit:
    """An organization in the tree (界别, 专委会, 镇街工委, 区县委会 ...)."""

    id: str
    name: str
    kind: str
    parent: str | None = None


@frozen
class Person:
    """A member, officer, staff member or reviewer.

    ``units`` lists every unit the person belongs to (a member sits in a
    sector, a committee and a liaison group at once).  ``since`` is the time
    the person took office; ``None`` means in office throughout.
    """

    id: str
    name: str
    roles: tuple[str, ...] = field(converter=as_tuple)
    units: tuple[str, ...] = field(converter=as_tuple, default=())
    since: datetime | None = None

    def has_any_role(self, roles: tuple[str, ...] | frozenset[str]) -> bool:
        return any(r in roles for r in self.roles)


@frozen
class Call:
    """A topic call: 定向约稿 (commission), 招贤榜/征集目录 (call), 年度重点选题 (key_topic)."""

    id: str
    title: str
    kind: str
    assignees: tuple[str, ...] = field(converter=as_tuple, default=())
    due: datetime | None = None


@frozen
class Piece:
    """One 社情民意信息.  ``authors`` is ordered: the first author first."""

    id: str
    title: str
    authors: tuple[str, ...] = field(converter=as_tuple)
    submitted_at: datetime
    unit: str | None = None
    topic: str | None = None
    call: str | None = None


@frozen
class Clue:
    """A clue (线索) from a channel, before staff turn it into a piece.

    ``contact`` is the citizen's personal data (name, phone ...).  It is kept
    only on the clue: it is never copied into a piece, an event, a log line
    or an export.
    """

    id: str
    channel: str
    received_at: datetime
    summary: str
    contact: str | None = field(default=None, repr=False)
