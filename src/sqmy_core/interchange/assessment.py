"""The ``sqmy-assessment/1`` and ``/1.1`` documents: an :class:`Assessment`, rounded for the outside.

Points, sections and amounts are rounded half away from zero to 2 decimals and
rates to 4, only here; ranks were decided on exact values before.  A rate over
zero approvals is 0.  An assessment with ``version == "1"`` is written exactly
as before 1.1; one with ``version == "1.1"`` says ``sqmy-assessment/1.1`` and
adds, on each person and unit, ``grade``, ``sections`` and ``amounts`` where
the ruleset gives them.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from json.encoder import encode_basestring
from typing import Any, Final

from sqmy_core.scoring.result import Assessment, EntityResult
from sqmy_core.scoring.rounding import round_half_up

FORMAT: Final = "sqmy-assessment/1"
FORMAT_11: Final = "sqmy-assessment/1.1"


def _number(value: Fraction | None, places: int) -> float:
    return 0.0 if value is None else float(round_half_up(value, places))


def _amounts(values: Mapping[str, Fraction]) -> dict[str, float]:
    return {k: _number(v, 2) for k, v in values.items()}


def _entity(e: EntityResult, v11: bool) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": e.id,
        "points": _number(e.points, 2),
        "rank": e.rank,
        "adopted_pieces": e.adopted_pieces,
        "quotas_met": e.quotas_met,
    }
    if e.entity == "person":
        doc["flags"] = list(e.flags)
    doc["award"] = e.award
    if v11:
        if e.grade is not None:
            doc["grade"] = e.grade
        if e.sections is not None:
            doc["sections"] = _amounts(e.sections)
        if e.amounts is not None:
            doc["amounts"] = _amounts(e.amounts)
    return doc


def assessment_to_doc(a: Assessment) -> dict[str, Any]:
    """The JSON-ready ``sqmy-assessment/1`` (or ``/1.1``) document of an assessment."""
    v11 = a.version == "1.1"
    c = a.stats.counts
    return {
        "format": FORMAT_11 if v11 else FORMAT,
        "organization": a.organization,
        "year": a.year,
        "people": [_entity(p, v11) for p in a.people],
        "units": [_entity(u, v11) for u in a.units],
        "overdue": list(a.overdue),
        "stats": {
            "submitted": c["submitted"],
            "approved": c["approved"],
            "adopted": c["adopted"],
            "instructed": c["instructed"],
            "implemented": c["implemented"],
            "adoption_rate": _number(a.stats.adoption_rate, 4),
            "instruction_rate": _number(a.stats.instruction_rate, 4),
        },
    }


def assessment_to_json(a: Assessment) -> str:
    """The document as text, byte for byte ``json.dumps(doc, ensure_ascii=False, indent=2)``.

    The standard library's indenting encoder is pure Python and slow on a
    city's results; this writer keeps its exact output at a fraction of the
    time.  No trailing newline.
    """
    out: list[str] = []
    dumps_indented(assessment_to_doc(a), out, "\n")
    return "".join(out)


def dumps_indented(value: object, out: list[str], newline: str) -> None:
    """Append ``value`` as ``json.dumps(indent=2, ensure_ascii=False)`` writes it.

    ``newline`` is the line break plus the current indentation.  Only JSON
    values (dict with str keys, list, str, int, float, bool, None) are accepted.
    """
    if type(value) is str:
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif type(value) is int:
        out.append(int.__repr__(value))
    elif type(value) is float:
        out.append(_float(value))
    elif type(value) is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        first = True
        for k, v in value.items():
            out.append("{" + inner if first else "," + inner)
            first = False
            out.append(encode_basestring(k))
            out.append(": ")
            dumps_indented(v, out, inner)
        out.append(newline + "}")
    elif type(value) is list:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        for j, v in enumerate(value):
            out.append("[" + inner if j == 0 else "," + inner)
            dumps_indented(v, out, inner)
        out.append(newline + "]")
    else:
        raise TypeError(f"not a JSON value: {type(value).__name__}")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
