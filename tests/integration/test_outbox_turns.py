"""Delivery never lets one channel starve another (:mod:`sqmy_core.workspace.outbox`).

Items are queued straight into the store, as other processes and other
channels would have queued them, and one :meth:`Workspace.deliver` run is
watched: who was tried, in what order, and what was left as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from sqmy_core.model import Person
from sqmy_core.storage import EventStore, Notification
from sqmy_core.workspace.outbox import BACK_AFTER, DeliveryReport, deliver
from sqmy_core.workspace.workspace import Workspace

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
BJ = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BJ)
NOW = T0 + timedelta(days=1)


class Refused(ConnectionError):
    status = "refused"


class Channel:
    """A notifier that writes every attempt to a shared log, failing the keys it is told to."""

    def __init__(self, name: str, log: list[tuple[str, str]], refuses: str = "") -> None:
        self.name, self.log, self.refuses = name, log, refuses
        self.down = False

    def send(self, notification: Notification, recipients: Sequence[Person]) -> None:
        self.log.append((self.name, notification.key))
        if self.down or (self.refuses and notification.key.startswith(self.refuses)):
            raise Refused(self.name)

    def tried(self) -> list[str]:
        return [key for name, key in self.log if name == self.name]


@pytest.fixture
def log() -> list[tuple[str, str]]:
    return []


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(str(tmp_path / "o.db"), ruleset=RULESETS / "district.toml") as ws:
        yield ws


def workspace(opened: Workspace, *channels: Channel) -> Workspace:
    return Workspace(opened.store, opened.ruleset, channels)


def queue(ws: Workspace, channel: str, prefix: str, count: int, at: datetime = T0) -> list[str]:
    """``count`` notifications for ``channel``, one a second from ``at``; their keys."""
    notes = [
        Notification(f"{prefix}{n:03}", "stage_reached", ("p1",), "待审稿件", "请审核。",
                     at + timedelta(seconds=n))
        for n in range(count)
    ]  # fmt: skip
    assert ws.store.enqueue(channel, notes) == count
    return [n.key for n in notes]


def untouched(ws: Workspace, channel: str) -> bool:
    items = [i for i in ws.store.outbox() if i.channel == channel]
    return bool(items) and all(i.attempts == 0 and i.last_error is None for i in items)


def test_a_backlog_no_one_here_can_send_does_not_hold_back_a_working_channel(
    opened: Workspace, log: list[tuple[str, str]]
) -> None:
    """150 due items of a robot set up on another host, and of a webhook subscription whose
    key this process lacks, all older than one mail item: the mail goes in one run."""
    mail = Channel("mail", log)
    ws = workspace(opened, mail)
    queue(ws, "robot-elsewhere", "r", 150)
    queue(ws, "webhook-out:sub-1", "w", 150)
    queue(ws, "mail", "m", 1, at=T0 + timedelta(hours=1))
    report = ws.deliver(NOW)
    assert (report.delivered, report.failed) == (1, 0)
    assert mail.tried() == ["m000"]
    assert untouched(ws, "robot-elsewhere") and untouched(ws, "webhook-out:sub-1")
    assert len(ws.store.pending(NOW, 1000)) == 300  # kept for a process that can send them


def test_a_failing_backlog_gets_its_share_of_the_run_not_all_of_it(
    opened: Workspace, log: list[tuple[str, str]]
) -> None:
    bot, mail = Channel("bot", log), Channel("mail", log)  # the bot's turn comes first
    bot.down = True
    ws = workspace(opened, bot, mail)
    queue(ws, "bot", "r", 150)
    queue(ws, "mail", "m", 1, at=T0 + timedelta(hours=1))
    report = ws.deliver(NOW, limit=100)
    assert mail.tried() == ["m000"] and report.delivered == 1
    assert log.index(("mail", "m000")) == 1  # right after the bot's first attempt
    assert report.failed == 99 == len(bot.tried())  # the bot had the rest of the run
    assert bot.tried() == [f"r{n:03}" for n in range(99)]  # oldest first
    assert len(ws.store.pending(NOW, 1000, channels=["bot"])) == 51  # not tried: not put off


def test_a_channel_that_keeps_failing_waits_behind_the_others_within_the_run(
    opened: Workspace, log: list[tuple[str, str]]
) -> None:
    robot, mail = Channel("robot", log), Channel("mail", log)
    robot.down = True
    ws = workspace(opened, mail, robot)
    queue(ws, "robot", "r", 20)
    mails = queue(ws, "mail", "m", 20, at=T0 + timedelta(hours=1))
    ws.deliver(NOW)
    first_mails = log[: BACK_AFTER * 2 + 20 - BACK_AFTER]
    assert [k for c, k in first_mails if c == "robot"] == ["r000", "r001", "r002"]
    assert [k for c, k in first_mails if c == "mail"] == mails  # all of them before r003
    assert log[len(first_mails) :] == [("robot", f"r{n:03}") for n in range(3, 20)]


def test_channels_take_turns_and_share_the_limit(
    opened: Workspace, log: list[tuple[str, str]]
) -> None:
    a, b, c = Channel("a", log), Channel("b", log), Channel("c", log)
    ws = workspace(opened, a, b, c)
    for hours, name in enumerate("abc"):  # c's the oldest: alone, it would fill the run
        queue(ws, name, name, 150, at=T0 - timedelta(hours=hours))
    assert ws.deliver(NOW, limit=100).delivered == 100
    assert (len(a.tried()), len(b.tried()), len(c.tried())) == (34, 33, 33)
    assert [name for name, _ in log[:6]] == ["a", "b", "c", "a", "b", "c"]
    assert a.tried() == [f"a{n:03}" for n in range(34)]
    log.clear()
    assert ws.deliver(NOW, limit=100).delivered == 100  # the next run goes on from there
    assert b.tried()[0] == "b033" and len(set(b.tried())) == len(b.tried())


def test_one_channel_alone_may_use_the_whole_run(
    opened: Workspace, log: list[tuple[str, str]]
) -> None:
    a, b = Channel("a", log), Channel("b", log)
    ws = workspace(opened, a, b)
    keys = queue(ws, "a", "a", 150)
    queue(ws, "b", "b", 2)
    report = ws.deliver(NOW, limit=100)
    assert report.delivered == 100 and b.tried() == ["b000", "b001"]
    assert a.tried() == keys[:98]  # read a fair page at a time, then the next page


def test_refused_items_do_not_hold_back_their_channels_next_ones_run_after_run(
    opened: Workspace, log: list[tuple[str, str]]
) -> None:
    """Five refused addresses at the head of the mail queue: more than BACK_AFTER in a row."""
    mail = Channel("mail", log, refuses="bad")
    ws = workspace(opened, mail)
    queue(ws, "mail", "bad", 5)
    good = queue(ws, "mail", "good", 10, at=T0 + timedelta(minutes=5))
    first = ws.deliver(NOW)
    assert (first.delivered, first.failed) == (10, 5)
    assert [k for k in mail.tried() if k.startswith("good")] == good
    log.clear()
    tomorrow = NOW + timedelta(days=1)  # a daily run: the refused ones are due again, first
    more = queue(ws, "mail", "more", 10, at=tomorrow - timedelta(hours=1))
    second = ws.deliver(tomorrow)
    assert (second.delivered, second.failed) == (10, 5)
    assert [k for k in mail.tried() if k.startswith("more")] == more
    (item, *_) = ws.store.outbox()
    assert (item.notification.key, item.attempts, item.last_error) == ("bad000", 2, "refused")
    assert item.next_attempt_at == tomorrow + timedelta(minutes=2)  # 1, 2, 4 ... minutes


@pytest.mark.parametrize("limit", [0, 1])
def test_small_limits_are_kept(opened: Workspace, log: list[tuple[str, str]], limit: int) -> None:
    a, b = Channel("a", log), Channel("b", log)
    ws = workspace(opened, a, b)
    queue(ws, "a", "a", 3)
    queue(ws, "b", "b", 3)
    assert ws.deliver(NOW, limit=limit).delivered == limit == len(log)


def test_a_bad_limit_is_refused_before_anything_is_sent(
    opened: Workspace, log: list[tuple[str, str]]
) -> None:
    ws = workspace(opened, Channel("a", log))
    queue(ws, "a", "a", 1)
    with pytest.raises(ValueError, match="limit"):
        ws.deliver(NOW, limit=-1)
    assert log == [] and untouched(ws, "a")


class Counting:
    """A store that notes which of its methods were called (everything else passed through)."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.called: list[str] = []

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.store, name)
        if not callable(found):
            return found

        def noted(*args: Any, **kw: Any) -> Any:
            self.called.append(name)
            return found(*args, **kw)

        return noted


def test_a_quiet_outbox_costs_one_query_however_many_channels(
    opened: Workspace, log: list[tuple[str, str]]
) -> None:
    """A delivery loop runs every few seconds for every organization: when nothing is due it
    reads neither the people nor each channel's page."""
    channels = {name: Channel(name, log) for name in ("a", "b", "c", "webhook-out:1")}
    queue(opened, "a", "a", 1, at=NOW + timedelta(minutes=1))  # not due yet
    store: Any = Counting(opened.store)  # an EventStore by duck typing
    assert deliver(store, channels, NOW) == DeliveryReport(delivered=0, failed=0)
    assert store.called == ["pending"] and log == []
    assert deliver(store, channels, NOW + timedelta(minutes=1)).delivered == 1
    assert log == [("a", "a000")]
