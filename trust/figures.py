"""A trial's figures: counts measured in the run, each next to the requirement it must meet.

Every figure is a count (rounds, winners, acknowledged commands, lost ones,
cases, crashes, occurrences ...), never a timing: the requirements of
issue 11 are all-or-nothing ("exactly one winner in every round", "none
lost"), so a figure either meets its requirement or the run fails.  A
figure that could not be measured (a server down, an API missing) carries
the reason and counts as failed: a trial that did not run has shown
nothing.  Labels and requirements are bilingual, Chinese first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Say = Callable[[str, str], None]
"""Progress for people: the Chinese and the English line (the run prints one)."""


def quiet(zh: str, en: str) -> None:
    """Progress nobody reads (a trial called from a test)."""


Need = Literal["none", "all", "at_least"]
"""``none``: the count must be 0; ``all``: it must equal ``of`` (and ``of`` > 0);
``at_least``: it must be at least ``of``."""

NEED_TEXT: dict[Need, tuple[str, str]] = {
    "none": ("必须为 0", "must be 0"),
    "all": ("必须全部", "must be all"),
    "at_least": ("至少", "at least"),
}


@dataclass(frozen=True)
class Figure:
    """One measured count of a trial family and what it must be."""

    family: str
    label: tuple[str, str]
    """What is counted (Chinese, English)."""
    scope: str
    """Where it was measured (backend, mode, N ...), language-neutral."""
    value: int | None
    need: Need
    of: int = 0
    """The whole ``all`` is measured against, or the floor of ``at_least``."""
    note: str = ""

    @property
    def ok(self) -> bool:
        if self.value is None:
            return False
        if self.need == "none":
            return self.value == 0
        if self.need == "all":
            return self.of > 0 and self.value == self.of
        return self.value >= self.of

    def requirement(self, lang: str) -> str:
        word = NEED_TEXT[self.need][lang == "en"]
        if self.need == "none":
            return word
        return f"{word} {self.of:,}" if self.need == "at_least" else f"{word} ({self.of:,})"

    def shown(self) -> str:
        if self.value is None:
            return "—"
        if self.need == "all":
            return f"{self.value:,} / {self.of:,}"
        return f"{self.value:,}"

    def to_json(self) -> dict[str, Any]:
        return {
            "family": self.family,
            "label": list(self.label),
            "scope": self.scope,
            "value": self.value,
            "need": self.need,
            "of": self.of,
            "note": self.note,
            "ok": self.ok,
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Figure:
        zh, en = doc["label"]
        return cls(
            str(doc["family"]),
            (str(zh), str(en)),
            str(doc["scope"]),
            None if doc.get("value") is None else int(doc["value"]),
            doc["need"],
            int(doc.get("of", 0)),
            str(doc.get("note", "")),
        )


def verdict(figure: Figure, lang: str) -> str:
    if figure.ok:
        return "通过" if lang != "en" else "met"
    return "未通过" if lang != "en" else "FAILED"


def figure_lines(figures: list[Figure], lang: str) -> list[str]:
    """The end-of-run listing: each figure, its requirement and its verdict; reasons below."""
    en = lang == "en"
    head = (
        ("verdict", "measured", "requirement", "scope", "figure")
        if en
        else ("结论", "测得", "要求", "范围", "项目")
    )
    out = [f"{head[0]:<7} {head[1]:>15}  {head[2]:<18} {head[3]:<28} {head[4]}"]
    for f in figures:
        out.append(
            f"{verdict(f, lang):<7} {f.shown():>15}  {f.requirement(lang):<18} {f.scope:<28} "
            f"{f.label[en]}"
        )
        if f.note:
            out.append(f"    {f.note}")
    return out


def failed(figures: list[Figure]) -> list[Figure]:
    return [f for f in figures if not f.ok]


__all__ = ["Figure", "Need", "Say", "failed", "figure_lines", "quiet", "verdict"]
