"""Which scope of an API credential each operation needs, declared on its route.

Every route says it with ``openapi_extra=needs("...")``: the scope lands in
the OpenAPI document as ``x-sqmy-scope`` (so an integrator reads there what
a credential must hold for each call) and the authentication layer reads
it from the matched route, so no operation is ever served without a
declared scope (a test walks every route).  Reads need ``read``; the writes
are split by who does them in an office: the registry clerk, the workflow
(members and reviewers), the office recording outcomes, the holder of
contact data, the administrator.
"""

from __future__ import annotations

from typing import Any, Final

SCOPE_KEY: Final = "x-sqmy-scope"
"""The OpenAPI extension (and ``openapi_extra`` key) naming an operation's scope."""

PUBLIC: Final = "public"
"""No credential needed: the health check (a load balancer calls it)."""

SCOPES: Final[dict[str, str]] = {
    "read": "查询：稿件、待办清单、考核、解释、通报、排名",
    "registry": "名册同步：人员、单位、征集、线索",
    "workflow": "稿件流转：来稿登记、审核、专家意见、退修重交、撤回",
    "outcomes": "成果登记：报送、采用、批示、办理结果、扣分、调整",
    "contacts": "查看线索的联系方式（另需有权限的角色）",
    "admin": "管理：启用规则集、订阅事件推送",
}
"""Every scope a credential may hold, with what it allows (Chinese: shown to office staff)."""


def needs(scope: str) -> dict[str, Any]:
    """The ``openapi_extra`` of a route that needs ``scope`` (refused at import if unknown)."""
    if scope != PUBLIC and scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}: one of {sorted(SCOPES)} or {PUBLIC!r}")
    return {SCOPE_KEY: scope}


__all__ = ["PUBLIC", "SCOPES", "SCOPE_KEY", "needs"]
