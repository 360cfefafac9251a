"""A service over a SQLite workspace with the district ruleset in force and its registry synced."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sqmy_core.service import create_app
from sqmy_core.testing.service_flow import prepare, register

RULESET = Path(__file__).resolve().parents[2] / "rulesets" / "district.toml"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "office.db"
    prepare(str(path), RULESET)
    return path


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db))) as c:
        register(c)
        yield c


@pytest.fixture
def webhook_settings(tmp_path: Path) -> dict[str, object]:
    """Settings with a ``[webhooks_out]`` key (a file) and 127.0.0.1 on the allow-list."""
    from sqmy_core.workspace.contacts import new_key_text

    key = tmp_path / "webhook.key"
    key.write_text(new_key_text(), encoding="ascii")
    return {"webhooks_out": {"key_file": str(key)}, "outbound": {"allow": ["127.0.0.1"]}}


@pytest.fixture
def webhook_client(db: Path, webhook_settings: dict[str, object]) -> Iterator[TestClient]:
    """The ``client`` of a service given ``webhook_settings``."""
    with TestClient(create_app(str(db), settings=webhook_settings)) as c:
        register(c)
        yield c
