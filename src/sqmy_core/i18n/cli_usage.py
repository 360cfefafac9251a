"""How the command line refuses what it is given (code -> zh/en templates).

Click's own usage errors (a missing option, an unknown one, a bad value ...)
are rendered from these codes instead of click's English, and the values of
the command line's own options (years, times, dates, periods, paths) are
checked against the contract's limits with these messages.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "cli.try_help": {
        "zh": "运行 '{command} --help' 查看帮助。",
        "en": "Try '{command} --help' for help.",
    },
    "cli.internal_error": {
        "zh": "内部错误（{kind}）：这是 sqmy 的缺陷，请报告；设置环境变量 SQMY_DEBUG=1 可看到详细信息",
        "en": "internal error ({kind}): this is a bug of sqmy, please report it; "
        "set SQMY_DEBUG=1 to see the details",
    },
    "cli.interrupted": {"zh": "已中断", "en": "interrupted"},
    # ---- click's usage errors -------------------------------------------
    "usage.missing_option": {"zh": "缺少选项 {name}", "en": "missing option {name}"},
    "usage.missing_argument": {"zh": "缺少参数 {name}", "en": "missing argument {name}"},
    "usage.no_such_option": {"zh": "没有选项 {name}", "en": "no such option {name}"},
    "usage.no_such_command": {"zh": "没有命令 {name}", "en": "no such command {name}"},
    "usage.did_you_mean": {"zh": "（是否想用：{names}）", "en": " (did you mean {names}?)"},
    "usage.missing_command": {
        "zh": "缺少命令（可用的命令：{allowed}）",
        "en": "missing command (commands: {allowed})",
    },
    "usage.extra_arguments": {
        "zh": "多余的参数：{found}",
        "en": "unexpected extra arguments: {found}",
    },
    "usage.needs_value": {"zh": "选项 {name} 需要一个值", "en": "option {name} needs a value"},
    "usage.takes_no_value": {
        "zh": "选项 {name} 不接受值",
        "en": "option {name} does not take a value",
    },
    "usage.bad_value": {
        "zh": "{name} 的值无效：{found}",
        "en": "invalid value for {name}: {found}",
    },
    "usage.other": {"zh": "命令行用法有误：{detail}", "en": "usage error: {detail}"},
    "usage.bad_lang": {
        "zh": "未知的语言 {found}（应为以下之一：{allowed}）",
        "en": "unknown language {found} (expected one of: {allowed})",
    },
    # ---- values of options ----------------------------------------------
    "time_out_of_range": {
        "zh": "时间应在 {low} 到 {high} 之间，实际为 {found}",
        "en": "expected a time from {low} to {high}, got {found}",
    },
    "date_out_of_range": {
        "zh": "日期应在 {low} 到 {high} 之间，实际为 {found}",
        "en": "expected a date from {low} to {high}, got {found}",
    },
    "year_out_of_range": {
        "zh": "年份应在 {low} 到 {high} 之间，实际为 {found}",
        "en": "expected a year from {low} to {high}, got {found}",
    },
    "bad_path": {
        "zh": "不是可用的文件路径：{found}（含空字符或无法编码的字符）",
        "en": "not a usable file path: {found} (a NUL or a character that cannot be encoded)",
    },
    "path_is_directory": {
        "zh": "{found} 是目录，应为文件",
        "en": "{found} is a directory, expected a file",
    },
    "no_such_directory": {
        "zh": "无法写入 {found}：目录 {folder} 不存在",
        "en": "cannot write {found}: the folder {folder} does not exist",
    },
    "write_failed": {"zh": "无法写入文件：{reason}", "en": "cannot write the file: {reason}"},
    "os_failed": {"zh": "{found}：{reason}", "en": "{found}: {reason}"},
}
