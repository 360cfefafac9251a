"""The engine is picked where the bytes and the store are; every choice gives the same result.

Thresholds are lowered here so that a small synthetic district exercises the
columnar path through the same entry points a large file or store takes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sqmy_core.cli.main import cli
from sqmy_core.rules import load_ruleset
from sqmy_core.scoring.columnar import assess as columnar_assess
from sqmy_core.scoring.columnar import engine
from sqmy_core.tools.synth import generate
from sqmy_core.workspace import assessing
from tests.conftest import staff_of

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"


@pytest.fixture()
def district_file(tmp_path: Path) -> Path:
    doc = generate("district", seed=11, year=2024, people=120, pieces=500)
    path = tmp_path / "district.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture()
def taken(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Lower both thresholds and record each time the columnar path computes."""
    calls: list[str] = []
    real = columnar_assess.assess_frames

    def spy(*args: object, **kwargs: object) -> object:
        calls.append("columnar")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(columnar_assess, "assess_frames", spy)
    monkeypatch.setattr(assessing, "COLUMNAR_FROM_BYTES", 1)
    monkeypatch.setattr(engine, "COLUMNAR_FROM_EVENTS", 1)
    return calls


def test_file_every_engine_same_assessment(district_file: Path, taken: list[str]) -> None:
    rs = load_ruleset(RULESETS / "district.toml")
    ref = assessing.assess_file(rs, district_file, 2024, "reference")
    assert taken == []
    auto = assessing.assess_file(rs, district_file, 2024, "auto")
    assert taken == ["columnar"]
    col = assessing.assess_file(rs, district_file, 2024, "columnar")
    assert taken == ["columnar", "columnar"]
    assert ref == auto == col


def test_small_file_takes_the_reference(district_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assessing, "COLUMNAR_FROM_BYTES", 1 << 40)

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("a small file must not take the columnar path")

    monkeypatch.setattr(columnar_assess, "assess_frames", refuse)
    rs = load_ruleset(RULESETS / "district.toml")
    assert assessing.assess_file(rs, district_file, 2024).year == 2024


def test_cli_file_and_store_same_bytes(
    district_file: Path, tmp_path: Path, taken: list[str]
) -> None:
    runner = CliRunner()
    ruleset = str(RULESETS / "district.toml")
    outs = []
    for choice in ("reference", "columnar", "auto"):
        ran = runner.invoke(cli, ["assess", "--ruleset", ruleset, "--data", str(district_file),
                                  "--year", "2024", "--format", "json", "--engine", choice])
        assert ran.exit_code == 0, ran.output
        outs.append(ran.output)
    db = str(tmp_path / "w.db")
    assert runner.invoke(cli, ["ruleset", "apply", "--db", db, ruleset]).exit_code == 0
    staff = staff_of(json.loads(district_file.read_text(encoding="utf-8")))
    imported = runner.invoke(cli, ["import", "--as", staff, "--db", db, str(district_file)])
    assert imported.exit_code == 0
    for choice in ("reference", "columnar", "auto"):
        ran = runner.invoke(cli, ["assess", "--db", db, "--year", "2024", "--format", "json",
                                  "--engine", choice])
        assert ran.exit_code == 0, ran.output
        outs.append(ran.output)
    assert len(set(outs)) == 1
    assert taken.count("columnar") == 4


def test_columnar_engine_refuses_a_ruleset_it_cannot_compute(
    district_file: Path, tmp_path: Path
) -> None:
    text = (RULESETS / "district.toml").read_text(encoding="utf-8")
    text = text.replace(
        "first_share = 0.6\n",
        'first_share = 0.6\nauthor_factors = [{ by = "role", values = { special_officer = 2 } }]\n',
    )
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    ran = CliRunner().invoke(cli, ["assess", "--ruleset", str(path), "--data", str(district_file),
                                   "--year", "2024", "--format", "json", "--engine", "columnar"])
    assert ran.exit_code == 2, ran.output
    assert "author_factors" in ran.output
    assert "Traceback" not in ran.output
    rs = load_ruleset(path)
    auto = assessing.assess_file(rs, district_file, 2024, "auto")  # auto falls back
    assert auto == assessing.assess_file(rs, district_file, 2024, "reference")


def test_a_decline_on_data_reads_the_file_again_for_the_reference(
    district_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's frames hold only the columnar path's columns: when it declines on what the
    data reveals, the reference reads the file itself (not those frames)."""
    from sqmy_core.errors import ConfigurationError

    rs = load_ruleset(RULESETS / "district.toml")
    ref = assessing.assess_file(rs, district_file, 2024, "reference")
    monkeypatch.setattr(assessing, "COLUMNAR_FROM_BYTES", 1)
    monkeypatch.setattr(engine, "COLUMNAR_FROM_EVENTS", 1)

    def too_large(*_args: object, **_kwargs: object) -> object:
        raise ConfigurationError.one("", "columnar_too_large", found="x")

    monkeypatch.setattr(columnar_assess, "assess_frames", too_large)
    assert assessing.assess_file(rs, district_file, 2024, "auto") == ref
    with pytest.raises(ConfigurationError):
        assessing.assess_file(rs, district_file, 2024, "columnar")


def test_consumed_frames_give_the_same_assessment(district_file: Path) -> None:
    from sqmy_core.interchange.fast_reader import read_frames
    from sqmy_core.rules.declared import declarations_of
    from sqmy_core.scoring.columnar.frames import DatasetFrames
    from sqmy_core.scoring.columnar.stream import frame_columns

    rs = load_ruleset(RULESETS / "district.toml")
    data = district_file.read_bytes()

    def frames() -> DatasetFrames:
        return read_frames(data, extra_roles=rs.reviewer_roles,
                           declarations=declarations_of(rs), columns=frame_columns(rs))  # fmt: skip

    kept, given = frames(), frames()
    a = engine.assess_columnar(rs, kept, 2024)
    b = engine.assess_columnar(rs, given, 2024, consume=True)
    assert a == b
    assert kept.events.height > 0  # not given away: left as it was
    assert given.events.width == 0
