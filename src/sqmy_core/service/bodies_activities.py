"""The body of a 履职活动 (activity) record."""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from sqmy_core.service.bodies import Body
from sqmy_core.service.bodies_records import Attribute


class ActivityRecord(Body):
    id: str = Field(min_length=1, description="履职活动记录 id，也是它的幂等键")
    person: str = Field(min_length=1, description="履职的人员（已登记）")
    kind: str = Field(min_length=1, description="规则集声明的活动种类（activity_kinds）")
    at: AwareDatetime = Field(description="活动时间（带时区）")
    attributes: dict[str, Attribute] = Field(default_factory=dict,
                                             description="规则集为活动声明的属性")
    note: str | None = None
    actor: str = Field(min_length=1, description="登记人")


__all__ = ["ActivityRecord"]
