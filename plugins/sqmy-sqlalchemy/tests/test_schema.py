"""What only a server database shows: the migration table, the columns as stored, MySQL's options.

Each test runs on both servers (``db_url``), in its own schema or database.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from sqmy_core.errors import PluginError
from sqmy_core.storage import NewEvent, Notification, RulesetVersion
from sqmy_core.storage.checks import text_sha256
from sqmy_sqlalchemy import migrations, schema
from sqmy_sqlalchemy.store import SqlAlchemyStore

BEIJING = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BEIJING)


def _open(db_url: str, opened: list[SqlAlchemyStore], org: str = "org-a") -> SqlAlchemyStore:
    store = SqlAlchemyStore(db_url, org)
    opened.append(store)
    return store


def _versions(store: SqlAlchemyStore) -> list[tuple[int, str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(schema.schema_version.c.version, schema.schema_version.c.applied_at).order_by(
                schema.schema_version.c.version
            )
        )
        return [(row.version, row.applied_at) for row in rows]


def test_a_new_database_gets_every_version_once(db_url: str, opened: list[SqlAlchemyStore]) -> None:
    store = _open(db_url, opened)
    assert store.schema_version == migrations.LATEST == len(migrations.MIGRATIONS) == 6
    first = _versions(store)
    assert [v for v, _ in first] == [1, 2, 3, 4, 5, 6]
    assert all(datetime.fromisoformat(at).utcoffset() == timedelta(0) for _, at in first)
    store.append("p1", 0, [NewEvent("submitted", T0)])
    again = _open(db_url, opened, "org-b")
    assert _versions(again) == first  # nothing re-run, nothing recreated
    assert _open(db_url, opened).read("p1")[0].type == "submitted"


def test_an_older_database_is_migrated_in_place(db_url: str, opened: list[SqlAlchemyStore]) -> None:
    engine = sa.create_engine(db_url)
    try:
        assert migrations.migrate(engine, db_url, steps=migrations.MIGRATIONS[:1]) == 1
        with engine.begin() as conn:
            assert migrations.current_version(conn) == 1
            assert not sa.inspect(conn).has_table("sqmy_outbox")
            conn.execute(
                sa.insert(schema.rulesets).values(organization="org-a", text="x", source="v1.toml")
            )
    finally:
        engine.dispose()
    store = _open(db_url, opened)
    assert [v for v, _ in _versions(store)] == [1, 2, 3, 4, 5, 6]
    # kept across the migrations, digest computed, governing from the beginning
    assert store.ruleset_versions() == [
        RulesetVersion(1, "x", "v1.toml", text_sha256("x"), None, None, None)
    ]
    note = Notification("k1", "adopted", ("p1",), "主题", "正文", T0)
    assert store.enqueue("smtp", [note]) == 1


def test_keys_kept_before_version_5_keep_working(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    """Schema 4 had no fingerprints: such a key is recalled without one (any repeat is a repeat),
    and the registry history gets its index by record."""
    engine = sa.create_engine(db_url)
    try:
        assert migrations.migrate(engine, db_url, steps=migrations.MIGRATIONS[:4]) == 4
        with engine.begin() as conn:
            assert "fingerprint" not in [
                c["name"] for c in sa.inspect(conn).get_columns("sqmy_idempotency")
            ]
            event = {"organization": "org-a", "stream": "p1", "version": 1, "type": "submitted"}
            event |= {"at": T0.isoformat(), "at_utc": "2024-03-01T01:00:00.000000", "data": "{}"}
            conn.execute(sa.insert(schema.events).values(**event))
            columns = ("organization", "key", "stream", "first_version", "last_version")
            version_4 = sa.table("sqmy_idempotency", *(sa.column(c) for c in columns))
            row = dict(zip(columns, ("org-a", "k-old", "p1", 1, 1), strict=True))
            conn.execute(sa.insert(version_4).values(row))
    finally:
        engine.dispose()
    store = _open(db_url, opened)
    assert [v for v, _ in _versions(store)] == [1, 2, 3, 4, 5, 6]
    recalled = store.recall("k-old")
    assert recalled is not None and recalled.fingerprint is None
    assert [e.version for e in recalled.events] == [1]
    again = store.append("p1", 0, [NewEvent("submitted", T0)], idempotency_key="k-old")
    assert again.repeated and store.version("p1") == 1
    with store.engine.connect() as conn:
        indexes = {i["name"] for i in sa.inspect(conn).get_indexes("sqmy_registry_history")}
    assert "sqmy_registry_history_by_record" in indexes


def test_a_newer_database_is_refused(db_url: str, opened: list[SqlAlchemyStore]) -> None:
    store = _open(db_url, opened)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(schema.schema_version).values(version=99, applied_at="later"))
    with pytest.raises(PluginError) as caught:
        SqlAlchemyStore(db_url, "org-a")
    assert caught.value.problems[0].code == "storage_schema_newer"
    assert "99" in caught.value.render("en")


def test_a_foreign_table_is_never_adopted(db_url: str) -> None:
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE sqmy_events (id INTEGER PRIMARY KEY)"))
        with pytest.raises(PluginError) as caught:
            SqlAlchemyStore(db_url, "org-a")
        assert caught.value.problems[0].code == "storage_open_failed"
        with engine.connect() as conn:
            columns = [c["name"] for c in sa.inspect(conn).get_columns("sqmy_events")]
            assert columns == ["id"]  # left as it was
    finally:
        engine.dispose()


def test_query_tables_match_the_migrated_database(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    store = _open(db_url, opened)
    with store.engine.connect() as conn:
        inspector = sa.inspect(conn)
        assert sorted(inspector.get_table_names()) == sorted(t.name for t in schema.TABLES)
        for table in schema.TABLES:
            found = [c["name"] for c in inspector.get_columns(table.name)]
            assert found == [c.name for c in table.columns], table.name
        unique = inspector.get_unique_constraints("sqmy_events")
        assert {"name": "sqmy_events_stream_version"}.items() <= unique[0].items()
        assert unique[0]["column_names"] == ["organization", "stream", "version"]


def test_chinese_is_stored_as_text_not_escapes(db_url: str, opened: list[SqlAlchemyStore]) -> None:
    store = _open(db_url, opened)
    data = {"标题": "关于加快老旧小区改造的建议", "备注": "“引号”、emoji 🙂"}
    store.append("稿件-001", 0, [NewEvent("采用", T0, "张三", data)])
    store.put("person", "张三", {"name": "张三"})
    store.add_ruleset_version(
        'name = "区政协"\n',
        "规则/区政协.toml",
        sha256=text_sha256('name = "区政协"\n'),
        actor="张三",
        applied_at=T0,
        effective_from=None,
    )
    note = Notification("采用反馈:稿件-001", "采用反馈", ("张三",), "稿件已采用", "正文🙂", T0)
    store.enqueue("企业微信", [note])
    with store.engine.connect() as conn:
        event = conn.execute(sa.select(schema.events)).one()
        record = conn.execute(sa.select(schema.registry.c.record)).scalar_one()
        ruleset = conn.execute(sa.select(schema.rulesets)).one()
        queued = conn.execute(sa.select(schema.outbox)).one()
    assert (event.stream, event.type, event.actor) == ("稿件-001", "采用", "张三")
    assert "关于加快老旧小区改造的建议" in event.data and "🙂" in event.data
    assert "\\u" not in event.data and "\\u" not in record and "\\u" not in queued.recipients
    assert record == '{"name":"张三"}'
    assert (ruleset.text, ruleset.source) == ('name = "区政协"\n', "规则/区政协.toml")
    assert (ruleset.actor, ruleset.applied_at) == ("张三", "2024-03-01T09:00:00+08:00")
    assert (queued.channel, queued.key, queued.recipients) == ("企业微信", note.key, '["张三"]')
    assert queued.body == "正文🙂"


def test_times_are_iso_text_with_offset_and_sortable_utc(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    store = _open(db_url, opened)
    store.append("p1", 0, [NewEvent("submitted", datetime(2024, 3, 1, 9, 0, 0, 5, tzinfo=BEIJING))])
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(schema.events.c.at, schema.events.c.at_utc)).one()
    assert tuple(row) == ("2024-03-01T09:00:00.000005+08:00", "2024-03-01T01:00:00.000005")


def test_ids_differ_by_case_and_by_trailing_spaces(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    store = _open(db_url, opened)
    for ident in ("u1", "U1", "u1 "):
        store.put("unit", ident, {"id": ident})
        store.append(ident, 0, [NewEvent("submitted", T0)], idempotency_key=ident)
    assert [r["id"] for r in store.list("unit")] == ["u1", "U1", "u1 "]
    assert store.get("unit", "U1") == {"id": "U1"}
    assert store.streams() == ["u1", "U1", "u1 "]
    assert [e.type for e in store.scan(types=["SUBMITTED"])] == []


def test_identifiers_longer_than_their_columns_are_refused_up_front(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    store = _open(db_url, opened)
    assert store.append("稿" * 200, 0, [NewEvent("submitted", T0)]).version == 1
    with pytest.raises(ValueError, match="stream"):
        store.append("稿" * 201, 0, [NewEvent("submitted", T0)])
    with pytest.raises(ValueError, match="type"):
        store.append("p1", 0, [NewEvent("t" * 101, T0)])
    with pytest.raises(ValueError, match="ident"):
        store.put("unit", "u" * 201, {})
    assert store.streams() == ["稿" * 200] and store.list("unit") == []


def test_large_data_fits(db_url: str, opened: list[SqlAlchemyStore]) -> None:
    store = _open(db_url, opened)
    body = "社情民意" * 50_000  # 200 000 characters, 600 000 bytes: more than MySQL TEXT holds
    store.append("p1", 0, [NewEvent("submitted", T0, data={"正文": body})])
    assert store.read("p1")[0].data == {"正文": body}


@pytest.mark.mysql
def test_mysql_tables_are_innodb_utf8mb4_binary(
    mysql_url: str, opened: list[SqlAlchemyStore]
) -> None:
    store = _open(mysql_url, opened)
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES"
                " WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME"
            )
        ).all()
        charsets = set(
            conn.scalars(
                sa.text(
                    "SELECT DISTINCT CHARACTER_SET_NAME FROM information_schema.COLUMNS"
                    " WHERE TABLE_SCHEMA = DATABASE() AND CHARACTER_SET_NAME IS NOT NULL"
                )
            )
        )
        connection_charset = conn.scalar(sa.text("SELECT @@character_set_connection"))
        isolation = conn.get_isolation_level()
    assert [r.TABLE_NAME for r in rows] == sorted(t.name for t in schema.TABLES)
    assert {(r.ENGINE, r.TABLE_COLLATION) for r in rows} == {("InnoDB", "utf8mb4_nopad_bin")}
    assert charsets == {"utf8mb4"} and connection_charset == "utf8mb4"
    assert isolation == "READ COMMITTED"


@pytest.mark.postgres
def test_postgresql_sessions(postgres_url: str, opened: list[SqlAlchemyStore]) -> None:
    store = _open(postgres_url, opened)
    with store.engine.connect() as conn:
        settings = [
            conn.scalar(sa.text(f"SHOW {name}"))
            for name in ("transaction_isolation", "lock_timeout", "client_encoding")
        ]
        assert conn.scalar(sa.text("SELECT current_schema()")).startswith("sqmy_test_")
    assert settings == ["read committed", "30s", "UTF8"]
