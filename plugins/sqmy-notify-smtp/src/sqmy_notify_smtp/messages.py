"""This plugin's own messages (zh/en), added to sqmy_core's catalogue on import.

The codes (``smtp_*``) are registered with :func:`sqmy_core.kit.register_messages`
when this module is imported (the package imports it first), so a
:class:`sqmy_core.PluginError` built from a plain :class:`sqmy_core.Problem`
with one of them renders in Chinese or English like every other sqmy error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from sqmy_core.kit import register_messages

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

register_messages(MESSAGES)
