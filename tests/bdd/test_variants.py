"""features/variants: one scenario (at least) per item of policy-variants.md, each with its own ruleset.

Scenarios tagged ``@engine_bug`` are expected failures (strict): they state
what the variant text requires and the engine does not yet give; see
``tests/bdd/conftest.py``.
"""

from sqmy_core.bdd import scenarios

scenarios("../../features/variants")


# ---------------------------------------------------------------- coverage of the catalogue

import re  # noqa: E402
from pathlib import Path  # noqa: E402

VARIANTS = Path(__file__).resolve().parents[2] / "features" / "variants"
ITEMS = range(1, 28)
"""The numbered items of the variant catalogue (A 1-9, B 10-13, C 14-17, D 18-20, E 21-25, F 26-27)."""

_TAG = re.compile(r"@变体(\d+)\b")
_SCENARIO = re.compile(r"^\s*(场景|场景大纲)\s*:")


def _scenarios() -> list[tuple[str, int, set[int], list[str]]]:
    """(file, line, item numbers tagged, body lines) of every scenario in features/variants."""
    out: list[tuple[str, int, set[int], list[str]]] = []
    for path in sorted(VARIANTS.glob("*.feature")):
        tags: set[int] = set()
        current: tuple[str, int, set[int], list[str]] | None = None
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith("@"):
                tags |= {int(t) for t in _TAG.findall(stripped)}
            elif _SCENARIO.match(line):
                current = (path.name, n, tags, [])
                out.append(current)
                tags = set()
            elif current is not None:
                current[3].append(stripped)
    return out


def test_every_variant_item_has_a_tagged_scenario() -> None:
    covered = {item for _, _, tags, _ in _scenarios() for item in tags}
    missing = [i for i in ITEMS if i not in covered]
    assert not missing, f"policy-variants.md 的这些项没有 @变体N 场景：{missing}"
    assert covered <= set(ITEMS), f"未知的变体编号：{sorted(covered - set(ITEMS))}"


def test_each_section_file_holds_its_items() -> None:
    sections = {"A": range(1, 10), "B": range(10, 14), "C": range(14, 18)}
    sections |= {"D": range(18, 21), "E": range(21, 26), "F": range(26, 28)}
    for name, _, tags, _ in _scenarios():
        assert tags, f"{name}: 场景没有 @变体N 标签"
        assert tags <= set(sections[name[0]]), f"{name}: {sorted(tags)} 不属于 {name[0]} 节"


def test_each_scenario_has_its_own_ruleset_and_worked_numbers() -> None:
    for name, line, _, body in _scenarios():
        assert any(b.startswith("假如 规则集为") for b in body), f"{name} 第 {line} 行：没有自己的规则集"
        assert any(b.startswith("#") for b in body), f"{name} 第 {line} 行：没有写出算式的注释"
