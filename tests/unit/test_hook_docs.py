"""Every hook is specified, documented and tested (after datasette's ``tests/test_plugins.py``).

The hooks are found by introspecting :mod:`sqmy_core.hookspecs` (functions
pluggy marked as specifications), so a new hook fails here until it has:

* a section in ``docs/plugins.md`` -- a heading containing its name -- that
  shows its exact signature (as written in ``hookspecs.py``) and, for a
  ``firstresult`` hook, says so;
* a ``:param name:`` in its docstring for every parameter;
* at least one test, under ``tests/`` or ``plugins/*/tests``, that mentions it.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sqmy_core import hookspecs

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "plugins.md"
SPEC_MARK = f"{hookspecs.PROJECT_NAME}_spec"
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def _hooks() -> dict[str, Callable[..., Any]]:
    return {
        name: obj
        for name, obj in vars(hookspecs).items()
        if callable(obj) and getattr(obj, SPEC_MARK, None) is not None
    }


HOOKS = _hooks()


def signature(hook: Callable[..., Any]) -> str:
    """``def name(params) -> result:`` exactly as in hookspecs.py (decorators and body dropped)."""
    node = ast.parse(inspect.getsource(hook)).body[0]
    assert isinstance(node, ast.FunctionDef)
    node.decorator_list = []
    node.body = [ast.Expr(ast.Constant(...))]
    return ast.unparse(node).splitlines()[0]


def sections(text: str) -> dict[str, str]:
    """Heading line -> the text under it, up to the next heading of the same or a higher level."""
    lines = text.splitlines()
    out: dict[str, str] = {}
    in_code = False
    headings: list[tuple[int, int, str]] = []
    for i, line in enumerate(lines):
        if line.startswith("```"):
            in_code = not in_code
        match = None if in_code else HEADING.match(line)
        if match:
            headings.append((i, len(match.group(1)), match.group(2)))
    for n, (start, level, title) in enumerate(headings):
        end = next((s for s, lv, _ in headings[n + 1 :] if lv <= level), len(lines))
        out[title] = "\n".join(lines[start + 1 : end])
    return out


def squeeze(text: str) -> str:
    return " ".join(text.split())


DOC_SECTIONS = sections(DOCS.read_text(encoding="utf-8"))


def test_hooks_are_found() -> None:
    assert {"sqmy_storage", "sqmy_notifiers", "sqmy_rule_kinds", "sqmy_validate_ruleset"} <= set(
        HOOKS
    )


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_has_a_docs_section_with_its_exact_signature(name: str) -> None:
    found = [body for title, body in DOC_SECTIONS.items() if name in title]
    assert found, f"docs/plugins.md has no heading mentioning {name}"
    expected = signature(HOOKS[name])
    assert any(squeeze(expected) in squeeze(body) for body in found), (
        f"the {name} section of docs/plugins.md does not show its signature:\n    {expected}"
    )
    if getattr(HOOKS[name], SPEC_MARK)["firstresult"]:
        assert any("firstresult" in body for body in found), f"{name} is firstresult: say so"


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_docstring_documents_every_parameter(name: str) -> None:
    doc = inspect.getdoc(HOOKS[name]) or ""
    for parameter in inspect.signature(HOOKS[name]).parameters:
        assert f":param {parameter}:" in doc, f"{name}: parameter {parameter} is undocumented"
    assert ":return:" in doc, f"{name}: the result is undocumented"


def _test_files() -> list[Path]:
    roots = [REPO / "tests", *sorted((REPO / "plugins").glob("*/tests"))]
    here = Path(__file__).resolve()
    return [p for root in roots for p in root.rglob("*.py") if p.resolve() != here]


TEST_TEXT = {p: p.read_text(encoding="utf-8") for p in _test_files()}


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_is_used_by_a_test(name: str) -> None:
    users = [p for p, text in TEST_TEXT.items() if re.search(rf"\b{name}\b", text)]
    assert users, f"no test under tests/ or plugins/*/tests mentions {name}"


def test_docs_describe_no_hook_that_does_not_exist() -> None:
    # hook-like names in headings; module paths (sqmy_core.storage) are not hooks
    named = {m for t in DOC_SECTIONS for m in re.findall(r"\bsqmy_[a-z_]+\b(?!\.)", t)}
    assert named <= set(HOOKS), (
        f"docs/plugins.md has sections for unknown hooks: {named - set(HOOKS)}"
    )


def test_python_examples_in_the_docs_compile() -> None:
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    for block in blocks:
        source = textwrap.dedent(block)
        if source.startswith("def "):  # a signature on its own
            source += "    ...\n"
        compile(source, str(DOCS), "exec")
