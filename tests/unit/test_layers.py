"""Layers point one way: the pure core, then the edge (workspace/), then tools/.

model/, rules/ (but its file loader), scoring/, workflow/, storage/ and the
report builders (reports/, not its writers) are pure functions of their inputs.  This test reads their source and fails on an
import of a higher layer or of an I/O module, and on reading the clock.
Above them, workspace/ is the edge and tools/ is built on it: tools/ may
import workspace/, never the reverse, and neither imports the CLI or the
BDD step library.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "sqmy_core"
PURE = [
    *sorted((SRC / "model").glob("*.py")),
    *sorted(p for p in (SRC / "rules").glob("*.py") if p.name != "load.py"),
    *sorted((SRC / "scoring").glob("*.py")),
    *sorted((SRC / "workflow").glob("*.py")),
    *sorted((SRC / "storage").glob("*.py")),
    *sorted((SRC / "reports").glob("*.py")),  # the builders; reports/writers/ lays out files
]
UPWARD = ("sqmy_core.workspace", "sqmy_core.tools", "sqmy_core.cli", "sqmy_core.plugins",
          "sqmy_core._builtin", "sqmy_core.bdd", "sqmy_core.testing")
EDGE = sorted((SRC / "workspace").glob("*.py"))
TOOLS = sorted((SRC / "tools").glob("*.py"))
IO_MODULES = ("os", "pathlib", "sqlite3", "socket", "urllib", "http", "subprocess", "time",
              "random", "logging", "io", "shutil", "tempfile")
CLOCK_CALLS = ("now", "today", "utcnow", "time")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
    return found


def test_the_layers_are_where_the_test_looks() -> None:
    assert len(PURE) > 20 and EDGE and TOOLS  # a move that empties a list would pass silently


@pytest.mark.parametrize("path", EDGE, ids=lambda p: str(p.relative_to(SRC)))
def test_the_workspace_does_not_import_tools_cli_or_bdd(path: Path) -> None:
    for line, name in _imports(path):
        assert not name.startswith(("sqmy_core.tools", "sqmy_core.cli", "sqmy_core.bdd")), (
            f"{path.name}:{line} imports {name}"
        )


@pytest.mark.parametrize("path", TOOLS, ids=lambda p: str(p.relative_to(SRC)))
def test_tools_do_not_import_the_cli_or_bdd(path: Path) -> None:
    for line, name in _imports(path):
        assert not name.startswith(("sqmy_core.cli", "sqmy_core.bdd")), (
            f"{path.name}:{line} imports {name}"
        )


@pytest.mark.parametrize("path", PURE, ids=lambda p: str(p.relative_to(SRC)))
def test_pure_module(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert not name.startswith(UPWARD), f"{path.name} imports {name}"
            assert name.split(".")[0] not in IO_MODULES, f"{path.name} imports {name}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value
            owner = target.id if isinstance(target, ast.Name) else ""
            if owner in ("datetime", "date", "time") and node.func.attr in CLOCK_CALLS:
                pytest.fail(f"{path.name}:{node.lineno} reads the clock ({owner}.{node.func.attr})")
