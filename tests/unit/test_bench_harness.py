"""The benchmark harness (benchmarks/run.py) and its polars baseline, without timing anything.

The harness runs on a tiny dataset with a fake runner that answers each
command with a chosen wall time and a written assessment, so figure parsing,
target verdicts, the exit status and the docs are checked exactly.  The
polars baseline is checked against ``sqmy assess`` at county size: the
benchmark's comparison is only fair while both write the same document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from benchmarks import baseline_polars, generate
from benchmarks.compare import differences
from benchmarks.measure import Run
from benchmarks.report import Figure, figure_lines, render_markdown, write_docs
from benchmarks.run import Bench, Config, finish
from sqmy_core.cli.main import cli
from sqmy_core.tools.synth import generate as synth_generate

ROOT = Path(__file__).resolve().parents[2]

DOC: dict[str, Any] = {
    "format": "sqmy-assessment/1",
    "organization": "district",
    "year": 2024,
    "people": [
        {
            "id": "p1",
            "points": 3.5,
            "rank": 1,
            "adopted_pieces": 1,
            "quotas_met": True,
            "flags": [],
            "award": None,
        }
    ],
    "units": [],
    "overdue": [],
    "stats": {
        "submitted": 1,
        "approved": 1,
        "adopted": 1,
        "instructed": 0,
        "implemented": 0,
        "adoption_rate": 1.0,
        "instruction_rate": 0.0,
    },
}


class FakeRunner:
    """Answers the harness's commands: chosen wall times, written outputs, no processes."""

    def __init__(
        self,
        walls: dict[str, float],
        incremental: list[dict[str, Any]] | None = None,
        polars_doc: dict[str, Any] | None = None,
        fail: str | None = None,
        differ_on: str | None = None,
    ) -> None:
        self.walls = walls
        self.incremental = incremental if incremental is not None else []
        self.polars_doc = polars_doc or DOC
        self.fail = fail
        self.differ_on = differ_on
        self.calls: list[list[str]] = []

    @staticmethod
    def kind(argv: Sequence[str]) -> str:
        if "--version" in argv:
            return "version"
        if "benchmarks.incremental" in argv:
            return "incremental"
        if "benchmarks.baseline_polars" in argv:
            if "--to-parquet" in argv:
                return "to_parquet"
            return "polars_json" if "--data" in argv else "polars_parquet"
        if "apply" in argv:
            return "apply"
        if "import" in argv:
            return "import"
        return "engine_json" if "--data" in argv else "engine_store"

    def run(self, argv: Sequence[str], *, out: Path | None, timeout: float) -> Run:
        self.calls.append(list(argv))
        kind = self.kind(argv)
        if kind == self.fail:
            return Run(timeout, 0, -9, "", f"stopped after {timeout:g} s (BENCH_TIMEOUT)")
        if kind == "to_parquet":
            target = Path(argv[argv.index("--to-parquet") + 1])
            target.mkdir(parents=True)
            (target / "events.parquet").write_bytes(b"PAR1")
        if kind == "incremental":
            Path(argv[argv.index("--json") + 1]).write_text(json.dumps(self.incremental))
        if out is not None and kind.startswith(("engine", "polars")):
            doc = DOC
            if kind.startswith("polars") and (self.differ_on is None or self.differ_on in str(out)):
                doc = self.polars_doc
            out.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
        return Run(self.walls.get(kind, 0.01), 50 * 2**20, 0)


WALLS = {
    "version": 0.05,
    "engine_json": 0.2,
    "polars_json": 0.4,
    "engine_store": 0.5,
    "polars_parquet": 0.25,
    "import": 0.01,
}
MET_INCREMENTAL = [
    {
        "name": "incremental median",
        "size": "city",
        "value": 12.0,
        "unit": "µs",
        "target": 20,
        "lower_is_better": True,
    },
    {
        "name": "incremental p99",
        "size": "city",
        "value": 80.0,
        "unit": "µs",
        "target": 100,
        "lower_is_better": True,
    },
]


def config(tmp_path: Path, sizes: Sequence[str] = ("tiny",), incremental: bool = True) -> Config:
    script = tmp_path / "incremental.py"
    tmp_path.mkdir(parents=True, exist_ok=True)
    script.write_text("# stands for benchmarks/incremental.py\n", encoding="utf-8")
    return Config(
        sizes=list(sizes),
        runs=2,
        directory=tmp_path / "bench",
        check_sizes=("tiny",),
        startup_size="tiny",
        startup_runs=3,
        shapes={"tiny": (45, 8), "small": (60, 30)},
        targets={
            ("json_ratio", "tiny"): 1.0,
            ("json_ratio", "small"): 1.0,
            ("county_assess_s", None): 0.3,
            ("store_ratio", "tiny"): 2.0,
            ("import_rate", "tiny"): 1000.0,
            ("identical_output", None): 1.0,
        },
        incremental=script if incremental else tmp_path / "absent.py",
        sqmy=["sqmy"],
        python="python",
    )


def by_name(figures: Sequence[Figure]) -> dict[tuple[str, str | None], Figure]:
    return {(f.name, f.size): f for f in figures}


