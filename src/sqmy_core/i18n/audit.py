"""Messages of the audit chain and ``sqmy audit`` (code -> zh/en templates).

A problem's path names the audit record (``audit[12]``) or the row no
record vouches for (``events['x1'@3]``, ``registry[person:a]``).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "audit_seq_gap": {
        "zh": "审计记录编号不连续：此处应为第 {expected} 条，实为第 {found} 条（有记录被删除、插入或改号）",
        "en": "audit records are not numbered without a gap: expected number {expected}, found "
        "{found} (a record was deleted, inserted or renumbered)",
    },
    "audit_prev_mismatch": {
        "zh": "与前一条审计记录的哈希链断开（前一条记录被改动、删除或调换了顺序）",
        "en": "the hash chain to the record before is broken (that record was edited, deleted "
        "or moved)",
    },
    "audit_hash_mismatch": {
        "zh": "审计记录（{action}）的内容与其哈希不符：记录被改动",
        "en": "the audit record ({action}) does not match its hash: it was edited",
    },
    "audit_truncated": {
        "zh": "检查点所记的这条审计记录已不存在（审计链现止于第 {last} 条）：审计链被截短",
        "en": "the record the checkpoint names is gone (the chain now ends at number {last}): "
        "the chain was cut short",
    },
    "audit_checkpoint_mismatch": {
        "zh": "这条审计记录的哈希与检查点不符：审计链被改写",
        "en": "this record's hash is not the checkpoint's: the chain was rewritten",
    },
    "audit_version_gap": {
        "zh": "事件版本不连续：此处应为版本 {expected}（有事件被删除或改号）",
        "en": "stream versions have a gap: expected version {expected} here (an event was "
        "deleted or renumbered)",
    },
    "audit_event_unrecorded": {
        "zh": "没有任何审计记录记载这个事件（事件被绕过程序插入或改号）",
        "en": "no audit record vouches for this event (it was inserted or renumbered behind "
        "the library's back)",
    },
    "audit_events_changed": {
        "zh": "该记录写入的事件流 {stream} 第 {first}–{last} 版（{expected} 个事件）与库中现存的"
        "（{found} 个）不符：事件被改动或删除",
        "en": "the events this record wrote to stream {stream}, versions {first}-{last} "
        "({expected}), are not as stored ({found} found): events were edited or deleted",
    },
    "audit_streams_changed": {
        "zh": "该记录导入的第 {first}–{last} 个事件流（{expected} 个事件）与库中现存的"
        "（{found} 个）不符：事件被改动或删除",
        "en": "the streams {first}-{last} this import started ({expected} events) are not as "
        "stored ({found} found): events were edited or deleted",
    },
    "audit_history_changed": {
        "zh": "该记录写入的登记历史第 {first}–{last} 条（{expected} 条）与库中现存的（{found} 条）"
        "不符：登记历史被改动或删除",
        "en": "the registry history entries {first}-{last} this record wrote ({expected}) are "
        "not as stored ({found} found): the history was edited or deleted",
    },
    "audit_history_gap": {
        "zh": "登记历史编号不连续：此处应为第 {expected} 条",
        "en": "registry history numbers have a gap: expected number {expected} here",
    },
    "audit_history_unrecorded": {
        "zh": "没有任何审计记录记载这条登记历史（被绕过程序插入）",
        "en": "no audit record vouches for this history entry (inserted behind the library's "
        "back)",
    },
    "audit_redaction_unrecorded": {
        "zh": "这条登记历史已被抹去（只留摘要），但其后没有任何删除或到期记录列出它（{record} 写入了它）："
        "被绕过程序改动",
        "en": "this history entry is redacted (only its digest kept), but no later erasure or "
        "expiry record lists it ({record} wrote it): edited behind the library's back",
    },
    "audit_record_unrecorded": {
        "zh": "登记表中的这条记录没有登记历史（被绕过程序插入）",
        "en": "this registry record has no history (inserted behind the library's back)",
    },
    "audit_record_changed": {
        "zh": "登记表中的这条记录与其最近一次登记（登记历史第 {number} 条）不符：被绕过程序改动",
        "en": "this registry record is not as its last registration (history entry {number}) "
        "left it: edited behind the library's back",
    },
    "audit_record_missing": {
        "zh": "登记历史第 {number} 条登记的这条记录已不在登记表中：被绕过程序删除",
        "en": "the record registered by history entry {number} is no longer in the registry: "
        "deleted behind the library's back",
    },
    "audit_ruleset_unrecorded": {
        "zh": "没有任何审计记录记载施行这个规则集版本",
        "en": "no audit record vouches for applying this ruleset version",
    },
    "audit_ruleset_changed": {
        "zh": "该记录施行的规则集第 {number} 版与库中现存的不符：被改动",
        "en": "ruleset version {number} applied by this record is not as stored: edited",
    },
    "audit_ruleset_missing": {
        "zh": "该记录施行的规则集第 {number} 版已不存在：被删除",
        "en": "ruleset version {number} applied by this record is gone: deleted",
    },
    # ---- sqmy audit (cli/audit_cmd.py) ------------------------------------
    "cli.audit_ok": {
        "zh": "审计链完好：组织 {organization}，{records} 条审计记录，{events} 个事件，"
        "{history} 条登记历史；最后一条为第 {seq} 条，哈希 {hash}",
        "en": "the audit chain holds: organization {organization}, {records} audit records, "
        "{events} events, {history} registry history entries; the last is number {seq}, "
        "hash {hash}",
    },
    "cli.audit_failed": {
        "zh": "审计校验未通过：组织 {organization}，发现 {problems} 处问题（见上）；"
        "共 {records} 条审计记录，{events} 个事件，{history} 条登记历史",
        "en": "audit verification failed: organization {organization}, {problems} problems "
        "(above); {records} audit records, {events} events, {history} registry history entries",
    },
    "cli.audit_checkpoint": {
        "zh": "已把组织 {organization} 审计链的检查点（第 {seq} 条）写入 {path}",
        "en": "wrote the checkpoint of organization {organization}'s audit chain (number "
        "{seq}) to {path}",
    },
    "audit_checkpoint_bad": {
        "zh": "不是可读的检查点文件（JSON）：{reason}",
        "en": "not a readable checkpoint file (JSON): {reason}",
    },
    "audit_checkpoint_format": {
        "zh": "检查点格式应为 {expected}，实为 {found}",
        "en": "the checkpoint format must be {expected}, found {found}",
    },
    "audit_checkpoint_field": {
        "zh": "检查点中此项无效：{found}",
        "en": "this checkpoint field is not valid: {found}",
    },
    "audit_checkpoint_other": {
        "zh": "检查点属于组织 {found}，而校验的是组织 {expected}",
        "en": "the checkpoint is organization {found}'s, the chain verified is {expected}'s",
    },
    "help.cmd.audit": {
        "zh": "审计链：校验（verify）、导出检查点（checkpoint）、查看最近的记录（show）。",
        "en": "The audit chain: verify it, export a checkpoint, show the latest records.",
    },
    "help.cmd.audit verify": {
        "zh": "校验审计链及其所记载的事件、登记历史和规则集版本（只读）。退出状态：0 完好；"
        "3 发现问题（逐条列出，指明审计记录或数据行）；2 输入被拒绝。",
        "en": "Verify the audit chain and the events, registry history and ruleset versions "
        "it vouches for (reads only). Exit status: 0 it holds; 3 problems found (each "
        "listed, naming the audit record or the row); 2 input refused.",
    },
    "help.cmd.audit checkpoint": {
        "zh": "导出审计链的检查点（组织、最后一条记录的编号和哈希，JSON），"
        "存放在数据库写入者无法改动的地方，日后用 verify --checkpoint 发现截短或改写。",
        "en": "Export a checkpoint of the audit chain (organization, last number and hash, as "
        "JSON) to keep where the database's writers cannot reach it; verify --checkpoint "
        "later catches a chain cut short or rewritten.",
    },
    "help.cmd.audit show": {
        "zh": "列出最近的审计记录：编号、库时间、调用方时间、操作人、操作、对象、结果、请求号。",
        "en": "List the latest audit records: number, store time, caller's time, actor, "
        "action, object, outcome, request id.",
    },
    "help.opt.audit verify.checkpoint_path": {
        "zh": "用 sqmy audit checkpoint 导出的检查点文件校验（发现截短）",
        "en": "a checkpoint file from sqmy audit checkpoint to verify against (catches "
        "truncation)",
    },
    "help.opt.audit checkpoint.output": {
        "zh": "写入的文件（默认：标准输出）",
        "en": "the file to write (default: standard output)",
    },
    "help.opt.audit show.last": {
        "zh": "列出最近多少条",
        "en": "how many of the latest records to list",
    },
    # ---- the audit lists of a sqmy-backup/2 (workspace/backup_audit.py) ----
    "backup_history_mismatch": {
        "zh": "登记表与登记历史不一致：有记录不是其最近一次登记的样子",
        "en": "the registry does not match its history: a record is not as its last entry left it",
    },
    "backup_audit_hash": {
        "zh": "恢复后这条审计记录的哈希与备份中的不符：备份被改动，未恢复任何内容",
        "en": "restored, this audit record's hash is not the backup's: the backup was edited; "
        "nothing was restored",
    },
}
