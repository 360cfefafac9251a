"""The coverage check of this repository's own example policies (duty, county_office).

Their policy texts are ours, not copies of ../shared, so the shared clause
coverage test does not see them; each policy's test module runs this check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from sqmy_core.bdd import coverage

REPO = Path(__file__).resolve().parents[2]


def uncovered(org: str, test_names: Iterable[str]) -> list[str]:
    """Clauses of ``features/<org>/policy.md`` with no test named after them or no ``clause``
    in ``rulesets/<org>.toml``; asserts the policy's header says it is our own example."""
    text = (REPO / f"features/{org}/policy.md").read_text(encoding="utf-8")
    header = text.partition("\n")[0]
    assert header.startswith("<!--") and "本仓库自拟示例" in header
    tests = [n for n in test_names if n.startswith("test_")]
    ruleset = (REPO / f"rulesets/{org}.toml").read_text(encoding="utf-8")
    clauses = set(re.findall(r'clause = "([^"]*)"', ruleset))
    missing = []
    for c in coverage.parse_policy(text):
        article = coverage.label((c.article, None))
        if c.clause is None:
            named = any(f"_{article}" in n for n in tests)
            in_rules = any(article in cl for cl in clauses)
        else:
            named = any(f"_{c.label}_" in n for n in tests)
            in_rules = any(
                c.label in cl or (article in cl and re.search(rf"第{c.clause}款", cl))
                for cl in clauses
            )
        if not (named and in_rules):
            missing.append(c.label)
    return missing
