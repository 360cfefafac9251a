"""Messages of the generated 计分标准 (``doc.*``) and of what is missing (``missing.*``)."""

from __future__ import annotations


def _m(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


_EACH = {
    # document frame
    "doc.heading": _m("# {title}：计分标准", "# {title}: the scoring rules"),
    "doc.generated": _m(
        "> 本文由规则集（组织 {organization}，{format}）自动生成（sqmy ruleset doc），逐条对应实际执行的规则；请修改规则集后重新生成，不要手工修改本文。",
        "> Generated from the ruleset (organization {organization}, {format}) by sqmy ruleset doc; "
        "it states the rules exactly as they are executed. Change the ruleset and regenerate; do not edit this text.",
    ),
    "doc.effective_from": _m("施行日期：{day}。", "In force from {day}."),
    "doc.plugins": _m(
        "本规则集需要插件：{plugins}。", "This ruleset needs the plugins: {plugins}."
    ),
    "doc.article": _m("## 第{n}条", "## Article {number} (第{n}条)"),
    "doc.other": _m("## 其他规定", "## Other provisions"),
    "doc.glossary": _m("## 术语与取值", "## Glossary"),
    "doc.glossary_clause": _m("依据：{clause}。", "Source: {clause}."),
    "doc.clause": _m("（{clause}）", " ({clause})"),
    "doc.and": _m("且", " and "),
    # numbers and words
    "doc.factor_same": _m("不变", "unchanged"),
    "doc.factor_up": _m("加 {pct}", "plus {pct} (×{factor})"),
    "doc.factor_down": _m("减 {pct}", "minus {pct} (×{factor})"),
    "doc.plus": _m("加 {value} 分", "plus {value} points"),
    "doc.minus": _m("扣 {value} 分", "minus {value} points"),
    "doc.zero": _m("不扣分", "no points"),
    "doc.bool_true": _m("是", "yes"),
    "doc.bool_false": _m("否", "no"),
    "doc.authors_n": _m("{n} 位作者", "{n} authors"),
    "doc.key_attribute": _m("“{name}”", "attribute {name}"),
    "doc.key.body": _m("采用机构", "adopting body"),
    "doc.key.level": _m("级别", "level"),
    "doc.key.rank": _m("领导职务", "leader's rank"),
    "doc.key.route": _m("报送方式", "route"),
    "doc.key.to": _m("报送对象", "recipient"),
    "doc.key.outcome": _m("办理结果", "outcome"),
    "doc.key.kind": _m("类别", "kind"),
    "doc.key.stage": _m("审级", "review stage"),
    "doc.key.decision": _m("审核决定", "decision"),
    "doc.key.call_kind": _m("约稿类别", "call kind"),
    "doc.key.authors": _m("作者人数", "number of authors"),
    "doc.key.type": _m("事件", "event"),
    "doc.key.unit_kind": _m("报送单位类别", "submitting unit's kind"),
    "doc.entry_points": _m("{key} {value} 分", "{key} {value} points"),
    "doc.entry_amount": _m("{key} {value} {unit}", "{key} {value} {unit}"),
    "doc.nested": _m("{key}：{inner}", "{key}: {inner}"),
    "doc.cond": _m("限于{terms}的", "only where {terms}"),
    "doc.cond_term": _m("{key}为{values}", "{key} is {values}"),
    "doc.count_of": _m("{metric}篇数", "number of {metric} pieces"),
    "doc.any_kind": _m("任何类别", "any kind"),
    "doc.any_call": _m("各类约稿", "any call"),
    # points rules
    "doc.rule.flat": _m("每篇信息{event}计 {value} 分", "{event}: {value} points per piece"),
    "doc.rule.flat_amount": _m(
        "每篇信息{event}计 {value} {unit}", "{event}: {value} {unit} per piece"
    ),
    "doc.rule.table": _m("{event}按{key}计分：{table}", "{event}, by {key}: {table}"),
    "doc.rule.plugin": _m(
        "{event}由插件规则类型 {kind} 计分（参数：{params}）",
        "{event}: valued by the plugin rule kind {kind} (parameters: {params})",
    ),
    "doc.rule.unlisted": _m("表中未列的不计分", "values not listed score nothing"),
    "doc.mult": _m("按{key}：{entries}", "by {key}: {entries}"),
    "doc.mult_entry": _m("{key}{change}", "{key} {change}"),
    "doc.combine.sum": _m("多次的累加", "several such events add up"),
    "doc.combine.sum_distinct": _m(
        "按{key}分别计分、累加（同一{key}只计一次）",
        "counted separately per {key} and added up (each {key} once)",
    ),
    "doc.combine.highest": _m(
        "按最高级别计一次，不累加（后续有更高的，补足差额）",
        "the highest counts once, not added up (a later higher one adds the difference)",
    ),
    "doc.combine.once": _m("每篇计一次", "once per piece"),
    "doc.rule.cap": _m("每篇合计不超过 {value} 分", "at most {value} per piece in total"),
    "doc.rule.floor": _m("每篇合计不低于 {value} 分", "at least {value} per piece in total"),
    "doc.window.both": _m(
        "适用于 {start} 起、{end} 前发生的事件", "applies to events from {start} until before {end}"
    ),
    "doc.window.from": _m("适用于 {start} 起发生的事件", "applies to events from {start}"),
    "doc.window.until": _m("适用于 {end} 前发生的事件", "applies to events before {end}"),
    "doc.rule.group": _m(
        "与同组（{group}）各项共用一个累计值",
        "shares one cumulative value with the other rules of group {group}",
    ),
    "doc.rule.own_split": _m("本项联名拆分：{split}", "joint pieces for this rule: {split}"),
    "doc.rule.entities.person": _m(
        "只计入作者个人，不计入报送单位", "credited to the authors only, not the submitting unit"
    ),
    "doc.rule.entities.unit": _m(
        "只计入报送单位，不计入作者个人", "credited to the submitting unit only, not the authors"
    ),
    "doc.rule.tally": _m("计入台账“{tally}”，不计积分", "goes to the tally {tally}, not to points"),
    "doc.rule.section": _m("计入分项“{section}”", "counts in the section {section}"),
    # splits, unit credit, sections, tallies
    "doc.title.split": _m("联名信息的分值拆分", "Joint pieces"),
    "doc.title.unit_credit": _m("单位积分", "Unit points"),
    "doc.title.scoring": _m("每篇信息", "Per piece"),
    "doc.split.first_share": _m(
        "仅一位作者的得全部分值；多位作者的，第一作者得 {first}，其余作者平分 {rest}",
        "a sole author gets the full value; of several authors the first gets {first} and the others share {rest} equally",
    ),
    "doc.split.equal": _m("联名的全体作者平分分值", "all authors share the value equally"),
    "doc.split.full": _m("联名的每位作者均得全部分值", "every author gets the full value"),
    "doc.split.positions": _m("按作者排序计分：{parts}", "by author position: {parts}"),
    "doc.split.position": _m("第 {pos} 位作者得 {share}", "author {pos} gets {share}"),
    "doc.split.position_last": _m(
        "第 {pos} 位及以后的作者各得 {share}", "author {pos} and later each get {share}"
    ),
    "doc.split.max_authors": _m(
        "；只计前 {n} 位作者，分值在这 {n} 位之间拆分，其余作者不计",
        "; only the first {n} authors are credited, the split is computed over them",
    ),
    "doc.unit_credit.full": _m(
        "以本单位名义报送的信息，按该篇全部分值计入单位积分（不拆分）。",
        "A piece submitted in a unit's name counts in full for that unit (not split).",
    ),
    "doc.unit_credit.none": _m("单位不计信息分值。", "Units are not credited with piece points."),
    "doc.piece_cap": _m(
        "每篇信息合计不超过 {value} 分。", "At most {value} points per piece in total."
    ),
    "doc.base_points": _m(
        "每人、每单位基础分 {value} 分。", "Every person and unit starts from {value} points."
    ),
    "doc.title.section": _m("分项“{name}”", "Section {name}"),
    "doc.section.cap": _m(
        "每人（单位）每年合计不超过 {value} 分", "at most {value} per entity and year"
    ),
    "doc.section.floor": _m(
        "每人（单位）每年合计不低于 {value} 分", "at least {value} per entity and year"
    ),
    "doc.section.piece_cap": _m(
        "每篇信息在本分项不超过 {value} 分", "at most {value} per piece in this section"
    ),
    "doc.section.default": _m("未写明分项的各项计入本分项", "items naming no section count here"),
    "doc.section.plain": _m("积分的一个分项。", "A part of the points."),
    "doc.title.tally": _m("台账“{name}”", "Tally {name}"),
    "doc.tally": _m(
        "单独统计（单位：{unit}），不计入积分。", "Kept apart from points (unit: {unit})."
    ),
    # entity level
    "doc.base": _m("{who}基础分 {value} 分。", "{who}: a base score of {value} points."),
    "doc.title.totals": _m("总分的上下限", "Bounds of the total"),
    "doc.totals.bonus_cap": _m(
        "加分（各分项之和）不超过 {value} 分", "the bonus (sum of sections) is at most {value}"
    ),
    "doc.totals.bonus_floor": _m("加分不低于 {value} 分", "the bonus is at least {value}"),
    "doc.totals.cap": _m(
        "总分（基础分加加分）不超过 {value} 分", "the total (base plus bonus) is at most {value}"
    ),
    "doc.totals.floor": _m("总分不低于 {value} 分", "the total is at least {value}"),
    "doc.penalty.penalized": _m("每次受到{kinds}处理的", "each penalty of kind {kinds}"),
    "doc.penalty.late": _m("每次逾期报送（超过报送时限）的", "each dispatch after its deadline"),
    "doc.penalty.entity.person": _m("计入有关作者个人", "counts for the persons at fault"),
    "doc.penalty.entity.unit": _m("计入报送单位", "counts for the submitting unit"),
    "doc.penalty.count.year": _m("按每年第几次计", "counted afresh each year"),
    "doc.penalty.count.ever": _m("按累计第几次计（含以前年度）", "counted over all years"),
    "doc.penalty.step": _m("第 {nth} 次{what}", "occurrence {nth}: {what}"),
    "doc.penalty.step_last": _m(
        "第 {nth} 次及以后每次{what}", "occurrence {nth} and later: {what}"
    ),
    "doc.penalty.flag": _m("标记“{flag}”", "flag {flag}"),
    "doc.penalty.disqualify": _m("取消评先评优资格", "not eligible for awards"),
    "doc.penalty.label": _m("（{label}）", "({label})"),
    "doc.adjustments.on": _m(
        "经决定的加分、扣分记录计入积分", "adjustments (加分/扣分 by decision) count in the points"
    ),
    "doc.adjustments.off": _m("加分、扣分记录不计入积分", "adjustments do not count"),
    "doc.activity.flat": _m("每次{kinds}计 {value} 分", "each {kinds}: {value} points"),
    "doc.activity.table": _m("{kinds}按{key}计分：{table}", "{kinds}, by {key}: {table}"),
    "doc.activity.cap": _m("每人每年不超过 {value} 分", "at most {value} per person and year"),
    "doc.period_points": _m(
        "按任务指标“{quota}”{period}考核：完成的{met}，未完成的{missed}",
        "per period of the quota {quota} ({period}): met {met}, missed {missed}",
    ),
    "doc.period_points.limit": _m(
        "每年扣分合计不超过 {value} 分", "deductions at most {value} a year"
    ),
    "doc.period_points.max": _m("每年得分合计不超过 {value} 分", "earnings at most {value} a year"),
    "doc.period_points.tenure.any_time": _m(
        "未任职的期间不计", "periods entirely out of office are skipped"
    ),
    "doc.period_points.tenure.whole_periods": _m(
        "只计全期任职的期间", "only periods held in office from start to end count"
    ),
    "doc.title.unit_points": _m("单位积分的来源", "Where unit points come from"),
    "doc.unit_points.sum": _m(
        "单位积分为其{members}{of}之和；没有这样的成员的单位计 {empty} 分。",
        "a unit's points are the sum of its {members}' {of}; a unit without such members gets {empty}.",
    ),
    "doc.unit_points.average": _m(
        "单位积分为其{members}{of}的平均值；没有这样的成员的单位计 {empty} 分。",
        "a unit's points are the average of its {members}' {of}; a unit without such members gets {empty}.",
    ),
    "doc.unit_points.pieces": _m(
        "单位积分来自以本单位名义报送的信息。",
        "a unit's points come from the pieces submitted in its name.",
    ),
    "doc.of.points": _m("年度积分", "points"),
    "doc.of.bonus": _m("加分（积分减基础分）", "bonus (points less the base)"),
    "doc.metric": _m("统计有{event}的信息篇数", "counts pieces with an {event} event"),
    "doc.rate": _m("{num}篇数 ÷ {den}篇数。", "{num} pieces ÷ {den} pieces."),
    "doc.who.person": _m("人员", "persons"),
    "doc.who.unit": _m("单位", "units"),
    "doc.who.members": _m("成员", "members"),
    "doc.period.year": _m("每年", "each year"),
    "doc.period.half": _m("每半年", "each half-year"),
    "doc.period.quarter": _m("每季度", "each quarter"),
    "doc.period.month": _m("每月", "each month"),
    "doc.quota.person": _m(
        "{who}{period}{metric}不少于 {min} 篇", "{who}: at least {min} {metric} pieces {period}"
    ),
    "doc.quota.unit": _m(
        "{who}{period}以本单位名义报送的信息中{metric}不少于 {min} 篇",
        "{who}: at least {min} {metric} pieces submitted in its name {period}",
    ),
    "doc.quota.member_of": _m(
        "限所属单位中有{kinds}的", "only those belonging to a unit of kind {kinds}"
    ),
    "doc.quota.joint.each": _m(
        "联名的每位作者均计 1 篇", "a joint piece counts once for each author"
    ),
    "doc.quota.joint.first": _m(
        "联名的只计第一作者", "a joint piece counts for its first author only"
    ),
    "doc.quota.tenure.in_office": _m(
        "完全未任职的期间不考核", "periods entirely out of office are not assessed"
    ),
    "doc.quota.tenure.prorate": _m(
        "任职不满全期的，按任职时间比例折算（向上取整）",
        "for part of a period in office the minimum is scaled by the time in office, rounded up",
    ),
    "doc.flag": _m(
        "{who}连续 {years} 个年度{conds}的，列入“{flag}”",
        "{who} who {conds} in {years} consecutive years get the flag {flag}",
    ),
    "doc.flag.quota": _m("未完成任务指标“{quota}”", "missed the quota {quota}"),
    "doc.flag.below": _m("{of}低于 {value} 分", "stayed below {value} ({of})"),
    "doc.flag.full_tenure": _m(
        "其中第一个年度未全年任职的不列入",
        "not when the first of those years was not served in full",
    ),
    "doc.flag.level": _m("严重程度为第 {level} 级", "severity level {level}"),
    "doc.title.ranking_people": _m("个人排名", "Ranking of persons"),
    "doc.title.ranking_units": _m("单位排名", "Ranking of units"),
    "doc.ranking.people": _m("人员按{first}排名", "persons are ranked by {first}"),
    "doc.ranking.units": _m("单位按{first}排名", "units are ranked by {first}"),
    "doc.ranking.ties": _m(
        "相同的依次以{keys}多者居前", "ties are broken by more {keys}, in that order"
    ),
    "doc.ranking.shared": _m(
        "仍相同的并列（如 1、2、2、4）", "still equal ranks are shared (1, 2, 2, 4)"
    ),
    "doc.ranking.by_kind": _m("各类单位分别排名", "each kind of unit is ranked apart"),
    "doc.title.award": _m("评先：{labels}", "Award: {labels}"),
    "doc.title.grade": _m("等次：{labels}", "Grades: {labels}"),
    "doc.award.who": _m("参评对象：{who}", "open to {who}"),
    "doc.award.quotas": _m("须完成任务指标", "quotas must be met"),
    "doc.award.flags": _m("列入{flags}的不参评", "those flagged {flags} are not eligible"),
    "doc.award.disqualified": _m(
        "受处罚取消资格的不参评", "those disqualified by a penalty are not eligible"
    ),
    "doc.award.rank_eligible": _m(
        "在符合条件者中重新排名", "ranks are counted among the eligible only"
    ),
    "doc.award.tiers": _m("{tiers}", "{tiers}"),
    "doc.award.first_tier": _m("依次取第一个符合的等次", "the first tier that holds is given"),
    "doc.tier": _m("{conds}的，评为“{label}”", "{conds}: {label}"),
    "doc.tier.rest": _m("其余的为“{label}”", "all others: {label}"),
    "doc.tier.min_points": _m("年度积分不低于 {value} 分", "points at least {value}"),
    "doc.tier.max_rank": _m("名次在前 {rank} 名", "ranked within the first {rank}"),
    "doc.tier.rank_one": _m("第 {hi} 名", "rank {hi}"),
    "doc.tier.rank_range": _m("第 {lo}–{hi} 名", "ranks {lo}–{hi}"),
    "doc.tier.top_percent": _m("名次在前 {pct}", "ranked in the top {pct}"),
    "doc.tier.min_rate": _m("{rate}不低于 {pct}", "{rate} at least {pct}"),
    "doc.tier.min_count": _m("{metric}不少于 {count} 篇", "at least {count} {metric} pieces"),
    # year, scope, process
    "doc.title.year": _m("考核年度", "The assessment year"),
    "doc.year.tz": _m(
        "考核年度为公历年，按 UTC{tz} 时间（北京时间）计", "the calendar year, in time zone UTC{tz}"
    ),
    "doc.year.event": _m(
        "各事件计入其发生日期所在的年度", "each event counts in the year it happens"
    ),
    "doc.year.submission": _m(
        "各事件计入信息报送（提交）日期所在的年度",
        "each event counts in the year its piece was submitted",
    ),
    "doc.year.grace": _m(
        "各事件计入信息报送（提交）日期所在的年度；发生在报送次年 {month} 月 {day} 日 24 时前的计入报送年度，此后发生的计入事件发生的年度",
        "each event counts in the year its piece was submitted if it happens before the end of {month}/{day} "
        "of the following year, later ones in their own year",
    ),
    "doc.title.scope": _m("适用范围", "Who is assessed"),
    "doc.scope.people": _m("考核对象为{roles}", "persons with the roles {roles}"),
    "doc.scope.units": _m("考核单位为{kinds}", "units of the kinds {kinds}"),
    "doc.title.deadlines": _m("报送时限", "Dispatch deadlines"),
    "doc.deadline.route": _m("{route} {days} 日", "{route} {days} days"),
    "doc.deadline.calendar_days": _m(
        "自审定通过时起按自然日（每日 24 小时）计：{routes}。",
        "counted from approval in calendar days of 24 hours: {routes}.",
    ),
    "doc.deadline.working_days": _m(
        "自审定通过时起按工作日计：{routes}。", "counted from approval in working days: {routes}."
    ),
    "doc.title.calendar": _m("工作日", "Working days"),
    "doc.calendar.weekend": _m("每周{days}休息", "{days} are rest days"),
    "doc.calendar.holidays": _m("法定节假日 {n} 天：{days}", "{n} public holidays: {days}"),
    "doc.calendar.workdays": _m("调休上班日 {n} 天：{days}", "{n} make-up working days: {days}"),
    "doc.title.review": _m("审核流程", "Review"),
    "doc.review.stages": _m("共 {n} 级审核：{names}", "{n} review levels: {names}"),
    "doc.review.checks": _m(
        "每一审级均须逐项确认：{checks}", "every level confirms each check: {checks}"
    ),
    "doc.review.return.first": _m(
        "退回修改的稿件重新提交后从第一级开始", "a returned piece starts again at the first level"
    ),
    "doc.review.return.same": _m(
        "退回修改的稿件重新提交后回到退回它的审级",
        "a returned piece goes back to the level that returned it",
    ),
    "doc.review.no_own": _m(
        "审核人不得审核本人（含联名）稿件", "reviewers may not review their own (or joint) pieces"
    ),
    "doc.stage": _m(
        "第 {nth} 级，由{role}审核，可作出：{decisions}",
        "level {nth}, decided by {role}: {decisions}",
    ),
    "doc.stage.escalate": _m("提请复核的由{role}复核", "escalations go to {role}"),
    "doc.stage.checks.true": _m("本级须逐项确认各关", "this level confirms every check"),
    "doc.stage.checks.false": _m("本级无须逐项确认各关", "this level need not confirm the checks"),
    "doc.title.notification": _m("通知（{ident}）", "Notice ({ident})"),
    "doc.notify": _m("{on}，告知{to}。", "{on}: tell {to}."),
    "doc.notify.own_text": _m(
        "（使用规则集中写明的标题和正文）", " (with the ruleset's own subject and text)"
    ),
    "doc.notify_on.stage_reached": _m("稿件到达某一审级时", "when a piece reaches a review level"),
    "doc.notify_on.overdue": _m(
        "报送超过时限时（每日检查）", "when a dispatch deadline has passed (checked daily)"
    ),
    "doc.notify_on.event": _m("信息{event}后", "after a piece's {event} event"),
    "doc.notify_to.authors": _m("作者", "the authors"),
    "doc.notify_to.reviewers": _m("该审级的审核人", "the reviewers of the level"),
    "doc.notify_to.staff": _m("机关干部", "the staff"),
    "doc.reminder.quota": _m(
        "自 {month} 月起，{every}{on}提醒尚未完成任务指标（{quotas}）的人员。",
        "from month {month}, {every} on the {on}, remind those who have not met the quotas ({quotas}).",
    ),
    "doc.reminder.call_due": _m(
        "{kinds}截止前 {days} 日尚未提交的，提醒被约作者。",
        "{days} days before a call ({kinds}) is due, remind the invited authors who have not submitted.",
    ),
    "doc.every.month": _m("每月", "every month"),
    "doc.every.quarter": _m("每季度", "every quarter"),
    "doc.every.year": _m("每年", "every year"),
    "doc.on.first_day": _m("第一天", "first day"),
    "doc.on.first_working_day": _m("第一个工作日", "first working day"),
    "doc.on.last_day": _m("最后一天", "last day"),
    "doc.on.last_working_day": _m("最后一个工作日", "last working day"),
    "doc.bulletin.current": _m(
        "{every}通报本期各{who}的{metrics}篇数",
        "{every}, a bulletin of the current period: {metrics} per {who}",
    ),
    "doc.bulletin.previous": _m(
        "{every}初通报上一期各{who}的{metrics}篇数",
        "{every}, a bulletin of the previous period: {metrics} per {who}",
    ),
    "doc.bulletin.rates": _m("以及{rates}", "with {rates}"),
    "doc.bulletin.overdue": _m("并列出逾期报送的信息", "and the pieces dispatched late"),
    "doc.rate_name.adoption_rate": _m(
        "采用率（采用 ÷ 审定通过）", "adoption rate (adopted ÷ approved)"
    ),
    "doc.rate_name.instruction_rate": _m(
        "批示率（批示 ÷ 审定通过）", "instruction rate (instructed ÷ approved)"
    ),
    "doc.weekday.1": _m("周一", "Monday"),
    "doc.weekday.2": _m("周二", "Tuesday"),
    "doc.weekday.3": _m("周三", "Wednesday"),
    "doc.weekday.4": _m("周四", "Thursday"),
    "doc.weekday.5": _m("周五", "Friday"),
    "doc.weekday.6": _m("周六", "Saturday"),
    "doc.weekday.7": _m("周日", "Sunday"),
    "doc.step": _m(
        "由插件步骤 {kind} 在{stage}阶段处理（参数：{params}）。",
        "handled by the plugin step {kind} at the {stage} stage (parameters: {params}).",
    ),
    "doc.stage_name.piece": _m("单篇分值", "piece"),
    "doc.stage_name.entity": _m("个人（单位）总分", "entity"),
    "doc.stage_name.quota": _m("任务指标", "quota"),
    "doc.stage_name.flag": _m("标记", "flag"),
    "doc.stage_name.award": _m("评先", "award"),
    # glossary
    "doc.gloss.body": _m(
        "采用机构“{name}”（{ident}）：{level}", "adopting body {ident} ({name}): {level}"
    ),
    "doc.gloss.rank": _m("领导职务“{name}”（{ident}）", "leader rank {ident} ({name})"),
    "doc.gloss.role": _m("角色“{name}”（{ident}）", "role {ident} ({name})"),
    "doc.gloss.unit_kind": _m("单位类别“{name}”（{ident}）", "unit kind {ident} ({name})"),
    "doc.gloss.penalty_kind": _m("处理类别“{name}”（{ident}）", "penalty kind {ident} ({name})"),
    "doc.gloss.activity_kind": _m("履职活动“{name}”（{ident}）", "activity kind {ident} ({name})"),
    "doc.gloss.attribute": _m(
        "属性“{name}”（{ident}）{clause}：{text}", "attribute {ident} ({name}){clause}: {text}"
    ),
    "doc.attr.type.string": _m("文字", "text"),
    "doc.attr.type.number": _m("数值", "a number"),
    "doc.attr.type.boolean": _m("是或否", "yes or no"),
    "doc.attr.type.choice": _m("选项", "a choice"),
    "doc.attr.values": _m("取值 {values}", "values {values}"),
    "doc.attr.on": _m("用于 {on}", "on {on}"),
    "doc.attr.required": _m("必填", "required"),
    "doc.attr.default": _m("未填时为 {value}", "default {value}"),
}

MESSAGES: dict[str, dict[str, str]] = dict(_EACH)

MESSAGES.update(
    {
        "missing.title": _m("还差什么：", "What is missing:"),
        "missing.keyed_event": _m("{value}{event}", "{event} ({value})"),
        "missing.period.half": _m("第 {i} 个半年", "in half-year {i}, "),
        "missing.period.quarter": _m("第 {i} 季度", "in quarter {i}, "),
        "missing.period.month": _m("{i} 月", "in month {i}, "),
        "missing.quota": _m(
            "{period}再有 {n} 篇{metric}即可完成任务指标“{target}”",
            "{period}{n} more {metric} pieces would meet the quota {target}",
        ),
        "missing.points": _m(
            "再有 {points} 分即可评为{target}{also}",
            "{points} more points would earn {target}{also}",
        ),
        "missing.via": _m(
            "再有 {n} 篇{what}即可评为{target}{also}",
            "{n} more pieces with {what} would earn {target}{also}",
        ),
        "missing.count": _m(
            "再有 {n} 篇{metric}即可评为{target}{also}",
            "{n} more {metric} pieces would earn {target}{also}",
        ),
        "missing.rank": _m(
            "名次进入前 {rank} 名即可评为{target}（目前第 {now} 名）{also}",
            "a rank within the first {rank} would earn {target} (now {now}){also}",
        ),
        "missing.rate": _m(
            "{rate}达到 {pct} 即可评为{target}（目前 {now}）{also}",
            "a {rate} of {pct} would earn {target} (now {now}){also}",
        ),
        "missing.also_quotas": _m("（另须完成任务指标）", " (the quotas must be met too)"),
        "missing.only_quotas": _m(
            "完成任务指标即可评为{target}", "meeting the quotas would earn {target}"
        ),
        "missing.blocked_flag": _m(
            "已列入“{flag}”，不能评为{target}", "flagged {flag}: cannot earn {target}"
        ),
        "missing.blocked_disqualified": _m(
            "受处罚已取消资格，不能评为{target}", "disqualified by a penalty: cannot earn {target}"
        ),
        "cli.doc_written": _m("已写入计分标准：{path}", "wrote the scoring rules to {path}"),
    }
)
