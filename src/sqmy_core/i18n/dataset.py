"""Messages of the dataset area (code -> zh/en templates).

Values a user wrote (``found``, ``piece``) arrive already quoted, repr-style
(``'cppcc-town'``, ``5``, ``null``); vocabulary words (``type``) are quoted by
the template.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "bad_format": {
        "zh": "格式标识应为 {wanted}，实际为 {found}",
        "en": "format must be {wanted}, got {found}",
    },
    "missing_for_type": {
        "zh": "'{type}' 类事件缺少必填项",
        "en": "missing required key for events of type '{type}'",
    },
    "field_not_allowed": {
        "zh": "'{type}' 类事件不能有此项（此类事件可用的键：{allowed}）",
        "en": "not allowed on events of type '{type}' (keys allowed: {allowed})",
    },
    "duplicate_item": {
        "zh": "{found} 重复（第一次出现在 {first}）",
        "en": "{found} listed twice (first at {first})",
    },
    "before_submission": {
        "zh": "事件时间 {at} 早于稿件 {piece} 的提交时间 {submitted_at}",
        "en": "event time {at} is before piece {piece} was submitted ({submitted_at})",
    },
    "parent_cycle": {
        "zh": "上级单位构成循环：{cycle}",
        "en": "parent units form a cycle: {cycle}",
    },
    "duplicate_key": {
        "zh": "同一对象中键 '{key}' 出现了不止一次",
        "en": "key '{key}' appears more than once in the same object",
    },
    "too_many_problems": {
        "zh": "另有 {count} 个问题未列出（只列出前 {shown} 个）",
        "en": "{count} more problems not shown (only the first {shown} are listed)",
    },
}
