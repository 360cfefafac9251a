"""Words of the command line and its reports (code -> zh/en templates)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "cli.explain_sections": {"zh": "分项：{sections}", "en": "Sections: {sections}"},
    "cli.explain_amounts": {
        "zh": "另计（不计入积分）：{amounts}",
        "en": "Kept apart from points: {amounts}",
    },
    "cli.explain_grade": {"zh": "等次：{grade}", "en": "Grade: {grade}"},
    "cli.demo_out_or_db": {
        "zh": "--out 与 --db 须且只能给出其一",
        "en": "give exactly one of --out and --db",
    },
    "cli.demo_ruleset_needs_db": {
        "zh": "--ruleset 只能与 --db 一起使用",
        "en": "--ruleset is only allowed together with --db",
    },
    "cli.demo_bad_request": {"zh": "示例参数有误：{reason}", "en": "bad demo arguments: {reason}"},
    "cli.error": {"zh": "错误", "en": "error"},
    "cli.assessment_title": {
        "zh": "{title} · {year} 年度考核结果",
        "en": "{title} · assessment {year}",
    },
    "cli.people": {"zh": "个人", "en": "People"},
    "cli.units": {"zh": "单位", "en": "Units"},
    "cli.units_of_kind": {"zh": "单位（{kind}）", "en": "Units ({kind})"},
    "cli.col.rank": {"zh": "名次", "en": "Rank"},
    "cli.col.id": {"zh": "编号", "en": "ID"},
    "cli.col.name": {"zh": "名称", "en": "Name"},
    "cli.col.points": {"zh": "积分", "en": "Points"},
    "cli.col.adopted": {"zh": "采用篇数", "en": "Adopted"},
    "cli.col.quotas": {"zh": "任务指标", "en": "Quotas"},
    "cli.col.flags": {"zh": "标记", "en": "Flags"},
    "cli.col.award": {"zh": "评先", "en": "Award"},
    "cli.col.date": {"zh": "日期", "en": "Date"},
    "cli.col.piece": {"zh": "稿件", "en": "Piece"},
    "cli.col.event": {"zh": "事件", "en": "Event"},
    "cli.col.rule": {"zh": "计分项", "en": "Rule"},
    "cli.col.clause": {"zh": "条款", "en": "Clause"},
    "cli.col.piece_points": {"zh": "该篇分值变化", "en": "Piece change"},
    "cli.col.share": {"zh": "份额", "en": "Share"},
    "cli.col.quota": {"zh": "指标", "en": "Quota"},
    "cli.col.count": {"zh": "完成", "en": "Done"},
    "cli.col.min": {"zh": "要求", "en": "Required"},
    "cli.met": {"zh": "完成", "en": "met"},
    "cli.not_met": {"zh": "未完成", "en": "not met"},
    "cli.no_quota": {"zh": "无指标", "en": "none"},
    "cli.overdue": {"zh": "逾期报送的信息", "en": "Dispatched late"},
    "cli.none": {"zh": "无", "en": "none"},
    "cli.stats": {
        "zh": "全年：提交 {submitted} 篇，审定通过 {approved} 篇，采用 {adopted} 篇，"
        "批示 {instructed} 篇，落实反馈 {implemented} 篇；采用率 {adoption_rate}，批示率 {instruction_rate}",
        "en": "Year: submitted {submitted}, approved {approved}, adopted {adopted}, "
        "instructed {instructed}, implemented {implemented}; adoption rate {adoption_rate}, "
        "instruction rate {instruction_rate}",
    },
    "cli.explain_title": {
        "zh": "{name}（{id}）{year} 年度积分明细",
        "en": "Points of {name} ({id}) in {year}",
    },
    "cli.explain_total": {
        "zh": "合计 {points} 分（基础分 {base}）；名次 {rank}；采用 {adopted} 篇；评先：{award}",
        "en": "Total {points} (base {base}); rank {rank}; adopted pieces {adopted}; award: {award}",
    },
    "cli.explain_flags": {"zh": "标记：{flags}", "en": "Flags: {flags}"},
    "cli.step_quota": {
        "zh": "插件步骤「{step}」：任务指标 {quota} 改判为{verdict}",
        "en": "plugin step {step}: quota {quota} judged {verdict}",
    },
    "cli.step_flag": {
        "zh": "插件步骤「{step}」：加上标记 {flag}",
        "en": "plugin step {step}: flag {flag} added",
    },
    "cli.step_award": {
        "zh": "插件步骤「{step}」：评先由 {before} 改为 {after}",
        "en": "plugin step {step}: award changed from {before} to {after}",
    },
    "cli.ruleset_ok": {
        "zh": "规则集 {path} 检查通过：{title}（组织 {organization}），计分规则 {rules} 条，"
        "任务指标 {quotas} 项，评先 {awards} 项，审级 {stages} 级。",
        "en": "ruleset {path} is sound: {title} (organization {organization}), {rules} points "
        "rules, {quotas} quotas, {awards} awards, {stages} review stages.",
    },
    "cli.dataset_ok": {
        "zh": "数据集 {path} 检查通过：单位 {units} 个，人员 {people} 人，约稿/征集 {calls} 项，"
        "稿件 {pieces} 篇，事件 {events} 条。",
        "en": "dataset {path} is sound: {units} units, {people} people, {calls} calls, "
        "{pieces} pieces, {events} events.",
    },
    "cli.init_written": {
        "zh": "已写入规则集模板 {path}（模板：{template}）。修改后用 sqmy ruleset check 检查。",
        "en": "wrote ruleset template {path} (template: {template}); check it with "
        "sqmy ruleset check after editing.",
    },
    "cli.init_exists": {
        "zh": "文件 {path} 已存在；如需覆盖请加 --force",
        "en": "file {path} exists; add --force to overwrite it",
    },
    "cli.need_source": {
        "zh": "请用 --data 指定数据集文件，或用 --db 指定工作库（只能选一个）",
        "en": "name exactly one of --data (a dataset file) or --db (a workspace)",
    },
    "cli.need_ruleset": {
        "zh": "使用 --data 时必须用 --ruleset 指定规则集",
        "en": "--data needs --ruleset",
    },
    "cli.db_missing": {
        "zh": "工作库 {found} 不存在（未创建任何文件）；新建工作库请先运行 "
        "sqmy ruleset apply --db {found} 规则集.toml，或用 sqmy restore 从备份恢复",
        "en": "workspace {found} does not exist (no file was created); start one with "
        "sqmy ruleset apply --db {found} RULESET.toml, or sqmy restore from a backup",
    },
    "cli.need_org": {
        "zh": "无法确定 {url} 中的组织（库中的组织：{found}）；请用 --org 或 --ruleset 指定",
        "en": "cannot tell which organization of {url} to use (found: {found}); "
        "name it with --org or --ruleset",
    },
    "cli.imported": {
        "zh": "已将 {path} 导入 {db}：单位 {units} 个，人员 {people} 人，约稿/征集 {calls} 项，"
        "稿件 {pieces} 篇，事件 {events} 条。",
        "en": "imported {path} into {db}: {units} units, {people} people, {calls} calls, "
        "{pieces} pieces, {events} events.",
    },
    "cli.overdue_title": {
        "zh": "截至 {now}，逾期未报送的信息 {count} 篇：",
        "en": "As of {now}, {count} approved pieces are overdue for dispatch:",
    },
    "cli.overdue_item": {
        "zh": "  {piece}  {title}  报送方式：{route}  时限：{due}  已逾期 {days} 天",
        "en": "  {piece}  {title}  route: {route}  due: {due}  overdue by {days} days",
    },
    "cli.notified": {
        "zh": "通知渠道：{channels}；新排入提醒 {queued} 条，发送成功 {delivered} 条，失败待重试 {failed} 条。",
        "en": "channels: {channels}; {queued} reminders queued, {delivered} delivered, "
        "{failed} failed (to be retried).",
    },
    "cli.need_entity": {
        "zh": "请用 --person 或 --unit 指定一个人员或单位（只能选一个）",
        "en": "name exactly one of --person or --unit",
    },
    "bulletin.bad_period": {
        "zh": "无法识别的通报期 {found}（应写作 2024、2024Q1（或 2024-Q1）、2024-03 之一）",
        "en": "cannot read the period {found} (write 2024, 2024Q1 (or 2024-Q1) or 2024-03)",
    },
    "bulletin.none": {
        "zh": "规则集《{title}》没有定义通报（[[bulletins]]）",
        "en": "the ruleset {title} defines no bulletins ([[bulletins]])",
    },
    "bulletin.unknown": {
        "zh": "规则集中没有标识为 {found} 的通报（已定义的通报：{allowed}）",
        "en": "the ruleset defines no bulletin {found} (its bulletins: {allowed})",
    },
    "cli.need_period": {
        "zh": "请用 --period 指定通报期，或用 --on 指定发布日期（只能选一个）",
        "en": "name exactly one of --period (the period) or --on (the publishing day)",
    },
    "cli.bulletin_title": {
        "zh": "{title} · {period} {label}{clause}",
        "en": "{title} · bulletin {label}, {period}{clause}",
    },
    "cli.bulletin_totals": {
        "zh": "本期合计（联名稿件只计一次）：{items}",
        "en": "Period totals (each piece once): {items}",
    },
    "cli.bulletin_count": {"zh": "{metric} {count} 篇", "en": "{metric} {count}"},
    "cli.col.kind": {"zh": "类别", "en": "Kind"},
    "cli.col.title": {"zh": "标题", "en": "Title"},
    "cli.col.route": {"zh": "报送方式", "en": "Route"},
    "cli.col.approved_at": {"zh": "审定通过", "en": "Approved"},
    "cli.col.due": {"zh": "报送时限", "en": "Due"},
    "cli.col.dispatched_at": {"zh": "报送时间", "en": "Dispatched"},
    "cli.col.late_by": {"zh": "逾期（天）", "en": "Late (days)"},
    "cli.col.adoption_rate": {"zh": "采用率", "en": "Adoption rate"},
    "cli.col.instruction_rate": {"zh": "批示率", "en": "Instruction rate"},
    "cli.metric.submitted": {"zh": "提交", "en": "Submitted"},
    "cli.metric.approved": {"zh": "审定通过", "en": "Approved"},
    "cli.metric.adopted": {"zh": "采用", "en": "Adopted"},
    "cli.metric.instructed": {"zh": "批示", "en": "Instructed"},
    "cli.metric.implemented": {"zh": "落实反馈", "en": "Implemented"},
    "cli.metric.handled": {"zh": "办理", "en": "Handled"},
    "cli.metric.dispatched": {"zh": "报送", "en": "Dispatched"},
    "cli.metric.rejected": {"zh": "不予上报", "en": "Rejected"},
    "cli.metric.returned": {"zh": "退回修改", "en": "Returned"},
}
