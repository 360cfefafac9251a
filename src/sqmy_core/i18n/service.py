"""Messages of the HTTP service (``sqmy serve``): problem titles and what a request got wrong."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
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
        "zh": "应为{expected}，实际为 {found}（{detail}）",
        "en": "expected {expected}, found {found} ({detail})",
    },
    "service.missing_field": {"zh": "缺少必填项", "en": "required, but missing"},
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


__all__ = ["MESSAGES"]
