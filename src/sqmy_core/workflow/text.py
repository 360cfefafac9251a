"""Language-neutral message parts: lists of words and nested phrases.

A refusal is one :class:`~sqmy_core.errors.Problem` whose text is produced on
demand in Chinese or English.  Some of its parameters are lists of
vocabulary words (decisions, checks, actions) or whole phrases (what the
piece is now, who may act now) that must render in the same language as the
outer message.  ``str.format`` hands the part after the colon of
``{decisions:zh}`` to ``__format__``, so these two small immutable values
take the language from the template itself; :func:`sqmy_core.i18n.message`
needs no change and no "current language" global exists.

``str()`` of either gives the Chinese text, so a Problem's params still
serialise with ``json.dumps(..., default=str)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from attrs import field, frozen

from sqmy_core.i18n import DEFAULT_LANG, message, noun
from sqmy_core.model._convert import as_tuple

_SEPARATORS = {"zh": "、", "en": ", "}


@frozen
class Words:
    """Codes of one vocabulary (``decision``, ``check``, ``action``) or plain ids (``kind=""``).

    Each code renders as the noun ``wf_<kind>_<code>``; ids render as given.
    """

    kind: str
    codes: tuple[str, ...] = field(converter=as_tuple)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        sep = _SEPARATORS.get(lang, ", ")
        if not self.kind:
            return sep.join(self.codes)
        return sep.join(noun(f"wf_{self.kind}_{c}", lang) for c in self.codes)

    def __format__(self, spec: str) -> str:
        return self.render(spec or DEFAULT_LANG)

    def __str__(self) -> str:
        return self.render()


@frozen
class Text:
    """A message code with its params, rendered in the language the outer template names."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return message(self.code, lang, **dict(self.params))

    def __format__(self, spec: str) -> str:
        return self.render(spec or DEFAULT_LANG)

    def __str__(self) -> str:
        return self.render()


def text(code: str, **params: Any) -> Text:
    """``text("wf_now_review", role=..., decisions=Words(...))``."""
    return Text(code, tuple(sorted(params.items())))


def words(kind: str, codes: Iterable[str]) -> Words:
    return Words(kind, tuple(codes))
