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
from typing import Any, Final

from sqmy_core.i18n import cli, common, dataset, ruleset, storage, workflow, workspace

DEFAULT_LANG: Final = "zh"
LANGS: Final = ("zh", "en")

CATALOG: Final[Mapping[str, Mapping[str, str]]] = {
    **common.MESSAGES,
    **ruleset.MESSAGES,
    **dataset.MESSAGES,
    **cli.MESSAGES,
    **workflow.MESSAGES,
    **storage.MESSAGES,
    **workspace.MESSAGES,
}
NOUNS: Final[Mapping[str, Mapping[str, str]]] = {
    **common.NOUNS,
    **dataset.NOUNS,
    **ruleset.NOUNS,
    **workflow.NOUNS,
    **workspace.NOUNS,
}


def noun(code: str, lang: str) -> str:
    """The word for a noun code (``number`` -> 数值 / a number); unknown codes pass through."""
    entry = NOUNS.get(code)
    return entry.get(lang, entry["en"]) if entry else code


def message(code: str, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """Render message ``code`` in ``lang``; an unknown code renders as the code and its params."""
    templates = CATALOG.get(code)
    if templates is None:
        return f"{code} {params}" if params else code
    template = templates.get(lang, templates["en"])
    shown = {
        k: noun(v, lang)
        if isinstance(v, str) and (k in ("what", "expected") or k.endswith("_noun"))
        else v
        for k, v in params.items()
    }
    return template.format(**shown)
