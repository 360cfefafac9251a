"""This plugin's own messages (zh/en), added to sqmy_core's catalogue on import.

The codes (``webhook_*``) are registered with :func:`sqmy_core.kit.register_messages`
when this module is imported (the package imports it first), so a
:class:`sqmy_core.PluginError` built from a plain :class:`sqmy_core.Problem`
with one of them renders in Chinese or English like every other sqmy error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from sqmy_core.kit import register_messages

MESSAGES: Final[Mapping[str, Mapping[str, str]]] = {
    "webhook_not_list": {
        "zh": "应为表数组（TOML 的 [[webhooks]]），实为 {found}",
        "en": "must be an array of tables (TOML [[webhooks]]), found {found}",
    },
    "webhook_not_table": {
        "zh": "应为表，实为 {found}",
        "en": "must be a table, found {found}",
    },
    "webhook_missing": {
        "zh": "缺少必填项",
        "en": "is required",
    },
    "webhook_unknown_key": {
        "zh": "未知的设置项（可用的有：{known}）",
        "en": "unknown setting (known: {known})",
    },
    "webhook_expected_text": {
        "zh": "应为不含空白和控制字符的非空字符串，实为 {found}",
        "en": "must be a non-empty string without spaces or control characters, found {found}",
    },
    "webhook_expected_bool": {
        "zh": "应为 true 或 false，实为 {found}",
        "en": "must be true or false, found {found}",
    },
    "webhook_expected_timeout": {
        "zh": "应为大于 0 的秒数，实为 {found}",
        "en": "must be a number of seconds greater than 0, found {found}",
    },
    "webhook_bad_format": {
        "zh": "不支持的格式 {found}（可用的有：{known}）",
        "en": "unsupported format {found} (known: {known})",
    },
    "webhook_bad_url": {
        "zh": "应为 http:// 或 https:// 开头、带主机名的地址，实为 {found}",
        "en": "must be an http:// or https:// URL with a host, found {found}",
    },
    "webhook_duplicate_name": {
        "zh": "名称 {name} 已被 webhooks[{first}] 使用（渠道名须唯一）",
        "en": "name {name} is already used by webhooks[{first}] (channel names must be unique)",
    },
    "webhook_feishu_mobile": {
        "zh": '飞书机器人只能按 open_id 或 user_id @ 人，不能按手机号：{found}（数字组成的 user_id 请写成 "user:…"）',
        "en": 'a Feishu bot can @ people by open_id or user_id only, not by mobile: {found} (write a numeric user_id as "user:...")',
    },
    "webhook_not_for_format": {
        "zh": "格式 {format} 不支持此项（支持它的格式：{formats}）",
        "en": "not supported by format {format} (supported by: {formats})",
    },
}
"""Message code -> ``{"zh": template, "en": template}``; templates use ``str.format`` fields."""

register_messages(MESSAGES)
