"""The reasons libraries give (OS errors, tomllib, json), in the user's language.

Messages such as ``read_failed`` or ``toml_syntax`` carry a ``reason`` taken
from an exception: the operating system's ``strerror`` ("No such file or
directory"), tomllib's "Invalid value (at line 2, column 16)" or json's
"Expecting value".  That English must not leak into Chinese output, so
:func:`reason_text` recognises the common ones and says them from this
catalogue; an OS error it does not know is named by its errno, a TOML or JSON
message by its line and column, never by the library's words.
"""

from __future__ import annotations

import errno
import os
import re
from typing import Final

_ERRNOS: Final = (
    "ENOENT",
    "EACCES",
    "EPERM",
    "EISDIR",
    "ENOTDIR",
    "ENOSPC",
    "EROFS",
    "ENAMETOOLONG",
    "ELOOP",
    "EEXIST",
    "EINVAL",
    "EIO",
    "EMFILE",
    "ENXIO",
    "EBUSY",
    "EFBIG",
    "EDQUOT",
    "ETXTBSY",
)

MESSAGES: dict[str, dict[str, str]] = {
    "os.ENOENT": {"zh": "文件或目录不存在", "en": "no such file or directory"},
    "os.EACCES": {"zh": "没有访问权限", "en": "permission denied"},
    "os.EPERM": {"zh": "不允许此操作", "en": "operation not permitted"},
    "os.EISDIR": {"zh": "这是一个目录，不是文件", "en": "it is a directory, not a file"},
    "os.ENOTDIR": {"zh": "路径中有一段不是目录", "en": "a part of the path is not a folder"},
    "os.ENOSPC": {"zh": "磁盘空间不足", "en": "no space left on the device"},
    "os.EROFS": {"zh": "文件系统是只读的", "en": "read-only file system"},
    "os.ENAMETOOLONG": {"zh": "文件名过长", "en": "file name too long"},
    "os.ELOOP": {"zh": "符号链接层数过多", "en": "too many levels of symbolic links"},
    "os.EEXIST": {"zh": "文件已存在", "en": "the file exists"},
    "os.EINVAL": {"zh": "参数无效", "en": "invalid argument"},
    "os.EIO": {"zh": "输入输出错误", "en": "input/output error"},
    "os.EMFILE": {"zh": "打开的文件过多", "en": "too many open files"},
    "os.ENXIO": {"zh": "设备不存在", "en": "no such device"},
    "os.EBUSY": {"zh": "设备或资源忙", "en": "device or resource busy"},
    "os.EFBIG": {"zh": "文件过大", "en": "file too large"},
    "os.EDQUOT": {"zh": "超出磁盘配额", "en": "disk quota exceeded"},
    "os.ETXTBSY": {"zh": "文件正被使用", "en": "text file busy"},
    "os.other": {"zh": "系统错误（errno {number}）", "en": "system error (errno {number})"},
    "os.unknown": {"zh": "系统错误", "en": "system error"},
    # tomllib
    "syntax.at": {
        "zh": "第 {line} 行第 {column} 列：{what}",
        "en": "{what} (at line {line}, column {column})",
    },
    "syntax.at_end": {"zh": "文件末尾：{what}", "en": "{what} (at the end of the file)"},
    "syntax.invalid_value": {"zh": "值无效", "en": "invalid value"},
    "syntax.invalid_statement": {"zh": "无法识别的语句", "en": "invalid statement"},
    "syntax.expected_equals": {"zh": "键之后应为 '='", "en": "expected '=' after a key"},
    "syntax.unclosed_array": {"zh": "数组没有闭合（缺少 ']'）", "en": "unclosed array"},
    "syntax.unclosed_inline_table": {
        "zh": "内联表没有闭合（缺少 '}}'）",
        "en": "unclosed inline table",
    },
    "syntax.unterminated_string": {"zh": "字符串没有结束引号", "en": "unterminated string"},
    "syntax.duplicate": {"zh": "同一个键或表定义了两次", "en": "a key or table defined twice"},
    "syntax.illegal_character": {"zh": "非法字符", "en": "illegal character"},
    "syntax.bad_key": {"zh": "键的开头字符无效", "en": "invalid first character of a key"},
    "syntax.bad_escape": {"zh": "无效的转义序列", "en": "invalid escape sequence"},
    "syntax.bad_datetime": {"zh": "日期或时间无效", "en": "invalid date or time"},
    "syntax.bad_table_header": {
        "zh": "表头没有闭合（缺少 ']' 或 ']]'）",
        "en": "unclosed table header",
    },
    "syntax.error": {"zh": "语法错误", "en": "syntax error"},
    # json
    "syntax.expected_json_value": {"zh": "此处应为一个值", "en": "expected a value"},
    "syntax.expected_comma": {"zh": "此处应为 ','", "en": "expected ','"},
    "syntax.expected_colon": {"zh": "此处应为 ':'", "en": "expected ':'"},
    "syntax.expected_name": {
        "zh": "此处应为用双引号括起的键名",
        "en": "expected a key in double quotes",
    },
    "syntax.extra_data": {"zh": "文档结束后还有多余内容", "en": "extra data after the document"},
    "syntax.control_character": {
        "zh": "字符串中有未转义的控制字符",
        "en": "unescaped control character in a string",
    },
    "syntax.not_json_value": {
        "zh": "NaN、Infinity 不是 JSON 的值",
        "en": "NaN and Infinity are not JSON values",
    },
}

