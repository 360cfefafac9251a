"""Measure the input side: JSON → frames (fast vs reference reader) and ``sqmy import`` rates.

Run by hand (figures are printed, never asserted)::

    PYTHONPATH=src python benchmarks/measure_input.py --people 20000 --pieces 100000

Each run is its own process, so its peak memory (``ru_maxrss``) is its own;
runs alternate between the two readers and the medians are printed.  The
data is the library's seeded district generator written as a file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.generate import staff_in

ROOT = Path(__file__).resolve().parents[1]
RULESET = ROOT / "rulesets" / "district.toml"

_READ = """
import json, resource, sys, time
from sqmy_core.interchange.fast_reader import read_frames, reference_frames
from sqmy_core.rules.declared import declarations_of
from sqmy_core.workspace.files import load_ruleset
rs = load_ruleset(sys.argv[2])
data = open(sys.argv[3], "rb").read()
read = read_frames if sys.argv[1] == "fast" else reference_frames
t = time.perf_counter()
read(data, extra_roles=rs.reviewer_roles, declarations=declarations_of(rs))
print(json.dumps({"s": time.perf_counter() - t,
                  "mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_IMPORT = """
import json, resource, sys, time
db, ruleset, path, staff = sys.argv[1:5]
from sqmy_core.cli.main import cli
from click.testing import CliRunner
assert CliRunner().invoke(cli, ["ruleset", "apply", "--db", db, ruleset]).exit_code == 0
t = time.perf_counter()
r = CliRunner().invoke(cli, ["import", "--as", staff, "--db", db, path])
assert r.exit_code == 0, r.stderr
print(json.dumps({"s": time.perf_counter() - t,
                  "mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=6000)
    ap.add_argument("--pieces", type=int, default=28000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from sqmy_core.tools.synth import generate

    doc = generate("district", seed=7, year=2024, people=args.people, pieces=args.pieces)
    events = len(doc["events"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        del doc
        size = path.stat().st_size / 2**20
        print(f"{args.pieces} pieces, {events} events, {size:.1f} MiB of JSON")
        runs: dict[str, list[dict[str, float]]] = {"fast": [], "reference": []}
        for _ in range(args.runs):
            for name in runs:
                runs[name].append(_run(_READ, name, str(RULESET), str(path)))
        for name, got in runs.items():
            s = statistics.median(r["s"] for r in got)
            mib = statistics.median(r["mib"] for r in got)
            rate = events / s
            print(f"read_frames {name:<10} {s:7.2f} s  peak {mib:6.0f} MiB  ({rate:,.0f} events/s)")
        imports = []
        for i in range(args.runs):
            db = str(Path(tmp) / f"w{i}.db")
            imports.append(_run(_IMPORT, db, str(RULESET), str(path), staff_in(path)))
        s = statistics.median(r["s"] for r in imports)
        mib = statistics.median(r["mib"] for r in imports)
        rate = events / s
        print(f"sqmy import            {s:7.2f} s  peak {mib:6.0f} MiB  ({rate:,.0f} events/s)")


if __name__ == "__main__":
    main()
