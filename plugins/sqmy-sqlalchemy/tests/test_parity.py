"""The plugin refuses what the built-in stores refuse, and conflicts read the same.

The plugin restates the built-ins' checks (it may not import their private
module); these tests compare the two directly, without a server.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from sqmy_core import _builtin
from sqmy_core.storage import NewEvent, Notification
from sqmy_sqlalchemy import _checks
from sqmy_sqlalchemy import outbox as _outbox

T0 = datetime(2024, 3, 1, 9, tzinfo=timezone(timedelta(hours=8)))


def _outcome(call: Any, *args: Any) -> object:
    try:
        return call(*args)
    except Exception as exc:
        return type(exc)


def test_conflict_message_is_the_builtins() -> None:
    ours = _checks.stale_append("org-a", "稿件-001", 2, 3)
    theirs = _builtin.stale_append("org-a", "稿件-001", 2, 3)
    assert type(ours) is type(theirs)
    for lang in ("zh", "en"):
        assert ours.render(lang) == theirs.render(lang)


@pytest.mark.parametrize(
    "value",
    [
        {"标题": "老旧小区", "n": [1, 2.5, None, True]},
        {"bad": float("nan")},
        {"bad": object()},
        {"bad": {1, 2}},
        ["not", "a", "mapping"],
        "text",
    ],
)
def test_json_is_refused_and_written_alike(value: Any) -> None:
    assert _outcome(_checks.dump_json, value, "data") == _outcome(_builtin.dump_json, value, "data")


@pytest.mark.parametrize(
    ("stream", "expected", "events"),
    [
        ("p1", 0, [NewEvent("submitted", T0)]),
        ("", 0, []),
        (None, 0, []),
        ("p1", -1, []),
        ("p1", True, []),
        ("p1", "1", []),
        ("p1", 0, [NewEvent("submitted", datetime(2024, 3, 1))]),
        ("p1", 0, ["not an event"]),
    ],
)
def test_append_arguments_are_refused_alike(stream: Any, expected: Any, events: Any) -> None:
    args = (stream, expected, events)
    assert _outcome(_checks.check_append_args, *args) == _outcome(_builtin.check_append_args, *args)


@pytest.mark.parametrize(
    "item",
    [
        Notification("k", "adopted", ("p1",), "主题", "正文", T0),
        Notification("", "adopted", (), "s", "b", T0),
        Notification("k", "adopted", (), "s", "b", datetime(2024, 3, 1)),
        Notification("k", "adopted", (1,), "s", "b", T0),  # a recipient that is not an id
        Notification("k", "adopted", (), "s", "b", T0, data={"x": float("nan")}),
        "not a notification",
    ],
)
def test_notifications_are_refused_alike(item: Any) -> None:
    ours = _outcome(lambda: _outbox.prepare("smtp", [item]) and None)
    theirs = _outcome(lambda: _builtin.check_notifications("smtp", [item]) and None)
    assert ours == theirs


def test_utc_keys_are_the_builtins() -> None:
    for moment in (T0, datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=UTC)):
        assert _checks.utc_key(moment) == _builtin.utc_key(moment)
