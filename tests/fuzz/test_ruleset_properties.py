"""Any ruleset text loads or is refused, and any ruleset that loads assesses a dataset.

Hypothesis draws TOML text from :mod:`sqmy_core.testing.ruleset_strategies`
(the bundled rulesets mutated: wrong types, huge numbers, extreme dates,
unicode, unknown keys, nesting 1,000 deep, a 4,301-digit integer ...).
``parse_ruleset`` must return a :class:`Ruleset` or raise
:class:`RulesetError` / :class:`PluginError` -- never another exception.  A
ruleset that loads must then assess and explain a small dataset for two
years without an exception.  Time is bounded by construction (the bounds of
:mod:`sqmy_core.rules.check_bounds` keep every loop small), never asserted.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings

from sqmy_core.errors import DatasetError, PluginError, RulesetError
from sqmy_core.interchange import parse_dataset
from sqmy_core.plugins import ruleset_extensions
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.explain import explain
from sqmy_core.testing.ruleset_strategies import TEXT_DAMAGE, _bundled, ruleset_texts
from tests.conftest import SMALL_DISTRICT

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def no_files(name: str, _from: str) -> tuple[str, str]:
    """``extends`` of the bundled district ruleset only (pure: the file system is not read)."""
    if name == "district.toml":
        return "district.toml", _bundled("district")
    raise FileNotFoundError(2, "No such file or directory", name)


def load_or_refuse(text: str) -> object:
    try:
        return parse_ruleset(text, "<fuzz>", no_files, ruleset_extensions)
    except (RulesetError, PluginError):
        return None


@FUZZ
@given(ruleset_texts())
@example(_bundled("district") + TEXT_DAMAGE[0])
@example(_bundled("district") + TEXT_DAMAGE[2])
@example('extends = "district.toml"\nformat = "sqmy-ruleset/2"\n')
def test_any_text_loads_or_is_refused(text: str) -> None:
    load_or_refuse(text)


@FUZZ
@given(ruleset_texts())
def test_a_ruleset_that_loads_assesses_a_small_dataset(text: str) -> None:
    rs = load_or_refuse(text)
    if rs is None:
        return
    assert isinstance(rs, Ruleset)
    try:
        ds = parse_dataset(
            SMALL_DISTRICT, extra_roles=rs.reviewer_roles, declarations=declarations_of(rs)
        )
    except DatasetError:
        return  # the ruleset's vocabulary refuses the dataset: a refusal, not a crash
    book = Book(rs, ds)
    for year in (2024, 2025):
        result = assess_book(book, year)
        if result.people:
            explain(book, year, "person", result.people[0].id, result)
