"""``sqmy --help`` in both languages: every command's and option's help text (code -> zh/en).

Codes: ``help.cmd.<command path>`` for a command (``help.cmd.sqmy`` for the
root, ``help.cmd.ruleset check`` for a subcommand) and, for an option,
``help.opt.<command path>.<parameter name>`` or, when the option means the same
on every command, ``help.opt.<parameter name>``.  The command line looks them
up when it formats the help, so ``--lang en`` anywhere on the line (or
``SQMY_LANG=en``) gives the whole help in English.
"""

from __future__ import annotations

_SOURCE_RULESET = {
    "zh": "规则集文件（TOML）；用 --db 时可省略，使用库中生效的规则集",
    "en": "ruleset file (TOML); with --db it may be left out to use the ruleset in force",
}
_YEAR = {"zh": "考核年度（1900–2199）", "en": "assessment year (1900–2199)"}

MESSAGES: dict[str, dict[str, str]] = {
    # ---- commands --------------------------------------------------------
    "help.cmd.sqmy": {
        "zh": "社情民意信息工作规则引擎 sqmy：考核、解释积分、检查规则集。",
        "en": "sqmy, the rules engine of public-opinion information work: assess, explain "
        "points, check rulesets.",
    },
    "help.cmd.assess": {
        "zh": "按规则集对数据集（--data）或工作库（--db）的某一年度进行考核。",
        "en": "Assess one year of a dataset (--data) or a workspace (--db) by a ruleset.",
    },
    "help.cmd.explain": {
        "zh": "逐条列出某人或某单位年度积分的来源：事件与条款。",
        "en": "List where a person's or a unit's points of a year come from: events and clauses.",
    },
    "help.cmd.bulletin": {
        "zh": "按规则集的通报（[[bulletins]]）统计某一期各人员、单位的篇数与比率（通报、亮晒）。",
        "en": "Count pieces and rates per person and unit for one period, as a bulletin of "
        "the ruleset ([[bulletins]]) defines.",
    },
    "help.cmd.ruleset": {
        "zh": "规则集：检查、显示（展开 extends 后）、从模板新建、生成计分标准；"
        "在工作库中施行新版本、查看施行过的版本。",
        "en": "Rulesets: check, show (with extends resolved), start one from a template, "
        "write the scoring rules; put a new version in force in a workspace, list the versions.",
    },
    "help.cmd.ruleset check": {
        "zh": "检查规则集：类型、未知的键、词表、各节之间的引用。",
        "en": "Check a ruleset: types, unknown keys, vocabularies, references between sections.",
    },
    "help.cmd.ruleset show": {
        "zh": "以 TOML 显示展开 extends、补齐默认值之后的规则集。",
        "en": "Show a ruleset as TOML, with extends resolved and defaults filled in.",
    },
    "help.cmd.ruleset init": {
        "zh": "从带注释的模板新建一个规则集文件。",
        "en": "Start a ruleset file from a commented template.",
    },
    "help.cmd.ruleset doc": {
        "zh": "由规则集生成可读的计分标准（Markdown，逐条列出条款和每个数值），"
        "使公布的规则与执行的规则一致。",
        "en": "Write the human-readable scoring rules (Markdown, clause by clause, with every "
        "number) generated from the ruleset, so the published and the executed rules cannot drift.",
    },
    "help.cmd.dataset": {"zh": "数据集（sqmy-dataset/1）。", "en": "Datasets (sqmy-dataset/1)."},
    "help.cmd.dataset check": {
        "zh": "按 sqmy-dataset/1 约定检查数据集，列出全部问题。",
        "en": "Check a dataset against the sqmy-dataset/1 contract and list every problem.",
    },
    "help.cmd.import": {
        "zh": "把 sqmy-dataset/1 数据集导入工作库：在一个事务中全部导入，或者什么也不改。",
        "en": "Import a sqmy-dataset/1 dataset into a workspace: all of it in one "
        "transaction, or nothing.",
    },
    "help.cmd.export": {
        "zh": "把工作库导出为 sqmy-dataset/1 数据集（撤回的稿件、线索及其联系方式不导出）。",
        "en": "Export a workspace as a sqmy-dataset/1 dataset (withdrawn pieces, clues and "
        "their contacts are left out).",
    },
    "help.cmd.overdue": {
        "zh": "列出已审定通过、超过报送时限仍未报送的信息（逾期队列）。",
        "en": "List the approved pieces not dispatched by their deadline (the overdue queue).",
    },
    "help.cmd.notify": {
        "zh": "每日任务：计算当日的任务提醒、约稿截止提醒和逾期提醒，并发送待发通知（失败的稍后重试）。",
        "en": "The daily job: work out the day's quota, call-deadline and overdue reminders "
        "and send the queued notices (failed ones are retried later).",
    },
    "help.epilog": {
        "zh": "退出状态：0 完成；2 输入被拒绝（用法错误、无法读取的文件、不合规的规则集或数据集），"
        "标准输出无内容，原因见标准错误；1 内部错误（sqmy 的缺陷，请报告；设置 SQMY_DEBUG=1 "
        "可看到详细信息）；3 所要求的检查发现问题（sqmy audit verify 校验审计；"
        "sqmy compare --fail-on-clauses 草稿使规格新失败）；130 被中断。"
        "语言：--lang en 或环境变量 SQMY_LANG=en。",
        "en": "Exit status: 0 done; 2 input refused (a usage error, an unreadable file, a "
        "ruleset or dataset that breaks the rules), nothing on standard output and the reason "
        "on standard error; 1 internal error (a bug of sqmy: please report it; SQMY_DEBUG=1 "
        "shows the details); 3 a check asked for found problems (sqmy audit verify; sqmy "
        "compare --fail-on-clauses: the draft fails spec scenarios); "
        "130 interrupted. Language: --lang en or SQMY_LANG=en.",
    },
    # ---- help words ------------------------------------------------------
    "help.usage": {"zh": "用法：", "en": "Usage: "},
    "help.options": {"zh": "选项", "en": "Options"},
    "help.commands": {"zh": "命令", "en": "Commands"},
    "help.default": {"zh": "默认：{value}", "en": "default: {value}"},
    "help.default_now": {"zh": "默认：当前时间", "en": "default: the current time"},
    "help.required": {"zh": "必填", "en": "required"},
    "help.version": {"zh": "{prog} 版本 {version}", "en": "{prog}, version {version}"},
    # ---- options shared by every command ---------------------------------
    "help.cmd.demo": {
        "zh": "生成一份示例数据集（--out），或把生成的年度按工作流程逐条命令写入 SQLite 工作区（--db）。",
        "en": "Write a generated sample dataset (--out), or replay a generated year command by "
        "command through the workflow into an SQLite workspace (--db).",
    },
    "help.opt.demo.seed": {
        "zh": "随机种子；相同参数生成相同的数据",
        "en": "random seed; the same arguments give the same data",
    },
    "help.opt.demo.year": {"zh": "最后一个年度（如 2024）", "en": "the last year (e.g. 2024)"},
    "help.opt.demo.out": {
        "zh": "输出文件路径（自动创建上级目录）",
        "en": "output file (parent folders are created)",
    },
    "help.opt.demo.db": {
        "zh": "SQLite 工作区文件；已存在的先删除（连同 -wal、-shm 文件）",
        "en": "SQLite workspace file; an existing one is deleted first (with its -wal and -shm files)",
    },
    "help.opt.demo.profile": {
        "zh": "组织类型：district 区政协、party 民建市委、committee 市政协民宗委",
        "en": "kind of organization: district, party or committee",
    },
    "help.opt.demo.ruleset": {
        "zh": "规则集文件（仅 --db；默认为该组织类型随包附带的规则集）",
        "en": "ruleset file (only with --db; default: the ruleset shipped for the profile)",
    },
    "help.opt.demo.people": {
        "zh": "人员数（默认按组织类型）",
        "en": "number of people (default by profile)",
    },
    "help.opt.demo.pieces": {
        "zh": "各年度稿件总数（默认按组织类型）",
        "en": "pieces per year (default by profile)",
    },
    "help.opt.demo.years": {
        "zh": "连续年度数，截至 --year",
        "en": "number of consecutive years ending with --year",
    },
    "help.opt.help": {"zh": "显示本帮助并退出", "en": "Show this message and exit."},
    "help.opt.version": {"zh": "显示版本并退出", "en": "Show the version and exit."},
    "help.opt.lang": {
        "zh": "输出语言（zh 或 en），可写在命令行的任何位置；也可用环境变量 SQMY_LANG",
        "en": "output language (zh or en), anywhere on the command line; or set SQMY_LANG",
    },
    "help.opt.db_url": {
        "zh": "工作库：SQLite 文件路径或存储 URL",
        "en": "workspace: an SQLite file path or a store URL",
    },
    "help.opt.organization": {
        "zh": "组织标识（库中有多个组织时）",
        "en": "organization id (when the database holds several)",
    },
    "help.opt.ruleset_path": _SOURCE_RULESET,
    "help.opt.data_path": {
        "zh": "数据集文件（sqmy-dataset/1 JSON）",
        "en": "dataset file (sqmy-dataset/1 JSON)",
    },
    "help.opt.now_text": {
        "zh": "以此时刻计算（ISO 8601，带时区，如 2024-12-31T24:00:00+08:00；"
        "1900-01-01 至 2199-12-31）",
        "en": "the moment to work at (ISO 8601 with an offset, e.g. 2024-12-31T24:00:00+08:00; "
        "1900-01-01 to 2199-12-31)",
    },
    # ---- per command -----------------------------------------------------
    "help.opt.assess.organization": {
        "zh": "组织标识（用 --db 且不给 --ruleset 时）",
        "en": "organization id (with --db and no --ruleset)",
    },
    "help.opt.assess.year": _YEAR,
    "help.opt.assess.fmt": {
        "zh": "table：排名表；json：sqmy-assessment/1",
        "en": "table: ranked tables; json: sqmy-assessment/1",
    },
    "help.opt.assess.engine": {
        "zh": "计算引擎：auto 按数据量自动选择（大数据且规则集可按列计算时用列式批量路径）；"
        "reference 逐事件参考引擎；columnar 列式批量路径（需安装 scale 扩展）。结果相同",
        "en": "engine: auto picks by size (the columnar batch path for large data whose ruleset "
        "it computes); reference: the event-by-event engine; columnar: the batch path (needs "
        "the scale extra). The results are the same",
    },
    "help.opt.explain.organization": {
        "zh": "组织标识（用 --db 且不给 --ruleset 时）",
        "en": "organization id (with --db and no --ruleset)",
    },
    "help.opt.explain.year": _YEAR,
    "help.opt.explain.person": {"zh": "人员编号", "en": "person id"},
    "help.opt.explain.unit": {"zh": "单位编号", "en": "unit id"},
    "help.opt.bulletin.organization": {
        "zh": "组织标识（用 --db 且不给 --ruleset 时）",
        "en": "organization id (with --db and no --ruleset)",
    },
    "help.opt.bulletin.period_text": {
        "zh": "通报期：2024（全年）、2024Q1 或 2024-Q1（季度）、2024-03（月）；年份 1900–2199",
        "en": "the period: 2024 (the year), 2024Q1 or 2024-Q1 (a quarter), 2024-03 (a month); "
        "years 1900–2199",
    },
    "help.opt.bulletin.on_text": {
        "zh": "发布日期（如 2024-04-01）：按通报的周期（every、covers）推出通报期",
        "en": "publishing day (e.g. 2024-04-01): the period follows from the bulletin's "
        "every and covers",
    },
    "help.opt.bulletin.bulletin_id": {
        "zh": "通报标识（默认：规则集中的第一个通报）",
        "en": "bulletin id (default: the ruleset's first bulletin)",
    },
    "help.opt.bulletin.fmt": {
        "zh": "table：终端表格；markdown：GitHub 表格；html：Word 可打开、粘贴的表格；json：结构见 README；"
        "xlsx、docx、png：Excel 工作簿、Word 通报、图表（须给 --output，见 sqmy report）",
        "en": "table: terminal tables; markdown: GitHub tables; html: tables Word opens or pastes; json: see the "
        "README; xlsx, docx, png: a workbook, a Word bulletin, charts (need --output; see sqmy report)",
    },
    "help.opt.ruleset init.template": {
        "zh": "模板：district（区政协）、party（党派市委）、committee（专委会）、"
        "duty（委员履职积分）、county_office（县委办信息考核）",
        "en": "template: district (a district CPPCC), party (a party's city committee), "
        "committee (a special committee), duty (a member duty ledger), "
        "county_office (a county office's information work)",
    },
    "help.opt.ruleset init.output": {
        "zh": "写入的文件（默认：<模板名>.toml）",
        "en": "the file to write (default: <template>.toml)",
    },
    "help.opt.ruleset init.force": {
        "zh": "覆盖已存在的文件",
        "en": "overwrite the file if it exists",
    },
    "help.opt.ruleset doc.output": {
        "zh": "写入的文件（默认：标准输出）",
        "en": "the file to write (default: standard output)",
    },
    "help.opt.dataset check.ruleset_path": {
        "zh": "规则集（其审级角色也视为合法角色）",
        "en": "ruleset (its review stages' roles are valid roles too)",
    },
    "help.opt.import.ruleset_path": {
        "zh": "核对用：须是库中当前生效的规则集，否则拒绝导入（导入从不施行规则集，"
        "施行请用 sqmy ruleset apply）",
        "en": "a check: must be the ruleset in force, else the import is refused (an import "
        "never puts a ruleset in force; use sqmy ruleset apply)",
    },
    "help.opt.import.actor": {
        "zh": "导入人（须具有角色 staff）：数据集中未写 actor 的事件记为此人的，并标注为导入",
        "en": "the person importing (role staff): events that name no actor are recorded as "
        "theirs, marked imported",
    },
    # ---- ruleset versions, backup and restore (cli/versions_cmd.py, cli/backup_cmd.py) --
    "help.cmd.ruleset apply": {
        "zh": "施行规则集：在工作库（不存在则新建）中记录一个新版本（谁、何时、自哪一天起适用），"
        "以前的版本都保留；考核某年度用该年 12 月 31 日生效的版本。",
        "en": "Put a ruleset in force: record a new version in the workspace (created if "
        "missing) -- who, when, from which day -- keeping every earlier one; a year is "
        "assessed under the version in force on its 31 December.",
    },
    "help.cmd.ruleset history": {
        "zh": "列出工作库施行过的全部规则集版本（当前版本标出）。",
        "en": "List every ruleset version the workspace has had (the current one marked).",
    },
    "help.opt.ruleset apply.from_day": {
        "zh": "自哪一天起适用（YYYY-MM-DD；默认：规则集的 effective_from，没有则为当年 1 月 1 日）",
        "en": "the first day it applies (YYYY-MM-DD; default: the ruleset's effective_from, "
        "else 1 January of the current year)",
    },
    "help.opt.ruleset apply.actor": {
        "zh": "记录为施行人的人员编号或姓名（默认：当前登录名）",
        "en": "who applies it, as recorded (default: the login name)",
    },
    "help.opt.ruleset apply.now_text": {
        "zh": "记录的施行时间（ISO 8601，带时区；默认：当前时间）",
        "en": "the time recorded as applied (ISO 8601 with offset; default: now)",
    },
    "help.cmd.backup": {
        "zh": "把工作库的全部内容（内部事件、规则集版本、登记、幂等键、通知）备份为一个 "
        "sqmy-backup/2 文件；与 export 不同，不丢失任何信息。",
        "en": "Back up everything the workspace holds (internal events, ruleset versions, "
        "registry, idempotency keys, notifications) as one sqmy-backup/2 file; unlike "
        "export, nothing is lost.",
    },
    "help.opt.backup.output": {
        "zh": "写入的文件（默认：标准输出）",
        "en": "the file to write (default: standard output)",
    },
    "help.cmd.restore": {
        "zh": "把 sqmy-backup 备份恢复到一个空的工作库（不存在则新建）：在一个事务中全部恢复，"
        "或者什么也不改。",
        "en": "Restore a sqmy-backup (/1 or /2) backup into an empty workspace (created if missing): "
        "all of it in one transaction, or nothing.",
    },
    "help.opt.restore.ruleset_path": {
        "zh": "备份的工作库未施行规则集、只在打开时指定了规则集（Workspace.open(url, ruleset=...)）时，"
        "给出那个规则集，按它检查登记中的角色与单位类别",
        "en": "the ruleset the backed-up workspace's commands ran under when none was put in force "
        "(Workspace.open(url, ruleset=...)): the registry's roles and unit kinds are checked against it",
    },
    "help.opt.export.output": {
        "zh": "写入的文件（默认：标准输出）",
        "en": "the file to write (default: standard output)",
    },
    "help.opt.notify.settings_path": {
        "zh": "通知渠道配置（TOML，如 [smtp]、[[webhooks]]、[log]）",
        "en": "notification channel settings (TOML, e.g. [smtp], [[webhooks]], [log])",
    },
    "help.opt.notify.no_remind": {
        "zh": "只发送待发通知，不计算当日提醒",
        "en": "only send queued notices; work out no reminders today",
    },
}
