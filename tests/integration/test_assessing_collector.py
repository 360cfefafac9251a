"""The columnar assessment runs with the cyclic garbage collector paused, and only it."""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("polars")

from sqmy_core._collector import paused_collector
from sqmy_core.scoring.columnar import engine
from sqmy_core.tools.synth import generate
from sqmy_core.workspace import assessing
from sqmy_core.workspace.files import load_ruleset

ROOT = Path(__file__).resolve().parents[2]
DISTRICT = load_ruleset(ROOT / "rulesets" / "district.toml")


def test_the_collector_is_off_for_the_columnar_call_and_on_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "d.json"
    data.write_text(json.dumps(generate("district", seed=3, year=2024, pieces=40)), "utf-8")
    seen: list[bool] = []
    columnar = engine.assess_columnar

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return columnar(*args, **kwargs)

    monkeypatch.setattr(engine, "assess_columnar", spy)
    assert gc.isenabled()
    got = assessing.assess_file(DISTRICT, data, 2024, engine="columnar")
    assert seen == [False] and gc.isenabled()
    assert got == assessing.assess_file(DISTRICT, data, 2024, engine="reference")


def test_an_error_turns_it_back_on_and_an_off_collector_stays_off() -> None:
    with pytest.raises(ZeroDivisionError), paused_collector():
        assert not gc.isenabled()
        _ = 1 / 0
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_collector():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
