"""Messages in Chinese (default) and English.

Each area keeps its own catalog module (``common``, ``ruleset``, ``dataset``,
``cli`` ...) mapping a message code to its ``zh`` and ``en`` templates.  The
language is always passed in: there is no global "current language".

Parameters named ``what`` or ``expected`` (or ending in ``_noun``) are looked
up in :data:`NOUNS` first, so a message can say "应为数值" / "expected a number"
from the one code ``number``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

DEFAULT_LANG: Final = "zh"
LANGS: Final = ("zh", "en")

if TYPE_CHECKING:
    CATALOG: Mapping[str, Mapping[str, str]]
    """Every message code sqmy_core defines and its templates (``{"zh": ..., "en": ...}``)."""
    NOUNS: Mapping[str, Mapping[str, str]]
    """Every noun code and its words."""

_TABLES: list[tuple[Mapping[str, Mapping[str, str]], Mapping[str, Mapping[str, str]]]] = []
"""The catalogue and the nouns once merged (the first message asked for merges them)."""


def _tables() -> tuple[Mapping[str, Mapping[str, str]], Mapping[str, Mapping[str, str]]]:
    """The catalogue and the nouns, merged from the area modules on first use.

    A command that succeeds says nothing from the catalogue (``sqmy assess
    --format json`` writes a document, not a message), so its modules --
    some 600 messages in two languages -- are imported only when a message or a help text
    is first needed, not by every ``sqmy`` that starts.
    """
    if not _TABLES:
        from sqmy_core.i18n import (
            audit,
            cli,
            cli_help,
            cli_usage,
            common,
            compare,
            contacts,
            dataset,
            guards,
            imports,
            intake,
            office,
            reasons,
            report_formats,
            reports,
            rules_v2,
            ruleset,
            service,
            service_auth,
            service_endpoints,
            service_webhooks,
            similar,
            storage,
            versions,
            workflow,
            workspace,
        )

        catalog = {
            **common.MESSAGES,
            **ruleset.MESSAGES,
            **rules_v2.MESSAGES,
            **reports.MESSAGES,
            **report_formats.MESSAGES,
            **dataset.MESSAGES,
            **cli.MESSAGES,
            **cli_help.MESSAGES,
            **cli_usage.MESSAGES,
            **reasons.MESSAGES,
            **workflow.MESSAGES,
            **storage.MESSAGES,
            **workspace.MESSAGES,
            **versions.MESSAGES,
            **audit.MESSAGES,
            **contacts.MESSAGES,
            **imports.MESSAGES,
            **compare.MESSAGES,
            **similar.MESSAGES,
            **guards.MESSAGES,
            **office.MESSAGES,
            **intake.MESSAGES,
            **service.MESSAGES,
            **service_webhooks.MESSAGES,
            **service_auth.MESSAGES,
            **service_endpoints.MESSAGES,
        }
        nouns = {
            **common.NOUNS,
            **dataset.NOUNS,
            **ruleset.NOUNS,
            **rules_v2.NOUNS,
            **workflow.NOUNS,
            **workspace.NOUNS,
            **report_formats.NOUNS,
            **service.NOUNS,
            **service_auth.NOUNS,
            **service_endpoints.NOUNS,
        }
        _TABLES.append((catalog, nouns))
    return _TABLES[0]


def __getattr__(name: str) -> Any:
    """``CATALOG`` and ``NOUNS``, merged when first asked for (see :func:`_tables`)."""
    if name == "CATALOG":
        return _tables()[0]
    if name == "NOUNS":
        return _tables()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_PLUGIN_MESSAGES: dict[str, Mapping[str, str]] = {}
"""Codes plugins added with :func:`register_messages` (append-only; see there)."""


def register_messages(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add a plugin's own message codes to the catalogue, so its errors render like ours.

    ``messages`` maps a code to ``{"zh": template, "en": template}`` (both
    required; ``str.format`` fields).  A plugin calls this once when its
    module is imported.  The catalogue is process-wide by nature (an error is
    rendered wherever it is caught), so registration is append-only: the same
    templates again change nothing, and a code that sqmy_core or another
    plugin already defines is refused with :class:`ValueError` (a bug in the
    plugin, found the first time it is imported), so one code keeps one text
    and the order plugins load in never changes a message.
    """
    checked: dict[str, Mapping[str, str]] = {}
    for code, templates in messages.items():
        if not isinstance(code, str) or not code:
            raise ValueError(f"a message code must be a non-empty string, got {code!r}")
        if not isinstance(templates, Mapping) or set(templates) != set(LANGS):
            raise ValueError(f"message {code!r} must give exactly {list(LANGS)}, got {templates!r}")
        if not all(isinstance(t, str) for t in templates.values()):
            raise ValueError(f"message {code!r}: every template must be a string")
        known = _tables()[0].get(code) or _PLUGIN_MESSAGES.get(code)
        if known is not None and dict(known) != dict(templates):
            raise ValueError(f"message code {code!r} is already defined with other text")
        checked[code] = dict(templates)
    _PLUGIN_MESSAGES.update(checked)


def noun(code: str, lang: str) -> str:
    """The word for a noun code (``number`` -> 数值 / a number); unknown codes pass through."""
    entry = _tables()[1].get(code)
    return entry.get(lang, entry["en"]) if entry else code


def message(code: str, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """Render message ``code`` in ``lang``; an unknown code renders as the code and its params."""
    templates = _tables()[0].get(code) or _PLUGIN_MESSAGES.get(code)
    if templates is None:
        return f"{code} {params}" if params else code
    template = templates.get(lang, templates["en"])
    return template.format(**{k: _shown(k, v, lang) for k, v in params.items()})


def _shown(key: str, value: Any, lang: str) -> Any:
    """A parameter as the message shows it: nouns and library reasons in ``lang``.

    ``None`` (or its repr, from a value that was left out) reads as "未填写" /
    "missing", never as Python's ``None``.
    """
    if value is None or value == "None":
        return noun("value_missing", lang)
    if not isinstance(value, str):
        return value
    if key in ("what", "expected") or key.endswith("_noun"):
        return noun(value, lang)
    if key == "reason":
        from sqmy_core.i18n.reasons import reason_text

        return reason_text(value, lang)
    return value
