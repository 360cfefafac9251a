"""The storage conformance suite: what every :class:`~sqmy_core.storage.EventStore` must do.

The domain trusts the store with one guarantee above all: an append with a
stale expected version writes nothing and says so.  This suite pins that
down, with the rest of the contract, so that the built-in stores and
third-party ones (PostgreSQL, MySQL, an organization's own) behave alike.
A backend's tests subclass :class:`StoreConformance` and provide one fixture::

    from sqmy_core.testing.conformance import StoreConformance

    class TestMyStore(StoreConformance):
        @pytest.fixture
        def store_factory(self, tmp_path):
            url = f"mydb:///{tmp_path}/db"
            return lambda organization: MyStore(url, organization)

``store_factory`` returns a callable ``(organization) -> EventStore``: the
first call of a test gets a fresh, empty database; later calls in the same
test open the SAME database again (as another process would), so the suite
can check persistence, visibility and races between two store objects.  A
backend whose second open cannot reach the first's data sets
``shares_between_opens = False`` and those tests are skipped.  The suite
closes every store it opened.

Conventions the suite holds backends to, beyond the protocol's docstrings:
times without an offset are refused with ``ValueError``; event data and
registry records that are not JSON are refused (``TypeError`` or
``ValueError``) before anything is written; a nested ``transaction()`` that
raises undoes its own writes even if the outer block goes on.  The
outbox tests (and their conventions) are in
:mod:`sqmy_core.testing.conformance_outbox`, the ``sqmy-dataset/1.1``
records (registry kinds ``adjustment`` and ``activity``, and a Workspace's
commands for them) in :mod:`sqmy_core.testing.conformance_records`, the
audit chain and the registry's history in
:mod:`sqmy_core.testing.conformance_audit`, expected versions and bound
idempotency keys in :mod:`sqmy_core.testing.conformance_guards`, all
inherited from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from typing import Any, ClassVar

import pytest

from sqmy_core.errors import ConcurrencyConflict
from sqmy_core.storage import AppendResult, EventStore, NewEvent
from sqmy_core.testing.conformance_audit import AuditConformance
from sqmy_core.testing.conformance_guards import GuardConformance
from sqmy_core.testing.conformance_outbox import OutboxConformance
from sqmy_core.testing.conformance_records import RecordConformance
from sqmy_core.testing.conformance_versions import VersionConformance, keep_ruleset, texts
from sqmy_core.testing.racing import race

StoreFactory = Callable[[str], EventStore]

BEIJING = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BEIJING)
ORG = "org-a"
OTHER = "org-b"


def ev(
    type_: str = "submitted", at: datetime = T0, actor: str | None = "p001", **data: Any
) -> NewEvent:
    """A new event with defaults, for brevity in the tests below."""
    return NewEvent(type=type_, at=at, actor=actor, data=data)


class Boom(Exception):
    """Raised on purpose inside a transaction to make it roll back."""


class StoreConformance(
    OutboxConformance, VersionConformance, RecordConformance, AuditConformance, GuardConformance
):
    """Subclass in a backend's tests and override :meth:`store_factory`."""

    shares_between_opens: ClassVar[bool] = True
    race_rounds: ClassVar[int] = 10

    @pytest.fixture
    def store_factory(self) -> StoreFactory:
        """Override: return ``(organization) -> EventStore`` on one fresh database per test."""
        raise NotImplementedError("a StoreConformance subclass must override store_factory")

    @pytest.fixture
    def opener(self, store_factory: StoreFactory) -> Iterator[StoreFactory]:
        """``store_factory`` that remembers what it opened and closes it after the test."""
        opened: list[EventStore] = []

        def open_(organization: str = ORG) -> EventStore:
            store = store_factory(organization)
            opened.append(store)
            return store

        yield open_
        for store in reversed(opened):
            store.close()

    @pytest.fixture
    def store(self, opener: StoreFactory) -> EventStore:
        return opener(ORG)

    def _second(self, opener: StoreFactory, organization: str = ORG) -> EventStore:
        if not self.shares_between_opens:
            pytest.skip("this backend does not share data between two opens")
        return opener(organization)

    # -- append, read, version --------------------------------------------

    def test_unknown_stream_is_empty(self, store: EventStore) -> None:
        assert store.organization == ORG
        assert (store.version("p1"), store.read("p1"), store.streams()) == (0, [], [])
        assert list(store.scan()) == []

    def test_append_then_read(self, store: EventStore) -> None:
        result = store.append("p1", 0, [ev("submitted"), ev("approved", actor=None, n=1)])
        assert isinstance(result, AppendResult)
        assert (result.version, result.repeated) == (2, False)
        assert [(e.stream, e.version, e.type) for e in result.events] == [
            ("p1", 1, "submitted"),
            ("p1", 2, "approved"),
        ]
        assert result.events[0].position < result.events[1].position
        assert result.events[1].actor is None and dict(result.events[1].data) == {"n": 1}
        assert store.read("p1") == list(result.events)
        assert store.version("p1") == 2
        later = store.append("p1", 2, [ev("dispatched")])
        assert later.version == 3 and later.events[0].version == 3
        assert [e.version for e in store.read("p1")] == [1, 2, 3]

    def test_streams_in_order_started(self, store: EventStore) -> None:
        store.append("b", 0, [ev()])
        store.append("a", 0, [ev()])
        store.append("b", 1, [ev()])
        assert store.streams() == ["b", "a"]

    def test_empty_append_changes_nothing(self, store: EventStore) -> None:
        store.append("p1", 0, [ev()])
        result = store.append("p1", 1, [])
        assert (result.version, result.events) == (1, ())
        with pytest.raises(ConcurrencyConflict):
            store.append("p1", 0, [])

    @pytest.mark.parametrize("expected", [0, 2, 5])
    def test_stale_append_conflicts_and_writes_nothing(
        self, store: EventStore, expected: int
    ) -> None:
        store.append("p1", 0, [ev()])
        with pytest.raises(ConcurrencyConflict) as caught:
            store.append("p1", expected, [ev("approved"), ev("dispatched")])
        text = caught.value.render("en")
        assert "p1" in text and str(expected) in text and "1" in text
        assert store.version("p1") == 1 and len(store.read("p1")) == 1
        assert [e.type for e in store.scan()] == ["submitted"]

    def test_new_stream_needs_expected_zero(self, store: EventStore) -> None:
        with pytest.raises(ConcurrencyConflict):
            store.append("p1", 1, [ev()])
        assert store.streams() == [] and store.version("p1") == 0

    @pytest.mark.parametrize(
        "bad",
        [
            ev("approved", bad=object()),
            ev("approved", bad=float("nan")),
            ev("approved", at=datetime(2024, 3, 1)),
        ],
        ids=["not-json", "nan", "naive-time"],
    )
    def test_multi_event_append_is_all_or_nothing(self, store: EventStore, bad: NewEvent) -> None:
        with pytest.raises((TypeError, ValueError)):
            store.append("p1", 0, [ev("submitted"), bad, ev("dispatched")])
        assert store.version("p1") == 0 and store.streams() == [] and list(store.scan()) == []
        assert store.append("p1", 0, [ev()]).version == 1

    def test_data_is_copied_in_and_out(self, store: EventStore) -> None:
        data: dict[str, Any] = {"tags": ["a"]}
        store.append("p1", 0, [NewEvent("submitted", T0, None, data)])
        data["tags"].append("b")
        got = store.read("p1")[0].data
        assert got == {"tags": ["a"]}
        got["tags"].append("c")
        assert store.read("p1")[0].data == {"tags": ["a"]}

    # -- idempotency --------------------------------------------------------

    def test_repeat_returns_earlier_result_and_writes_nothing(self, store: EventStore) -> None:
        first = store.append("p1", 0, [ev(), ev("approved")], idempotency_key="k1")
        again = store.append("p1", 0, [ev(), ev("approved")], idempotency_key="k1")  # now stale
        assert again.repeated and not first.repeated
        assert (again.version, again.events) == (first.version, first.events)
        assert store.version("p1") == 2 and len(list(store.scan())) == 2
        assert store.append("p1", 2, [ev("dispatched")], idempotency_key="k2").version == 3

    def test_conflicting_append_does_not_use_up_its_key(self, store: EventStore) -> None:
        store.append("p1", 0, [ev()])
        with pytest.raises(ConcurrencyConflict):
            store.append("p1", 0, [ev("approved")], idempotency_key="k1")
        result = store.append("p1", 1, [ev("approved")], idempotency_key="k1")
        assert (result.version, result.repeated) == (2, False)

    def test_recall_finds_the_earlier_result(self, store: EventStore) -> None:
        recall = getattr(store, "recall", None)
        if recall is None:
            pytest.skip("this backend has no recall(idempotency_key)")
        assert recall("k1") is None
        first = store.append("p1", 0, [ev()], idempotency_key="k1")
        again = recall("k1")
        assert again is not None and again.repeated
        assert (again.version, again.events) == (first.version, first.events)

    # -- scan -----------------------------------------------------------------

    def test_scan_filters_in_global_order(self, store: EventStore) -> None:
        utc, kathmandu = UTC, timezone(timedelta(hours=5, minutes=45))
        store.append("p1", 0, [ev("submitted", datetime(2024, 3, 1, 9, tzinfo=BEIJING))])  # 01:00Z
        store.append("p2", 0, [ev("submitted", datetime(2024, 3, 1, 2, tzinfo=utc))])  # 02:00Z
        store.append(
            "p1", 1, [ev("approved", datetime(2024, 3, 1, 8, 45, tzinfo=kathmandu))]
        )  # 03:00Z
        store.append("p2", 1, [ev("approved", datetime(2024, 3, 1, 12, tzinfo=BEIJING))])  # 04:00Z
        every = list(store.scan())
        assert [(e.stream, e.type) for e in every] == [
            ("p1", "submitted"),
            ("p2", "submitted"),
            ("p1", "approved"),
            ("p2", "approved"),
        ]
        assert [e.position for e in every] == sorted(e.position for e in every)
        assert [e.stream for e in store.scan(types=["approved"])] == ["p1", "p2"]
        assert list(store.scan(types=[])) == []
        window = store.scan(
            since=datetime(2024, 3, 1, 2, tzinfo=utc), until=datetime(2024, 3, 1, 4, tzinfo=utc)
        )
        assert [(e.stream, e.type) for e in window] == [("p2", "submitted"), ("p1", "approved")]
        after = store.scan(after_position=every[1].position)
        assert [e.position for e in after] == [e.position for e in every[2:]]
        both = store.scan(types=["submitted"], after_position=every[0].position)
        assert [e.stream for e in both] == ["p2"]

    def test_scan_many_events(self, store: EventStore) -> None:
        store.append("big", 0, [ev(n=i) for i in range(1203)])
        assert [e.data["n"] for e in store.scan()] == list(range(1203))

    # -- organizations, registry, ruleset -------------------------------------------

    def test_organizations_are_isolated(self, opener: StoreFactory) -> None:
        a = opener(ORG)
        b = self._second(opener, OTHER)
        a.append("p1", 0, [ev()], idempotency_key="k")
        a.put("unit", "u1", {"name": "经济界"})
        keep_ruleset(a, "year = 2024", "a.toml")
        assert (b.version("p1"), b.read("p1"), b.streams(), list(b.scan())) == (0, [], [], [])
        assert (b.get("unit", "u1"), b.list("unit"), b.ruleset_versions()) == (None, [], [])
        result = b.append("p1", 0, [ev("approved")], idempotency_key="k")
        assert (result.version, result.repeated) == (1, False)
        assert [e.type for e in a.read("p1")] == ["submitted"]

    def test_registry_put_get_list_replace(self, store: EventStore) -> None:
        assert store.get("unit", "u1") is None and store.list("unit") == []
        store.put("unit", "u2", {"id": "u2", "name": "农业界"})
        store.put("unit", "u1", {"id": "u1", "name": "经济界"})
        store.put("person", "u1", {"id": "u1", "name": "张三"})
        store.put("unit", "u2", {"id": "u2", "name": "农业农村界", "parent": None})
        assert store.get("unit", "u2") == {"id": "u2", "name": "农业农村界", "parent": None}
        assert [r["id"] for r in store.list("unit")] == [
            "u2",
            "u1",
        ]  # a replaced record keeps its place
        assert store.list("person") == [{"id": "u1", "name": "张三"}]
        assert store.list("call") == []
        with pytest.raises((TypeError, ValueError)):
            store.put("unit", "u3", {"bad": object()})
        assert len(store.list("unit")) == 2

    def test_ruleset_versions_kept_in_order(self, store: EventStore) -> None:
        assert store.ruleset_versions() == []
        keep_ruleset(store, 'name = "区政协"\n', "district.toml")
        keep_ruleset(store, 'name = "民建"\n', "party.toml")
        assert texts(store) == [
            ('name = "区政协"\n', "district.toml"),
            ('name = "民建"\n', "party.toml"),
        ]

    def test_organizations_with_a_ruleset(self, opener: StoreFactory) -> None:
        a = opener(ORG)
        assert a.organizations() == []
        keep_ruleset(a, "x", "x.toml")
        b = opener(OTHER)
        b.put("unit", "u1", {"v": 1})  # a registry alone does not make an organization
        if self.shares_between_opens:
            keep_ruleset(b, "y", "y.toml")
            assert b.organizations() == sorted([ORG, OTHER])
        else:
            assert a.organizations() == [ORG]

    # -- transactions -----------------------------------------------------------

    def test_transaction_rolls_everything_back(self, store: EventStore) -> None:
        store.put("unit", "u1", {"v": 1})
        keep_ruleset(store, "old", "old.toml")
        with pytest.raises(Boom), store.transaction():
            store.append("p1", 0, [ev()], idempotency_key="k")
            store.put("unit", "u1", {"v": 2})
            store.put("unit", "u2", {"v": 1})
            keep_ruleset(store, "new", "new.toml")
            assert store.version("p1") == 1  # the block sees its own writes
            raise Boom
        assert (store.version("p1"), store.streams(), list(store.scan())) == (0, [], [])
        assert store.list("unit") == [{"v": 1}] and texts(store) == [("old", "old.toml")]
        assert not store.append("p1", 0, [ev()], idempotency_key="k").repeated

    def test_transaction_commits_together(self, opener: StoreFactory) -> None:
        store = opener(ORG)
        with store.transaction():
            store.append("p1", 0, [ev()])
            store.append("p2", 0, [ev()])
            store.put("unit", "u1", {"v": 1})
        other = self._second(opener)
        assert other.streams() == ["p1", "p2"] and other.get("unit", "u1") == {"v": 1}

    def test_nested_transaction_joins_the_outer(self, store: EventStore) -> None:
        with pytest.raises(Boom), store.transaction():
            store.append("p1", 0, [ev()])
            with store.transaction():
                store.append("p2", 0, [ev()])
                store.put("unit", "u1", {"v": 1})
            assert store.streams() == ["p1", "p2"]
            raise Boom
        assert store.streams() == [] and store.list("unit") == []

    def test_failed_nested_block_undoes_only_itself(self, store: EventStore) -> None:
        with store.transaction():
            store.append("p1", 0, [ev()])
            with pytest.raises(Boom), store.transaction():
                store.append("p2", 0, [ev()])
                raise Boom
            with pytest.raises(ConcurrencyConflict):
                store.append("p1", 0, [ev()])
            store.append("p1", 1, [ev("approved")])
        assert store.streams() == ["p1"] and store.version("p1") == 2

    # -- text, times, persistence -------------------------------------------------

    def test_chinese_text_round_trips(self, store: EventStore) -> None:
        data = {
            "标题": "关于加快老旧小区改造的建议",
            "部门": ["区住建局"],
            "备注": "“引号”、emoji 🙂",
        }
        store.append("稿件-001", 0, [NewEvent("采用", T0, "张三", data)])
        event = store.read("稿件-001")[0]
        assert (event.stream, event.type, event.actor, event.data) == (
            "稿件-001",
            "采用",
            "张三",
            data,
        )
        assert [e.type for e in store.scan(types=["采用"])] == ["采用"]
        store.put("person", "张三", {"name": "张三"})
        assert store.get("person", "张三") == {"name": "张三"}

    def test_times_round_trip_with_offsets(self, store: EventStore) -> None:
        times = [
            datetime(2024, 3, 1, 9, 0, 0, 123456, tzinfo=BEIJING),
            datetime(2024, 3, 1, 9, 0, tzinfo=UTC),
            datetime(2024, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5))),
            datetime(2024, 6, 1, 0, 0, tzinfo=timezone(timedelta(hours=5, minutes=45))),
        ]
        store.append("p1", 0, [ev(at=t) for t in times])
        for given, back in zip(times, store.read("p1"), strict=True):
            assert back.at == given and back.at.utcoffset() == given.utcoffset()
        with pytest.raises(ValueError):
            store.append("p1", 4, [ev(at=datetime(2024, 3, 1, 9))])
        with pytest.raises(ValueError):
            store.scan(since=datetime(2024, 3, 1))

    def test_data_survives_closing_and_reopening(self, opener: StoreFactory) -> None:
        store = opener(ORG)
        store.append("p1", 0, [ev(标题="老旧小区")], idempotency_key="k")
        store.put("unit", "u1", {"v": 1})
        keep_ruleset(store, "year = 2024", "r.toml")
        store.close()
        again = self._second(opener)
        assert [e.data for e in again.read("p1")] == [{"标题": "老旧小区"}]
        assert again.get("unit", "u1") == {"v": 1} and texts(again) == [("year = 2024", "r.toml")]
        assert again.append("p1", 0, [ev()], idempotency_key="k").repeated

    def test_committed_writes_are_visible_to_another_open(self, opener: StoreFactory) -> None:
        first = opener(ORG)
        second = self._second(opener)
        first.append("p1", 0, [ev()])
        assert second.version("p1") == 1
        with pytest.raises(ConcurrencyConflict):
            second.append("p1", 0, [ev()])

    # -- races ----------------------------------------------------------------

    def _race(self, stores: list[EventStore], key: str | None = None) -> None:
        """Each round, every store appends to a new stream at version 1, released together."""
        for round_ in range(self.race_rounds):
            stream = f"race-{round_}"
            stores[0].append(stream, 0, [ev()])
            outcomes = _race_round(stores, stream, key and f"{key}-{stream}")
            written = [o for o in outcomes if isinstance(o, AppendResult) and not o.repeated]
            losers = [o for o in outcomes if o not in written]
            assert len(outcomes) == len(stores) and len(written) == 1, outcomes
            if key is None:
                assert all(isinstance(o, ConcurrencyConflict) for o in losers), outcomes
            else:
                assert all(isinstance(o, AppendResult) and o.repeated for o in losers), outcomes
            assert stores[0].version(stream) == 2 and len(stores[0].read(stream)) == 2

    def test_race_on_one_store_object(self, store: EventStore) -> None:
        self._race([store, store])

    def test_race_between_two_opens(self, opener: StoreFactory) -> None:
        self._race([opener(ORG), self._second(opener)])

    def test_race_with_one_idempotency_key(self, opener: StoreFactory) -> None:
        stores = (
            [opener(ORG), self._second(opener)] if self.shares_between_opens else [opener(ORG)] * 2
        )
        self._race(stores, key="same")


def _race_round(stores: list[EventStore], stream: str, key: str | None) -> list[object]:
    """One thread per store appends at version 1 once a barrier releases them all; their outcomes."""
    return race(
        [
            partial(store.append, stream, 1, [ev("approved", n=n)], idempotency_key=key)
            for n, store in enumerate(stores)
        ],
        timeout=30,
    )
