"""Messages of the Workspace and of import/export (code -> zh/en templates)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "workspace_needs_ruleset": {
        "zh": "{url} 中还没有生效的规则集；请先施行一个：sqmy ruleset apply --db … 规则集.toml"
        "（嵌入时用 Workspace.apply_ruleset）",
        "en": "{url} has no ruleset in force yet; apply one first: sqmy ruleset apply --db ... "
        "RULESET.toml (embedded: Workspace.apply_ruleset)",
    },
    "unknown_actor": {
        "zh": "人员 {found} 未登记，不能执行操作",
        "en": "person {found} is not registered and cannot act",
    },
    "unknown_clue": {"zh": "线索 {found} 不存在", "en": "clue {found} does not exist"},
    "unknown_piece": {"zh": "稿件 {found} 不存在", "en": "piece {found} does not exist"},
    "duplicate_channel": {
        "zh": "通知渠道名称重复：{found}（每个渠道须有唯一名称）",
        "en": "duplicate notification channel names: {found}",
    },
    "piece_exists": {
        "zh": "稿件 {found} 已在库中，整个导入已撤销，库中数据未改变",
        "en": "piece {found} is already stored; the whole import was undone, nothing changed",
    },
    "record_exists": {
        "zh": "{what_noun} {found} 已登记，内容不同；库中数据未改变（同一 id 只能登记一次）",
        "en": "{what_noun} {found} is already recorded with other content; nothing changed "
        "(an id is recorded once)",
    },
}

NOUNS: dict[str, dict[str, str]] = {
    "clue_channel": {"zh": "线索来源", "en": "clue channel"},
    "adjustment": {"zh": "加减分记录", "en": "adjustment"},
    "activity": {"zh": "履职活动", "en": "activity"},
}
