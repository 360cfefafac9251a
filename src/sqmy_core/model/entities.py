"""Who and what: units, people, calls and pieces, as frozen attrs classes.

These are plain records; they know nothing of rulesets or storage.  Times
are timezone-aware :class:`datetime.datetime` values (the contract refuses a
time without an offset), so that year boundaries in a ruleset's timezone are
unambiguous.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from fractions import Fraction

from attrs import field, frozen

from sqmy_core.model._convert import as_tuple
from sqmy_core.model.attributes import AttrValue
from sqmy_core.model.shared_methods import shared_repr


@frozen
@shared_repr
class Unit:
    """An organization in the tree (界别, 专委会, 镇街工委, 区县委会 ...)."""

    id: str
    name: str
    kind: str
    parent: str | None = None
    attributes: Mapping[str, AttrValue] = field(factory=dict)
    """Organization-defined attributes (``sqmy-dataset/1.1``), as given; defaults are the ruleset's."""


@frozen
@shared_repr
class Person:
    """A member, officer, staff member or reviewer.

    ``units`` lists every unit the person belongs to (a member sits in a
    sector, a committee and a liaison group at once).  ``since`` is the time
    the person took office; ``None`` means in office throughout.  ``until``
    (``sqmy-dataset/1.1``) is the time the person left office (exclusive);
    ``None`` means still in office.
    """

    id: str
    name: str
    roles: tuple[str, ...] = field(converter=as_tuple)
    units: tuple[str, ...] = field(converter=as_tuple, default=())
    since: datetime | None = None
    until: datetime | None = None
    attributes: Mapping[str, AttrValue] = field(factory=dict)

    def in_office(self, start: datetime, end: datetime) -> bool:
        """Whether the term overlaps the half-open interval ``[start, end)``."""
        return (self.since is None or self.since < end) and (
            self.until is None or self.until > start
        )

    def in_office_throughout(self, start: datetime, end: datetime) -> bool:
        """Whether the term covers the whole interval ``[start, end)``."""
        return (self.since is None or self.since <= start) and (
            self.until is None or self.until >= end
        )

    def has_any_role(self, roles: tuple[str, ...] | frozenset[str]) -> bool:
        return any(r in roles for r in self.roles)


@frozen
@shared_repr
class Call:
    """A topic call: 定向约稿 (commission), 招贤榜/征集目录 (call), 年度重点选题 (key_topic)."""

    id: str
    title: str
    kind: str
    assignees: tuple[str, ...] = field(converter=as_tuple, default=())
    due: datetime | None = None
    attributes: Mapping[str, AttrValue] = field(factory=dict)


@frozen
@shared_repr
class Piece:
    """One 社情民意信息.  ``authors`` is ordered: the first author first.

    ``text`` is the piece's full text (``pieces[].body`` in ``sqmy-dataset/1.1``;
    named ``text`` here because "body" means an adopting body everywhere else).
    """

    id: str
    title: str
    authors: tuple[str, ...] = field(converter=as_tuple)
    submitted_at: datetime
    unit: str | None = None
    topic: str | None = None
    call: str | None = None
    text: str | None = None
    attributes: Mapping[str, AttrValue] = field(factory=dict)


@frozen
@shared_repr
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


@frozen
@shared_repr
class Adjustment:
    """A manual addition or deduction decided by the office (加分/扣分, ``sqmy-dataset/1.1``).

    Exactly one of ``person`` and ``unit`` is set.  Not tied to a piece; the
    ruleset says whether and in which section it counts.
    """

    id: str
    points: Fraction
    at: datetime
    reason: str
    approved_by: str
    person: str | None = None
    unit: str | None = None
    clause: str | None = None
    section: str | None = None


@frozen
@shared_repr
class Activity:
    """A duty other than a piece (会议, 调研, 提案 ...) for a wider 履职 ledger (``sqmy-dataset/1.1``)."""

    id: str
    person: str
    kind: str
    at: datetime
    attributes: Mapping[str, AttrValue] = field(factory=dict)
    note: str | None = None
