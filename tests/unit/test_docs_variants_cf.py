"""The TOML examples of the C–F part of ``docs/rulesets.md`` (policy variants 14–27) load as written.

Blocks whose first line is ``# 完整规则集`` are whole rulesets and must load
alone; every other block is a fragment and must load when added to a small
complete ruleset.  So a renamed key or a changed check breaks this test
rather than silently leaving a wrong example in the manual.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sqmy_core.rules.load import parse_ruleset

DOC = Path(__file__).resolve().parents[2] / "docs" / "rulesets.md"
MARK = "# 完整规则集"
BLOCK = re.compile(r"^```toml\n(.*?)^```", re.DOTALL | re.MULTILINE)
FRAGMENT_HEAD = """
format = "sqmy-ruleset/2"
organization = "fragment"
title = "片段"
[scope]
roles = ["member", "special_officer"]
unit_kinds = ["sector", "committee"]
[scoring.split]
mode = "full"
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 5
"""


def _part() -> str:
    """The C–F part of docs/rulesets.md (items 14–27), to its end."""
    text = DOC.read_text(encoding="utf-8")
    return text[text.index("\n## C–F") + 1 :]


def blocks() -> list[str]:
    return BLOCK.findall(_part())


def complete() -> list[str]:
    return [b for b in blocks() if b.startswith(MARK)]


def fragments() -> list[str]:
    return [b for b in blocks() if not b.startswith(MARK)]


def test_every_item_14_to_27_has_a_section_and_most_have_a_complete_ruleset() -> None:
    text = _part()
    assert text.startswith("## C–F")
    for item in range(14, 28):
        assert re.search(rf"^### {item}\. ", text, re.MULTILINE), f"item {item} missing"
    assert len(complete()) >= 10


@pytest.mark.parametrize("index", range(len(complete())))
def test_complete_ruleset_loads(index: int) -> None:
    text = complete()[index]
    rs = parse_ruleset(text, f"docs/rulesets.md#cf-complete-{index + 1}")
    assert rs.format == "sqmy-ruleset/2"


@pytest.mark.parametrize("index", range(len(fragments())))
def test_fragment_loads_inside_a_small_ruleset(index: int) -> None:
    text = fragments()[index]
    parse_ruleset(FRAGMENT_HEAD + text, f"docs/rulesets.md#cf-fragment-{index + 1}")
