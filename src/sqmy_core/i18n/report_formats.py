"""Messages of ``sqmy report`` and the reports it writes (``report.*``): titles, columns, notes, refusals."""

from __future__ import annotations


def _m(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    # refusals
    "report.needs_output": _m(
        "格式 {format} 只能写成文件，请用 --output 指定文件路径",
        "the format {format} is a file: give its path with --output",
    ),
    "report.extra_missing": _m(
        "格式 {format} 需要 {module}，但未安装；请安装报表组件：{install}",
        "the format {format} needs {module}, which is not installed; install the reports extra: {install}",
    ),
    "report.no_charts": _m("本报表没有图表", "this report has no charts"),
    "report.unknown_chart": _m(
        "没有图表 {found}；可选：{allowed}", "no chart {found}; the charts are: {allowed}"
    ),
    "report.period_kind": _m(
        "通报 {bulletin} 每{every_noun}一期：期间应为{expected}，实际为 {found}",
        "the bulletin {bulletin} is issued every {every_noun}: expected {expected}, found {found}",
    ),
    "report.period_year": _m(
        "期间 {period} 不在 --year {year} 内", "the period {period} is not in --year {year}"
    ),
    "report.written": _m("已写入{format}：{path}", "wrote the {format} to {path}"),
    # titles
    "report.bulletin_title": _m(
        "{organization}{period}{label}", "{organization}: {label}, {period}"
    ),
    "report.assessment_title": _m(
        "关于{year}年度社情民意信息工作考核情况的通报",
        "Assessment of the {year} social-conditions information work",
    ),
    "report.table.people": _m("人员", "People"),
    "report.table.units": _m("单位", "Units"),
    "report.table.people_ranking": _m("人员积分排名", "People by points"),
    "report.table.units_ranking": _m("单位积分排名", "Units by points"),
    "report.table.totals": _m("合计", "Totals"),
    "report.table.overdue": _m("逾期报送的信息", "Late dispatches"),
    "report.table.quotas": _m("任务指标完成情况", "Quotas"),
    "report.table.funnel": _m(
        "工作链条（线索 → 采集 → 采编 → 上报 → 采用 → 落实）",
        "Funnel (clues → submitted → approved → dispatched → adopted → handled)",
    ),
    "report.table.trend": _m("逐月情况", "Month by month"),
    "report.table.by_class": _m("各类单位情况", "Units by class"),
    "report.chart.people": _m("人员积分排名（前 {n} 名）", "People by points (top {n})"),
    "report.chart.units": _m("单位积分排名（前 {n} 名）", "Units by points (top {n})"),
    "report.chart.bulletin_people": _m(
        "人员{metric}篇数（前 {n} 名）", "People: {metric} (top {n})"
    ),
    "report.chart.bulletin_units": _m("单位{metric}篇数（前 {n} 名）", "Units: {metric} (top {n})"),
    "report.chart.funnel": _m("工作链条", "Funnel"),
    "report.chart.trend": _m("逐月趋势", "Monthly trend"),
    "report.chart.by_class": _m("各类单位提交与采用", "Units by class: submitted and adopted"),
    "report.unit.points": _m("分", "points"),
    "report.unit.pieces": _m("篇", "pieces"),
    # columns
    "report.col.rank": _m("名次", "Rank"),
    "report.col.id": _m("编号", "ID"),
    "report.col.name": _m("姓名（名称）", "Name"),
    "report.col.kind": _m("类别", "Class"),
    "report.col.points": _m("积分", "Points"),
    "report.col.section": _m("{section}（分）", "{section} (points)"),
    "report.col.adopted": _m("采用篇数", "Adopted"),
    "report.col.quotas": _m("任务指标", "Quotas"),
    "report.col.flags": _m("标记", "Flags"),
    "report.col.award": _m("评先", "Award"),
    "report.col.grade": _m("等次", "Grade"),
    "report.col.entity": _m("对象", "Of"),
    "report.col.quota": _m("指标", "Quota"),
    "report.col.metric": _m("计数", "Counts"),
    "report.col.period": _m("期次", "Period"),
    "report.col.required": _m("要求", "Required"),
    "report.col.done": _m("完成", "Done"),
    "report.col.met": _m("结果", "Result"),
    "report.col.stage": _m("环节", "Stage"),
    "report.col.count": _m("数量", "Count"),
    "report.col.of_previous": _m("占上一环节", "Of the previous stage"),
    "report.col.of_submitted": _m("占采集", "Of submitted"),
    "report.col.month": _m("月份", "Month"),
    "report.col.units": _m("单位数", "Units"),
    "report.col.points_total": _m("积分合计", "Points in all"),
    "report.col.piece": _m("稿件编号", "Piece"),
    "report.col.title": _m("标题", "Title"),
    "report.col.route": _m("报送方式", "Route"),
    "report.col.approved_at": _m("审定通过", "Approved"),
    "report.col.due": _m("报送时限", "Due"),
    "report.col.dispatched_at": _m("报送时间", "Dispatched"),
    "report.col.late_by": _m("逾期（天）", "Late (days)"),
    "report.entity.person": _m("人员", "person"),
    "report.entity.unit": _m("单位", "unit"),
    "report.period.year": _m("全年", "year"),
    "report.period.nth": _m("第 {n} 期（共 {of} 期）", "{n} of {of}"),
    "report.met": _m("完成", "met"),
    "report.not_met": _m("未完成", "not met"),
    "report.no_quota": _m("—", "—"),
    "report.month": _m("{month}月", "{name}"),
    # funnel stages
    "report.stage.clues": _m("线索", "Clues"),
    "report.stage.submitted": _m("采集", "Submitted"),
    "report.stage.approved": _m("采编", "Approved"),
    "report.stage.dispatched": _m("上报", "Dispatched"),
    "report.stage.adopted": _m("采用", "Adopted"),
    "report.stage.handled": _m("落实", "Handled"),
    # notes under tables
    "report.note.adoption_rate": _m(
        "采用率 = 期内被采用的稿件篇数 ÷ 期内审定通过的稿件篇数。两者各按事件发生的期间计数，"
        "往期审定、本期采用的稿件计入本期采用，故采用率可能超过 100%。",
        "Adoption rate = pieces adopted in the period ÷ pieces approved in the period. Each is "
        "counted in the period of its event: a piece approved earlier and adopted now counts "
        "as adopted now, so the rate can exceed 100 %.",
    ),
    "report.note.instruction_rate": _m(
        "批示率 = 期内获领导批示的稿件篇数 ÷ 期内审定通过的稿件篇数（计数方法同采用率）。",
        "Instruction rate = pieces instructed in the period ÷ pieces approved in the period "
        "(counted as the adoption rate is).",
    ),
    "report.note.over_one": _m(
        "{mark} 超过 100%：期内采用（批示）的稿件中有往期审定通过的，分子与分母不是同一批稿件。",
        "{mark} Above 100 %: some of the pieces adopted (instructed) in the period were approved "
        "in an earlier one, so the numerator and the denominator are not the same pieces.",
    ),
    "report.note.joint": _m(
        "人员按作者计数，联名稿件对每位作者各计一篇；单位按报送单位计数；合计中每篇稿件只计一次，"
        "故合计不等于各行之和。",
        "People count the pieces they wrote (a joint piece for each author); units count the "
        "pieces sent in their name; the totals count each piece once, so they are not the "
        "column sums.",
    ),
    "report.note.joint_people": _m(
        "人员按作者计数，联名稿件对每位作者各计一篇；合计中每篇稿件只计一次，故合计不等于各行之和。",
        "People count the pieces they wrote (a joint piece for each author); the totals count "
        "each piece once, so they are not the column sums.",
    ),
    "report.note.joint_units": _m(
        "单位按报送单位计数；合计为全部稿件，每篇只计一次，故不一定等于各行之和。",
        "Units count the pieces sent in their name; the totals count every piece once, so "
        "they need not be the column sums.",
    ),
    "report.note.points": _m(
        "积分为全年累计，按规则集逐条计分后保留两位小数显示（四舍五入）；名次并列时按规则集的比较项排序。",
        "Points are the year's total under the ruleset, shown rounded half up to two decimals; "
        "ties are ordered by the ruleset's tie-breakers.",
    ),
    "report.note.funnel": _m(
        "各环节为本年有该事件的不同稿件篇数（联名稿件只计一次）：采集 = 提交，采编 = 审定通过，"
        "上报 = 已报送（直报、参阅件、转办函、编入刊物），采用 = 被各级采用，落实 = 有部门办理反馈。"
        "往年提交、本年采用的稿件计入本年采用，故后一环节可能多于前一环节。",
        "Each stage counts the distinct pieces with such an event in the year (a joint piece "
        "once): submitted, approved, dispatched (any route), adopted (by any body), handled "
        "(a department reported back). A piece submitted last year and adopted this year "
        "counts as adopted this year, so a stage can exceed the one before it.",
    ),
    "report.note.clues": _m(
        "线索 = 本年收到并登记的线索条数（仅工作库登记线索；由数据集文件生成时不列）。",
        "Clues = clues received and registered in the year (a workspace registers clues; a "
        "dataset file has none).",
    ),
    "report.note.of_previous": _m(
        "占上一环节 = 本环节篇数 ÷ 上一环节篇数；占采集 = 本环节篇数 ÷ 采集篇数。",
        "Of the previous stage = this stage ÷ the stage before; of submitted = this stage ÷ "
        "submitted.",
    ),
    "report.note.trend": _m(
        "各月为该月有该事件的不同稿件篇数；宽限期内补记到上一年的事件计入上一年 12 月。",
        "Each month counts the distinct pieces with such an event in it; an event carried back "
        "into the previous year by the grace period counts in that year's December.",
    ),
    "report.note.by_class": _m(
        "各类单位的篇数为以该类单位名义报送的不同稿件篇数；采用率同上。",
        "A class counts the distinct pieces sent in the name of its units; rates as above.",
    ),
    "report.note.quotas": _m(
        "每项任务指标逐期核对：完成数不少于要求即为完成；未任职的期次不考核。",
        "Each quota is checked per period: done at least as required is met; periods out of "
        "office are not assessed.",
    ),
    "report.note.overdue": _m(
        "逾期天数 = (报送时间 − 报送时限) ÷ 24 小时。", "Late days = (dispatched − due) ÷ 24 hours."
    ),
    # body text
    "report.body.bulletin_totals": _m("{period}，{items}。", "In {period}: {items}."),
    "report.body.count": _m("{metric} {count} 篇", "{count} {metric}"),
    "report.body.rate": _m("{rate} {value}", "{rate} {value}"),
    "report.body.leader": _m(
        "{who}中{metric}最多的是{leaders}（{count} 篇）。",
        "Most {metric} among {who}: {leaders} ({count}).",
    ),
    "report.body.who.people": _m("人员", "people"),
    "report.body.who.units": _m("单位", "units"),
    "report.body.each.people": _m("人", ""),
    "report.body.each.units": _m("个", ""),
    "report.body.overdue": _m(
        "期内逾期报送的信息 {n} 篇，详见下表。",
        "{n} pieces were dispatched late in the period (see the table).",
    ),
    "report.body.year_totals": _m(
        "{year}年，{clues}共提交社情民意信息 {submitted} 篇，审定通过 {approved} 篇，报送 {dispatched} 篇，"
        "被采用 {adopted} 篇，获领导批示 {instructed} 篇，办理落实 {handled} 篇；采用率 {adoption_rate}，批示率 {instruction_rate}。",
        "In {year}, {clues}{submitted} pieces were submitted, {approved} approved, {dispatched} "
        "dispatched, {adopted} adopted, {instructed} instructed and {handled} handled; adoption "
        "rate {adoption_rate}, instruction rate {instruction_rate}.",
    ),
    "report.body.clues": _m("收到线索 {n} 条，", "{n} clues were received, "),
    "report.body.first": _m(
        "{who}积分第一名：{leaders}，{points} 分。",
        "First among {who} by points: {leaders}, {points}.",
    ),
    "report.body.quotas": _m(
        "{who}中完成任务指标的 {met} {each}、未完成的 {unmet} {each}。",
        "{who}: {met} met their quotas, {unmet} did not.",
    ),
    "report.body.awards": _m("评先结果：{awards}。", "Awards: {awards}."),
    "report.body.award_count": _m("{award} {n} 个", "{award} {n}"),
    "report.body.name_id": _m("{name}（{id}）", "{name} ({id})"),
    "report.sep": _m("，", ", "),
    "report.list_sep": _m("、", ", "),
}

