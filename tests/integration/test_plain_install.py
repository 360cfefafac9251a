"""A plain install (no ``[bdd]`` extra) never breaks pytest in its environment.

The core registers a ``pytest11`` entry point; without pytest-bdd it must
load nothing.  This builds a fresh venv with the core (``--no-deps``), its
runtime dependencies and pytest only, and runs an unrelated test file there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600, check=False)


@pytest.mark.venv
def test_pytest_runs_in_a_venv_with_the_core_but_without_pytest_bdd(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    runtime = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    deps = runtime["project"]["dependencies"]
    for args in (["--no-deps", "-e", str(REPO)], [*deps, "pytest"]):
        done = _run(python, "-m", "pip", "install", "--quiet", *args, cwd=tmp_path)
        assert done.returncode == 0, done.stderr[-2000:]
    probe = _run(python, "-c", "import importlib.util as u; print(u.find_spec('pytest_bdd'))",
                 cwd=tmp_path)
    assert probe.stdout.strip() == "None"  # the point: pytest-bdd is not there
    (tmp_path / "test_unrelated.py").write_text("def test_one():\n    assert 1 + 1 == 2\n",
                                                encoding="utf-8")
    ran = _run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_unrelated.py",
               cwd=tmp_path)
    assert ran.returncode == 0, ran.stdout[-2000:] + ran.stderr[-2000:]
    assert "1 passed" in ran.stdout
    entry = _run(python, "-c", "import sqmy_core.bdd.entry as e; print(e.pytest_plugins)",
                 cwd=tmp_path)
    assert entry.stdout.strip() == "[]"
