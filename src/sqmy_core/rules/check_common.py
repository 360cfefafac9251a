"""What the whole-ruleset checks share: problem helpers and the vocabularies in force."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction

from sqmy_core.errors import Problem
from sqmy_core.model import vocab
from sqmy_core.rules.check_points import Words
from sqmy_core.rules.convert import fraction_text
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.spec import Ruleset


def p(path: str, code: str, **params: object) -> Problem:
    return Problem(path, code, params)


def vocab_problems(
    path: str, what: str, values: Iterable[str], allowed: Iterable[str]
) -> Iterator[Problem]:
    allowed = tuple(dict.fromkeys(allowed))
    for i, v in enumerate(values):
        if v not in allowed:
            yield p(
                f"{path}[{i}]",
                "unknown_value",
                what=what,
                found=repr(v),
                allowed=", ".join(allowed),
            )


def unique_ids(path: str, items: Iterable[object]) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        ident = getattr(item, "id", None)
        if not isinstance(ident, str):
            continue
        if not ident:
            yield p(f"{path}[{i}].id", "empty")
        elif ident in seen:
            yield p(
                f"{path}[{i}].id", "duplicate_id", found=repr(ident), first=f"{path}[{seen[ident]}]"
            )
        else:
            seen[ident] = i


def words_of(rs: Ruleset) -> Words:
    """Every vocabulary the ruleset may use, declared words included."""
    return Words(
        decl=declarations_of(rs),
        metrics=(*vocab.METRICS, *(m.id for m in rs.metrics)),
        sections=tuple(s.id for s in rs.sections),
        tallies=tuple(t.id for t in rs.tallies),
    )


def num(value: Fraction | int) -> str:
    return fraction_text(value) if isinstance(value, Fraction) else str(value)


def positive(path: str, value: Fraction | int | None) -> Iterator[Problem]:
    if value is not None and not value > 0:
        yield p(path, "not_positive", found=num(value))


def quota_ref(path: str, quota: str, rs: Ruleset) -> Problem:
    """The problem of naming ``quota`` where a person quota is needed."""
    if any(q.id == quota for q in rs.quotas):
        return p(path, "not_person_quota", found=repr(quota))
    return p(path, "unknown_ref", what="quota", found=repr(quota))
