"""Plugin loading: fresh managers, URL routing, loud failures for misspelt or broken plugins."""

from __future__ import annotations

import inspect
import types
from pathlib import Path
from typing import Any

import pytest

import sqmy_core
from sqmy_core import hookspecs, plugins
from sqmy_core._builtin.memory_store import MemoryStore
from sqmy_core._builtin.sqlite_store import SqliteStore
from sqmy_core.errors import PluginError
from sqmy_core.plugins import DEFAULT_PLUGINS, get_plugin_manager, hookimpl, open_store


def _plugin(name: str, **functions: Any) -> types.ModuleType:
    """A throwaway plugin module holding the given (hookimpl-marked) functions."""
    module = types.ModuleType(name)
    for attr, function in functions.items():
        setattr(module, attr, function)
    return module


def _fresh() -> Any:
    return get_plugin_manager(load_entry_points=False)


def test_hookimpl_is_reexported() -> None:
    assert sqmy_core.hookimpl is hookimpl
    assert "hookimpl" in sqmy_core.__all__


def test_every_hook_is_documented_parameter_by_parameter() -> None:
    hooks = [f for name, f in vars(hookspecs).items() if name.startswith("sqmy_") and callable(f)]
    assert hooks, "no hooks found"
    for hook in hooks:
        doc = inspect.getdoc(hook) or ""
        for parameter in inspect.signature(hook).parameters:
            assert f":param {parameter}:" in doc, f"{hook.__name__}: {parameter} undocumented"


def test_fresh_managers_are_independent() -> None:
    first, second = _fresh(), _fresh()
    assert first is not second
    extra = _plugin("extra_plugin")
    first.register(extra)
    assert first.is_registered(extra) and not second.is_registered(extra)
    for pm in (first, second):
        assert all(pm.has_plugin(name) for name in DEFAULT_PLUGINS)


STORAGE_BUILTINS = ("sqmy_core._builtin.memory_store", "sqmy_core._builtin.sqlite_store")


def test_builtins_are_trylast_implementations() -> None:
    pm = _fresh()
    impls = pm.hook.sqmy_storage.get_hookimpls()
    assert sorted(i.plugin_name for i in impls) == sorted(STORAGE_BUILTINS)
    notifiers = pm.hook.sqmy_notifiers.get_hookimpls()
    assert [i.plugin_name for i in notifiers] == ["sqmy_core._builtin.log_notifier"]
    assert all(i.trylast for i in [*impls, *notifiers])
    assert set(DEFAULT_PLUGINS) == {*STORAGE_BUILTINS, "sqmy_core._builtin.log_notifier"}


def test_open_store_picks_backend_by_url(tmp_path: Path) -> None:
    pm = _fresh()
    assert isinstance(open_store("memory:", "org", pm), MemoryStore)
    for url in (str(tmp_path / "a.db"), f"sqlite:///{tmp_path / 'b.db'}"):
        store = open_store(url, "org", pm)
        assert isinstance(store, SqliteStore) and store.organization == "org"
        store.close()
    assert (tmp_path / "a.db").exists() and (tmp_path / "b.db").exists()


@pytest.mark.parametrize(
    "url", ["postgresql+psycopg://user@host/db", "ftp://example.org/x", "memory://"]
)
def test_unknown_url_is_a_clear_plugin_error(url: str) -> None:
    with pytest.raises(PluginError) as caught:
        open_store(url, "org", _fresh())
    for lang in ("zh", "en"):
        text = caught.value.render(lang)
        assert url in text and "memory:" in text and "sqlite:///PATH" in text
    assert "没有插件能打开存储地址" in caught.value.render("zh")


def test_open_store_without_manager_uses_a_fresh_one() -> None:
    assert isinstance(open_store("memory:", "org"), MemoryStore)


