"""The example rulesets' data, assessed once per test run, for the report tests.

District, party and committee data come from the synthetic generator (small
sizes, fixed seeds); the county office and duty rulesets ship their own
example datasets under ``rulesets/examples``.  Each case gives the ruleset,
the dataset's book and the year's assessment, so a test can compare a
report's numbers with the assessment it was built from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqmy_core.reports.assessment_report import assessment_report
from sqmy_core.reports.bulletin_report import bulletin_report
from sqmy_core.reports.document import Report
from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.bulletin import Bulletin, Period, bulletin
from sqmy_core.scoring.result import Assessment
from sqmy_core.tools.synth import generate
from sqmy_core.workspace.files import load_ruleset, parse_dataset_with

REPO = Path(__file__).resolve().parents[2]
RULESETS = REPO / "rulesets"
YEAR = 2024
DATED = date(2025, 1, 10)
CASES = ("district", "party", "committee", "county_office", "duty")
SYNTH = {"district": (80, 240), "party": (60, 200), "committee": (30, 60)}


@dataclass(frozen=True)
class Case:
    name: str
    book: Book
    assessment: Assessment


def document(name: str) -> dict[str, Any]:
    """The dataset document of case ``name``."""
    if name in SYNTH:
        people, pieces = SYNTH[name]
        return generate(name, seed=11, year=YEAR, people=people, pieces=pieces)
    path = RULESETS / "examples" / f"{name}-{YEAR}.json"
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


@cache
def case(name: str) -> Case:
    ruleset = load_ruleset(RULESETS / f"{name}.toml")
    data = json.dumps(document(name), ensure_ascii=False).encode("utf-8")
    book = Book(ruleset, parse_dataset_with(ruleset, data, f"{name}.json"))
    return Case(name, book, assess_book(book, YEAR))


@cache
def assessment_of(name: str, lang: str = "zh") -> Report:
    c = case(name)
    return assessment_report(
        c.assessment,
        c.book,
        lang,
        dated=DATED,
        clues=17,
        document_number="X政协办〔2025〕3号",
        signoff="XX区政协办公室",
        red_head="XX区政协办公室",
    )


@cache
def bulletin_of(name: str, period: str, lang: str = "zh") -> tuple[Bulletin, Report]:
    c = case(name)
    b = bulletin(c.book, c.book.ruleset.bulletins[0], Period.parse(period))
    return b, bulletin_report(b, c.book, lang, dated=DATED, document_number="第1期")


def bulletin_cases() -> list[str]:
    return [n for n in CASES if load_ruleset(RULESETS / f"{n}.toml").bulletins]
