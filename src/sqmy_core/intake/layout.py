"""The workbooks an office keeps in Excel: which sheets, which columns, which words each takes.

One layout serves both directions: ``sqmy template xlsx`` writes it
(:mod:`sqmy_core.intake.template`) and ``sqmy import --xlsx`` reads it
(:mod:`sqmy_core.intake.reader`), so a template always reads back.

A sheet has a header row in Chinese (row 1) and, hidden under it, the
machine keys of its columns (row 2); the data starts in row 3.  The reader
finds each column by its key (so columns may be moved), else by its
Chinese header (a sheet whose key row was deleted).  A column of a closed
vocabulary (unit kinds, roles, bodies, levels, ranks, outcomes) takes the
word's id or its Chinese name; the template offers the names in a
drop-down list, the ruleset's declared words included.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

from attrs import frozen

from sqmy_core.model.vocab import (
    LEVEL_NAMES,
    OUTCOME_NAMES,
    RANK_NAMES,
    ROLE_NAMES,
    UNIT_KIND_NAMES,
)
from sqmy_core.rules import Ruleset

CellKind = Literal["id", "text", "ids", "time", "word", "words"]
"""What a column holds: one id, free text, several ids, a date or time, one word or several."""


@frozen
class Column:
    key: str
    """The record field it fills (the hidden key row)."""
    header: str
    """Its Chinese header."""
    kind: CellKind
    required: bool = False
    vocab: str | None = None
    """For ``word``/``words`` columns: the vocabulary (``unit_kinds``, ``roles`` ...)."""
    hint: str = ""
    """What to write, for the instructions sheet."""


@frozen
class Sheet:
    name: str
    """The sheet's name in the workbook (Chinese)."""
    record: str
    """What one row is: ``unit``, ``person``, ``adopted``, ``instructed``, ``handled``."""
    columns: tuple[Column, ...]


_PIECE = Column("piece", "稿件编号", "id", True, hint="已登记的稿件编号（sqmy piece submit 或导入）")
_NOTE = Column("note", "备注", "text")


def _at(header: str) -> Column:
    return Column("at", header, "time", True, hint="日期 YYYY-MM-DD（记为当日 12:00），或 YYYY-MM-DD HH:MM")


UNITS: Final = Sheet(
    "单位",
    "unit",
    (
        Column("id", "单位编号", "id", True, hint="唯一，如 sec-econ"),
        Column("name", "名称", "text", True),
        Column("kind", "类别", "word", True, "unit_kinds"),
        Column("parent", "上级单位编号", "id", hint="本表或工作库中已有的单位编号，可空"),
    ),
)
PEOPLE: Final = Sheet(
    "名册",
    "person",
    (
        Column("id", "人员编号", "id", True, hint="唯一，如 p001"),
        Column("name", "姓名", "text", True),
        Column("roles", "角色", "words", True, "roles", "可写多个，用顿号或逗号分隔"),
        Column("units", "所属单位", "ids", hint="单位编号，可写多个，用顿号或逗号分隔"),
        Column("since", "任职起", "time", hint="日期 YYYY-MM-DD（当日零时起），可空"),
        Column("until", "任职止", "time", hint="日期 YYYY-MM-DD（当日零时止，不含），可空"),
    ),
)
ADOPTIONS: Final = Sheet(
    "采用",
    "adopted",
    (_PIECE, Column("body", "采用机构", "word", True, "bodies"), _at("采用日期"), _NOTE),
)
INSTRUCTIONS: Final = Sheet(
    "批示",
    "instructed",
    (
        _PIECE,
        Column("level", "批示层级", "word", True, "levels"),
        Column("rank", "领导职级", "word", True, "ranks"),
        _at("批示日期"),
        _NOTE,
    ),
)
HANDLING: Final = Sheet(
    "办理",
    "handled",
    (
        _PIECE,
        Column("outcome", "办理结果", "word", True, "outcomes"),
        Column("department", "办理部门", "text"),
        _at("办理日期"),
        _NOTE,
    ),
)

KINDS: Final[Mapping[str, tuple[Sheet, ...]]] = {
    "roster": (UNITS, PEOPLE),
    "adoptions": (ADOPTIONS,),
    "instructions": (INSTRUCTIONS,),
    "handling": (HANDLING,),
    "ledger": (ADOPTIONS, INSTRUCTIONS, HANDLING),
}
"""The workbooks ``sqmy template xlsx --kind`` writes; ``ledger`` holds all three ledgers."""

SHEETS: Final[Mapping[str, Sheet]] = {
    s.name: s for s in (UNITS, PEOPLE, ADOPTIONS, INSTRUCTIONS, HANDLING)
}
"""Every sheet the reader knows, by name (a workbook may hold any of them)."""

INSTRUCTIONS_SHEET: Final = "填写说明"
VOCAB_SHEET: Final = "词表"
HEADER_ROW: Final = 1
KEY_ROW: Final = 2
FIRST_DATA_ROW: Final = 3


def vocabularies(ruleset: Ruleset) -> dict[str, list[tuple[str, str]]]:
    """Each closed vocabulary as ``(id, name)`` pairs: the contract's words, then the ruleset's.

    A word without a Chinese name is shown by its id.
    """
    from sqmy_core.rules.declared import declarations_of

    d = declarations_of(ruleset)
    v = ruleset.vocabulary
    declared_names = {
        "ranks": {r.id: r.name for r in v.ranks},
        "roles": {r.id: r.name for r in v.roles},
        "unit_kinds": {k.id: k.name for k in v.unit_kinds},
    }
    stage_roles = {s.role: s.name for s in (ruleset.review.stages if ruleset.review else ())}

    def named(ids: tuple[str, ...], names: Mapping[str, str], kind: str) -> list[tuple[str, str]]:
        extra = declared_names.get(kind, {})
        out = []
        for i in ids:
            name = names.get(i) or extra.get(i) or ""
            if not name and kind == "roles" and i in stage_roles:
                name = f"审核：{stage_roles[i]}"
            out.append((i, name or i))
        return out

    return {
        "unit_kinds": named(d.unit_kinds, UNIT_KIND_NAMES, "unit_kinds"),
        "roles": named(d.roles, ROLE_NAMES, "roles"),
        "bodies": [(b.id, b.name or b.id) for b in d.bodies.values()],
        "levels": list(LEVEL_NAMES.items()),
        "ranks": named(d.ranks, RANK_NAMES, "ranks"),
        "outcomes": list(OUTCOME_NAMES.items()),
    }


__all__ = [
    "ADOPTIONS",
    "FIRST_DATA_ROW",
    "HANDLING",
    "HEADER_ROW",
    "INSTRUCTIONS",
    "INSTRUCTIONS_SHEET",
    "KEY_ROW",
    "KINDS",
    "PEOPLE",
    "SHEETS",
    "UNITS",
    "VOCAB_SHEET",
    "CellKind",
    "Column",
    "Sheet",
    "vocabularies",
]
