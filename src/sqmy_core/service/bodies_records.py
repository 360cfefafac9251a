"""The JSON bodies of the registry records beyond people and units, and of the office's records.

Calls (征集/选题) and clues (线索) are registry records, put whole like a
person; a penalty is a piece command; an adjustment is a registry record
whose ``id`` is its own idempotency key; a ruleset is applied from its TOML
text carried in a JSON string (one body format for every endpoint: a Java
or curl caller builds it like any other, ``jq -Rs`` reads a file into it).
Exact numbers (an adjustment's ``points``) are best sent as decimal
strings (``"-2.5"``); a JSON number is read through its shortest decimal.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from sqmy_core.service.bodies import Body, PieceItem

Attribute = str | bool | int | float
"""A declared attribute's value (text, truth value or number)."""


class CallRecord(Body):
    actor: str = Field(min_length=1, description="登记此记录的人员 id")
    now: AwareDatetime | None = None
    title: str = Field(min_length=1)
    kind: str = Field(min_length=1, description="commission | call | key_topic")
    assignees: list[str] = Field([], description="定向约稿的约稿对象（人员 id）")
    due: AwareDatetime | None = None
    attributes: dict[str, Attribute] = Field(default_factory=dict)


class ClueRecord(Body):
    actor: str = Field(min_length=1)
    now: AwareDatetime | None = None
    channel: str = Field(min_length=1, description="qr_code | mailbox | forum | ...")
    received_at: AwareDatetime
    summary: str = Field(min_length=1)
    contact: str | None = Field(
        None, description="联系方式：只以密封形式保存，只经 /contact 由有权角色读取"
    )


class ClueConversion(Body):
    piece: str = Field(min_length=1, description="由线索形成的稿件 id")
    actor: str = Field(min_length=1)
    now: AwareDatetime | None = None
    title: str = Field(min_length=1)
    authors: list[str] = Field(min_length=1)
    unit: str | None = None
    topic: str | None = None


class ClueView(BaseModel):
    """A clue without its contact: what became of the contact and of the clue."""

    record: dict[str, Any]
    version: int
    contact_status: str = Field(description="none | sealed | expired | erased | plain")
    converted_into: str | None


class ContactView(BaseModel):
    clue: str
    contact: str


class PenaltyRecord(Body):
    piece: str = Field(min_length=1)
    kind: str = Field(min_length=1, description="规则集声明的处罚种类")
    actor: str = Field(min_length=1, description="登记人（staff）")
    now: AwareDatetime | None = Field(None, description="处罚时间；不给则用服务器时钟")
    persons: list[str] | None = Field(None, description="有过错的作者；不给则为全部作者")
    note: str | None = None


class PenaltyItem(BaseModel):
    piece: str
    kind: str
    persons: list[str]
    at: str
    actor: str | None
    note: str | None
    version: int = Field(description="此事件在稿件中的版本")


class PenaltyPage(BaseModel):
    items: list[PenaltyItem]
    next_cursor: str | None


class AdjustmentRecord(Body):
    id: str = Field(min_length=1, description="加减分记录 id，也是它的幂等键")
    points: str | int | float = Field(description='精确分值，最好写作十进制字符串（"-2.5"）')
    at: AwareDatetime
    reason: str = Field(min_length=1)
    approved_by: str = Field(min_length=1, description="批准人（已登记人员）")
    person: str | None = None
    unit: str | None = None
    clause: str | None = None
    section: str | None = None
    actor: str = Field(min_length=1, description="登记人（办理登记的人员；批准人是 approved_by）")


class RecordPage(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None


class RulesetApply(Body):
    actor: str = Field(min_length=1, description="施行人")
    now: AwareDatetime | None = Field(None, description="施行时间；不给则用服务器时钟")
    toml: str = Field(min_length=1, max_length=1 << 20, description="规则集全文（TOML，不含 extends）")
    source: str | None = Field(None, max_length=200, description="来源（如文件名），记入版本")


class RulesetVersionView(BaseModel):
    number: int
    title: str | None
    source: str
    sha256: str
    actor: str | None
    applied_at: str | None
    effective_from: date | None
    current: bool


class RulesetVersions(BaseModel):
    items: list[RulesetVersionView]


class WorkItem(PieceItem):
    since: str | None = Field(None, description="待办理反馈：批示或转办的时间")


class WorkPage(BaseModel):
    items: list[WorkItem]
    next_cursor: str | None


class StandingView(BaseModel):
    entity: str
    id: str
    points: float = Field(description="积分（四舍五入到两位小数，仅供显示）")
    points_exact: str = Field(description="精确积分（分数，如 17/2）")
    rank: int
    group: str | None
    counts: dict[str, int]
    sections: dict[str, float] | None


class StandingPage(BaseModel):
    year: int
    items: list[StandingView]
    next_cursor: str | None


__all__ = [
    "AdjustmentRecord",
    "Attribute",
    "CallRecord",
    "ClueConversion",
    "ClueRecord",
    "ClueView",
    "ContactView",
    "PenaltyItem",
    "PenaltyPage",
    "PenaltyRecord",
    "RecordPage",
    "RulesetApply",
    "RulesetVersionView",
    "RulesetVersions",
    "StandingPage",
    "StandingView",
    "WorkItem",
    "WorkPage",
]
