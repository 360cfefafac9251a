"""The SQLite store passes the conformance suite; plus what only SQLite has (pragmas, files, processes)."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from sqmy_core._builtin.sqlite_store import MIGRATIONS, SqliteStore, path_from_url
from sqmy_core.errors import ConcurrencyConflict, PluginError
from sqmy_core.plugins import get_plugin_manager, open_store
from sqmy_core.storage import RulesetVersion
from sqmy_core.storage.checks import text_sha256
from sqmy_core.testing.conformance import StoreConformance, StoreFactory, ev
from sqmy_core.testing.conformance_outbox import note


class TestSqliteStore(StoreConformance):
    """Opened through the plugin manager by ``sqlite:///`` URL, on one file per test."""

    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> StoreFactory:
        pm = get_plugin_manager(load_entry_points=False)
        url = f"sqlite:///{tmp_path / 'store.db'}"
        return lambda organization: open_store(url, organization, pm)


class TestSqliteStoreByPath(StoreConformance):
    """Opened directly by file path; fewer race rounds, the URL class already races."""

    race_rounds = 3

    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> StoreFactory:
        return lambda organization: SqliteStore(tmp_path / "数据" / "store.db", organization)

    @pytest.fixture(autouse=True)
    def _folder(self, tmp_path: Path) -> None:
        (tmp_path / "数据").mkdir()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "sqmy.db"


def test_pragmas_in_force(db: Path) -> None:
    with SqliteStore(db, "org") as store:
        pragmas = store.pragmas()
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["synchronous"] == 2  # FULL
    assert pragmas["foreign_keys"] == 1
    assert pragmas["busy_timeout"] > 0
    assert pragmas["secure_delete"] == 1  # an erased contact's bytes are zeroed, not freed


def test_schema_version_and_reopen_do_not_migrate_twice(db: Path) -> None:
    SqliteStore(db, "org").close()
    SqliteStore(db, "org").close()
    with sqlite3.connect(db) as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_version")]
    assert versions == list(range(1, len(MIGRATIONS) + 1)) == [1, 2, 3, 4, 5]