NOUNS: dict[str, dict[str, str]] = {
    "report.every.month": _m("月", "month"),
    "report.every.quarter": _m("季度", "quarter"),
    "report.every.year": _m("年", "year"),
    "report.expect.month": _m(
        "一个月（如 2024-03）、一个季度（如 2024Q1）或全年（如 2024）",
        "a month like 2024-03, a quarter like 2024Q1 or a whole year like 2024",
    ),
    "report.expect.quarter": _m(
        "一个季度（如 2024Q1）或全年（如 2024）", "a quarter like 2024Q1 or a whole year like 2024"
    ),
    "report.expect.year": _m("全年（如 2024）", "a whole year like 2024"),
}
"""The words a refusal's ``expected`` and ``every_noun`` name, in the refusal's language."""

__all__ = ["MESSAGES", "NOUNS"]

MESSAGES.update(
    {
        "report.body.basis": _m(
            "根据《{title}》{clause}，现将{period}社情民意信息工作情况通报如下。",
            "Under “{title}”{clause}, the figures of {period} follow.",
        ),
        "report.body.basis_year": _m(
            "根据《{title}》，现将{year}年度社情民意信息工作考核情况通报如下。",
            "Under “{title}”, the assessment of {year} follows.",
        ),
        "report.body.clause": _m("{clause}", " ({clause})"),
        "report.bulletin_heading": _m("{period}社情民意信息{label}", "Bulletin {label}, {period}"),
    }
)

