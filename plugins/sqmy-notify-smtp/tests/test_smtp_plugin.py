"""The plugin through pluggy and its entry point."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
from sqmy_notify_smtp import SmtpNotifier

from sqmy_core import PluginError
from sqmy_core.plugins import get_plugin_manager
from sqmy_core.workspace.notifier import Notifier

TABLE = {
    "host": "127.0.0.1",
    "port": 2525,
    "sender": "sqmy@example.org",
    "addresses": {"p001": "zhang@example.org"},
}


OUTBOUND = {"allow": ["127.0.0.1"]}


def notifiers(settings: dict[str, object]) -> list[Notifier]:
    pm = get_plugin_manager(["sqmy_notify_smtp.plugin"], load_entry_points=False)
    results = pm.hook.sqmy_notifiers(settings=settings)
    return [n for result in results if result for n in result]


def test_no_smtp_table_no_notifier() -> None:
    assert notifiers({}) == []
    assert notifiers({"webhooks": []}) == []


def test_one_smtp_notifier() -> None:
    [notifier] = notifiers({"smtp": TABLE, "outbound": OUTBOUND})
    assert isinstance(notifier, SmtpNotifier)
    assert notifier.name == "smtp"


def test_the_host_must_be_on_the_allow_list() -> None:
    with pytest.raises(PluginError) as none:
        notifiers({"smtp": TABLE})
    assert [p.path for p in none.value.problems] == ["smtp.host"]
    for host in ("169.254.169.254", "metadata.google.internal", "mail.internal"):
        with pytest.raises(PluginError):
            notifiers({"smtp": {**TABLE, "host": host}, "outbound": {"allow": ["0.0.0.0/0"]}})


def test_a_wrong_table_fails_when_the_channels_are_built() -> None:
    with pytest.raises(PluginError) as caught:
        notifiers({"smtp": {**TABLE, "port": "x"}, "outbound": OUTBOUND})
    assert [p.path for p in caught.value.problems] == ["smtp.port"]


def test_registered_under_the_sqmy_entry_point_group() -> None:
    [entry] = [e for e in entry_points(group="sqmy") if e.name == "smtp"]
    assert entry.value == "sqmy_notify_smtp.plugin"
    # Load only this entry point: other installed sqmy plugins are not under test here.
    pm = get_plugin_manager([entry.load()], load_entry_points=False)
    [[notifier]] = pm.hook.sqmy_notifiers(settings={"smtp": TABLE, "outbound": OUTBOUND})
    assert notifier.name == "smtp"
