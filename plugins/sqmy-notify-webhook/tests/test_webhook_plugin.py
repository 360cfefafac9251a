"""The plugin through pluggy and its entry point."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
from sqmy_notify_webhook import WebhookNotifier

from sqmy_core import PluginError
from sqmy_core.plugins import get_plugin_manager
from sqmy_core.workspace.notifier import Notifier

WEBHOOKS = [
    {"name": "office", "format": "dingtalk", "url": "http://127.0.0.1:9/robot/send?access_token=t"},
    {"name": "audit", "format": "json", "url": "http://127.0.0.1:9/sqmy"},
]


def notifiers(
    settings: dict[str, object], plugin: object = "sqmy_notify_webhook.plugin"
) -> list[Notifier]:
    pm = get_plugin_manager([plugin], load_entry_points=False)
    results = pm.hook.sqmy_notifiers(settings=settings)
    return [n for result in results if result for n in result]


def test_no_webhooks_key_no_notifier() -> None:
    assert notifiers({}) == []
    assert notifiers({"smtp": {"host": "x"}}) == []


def test_one_notifier_per_table() -> None:
    found = notifiers({"webhooks": WEBHOOKS})
    assert [n.name for n in found] == ["webhook:office", "webhook:audit"]
    assert all(isinstance(n, WebhookNotifier) for n in found)


def test_wrong_tables_fail_when_the_channels_are_built() -> None:
    with pytest.raises(PluginError) as caught:
        notifiers({"webhooks": [WEBHOOKS[0], {**WEBHOOKS[1], "format": "slack"}]})
    assert [p.path for p in caught.value.problems] == ["webhooks[1].format"]


def test_registered_under_the_sqmy_entry_point_group() -> None:
    [entry] = [e for e in entry_points(group="sqmy") if e.name == "webhook"]
    assert entry.value == "sqmy_notify_webhook.plugin"
    # Load only this entry point: other installed sqmy plugins are not under test here.
    found = notifiers({"webhooks": WEBHOOKS[:1]}, plugin=entry.load())
    assert [n.name for n in found] == ["webhook:office"]
