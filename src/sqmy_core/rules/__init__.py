"""Rulesets: TOML -> strict attrs specs -> whole-ruleset checks."""

from sqmy_core.rules.load import load_ruleset, parse_ruleset, unstructure
from sqmy_core.rules.spec import Ruleset

__all__ = ["Ruleset", "load_ruleset", "parse_ruleset", "unstructure"]
