"""The pure core stays pure: no I/O, clock or upward imports below service.py.

model/, rules/ (but its file loader), scoring/, workflow/ and notices.py are
pure functions of their inputs.  This test reads their source and fails on an
import of a higher layer or of an I/O module, and on reading the clock.
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
    SRC / "notices.py",
]
UPWARD = ("sqmy_core.service", "sqmy_core.cli", "sqmy_core.files", "sqmy_core.plugins",
          "sqmy_core._builtin", "sqmy_core.bdd", "sqmy_core.outbox", "sqmy_core.exchange",
          "sqmy_core.workspace_registry")
IO_MODULES = ("os", "pathlib", "sqlite3", "socket", "urllib", "http", "subprocess", "time",
              "random", "logging", "io", "shutil", "tempfile")
CLOCK_CALLS = ("now", "today", "utcnow", "time")


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
