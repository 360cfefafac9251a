"""``[clues]``: strict keys, known roles, a sane retention; the defaults keep contacts closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqmy_core.errors import RulesetError
from sqmy_core.rules.load import parse_ruleset

BASE = (Path(__file__).resolve().parents[2] / "rulesets" / "district.toml").read_text("utf-8")


def load(extra: str) -> object:
    return parse_ruleset(BASE + "\n" + extra, "d.toml")


def test_the_defaults_let_no_one_read_and_keep_until_erased() -> None:
    rs = parse_ruleset(BASE, "d.toml")
    assert rs.clues.contact_readers == () and rs.clues.contact_retention_days is None


def test_readers_and_retention_load() -> None:
    rs = load(
        '[clues]\ncontact_readers = ["staff", "reviewer_chair"]\ncontact_retention_days = 180\n'
    )
    assert rs.clues.contact_readers == ("staff", "reviewer_chair")  # type: ignore[attr-defined]
    assert rs.clues.contact_retention_days == 180  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("extra", "path", "en"),
    [
        ('[clues]\ncontact_readers = ["nobody"]\n', "clues.contact_readers[0]", "unknown role"),
        ("[clues]\ncontact_retention_days = 0\n", "clues.contact_retention_days", "1 to 36500"),
        ('[clues]\ncontact_retention_days = "30"\n', "clues.contact_retention_days", "integer"),
        ('[clues]\ncontact_reader = ["staff"]\n', "clues.contact_reader", "unknown key"),
    ],
)
def test_bad_clue_keys_are_refused_by_key_path(extra: str, path: str, en: str) -> None:
    with pytest.raises(RulesetError) as exc:
        load(extra)
    assert exc.value.render("en").startswith(f"d.toml: {path}: ") and en in exc.value.render("en")
    assert exc.value.render("zh") != exc.value.render("en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_generated_standard_states_readers_retention_and_clause(lang: str) -> None:
    from sqmy_core.reports.ruleset_doc import render_ruleset_doc

    rs = load(
        '[clues]\ncontact_readers = ["staff"]\ncontact_retention_days = 180\nclause = "第十二条"\n'
    )
    doc = render_ruleset_doc(rs, lang)  # type: ignore[arg-type]
    assert "第十二条" in doc and "180" in doc
    assert ("机关干部" if lang == "zh" else "staff") in doc
    assert "线索联系方式" not in render_ruleset_doc(parse_ruleset(BASE, "d.toml"), "zh")
