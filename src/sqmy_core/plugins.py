"""Plugin loading: a fresh pluggy manager per caller, and opening a store by URL.

There is no global manager and nothing is loaded at import time: each
:class:`~sqmy_core.workspace.workspace.Workspace` (and each test) asks
:func:`get_plugin_manager` for its own, so two workspaces in one process can
run different plugins, and a test cannot leak a plugin into the next one.

Order of precedence (pluggy calls the most recently registered
implementation first, ``trylast`` ones after all others):

1. plugins passed explicitly in ``extra_plugins``;
2. plugins installed under the ``sqmy`` entry-point group;
3. the built-in plugins of :data:`DEFAULT_PLUGINS` (all ``trylast``).

Loading code is running code: entry points and module names come only from
the environment and configuration the operator trusts.

Importing this module is cheap: pluggy, the hookspecs, the stores and
``importlib.metadata`` are imported by the function that needs them, and
:data:`hookimpl` is made on first use.  A ruleset without ``plugins`` is
loaded without pluggy and without scanning the installed entry points.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from sqmy_core.errors import PluginError, Problem, RulesetError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    import pluggy

    from sqmy_core.rules.kinds import Extensions
    from sqmy_core.storage import EventStore

    hookimpl: pluggy.HookimplMarker
    """Marks a function of a plugin as the implementation of the ``sqmy_*`` hook of the same name."""

PROJECT_NAME: Final = "sqmy"
"""The pluggy project name and the entry-point group (:data:`sqmy_core.hookspecs.PROJECT_NAME`)."""


def __getattr__(name: str) -> Any:
    """``hookimpl``, made (and pluggy imported) when a plugin module first asks for it."""
    if name != "hookimpl":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import pluggy

    marker = pluggy.HookimplMarker(PROJECT_NAME)
    globals()["hookimpl"] = marker
    return marker


def entry_points(group: str) -> Sequence[EntryPoint]:
    """The installed entry points of ``group`` (``importlib.metadata`` imported only now)."""
    from importlib.metadata import entry_points as installed

    return tuple(installed(group=group))


DEFAULT_PLUGINS: Final[tuple[str, ...]] = (
    "sqmy_core._builtin.memory_store",
    "sqmy_core._builtin.sqlite_store",
    "sqmy_core._builtin.log_notifier",
)
"""Module names of the built-in plugins, registered (``trylast``) into every manager."""


def get_plugin_manager(
    extra_plugins: Iterable[object | str] = (),
    load_entry_points: bool = True,
) -> pluggy.PluginManager:
    """A new manager with the hookspecs, the given, installed and built-in plugins.

    ``extra_plugins`` holds plugin objects (modules, instances, classes) or
    module names to import.  With ``load_entry_points`` false, installed
    plugins are ignored -- tests use this to see only what they register.

    Raises :class:`PluginError` when a module cannot be imported, an entry
    point fails to load, pluggy refuses a plugin (a hook implementation with
    an argument the hook does not have), or a plugin implements a hook that
    does not exist (a misspelt ``sqmy_storag``): a misspelling silently
    ignored would leave the built-in behaviour in place without anyone
    noticing.
    """
    pm = _new_manager()
    if load_entry_points:
        for entry_point in entry_points(group=PROJECT_NAME):
            _register(pm, _load_entry_point(entry_point), entry_point.name)
    for plugin in extra_plugins:
        if isinstance(plugin, str):
            _register(pm, _import(plugin), plugin)
        else:
            _register(pm, plugin, None)
    for name in DEFAULT_PLUGINS:
        _register(pm, _import(name), name)
    _check_unknown_hooks(pm)
    return pm


def open_store(url: str, organization: str, pm: pluggy.PluginManager | None = None) -> EventStore:
    """Open the event store ``url`` names, for ``organization``, through the ``sqmy_storage`` hook.

    Without ``pm`` a fresh manager with all installed plugins is used.
    Raises :class:`PluginError` naming the URL and the forms understood when
    no plugin takes it, or when a plugin returns something that is not a
    store.
    """
    from sqmy_core.storage import EventStore

    manager = pm if pm is not None else get_plugin_manager()
    caller = manager.hook.sqmy_storage
    store = caller(url=url, organization=organization)
    if store is None:
        forms: list[str] = []
        for impl in reversed(caller.get_hookimpls()):  # pluggy's call order
            forms.extend(f for f in getattr(impl.plugin, "STORAGE_URL_FORMS", ()) if f not in forms)
        raise PluginError(
            [
                Problem(
                    "",
                    "storage_url_unknown",
                    {"url": repr(url), "forms": ", ".join(forms) or "-"},
                )
            ]
        )
    if not isinstance(store, EventStore):
        raise PluginError(
            [
                Problem(
                    "",
                    "storage_bad_result",
                    {
                        "plugin": repr(type(store).__module__),
                        "url": repr(url),
                        "found": repr(store),
                    },
                )
            ]
        )
    return store


def ruleset_extensions(
    names: tuple[str, ...], available: Mapping[str, object] | None = None
) -> Extensions:
    """Load the plugins a ruleset names (entry-point names in the ``sqmy`` group).

    Only these plugins contribute rule kinds, step kinds and validators to the ruleset.
    ``available`` maps names to plugin objects (tests, embedders); by default
    the installed entry points are looked up.  A name that is not installed,
    a misspelt hook in a named plugin, or two kinds (rule or step) with one name are errors
    at load time.
    """
    from importlib.metadata import EntryPoint

    from sqmy_core.rules.kinds import Extensions

    if available is None:
        available = {ep.name: ep for ep in entry_points(group=PROJECT_NAME)}
    missing = [
        Problem(
            f"plugins[{i}]",
            "plugin_not_installed",
            {"found": repr(name), "allowed": ", ".join(sorted(available)) or "—"},
        )
        for i, name in enumerate(names)
        if name not in available
    ]
    if missing:
        raise RulesetError(missing)
    pm = _new_manager()
    for name in names:
        plugin = available[name]
        _register(pm, _load_entry_point(plugin) if isinstance(plugin, EntryPoint) else plugin, name)
    _check_unknown_hooks(pm)
    kinds: dict[str, Any] = {}
    for group in pm.hook.sqmy_rule_kinds():
        for kind in group or ():
            if kind.name in kinds:
                raise RulesetError(
                    [Problem("plugins", "duplicate_kind", {"found": repr(kind.name)})]
                )
            kinds[kind.name] = kind
    steps: dict[str, Any] = {}
    for group in pm.hook.sqmy_step_kinds():
        for step in group or ():
            if step.name in steps or step.name in kinds:
                raise RulesetError(
                    [Problem("plugins", "duplicate_kind", {"found": repr(step.name)})]
                )
            steps[step.name] = step

    def validate(ruleset: Any) -> list[Problem]:
        return [p for group in pm.hook.sqmy_validate_ruleset(ruleset=ruleset) for p in group or ()]

    return Extensions(kinds=kinds, validators=(validate,), steps=steps)


def _new_manager() -> pluggy.PluginManager:
    """An empty manager that knows the ``sqmy_*`` hookspecs."""
    import pluggy

    from sqmy_core import hookspecs

    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    return pm


def _import(name: str) -> object:
    """Import a plugin module by name, turning any failure into a PluginError naming it."""
    try:
        return importlib.import_module(name)
    except Exception as exc:  # any error in the module's own code counts as "cannot import"
        raise _error("plugin_not_found", plugin=repr(name), reason=_reason(exc)) from exc


def _load_entry_point(entry_point: EntryPoint) -> object:
    """Load one entry point of the ``sqmy`` group; a failure names the entry point and its target."""
    try:
        return entry_point.load()
    except Exception as exc:
        raise _error(
            "plugin_load_failed",
            entry_point=repr(entry_point.name),
            target=entry_point.value,
            reason=_reason(exc),
        ) from exc


def _register(pm: pluggy.PluginManager, plugin: object, name: str | None) -> None:
    """Register once (a default also passed as an extra is not an error); pluggy refusals become PluginError."""
    import pluggy

    if pm.is_registered(plugin):
        return
    try:
        pm.register(plugin, name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        shown = name or pm.get_canonical_name(plugin)
        raise _error("plugin_invalid", plugin=repr(shown), reason=_reason(exc)) from exc


def _check_unknown_hooks(pm: pluggy.PluginManager) -> None:
    """Every implementation of a hook without a spec is an error, all of them reported at once.

    This is what ``pm.check_pending()`` checks, reported as a
    :class:`PluginError` with one problem per misspelt hook and the list of
    known hooks; ``check_pending()`` still runs afterwards as a safety net.
    """
    known = sorted(
        name
        for name in dir(pm.hook)
        if not name.startswith("_") and getattr(pm.hook, name).has_spec()
    )
    problems = [
        Problem(
            "",
            "plugin_unknown_hook",
            {"plugin": repr(impl.plugin_name), "hook": repr(name), "known": ", ".join(known)},
        )
        for name in sorted(dir(pm.hook))
        if not name.startswith("_") and not getattr(pm.hook, name).has_spec()
        for impl in getattr(pm.hook, name).get_hookimpls()
        if not impl.optionalhook
    ]
    if problems:
        raise PluginError(problems)
    import pluggy

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise _error("plugin_invalid", plugin=repr(exc.plugin), reason=_reason(exc)) from exc


def _error(code: str, **params: Any) -> PluginError:
    return PluginError([Problem("", code, params)])


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