def test_misspelt_hook_is_refused_at_load() -> None:
    @hookimpl
    def sqmy_storag(url: str, organization: str) -> None:
        return None

    with pytest.raises(PluginError) as caught:
        get_plugin_manager(
            [_plugin("typo_plugin", sqmy_storag=sqmy_storag)], load_entry_points=False
        )
    text = caught.value.render("en")
    assert "sqmy_storag" in text and "typo_plugin" in text and "sqmy_storage" in text


def test_hook_with_a_wrong_argument_is_refused() -> None:
    @hookimpl
    def sqmy_storage(uri: str) -> None:
        return None

    with pytest.raises(PluginError) as caught:
        get_plugin_manager(
            [_plugin("bad_args", sqmy_storage=sqmy_storage)], load_entry_points=False
        )
    assert "bad_args" in caught.value.render("en")


def test_missing_plugin_module_is_named() -> None:
    with pytest.raises(PluginError) as caught:
        get_plugin_manager(["no_such_sqmy_plugin"], load_entry_points=False)
    assert "no_such_sqmy_plugin" in caught.value.render("zh")


def test_plugin_by_module_name_and_default_twice() -> None:
    pm = get_plugin_manager(["sqmy_core._builtin.memory_store"], load_entry_points=False)
    assert len(pm.hook.sqmy_storage.get_hookimpls()) == len(STORAGE_BUILTINS)


def test_plugin_registered_before_defaults_wins() -> None:
    taken = MemoryStore("org")

    @hookimpl
    def sqmy_storage(url: str, organization: str) -> MemoryStore | None:
        return taken if url == "memory:" else None

    pm = get_plugin_manager([_plugin("mine", sqmy_storage=sqmy_storage)], load_entry_points=False)
    assert open_store("memory:", "org", pm) is taken
    assert open_store("memory:", "org", pm) is not None
    assert isinstance(open_store("memory://other", "org", pm), MemoryStore)


def test_plugin_returning_a_non_store_is_refused() -> None:
    @hookimpl
    def sqmy_storage(url: str, organization: str) -> object:
        return "not a store"

    pm = get_plugin_manager([_plugin("liar", sqmy_storage=sqmy_storage)], load_entry_points=False)
    with pytest.raises(PluginError) as caught:
        open_store("memory:", "org", pm)
    assert "not a store" in caught.value.render("en")


class _EntryPoint:
    """Stands in for importlib.metadata.EntryPoint (name, value, load)."""

    def __init__(self, name: str, target: object) -> None:
        self.name, self.value, self._target = name, f"{name}_pkg:plugin", target

    def load(self) -> object:
        if isinstance(self._target, Exception):
            raise self._target
        return self._target


def test_entry_points_are_loaded_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = MemoryStore("org")

    @hookimpl
    def sqmy_storage(url: str, organization: str) -> MemoryStore | None:
        return taken if url == "custom:" else None

    installed = [_EntryPoint("custom", _plugin("custom_pkg", sqmy_storage=sqmy_storage))]
    monkeypatch.setattr(plugins, "entry_points", lambda group: installed if group == "sqmy" else [])
    assert open_store("custom:", "org", get_plugin_manager()) is taken
    with pytest.raises(PluginError):
        open_store("custom:", "org", get_plugin_manager(load_entry_points=False))


def test_broken_entry_point_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    installed = [_EntryPoint("broken", ImportError("no module named psycopg"))]
    monkeypatch.setattr(plugins, "entry_points", lambda group: installed)
    with pytest.raises(PluginError) as caught:
        get_plugin_manager()
    text = caught.value.render("en")
    assert "broken" in text and "broken_pkg:plugin" in text and "psycopg" in text


def test_nothing_loads_at_import_time() -> None:
    import pluggy

    from sqmy_core import hookspecs

    assert not any(isinstance(v, pluggy.PluginManager) for v in vars(plugins).values())
    assert plugins.PROJECT_NAME == hookspecs.PROJECT_NAME  # one name, said twice to import less
