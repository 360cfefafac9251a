"""URL dispatch and opening errors: which URLs are this plugin's, and what a failed open says.

None of these needs a running server: refused connections go to port 1.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import EntryPoint, entry_points

import pytest

from sqmy_core._builtin.memory_store import MemoryStore
from sqmy_core._builtin.sqlite_store import SqliteStore
from sqmy_core.errors import PluginError
from sqmy_core.plugins import get_plugin_manager, open_store
from sqmy_sqlalchemy import plugin
from sqmy_sqlalchemy.store import SqlAlchemyStore


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h:5433/db", "postgresql+psycopg://u@h:5433/db"),
        ("PostgreSQL+Psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("mysql+pymysql://root@127.0.0.1/test", "mysql+pymysql://root@127.0.0.1/test"),
        ("mysql://root@h/test?charset=utf8mb4", "mysql+pymysql://root@h/test?charset=utf8mb4"),
        ("mariadb://root@h/test", "mariadb+pymysql://root@h/test"),
        ("mariadb+pymysql://root@h/test", "mariadb+pymysql://root@h/test"),
    ],
)
def test_urls_of_this_plugin(url: str, expected: str) -> None:
    assert plugin.driver_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "memory:",
        "memory://shared",
        "sqlite:///data/sqmy.db",
        "sqlite+pysqlite:///data/sqmy.db",
        "data/sqmy.db",
        "C:\\data\\sqmy.db",
        "",
        "postgresql+psycopg2://u@h/db",
        "postgresql+asyncpg://u@h/db",
        "mysql+mysqldb://u@h/db",
        "oracle://u@h/db",
        "postgresql:relative",
    ],
)
def test_other_urls_are_left_to_other_plugins(url: str) -> None:
    assert plugin.driver_url(url) is None
    assert plugin.sqmy_storage(url=url, organization="org") is None


def _entry_point() -> EntryPoint:
    (found,) = [ep for ep in entry_points(group="sqmy") if ep.name == "sqlalchemy"]
    return found


def test_declared_as_an_entry_point() -> None:
    assert _entry_point().value == "sqmy_sqlalchemy.plugin"
    assert _entry_point().load() is plugin


def test_installed_plugin_leaves_builtin_urls_alone() -> None:
    # only this distribution's entry point: other installed plugins are not under test here
    pm = get_plugin_manager([_entry_point().load()], load_entry_points=False)
    assert isinstance(open_store("memory:", "org", pm), MemoryStore)
    assert isinstance(open_store("sqlite:///:memory:", "org", pm), SqliteStore)


def test_unknown_url_error_lists_this_plugins_forms() -> None:
    pm = get_plugin_manager(["sqmy_sqlalchemy.plugin"], load_entry_points=False)
    with pytest.raises(PluginError) as caught:
        open_store("oracle://u@h/db", "org", pm)
    text = caught.value.render("en")
    assert all(form in text for form in plugin.STORAGE_URL_FORMS), text


def test_choosing_a_backend_imports_no_database_library() -> None:
    code = (
        "import sys\n"
        "from importlib.metadata import entry_points\n"
        "from sqmy_core.plugins import get_plugin_manager, open_store\n"
        "(ep,) = [e for e in entry_points(group='sqmy') if e.name == 'sqlalchemy']\n"
        "pm = get_plugin_manager([ep.load()], load_entry_points=False)\n"
        "open_store('memory:', 'org', pm)\n"
        "bad = [m for m in ('sqlalchemy', 'psycopg', 'pymysql') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://sqmy:s3cret@127.0.0.1:1/test?connect_timeout=2",
        "mysql+pymysql://sqmy:s3cret@127.0.0.1:1/test?connect_timeout=2",
    ],
)
def test_refused_connection_is_a_plugin_error_without_the_password(url: str) -> None:
    pm = get_plugin_manager(["sqmy_sqlalchemy.plugin"], load_entry_points=False)
    with pytest.raises(PluginError) as caught:
        open_store(url, "org", pm)
    problem = caught.value.problems[0]
    assert problem.code == "storage_open_failed"
    for lang in ("zh", "en"):
        text = caught.value.render(lang)
        assert "s3cret" not in text and "127.0.0.1:1" in text, text


def test_a_url_that_does_not_parse_hides_its_password() -> None:
    with pytest.raises(PluginError) as caught:
        SqlAlchemyStore("postgresql+psycopg://sqmy:s3cret@h:port/db", "org")
    assert "s3cret" not in caught.value.render("en")


def test_mysql_charset_must_be_utf8mb4() -> None:
    with pytest.raises(PluginError) as caught:
        SqlAlchemyStore("mysql+pymysql://root@127.0.0.1:1/test?charset=utf8", "org")
    assert "utf8mb4" in caught.value.render("en")


def test_organization_must_fit_its_column() -> None:
    with pytest.raises(ValueError, match="organization"):
        SqlAlchemyStore("postgresql+psycopg://u@127.0.0.1:1/db", "x" * 101)
    with pytest.raises(ValueError, match="organization"):
        SqlAlchemyStore("postgresql+psycopg://u@127.0.0.1:1/db", "")
