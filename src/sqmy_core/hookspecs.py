"""The hooks a sqmy plugin may implement, each documented parameter by parameter.

A plugin is any module or object whose functions are marked with
:data:`sqmy_core.hookimpl`; it is found through the ``sqmy`` entry-point
group or passed to :func:`sqmy_core.plugins.get_plugin_manager`.  The
built-in backends in :mod:`sqmy_core._builtin` are ordinary plugins of the
same kind, registered with ``trylast`` so that anything installed wins.

Two kinds of hook are (or will be) declared here:

* selection hooks (``firstresult=True``): the first implementation that
  returns something other than ``None`` decides, e.g. :func:`sqmy_storage`;
* fan-out hooks: every implementation is called and the results are
  collected, e.g. :func:`sqmy_notifiers`.  Delivery itself never goes
  through a fan-out call (pluggy stops at the first exception): each
  notifier is called on its own and its failures are isolated.

Call hooks with keyword arguments only (``pm.hook.sqmy_storage(url=...,
organization=...)``): pluggy matches arguments by name, and new optional
parameters can then be added without breaking older plugins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import pluggy

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from sqmy_core.errors import Problem
    from sqmy_core.rules.kinds import RuleKind, StepKind
    from sqmy_core.rules.spec import Ruleset
    from sqmy_core.storage import EventStore
    from sqmy_core.workspace.notifier import Notifier

PROJECT_NAME: Final = "sqmy"
"""The pluggy project name and the setuptools entry-point group."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


@hookspec(firstresult=True)
def sqmy_storage(url: str, organization: str) -> EventStore | None:
    """Open an event store for ``url`` if this plugin understands it, else return ``None``.

    Called by :func:`sqmy_core.plugins.open_store`.  Implementations are
    tried in order (installed plugins first, the built-in memory and SQLite
    stores last) and the first store returned is used, so a plugin must
    return ``None`` -- not raise -- for a URL of a form it does not handle,
    and raise :class:`~sqmy_core.errors.PluginError` only when the URL is of
    its form but cannot be opened (a missing directory, a refused login).

    :param url:
        Where the data lives, as the user wrote it in configuration: a URL
        such as ``memory:``, ``sqlite:///data/sqmy.db`` or
        ``postgresql+psycopg://user@host/db``, or a bare file path.  Decide
        by its scheme (the text before ``:``), never by probing the network
        or the disk, so that choosing a backend stays cheap and predictable.
    :param organization:
        The organization the store is opened for (e.g. ``"xx-district"``).
        Everything the returned store reads and writes is scoped to it, so
        one database can hold several organizations without them seeing
        each other's events, registry records or rulesets.
    :return:
        An object satisfying :class:`~sqmy_core.storage.EventStore` (and
        passing :mod:`sqmy_core.testing.conformance`), or ``None``.

    To appear in the error shown when no plugin takes a URL, a plugin may
    describe the forms it understands in a module (or object) attribute
    ``STORAGE_URL_FORMS: tuple[str, ...]``, e.g. ``("memory:",
    "memory://NAME")``.
    """
    raise NotImplementedError  # a specification: pluggy never calls this body


@hookspec
def sqmy_notifiers(settings: Mapping[str, Any]) -> list[Notifier] | None:
    """The notification channels this plugin provides under ``settings``.

    Called once when a :class:`~sqmy_core.workspace.workspace.Workspace` is opened;
    the lists of every implementation are joined.  Each returned
    :class:`~sqmy_core.workspace.notifier.Notifier` is one delivery channel with a
    unique ``name`` (``"smtp"``, ``"dingtalk:office-group"`` ...): a
    notification is queued once per channel in the transactional outbox and
    delivered, retried and deduplicated per channel, so one channel being
    down never holds back another.

    :param settings:
        The integrator's configuration for this workspace (a mapping read
        from a TOML settings file or given in code), e.g.
        ``{"smtp": {"host": "127.0.0.1", "port": 25, "sender": "...",
        "addresses": {"p001": "zhang@example.org"}}}``.  A plugin reads only
        its own table and returns ``None`` or ``[]`` when that table is
        absent.  Delivery addresses and robot URLs come only from here,
        never from piece content.
    :return:
        A list of notifiers (possibly empty), or ``None``.
    """
    raise NotImplementedError


@hookspec
def sqmy_rule_kinds() -> list[RuleKind] | None:
    """The named rule kinds this plugin adds to the rulesets that name it.

    Called when a ruleset whose ``plugins`` list names this plugin is
    loaded; only the plugins a ruleset names contribute kinds to it, so an
    installed plugin never changes another organization's rules.  A kind's
    ``name`` should be prefixed by the plugin (``xiaoshan.multi_adoption_bonus``);
    two plugins giving the same name is an error at load time.

    :return:
        :class:`~sqmy_core.rules.kinds.RuleKind` objects (possibly none).
    """
    raise NotImplementedError


@hookspec
def sqmy_step_kinds() -> list[StepKind] | None:
    """The named step kinds this plugin adds, for the ``[[steps]]`` of the rulesets that name it.

    Called, like :func:`sqmy_rule_kinds`, when a ruleset whose ``plugins``
    list names this plugin is loaded, and only for those plugins.  A step
    acts where a rule kind cannot: after an event's value, at one of the
    later stages of the assessment (``piece``, ``entity``, ``quota``,
    ``flag``, ``award``).  The ruleset's ``[[steps]]`` entry names the kind,
    its ``stage`` (which must be the kind's own) and its ``params``, which
    the kind's ``check`` sees at load time; a problem there names the key
    path ``steps[i].params.<key>``.  Names are prefixed by the plugin
    (``xiaoshan.liaison_bonus``); two plugins giving one name is an error at
    load time (``plugins``: ``duplicate_kind``), as is a name that is also a
    rule kind of the same ruleset.

    :return:
        :class:`~sqmy_core.rules.kinds.StepKind` objects (possibly none), or
        ``None``.  What ``apply`` returns depends on the stage (see
        :class:`~sqmy_core.rules.kinds.StepKind`).
    """
    raise NotImplementedError


@hookspec
def sqmy_validate_ruleset(ruleset: Ruleset) -> list[Problem] | None:
    """Organization-specific checks of a loaded ruleset, after the built-in ones.

    Called for the plugins a ruleset names, once the ruleset has passed the
    built-in checks.  Any problem returned makes loading fail with a
    :class:`~sqmy_core.errors.RulesetError` listing it, so a rule the
    organization's policy forbids ("约稿加分不得超过 2 分") is caught when the
    office edits the file, not at year end.

    :param ruleset:
        The structured, checked ruleset (its ``rule_kinds`` attached).
    :return:
        Problems with key paths (``scoring.rules[2].points``) and message
        codes; return ``None`` or ``[]`` when the ruleset is sound.  Codes a
        plugin defines render as the code and its parameters unless the
        plugin's messages are in the catalog, so prefer the shared codes of
        :mod:`sqmy_core.i18n` (``out_of_range``, ``unknown_value`` ...).
    """
    raise NotImplementedError
