"""``make bench``: sqmy against a hand-written polars script at four sizes, with targets.

For each size (``BENCH_SIZES``, default ``county,city,province,national``):

1. the seeded district dataset (:mod:`benchmarks.generate`, cached in ``.bench/``);
2. first, at county and city size, ``sqmy assess`` and the polars baseline
   (:mod:`benchmarks.baseline_polars`) must write the same assessment, field
   by field; a difference stops the harness (exit status 2) before any timing;
3. JSON → assessment: ``BENCH_RUNS`` (default 3) alternated runs of each, as
   subprocesses; median wall time, the ratio, peak memory;
4. the stored path: ``sqmy import`` into a fresh SQLite workspace (events/s),
   then ``sqmy assess --db`` against the polars script on Parquet files of
   the same tables (written once);
5. start-up (``sqmy --version``, a county assessment) and the figures of
   ``benchmarks/incremental.py`` when it exists.

Every figure is printed next to its target (``met``/``MISSED``); a figure
that could not be measured counts as missed, with the reason.  Exit status 1
when any target is missed.  ``--write-docs`` writes docs/performance.md and
docs/performance.png from the run (``make bench`` passes it).

    python -m benchmarks.run [--sizes county,city] [--runs 3] [--write-docs]
    python -m benchmarks.run --docs-only      # docs again from .bench/last-run.json
    python -m benchmarks.run --sizes national --keep-other-sizes --write-docs
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import generate
from benchmarks.compare import differences
from benchmarks.host import host
from benchmarks.measure import ProcessRunner, Run, Runner
from benchmarks.report import Figure, figure_lines, median, missed, write_docs

ROOT = Path(__file__).resolve().parents[1]
RULESET = "rulesets/district.toml"
YEAR = 2024

# Issue 10's targets, by (figure, size); None as the size: not tied to a size.
TARGETS: dict[tuple[str, str | None], float] = {
    ("json_ratio", "county"): 1.0,  # at province size and below the engine is the fastest choice
    ("json_ratio", "city"): 1.0,
    ("json_ratio", "province"): 1.0,
    ("json_ratio", "national"): 1.5,
    ("store_ratio", "national"): 2.0,
    ("engine_peak_json", "national"): 4.0,
    ("engine_peak_store", "national"): 4.0,
    ("import_rate", "national"): 200_000.0,
    ("county_assess_s", None): 0.3,
    ("identical_output", None): 1.0,  # at every size: the same document as the baseline
}
# The figures a size's own runs give (the incremental ones carry a size but are run every time).
PER_SIZE = frozenset(
    {
        "json_ratio",
        "store_ratio",
        "engine_peak_json",
        "engine_peak_store",
        "import_rate",
        "identical_output",
    }
)
HIGHER_IS_BETTER = frozenset({"import_rate", "identical_output"})
# What the incremental benchmark must report; missing ones are missed figures.
INCREMENTAL_TARGETS: tuple[tuple[str, str, float], ...] = (
    ("incremental median, in memory", "µs", 20.0),
    ("incremental p99, in memory", "µs", 100.0),
    ("incremental median, durable SQLite append", "ms", 2.0),
)


class HarnessError(Exception):
    """The run cannot go on (the baseline disagrees with sqmy, a dataset cannot be made)."""


@dataclass
class Config:
    sizes: list[str]
    runs: int = 3
    seed: int = generate.SEED
    directory: Path = ROOT / ".bench"
    timeout: float = 3600.0
    check_sizes: tuple[str, ...] = ("county", "city")
    startup_size: str = "county"
    startup_runs: int = 7
    shapes: dict[str, tuple[int, int]] = field(default_factory=lambda: dict(generate.SIZES))
    targets: dict[tuple[str, str | None], float] = field(default_factory=lambda: dict(TARGETS))
    incremental: Path | None = ROOT / "benchmarks" / "incremental.py"
    incremental_size: str = "province"
    """The largest size benchmarks/incremental.py builds in minutes (it generates and
    parses its dataset record by record, and checks the live standings against the
    reference assessment): the per-event figures grow with the number of people ranked,
    so they are measured as close to the national size of their targets as can be."""
    sqmy: Sequence[str] = ()
    python: str = sys.executable


def _sqmy_command() -> list[str]:
    beside = Path(sys.executable).with_name("sqmy")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("sqmy")
    return [found] if found else [sys.executable, "-m", "sqmy_core.cli.main"]


class Bench:
    """One run of the harness: datasets, checks, timings, figures."""

    def __init__(self, cfg: Config, runner: Runner, say: Callable[[str], None] = print) -> None:
        self.cfg = cfg
        self.runner = runner
        self.say = say
        self.sqmy = list(cfg.sqmy) or _sqmy_command()
        self.out = cfg.directory / "out"
        self.results: dict[str, Any] = {"sizes": {}, "paths": {}, "startup": {}}
        self.figures: list[Figure] = []

    # ------------------------------------------------------------ commands

    def engine_json(self, data: Path) -> list[str]:
        return [
            *self.sqmy,
            "assess",
            "--ruleset",
            RULESET,
            "--data",
            str(data),
            "--year",
            str(YEAR),
            "--format",
            "json",
        ]

    def polars_json(self, data: Path) -> list[str]:
        return [
            self.cfg.python,
            "-m",
            "benchmarks.baseline_polars",
            "--data",
            str(data),
            "--year",
            str(YEAR),
        ]

    def engine_store(self, db: Path) -> list[str]:
        return [*self.sqmy, "assess", "--db", str(db), "--year", str(YEAR), "--format", "json"]

    def polars_parquet(self, directory: Path) -> list[str]:
        return [
            self.cfg.python,
            "-m",
            "benchmarks.baseline_polars",
            "--parquet",
            str(directory),
            "--year",
            str(YEAR),
        ]

    # ------------------------------------------------------------ helpers

    def figure(
        self, name: str, size: str | None, value: float | None, unit: str, note: str = ""
    ) -> None:
        self.figures.append(
            Figure(
                name,
                size,
                value,
                unit,
                self.cfg.targets.get((name, size), self.cfg.targets.get((name, None))),
                name not in HIGHER_IS_BETTER,
                note,
            )
        )

    def dataset(self, size: str) -> generate.DatasetInfo:
        info = generate.dataset(size, self.cfg.seed, self.cfg.directory, self.cfg.shapes[size])
        self.results["sizes"].setdefault(
            size, {k: getattr(info, k) for k in ("people", "units", "pieces", "events", "bytes")}
        )
        return info

    def once(self, argv: list[str], out: Path | None, what: str) -> Run:
        run = self.runner.run(argv, out=out, timeout=self.cfg.timeout)
        if not run.ok:
            self.say(f"  {what}: {run.failure}")
        return run

    def alternate(
        self, size: str, path: str, commands: dict[str, list[str]]
    ) -> dict[str, dict[str, Any]]:
        """``runs`` rounds of every command, the order turned each round; medians and peaks."""
        walls: dict[str, list[float]] = {k: [] for k in commands}
        peaks: dict[str, int] = dict.fromkeys(commands, 0)
        failures: dict[str, str] = {}
        names = list(commands)
        for i in range(self.cfg.runs):
            for tool in names if i % 2 == 0 else names[::-1]:
                if tool in failures:
                    continue
                run = self.once(
                    commands[tool], self.out / f"{size}-{path}-{tool}.json", f"{size} {path} {tool}"
                )
                if not run.ok:
                    failures[tool] = run.failure or "failed"
                    if run.peak_bytes:
                        failures[tool] += f"; {run.peak_bytes / 2**30:.1f} GiB resident by then"
                    continue
                walls[tool].append(run.wall_s)
                peaks[tool] = max(peaks[tool], run.peak_bytes)
        stats: dict[str, dict[str, Any]] = {}
        for tool in names:
            med = median(walls[tool]) if tool not in failures else None
            stats[tool] = {
                "median_s": med,
                "runs_s": walls[tool],
                "peak_bytes": peaks[tool] or None,
                "failure": failures.get(tool),
            }
            shown = f"{med:.3f} s" if med is not None else failures[tool]
            self.say(
                f"  {size:<9} {path:<5} {tool:<7} {shown}  peak {peaks[tool] / 2**20:,.0f} MiB"
            )
        return stats

    def same_output(self, size: str, left: str, right: str) -> list[str]:
        """Differences between two written assessments (the file names under ``out/``)."""
        try:
            a = json.loads((self.out / left).read_text(encoding="utf-8"))
            b = json.loads((self.out / right).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return [f"cannot read an output: {exc}"]
        return differences(a, b)

    # ------------------------------------------------------------ phases

    def check(self) -> None:
        """Before any timing: the baseline writes what sqmy writes, at county and city size."""
        for size in self.cfg.check_sizes:
            info = self.dataset(size)
            data = Path(info.path)
            self.say(f"checking the polars baseline against sqmy assess at {size} size ...")
            for tool, argv in (
                ("engine", self.engine_json(data)),
                ("polars", self.polars_json(data)),
            ):
                run = self.once(argv, self.out / f"check-{size}-{tool}.json", f"{size} {tool}")
                if not run.ok:
                    raise HarnessError(f"{size}: {' '.join(argv)} failed: {run.failure}")
            diff = self.same_output(size, f"check-{size}-engine.json", f"check-{size}-polars.json")
            if diff:
                raise HarnessError(
                    f"the polars baseline and sqmy assess disagree at {size} size "
                    f"(left: sqmy, right: polars):\n  " + "\n  ".join(diff)
                )

    def startup(self) -> None:
        data = Path(self.dataset(self.cfg.startup_size).path)
        for key, argv, figure in (
            ("version", [*self.sqmy, "--version"], "version_s"),
            ("county_assess", self.engine_json(data), "county_assess_s"),
        ):
            walls, peak, failure = [], 0, None
            for _ in range(self.cfg.startup_runs):
                run = self.once(argv, None, key)
                if not run.ok:
                    failure = run.failure
                    break
                walls.append(run.wall_s)
                peak = max(peak, run.peak_bytes)
            med = None if failure else median(walls)
            self.results["startup"][key] = {
                "median_s": med,
                "runs_s": walls,
                "peak_bytes": peak or None,
                "failure": failure,
            }
            self.figure(figure, None, med, "s", failure or "")

    def json_path(self, size: str, data: Path) -> None:
        stats = self.alternate(
            size, "json", {"engine": self.engine_json(data), "polars": self.polars_json(data)}
        )
        self.results["paths"].setdefault(size, {})["json"] = stats
        e, p = stats["engine"], stats["polars"]
        reason = e["failure"] or p["failure"] or ""
        ratio = e["median_s"] / p["median_s"] if not reason else None
        self.figure("json_ratio", size, ratio, "×", reason)
        self.figure(
            "engine_peak_json",
            size,
            e["peak_bytes"] / 2**30 if e["peak_bytes"] and not e["failure"] else None,
            "GiB",
            e["failure"] or "",
        )
        if not reason:
            diff = self.same_output(size, f"{size}-json-engine.json", f"{size}-json-polars.json")
            self.figure("identical_output", size, 0.0 if diff else 1.0, "same", "; ".join(diff[:3]))

    def store_path(self, size: str, info: generate.DatasetInfo) -> None:
        data = Path(info.path)
        db = self.cfg.directory / f"{data.stem}.sqlite"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        apply = [
            *self.sqmy,
            "ruleset",
            "apply",
            RULESET,
            "--db",
            str(db),
            "--from",
            f"{YEAR - 1}-01-01",
            "--actor",
            "bench",
            "--now",
            f"{YEAR - 1}-01-01T00:00:00+08:00",
        ]
        run = self.once(apply, None, f"{size} ruleset apply")
        imported = (
            self.once(
                [*self.sqmy, "import", str(data), "--db", str(db), "--as", generate.staff_in(data)],
                None,
                f"{size} import",
            )
            if run.ok
            else run
        )
        failure = imported.failure
        self.results["paths"].setdefault(size, {})["store"] = {
            "import": {
                "median_s": None if failure else imported.wall_s,
                "runs_s": [] if failure else [imported.wall_s],
                "peak_bytes": imported.peak_bytes or None,
                "failure": failure,
            }
        }
        rate = info.events / imported.wall_s if not failure and imported.wall_s > 0 else None
        self.figure("import_rate", size, rate, "events/s", failure or "")
        if failure is None:
            self.say(f"  {size:<9} import  {imported.wall_s:.2f} s = {rate:,.0f} events/s")
        parquet = self.cfg.directory / f"{data.stem}.parquet"
        if not (parquet / "events.parquet").exists():
            shutil.rmtree(parquet, ignore_errors=True)
            conv = self.once(
                [
                    self.cfg.python,
                    "-m",
                    "benchmarks.baseline_polars",
                    "--data",
                    str(data),
                    "--to-parquet",
                    str(parquet),
                ],
                None,
                "to parquet",
            )
            if not conv.ok:
                failure = failure or f"Parquet tables not written: {conv.failure}"
        commands = {"polars": self.polars_parquet(parquet)}
        if failure is None:
            commands = {"engine": self.engine_store(db), **commands}
        stats = self.alternate(size, "store", commands)
        stats.setdefault(
            "engine",
            {
                "median_s": None,
                "runs_s": [],
                "peak_bytes": None,
                "failure": f"no workspace: {failure}",
            },
        )
        self.results["paths"][size]["store"].update(stats)
        e, p = stats["engine"], stats["polars"]
        reason = e["failure"] or p["failure"] or ""
        self.figure(
            "store_ratio", size, e["median_s"] / p["median_s"] if not reason else None, "×", reason
        )
        self.figure(
            "engine_peak_store",
            size,
            e["peak_bytes"] / 2**30 if e["peak_bytes"] and not e["failure"] else None,
            "GiB",
            e["failure"] or "",
        )
        if not reason:
            diff = self.same_output(size, f"{size}-store-engine.json", f"{size}-store-polars.json")
            if diff:
                self.figure("identical_output", size, 0.0, "same", "store: " + "; ".join(diff[:3]))

    def incremental(self) -> None:
        script = self.cfg.incremental
        if script is None or not script.exists():
            self._incremental_missing("benchmarks/incremental.py is missing")
            return
        out = self.out / "incremental.json"
        out.unlink(missing_ok=True)
        run = self.once(
            [
                self.cfg.python,
                "-m",
                "benchmarks.incremental",
                "--json",
                str(out),
                "--size",
                self.cfg.incremental_size,
            ],
            None,
            "incremental",
        )
        if not run.ok:
            self._incremental_missing(f"benchmarks.incremental failed: {run.failure}")
            return
        try:
            items = json.loads(out.read_text(encoding="utf-8"))
            figures = [
                Figure(
                    str(d["name"]),
                    d.get("size"),
                    None if d.get("value") is None else float(d["value"]),
                    str(d.get("unit", "")),
                    None if d.get("target") is None else float(d["target"]),
                    bool(d.get("lower_is_better", True)),
                    str(d.get("note", "")),
                )
                for d in items
            ]
        except (OSError, ValueError, TypeError, KeyError) as exc:
            self._incremental_missing(f"{out.name} unreadable: {exc}")
            return
        if not figures:
            self._incremental_missing("benchmarks.incremental reported no figures")
        self.figures += figures

    def _incremental_missing(self, reason: str) -> None:
        for name, unit, target in INCREMENTAL_TARGETS:
            self.figures.append(
                Figure(name, self.cfg.incremental_size, None, unit, target, True, reason)
            )

    def run(self) -> list[Figure]:
        self.out.mkdir(parents=True, exist_ok=True)
        self.results.update(
            started=datetime.now(UTC).isoformat(timespec="seconds"),
            runs=self.cfg.runs,
            seed=self.cfg.seed,
            machine=machine(),
            load={"start": _load()},
        )
        self.check()
        self.say("start-up ...")
        self.startup()
        for size in self.cfg.sizes:
            self.say(f"{size}: generating (cached in {self.cfg.directory.name}/) ...")
            info = self.dataset(size)
            self.say(
                f"  {info.people:,} people, {info.units:,} units, {info.pieces:,} pieces, "
                f"{info.events:,} events, {info.bytes / 2**20:,.1f} MiB"
            )
            self.results["sizes"][size]["runs"] = self.cfg.runs
            self.json_path(size, Path(info.path))
            self.store_path(size, info)
        self.incremental()
        self.results["load"]["end"] = _load()
        # sizes in the order asked, check sizes that were not asked for kept after them
        order = [*self.cfg.sizes, *(s for s in self.results["sizes"] if s not in self.cfg.sizes)]
        self.results["sizes"] = {s: self.results["sizes"][s] for s in order}
        self.results["figures"] = [f.to_json() for f in self.figures]
        return self.figures


def _load() -> float | None:
    """The 1-minute load average (others' work on a shared machine makes figures noisy)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    # versions from the metadata: importing polars here would make the harness heavier,
    # and every command it starts would begin at that size
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for dist in ("polars", "sqmy-core"):
        try:
            found[dist] = version(dist)
        except PackageNotFoundError:
            found[dist] = "not installed"
    polars_version, sqmy_version = found["polars"], found["sqmy-core"]
    return {
        **host(),
        "polars": polars_version,
        "sqmy": sqmy_version,
    }


def precompile() -> None:
    """Write the package's bytecode once before timing, as installing a wheel does.

    An editable checkout run with ``PYTHONDONTWRITEBYTECODE`` set (as on the
    machines this project is developed on) would otherwise compile every
    module afresh in each timed process: 0.1-0.2 s of a county run that no
    installed ``sqmy`` pays.
    """
    import compileall

    for tree in (ROOT / "src", ROOT / "benchmarks"):
        compileall.compile_dir(tree, quiet=1)


def _env_list(name: str, default: str) -> list[str]:
    return [s.strip() for s in os.environ.get(name, default).split(",") if s.strip()]


def main(argv: list[str] | None = None, runner: Runner | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", default=",".join(_env_list("BENCH_SIZES", ",".join(generate.ORDER)))
    )
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")))
    parser.add_argument(
        "--seed", type=int, default=int(os.environ.get("BENCH_SEED", generate.SEED))
    )
    parser.add_argument("--dir", type=Path, default=ROOT / ".bench")
    parser.add_argument(
        "--timeout", type=float, default=float(os.environ.get("BENCH_TIMEOUT", 3600))
    )
    parser.add_argument(
        "--max-rss-gib", type=float, default=float(os.environ.get("BENCH_MAX_RSS_GIB", 12))
    )
    parser.add_argument("--write-docs", action="store_true", help="write docs/performance.md")
    parser.add_argument(
        "--keep-other-sizes",
        action="store_true",
        help="keep the previous run's timings of the sizes not run now (docs show both)",
    )
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument(
        "--docs-only",
        action="store_true",
        help="only write the docs again from the last run's results",
    )
    args = parser.parse_args(argv)
    last = args.dir / "last-run.json"
    if args.docs_only:
        results = json.loads(last.read_text(encoding="utf-8"))
        print(f"wrote {write_docs(results, args.docs)}")
        return 1 if missed([Figure.from_json(f) for f in results["figures"]]) else 0
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in generate.SIZES]
    if unknown or args.runs < 1:
        parser.error(
            f"sizes are {', '.join(generate.ORDER)}; runs at least 1 (got {args.sizes}, "
            f"{args.runs})"
        )
    cfg = Config(
        sizes=sizes, runs=args.runs, seed=args.seed, directory=args.dir, timeout=args.timeout
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SQMY_LANG", "SQMY_DEBUG")}
    if runner is None:
        precompile()
    bench = Bench(cfg, runner or ProcessRunner(ROOT, env, int(args.max_rss_gib * 2**30)))
    return finish(bench, args.write_docs, args.docs, last, args.keep_other_sizes)


def keep_other_sizes(results: dict[str, Any], previous: dict[str, Any], ran: Sequence[str]) -> None:
    """Carry the timings of sizes this run did not time over from the previous run's results.

    For the long national run, made on its own (``--sizes national --keep-other-sizes``)
    after the smaller sizes: the docs then show every size, each with when it was measured.
    """
    for size, info in previous.get("sizes", {}).items():
        if size in ran or size not in previous.get("paths", {}):
            continue
        results["sizes"][size] = {
            "runs": previous.get("runs"),
            **info,
            "measured_at": info.get("measured_at", previous["started"]),
        }
        results["paths"][size] = previous["paths"][size]
        results["figures"] += [
            f
            for f in previous.get("figures", [])
            if f.get("size") == size and f.get("name") in PER_SIZE
        ]
    rank = {s: i for i, s in enumerate(generate.ORDER)}
    results["sizes"] = dict(sorted(results["sizes"].items(), key=lambda kv: rank.get(kv[0], -1)))
    results["figures"] = sorted(
        results["figures"],
        key=lambda f: -1 if f.get("size") is None else rank.get(f["size"], len(rank)),
    )


def finish(bench: Bench, docs: bool, docs_dir: Path, last: Path, keep: bool = False) -> int:
    """Run, print the figures against their targets, keep the results; the exit status."""
    previous = json.loads(last.read_text(encoding="utf-8")) if keep and last.exists() else None
    try:
        bench.run()
    except HarnessError as exc:
        print(f"\nbench stopped: {exc}", file=sys.stderr)
        return 2
    if previous is not None:
        keep_other_sizes(bench.results, previous, bench.cfg.sizes)
    figures = [Figure.from_json(f) for f in bench.results["figures"]]
    print()
    for line in figure_lines(figures):
        print(line)
    skipped = [s for s in generate.ORDER if s not in bench.results["paths"]]
    if skipped:
        print(f"(sizes not run, their targets not judged: {', '.join(skipped)})")
    last.parent.mkdir(parents=True, exist_ok=True)
    last.write_text(json.dumps(bench.results, ensure_ascii=False, indent=2), encoding="utf-8")
    if docs:
        print(f"wrote {write_docs(bench.results, docs_dir)}")
    bad = missed(figures)
    print(f"\n{len(bad)} target(s) missed" if bad else "\nevery target met")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["Bench", "Config", "Figure", "HarnessError", "main"]
