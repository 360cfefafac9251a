"""The two entry points the coverage-guided fuzzers drive, as plain functions.

Each takes the fuzzer's bytes and either returns or raises the library's
refusal; anything else escaping is a bug (atheris reports it as a crash).
Shared by ``fuzz_dataset.py``, ``fuzz_ruleset.py`` and the regression test.
"""

from __future__ import annotations

from sqmy_core.errors import DatasetError, PluginError, RulesetError
from sqmy_core.interchange import decode_dataset_bytes, parse_dataset
from sqmy_core.plugins import ruleset_extensions
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.testing.ruleset_strategies import _bundled
from tests.conftest import SMALL_DISTRICT

DISTRICT = parse_ruleset(_bundled("district"), "district.toml")


def no_files(name: str, _from: str) -> tuple[str, str]:
    """``extends`` of the bundled district ruleset only (the fuzzer never reads files)."""
    if name == "district.toml":
        return "district.toml", _bundled("district")
    raise FileNotFoundError(2, "No such file or directory", name)


def dataset_target(data: bytes) -> None:
    """Decode and parse a dataset; one that parses is assessed under the district ruleset."""
    try:
        ds = parse_dataset(
            decode_dataset_bytes(data, source="<fuzz>"),
            source="<fuzz>",
            extra_roles=DISTRICT.reviewer_roles,
            declarations=declarations_of(DISTRICT),
        )
    except DatasetError:
        return
    assess_book(Book(DISTRICT, ds), 2024)


def ruleset_target(data: bytes) -> None:
    """Parse ruleset text; one that loads assesses the small district dataset."""
    text = data.decode("utf-8", "replace")
    try:
        rs = parse_ruleset(text, "<fuzz>", no_files, ruleset_extensions)
    except (RulesetError, PluginError):
        return
    try:
        ds = parse_dataset(
            SMALL_DISTRICT, extra_roles=rs.reviewer_roles, declarations=declarations_of(rs)
        )
    except DatasetError:
        return
    assess_book(Book(rs, ds), 2024)
