"""The assessment document as msgspec structs: the large-document writer (``scale`` extra).

Imported only by :func:`sqmy_core.interchange.assessment.assessment_json_bytes`
for large documents, and only when msgspec is installed.  The structs hold
what :func:`~sqmy_core.interchange.assessment.assessment_to_doc` puts in its
dicts, in the same order (a field left ``UNSET`` is left out, as the dict
leaves out its key), so msgspec writes the same text; they are made without
a dict per person and are never tracked by the garbage collector, which on a
national assessment costs more than the writing (tests compare the bytes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

import msgspec
from msgspec import UNSET, UnsetType

from sqmy_core.scoring.result import Assessment, EntityResult

Number = Callable[[Fraction | None, int], float]


class _Entity(msgspec.Struct, kw_only=True, gc=False):
    id: str
    points: float
    rank: int
    adopted_pieces: int
    quotas_met: bool
    flags: Sequence[str] | UnsetType = UNSET
    award: str | None
    grade: str | UnsetType = UNSET
    sections: dict[str, float] | UnsetType = UNSET
    amounts: dict[str, float] | UnsetType = UNSET


class _Stats(msgspec.Struct, gc=False):
    submitted: int
    approved: int
    adopted: int
    instructed: int
    implemented: int
    adoption_rate: float
    instruction_rate: float


class _Document(msgspec.Struct, gc=False):
    format: str
    organization: str
    year: int
    people: list[_Entity]
    units: list[_Entity]
    overdue: Sequence[str]
    stats: _Stats


def _amounts(values: Mapping[str, Fraction], number: Number) -> dict[str, float]:
    return {k: number(v, 2) for k, v in values.items()}


def _entities(entities: Sequence[EntityResult], v11: bool, number: Number) -> list[_Entity]:
    if not v11:
        return [
            _Entity(
                id=e.id,
                points=number(e.points, 2),
                rank=e.rank,
                adopted_pieces=e.adopted_pieces,
                quotas_met=e.quotas_met,
                flags=e.flags if e.entity == "person" else UNSET,
                award=e.award,
            )
            for e in entities
        ]
    return [
        _Entity(
            id=e.id,
            points=number(e.points, 2),
            rank=e.rank,
            adopted_pieces=e.adopted_pieces,
            quotas_met=e.quotas_met,
            flags=e.flags if e.entity == "person" else UNSET,
            award=e.award,
            grade=UNSET if e.grade is None else e.grade,
            sections=UNSET if e.sections is None else _amounts(e.sections, number),
            amounts=UNSET if e.amounts is None else _amounts(e.amounts, number),
        )
        for e in entities
    ]


def document_text(a: Assessment, fmt: str, number: Number) -> bytes:
    """The document (format name ``fmt``) encoded and indented by msgspec."""
    v11 = a.version == "1.1"
    c = a.stats.counts
    doc = _Document(
        fmt,
        a.organization,
        a.year,
        _entities(a.people, v11, number),
        _entities(a.units, v11, number),
        a.overdue,
        _Stats(
            c["submitted"],
            c["approved"],
            c["adopted"],
            c["instructed"],
            c["implemented"],
            number(a.stats.adoption_rate, 4),
            number(a.stats.instruction_rate, 4),
        ),
    )
    return msgspec.json.format(msgspec.json.encode(doc), indent=2)
