"""Fixtures for the hand-worked policy tests: the three example rulesets, loaded by path."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqmy_core.rules.load import load_ruleset
from sqmy_core.rules.spec import Ruleset

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"


@pytest.fixture(scope="session")
def district() -> Ruleset:
    """rulesets/district.toml — policies/district.md (XX区政协考核办法)."""
    return load_ruleset(RULESETS / "district.toml")


@pytest.fixture(scope="session")
def party() -> Ruleset:
    """rulesets/party.toml — policies/party.md (民建XX市委积分管理办法)."""
    return load_ruleset(RULESETS / "party.toml")


@pytest.fixture(scope="session")
def committee() -> Ruleset:
    """rulesets/committee.toml — policies/committee.md (市政协民宗委"一年汇一情")."""
    return load_ruleset(RULESETS / "committee.toml")