_STRERROR: Final = {
    os.strerror(getattr(errno, name)): name for name in _ERRNOS if hasattr(errno, name)
}
_BY_NUMBER: Final = {getattr(errno, name): name for name in _ERRNOS if hasattr(errno, name)}
_ERRNO_TEXT: Final = re.compile(r"\[Errno (\d+)\] [^:]*(?:: (.*))?", re.DOTALL)
_AT: Final = re.compile(r"(.*) \(at (?:line (\d+), column (\d+)|end of document)\)", re.DOTALL)

# Library wording (start of the message) -> code of :data:`MESSAGES`.
_SYNTAX: Final = (
    ("Invalid value", "syntax.invalid_value"),
    ("Invalid statement", "syntax.invalid_statement"),
    ("Expected '=' after a key", "syntax.expected_equals"),
    ("Unclosed array", "syntax.unclosed_array"),
    ("Unclosed inline table", "syntax.unclosed_inline_table"),
    ("Unterminated string", "syntax.unterminated_string"),
    ("Cannot declare", "syntax.duplicate"),
    ("Cannot overwrite", "syntax.duplicate"),
    ("Cannot mutate", "syntax.duplicate"),
    ("Cannot redefine", "syntax.duplicate"),
    ("Duplicate inline table key", "syntax.duplicate"),
    ("Illegal character", "syntax.illegal_character"),
    ("Found invalid character", "syntax.illegal_character"),
    ("Invalid initial character for a key", "syntax.bad_key"),
    ("Unescaped '\\'", "syntax.bad_escape"),
    ("Invalid hex value", "syntax.bad_escape"),
    ("Escaped character is not", "syntax.bad_escape"),
    ("Invalid date or datetime", "syntax.bad_datetime"),
    ("Expected ']", "syntax.bad_table_header"),
    ("Expecting value", "syntax.expected_json_value"),
    ("Expecting ',' delimiter", "syntax.expected_comma"),
    ("Expecting ':' delimiter", "syntax.expected_colon"),
    ("Expecting property name", "syntax.expected_name"),
    ("Extra data", "syntax.extra_data"),
    ("Invalid control character", "syntax.control_character"),
    ("Invalid \\escape", "syntax.bad_escape"),
    ("Invalid \\uXXXX escape", "syntax.bad_escape"),
    ("NaN is not a JSON value", "syntax.not_json_value"),
    ("Infinity is not a JSON value", "syntax.not_json_value"),
    ("-Infinity is not a JSON value", "syntax.not_json_value"),
    ("Expected", "syntax.error"),
)


def _say(code: str, lang: str, **params: object) -> str:
    templates = MESSAGES[code]
    return templates.get(lang, templates["en"]).format(**params)


def _syntax(text: str, lang: str) -> str | None:
    for start, code in _SYNTAX:
        if text.startswith(start):
            return _say(code, lang)
    return None


def reason_text(reason: str, lang: str) -> str:
    """``reason`` (a library's English) said from the catalogue when it is a known one."""
    name = _STRERROR.get(reason)
    if name is not None:
        return _say(f"os.{name}", lang)
    m = _ERRNO_TEXT.fullmatch(reason)
    if m is not None:
        number = int(m.group(1))
        known = _BY_NUMBER.get(number)
        said = _say(f"os.{known}", lang) if known else _say("os.other", lang, number=number)
        if m.group(2):  # the file it names
            said += ("：" if lang == "zh" else ": ") + m.group(2)
        return said
    m = _AT.fullmatch(reason)
    if m is not None:
        what = _syntax(m.group(1), lang) or _say("syntax.error", lang)
        if m.group(2) is None:
            return _say("syntax.at_end", lang, what=what)
        return _say("syntax.at", lang, what=what, line=m.group(2), column=m.group(3))
    known_syntax = _syntax(reason, lang)
    if known_syntax is not None:
        return known_syntax
    return reason
