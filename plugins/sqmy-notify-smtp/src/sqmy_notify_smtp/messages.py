"""This plugin's own messages (zh/en) and the problem type that renders them.

sqmy_core's message catalog belongs to sqmy_core, so the codes of this plugin
live here.  :class:`SmtpProblem` is a :class:`sqmy_core.Problem` whose
``render`` looks in :data:`MESSAGES` first, so a :class:`sqmy_core.PluginError`
built from it renders in Chinese or English like every other sqmy error,
wherever it is rendered (the whole error or one problem at a time).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from attrs import frozen

from sqmy_core.errors import Problem
from sqmy_core.i18n import DEFAULT_LANG

MESSAGES: Final[Mapping[str, Mapping[str, str]]] = {
    "smtp_not_table": {
        "zh": "应为表（TOML 的 [smtp] 表），实为 {found}",
        "en": "must be a table (the TOML [smtp] table), found {found}",
    },
    "smtp_missing": {
        "zh": "缺少必填项",
        "en": "is required",
    },
    "smtp_unknown_key": {
        "zh": "未知的设置项（可用的有：{known}）",
        "en": "unknown setting (known: {known})",
    },
    "smtp_expected_text": {
        "zh": "应为不含换行的非空字符串，实为 {found}",
        "en": "must be a non-empty string without line breaks, found {found}",
    },
    "smtp_expected_bool": {
        "zh": "应为 true 或 false，实为 {found}",
        "en": "must be true or false, found {found}",
    },
    "smtp_expected_port": {
        "zh": "应为 1 到 65535 之间的整数，实为 {found}",
        "en": "must be an integer from 1 to 65535, found {found}",
    },
    "smtp_expected_timeout": {
        "zh": "应为大于 0 的秒数，实为 {found}",
        "en": "must be a number of seconds greater than 0, found {found}",
    },
    "smtp_expected_email": {
        "zh": "不是有效的电子邮件地址：{found}",
        "en": "is not a valid email address: {found}",
    },
    "smtp_credentials_pair": {
        "zh": "username 与 password 须同时给出或同时省略",
        "en": "username and password must be given together or not at all",
    },
    "smtp_tls_exclusive": {
        "zh": "starttls 与 ssl 不能同时为 true（ssl 用于 465 端口，starttls 用于 587 端口）",
        "en": "starttls and ssl cannot both be true (ssl is for port 465, starttls for port 587)",
    },
}
"""Message code -> ``{"zh": template, "en": template}``; templates use ``str.format`` fields."""


def message(code: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    """Render one of this plugin's codes; an unknown code renders as the code and its params."""
    templates = MESSAGES.get(code)
    if templates is None:
        return f"{code} {params}" if params else code
    return templates.get(lang, templates["en"]).format(**params)


@frozen
class SmtpProblem(Problem):
    """A :class:`~sqmy_core.Problem` with one of this plugin's codes (``smtp_*``)."""

    def render(self, lang: str = DEFAULT_LANG) -> str:
        if self.code not in MESSAGES:
            return super().render(lang)
        text = message(self.code, lang, **self.params)
        return f"{self.path}: {text}" if self.path else text