def test_figures_against_targets_from_a_fake_run(tmp_path: Path) -> None:
    runner = FakeRunner(WALLS, MET_INCREMENTAL)
    bench = Bench(config(tmp_path), runner, say=lambda _: None)
    figures = by_name(bench.run())
    info = bench.results["sizes"]["tiny"]
    assert figures[("json_ratio", "tiny")].value == pytest.approx(0.5)
    assert figures[("json_ratio", "tiny")].verdict == "met"
    assert figures[("store_ratio", "tiny")].value == pytest.approx(2.0)
    assert figures[("store_ratio", "tiny")].verdict == "met"  # at the target is met
    assert figures[("county_assess_s", None)].value == pytest.approx(0.2)
    assert figures[("version_s", None)].verdict == ""  # reported, no target
    assert figures[("import_rate", "tiny")].value == pytest.approx(info["events"] / 0.01)
    assert figures[("identical_output", "tiny")].value == 1.0
    assert figures[("incremental p99", "city")].verdict == "met"
    assert figures[("engine_peak_json", "tiny")].value == pytest.approx(50 / 1024)
    # runs alternate: engine, polars, then polars, engine
    kinds = [FakeRunner.kind(c) for c in runner.calls]
    json_runs = [k for k in kinds if k in ("engine_json", "polars_json")]
    assert json_runs[-4:] == ["engine_json", "polars_json", "polars_json", "engine_json"]
    assert kinds.count("to_parquet") == 1
    assert set(info) == {"people", "units", "pieces", "events", "bytes", "runs"}
    assert info["people"] == 45 and info["pieces"] == 8


