"""The plugin refuses what the built-in stores refuse, and conflicts read the same.

The plugin uses the shared checks of ``sqmy_core.kit`` and adds only column
lengths; these tests hold the additions to the shared behaviour, without a server.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from sqmy_core import kit
from sqmy_core.kit import NewEvent, Notification
from sqmy_core.storage import checks as shared
from sqmy_sqlalchemy import _checks
from sqmy_sqlalchemy import outbox as _outbox

T0 = datetime(2024, 3, 1, 9, tzinfo=timezone(timedelta(hours=8)))


def _outcome(call: Any, *args: Any) -> object:
    try:
        return call(*args)
    except Exception as exc:
        return type(exc)


def test_the_shared_checks_are_used_not_copied() -> None:
    from sqmy_sqlalchemy import migrations, store

    for name in ("stale_append", "dump_json", "load_json", "utc_key", "check_kind", "type_filter"):
        assert getattr(store, name) is getattr(kit, name), name
    assert migrations.storage_error is kit.storage_error
    assert _outbox.dump_recipients is kit.dump_recipients


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
    assert _outcome(_checks.check_append_args, *args) == _outcome(shared.check_append_args, *args)


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
    theirs = _outcome(lambda: shared.check_notifications("smtp", [item]) and None)
    assert ours == theirs
