"""A service over a SQLite workspace with the district ruleset in force and its registry synced.

``client`` is authenticated: it sends a credential holding every scope
(:func:`~sqmy_core.testing.service_flow.issue_credential`); ``token`` is that
credential's token, for a test that sends it itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sqmy_core.service import create_app
from sqmy_core.testing.service_flow import bearer, issue_credential, prepare, register

RULESET = Path(__file__).resolve().parents[2] / "rulesets" / "district.toml"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "office.db"
    prepare(str(path), RULESET)
    return path


@pytest.fixture
def token(db: Path) -> str:
    return issue_credential(str(db))


@pytest.fixture
def client(db: Path, token: str) -> Iterator[TestClient]:
    with TestClient(create_app(str(db)), headers=bearer(token)) as c:
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
def webhook_client(
    db: Path, token: str, webhook_settings: dict[str, object]
) -> Iterator[TestClient]:
    """The ``client`` of a service given ``webhook_settings``."""
    with TestClient(create_app(str(db), settings=webhook_settings), headers=bearer(token)) as c:
        register(c)
        yield c
