"""The plugin through pluggy and its entry point."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
from sqmy_notify_webhook import WebhookNotifier

from sqmy_core import PluginError
from sqmy_core.plugins import get_plugin_manager
from sqmy_core.workspace.notifier import Notifier

OUTBOUND = {"allow": ["127.0.0.1"]}

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
    found = notifiers({"webhooks": WEBHOOKS, "outbound": OUTBOUND})
    assert [n.name for n in found] == ["webhook:office", "webhook:audit"]
    assert all(isinstance(n, WebhookNotifier) for n in found)


def test_wrong_tables_fail_when_the_channels_are_built() -> None:
    with pytest.raises(PluginError) as caught:
        notifiers(
            {"webhooks": [WEBHOOKS[0], {**WEBHOOKS[1], "format": "slack"}], "outbound": OUTBOUND}
        )
    assert [p.path for p in caught.value.problems] == ["webhooks[1].format"]


def test_every_target_must_be_on_the_allow_list() -> None:
    with pytest.raises(PluginError) as none:
        notifiers({"webhooks": WEBHOOKS})  # no [outbound]: nothing may be reached
    assert [p.path for p in none.value.problems] == ["webhooks[0].url", "webhooks[1].url"]
    assert "outbound" in none.value.render("en") and "access_token" not in none.value.render()
    metadata = [
        {"name": "m", "format": "json", "url": "http://169.254.169.254/latest/meta-data"},
        {"name": "g", "format": "json", "url": "http://metadata.google.internal/x"},
        {"name": "l", "format": "json", "url": "http://[fe80::1]/x"},
    ]
    wide = {"allow": ["*.internal", "*.google.internal", "0.0.0.0/0", "::/0"]}
    with pytest.raises(PluginError) as special:
        notifiers({"webhooks": metadata, "outbound": wide})
    assert len(special.value.problems) == 3  # no wildcard or catch-all reaches them
    listed = {"allow": ["169.254.169.254", "metadata.google.internal", "fe80::/10"]}
    assert len(notifiers({"webhooks": metadata, "outbound": listed})) == 3  # listed explicitly


def test_a_malformed_allow_list_names_its_entries() -> None:
    with pytest.raises(PluginError) as caught:
        notifiers({"webhooks": WEBHOOKS, "outbound": {"allow": ["ok.example", "bad host", 5]}})
    assert [p.path for p in caught.value.problems] == ["outbound.allow[1]", "outbound.allow[2]"]


def test_registered_under_the_sqmy_entry_point_group() -> None:
    [entry] = [e for e in entry_points(group="sqmy") if e.name == "webhook"]
    assert entry.value == "sqmy_notify_webhook.plugin"
    # Load only this entry point: other installed sqmy plugins are not under test here.
    found = notifiers({"webhooks": WEBHOOKS[:1], "outbound": OUTBOUND}, plugin=entry.load())
    assert [n.name for n in found] == ["webhook:office"]
