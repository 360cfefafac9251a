"""The fixed vocabularies of the interchange contract (``sqmy-dataset/1``).

They live in one place so that the dataset validator, the ruleset checks and
the engine all refuse the same unknown words.  A ruleset may add reviewer
roles (its review stages name them); every other list here is closed.
"""

from __future__ import annotations

from typing import Final

from attrs import frozen

from sqmy_core.model.shared_methods import shared_repr

LEVELS: Final = ("county", "city", "province", "national")
"""Administrative levels, lowest first (县区级, 市级, 省级, 国家级)."""

LEVEL_NAMES: Final = {
    "county": "县（区）级",
    "city": "市级",
    "province": "省级",
    "national": "国家级",
}


@frozen
@shared_repr
class Body:
    """A body that can adopt (采用) a piece; its level decides level-based points."""

    id: str
    name: str
    level: str


BODIES: Final = {
    b.id: b
    for b in (
        Body("cppcc-county", "县（区）政协（含本级刊物采用）", "county"),
        Body("cppcc-city", "市政协", "city"),
        Body("cppcc-province", "省政协", "province"),
        Body("cppcc-national", "全国政协", "national"),
        Body("party-city", "党派市委", "city"),
        Body("party-province", "党派省委", "province"),
        Body("party-central", "党派中央", "national"),
        Body("cpc-county-office", "县（区）委办公室", "county"),
        Body("cpc-city-office", "市委办公厅（室）", "city"),
        Body("cpc-province-office", "省委办公厅", "province"),
    )
}

RANKS: Final = ("principal", "deputy")
RANK_NAMES: Final = {"principal": "主要领导", "deputy": "分管领导"}

ROUTES: Final = ("direct", "reference", "transfer", "bulletin")
ROUTE_NAMES: Final = {
    "direct": "直报",
    "reference": "参阅件",
    "transfer": "转办函",
    "bulletin": "编入刊物",
}

OUTCOMES: Final = ("implemented", "under_study", "declined")
OUTCOME_NAMES: Final = {
    "implemented": "落实并书面反馈",
    "under_study": "列入研究",
    "declined": "不予采纳",
}

UNIT_KINDS: Final = (
    "cppcc",
    "sector",
    "committee",
    "liaison",
    "studio",
    "party",
    "district_branch",
    "grassroots",
    "office",
)
UNIT_KIND_NAMES: Final = {
    "cppcc": "政协",
    "sector": "界别",
    "committee": "专委会",
    "liaison": "镇街工委",
    "studio": "委员工作室",
    "party": "党派组织",
    "district_branch": "区县委会",
    "grassroots": "基层组织",
    "office": "机关委办",
}

BUILTIN_ROLES: Final = ("member", "standing_member", "special_officer", "staff", "expert")
ROLE_NAMES: Final = {
    "member": "委员",
    "standing_member": "常委",
    "special_officer": "特约信息员",
    "staff": "机关干部",
    "expert": "专家",
}

CALL_KINDS: Final = ("commission", "call", "key_topic")
CALL_KIND_NAMES: Final = {"commission": "定向约稿", "call": "征集目录", "key_topic": "年度重点选题"}

DECISIONS: Final = ("pass", "return", "reject", "escalate")
DECISION_NAMES: Final = {
    "pass": "通过",
    "return": "退回修改",
    "reject": "不予上报",
    "escalate": "提请专家联合复核",
}

CHECKS: Final = ("political", "policy", "factual", "format", "wording")
CHECK_NAMES: Final = {
    "political": "政治关",
    "policy": "政策关",
    "factual": "事实关",
    "format": "格式关",
    "wording": "文字关",
}

EVENT_TYPES: Final = (
    "approved",
    "rejected",
    "returned",
    "reviewed",
    "dispatched",
    "adopted",
    "instructed",
    "handled",
)
"""Event types a dataset may carry.  ``submitted`` is not among them: it is
derived from ``pieces[].submitted_at``."""

SCORABLE_EVENTS: Final = ("submitted", *EVENT_TYPES, "penalized")
EVENT_NAMES: Final = {
    "submitted": "提交",
    "approved": "审定通过",
    "rejected": "不予上报",
    "returned": "退回修改",
    "reviewed": "审核",
    "dispatched": "报送",
    "adopted": "采用",
    "instructed": "批示",
    "handled": "办理",
    "penalized": "处罚",
}
CONTRIBUTION_NAMES: Final = {
    "activity": "履职活动",
    "adjustment": "加减分",
    "period": "分期指标",
    "cap": "封顶/保底",
    "step": "插件步骤",
    "member": "成员积分",
}
"""What an explanation line came from when it is not a piece's event."""

METRICS: Final = (
    "submitted",
    "approved",
    "adopted",
    "instructed",
    "implemented",
    "handled",
    "dispatched",
    "rejected",
    "returned",
)
"""What a quota, a ranking tie-breaker or a bulletin can count: distinct pieces
with such an event in the period (``implemented`` is a ``handled`` event whose
outcome is ``implemented``)."""

METRIC_NAMES: Final = {
    "submitted": "提交",
    "approved": "审定通过",
    "adopted": "采用",
    "instructed": "批示",
    "implemented": "落实反馈",
    "handled": "办理",
    "dispatched": "报送",
    "rejected": "不予上报",
    "returned": "退回修改",
}

CLUE_CHANNELS: Final = (
    "qr_code",
    "mailbox",
    "forum",
    "inspection",
    "proposal",
    "speech",
    "report_point",
)
CLUE_CHANNEL_NAMES: Final = {
    "qr_code": "码上反映",
    "mailbox": "委员信箱",
    "forum": "民情恳谈会",
    "inspection": "调研视察",
    "proposal": "提案转化",
    "speech": "会议发言转化",
    "report_point": "信息直报点",
}
"""Where a clue (线索) came from."""
