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
    # -- limits (all versions) --
    "too_long": {
        "zh": "过长：{length} 个字符（最多 {limit} 个）",
        "en": "too long: {length} characters (at most {limit})",
    },
    "control_char": {
        "zh": "含控制字符 {char}（编号中不允许 U+0000–U+001F、U+007F）",
        "en": "contains the control character {char} (not allowed in ids: U+0000–U+001F, U+007F)",
    },
    "edge_space": {
        "zh": "首尾不能有空白字符",
        "en": "must not begin or end with white space",
    },
    "lone_surrogate": {
        "zh": "含无效的 Unicode 字符（孤立的代理项，如 \\ud800）",
        "en": "is not valid Unicode (a lone surrogate such as \\ud800)",
    },
    "lone_surrogate_key": {
        "zh": "键 '{key}' 含无效的 Unicode 字符（孤立的代理项）",
        "en": "key '{key}' is not valid Unicode (a lone surrogate)",
    },
    "dataset_time_out_of_range": {
        "zh": "时间 {found} 超出范围（应在 {low}-01-01 到 {high}-12-31 之间）",
        "en": "time {found} is out of range (expected 1900-01-01 to 2199-12-31)",
    },
    "too_deep": {
        "zh": "嵌套过深（本格式最多 {limit} 层）",
        "en": "nested too deep (this format has at most {limit} levels)",
    },
    # -- sqmy-dataset/1.1 --
    "not_declared": {
        "zh": "未定义的{what} {found}（规则中未定义任何{what}）",
        "en": "undeclared {what} {found} (the ruleset declares none)",
    },
    "unknown_attribute": {
        "zh": "未定义的属性 '{key}'（此类记录可用的属性：{allowed}）",
        "en": "undeclared attribute '{key}' (attributes allowed here: {allowed})",
    },
    "no_attributes": {
        "zh": "未定义的属性 '{key}'（规则中没有可用于此类记录的属性）",
        "en": "undeclared attribute '{key}' (the ruleset declares none for this record)",
    },
    "bad_number": {
        "zh": "数值 {found} 不可用（应为有限的十进制数，绝对值不超过 10 亿，最多 12 位小数）",
        "en": "unusable number {found} (expected a finite decimal, at most 10^9 in size"
        " and 12 decimals)",
    },
    "until_not_after_since": {
        "zh": "离任时间 {until} 应晚于任职时间 {since}",
        "en": "until {until} must be after since {since}",
    },
    "not_an_author": {
        "zh": "{found} 不是稿件 {piece} 的作者",
        "en": "{found} is not an author of piece {piece}",
    },
    "person_or_unit": {
        "zh": "应有 person 或 unit 之一",
        "en": "needs one of person and unit",
    },
    "person_and_unit": {
        "zh": "person 与 unit 只能有一个",
        "en": "only one of person and unit may be given",
    },
}

NOUNS: dict[str, dict[str, str]] = {
    # The JSON decoder's reasons (``bad_json``), by its English text; others pass through.
    "Expecting value": {"zh": "此处应为一个值", "en": "expecting a value"},
    "Expecting property name enclosed in double quotes": {
        "zh": "此处应为带双引号的键名",
        "en": "expecting a key in double quotes",
    },
    "Expecting ':' delimiter": {"zh": "此处应为冒号 ':'", "en": "expecting ':'"},
    "Expecting ',' delimiter": {"zh": "此处应为逗号 ','", "en": "expecting ','"},
    "Unterminated string starting at": {
        "zh": "字符串没有结束引号（从此处开始）",
        "en": "unterminated string starting here",
    },
    "Invalid control character at": {
        "zh": "字符串中有未转义的控制字符",
        "en": "unescaped control character in a string",
    },
    "Invalid \\escape": {"zh": "无效的转义序列", "en": "invalid escape"},
    "Invalid \\uXXXX escape": {"zh": "无效的 \\uXXXX 转义", "en": "invalid \\uXXXX escape"},
    "Extra data": {"zh": "JSON 值之后还有多余内容", "en": "extra data after the JSON value"},
    "json_constant": {
        "zh": "NaN、Infinity 不是 JSON 数值",
        "en": "NaN and Infinity are not JSON numbers",
    },
    "penalty_kind": {"zh": "处理类别", "en": "penalty kind"},
    "activity_kind": {"zh": "履职活动类别", "en": "activity kind"},
    "section": {"zh": "分项", "en": "section"},
    "number_or_decimal": {
        "zh": '数值或十进制数字符串（如 "-2.5"）',
        "en": 'a number or a decimal string (like "-2.5")',
    },
}
