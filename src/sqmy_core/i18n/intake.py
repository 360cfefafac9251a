"""Messages of the Excel intake (``sqmy template xlsx``, ``sqmy import --xlsx``) and its help.

Every bad cell is named by its sheet, column and row (``名册!C7``): the
problem's path is the cell, the message says what was expected and what
was found.
"""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "intake.needs_openpyxl": {
        "zh": "读写 Excel 文件需要 openpyxl：pip install 'sqmy-core[reports]'",
        "en": "reading and writing Excel files needs openpyxl: pip install 'sqmy-core[reports]'",
    },
    "intake.not_xlsx": {
        "zh": "不是 Excel 工作簿（.xlsx）文件",
        "en": "not an Excel workbook (.xlsx) file",
    },
    "intake.unreadable": {
        "zh": "无法读取这个 Excel 工作簿（文件已损坏：{reason}）",
        "en": "this Excel workbook cannot be read (the file is damaged: {reason})",
    },
    "intake.too_large": {
        "zh": "文件过大：{found} 字节，最多 {limit} 字节",
        "en": "the file is too large: {found} bytes, at most {limit}",
    },
    "intake.too_many_rows": {
        "zh": "行数过多：一张表最多 {limit} 行",
        "en": "too many rows: a sheet holds at most {limit}",
    },
    "intake.no_sheet": {
        "zh": "工作簿中没有可导入的表：应有以下表之一：{sheets}（请用 sqmy template xlsx 生成模板）",
        "en": "the workbook has no sheet to import: expected one of {sheets} (write a template "
        "with sqmy template xlsx)",
    },
    "intake.missing_column": {
        "zh": "缺少必填列“{header}”（{key}）",
        "en": "the required column “{header}” ({key}) is missing",
    },
    "intake.required": {
        "zh": "“{header}”必填，实为空",
        "en": "“{header}” is required, found an empty cell",
    },
    "intake.bad_time": {
        "zh": "应为日期 YYYY-MM-DD（或 YYYY-MM-DD HH:MM），实为“{found}”",
        "en": "expected a date YYYY-MM-DD (or YYYY-MM-DD HH:MM), found “{found}”",
    },
    "intake.expected_text": {
        "zh": "“{header}”应为文字或编号，实为“{found}”",
        "en": "“{header}” should be text or an id, found “{found}”",
    },
    "intake.too_long": {
        "zh": "文字过长：{found} 个字符，最多 {limit} 个",
        "en": "the text is too long: {found} characters, at most {limit}",
    },
    "intake.unknown_word": {
        "zh": "“{header}”应为以下之一：{allowed}；实为“{found}”",
        "en": "“{header}” should be one of: {allowed}; found “{found}”",
    },
    "intake.more_problems": {
        "zh": "……另有 {count} 处问题未列出",
        "en": "... and {count} more problems not listed",
    },
    "intake.imported": {
        "zh": "已把 {path} 导入工作库 {db}：单位 {units} 个，人员 {people} 人，采用 {adoptions} 条，"
        "批示 {instructions} 条，办理 {handlings} 条（已导入过、本次未重复登记的 {repeated} 条）",
        "en": "imported {path} into {db}: {units} units, {people} people, {adoptions} "
        "adoptions, {instructions} instructions, {handlings} handlings ({repeated} rows "
        "imported before, not recorded again)",
    },
    "intake.template_written": {
        "zh": "已写入模板 {path}（{kind}：{sheets}）",
        "en": "wrote the template {path} ({kind}: {sheets})",
    },
    "intake.template_needs_ruleset": {
        "zh": "请用 --ruleset 指定规则集文件，或用 --db 指定工作库（只能选一个）：下拉列表取自其中的词表",
        "en": "name exactly one of --ruleset (a ruleset file) or --db (a workspace): the lists "
        "offer its vocabularies",
    },
    "intake.import_one_source": {
        "zh": "请给出一个数据集文件，或者 --xlsx 工作簿，二者选一",
        "en": "give one dataset file, or --xlsx with a workbook: one of the two",
    },
    "progress.import": {"zh": "导入", "en": "Importing"},
    "progress.assess": {"zh": "考核", "en": "Assessing"},
    "progress.backup": {"zh": "备份", "en": "Backing up"},
    "progress.report": {"zh": "生成报告", "en": "Reporting"},
    # ---- help -----------------------------------------------------------------
    "help.cmd.template": {
        "zh": "模板：生成办公室填写用的 Excel 工作簿。",
        "en": "Templates: write the Excel workbooks an office fills in.",
    },
    "help.cmd.template xlsx": {
        "zh": "生成 Excel 模板：名册（单位、人员）或采用、批示、办理台账；列名为中文，"
        "词表列有下拉列表（含规则集声明的词），附填写说明。填好后用 sqmy import --xlsx 导入。",
        "en": "Write an Excel template: the roster (units, people) or the adoption, instruction "
        "and handling ledgers; Chinese headers, drop-down lists on vocabulary columns (the "
        "ruleset's declared words included), and an instructions sheet. Import the filled "
        "workbook with sqmy import --xlsx.",
    },
    "help.opt.template xlsx.kind": {
        "zh": "模板种类：roster 名册、adoptions 采用、instructions 批示、handling 办理、"
        "ledger 三种台账合一",
        "en": "which workbook: roster, adoptions, instructions, handling, or ledger (all three "
        "ledgers)",
    },
    "help.opt.template xlsx.output": {
        "zh": "写入的 .xlsx 文件",
        "en": "the .xlsx file to write",
    },
    "help.opt.template xlsx.ruleset_path": {
        "zh": "取词表的规则集文件（或用 --db 取工作库中生效的规则集）",
        "en": "the ruleset whose vocabularies the lists offer (or --db: the one in force)",
    },
    "help.opt.import.xlsx_path": {
        "zh": "导入 Excel 工作簿（名册或台账，由 sqmy template xlsx 生成的模板填写），代替数据集文件",
        "en": "import an Excel workbook (a roster or ledgers filled in from sqmy template xlsx) "
        "instead of a dataset file",
    },
    "help.opt.quiet": {
        "zh": "不显示进度条",
        "en": "show no progress bar",
    },
}
