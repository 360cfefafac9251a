"""Messages of the HTTP service (``sqmy serve``): problem titles and what a request got wrong."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "help.cmd.serve": {
        "zh": "提供 HTTP/JSON 接口（uvicorn；见 docs/service.md）；--openapi 只输出接口的 OpenAPI 文档。",
        "en": "Serve the HTTP/JSON interface (uvicorn; see docs/service.md); --openapi only prints "
        "its OpenAPI document.",
    },
    "help.opt.serve.organization": {
        "zh": "只提供这一个组织（不给则提供库中每个组织）",
        "en": "serve this organization only (else every organization of the database)",
    },
    "help.opt.serve.host": {"zh": "监听的地址", "en": "address to listen on"},
    "help.opt.serve.port": {"zh": "监听的端口", "en": "port to listen on"},
    "help.opt.serve.log_level": {
        "zh": "请求日志（标准错误输出，每个请求一行 JSON，不含个人信息）与 uvicorn 的日志级别",
        "en": "level of the request log (stderr, one JSON line per request, no personal data) "
        "and of uvicorn's",
    },
    "help.opt.serve.openapi": {
        "zh": "只输出 OpenAPI 3.1 文档（docs/openapi.json 即此），不启动服务",
        "en": "print the OpenAPI 3.1 document (what docs/openapi.json holds) and serve nothing",
    },
    "service.need_db": {
        "zh": "请用 --db 指定要提供服务的工作库",
        "en": "name the workspace to serve with --db",
    },
    "service.title.bad_request": {"zh": "请求有误", "en": "Bad request"},
    "service.title.forbidden": {"zh": "无权办理", "en": "Forbidden"},
    "service.title.not_found": {"zh": "不存在", "en": "Not found"},
    "service.title.conflict": {"zh": "与现状冲突", "en": "Conflict"},
    "service.title.precondition_failed": {
        "zh": "版本已变（If-Match 过时）",
        "en": "Precondition failed (stale If-Match)",
    },
    "service.title.precondition_required": {
        "zh": "须带 If-Match 或 Idempotency-Key",
        "en": "Precondition required (If-Match or Idempotency-Key)",
    },
    "service.title.unprocessable": {"zh": "内容无法办理", "en": "Unprocessable content"},
    "service.invalid_field": {
        "zh": "应为{expected}，实际为 {found}",
        "en": "expected {expected}, found {found} ({detail})",
    },
    "service.missing_field": {"zh": "缺少必填项", "en": "required, but missing"},
    "service.bad_json": {
        "zh": "请求体不是有效的 JSON（{found}）",
        "en": "the request body is not valid JSON ({found})",
    },
    "service.http_error": {
        "zh": "请求无法处理：{found}",
        "en": "the request cannot be served: {found}",
    },
    "service.bad_if_match": {
        "zh": "If-Match 应为稿件版本（如 \"3\"），实际为 {found}",
        "en": "If-Match must be a version (such as \"3\"), found {found}",
    },
    "service.bad_cursor": {
        "zh": "游标 {found} 无法识别（应为上一页返回的 next_cursor）",
        "en": "cursor {found} is not one this service returned (use next_cursor of the last page)",
    },
    "service.one_list": {
        "zh": "awaiting_review 与 overdue 只能给一个，实际给了 {found}",
        "en": "give at most one of awaiting_review and overdue, found {found}",
    },
    "service.unknown_org": {
        "zh": "本服务不提供组织 {found}",
        "en": "this service does not serve organization {found}",
    },
}


NOUNS: dict[str, dict[str, str]] = {
    "service.expect.missing": {"zh": "必填项", "en": "a value"},
    "service.expect.timezone_aware": {
        "zh": "带时区的时间（如 2024-03-01T09:00:00+08:00）",
        "en": "a time with its offset (such as 2024-03-01T09:00:00+08:00)",
    },
    "service.expect.datetime_parsing": {
        "zh": "ISO 8601 时间（如 2024-03-01T09:00:00+08:00）",
        "en": "an ISO 8601 time (such as 2024-03-01T09:00:00+08:00)",
    },
    "service.expect.datetime_from_date_parsing": {
        "zh": "ISO 8601 时间（如 2024-03-01T09:00:00+08:00）",
        "en": "an ISO 8601 time (such as 2024-03-01T09:00:00+08:00)",
    },
    "service.expect.datetime_type": {"zh": "时间", "en": "a time"},
    "service.expect.list_type": {"zh": "列表", "en": "a list"},
    "service.expect.string_type": {"zh": "文本", "en": "a string"},
    "service.expect.int_parsing": {"zh": "整数", "en": "an integer"},
    "service.expect.int_type": {"zh": "整数", "en": "an integer"},
    "service.expect.extra_forbidden": {"zh": "不含此字段（未定义）", "en": "no such field"},
    "service.expect.string_too_short": {"zh": "非空文本", "en": "a non-empty string"},
    "service.expect.string_too_long": {"zh": "更短的文本", "en": "a shorter string"},
    "service.expect.too_short": {"zh": "至少一项", "en": "at least one item"},
    "service.expect.greater_than_equal": {"zh": "不小于下限的数", "en": "a number no less than the least"},
    "service.expect.less_than_equal": {"zh": "不大于上限的数", "en": "a number no greater than the most"},
}
"""What a field was expected to be, by pydantic's error code (``expected`` is looked up here)."""

__all__ = ["MESSAGES", "NOUNS"]
