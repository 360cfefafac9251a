"""The quick profile of ``make trust`` in ``make test``: every trial family, every figure met.

Each family of :mod:`trust.run` runs with :data:`trust.profiles.QUICK`
(one N, a couple of rounds, a handful of kills, a slice of the duties
matrix) and each of its figures must meet its requirement.  The
PostgreSQL and MariaDB servers are used when they answer; without them
the families run on SQLite alone -- except under CI (``CI`` set), where a
server that does not answer fails the test, as in the plugin's tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trust import run
from trust.backends import BACKENDS, available
from trust.figures import failed, figure_lines
from trust.profiles import QUICK, Profile, only


@pytest.fixture(scope="module")
def profile() -> Profile:
    down = {b: r for b in BACKENDS if (r := available(b))}
    if down and os.environ.get("CI"):
        pytest.fail(f"servers required under CI: {down}", pytrace=False)
    return only(QUICK, tuple(b for b in BACKENDS if b not in down))


@pytest.mark.parametrize("family", list(run.TRIALS))
def test_every_figure_of_the_quick_profile_is_met(
    family: str, profile: Profile, tmp_path: Path
) -> None:
    results = run.run(profile, [family], tmp_path, lambda zh, en: None)
    figures = [run.Figure.from_json(f) for f in results["figures"]]
    assert figures, f"{family} measured nothing"
    assert failed(figures) == [], "\n".join(figure_lines(figures, "en"))
