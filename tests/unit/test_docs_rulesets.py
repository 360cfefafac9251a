"""docs/rulesets.md cannot drift from the schema.

Every ```toml block whose first line starts with ``# 完整规则集`` is a
complete ruleset and must load with :func:`parse_ruleset`; every key of the
schema classes must be documented; every item of section A and B of
``policy-variants.md`` has its worked example, and the C–F heading is kept
for the other half.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from sqmy_core.rules import spec, spec_model
from sqmy_core.rules.load import parse_ruleset

DOC = Path(__file__).resolve().parents[2] / "docs" / "rulesets.md"
MARKER = "# 完整规则集"
TEXT = DOC.read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```toml\n(.*?)^```", TEXT, flags=re.S | re.M)
COMPLETE = [b for b in BLOCKS if b.startswith(MARKER)]


def _name(block: str) -> str:
    return block.splitlines()[0].removeprefix(MARKER).lstrip("：: ") or "unnamed"


def test_there_are_complete_rulesets_in_the_doc() -> None:
    # the minimal one, the revised table, and at least one per item 1–13
    assert len(COMPLETE) >= 15


@pytest.mark.parametrize("block", COMPLETE, ids=[_name(b) for b in COMPLETE])
def test_complete_ruleset_loads(block: str) -> None:
    rs = parse_ruleset(block, f"docs/rulesets.md#{_name(block)}")
    assert rs.format == "sqmy-ruleset/2"


# Fields that are not ruleset keys (attached when loading, never written in TOML).
NOT_KEYS = {"rule_kinds", "step_kinds"}
CLASSES = [
    obj
    for module in (spec, spec_model)
    for obj in vars(module).values()
    if isinstance(obj, type) and attrs.has(obj) and obj.__module__ == module.__name__
]


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
def test_every_schema_key_is_documented(cls: type) -> None:
    missing = [
        f.name
        for f in attrs.fields(cls)
        if f.name not in NOT_KEYS and f"`{f.name}`" not in TEXT and f"{f.name} =" not in TEXT
    ]
    assert not missing, f"{cls.__name__}: keys not in docs/rulesets.md: {missing}"


def test_every_variant_of_a_and_b_has_a_worked_example() -> None:
    start = TEXT.index("## 29. 各类做法的写法")
    end = TEXT.index("## C–F")
    part = TEXT[start:end]
    for item in range(1, 14):
        heading = re.search(rf"^#### {item}\. .*$", part, flags=re.M)
        assert heading, f"item {item} has no heading"
        rest = part[heading.end() :]
        following = re.search(r"^#### ", rest, flags=re.M)
        body = rest[: following.start()] if following else rest
        assert f"```toml\n{MARKER}" in body, f"item {item} has no complete ruleset"
    assert "### 14. " in TEXT[end:]