def test_exit_status_is_1_when_a_target_is_missed_and_0_when_all_are_met(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok = Bench(config(tmp_path / "a"), FakeRunner(WALLS, MET_INCREMENTAL), say=lambda _: None)
    assert finish(ok, False, tmp_path / "docs", tmp_path / "last.json") == 0
    assert "every target met" in capsys.readouterr().out
    slow = {**WALLS, "engine_json": 0.9}  # 2.25x polars, and 0.9 s for the county assessment
    bad = Bench(config(tmp_path / "b"), FakeRunner(slow, MET_INCREMENTAL), say=lambda _: None)
    assert finish(bad, False, tmp_path / "docs", tmp_path / "last.json") == 1
    out = capsys.readouterr().out
    assert "MISSED" in out and "2 target(s) missed" in out
    saved = json.loads((tmp_path / "last.json").read_text(encoding="utf-8"))
    assert {(f["name"], f["size"]) for f in saved["figures"]} >= {("json_ratio", "tiny")}


def test_a_figure_that_cannot_be_measured_is_missed_with_its_reason(tmp_path: Path) -> None:
    bench = Bench(
        config(tmp_path, incremental=False), FakeRunner(WALLS, fail="import"), say=lambda _: None
    )
    figures = by_name(bench.run())
    rate = figures[("import_rate", "tiny")]
    assert rate.value is None and rate.verdict == "MISSED" and "BENCH_TIMEOUT" in rate.note
    store = figures[("store_ratio", "tiny")]  # no workspace to assess
    assert store.verdict == "MISSED" and "no workspace" in store.note
    missing = [f for f in figures.values() if f.name.startswith("incremental")]
    assert len(missing) == 3
    assert all(f.verdict == "MISSED" and "missing" in f.note for f in missing)
    lines = "\n".join(figure_lines(list(figures.values())))
    assert "benchmarks/incremental.py is missing" in lines


def test_a_baseline_that_disagrees_stops_the_harness_before_timing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = json.loads(json.dumps(DOC))
    other["people"][0]["points"] = 3.6
    runner = FakeRunner(WALLS, polars_doc=other)
    bench = Bench(config(tmp_path), runner, say=lambda _: None)
    assert finish(bench, True, tmp_path / "docs", tmp_path / "last.json") == 2
    assert "$.people[0].points: 3.5 != 3.6" in capsys.readouterr().err
    assert len(runner.calls) == 2  # the two checking runs, nothing timed
    assert not (tmp_path / "docs").exists()


def test_a_difference_at_a_timed_size_is_a_missed_figure(tmp_path: Path) -> None:
    other = json.loads(json.dumps(DOC))
    other["overdue"] = ["2024-001"]
    runner = FakeRunner(WALLS, MET_INCREMENTAL, polars_doc=other, differ_on="small-json")
    bench = Bench(config(tmp_path, sizes=("tiny", "small")), runner, say=lambda _: None)
    figures = by_name(bench.run())
    assert figures[("identical_output", "tiny")].verdict == "met"
    same = figures[("identical_output", "small")]
    assert same.verdict == "MISSED" and "$.overdue: 0 items != 1 items" in same.note


def test_docs_hold_the_tables_and_the_chart(tmp_path: Path) -> None:
    bench = Bench(
        config(tmp_path, sizes=("tiny", "small")),
        FakeRunner(WALLS, MET_INCREMENTAL),
        say=lambda _: None,
    )
    bench.run()
    md = write_docs(bench.results, tmp_path / "docs")
    text = md.read_text(encoding="utf-8")
    small = bench.results["sizes"]["small"]
    assert f"| small | {small['people']:,} | {small['units']:,} | {small['pieces']:,} |" in text
    assert "| tiny | 0.2 s | 0.4 s | 0.50× | 50 MiB / 50 MiB |" in text
    assert "## 如何复现 How to reproduce" in text and "BENCH_SIZES=" in text
    assert "![cost against size](performance.png)" in text
    assert (tmp_path / "docs" / "performance.png").read_bytes()[:4] == b"\x89PNG"
    assert "incremental median" in text
    # one size only: no chart, said so
    assert "未画图" in render_markdown({**bench.results, "sizes": {"tiny": small}}, None)


def test_figure_verdicts() -> None:
    assert (
        Figure("import_rate", "national", 250_000.0, "events/s", 200_000.0, False).verdict == "met"
    )
    assert (
        Figure("import_rate", "national", 6_000.0, "events/s", 200_000.0, False).verdict == "MISSED"
    )
    assert Figure("json_ratio", "national", None, "×", 1.5, True, "why").verdict == "MISSED"
    assert Figure("version_s", None, 0.1, "s").verdict == ""
    assert Figure.from_json(Figure("x", None, 1.0, "s", 2.0).to_json()) == Figure(
        "x", None, 1.0, "s", 2.0
    )


def test_differences_name_each_field() -> None:
    a = {"people": [{"id": "p1", "rank": 1}], "overdue": ["x"]}
    b = {"people": [{"id": "p1", "rank": 2}], "overdue": ["x", "y"], "extra": 1}
    assert differences(a, a) == []
    assert differences(a, b) == [
        "$.extra: only in the right",
        "$.overdue: 1 items != 2 items",
        "$.people[0].rank: 1 != 2",
    ]
    assert differences(1, 1.0) == ["$: 1 != 1.0 (int vs float)"]


def test_the_streaming_generator_writes_what_synth_builds(tmp_path: Path) -> None:
    for people, pieces in ((45, 0), (200, 700)):
        info = generate.write_dataset(tmp_path / "d.json", people=people, pieces=pieces, seed=3)
        doc = synth_generate("district", seed=3, year=2024, people=people, pieces=pieces)
        assert (tmp_path / "d.json").read_text(encoding="utf-8") == json.dumps(
            doc, ensure_ascii=False
        )
        assert (info.people, info.pieces, info.events) == (
            len(doc["people"]),
            len(doc["pieces"]),
            len(doc["events"]),
        )


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_the_polars_baseline_writes_what_sqmy_assess_writes_at_county_size(
    tmp_path: Path, year: int
) -> None:
    people, pieces = generate.SIZES["county"]
    data = tmp_path / "county.json"
    generate.write_dataset(data, people=people, pieces=pieces, seed=generate.SEED)
    ruleset = ROOT / "rulesets" / "district.toml"
    result = CliRunner().invoke(
        cli,
        [
            "assess",
            "--ruleset",
            str(ruleset),
            "--data",
            str(data),
            "--year",
            str(year),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    engine = json.loads(result.stdout)
    tables = baseline_polars.read_json(data)
    polars_doc = baseline_polars.assess(tables, year)
    assert differences(engine, polars_doc) == []
    assert json.dumps(polars_doc, ensure_ascii=False, indent=2) + "\n" == result.stdout
    assert len(engine["people"]) > 150 and engine["overdue"]  # a real assessment, not empty
    # the stored path: the same tables through Parquet give the same document
    baseline_polars.write_parquet(tables, tmp_path / "pq")
    assert baseline_polars.assess(baseline_polars.read_parquet(tmp_path / "pq"), year) == polars_doc


def test_a_later_run_of_one_size_keeps_the_others_timings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = tmp_path / "last.json"
    first = Bench(
        config(tmp_path / "a", sizes=("tiny",)),
        FakeRunner(WALLS, MET_INCREMENTAL),
        say=lambda _: None,
    )
    assert finish(first, False, tmp_path / "docs", last) == 0
    slow = {**WALLS, "engine_json": 0.3}  # 0.75x polars; 0.3 s for the county assessment: met
    later = Bench(
        config(tmp_path / "b", sizes=("small",)),
        FakeRunner(slow, MET_INCREMENTAL),
        say=lambda _: None,
    )
    assert finish(later, True, tmp_path / "docs", last, keep=True) == 0
    results = json.loads(last.read_text(encoding="utf-8"))
    assert set(results["paths"]) == {"tiny", "small"}
    assert (
        results["sizes"]["tiny"]["measured_at"] == json.loads(json.dumps(first.results))["started"]
    )
    ratios = {f["size"]: f["value"] for f in results["figures"] if f["name"] == "json_ratio"}
    assert ratios == {"tiny": pytest.approx(0.5), "small": pytest.approx(0.75)}
    text = (tmp_path / "docs" / "performance.md").read_text(encoding="utf-8")
    assert "| tiny | 0.2 s | 0.4 s |" in text and "| small | 0.3 s | 0.4 s |" in text
    capsys.readouterr()
