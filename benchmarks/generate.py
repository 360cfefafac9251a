"""Seeded district datasets at the four sizes of issue 10, written to disk as they are generated.

``sqmy_core.tools.synth.generate`` builds a whole document as Python dicts,
which at national size (2M pieces, ~6.6M events) costs many GiB before a byte
is written.  This module drives the same generator (its organization builder
and its year-by-year piece and event generator, with the same random draws)
but hands every piece and event to a sink that encodes it straight away, so
only the people, units and calls stay in memory.  The file it writes is byte
for byte ``json.dumps(generate(...), ensure_ascii=False)`` (a unit test checks
it), so every size has exactly the distribution and shape of synth's district
data.

Files are cached under ``.bench/`` (git-ignored), keyed by size and seed, with
a small ``.meta.json`` beside each holding its counts.

    python -m benchmarks.generate --size city [--seed 7] [--dir .bench]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from sqmy_core.tools import synth

PROFILE = "district"
YEAR = 2024
YEARS = 2
SEED = 7

SIZES: dict[str, tuple[int, int]] = {
    # size -> (people records, pieces over the two years 2023-2024)
    "county": (200, 700),
    "city": (4_000, 28_000),
    "province": (20_000, 100_000),
    "national": (600_000, 2_000_000),
}
ORDER = tuple(SIZES)


@dataclass(frozen=True)
class DatasetInfo:
    """What one generated file holds (read back from its ``.meta.json``)."""

    size: str
    seed: int
    path: str
    units: int
    people: int
    pieces: int
    events: int
    bytes: int


class _Sink:
    """A list stand-in for the generator: each appended record is encoded and buffered to a file."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.count = 0
        self.buffer: list[str] = []

    def append(self, record: dict[str, Any]) -> None:
        self.buffer.append(json.dumps(record, ensure_ascii=False))
        self.count += 1
        if len(self.buffer) >= 20_000:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.out.write((", " if self.out.tell() else "") + ", ".join(self.buffer))
            self.buffer.clear()

    def __len__(self) -> int:  # the generator never asks, but a list would answer
        return self.count


@contextmanager
def _scratch(path: Path) -> Iterator[IO[str]]:
    with path.open("w+", encoding="utf-8") as fh:
        try:
            yield fh
        finally:
            path.unlink(missing_ok=True)


def write_dataset(path: Path, *, people: int, pieces: int, seed: int) -> DatasetInfo:
    """Write the district dataset ``synth.generate`` would build for these arguments to ``path``.

    Mirrors :func:`sqmy_core.tools.synth.generate` step by step; written to a
    temporary name and renamed, so an interrupted run leaves no half file.
    """
    spec = synth._SPECS[PROFILE]
    if people < spec.min_people:
        raise ValueError(f"the {PROFILE} profile needs at least {spec.min_people} people")
    rng = synth._Rand(seed)
    first = YEAR - YEARS + 1
    clock = synth._Clock(first, YEAR)
    builder = synth._OrgBuilder(rng, spec, clock, (first, YEAR), people)
    synth._BUILDERS[PROFILE](builder, people)
    gen = synth._Gen(PROFILE, spec, rng, clock, builder.org)
    tmp = path.with_name(path.name + ".part")
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        _scratch(path.with_name(path.name + ".pieces")) as pf,
        _scratch(path.with_name(path.name + ".events")) as ef,
    ):
        piece_sink, event_sink = _Sink(pf), _Sink(ef)
        gen.pieces = piece_sink  # type: ignore[assignment]
        gen.events = event_sink  # type: ignore[assignment]
        per_year = math.ceil(pieces / YEARS)
        for i in range(YEARS):
            n = pieces // YEARS + (1 if i >= YEARS - pieces % YEARS else 0)
            gen.year(first + i, n, per_year)
        piece_sink.flush()
        event_sink.flush()
        with tmp.open("w", encoding="utf-8") as out:
            out.write('{"format": ' + json.dumps(synth.FORMAT))
            for key, value in (
                ("units", builder.units),
                ("people", builder.people),
                ("calls", gen.calls),
            ):
                out.write(f', "{key}": ' + json.dumps(value, ensure_ascii=False))
            for key, fh in (("pieces", pf), ("events", ef)):
                out.write(f', "{key}": [')
                fh.seek(0)
                while chunk := fh.read(1 << 22):
                    out.write(chunk)
                out.write("]")
            out.write("}")
    os.replace(tmp, path)
    info = DatasetInfo(
        size="",
        seed=seed,
        path=str(path),
        units=len(builder.units),
        people=len(builder.people),
        pieces=piece_sink.count,
        events=event_sink.count,
        bytes=path.stat().st_size,
    )
    return info


def dataset(
    size: str,
    seed: int = SEED,
    directory: Path = Path(".bench"),
    shape: tuple[int, int] | None = None,
) -> DatasetInfo:
    """The cached file of ``size`` (generated on first use) and its counts.

    ``shape`` (people, pieces) overrides the size's own, for sizes not in :data:`SIZES`.
    """
    people, pieces = shape if shape is not None else SIZES[size]
    path = directory / f"{PROFILE}-{size}-{people}x{pieces}-seed{seed}.json"
    meta = path.with_name(path.name + ".meta.json")
    if path.exists() and meta.exists():
        # the path as asked now (the meta may have been written from another directory)
        return DatasetInfo(**{**json.loads(meta.read_text(encoding="utf-8")), "path": str(path)})
    info = write_dataset(path, people=people, pieces=pieces, seed=seed)
    info = DatasetInfo(**{**asdict(info), "size": size})
    meta.write_text(json.dumps(asdict(info), indent=2), encoding="utf-8")
    return info


_STAFF = re.compile(rb'\{"id": "([^"]+)", "name": "[^"]*", "roles": \["staff"')


def staff_in(path: str | Path) -> str:
    """A staff member of a generated file, who imports it (``sqmy import --as``).

    The people come first in the file, so the scan stops within its first
    megabytes even at national size, without parsing the document.
    """
    with Path(path).open("rb") as f:
        tail = b""
        while chunk := f.read(1 << 20):
            found = _STAFF.search(tail + chunk)
            if found:
                return found.group(1).decode()
            tail = chunk[-400:]
    raise ValueError(f"{path}: no staff member to import it")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=ORDER, required=True)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--dir", type=Path, default=Path(".bench"))
    args = parser.parse_args(argv)
    info = dataset(args.size, args.seed, args.dir)
    print(json.dumps(asdict(info), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
