"""Messages of the rule model v2's checks (code -> zh/en templates)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "number_out_of_range": {
        "zh": "数值超出合理范围（绝对值不超过 {high}，小数不超过 6 位），实际为 {found}",
        "en": "number out of range (magnitude at most {high}, at most 6 decimals), got {found}",
    },
    "int_out_of_range": {
        "zh": "应为 {low} 到 {high} 之间的整数，实际为 {found}",
        "en": "expected a whole number from {low} to {high}, got {found}",
    },
    "undeclared_attribute": {
        "zh": "属性 {found} 未在 [attributes] 中声明",
        "en": "attribute {found} is not declared in [attributes]",
    },
    "attribute_not_on": {
        "zh": "属性 {found} 未声明可用于 {record}",
        "en": "attribute {found} is not declared for {record} records",
    },
    "floor_above_cap": {
        "zh": "保底值 {found} 高于封顶值",
        "en": "the floor {found} is above the cap",
    },
    "not_after": {"zh": "应晚于 {other}", "en": "must be later than {other}"},
    "group_mismatch": {
        "zh": "同一 group 的规则 {key} 必须与 {first} 相同",
        "en": "rules of one group must have the same {key} as {first}",
    },
    "builtin_metric": {
        "zh": "{found} 是内置的统计口径，不能重新定义",
        "en": "{found} is a built-in metric and cannot be redefined",
    },
    "builtin_word": {
        "zh": "{found} 已在接口约定的词表中，无需声明",
        "en": "{found} is already in the contract's vocabulary; do not declare it",
    },
    "bad_attribute_name": {
        "zh": "属性名不能为空，也不能含“.”，实际为 {found}",
        "en": "an attribute name must be non-empty and contain no '.', got {found}",
    },
    "not_with_required": {
        "zh": "必填属性（required = true）不能再设默认值",
        "en": "a required attribute cannot have a default",
    },
    "bad_default": {
        "zh": "默认值 {found} 不符合属性类型 {type}",
        "en": "the default {found} does not fit the attribute's type {type}",
    },
    "needs_deadlines": {
        "zh": "按逾期报送扣分需要规则集写明 [deadlines]",
        "en": "penalties for late dispatch need the ruleset's [deadlines]",
    },
    "not_negative_points": {
        "zh": "未完成时的分值应为零或负数（扣分），实际为 {found}",
        "en": "points for a missed period must be zero or negative (a deduction), got {found}",
    },
    "step_stage": {
        "zh": "插件步骤类型只能用于阶段 {expected_stage}，实际写的是 {found}",
        "en": "this step kind acts at stage {expected_stage}, not {found}",
    },
    "step_bad_result": {
        "zh": "插件步骤类型 {kind} 返回了本阶段无法使用的结果 {found}（应为 {expected}）",
        "en": "step kind {kind} returned {found}, which its stage cannot use (expected {expected})",
    },
    "step_bad_event": {
        "zh": "插件步骤类型 {kind} 为稿件 {piece} 指定的事件序号 {found} 超出范围（0 到 {high}，-1 表示报送）",
        "en": "step kind {kind} anchored a change of piece {piece} at event {found}, out of range (0 to {high}, -1 for the submission)",
    },
    # -- sane bounds (rules/check_bounds.py, rules/load.py) --
    "too_many_items": {
        "zh": "条目过多：{found} 项（最多 {limit} 项）",
        "en": "too many items: {found} (at most {limit})",
    },
    "file_too_large": {
        "zh": "规则集过大（最多 {limit} 字节），实际为 {found}",
        "en": "the ruleset is too large (at most {limit} bytes), got {found}",
    },
    "toml_number_too_large": {
        "zh": "TOML 中有位数过多的整数（超过 4300 位），数值超出合理范围",
        "en": "the TOML holds an integer with too many digits (over 4,300): number too large",
    },
    "extends_not_file": {
        "zh": "extends 应指向一个普通文件，实际为 {found}（目录或设备文件不能作为规则集）",
        "en": "extends must name a regular file, got {found} (a folder or device is no ruleset)",
    },
    "extends_too_deep": {
        "zh": "extends 层级过多（最多 {limit} 层），实际为 {found} 层",
        "en": "too many levels of extends (at most {limit}), got {found}",
    },
    "template_format_spec": {
        "zh": "模板占位符不能带格式说明（“:”或“!”之后的部分），实际为 {found}；请直接写 {{{name}}}",
        "en": "a template placeholder takes no format spec or conversion (after ':' or '!'), "
        "got {found}; write {{{name}}}",
    },
    "flag_without_condition": {
        "zh": "标记至少要写 quota（任务指标）或 below_points（分数线）之一",
        "en": "a flag needs a quota or below_points",
    },
    "columnar_unsupported": {
        "zh": "列式计算不支持此规则集（{reasons}），请改用逐事件计算",
        "en": "the columnar path cannot compute this ruleset ({reasons}); use the reference path",
    },
    "columnar_unavailable": {
        "zh": "列式计算需要 polars（安装 sqmy-core[scale]）：{reason}",
        "en": "the columnar path needs polars (install sqmy-core[scale]): {reason}",
    },
    "columnar_too_large": {
        "zh": "列式计算的整数和可能溢出（公分母 {found}），请改用逐事件计算",
        "en": "the columnar path's integer sums could overflow (common denominator {found}); "
        "use the reference path",
    },
}

NOUNS: dict[str, dict[str, str]] = {
    "key_expression": {"zh": "取值依据", "en": "key expression"},
    "attribute_value": {"zh": "属性取值", "en": "attribute value"},
    "record_type": {"zh": "记录类型", "en": "record type"},
    "penalty_kind": {"zh": "处理类别", "en": "penalty kind"},
    "activity_kind": {"zh": "履职活动类别", "en": "activity kind"},
    "unit_points_of": {"zh": "成员分值口径", "en": "member value"},
    "flag_of": {"zh": "分数口径", "en": "points measure"},
    "section": {"zh": "分项", "en": "section"},
    "tally": {"zh": "台账", "en": "tally"},
    "rate": {"zh": "比率", "en": "rate"},
    "flag": {"zh": "标记", "en": "flag"},
    "key_or_keys": {"zh": "字符串或字符串列表", "en": "a string or a list of strings"},
    "date": {"zh": "日期（如 2025-07-01，不加引号）", "en": "a date such as 2025-07-01 (unquoted)"},
}