_DOCUMENT_HELP: dict[str, dict[str, str]] = {
    "output": _m(
        "写入的文件（xlsx、docx、png 必须给出；先写临时文件再改名，失败不留文件）",
        "the file to write (required for xlsx, docx and png; written whole through a "
        "temporary file, so a failed run leaves none)",
    ),
    "document_number": _m(
        "文号，如“X政协办〔2025〕3号”", "the document number (wenhao) above the title"
    ),
    "signoff": _m("落款（发文机关）", "the sign-off: the issuing office"),
    "red_head": _m("红头文字（发文机关名称，套红居中）", "the red head: the issuer's name in red"),
    "dated": _m(
        "成文日期 YYYY-MM-DD（默认今天）",
        "the date under the sign-off, YYYY-MM-DD (default: today)",
    ),
    "chart": _m(
        "只画这一张图（people、units、funnel、trend、by_class）",
        "draw only this chart (people, units, funnel, trend, by_class)",
    ),
}

MESSAGES.update(
    {
        "help.cmd.report": _m(
            "把某一期通报或年度考核写成终端表格、Markdown、HTML、JSON、Excel、Word（通报格式）或 PNG 图表。",
            "Write a bulletin of one period, or the year's assessment, as terminal tables, "
            "Markdown, HTML, JSON, an Excel workbook, a Word document laid out as an official bulletin, "
            "or PNG charts.",
        ),
        "help.opt.report.year": _m(
            "考核年度（不给 --bulletin、--period 时报告年度考核）",
            "the assessment year (without --bulletin and --period: the year's assessment)",
        ),
        "help.opt.report.bulletin_id": _m(
            "通报标识：报告这一通报（不给 --period 时为全年）",
            "a bulletin id: report that bulletin (the whole year without --period)",
        ),
        "help.opt.report.period_text": _m(
            "通报期：2024、2024Q1、2024-03，不得短于通报的周期（季度通报不能按月）",
            "the bulletin's period: 2024, 2024Q1, 2024-03; never shorter than the bulletin's "
            "own (a quarterly bulletin has no monthly period)",
        ),
        "help.opt.report.fmt": _m(
            "table：终端表格；markdown：GitHub 表格；html：可用 Word 打开或粘贴的表格；json：sqmy-report/1；"
            "xlsx：Excel 工作簿；docx：Word 通报；png：图表",
            "table: terminal tables; markdown: GitHub tables; html: tables Word opens or pastes; json: "
            "sqmy-report/1; xlsx: an Excel workbook; docx: an official bulletin in Word; png: the charts",
        ),
        **{f"help.opt.report.{k}": v for k, v in _DOCUMENT_HELP.items()},
        **{f"help.opt.bulletin.{k}": v for k, v in _DOCUMENT_HELP.items()},
    }
)
