"""Messages of ``sqmy compare``: its refusals, its report's words and its help (code -> zh/en)."""

from __future__ import annotations


def _m(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


_REFUSALS = {
    "compare.other_organization": _m(
        "草稿规则集属于组织 {found}，基准规则集属于组织 {expected}；只能比较同一组织的两版规则集",
        "the draft ruleset belongs to organization {found}, the baseline to {expected}; only "
        "two versions of one organization's ruleset can be compared",
    ),
    "compare.other_year": _m(
        "草稿的考核年度为 {found}，基准为 {expected}；只能比较同一年度",
        "the draft assesses {found}, the baseline {expected}; only one year can be compared",
    ),
    "compare.empty_year": _m(
        "数据中 {year} 年度没有任何信息（提交、审定通过均为 0），比较不出任何变化；请检查 --year",
        "the data holds nothing in {year} (no piece submitted or approved), so nothing can "
        "change; check --year",
    ),
    "compare.need_baseline": _m(
        "用 --data 时须用 --baseline 指明现行规则集（用 --db 时可省略，取库中生效的版本）",
        "with --data, --baseline must name the ruleset in force (with --db it may be left "
        "out: the version in force is used)",
    ),
    "compare.specs_missing": _m(
        "找不到规格 {path}（应为 .feature 文件或含 .feature 文件的目录）",
        "no specs at {path} (expected a .feature file or a directory holding them)",
    ),
    "compare.specs_need_bdd": _m(
        "运行规格需要 pytest-bdd：请安装 sqmy-core[bdd]，或用 --no-specs 只比较考核结果",
        "running the specs needs pytest-bdd: install sqmy-core[bdd], or pass --no-specs to "
        "compare the assessments only",
    ),
    "compare.specs_none": _m("{path} 中没有 .feature 文件", "there is no .feature file in {path}"),
    "compare.specs_timeout": _m(
        "规格运行超过 {seconds} 秒仍未结束，已停止；未作比较",
        "the specs ran for more than {seconds} seconds and were stopped; nothing was compared",
    ),
    "compare.specs_broken": _m("规格无法运行：\n{detail}", "the specs could not be run:\n{detail}"),
    "compare.fail_needs_specs": _m(
        "要按规格检查草稿，但没有可运行的规格（用了 --no-specs，或没有找到本组织的规格；"
        "可用 --specs 指明）",
        "the draft is to be checked against the specs, but there are none to run "
        "(--no-specs was given, or no specs of the organization were found; name them with --specs)",
    ),
    "compare.clauses_failed": _m(
        "草稿使 {count} 个在基准下通过的规格场景失败（--fail-on-clauses）",
        "the draft fails {count} spec scenarios that pass under the baseline (--fail-on-clauses)",
    ),
}

_REPORT = {
    "compare.title": _m(
        "{title}：修订规则集影响比较（{year} 年度）",
        "{title}: what the revised ruleset changes ({year})",
    ),
    "compare.in_force": _m(
        "工作库 {db} 中 {year} 年度生效的规则集", "the ruleset in force for {year} in {db}"
    ),
    "compare.period": _m("{year} 年度", "year {year}"),
    "compare.sources": _m(
        "基准：{baseline}；草稿：{draft}；数据：{data}。",
        "Baseline: {baseline}; draft: {draft}; data: {data}.",
    ),
    "compare.summary_people": _m(
        "个人：考核 {before} 人（草稿 {after} 人），{changed} 人有变化；积分升高 {up} 人、降低 {down} 人；"
        "名次上升 {rank_up} 人、下降 {rank_down} 人。",
        "People: {before} assessed ({after} under the draft), {changed} changed; points up for "
        "{up}, down for {down}; rank up for {rank_up}, down for {rank_down}.",
    ),
    "compare.summary_units": _m(
        "单位：考核 {before} 个（草稿 {after} 个），{changed} 个有变化；积分升高 {up} 个、降低 {down} 个；"
        "名次上升 {rank_up} 个、下降 {rank_down} 个。",
        "Units: {before} assessed ({after} under the draft), {changed} changed; points up for "
        "{up}, down for {down}; rank up for {rank_up}, down for {rank_down}.",
    ),
    "compare.summary_label": _m(
        "{what}“{label}”：{before} → {after}（新获得 {gained}，不再获得 {lost}）。",
        "{what} “{label}”: {before} → {after} ({gained} gained, {lost} lost).",
    ),
    "compare.summary_flag": _m(
        "标记“{label}”：{before} → {after}（新增 {added}，撤销 {removed}）。",
        "Flag “{label}”: {before} → {after} ({added} added, {removed} removed).",
    ),
    "compare.summary_specs": _m(
        "规格：{scenarios} 个场景，基准下失败 {baseline}，草稿下失败 {draft}；草稿新致失败 {broken} 个，"
        "新通过 {mended} 个。",
        "Specs: {scenarios} scenarios, {baseline} failing under the baseline, {draft} under the "
        "draft; {broken} newly failing, {mended} newly passing.",
    ),
    "compare.specs_not_run": _m("未运行规格（{why}）。", "The specs were not run ({why})."),
    "compare.specs_skipped": _m("按 --no-specs 不运行", "--no-specs"),
    "compare.specs_not_found": _m(
        "没有找到本组织的规格；可用 --specs 指明",
        "no specs of the organization found; name them with --specs",
    ),
    "compare.nothing": _m("两版规则集的考核结果完全相同。", "Both rulesets give the same results."),
    "compare.people_word": _m("人员", "people"),
    "compare.units_word": _m("单位", "units"),
    "compare.award_word": _m("评先", "Award"),
    "compare.grade_word": _m("等次", "Grade"),
    # tables
    "compare.table.people": _m("人员变化", "People whose results change"),
    "compare.table.units": _m("单位变化", "Units whose results change"),
    "compare.table.totals": _m("变动合计", "Totals of movements"),
    "compare.table.clauses": _m("规格条款变化", "Spec clauses that change"),
    "compare.col.id": _m("编号", "ID"),
    "compare.col.name": _m("名称", "Name"),
    "compare.col.group": _m("排名类别", "Ranking class"),
    "compare.col.points_before": _m("基准积分", "Points (baseline)"),
    "compare.col.points_after": _m("草稿积分", "Points (draft)"),
    "compare.col.delta": _m("积分增减", "Change"),
    "compare.col.rank_before": _m("基准名次", "Rank (baseline)"),
    "compare.col.rank_after": _m("草稿名次", "Rank (draft)"),
    "compare.col.rank_move": _m("名次升降", "Places moved"),
    "compare.col.quotas": _m("任务指标", "Quotas"),
    "compare.col.flags": _m("标记", "Flags"),
    "compare.col.grade": _m("等次", "Grade"),
    "compare.col.award": _m("评先", "Award"),
    "compare.col.sections": _m("分项", "Sections"),
    "compare.col.item": _m("项目", "Item"),
    "compare.col.entity": _m("对象", "Of"),
    "compare.col.label": _m("名称", "Name"),
    "compare.col.before": _m("基准", "Baseline"),
    "compare.col.after": _m("草稿", "Draft"),
    "compare.col.more": _m("增加/上升", "Gained / up"),
    "compare.col.less": _m("减少/下降", "Lost / down"),
    "compare.col.feature": _m("规格文件", "Feature file"),
    "compare.col.line": _m("行", "Line"),
    "compare.col.scenario": _m("场景", "Scenario"),
    "compare.col.clauses": _m("条款", "Clauses"),
    "compare.col.baseline_outcome": _m("基准下", "Under the baseline"),
    "compare.col.draft_outcome": _m("草稿下", "Under the draft"),
    "compare.col.reason": _m("原因", "Why"),
    "compare.item.assessed": _m("参加考核", "Assessed"),
    "compare.item.changed": _m("有变化", "Changed"),
    "compare.item.scope": _m("进入/退出考核范围", "Entered / left the scope"),
    "compare.item.points": _m("积分", "Points"),
    "compare.item.rank": _m("名次", "Rank"),
    "compare.item.award": _m("评先", "Award"),
    "compare.item.grade": _m("等次", "Grade"),
    "compare.item.flag": _m("标记", "Flag"),
    "compare.item.quota": _m(
        "任务指标（未完成→完成 / 完成→未完成）", "Quota (missed→met / met→missed)"
    ),
    "compare.item.specs": _m("规格场景（新通过 / 新失败）", "Spec scenarios (mended / broken)"),
    # notes
    "compare.note.entities": _m(
        "只列出考核结果有变化的{what}：积分、名次、排名类别、任务指标、标记、等次、评先、分项任一不同即列出；"
        "按积分变化的绝对值从大到小、再按名次变化、再按编号排列。",
        "Only {what} whose results change are listed: points, rank, ranking class, quotas, flags, "
        "grade, award or sections; ordered by the size of the points change, then of the rank "
        "change, then by ID.",
    ),
    "compare.note.points": _m(
        "积分为精确值，显示时保留两位小数；积分增减 = 草稿积分 − 基准积分；某一版不考核的记为“—”，增减按 0 计。",
        "Points are exact and shown to two decimals; change = draft points − baseline points; a "
        "side that does not assess the entity shows “—” and counts as 0.",
    ),
    "compare.note.rank": _m(
        "名次在排名类别内（并列者占用名次，如 1、2、2、4）；名次升降 = 基准名次 − 草稿名次，正数为上升；"
        "排名类别不同时不计升降。",
        "Ranks are within the ranking class (ties take places: 1, 2, 2, 4); places moved = "
        "baseline rank − draft rank, positive is up; none when the class changed.",
    ),
    "compare.note.quotas": _m(
        "任务指标列出结论有变化的各项：完成、未完成或不适用（该版规则集对其不设此项）；分期考核的，括号内为各期结论。",
        "Quotas list each quota whose verdict changes: met, missed or n/a (that ruleset sets no "
        "such quota); for quotas by period, each period's verdict is in brackets.",
    ),
    "compare.note.flags": _m(
        "标记：“+”为草稿新增，“−”为草稿撤销，括号内为标记的级别（1 为最低）。",
        "Flags: “+” added by the draft, “−” removed, the flag's level in brackets (1 lowest).",
    ),
    "compare.note.awards": _m(
        "评先、等次：基准 → 草稿，“—”为没有。",
        "Award, grade: baseline → draft, “—” for none.",
    ),
    "compare.note.totals": _m(
        "基准、草稿两列为全体考核对象中的人数（个数）；增加/上升、减少/下降两列为有变化者的人数：评先、等次为新获得与不再获得，"
        "标记为新增与撤销，名次为上升与下降，积分为升高与降低，任务指标为未完成变为完成与完成变为未完成。",
        "Baseline and draft count everyone assessed; gained/up and lost/down count those who "
        "changed: an award or grade gained or lost, a flag added or removed, rank up or down, "
        "points up or down, a quota now met or now missed.",
    ),
    "compare.note.clauses": _m(
        "组织的规格（.feature）分别按基准与草稿运行；只列出两次结果不同的场景。草稿下失败而基准下通过的，"
        "说明草稿改变了该条款：若办法确已修改，请按新办法改算规格中的数字；否则请修改草稿。",
        "The organization's specs (.feature) run under the baseline and under the draft; only "
        "scenarios whose outcome differs are listed. A scenario failing under the draft only "
        "means the draft changes that clause: rework the spec's numbers if the policy changed, "
        "else fix the draft.",
    ),
    # words in cells
    "compare.met": _m("完成", "met"),
    "compare.missed": _m("未完成", "missed"),
    "compare.not_applied": _m("不适用", "n/a"),
    "compare.none": _m("—", "—"),
    "compare.arrow": _m("{before} → {after}", "{before} → {after}"),
    "compare.level": _m("（{level} 级）", " (level {level})"),
    "compare.outcome.passed": _m("通过", "passed"),
    "compare.outcome.failed": _m("失败", "failed"),
    "compare.outcome.skipped": _m("跳过", "skipped"),
    "compare.outcome.xfailed": _m("预期失败", "expected failure"),
    "compare.outcome.xpassed": _m("意外通过（预期失败）", "unexpectedly passed"),
    "compare.outcome.absent": _m("—", "—"),
}

_HELP = {
    "help.cmd.compare": _m(
        "修订规则集之前先比较：同一数据、同一年度分别按现行规则集（--baseline）和草稿（--ruleset）考核，"
        "列出积分、名次、任务指标、标记、等次、评先有变化的每个人员和单位及变动合计，并按草稿运行本组织的规格，"
        "列出新失败的条款。",
        "What-if before adopting a revised ruleset: assess the same records and year under the "
        "ruleset in force (--baseline) and the draft (--ruleset), list every person and unit whose "
        "points, rank, quotas, flags, grade or award change with totals of movements, and run the "
        "organization's specs against the draft to say which clauses now fail.",
    ),
    "help.opt.compare.baseline": _m(
        "现行规则集（TOML）；用 --db 时可省略，取库中该年度生效的版本",
        "the ruleset in force (TOML); with --db it may be left out to use the version in force "
        "for the year",
    ),
    "help.opt.compare.ruleset_path": _m("草稿规则集（TOML）", "the draft ruleset (TOML)"),
    "help.opt.compare.year": {"zh": "考核年度（1900–2199）", "en": "assessment year (1900–2199)"},
    "help.opt.compare.specs": _m(
        "本组织的规格（.feature 文件或目录）；默认取规则集所在目录旁 features/<组织>/（或 features/）",
        "the organization's specs (a .feature file or a directory); by default features/<org>/ "
        "(or features/) beside the ruleset's directory",
    ),
    "help.opt.compare.no_specs": _m("不运行规格，只比较考核结果", "compare the assessments only"),
    "help.opt.compare.fail_on_clauses": _m(
        "草稿使基准下通过的规格场景失败时，以退出状态 3 结束（报告照常写出）",
        "exit with status 3 when the draft fails spec scenarios the baseline passes (the report "
        "is written all the same)",
    ),
    "help.opt.compare.fmt": _m(
        "table：终端表格；markdown；html：网页（Word 可直接打开或粘贴为表格）；json；"
        "xlsx：Excel 工作簿；docx：Word 文档",
        "table: terminal tables; markdown; html: a web page (Word opens or pastes it as tables); "
        "json; xlsx: Excel workbook; docx: Word document",
    ),
    "help.opt.compare.output": _m(
        "写入的文件（xlsx、docx 必须指定；其余默认写到标准输出）",
        "the file to write (required for xlsx and docx; the others go to standard output)",
    ),
}

MESSAGES: dict[str, dict[str, str]] = {**_REFUSALS, **_REPORT, **_HELP}
