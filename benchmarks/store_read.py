"""The store -> frames step of ``sqmy assess --db`` alone: CPU time, wall time and peak memory.

``make bench`` times the whole command against the polars script on Parquet;
this takes the part that reads the SQLite workspace into columns apart, so a
change to the reader can be compared before and after on the same file::

    PYTHONPATH=src python -m benchmarks.store_read .bench/district-city-....sqlite \
        [--ruleset rulesets/district.toml] [--all-columns] [--runs 3]

Each run reads the store as the columnar path asks for it (only
:func:`~sqmy_core.scoring.columnar.stream.frame_columns`; ``--all-columns``:
every column).  Printed per run: the process CPU time (all threads: on a
shared machine it moves less than the wall time), the wall time, the events
read; at the end the process's peak resident memory.  Figures are measured,
never asserted.  The store is only read (opened as the CLI opens it).
"""

from __future__ import annotations

import argparse
import resource
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Read:
    """One read of the store into frames."""

    cpu_s: float
    wall_s: float
    events: int


def measure(db: Path, ruleset: Path, *, all_columns: bool = False) -> Read:
    """Read ``db`` into frames once, as ``sqmy assess --db`` does for ``ruleset``."""
    from sqmy_core._builtin.sqlite_store import SqliteStore
    from sqmy_core.scoring.columnar.stream import frame_columns
    from sqmy_core.workspace.files import load_ruleset
    from sqmy_core.workspace.store_frames import frames_from_store

    rs = load_ruleset(ruleset)
    columns = None if all_columns else frame_columns(rs)
    with SqliteStore(db, rs.organization) as store:
        cpu, wall = time.process_time(), time.perf_counter()
        frames = frames_from_store(store, rs.reviewer_roles, columns)
        return Read(time.process_time() - cpu, time.perf_counter() - wall, frames.events.height)


def peak_mib() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="a SQLite workspace (sqmy import --db)")
    parser.add_argument("--ruleset", type=Path, default=ROOT / "rulesets" / "district.toml")
    parser.add_argument("--all-columns", action="store_true", help="read every column")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    for n in range(args.runs):
        got = measure(args.db, args.ruleset, all_columns=args.all_columns)
        print(f"run {n + 1}: cpu {got.cpu_s:.3f} s  wall {got.wall_s:.3f} s  {got.events:,} events")
    print(f"peak {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
