"""Messages of ruleset versions, backup and restore (code -> zh/en templates)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # ---- ruleset versions ---------------------------------------------------------
    "ruleset_other_organization": {
        "zh": "规则集属于组织 {found}，而工作库是组织 {expected} 的；未施行",
        "en": "the ruleset belongs to organization {found}, the workspace to {expected}; "
        "nothing was applied",
    },
    "cli.ruleset_applied": {
        "zh": "已施行规则集 {path}：第 {number} 版，自 {effective} 起适用（操作人 {actor}，"
        "SHA-256 {digest}），工作库 {db}",
        "en": "applied {path} as version {number}, in force from {effective} (by {actor}, "
        "SHA-256 {digest}) in {db}",
    },
    "cli.history_title": {
        "zh": "{db} 中组织 {organization} 的规则集版本（共 {count} 版；考核某年度用该年 12 月 31 日"
        "生效的版本）：",
        "en": "ruleset versions of {organization} in {db} ({count}; a year is assessed under "
        "the version in force on its 31 December):",
    },
    "cli.history_item": {
        "zh": "第 {number} 版  自 {effective} 起  {title}  施行于 {applied}  操作人 {actor}  "
        "来源 {source}  SHA-256 {digest}{marks}",
        "en": "v{number}  from {effective}  {title}  applied {applied}  by {actor}  "
        "source {source}  SHA-256 {digest}{marks}",
    },
    "cli.history_current": {"zh": "（当前）", "en": " (current)"},
    "cli.history_beginning": {"zh": "最初", "en": "the beginning"},
    "cli.import_ruleset_not_in_force": {
        "zh": "{path} 不是工作库 {db} 当前生效的规则集；导入不会施行规则集，未做任何改动。"
        "如要施行，请先运行 sqmy ruleset apply --db {db} {path}",
        "en": "{path} is not the ruleset in force in {db}; an import never puts a ruleset in "
        "force and nothing was changed. To apply it, run sqmy ruleset apply --db {db} {path}",
    },
    # ---- backup and restore ---------------------------------------------------------
    "cli.backed_up": {
        "zh": "已备份组织 {organization}（{db}）到 {path}：{versions} 个规则集版本，"
        "{records} 条登记记录，{events} 个事件，{notifications} 条通知",
        "en": "backed up {organization} ({db}) to {path}: {versions} ruleset versions, "
        "{records} registry records, {events} events, {notifications} notifications",
    },
    "cli.restored": {
        "zh": "已从 {path} 恢复组织 {organization} 到 {db}：{versions} 个规则集版本，"
        "{records} 条登记记录，{events} 个事件，{notifications} 条通知",
        "en": "restored {organization} from {path} into {db}: {versions} ruleset versions, "
        "{records} registry records, {events} events, {notifications} notifications",
    },
    "backup_target_not_empty": {
        "zh": "目标工作库中组织 {organization} 已有数据；恢复只能写入空库，未做任何改动",
        "en": "the target already holds data of {organization}; a restore needs an empty "
        "target, nothing was changed",
    },
    "backup_other_organization": {
        "zh": "组织为 {found}，应为 {expected}",
        "en": "organization is {found}, expected {expected}",
    },
    "backup_too_deep": {
        "zh": "JSON 嵌套层数过多，不是 sqmy-backup/1 备份",
        "en": "the JSON is nested too deep to be a sqmy-backup/1 backup",
    },
    "backup_digest": {
        "zh": "SHA-256 与规则集文本不符（文本被改动过？）",
        "en": "the SHA-256 does not match the ruleset text (was the text edited?)",
    },
    "backup_ruleset": {
        "zh": "规则集无法加载：{reason}",
        "en": "the ruleset does not load: {reason}",
    },
    "backup_record": {
        "zh": "线索记录不完整",
        "en": "a clue record is incomplete",
    },
    "backup_version_gap": {
        "zh": "事件版本号 {found} 不连续（每个稿件的事件应从 1 起依次编号）",
        "en": "event version {found} leaves a gap (each stream counts from 1 without gaps)",
    },
    "backup_key_range": {
        "zh": "幂等键 {key} 所指的事件不是事件列表中连续的一段",
        "en": "idempotency key {key} does not cover a run of the event list",
    },
    "backup_delivery": {
        "zh": "投递状态不一致（尝试次数 {attempts}、投递时间、错误与下次尝试时间不相符）",
        "en": "inconsistent delivery state (attempts {attempts}, delivered time, error and "
        "next attempt do not agree)",
    },
}
