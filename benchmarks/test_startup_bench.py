"""How long ``sqmy`` takes from the shell, start-up included: ``--version`` and a county assessment.

Run with ``make bench``.  Each figure is the median wall time of several runs
of the installed ``sqmy`` script as a subprocess (a fresh interpreter each
time, as a user or a scheduled job starts it), printed at the end of the run
next to the target of issue 10: a county assessment from the shell in at
most 0.3 s.  Nothing is asserted about time; the figure is reported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sqmy_core.tools.synth import generate

from .conftest import RULESETS, report

SQMY = str(Path(sys.executable).with_name("sqmy"))
COUNTY = (180, 700)  # people, pieces: the county of the table
TARGET_S = 0.3
ROUNDS = 9


@pytest.fixture(scope="module")
def county_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    people, pieces = COUNTY
    doc = generate("district", seed=7, year=2024, people=people, pieces=pieces)
    path = tmp_path_factory.mktemp("startup") / "county.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _runner(*args: str) -> Callable[[], None]:
    env = {k: v for k, v in os.environ.items() if k not in ("SQMY_LANG", "SQMY_DEBUG")}

    def run() -> None:
        ran = subprocess.run([SQMY, *args], capture_output=True, env=env, check=False)
        assert ran.returncode == 0, ran.stderr.decode("utf-8", "replace")

    return run


def _median(benchmark) -> float:  # type: ignore[no-untyped-def]
    """The median of the rounds pytest-benchmark just timed."""
    return float(benchmark.stats.stats.median)


def test_version(benchmark):  # type: ignore[no-untyped-def]
    run = _runner("--version")
    benchmark.pedantic(run, rounds=ROUNDS, iterations=1, warmup_rounds=1)
    report("sqmy --version", _median(benchmark), None)


def test_county_assess_json(benchmark, county_file):  # type: ignore[no-untyped-def]
    ruleset = str(RULESETS / "district.toml")
    run = _runner(
        "assess", "--ruleset", ruleset, "--data", str(county_file), "--year", "2024",
        "--format", "json",
    )  # fmt: skip
    benchmark.pedantic(run, rounds=ROUNDS, iterations=1, warmup_rounds=1)
    report("county sqmy assess --format json", _median(benchmark), TARGET_S)
