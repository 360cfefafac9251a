"""The JSON bodies the service takes and returns, as pydantic models (its OpenAPI schemas).

A command's body names the acting person (``actor``: checked against the
credential and the ruleset's roles before the endpoint runs, by
:mod:`sqmy_core.service.auth_actor`) and, optionally, the time of the
act (``now``, with its offset); without ``now`` the service reads its clock
(:func:`sqmy_core.service.app.clock`), nowhere below.  The words a body
carries (decisions, routes, levels, outcomes) are checked by the library
against the ruleset, so its refusals read as an import's would.
"""

from __future__ import annotations

from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Body(BaseModel):
    """Unknown fields are refused: a misspelt one would otherwise be silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Act(Body):
    actor: str = Field(min_length=1, description="登记此项办理的人员 id")
    now: AwareDatetime | None = Field(None, description="办理时间（带时区）；不给则用服务器时钟")
    note: str | None = None


class Submit(Act):
    id: str = Field(min_length=1, description="稿件 id")
    title: str = Field(min_length=1)
    authors: list[str] = Field(min_length=1, description="作者，按署名顺序")
    unit: str | None = None
    call: str | None = None
    topic: str | None = None


class Review(Act):
    decision: str = Field(description="pass | return | reject | escalate")
    checks: list[str] = []
    routes: list[str] = []


class ExpertOpinion(Act):
    opinion: str = Field(min_length=1)


class Resubmit(Act):
    title: str | None = None


class Withdraw(Act):
    pass


class Dispatch(Act):
    route: str = Field(description="direct | reference | transfer | bulletin")
    to: str | None = None


class Adoption(Act):
    body: str = Field(min_length=1, description="采用的机构")


class Instruction(Act):
    level: str
    rank: str


class Handling(Act):
    outcome: str = Field(description="implemented | under_study | declined")
    department: str | None = None


class PersonRecord(Body):
    actor: str = Field(min_length=1)
    now: AwareDatetime | None = None
    name: str = Field(min_length=1)
    roles: list[str] = Field(min_length=1)
    units: list[str] = []
    since: AwareDatetime | None = None
    until: AwareDatetime | None = None


class UnitRecord(Body):
    actor: str = Field(min_length=1)
    now: AwareDatetime | None = None
    name: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    parent: str | None = None


class Piece(BaseModel):
    """A piece as it stands: status, version (its ``ETag``), outcomes, history."""

    piece: str
    title: str
    authors: list[str]
    unit: str | None
    status: str
    status_text: str
    stage: str | None
    version: int
    submitted_at: str | None
    approved_at: str | None
    dispatches: list[dict[str, Any]]
    adoptions: list[dict[str, Any]]
    instructions: list[dict[str, Any]]
    handlings: list[dict[str, Any]]
    now: str
    history: list[dict[str, Any]]
    allowed_actions: list[str] | None = None


class PieceItem(BaseModel):
    piece: str
    status: str
    version: int
    due: str | None = None
    route: str | None = None


class PiecePage(BaseModel):
    items: list[PieceItem]
    next_cursor: str | None


class Registered(BaseModel):
    record: dict[str, Any]
    version: int


class ProblemEntry(BaseModel):
    path: str
    code: str
    expected: str | None
    found: str | None
    message: str


class ProblemDetails(BaseModel):
    """RFC 9457 problem details carrying the library's problems."""

    type: str
    title: str
    status: int
    detail: str
    problems: list[ProblemEntry]


__all__ = [
    "Act",
    "Adoption",
    "Body",
    "Dispatch",
    "ExpertOpinion",
    "Handling",
    "Instruction",
    "PersonRecord",
    "Piece",
    "PieceItem",
    "PiecePage",
    "ProblemDetails",
    "ProblemEntry",
    "Registered",
    "Resubmit",
    "Review",
    "Submit",
    "UnitRecord",
    "Withdraw",
]
