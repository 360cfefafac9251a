"""Messages of the service's registry, records, ruleset, report and work-list endpoints."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "service.one_list_of": {
        "zh": "{allowed} 只能给一个，实际给了 {found}",
        "en": "give at most one of {allowed}, found {found}",
    },
    "service.ruleset_extends": {
        "zh": "经服务施行的规则集不能用 extends（{found}）：服务不读取服务器上的文件，"
        "请提交展开后的规则集（sqmy ruleset show 的输出）",
        "en": "a ruleset applied through the service cannot use extends ({found}): the service "
        "reads no file of the server; send the resolved ruleset (what sqmy ruleset show prints)",
    },
    "service.ruleset_org": {
        "zh": "规则集的 organization 是 {found}，而请求路径的组织是 {expected}",
        "en": "the ruleset's organization is {found}, but the request's path names {expected}",
    },
    "service.need_one_entity": {
        "zh": "person 与 unit 须给且只给一个，实际给了 {found}",
        "en": "give exactly one of person and unit, found {found}",
    },
    "service.need_one_period": {
        "zh": "period 与 on 须给且只给一个，实际给了 {found}",
        "en": "give exactly one of period and on, found {found}",
    },
    "service.year_range": {
        "zh": "年度应在 {low} 至 {high} 之间，实际为 {found}",
        "en": "the year must be from {low} to {high}, found {found}",
    },
}


NOUNS: dict[str, dict[str, str]] = {
    "service.what.entity": {"zh": "考核对象类别", "en": "kind of assessed entity"},
}
"""The nouns its messages name (``what``)."""

__all__ = ["MESSAGES", "NOUNS"]
