"""Conformance: ruleset versions and the list of idempotency keys (mixed into ``StoreConformance``).

A workspace keeps every ruleset it has had and chooses among them by date,
and a backup must read back every idempotency key; these tests hold every
backend to the same behaviour: versions kept in the order applied, numbered
from 1 per organization, never replaced, every field back as given (times
with their offset, dates as dates), legacy-style versions with no actor,
time or date allowed, a digest that is not the text's refused before
anything is written, and everything rolled back with its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import ClassVar

import pytest

from sqmy_core.storage import EventStore, NewEvent, RulesetVersion
from sqmy_core.storage.checks import text_sha256

_Factory = Callable[[str], EventStore]

_BEIJING = timezone(timedelta(hours=8))
_AT = datetime(2024, 12, 20, 15, 30, 5, 250000, tzinfo=_BEIJING)


def keep_ruleset(
    store: EventStore,
    text: str,
    source: str,
    *,
    actor: str | None = "admin",
    at: datetime | None = _AT,
    effective_from: date | None = date(2025, 1, 1),
) -> RulesetVersion:
    """Add a version with defaults, for brevity in the tests."""
    return store.add_ruleset_version(
        text,
        source,
        sha256=text_sha256(text),
        actor=actor,
        applied_at=at,
        effective_from=effective_from,
    )


def texts(store: EventStore) -> list[tuple[str, str]]:
    """``(text, source)`` of every version, in order."""
    return [(v.text, v.source) for v in store.ruleset_versions()]


class _Boom(Exception):
    pass


class VersionConformance:
    """The ruleset-version tests; mixed into ``StoreConformance`` (do not subclass this alone)."""

    shares_between_opens: ClassVar[bool] = True

    def test_versions_keep_every_field(self, store: EventStore) -> None:
        text = 'organization = "区政协"\n# 说明：第二版\n'
        first = keep_ruleset(store, text, "规则/区政协.toml", actor="张三")
        again = keep_ruleset(
            store, text, "规则/区政协.toml", actor=None, at=None, effective_from=None
        )
        utc_at = datetime(2025, 6, 30, 23, 0, tzinfo=timezone(timedelta(hours=-5)))
        third = keep_ruleset(store, "x = 1\n", "b.toml", at=utc_at, effective_from=date(2023, 7, 1))
        kept = store.ruleset_versions()
        assert kept == [first, again, third]
        assert [v.number for v in kept] == [1, 2, 3]
        assert kept[0] == RulesetVersion(
            1, text, "规则/区政协.toml", text_sha256(text), "张三", _AT, date(2025, 1, 1)
        )
        assert kept[0].applied_at is not None and kept[0].applied_at.utcoffset() == timedelta(
            hours=8
        )
        assert kept[1].actor is None and kept[1].applied_at is None
        assert kept[1].effective_from is None
        assert kept[2].applied_at == utc_at and kept[2].applied_at is not None
        assert kept[2].applied_at.utcoffset() == timedelta(hours=-5)
        assert type(kept[2].effective_from) is date

    def test_versions_numbered_per_organization(self, opener: _Factory) -> None:
        a = opener("org-a")
        keep_ruleset(a, "a = 1\n", "a.toml")
        if not self.shares_between_opens:
            pytest.skip("this backend does not share data between two opens")
        b = opener("org-b")
        keep_ruleset(b, "b = 1\n", "b.toml")
        keep_ruleset(a, "a = 2\n", "a2.toml")
        assert [(v.number, v.text) for v in a.ruleset_versions()] == [
            (1, "a = 1\n"),
            (2, "a = 2\n"),
        ]
        assert [(v.number, v.text) for v in b.ruleset_versions()] == [(1, "b = 1\n")]

    def test_version_with_a_wrong_digest_is_refused(self, store: EventStore) -> None:
        with pytest.raises(ValueError):
            store.add_ruleset_version(
                "a = 1\n",
                "a.toml",
                sha256=text_sha256("a = 2\n"),
                actor="admin",
                applied_at=_AT,
                effective_from=None,
            )
        with pytest.raises(ValueError):
            keep_ruleset(store, "a = 1\n", "a.toml", at=datetime(2024, 1, 1))
        with pytest.raises(TypeError):
            keep_ruleset(store, "a = 1\n", "a.toml", effective_from=_AT)
        assert store.ruleset_versions() == [] and store.organizations() == []

    def test_versions_roll_back_with_the_transaction(self, store: EventStore) -> None:
        keep_ruleset(store, "old\n", "old.toml")
        with pytest.raises(_Boom), store.transaction():
            keep_ruleset(store, "new\n", "new.toml")
            assert len(store.ruleset_versions()) == 2  # the block sees its own write
            raise _Boom
        assert texts(store) == [("old\n", "old.toml")]

    def test_versions_survive_reopening(self, opener: _Factory) -> None:
        store = opener("org-a")
        kept = keep_ruleset(store, "a = 1\n", "a.toml")
        store.close()
        if not self.shares_between_opens:
            pytest.skip("this backend does not share data between two opens")
        assert opener("org-a").ruleset_versions() == [kept]

    def test_idempotency_keys_listed_sorted(self, opener: _Factory) -> None:
        store = opener("org-a")
        assert store.idempotency_keys() == []
        at = _AT
        store.append("p1", 0, [NewEvent("submitted", at)], idempotency_key="k-b")
        store.append("p1", 1, [NewEvent("approved", at)])
        store.append("p2", 0, [NewEvent("submitted", at)], idempotency_key="k-a")
        store.append("p1", 2, [NewEvent("x", at), NewEvent("y", at)], idempotency_key="k-c")
        assert store.idempotency_keys() == ["k-a", "k-b", "k-c"]
        recalled = store.recall("k-c")
        assert recalled is not None and [e.version for e in recalled.events] == [3, 4]
        if self.shares_between_opens:
            other = opener("org-b")
            assert other.idempotency_keys() == []
