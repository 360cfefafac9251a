"""Self-tests of the step library: the steps the policy specs do not need, run as specs.

Also checks that every library step is used by at least one feature file
(the policies' or these), so each sentence in docs/specs.md is proven to work.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqmy_core.bdd import scenarios
from sqmy_core.bdd.catalog import library
from sqmy_core.bdd.lint import step_lines

REPO = Path(__file__).resolve().parents[2]

scenarios("library")

# a step exercised only through pytester runs (it needs a configured ruleset)
ELSEWHERE = {"default_ruleset": "test_org_repo.py"}


def test_every_library_step_is_used_by_a_feature() -> None:
    files = [
        *REPO.joinpath("features").rglob("*.feature"),
        *Path(__file__).parent.joinpath("library").rglob("*.feature"),
    ]
    steps = library()
    used: set[str] = set()
    for path in files:
        kind = "given"
        for _, keyword, text in step_lines(path.read_text(encoding="utf-8")):
            if keyword == "那么":
                kind = "then"
            elif keyword in ("假如", "假设", "假定", "当"):
                kind = "given"
            used.update(s.name for s in steps if s.kind == kind and re.fullmatch(s.regex, text))
    unused = [s.form for s in steps if s.name not in used and s.name not in ELSEWHERE]
    assert not unused, "这些步骤没有任何 .feature 用到：\n" + "\n".join(unused)