def _version_1_file(path: Path) -> None:
    """A file as release 1 left it: the version-1 schema, some data, and no outbox."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY)")
        for statement in MIGRATIONS[0]:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version (version) VALUES (1)")
        conn.execute(
            "INSERT INTO events (organization, stream, version, type, at, at_utc, actor, data)"
            " VALUES ('org', '稿件-001', 1, 'submitted', '2024-03-01T09:00:00+08:00',"
            " '2024-03-01T01:00:00.000000', 'p001', '{\"标题\":\"老旧小区改造\"}')"
        )
        conn.execute(
            "INSERT INTO idempotency (organization, key, stream, first_version, last_version)"
            " VALUES ('org', 'k', '稿件-001', 1, 1)"
        )
        conn.execute(
            "INSERT INTO registry (organization, kind, ident, record)"
            " VALUES ('org', 'unit', 'u1', '{\"name\":\"经济界\"}')"
        )
        conn.execute(
            "INSERT INTO rulesets (organization, text, source) VALUES ('org', 'year = 2024', 'r.toml')"
        )
    conn.close()


def test_version_1_file_is_migrated_in_place(db: Path) -> None:
    _version_1_file(db)
    with sqlite3.connect(db) as conn:
        before = {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in _V1_TABLES}
    conn.close()
    with SqliteStore(db, "org") as store:
        (event,) = store.read("稿件-001")
        assert (event.type, event.actor, event.data) == (
            "submitted",
            "p001",
            {"标题": "老旧小区改造"},
        )
        assert event.at == datetime(2024, 3, 1, 9, tzinfo=timezone(timedelta(hours=8)))
        assert store.append("稿件-001", 0, [ev()], idempotency_key="k").repeated
        assert store.get("unit", "u1") == {"name": "经济界"}
        (kept,) = store.ruleset_versions()  # kept before versions: governs from the beginning
        assert kept == RulesetVersion(
            1, "year = 2024", "r.toml", text_sha256("year = 2024"), None, None, None
        )
        assert store.outbox() == []
        with store.transaction():
            store.append("稿件-001", 1, [ev("approved")])
            assert store.enqueue("smtp", [note("采用:稿件-001", piece="稿件-001")]) == 1
    with sqlite3.connect(db) as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_version")]
        after = {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in _V1_TABLES}
        (subject, piece) = conn.execute("SELECT subject, piece FROM outbox").fetchone()
    conn.close()
    assert versions == [1, 2, 3, 4, 5]
    assert after["events"][:1] == before["events"] and len(after["events"]) == 2
    assert after["registry"] == before["registry"]
    (key,) = after["idempotency"]  # kept without a fingerprint (version 5): still a repeat
    assert key[:5] == before["idempotency"][0] and key[5:] == (None,)
    (row,) = after["rulesets"]  # the version-1 columns unchanged, the new ones after them
    assert row[:4] == before["rulesets"][0]
    assert row[4:] == (text_sha256("year = 2024"), None, None, None)
    assert (subject, piece) == ("稿件已采用", "稿件-001")
    with SqliteStore(db, "org") as again:  # reopening a migrated file changes nothing
        assert [i.notification.key for i in again.outbox()] == ["采用:稿件-001"]


_V1_TABLES = ("events", "idempotency", "registry", "rulesets")


def test_outbox_is_stored_as_readable_text(db: Path) -> None:
    created = datetime(2024, 3, 1, 9, tzinfo=timezone(timedelta(hours=8)))
    with SqliteStore(db, "org") as store:
        store.enqueue("smtp", [note(recipients=["张三"], data={"单位": "经济界"}, at=created)])
        (item,) = store.outbox()
        store.mark_failed(item.id, created, "连接失败", datetime(2024, 3, 1, 2, tzinfo=UTC))
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT organization, channel, key, recipients, data, created_at, created_at_utc,"
            " attempts, next_attempt_at, next_attempt_at_utc, delivered_at, last_error FROM outbox"
        ).fetchone()
    conn.close()
    assert row == (
        "org",
        "smtp",
        "k1",
        '["张三"]',
        '{"单位":"经济界"}',
        "2024-03-01T09:00:00+08:00",
        "2024-03-01T01:00:00.000000",
        1,
        "2024-03-01T02:00:00+00:00",
        "2024-03-01T02:00:00.000000",
        None,
        "连接失败",
    )


def test_newer_schema_is_refused(db: Path) -> None:
    SqliteStore(db, "org").close()
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_version (version) VALUES (99)")
    with pytest.raises(PluginError) as caught:
        SqliteStore(db, "org")
    assert "99" in caught.value.render("en") and "升级" in caught.value.render()


def test_unopenable_path_is_a_plugin_error(tmp_path: Path) -> None:
    with pytest.raises(PluginError) as caught:
        SqliteStore(tmp_path / "missing-dir" / "x.db", "org")
    assert "missing-dir" in caught.value.render("en")


def test_data_survives_reopen_through_a_new_manager(db: Path) -> None:
    with open_store(str(db), "org", get_plugin_manager(load_entry_points=False)) as store:  # type: ignore[attr-defined]
        store.append("p1", 0, [ev(标题="关于老旧小区改造的建议")])
    with open_store(f"sqlite:///{db}", "org", get_plugin_manager(load_entry_points=False)) as again:  # type: ignore[attr-defined]
        assert again.read("p1")[0].data == {"标题": "关于老旧小区改造的建议"}


def test_json_is_stored_as_readable_text(db: Path) -> None:
    with SqliteStore(db, "org") as store:
        store.append("p1", 0, [ev(部门="区住建局")])
        store.put("unit", "u1", {"name": "经济界"})
    with sqlite3.connect(db) as conn:
        (data,) = conn.execute("SELECT data FROM events").fetchone()
        (record,) = conn.execute("SELECT record FROM registry").fetchone()
    assert "区住建局" in data and "\\u" not in data and json.loads(data) == {"部门": "区住建局"}
    assert "经济界" in record


def test_times_are_kept_as_given_and_in_utc(db: Path) -> None:
    with SqliteStore(db, "org") as store:
        store.append("p1", 0, [ev()])  # 2024-03-01 09:00 +08:00
    with sqlite3.connect(db) as conn:
        at, at_utc = conn.execute("SELECT at, at_utc FROM events").fetchone()
    assert at == "2024-03-01T09:00:00+08:00"
    assert at_utc == "2024-03-01T01:00:00.000000"


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///data/x.db", "data/x.db"),
        ("sqlite:////srv/x.db", "/srv/x.db"),
        ("sqlite:///:memory:", ":memory:"),
        ("/srv/sqmy.db", "/srv/sqmy.db"),
        ("sqmy.db", "sqmy.db"),
        ("C:\\sqmy\\x.db", "C:\\sqmy\\x.db"),
        ("sqlite:///", None),
        ("sqlite+pysqlite:///x.db", None),
        ("postgresql+psycopg://u@h/db", None),
        ("mysql+pymysql://u@h/db", None),
        ("memory:", None),
        ("memory://x", None),
        ("", None),
    ],
)
def test_which_urls_are_sqlite(url: str, path: str | None) -> None:
    assert path_from_url(url) == path


def _race_in_process(path: str, rounds: int, barrier: Any, results: Any) -> None:
    """One of two processes: for each round, wait for the other, then append at version 1."""
    outcomes = []
    try:
        with SqliteStore(path, "org") as store:
            for round_ in range(rounds):
                barrier.wait(timeout=20)
                try:
                    store.append(f"race-{round_}", 1, [ev("approved")])
                    outcomes.append("won")
                except ConcurrencyConflict:
                    outcomes.append("conflict")
    except Exception as exc:  # sent back so the test shows it instead of waiting for nothing
        barrier.abort()
        outcomes.append(f"{type(exc).__name__}: {exc}")
    results.put(outcomes)


def test_two_processes_race_exactly_one_wins(db: Path) -> None:
    rounds = 5
    with SqliteStore(db, "org") as store:
        for round_ in range(rounds):
            store.append(f"race-{round_}", 0, [ev()])
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=_race_in_process, args=(str(db), rounds, barrier, results))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    for round_ in range(rounds):
        assert sorted(o[round_] for o in outcomes) == ["conflict", "won"], outcomes
    with SqliteStore(db, "org") as store:
        assert all(store.version(f"race-{r}") == 2 for r in range(rounds))
