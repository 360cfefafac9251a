"""One new event re-scored and re-ranked for its persons and unit: in memory, and with SQLite.

Run from the repository root::

    PYTHONPATH=src python -m benchmarks.incremental --json OUT.json [--size city]

The synthetic district dataset of the size is generated; for every piece
whose last event is an adoption, an instruction or a handling result counting
in the assessed year, that event is held back (the OA system has yet to
record it).  Then:

- in memory: :class:`~sqmy_core.scoring.standings.Standings` is built on the
  rest and the held-back events are applied in time order, each followed by
  the standing of every author and the unit of its piece (its ``points`` and
  ``rank`` read); the wall time of each apply-and-read is measured, and the
  thread's CPU time beside it (on a loaded machine the wall p99 is the
  scheduler's tick).  This is run ``--runs`` times, each on fresh standings;
  the figures are the medians over the runs of each run's median and p99;
- durable: the rest is imported into an SQLite file, the workspace builds its
  standings, and each held-back event is recorded through the Workspace
  command (``record_adoption`` ...), followed by the same reads; the part
  the standings take (taking the appended events in, the reads) is measured
  apart, the rest is the command and the store's commit.

Printed and written (``--json``): median and p99 per event, events/s, the build
time; figures are measured, never asserted.  The live standings are checked
equal to a full assessment at the end of each run before any figure is kept.

Times on a shared machine move with its load; an instruction count does not.
``--instructions`` runs the in-memory loop once inside ``operator.call``, so
that callgrind counts that loop alone::

    valgrind --tool=callgrind --toggle-collect=_operator_call \
        python -m benchmarks.incremental --instructions --size county

(then divide the "Collected" count by the events printed).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from attrs import evolve

from sqmy_core.interchange import parse_dataset
from sqmy_core.model import Dataset, Event
from sqmy_core.rules import Ruleset, load_ruleset
from sqmy_core.scoring import assess
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.standings import Standings, from_assessment
from sqmy_core.tools.synth import REVIEWER_ROLES, generate
from sqmy_core.workspace.workspace import Workspace

RULESETS = Path(__file__).resolve().parents[1] / "rulesets"
SIZES = {"county": (200, 700), "city": (3600, 14000), "province": (20000, 50000)}
"""(people, pieces over the two years) of the synthetic district dataset."""
YEAR = 2024
TARGETS = {"memory_median": 20.0, "memory_p99": 100.0, "durable_median": 2.0}
"""µs, µs, ms (issue 10)."""


def dataset(size: str, seed: int = 10) -> Dataset:
    people, pieces = SIZES[size]
    doc = generate("district", seed=seed, year=YEAR, people=people, pieces=pieces)
    return parse_dataset(doc, extra_roles=REVIEWER_ROLES["district"])


def held_back(rs: Ruleset, ds: Dataset, limit: int) -> tuple[Dataset, list[Event]]:
    """The dataset without the last outcome event of up to ``limit`` pieces -- those that
    count in the assessed year -- and those events in time order."""
    clock = YearClock(rs.year)
    submitted = {p.id: p.submitted_at for p in ds.pieces}
    last: dict[str, int] = {}
    for i, ev in enumerate(ds.events):
        if ev.piece not in last or ev.at >= ds.events[last[ev.piece]].at:
            last[ev.piece] = i
    chosen = [
        i
        for i in last.values()
        if ds.events[i].type in ("adopted", "instructed", "handled")
        and clock.attributed_year(ds.events[i].at, submitted[ds.events[i].piece]) == YEAR
    ][:limit]
    taken = set(chosen)
    later = sorted((ds.events[i] for i in chosen), key=lambda e: e.at)
    rest = evolve(ds, events=tuple(e for i, e in enumerate(ds.events) if i not in taken))
    return rest, later


def _readers(ds: Dataset) -> Callable[[Event], list[tuple[str, str]]]:
    pieces = {p.id: p for p in ds.pieces}

    def who(ev: Event) -> list[tuple[str, str]]:
        piece = pieces[ev.piece]
        out = [("person", a) for a in piece.authors]
        return out + ([("unit", piece.unit)] if piece.unit else [])

    return who


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _same_as_assessment(rs: Ruleset, standings: Standings, ds: Dataset) -> None:
    expected = from_assessment(assess(rs, ds, YEAR))
    got = {(k, i): s for k in ("person", "unit") for i, s in standings.all(k).items()}
    if got != expected:
        raise SystemExit("live standings differ from the full assessment: figures not kept")


def _read(standings: Standings, targets: Sequence[tuple[str, str]]) -> None:
    """What an OA page shows after the command: each author's and the unit's points and rank."""
    for kind, ident in targets:
        found = standings.standing(kind, ident)
        if found is not None:
            found.points, found.rank  # noqa: B018 -- read, as a page would


def memory_run(rs: Ruleset, ds: Dataset, events: int) -> dict[str, float]:
    rest, later = held_back(rs, ds, events)
    start = time.perf_counter()
    standings = Standings(rs, rest, YEAR)
    build = time.perf_counter() - start
    who = _readers(ds)
    times, cpu = [], []
    wall, thread = time.perf_counter_ns, time.thread_time_ns
    for ev in later:
        targets = who(ev)
        t0, c0 = wall(), thread()
        standings.apply(ev)
        _read(standings, targets)
        c1, t1 = thread(), wall()
        times.append((t1 - t0) / 1000)
        cpu.append((c1 - c0) / 1000)
    _same_as_assessment(rs, standings, standings.as_dataset())
    return {
        "events": len(times),
        "build_s": build,
        "median_us": statistics.median(times),
        "p99_us": _percentile(times, 0.99),
        "cpu_median_us": statistics.median(cpu),
        "cpu_p99_us": _percentile(cpu, 0.99),
        "events_per_s": len(times) / (sum(times) / 1e6),
    }


def memory_runs(rs: Ruleset, ds: Dataset, events: int, runs: int) -> dict[str, float]:
    """:func:`memory_run` ``runs`` times; each figure the median over the runs."""
    each = [memory_run(rs, ds, events) for _ in range(runs)]
    return {name: statistics.median(r[name] for r in each) for name in each[0]}


def instructions_loop(rs: Ruleset, ds: Dataset, events: int) -> int:
    """The in-memory loop once, inside ``operator.call`` (for callgrind); the events applied."""
    import operator

    rest, later = held_back(rs, ds, events)
    standings = Standings(rs, rest, YEAR)
    who = _readers(ds)
    work = [(ev, who(ev)) for ev in later]

    def loop() -> None:
        for ev, targets in work:
            standings.apply(ev)
            _read(standings, targets)

    operator.call(loop)
    _same_as_assessment(rs, standings, standings.as_dataset())
    return len(work)


def _record(ws: Workspace, ev: Event, staff: str, seen: int) -> None:
    """One outcome command on the version ``seen`` (as the OA sends the version it showed)."""
    guard = {"actor": staff, "now": ev.at, "expected_version": seen}
    if ev.type == "adopted":
        ws.record_adoption(ev.piece, body=ev.body or "", **guard)
    elif ev.type == "instructed":
        ws.record_instruction(ev.piece, level=ev.level or "", rank=ev.rank or "", **guard)
    else:
        ws.record_handling(ev.piece, outcome=ev.outcome or "", department=ev.department, **guard)


def durable_run(rs: Ruleset, ds: Dataset, events: int) -> dict[str, float]:
    rest, later = held_back(rs, ds, events)
    staff = next(p.id for p in ds.people if "staff" in p.roles)
    who = _readers(ds)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(str(Path(tmp) / "bench.db"), ruleset=rs)
        try:
            t0 = time.perf_counter()
            ws.import_dataset(rest, actor=staff)
            imported = time.perf_counter() - t0
            t0 = time.perf_counter()
            ws.standings(YEAR)
            build = time.perf_counter() - t0
            times, ours = [], []
            taking = ws.live.piece_written

            def timed(piece_id: str, appended: Any = None) -> None:  # the standings' share
                t = time.perf_counter_ns()
                taking(piece_id, appended)
                ours.append(time.perf_counter_ns() - t)

            ws.live.piece_written = timed  # type: ignore[method-assign]
            for ev in later:
                targets = who(ev)
                seen = ws.store.version(ev.piece)  # what the OA read: not the command's cost
                t1 = time.perf_counter_ns()
                _record(ws, ev, staff, seen)
                t2 = time.perf_counter_ns()
                for kind, ident in targets:
                    found = ws.standing(YEAR, kind, ident)
                    if found is not None:
                        found.points, found.rank  # noqa: B018 -- read, as a page would
                t3 = time.perf_counter_ns()
                times.append((t3 - t1) / 1e6)
                ours[-1] += t3 - t2
            _same_as_assessment(rs, ws.live.get(YEAR), ws.export())
        finally:
            ws.close()
    return {
        "events": len(times),
        "import_s": imported,
        "build_s": build,
        "median_ms": statistics.median(times),
        "p99_ms": _percentile(times, 0.99),
        "standings_median_ms": statistics.median(ours) / 1e6,
        "events_per_s": len(times) / (sum(times) / 1e3),
    }


def figures(size: str, events: int, durable: bool, runs: int = 3) -> list[dict[str, Any]]:
    rs = load_ruleset(RULESETS / "district.toml")
    ds = dataset(size)
    out: list[dict[str, Any]] = []

    def add(name: str, value: float, unit: str, target: float | None, lower: bool = True) -> None:
        out.append({"name": name, "size": size, "value": value, "unit": unit,
                    "target": target, "lower_is_better": lower})  # fmt: skip
        shown = f"target {target:g}" if target is not None else ""
        print(f"{size:<9} {name:<44} {value:12.3f} {unit:<9} {shown}", flush=True)

    mem = memory_runs(rs, ds, events, runs)
    print(f"{size:<9} in memory: {mem['events']:.0f} events applied, {runs} runs", flush=True)
    add("incremental: standings build", mem["build_s"], "s", None)
    add("incremental: one event in memory, median", mem["median_us"], "µs",
        TARGETS["memory_median"])  # fmt: skip
    add("incremental: one event in memory, p99", mem["p99_us"], "µs", TARGETS["memory_p99"])
    add("incremental: one event in memory, CPU median", mem["cpu_median_us"], "µs", None)
    add("incremental: one event in memory, CPU p99", mem["cpu_p99_us"], "µs", None)
    add("incremental: events in memory", mem["events_per_s"], "events/s", None, lower=False)
    if durable:
        dur = durable_run(rs, ds, events)
        print(f"{size:<9} durable: {dur['events']:.0f} commands recorded", flush=True)
        add("incremental: workspace import", dur["import_s"], "s", None)
        add("incremental: workspace standings build", dur["build_s"], "s", None)
        add("incremental: one command with SQLite, median", dur["median_ms"], "ms",
            TARGETS["durable_median"])  # fmt: skip
        add("incremental: one command with SQLite, p99", dur["p99_ms"], "ms", None)
        add("incremental: of which standings (take piece, read), median",
            dur["standings_median_ms"], "ms", None)  # fmt: skip
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--size", choices=sorted(SIZES), action="append",
                        help="city by default; repeatable")  # fmt: skip
    parser.add_argument("--events", type=int, default=2000, help="held-back events per run")
    parser.add_argument("--no-durable", action="store_true", help="in memory only")
    parser.add_argument("--runs", type=int, default=3, help="in-memory runs (medians over them)")
    parser.add_argument("--instructions", action="store_true",
                        help="the in-memory loop once inside operator.call, for callgrind")  # fmt: skip
    args = parser.parse_args(argv)
    if args.instructions:
        rs = load_ruleset(RULESETS / "district.toml")
        for size in args.size or ["county"]:
            print(f"{size}: {instructions_loop(rs, dataset(size), args.events)} events", flush=True)
        return 0
    out: list[dict[str, Any]] = []
    for size in args.size or ["city"]:
        out += figures(size, args.events, not args.no_durable, args.runs)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
