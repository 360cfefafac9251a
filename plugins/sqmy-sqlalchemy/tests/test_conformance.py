"""Both servers pass sqmy_core's storage conformance suite unchanged.

Stores are opened the way an integrator opens them: by URL, through a
plugin manager with this plugin registered.  Each test has its own schema
(PostgreSQL) or database (MariaDB); a second open in the same test reaches
the same one.
"""

from __future__ import annotations

import pytest

from sqmy_core.plugins import get_plugin_manager, open_store
from sqmy_core.testing.conformance import StoreConformance, StoreFactory


def _factory(url: str) -> StoreFactory:
    pm = get_plugin_manager(["sqmy_sqlalchemy.plugin"], load_entry_points=False)
    return lambda organization: open_store(url, organization, pm)


@pytest.mark.postgres
class TestPostgresqlStore(StoreConformance):
    @pytest.fixture
    def store_factory(self, postgres_url: str) -> StoreFactory:
        return _factory(postgres_url)


@pytest.mark.mysql
class TestMariaDbStore(StoreConformance):
    @pytest.fixture
    def store_factory(self, mysql_url: str) -> StoreFactory:
        return _factory(mysql_url)
