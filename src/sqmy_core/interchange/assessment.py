"""The ``sqmy-assessment/1`` and ``/1.1`` documents: an :class:`Assessment`, rounded for the outside.

Points, sections and amounts are rounded half away from zero to 2 decimals and
rates to 4, only here; ranks were decided on exact values before.  A rate over
zero approvals is 0.  An assessment with ``version == "1"`` is written exactly
as before 1.1; one with ``version == "1.1"`` says ``sqmy-assessment/1.1`` and
adds, on each person and unit, ``grade``, ``sections`` and ``amounts`` where
the ruleset gives them.

The text is always ``json.dumps(doc, ensure_ascii=False, indent=2)``, byte for
byte, but never made by it: with ``indent`` the standard library falls back to
its pure-Python encoder, which takes seconds on a province.  Small documents
are written by :func:`dumps_indented`; large ones, when msgspec (the ``scale``
extra) is installed, by msgspec's C encoder and indenter from structs
(:mod:`.assessment_fast`: no dict per person, nothing for the garbage
collector), whose text is the same for every document this module makes (the
one difference, a float of 1e16 or more written ``1e16`` instead of
``1e+16``, and a lone surrogate, which msgspec refuses, send that document back
to the first writer).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from json.encoder import encode_basestring
from typing import Any, Final

from sqmy_core.scoring.result import Assessment, EntityResult
from sqmy_core.scoring.rounding import round_half_up

FORMAT: Final = "sqmy-assessment/1"
FORMAT_11: Final = "sqmy-assessment/1.1"

FAST_FROM: Final = 2000
"""People and units from which msgspec, when installed, writes the text (below, its import
costs more than it saves)."""

_PLAIN_BELOW: Final = 1e16
"""Floats from here on are written in exponent form, where msgspec and json differ."""

Number = Callable[["Fraction | None", int], float]


def rounded(value: Fraction | None, places: int) -> float:
    """``float(round_half_up(value, places))`` (``None`` is 0), in integer arithmetic.

    Both are the float nearest to the same decimal (integer true division and
    ``float(Decimal)`` round correctly), so they are equal; this one skips the
    Fraction and Decimal objects, which cost more than writing the document.
    """
    if value is None:
        return 0.0
    num, den = value.numerator, value.denominator
    try:
        if den == 1:
            return float(num)
        scale: int = 10**places
        if num < 0:
            q, r = divmod(-num * scale, den)
            return -(q + (2 * r >= den)) / scale  # the integer negated: no -0.0
        q, r = divmod(num * scale, den)
        return (q + (2 * r >= den)) / scale
    except OverflowError:  # beyond a float: as the Decimal says (inf)
        return float(round_half_up(value, places))


class _NotPlain(Exception):
    """A number msgspec would write otherwise than json (huge, or not finite)."""


def _plain(value: Fraction | None, places: int) -> float:
    number = rounded(value, places)
    if not -_PLAIN_BELOW < number < _PLAIN_BELOW:
        raise _NotPlain
    return number


def _amounts(values: Mapping[str, Fraction], number: Number) -> dict[str, float]:
    return {k: number(v, 2) for k, v in values.items()}


def _entity(e: EntityResult, v11: bool, number: Number) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": e.id,
        "points": number(e.points, 2),
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
            doc["sections"] = _amounts(e.sections, number)
        if e.amounts is not None:
            doc["amounts"] = _amounts(e.amounts, number)
    return doc


def _doc(a: Assessment, number: Number) -> dict[str, Any]:
    v11 = a.version == "1.1"
    c = a.stats.counts
    return {
        "format": FORMAT_11 if v11 else FORMAT,
        "organization": a.organization,
        "year": a.year,
        "people": [_entity(p, v11, number) for p in a.people],
        "units": [_entity(u, v11, number) for u in a.units],
        "overdue": list(a.overdue),
        "stats": {
            "submitted": c["submitted"],
            "approved": c["approved"],
            "adopted": c["adopted"],
            "instructed": c["instructed"],
            "implemented": c["implemented"],
            "adoption_rate": number(a.stats.adoption_rate, 4),
            "instruction_rate": number(a.stats.instruction_rate, 4),
        },
    }


def assessment_to_doc(a: Assessment) -> dict[str, Any]:
    """The JSON-ready ``sqmy-assessment/1`` (or ``/1.1``) document of an assessment."""
    return _doc(a, rounded)


def assessment_to_json(a: Assessment) -> str:
    """The document as text, byte for byte ``json.dumps(doc, ensure_ascii=False, indent=2)``.

    No trailing newline.
    """
    out: list[str] = []
    dumps_indented(assessment_to_doc(a), out, "\n")
    return "".join(out)


def assessment_json_bytes(
    a: Assessment, errors: str = "strict", *, fast_from: int = FAST_FROM
) -> bytes:
    """:func:`assessment_to_json` encoded as UTF-8 (``errors`` as in :meth:`str.encode`).

    From ``fast_from`` people and units on, msgspec writes it when it is
    installed; the bytes are the same either way (tested).
    """
    if len(a.people) + len(a.units) >= fast_from:
        fast = _msgspec_text(a)
        if fast is not None:
            return fast
    return assessment_to_json(a).encode("utf-8", errors)


def _msgspec_text(a: Assessment) -> bytes | None:
    """The text by msgspec, or ``None`` when it is not installed or would write otherwise."""
    try:
        from sqmy_core.interchange.assessment_fast import document_text
    except ImportError:  # msgspec is not installed
        return None
    try:
        return document_text(a, FORMAT_11 if a.version == "1.1" else FORMAT, _plain)
    except (_NotPlain, UnicodeEncodeError):  # UnicodeEncodeError: a lone surrogate in a name
        return None


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _null(_value: None) -> str:
    return "null"


_SCALAR: Final[dict[type, Callable[[Any], str]]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: _bool,
    type(None): _null,
}
"""How ``json.dumps`` writes each scalar type (exact types: bool is not taken for int)."""


def dumps_indented(value: object, out: list[str], newline: str) -> None:
    """Append ``value`` as ``json.dumps(indent=2, ensure_ascii=False)`` writes it.

    ``newline`` is the line break plus the current indentation.  Only JSON
    values (dict with str keys, list, str, int, float, bool, None) are accepted.
    A scalar member is written with its key and separator in one piece: an
    assessment is mostly flat records of scalars.
    """
    scalar = _SCALAR.get(type(value))
    if scalar is not None:
        out.append(scalar(value))
    elif type(value) is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        lead = "{" + inner
        for k, v in value.items():
            text = _SCALAR.get(type(v))
            if text is not None:
                out.append(lead + encode_basestring(k) + ": " + text(v))
            else:
                out.append(lead + encode_basestring(k) + ": ")
                dumps_indented(v, out, inner)
            lead = "," + inner
        out.append(newline + "}")
    elif type(value) is list:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        lead = "[" + inner
        for v in value:
            text = _SCALAR.get(type(v))
            if text is not None:
                out.append(lead + text(v))
            else:
                out.append(lead)
                dumps_indented(v, out, inner)
            lead = "," + inner
        out.append(newline + "]")
    else:
        raise TypeError(f"not a JSON value: {type(value).__name__}")
