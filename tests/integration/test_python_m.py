"""``python -m sqmy_core`` and ``python -m sqmy_core.cli.main`` run the ``sqmy`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

RULESET = str(Path(__file__).resolve().parents[2] / "rulesets" / "district.toml")


@pytest.mark.parametrize("module", ["sqmy_core", "sqmy_core.cli.main"])
def test_the_module_runs_the_command(module: str) -> None:
    ran = subprocess.run(
        [sys.executable, "-m", module, "ruleset", "check", RULESET],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert "检查通过" in ran.stdout
    refused = subprocess.run(
        [sys.executable, "-m", module, "--lang", "en", "ruleset", "check", "nowhere.toml"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "nowhere.toml" in refused.stderr
