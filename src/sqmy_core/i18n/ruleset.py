"""Messages of the ruleset area (code -> zh/en templates)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "not_assessed": {
        "zh": "{what} {found} 不在本规则集的考核范围内（或不存在）",
        "en": "{what} {found} is not assessed by this ruleset (or does not exist)",
    },
    "toml_syntax": {"zh": "TOML 语法错误：{reason}", "en": "TOML syntax error: {reason}"},
    "ruleset_format": {
        "zh": "format 应为 '{expected_format}'，实际为 {found}",
        "en": "format must be '{expected_format}', got {found}",
    },
    "extends_cycle": {
        "zh": "extends 形成循环：{found}",
        "en": "extends forms a cycle: {found}",
    },
    "extends_missing": {
        "zh": "extends 指向的规则集 {found} 无法读取（{reason}）",
        "en": "the ruleset named by extends, {found}, cannot be read ({reason})",
    },
    "exactly_one": {
        "zh": "'{first}' 与 '{second}' 必须且只能写一个",
        "en": "give exactly one of '{first}' and '{second}'",
    },
    "requires_for": {
        "zh": "{other} 为 {value} 时必须填写此项",
        "en": "required when {other} is {value}",
    },
    "requires_value": {
        "zh": "只有 {other} 为 '{value}' 时才能填写此项",
        "en": "only allowed when {other} is '{value}'",
    },
    "only_for": {
        "zh": "只有 {other} 为 '{value}' 时才能填写此项",
        "en": "only allowed when {other} is '{value}'",
    },
    "not_for_event": {
        "zh": "{key} 不适用于“{event}”事件",
        "en": "{key} does not apply to '{event}' events",
    },
    "bad_timezone": {
        "zh": "时区应写成 +08:00 这样的 UTC 偏移，实际为 {found}",
        "en": "expected a UTC offset such as +08:00, got {found}",
    },
    "bad_month_day": {
        "zh": "应为“月-日”（如 01-31），实际为 {found}",
        "en": "expected a month-day such as 01-31, got {found}",
    },
    "bad_date": {
        "zh": "应为日期（如 2024-10-01），实际为 {found}",
        "en": "expected a date such as 2024-10-01, got {found}",
    },
    "only_with": {
        "zh": "只有同时填写 {other} 时才能填写此项",
        "en": "only allowed together with {other}",
    },
    "requires_with": {
        "zh": "填写 {other} 时必须同时填写此项",
        "en": "required together with {other}",
    },
    "units_only": {
        "zh": "只能用于 {other}",
        "en": "only allowed in {other}",
    },
    "requires_decision": {
        "zh": "{other} 含有 '{value}' 时必须填写此项",
        "en": "required when {other} includes '{value}'",
    },
    "only_with_decision": {
        "zh": "只有 {other} 含有 '{value}' 时才能填写此项",
        "en": "only allowed when {other} includes '{value}'",
    },
    "not_person_quota": {
        "zh": "{found} 是单位的任务指标，这里只能引用个人任务指标",
        "en": "{found} is a unit quota; only a person quota can be named here",
    },
    "above_and_at_most": {
        "zh": "应大于 {low} 且不超过 {high}，实际为 {found}",
        "en": "expected more than {low} and at most {high}, got {found}",
    },
    "reviewers_only_on_stage": {
        "zh": '“reviewers”（审级审核人）只能用于 on = "stage_reached"',
        "en": "'reviewers' is only an audience for on = \"stage_reached\"",
    },
    "bad_template": {"zh": "模板写法有误：{reason}", "en": "malformed template: {reason}"},
    "unknown_placeholder": {
        "zh": "模板中的占位符 {found} 不存在（可用：{allowed}）",
        "en": "unknown placeholder {found} in the template (available: {allowed})",
    },
    "not_with_kind": {
        "zh": "填写了 {other} 时不能再写此项（分值由插件规则计算）",
        "en": "not allowed together with {other} (the plugin's rule kind computes the value)",
    },
    "unknown_kind": {
        "zh": "规则类型 {found} 未由任何已加载的插件提供（可用：{allowed}）；请在 plugins 中写明插件并确认已安装",
        "en": "no loaded plugin provides rule kind {found} (available: {allowed}); name the plugin "
        "in plugins and check it is installed",
    },
    "needs_plugins": {
        "zh": "此规则集需要插件 {found}；请用 sqmy_core.load_ruleset（或命令行）加载，它会加载插件",
        "en": "this ruleset needs the plugins {found}; load it with sqmy_core.load_ruleset "
        "(or the command line), which loads plugins",
    },
    "plugin_not_installed": {
        "zh": "插件 {found} 未安装（已安装的 sqmy 插件：{allowed}）",
        "en": "plugin {found} is not installed (installed sqmy plugins: {allowed})",
    },
    "duplicate_kind": {
        "zh": "两个插件提供了同名的规则类型 {found}",
        "en": "two plugins provide the rule kind {found}",
    },
    "tier_without_condition": {
        "zh": "等次至少要有 min_points、max_rank、top_percent 之一",
        "en": "a tier needs at least one of min_points, max_rank, top_percent",
    },
    "no_final_approval": {
        "zh": "最后一个审级“{stage}”没有“pass”决定，稿件永远不能审定通过",
        "en": "the last stage '{stage}' has no 'pass' decision: nothing can ever be approved",
    },
    "stage_blocks_next": {
        "zh": "审级“{stage}”没有“pass”决定，其后的审级永远到达不了",
        "en": "stage '{stage}' has no 'pass' decision: the stages after it can never be reached",
    },
}

NOUNS: dict[str, dict[str, str]] = {
    "ranking_key": {"zh": "排名依据", "en": "ranking key"},
    "notify_on": {"zh": "通知时机", "en": "notification trigger"},
    "audience": {"zh": "通知对象", "en": "audience"},
}
