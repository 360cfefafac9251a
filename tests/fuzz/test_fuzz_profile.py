"""The short fuzz profile of ``make test``: each atheris target runs a bounded number of inputs.

``tests/fuzz/fuzz_dataset.py`` and ``fuzz_ruleset.py`` are driven by libFuzzer
for 2,000 inputs each (a fixed seed, so a run is repeatable), starting from the
example rulesets and datasets and every regression input.  libFuzzer exits
non-zero on a crash (an exception other than the library's refusal), on an
input slower than ``-timeout`` seconds (a hang) and on more than
``-rss_limit_mb`` of memory (a blow-up); the test then fails and shows the
crashing input's file.  ``make fuzz`` runs the same targets for 10 minutes.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SMALL_DISTRICT

pytest.importorskip("atheris", reason="atheris is in the [fuzz] extra (make install has it)")

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "fuzz"
RUNS = 2000


def seeds(kind: str, tmp_path: Path) -> list[str]:
    if kind == "ruleset":
        return [str(ROOT / "rulesets"), str(HERE / "regressions")]
    own = tmp_path / "seeds"
    own.mkdir()
    (own / "small.json").write_text(json.dumps(SMALL_DISTRICT, ensure_ascii=False), "utf-8")
    return [str(own), str(ROOT / "rulesets" / "examples"), str(HERE / "regressions")]


@pytest.mark.parametrize("kind", ["dataset", "ruleset"])
def test_fuzz_target_survives_a_short_run(kind: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    ran = subprocess.run(
        [
            sys.executable,
            str(HERE / f"fuzz_{kind}.py"),
            f"-runs={RUNS}",
            "-seed=8",
            "-timeout=30",
            "-rss_limit_mb=2048",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
            *seeds(kind, tmp_path),
        ],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    log = "\n".join(line for line in ran.stderr.splitlines() if "Instrumenting" not in line)
    assert ran.returncode == 0, log[-4000:]
    # libFuzzer counts the seed inputs it replays as runs too, so a run may end a few past RUNS
    done = re.search(r"Done (\d+) runs", log)
    assert done is not None and int(done.group(1)) >= RUNS, log[-2000:]
