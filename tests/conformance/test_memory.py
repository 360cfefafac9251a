"""The in-memory store passes the conformance suite, both named (shared) and private."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from sqmy_core._builtin.memory_store import MemoryStore, forget
from sqmy_core.plugins import get_plugin_manager, open_store
from sqmy_core.testing.conformance import StoreConformance, StoreFactory


class TestNamedMemoryStore(StoreConformance):
    """``memory://NAME``: a second open in the same test reaches the same data."""

    @pytest.fixture
    def store_factory(self) -> Iterator[StoreFactory]:
        name = f"conformance-{uuid.uuid4().hex}"
        pm = get_plugin_manager(load_entry_points=False)
        yield lambda organization: open_store(f"memory://{name}", organization, pm)
        forget(name)


class TestPrivateMemoryStore(StoreConformance):
    """``memory:``: every open is a new, private store, so sharing tests are skipped."""

    shares_between_opens = False

    @pytest.fixture
    def store_factory(self) -> StoreFactory:
        pm = get_plugin_manager(load_entry_points=False)
        return lambda organization: open_store("memory:", organization, pm)


def test_urls_choose_private_or_named() -> None:
    pm = get_plugin_manager(load_entry_points=False)
    private = [open_store("memory:", "org", pm) for _ in range(2)]
    assert all(isinstance(s, MemoryStore) for s in private)
    private[0].append("p1", 0, [])
    named = [open_store("memory://shared-test", "org", pm) for _ in range(2)]
    try:
        from sqmy_core.testing.conformance import ev

        named[0].append("p1", 0, [ev()])
        private[0].append("p1", 0, [ev()])
        assert named[1].version("p1") == 1
        assert private[1].version("p1") == 0
    finally:
        forget("shared-test")
    assert open_store("memory://shared-test", "org", pm).version("p1") == 0
