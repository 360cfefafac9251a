"""The outbox part of the storage conformance suite (a mixin of :class:`~.conformance.StoreConformance`).

Backends subclass only ``StoreConformance``; these tests come with it.  They
use the fixtures it defines (``store``, ``opener``) and its
``shares_between_opens`` / ``race_rounds`` settings.

Conventions the suite holds backends to, beyond the protocol's docstrings:

* ids are positive and increase in queue order; :meth:`outbox` lists in
  that order;
* :meth:`pending` orders by the notification's ``created_at`` (as an
  instant, whatever its offset), then by queue order; ``limit=0`` gives
  nothing; ``channels`` are exact names (not prefixes), the order and the
  limit apply across all of them, and a list longer than a query may
  name (1,200) gives the same answer;
* ``attempts`` counts delivery attempts: :meth:`mark_failed` adds one, and
  so does :meth:`mark_delivered`; a delivered item is final (marking it
  again, delivered or failed, changes nothing);
* marking an id that is unknown or another organization's raises
  :class:`LookupError` (e.g. ``KeyError``) and changes nothing;
* a batch with a naive time, data that is not JSON or a non-Notification
  is refused (``TypeError``/``ValueError``) before anything is queued.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from typing import Any, ClassVar

import pytest

from sqmy_core.storage import EventStore, NewEvent, Notification, OutboxItem
from sqmy_core.testing.racing import race

_Factory = Callable[[str], EventStore]

_BEIJING = timezone(timedelta(hours=8))
_KATHMANDU = timezone(timedelta(hours=5, minutes=45))
_T0 = datetime(2024, 3, 1, 9, 0, tzinfo=_BEIJING)
_THIRD_ORG = "org-outbox-other"


def note(key: str = "k1", at: datetime = _T0, **changes: Any) -> Notification:
    """A notification with defaults, for brevity in the tests below."""
    fields: dict[str, Any] = {
        "key": key,
        "kind": "adopted",
        "recipients": ("p001",),
        "subject": "稿件已采用",
        "body": "您报送的稿件已被采用。",
        "created_at": at,
        "piece": "piece-1",
        "data": {},
    }
    fields.update(changes)
    return Notification(**fields)


class _Rollback(Exception):
    """Raised on purpose inside a transaction to make it roll back."""


class OutboxConformance:
    """The outbox tests; mixed into ``StoreConformance`` (do not subclass this alone)."""

    shares_between_opens: ClassVar[bool] = True
    race_rounds: ClassVar[int] = 10

    def _reopen(self, opener: _Factory, organization: str) -> EventStore:
        if not self.shares_between_opens:
            pytest.skip("this backend does not share data between two opens")
        return opener(organization)

    # -- enqueue and dedup --------------------------------------------------------

    def test_outbox_starts_empty(self, store: EventStore) -> None:
        assert store.outbox() == [] and store.pending(_T0 + timedelta(days=365)) == []
        assert store.enqueue("smtp", []) == 0 and store.outbox() == []

    def test_enqueue_counts_new_items_and_dedups_per_channel(self, store: EventStore) -> None:
        assert store.enqueue("smtp", [note("k1"), note("k2")]) == 2
        assert store.enqueue("smtp", [note("k1", subject="again"), note("k3")]) == 1
        assert store.enqueue("dingtalk", [note("k1")]) == 1  # same key, another channel
        assert store.enqueue("smtp", [note("k4"), note("k4", subject="twin")]) == 1
        assert store.enqueue("smtp", [note("k1"), note("k2")]) == 0
        items = store.outbox()
        assert [(i.channel, i.notification.key) for i in items] == [
            ("smtp", "k1"),
            ("smtp", "k2"),
            ("smtp", "k3"),
            ("dingtalk", "k1"),
            ("smtp", "k4"),
        ]
        assert items[0].notification.subject == "稿件已采用"  # the first one queued is kept
        assert items[4].notification.subject == "稿件已采用"
        ids = [i.id for i in items]
        assert ids == sorted(set(ids)) and ids[0] > 0
        for item in items:
            assert isinstance(item, OutboxItem)
            assert (item.attempts, item.delivered_at, item.last_error) == (0, None, None)
            assert item.next_attempt_at == item.notification.created_at

    def test_enqueue_is_rolled_back_with_its_transaction(self, store: EventStore) -> None:
        with pytest.raises(_Rollback), store.transaction():
            store.append("p1", 0, [NewEvent("adopted", _T0)])
            assert store.enqueue("smtp", [note("k1")]) == 1
            assert [i.notification.key for i in store.outbox()] == ["k1"]  # seen inside
            raise _Rollback
        assert store.version("p1") == 0 and store.outbox() == [] and store.pending(_T0) == []
        assert store.enqueue("smtp", [note("k1")]) == 1  # the key was not used up

    def test_failed_nested_block_takes_back_only_its_enqueue(self, store: EventStore) -> None:
        with store.transaction():
            store.enqueue("smtp", [note("k1")])
            with pytest.raises(_Rollback), store.transaction():
                store.enqueue("smtp", [note("k2")])
                raise _Rollback
            store.enqueue("smtp", [note("k3")])
        assert [i.notification.key for i in store.outbox()] == ["k1", "k3"]

    def test_enqueue_commits_with_the_append(self, opener: _Factory) -> None:
        store = opener("org-a")
        with store.transaction():
            store.append("p1", 0, [NewEvent("adopted", _T0)])
            store.enqueue("smtp", [note("k1")])
        other = self._reopen(opener, "org-a")
        assert other.version("p1") == 1
        assert [i.notification.key for i in other.outbox()] == ["k1"]
        assert other.enqueue("smtp", [note("k1")]) == 0

    @pytest.mark.parametrize(
        "bad",
        [
            note("k2", at=datetime(2024, 3, 1, 9)),
            note("k2", data={"x": object()}),
            note("k2", data={"x": float("nan")}),
            "not a notification",
        ],
        ids=["naive-time", "not-json", "nan", "not-a-notification"],
    )
    def test_bad_batch_queues_nothing(self, store: EventStore, bad: Any) -> None:
        with pytest.raises((TypeError, ValueError)):
            store.enqueue("smtp", [note("k1"), bad, note("k3")])
        assert store.outbox() == []
        assert store.enqueue("smtp", [note("k1")]) == 1

    # -- pending, mark_failed, mark_delivered ----------------------------------------

    def test_pending_respects_due_time_order_and_limit(self, store: EventStore) -> None:
        late = note("late", at=datetime(2024, 3, 1, 3, 0, tzinfo=UTC))  # 11:00 +08:00
        early = note("early", at=datetime(2024, 3, 1, 6, 45, tzinfo=_KATHMANDU))  # 01:00Z
        middle = note("middle", at=datetime(2024, 3, 1, 10, 0, tzinfo=_BEIJING))  # 02:00Z
        store.enqueue("smtp", [late, early])
        store.enqueue("smtp", [middle])
        assert store.pending(datetime(2024, 3, 1, 0, 59, tzinfo=UTC)) == []
        keys = [i.notification.key for i in store.pending(datetime(2024, 3, 1, 1, tzinfo=UTC))]
        assert keys == ["early"]  # due exactly at created_at
        now = datetime(2024, 3, 1, 12, 0, tzinfo=_BEIJING)
        assert [i.notification.key for i in store.pending(now)] == ["early", "middle", "late"]
        assert [i.notification.key for i in store.pending(now, limit=2)] == ["early", "middle"]
        assert store.pending(now, limit=0) == []
        with pytest.raises(ValueError):
            store.pending(datetime(2024, 3, 1, 12))  # naive

    def test_pending_asks_only_for_the_channels_given(self, store: EventStore) -> None:
        store.enqueue("smtp", [note("m1", at=_T0), note("m3", at=_T0 + timedelta(minutes=3))])
        store.enqueue("dingtalk", [note("d2", at=_T0 + timedelta(minutes=2))])
        store.enqueue("webhook-out:a", [note("a0", at=_T0 - timedelta(minutes=1))])
        store.enqueue("webhook-out:b", [note("b4", at=_T0 + timedelta(minutes=4))])
        before, now = store.outbox(), _T0 + timedelta(hours=1)

        def due(limit: int = 100, **kw: Any) -> list[tuple[str, str]]:
            return [(i.channel, i.notification.key) for i in store.pending(now, limit, **kw)]

        assert due(channels=["smtp"]) == [("smtp", "m1"), ("smtp", "m3")]
        assert due(channels={"webhook-out:b", "smtp"}) == [
            ("smtp", "m1"),
            ("smtp", "m3"),
            ("webhook-out:b", "b4"),
        ]
        assert due(2, channels=("webhook-out:b", "dingtalk", "smtp")) == [
            ("smtp", "m1"),
            ("dingtalk", "d2"),
        ]  # oldest first across the channels, the limit over all of them
        assert due(channels=["smtp", "smtp"]) == due(channels=["smtp"])
        assert due(channels=[]) == [] and due(channels=["企业微信"]) == []
        assert due(channels=["webhook-out:"]) == []  # a name, not a prefix
        assert [key for _, key in due(channels=None)] == ["a0", "m1", "d2", "m3", "b4"]
        assert due(channels=None) == due()
        assert due(0, channels=["smtp"]) == []
        assert store.outbox() == before  # reading changes nothing

    def test_an_unsendable_backlog_takes_no_place_of_another_channel(
        self, store: EventStore
    ) -> None:
        """150 due items of a channel set up only elsewhere, then one of a channel set up here."""
        backlog = [note(f"r{n:03}", at=_T0 + timedelta(seconds=n)) for n in range(150)]
        assert store.enqueue("robot-elsewhere", backlog) == 150
        store.enqueue("smtp", [note("mine", at=_T0 + timedelta(hours=1))])
        now = _T0 + timedelta(days=1)
        assert {i.channel for i in store.pending(now)} == {"robot-elsewhere"}  # the old trap
        (item,) = store.pending(now, channels=["smtp"])
        assert (item.channel, item.notification.key) == ("smtp", "mine")
        got = store.pending(now, limit=200, channels=["robot-elsewhere"])
        assert [i.notification.key for i in got] == [n.key for n in backlog]

    def test_pending_over_many_channels_keeps_the_order(self, store: EventStore) -> None:
        """More channels than a backend may name in one query (SQLite, servers): the same answer."""
        names = [f"webhook-out:{n:04}" for n in range(1200)]
        for name, minutes in (("webhook-out:0001", 30), ("webhook-out:0600", 20),
                              ("webhook-out:1199", 10)):  # fmt: skip
            store.enqueue(name, [note(f"k{minutes}", at=_T0 + timedelta(minutes=minutes))])
            store.enqueue(name, [note(f"k{minutes + 1}", at=_T0 + timedelta(minutes=minutes + 1))])
        now = _T0 + timedelta(hours=1)
        keys = [i.notification.key for i in store.pending(now, channels=names)]
        assert keys == ["k10", "k11", "k20", "k21", "k30", "k31"]
        assert [i.notification.key for i in store.pending(now, 3, channels=names)] == keys[:3]
        assert store.pending(now, channels=names[2:600]) == []

    @pytest.mark.parametrize(
        ("channels", "error"),
        [
            ("smtp", TypeError),  # one string is not read as its letters
            (b"smtp", TypeError),
            (iter(["smtp"]), TypeError),  # refused before it is read: not a collection
            (["smtp", ""], ValueError),
            (["smtp", 7], ValueError),
        ],
        ids=["str", "bytes", "iterator", "empty-name", "not-a-string"],
    )
    def test_bad_channels_are_refused(
        self, store: EventStore, channels: Any, error: type[Exception]
    ) -> None:
        store.enqueue("smtp", [note("k1")])
        with pytest.raises(error):
            store.pending(_T0, channels=channels)

    def test_mark_failed_counts_records_and_puts_off(self, store: EventStore) -> None:
        store.enqueue("smtp", [note("k1"), note("k2")])
        first, second = store.outbox()
        now = _T0 + timedelta(minutes=1)
        retry = datetime(2024, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 +08:00
        store.mark_failed(first.id, now, "SMTPServerDisconnected: 连接被关闭", retry)
        failed = store.outbox()[0]
        assert (failed.attempts, failed.last_error) == (1, "SMTPServerDisconnected: 连接被关闭")
        assert failed.next_attempt_at == retry and failed.next_attempt_at.utcoffset() == timedelta()
        assert failed.delivered_at is None and failed.notification == first.notification
        assert [i.id for i in store.pending(now)] == [second.id]
        assert [i.id for i in store.pending(retry)] == [first.id, second.id]
        later = retry + timedelta(minutes=2)
        store.mark_failed(first.id, retry, "timeout", later)
        again = store.outbox()[0]
        assert (again.attempts, again.last_error, again.next_attempt_at) == (2, "timeout", later)
        assert store.outbox()[1] == second  # the other item is untouched
        with pytest.raises(ValueError):
            store.mark_failed(second.id, now, "x", datetime(2024, 3, 1, 10))  # naive retry_at

    def test_mark_delivered_is_final(self, store: EventStore) -> None:
        store.enqueue("smtp", [note("k1"), note("k2")])
        first, second = store.outbox()
        store.mark_failed(first.id, _T0, "down", _T0 + timedelta(minutes=1))
        done_at = datetime(2024, 3, 1, 9, 5, 30, 123456, tzinfo=_BEIJING)
        store.mark_delivered(first.id, done_at)
        done = store.outbox()[0]
        assert done.delivered_at == done_at and done.delivered_at.utcoffset() == timedelta(hours=8)
        assert (done.attempts, done.last_error) == (2, "down")  # the error stays as history
        assert [i.id for i in store.pending(_T0 + timedelta(days=1))] == [second.id]
        store.mark_delivered(first.id, done_at + timedelta(hours=1))
        store.mark_failed(first.id, done_at, "late report", done_at + timedelta(hours=1))
        assert store.outbox()[0] == done
        assert store.enqueue("smtp", [note("k1")]) == 0  # delivered keys stay used

    def test_unknown_item_ids_are_refused(self, store: EventStore) -> None:
        store.enqueue("smtp", [note("k1")])
        (item,) = store.outbox()
        with pytest.raises(LookupError):
            store.mark_delivered(item.id + 1000, _T0)
        with pytest.raises(LookupError):
            store.mark_failed(item.id + 1000, _T0, "x", _T0)
        assert store.outbox() == [item]

    # -- organizations, round trips, persistence ---------------------------------------

    def test_other_organizations_items_are_invisible(self, opener: _Factory) -> None:
        a = opener("org-a")
        b = self._reopen(opener, _THIRD_ORG)
        a.enqueue("smtp", [note("k1")])
        (item,) = a.outbox()
        assert b.outbox() == [] and b.pending(_T0 + timedelta(days=1)) == []
        with pytest.raises(LookupError):
            b.mark_delivered(item.id, _T0)
        with pytest.raises(LookupError):
            b.mark_failed(item.id, _T0, "x", _T0 + timedelta(hours=1))
        assert a.outbox() == [item]
        assert b.enqueue("smtp", [note("k1")]) == 1  # dedup is per organization
        assert [i.notification.key for i in b.outbox()] == ["k1"] and a.outbox() == [item]

    def test_notifications_round_trip_exactly(self, opener: _Factory) -> None:
        given = [
            note(
                "采用反馈:稿件-001",
                at=datetime(2024, 3, 1, 9, 0, 0, 123456, tzinfo=_BEIJING),
                kind="采用反馈",
                recipients=["张三", "p002"],
                subject="您的稿件《关于加快老旧小区改造的建议》已被采用",
                body="尊敬的张三：\n您报送的稿件已被区委办采用。“引号”、emoji 🙂",
                piece="稿件-001",
                data={"单位": "经济界", "分数": 2.5, "层级": ["区", "市"], "空": None, "真": True},
            ),
            note("k2", at=datetime(2024, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-5)))),
            note("k3", at=datetime(2024, 6, 1, 0, 0, tzinfo=_KATHMANDU), piece=None, recipients=()),
        ]
        store = opener("org-a")
        store.enqueue("企业微信", given)
        for back, sent in zip(store.outbox(), given, strict=True):
            assert back.channel == "企业微信" and back.notification == sent
            assert back.notification.created_at.utcoffset() == sent.created_at.utcoffset()
            assert back.notification.recipients == tuple(sent.recipients)
        assert [i.notification for i in store.pending(_T0 + timedelta(days=366))] == [
            given[0],
            given[2],  # 2024-05-31T18:15Z
            given[1],  # 2025-01-01T04:59Z
        ]
        store.close()
        if self.shares_between_opens:
            again = opener("org-a")
            assert [i.notification for i in again.outbox()] == given

    def test_notification_data_is_copied_in_and_out(self, store: EventStore) -> None:
        data: dict[str, Any] = {"tags": ["a"]}
        store.enqueue("smtp", [note("k1", data=data)])
        data["tags"].append("b")
        got = store.outbox()[0].notification.data
        assert got == {"tags": ["a"]}
        got["tags"].append("c")
        assert store.pending(_T0)[0].notification.data == {"tags": ["a"]}

    # -- races ----------------------------------------------------------------------------

    def test_two_threads_enqueue_the_same_key_once(self, opener: _Factory) -> None:
        first = opener("org-a")
        second = self._reopen(opener, "org-a") if self.shares_between_opens else first
        for round_ in range(self.race_rounds):
            key = f"race-{round_}"
            counts = _race_enqueue([first, second], key)
            assert counts.count(1) == 1 and counts.count(0) == len(counts) - 1, counts
            assert [i.notification.key for i in first.outbox()].count(key) == 1


def _race_enqueue(stores: list[EventStore], key: str) -> list[object]:
    """One thread per store enqueues ``key`` once a barrier releases them all; their outcomes."""

    def enqueue(store: EventStore) -> object:
        with store.transaction():
            return store.enqueue("smtp", [note(key)])

    return race([partial(enqueue, s) for s in stores], timeout=30)
