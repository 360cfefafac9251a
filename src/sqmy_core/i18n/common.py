"""Messages and nouns shared by every area."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "wrong_type": {
        "zh": "应为{expected}，实际为 {found}",
        "en": "expected {expected}, got {found}",
    },
    "missing": {"zh": "缺少必填项", "en": "missing required key"},
    "unknown_key": {
        "zh": "未知的键 '{key}'（可用的键：{allowed}）",
        "en": "unknown key '{key}' (allowed keys: {allowed})",
    },
    "unknown_value": {
        "zh": "未知的{what} {found}（应为以下之一：{allowed}）",
        "en": "unknown {what} {found} (expected one of: {allowed})",
    },
    "unknown_ref": {
        "zh": "引用了不存在的{what} {found}",
        "en": "refers to a {what} that does not exist: {found}",
    },
    "duplicate_id": {
        "zh": "id {found} 重复（第一次出现在 {first}）",
        "en": "duplicate id {found} (first at {first})",
    },
    "empty": {"zh": "不能为空", "en": "must not be empty"},
    "not_positive": {
        "zh": "应为正数，实际为 {found}",
        "en": "expected a positive number, got {found}",
    },
    "negative": {"zh": "不能为负数，实际为 {found}", "en": "must not be negative, got {found}"},
    "out_of_range": {
        "zh": "应在 {low} 到 {high} 之间，实际为 {found}",
        "en": "expected a value from {low} to {high}, got {found}",
    },
    "bad_time": {
        "zh": "应为带时区的 ISO 8601 时间（如 2024-03-01T09:00:00+08:00），实际为 {found}",
        "en": "expected an ISO 8601 time with an offset (e.g. 2024-03-01T09:00:00+08:00), got {found}",
    },
    "time_without_offset": {
        "zh": "时间 {found} 缺少时区（如 +08:00）",
        "en": "time {found} has no offset (e.g. +08:00)",
    },
    "not_a_date": {
        "zh": "{found} 不是有效的日期（该月没有这一天）",
        "en": "{found} is not a valid date (the month has no such day)",
    },
    "not_a_regular_file": {
        "zh": "{found} 不是普通文件（目录、设备文件或管道不能读取）",
        "en": "{found} is not a regular file (a folder, device or pipe cannot be read)",
    },
    "settings_too_large": {
        "zh": "文件过大（最多 {limit} 字节）",
        "en": "the file is too large (at most {limit} bytes)",
    },
    "read_failed": {"zh": "无法读取文件：{reason}", "en": "cannot read the file: {reason}"},
    "bad_json": {"zh": "不是合法的 JSON：{reason_noun}", "en": "not valid JSON: {reason_noun}"},
    "bad_utf8": {"zh": "不是 UTF-8 编码的文本", "en": "not UTF-8 text"},
}

NOUNS: dict[str, dict[str, str]] = {
    "number": {"zh": "数值", "en": "a number"},
    "finite_number": {"zh": "有限的数值", "en": "a finite number"},
    "integer": {"zh": "整数", "en": "an integer"},
    "string": {"zh": "字符串", "en": "a string"},
    "boolean": {"zh": "布尔值（true/false）", "en": "a boolean (true/false)"},
    "list": {"zh": "列表", "en": "a list"},
    "table": {"zh": "表（键值对）", "en": "a table"},
    "object": {"zh": "对象", "en": "an object"},
    "time": {"zh": "时间", "en": "a time"},
    "string_or_null": {"zh": "字符串或 null", "en": "a string or null"},
    "body": {"zh": "采用机构", "en": "body"},
    "level": {"zh": "级别", "en": "level"},
    "rank": {"zh": "领导类别", "en": "rank"},
    "route": {"zh": "报送方式", "en": "route"},
    "outcome": {"zh": "办理结果", "en": "outcome"},
    "role": {"zh": "角色", "en": "role"},
    "unit_kind": {"zh": "单位类别", "en": "unit kind"},
    "call_kind": {"zh": "约稿类别", "en": "call kind"},
    "event_type": {"zh": "事件类型", "en": "event type"},
    "metric": {"zh": "统计口径", "en": "metric"},
    "decision": {"zh": "审核决定", "en": "decision"},
    "check": {"zh": "把关项", "en": "check"},
    "unit": {"zh": "单位", "en": "unit"},
    "person": {"zh": "人员", "en": "person"},
    "author": {"zh": "本稿作者", "en": "author of the piece"},
    "piece": {"zh": "稿件", "en": "piece"},
    "call": {"zh": "约稿/征集", "en": "call"},
    "stage": {"zh": "审级", "en": "stage"},
    "quota": {"zh": "任务指标", "en": "quota"},
    "format": {"zh": "格式标识", "en": "format"},
    "choice": {"zh": "取值", "en": "value"},
    "value_missing": {"zh": "未填写", "en": "missing"},
}
