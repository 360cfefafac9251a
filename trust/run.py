"""``make trust``: the reliability trials of issue 11, each figure next to its requirement.

    python -m trust.run [--profile quick|full] [--write-docs] [--lang zh|en]
                        [--only duties,tamper,...] [--backends sqlite,postgresql,mariadb]

Trial families, one module each: :mod:`trust.concurrency` (N writers racing
on every backend), :mod:`trust.kill` (SIGKILL during commands and
imports), :mod:`trust.fuzz` (the fuzz corpus through every entry point),
:mod:`trust.tamper` (edits behind the library's back, caught by ``sqmy
audit verify``), :mod:`trust.canary` (a clue contact in no output) and
:mod:`trust.duties` (the separation-of-duties matrix, commands and
imports).  Every figure is a count measured in this run; the run exits 1
when one misses its requirement (also when it could not be measured),
2 when it is called wrongly.  The results are kept in
``.trust/last-run.json``; ``--write-docs`` writes ``docs/reliability.md``
from them (``make trust`` passes it).  Chinese first, ``--lang en`` (or
``SQMY_LANG=en``) for English.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from trust import canary, concurrency, duties, fuzz, kill, scene, tamper
from trust.backends import BACKENDS, available
from trust.figures import Figure, Say, failed, figure_lines
from trust.profiles import PROFILES, Profile, only
from trust.report import machine, write_docs

TRIALS: Final[dict[str, Callable[[Any, Path, Say], list[Figure]]]] = {
    "duties": duties.trial,
    "tamper": tamper.trial,
    "canary": canary.trial,
    "fuzz": fuzz.trial,
    "kill": kill.trial,
    "concurrency": concurrency.trial,
}
TITLES: Final = {
    "duties": ("职责分离矩阵", "separation of duties"),
    "tamper": ("篡改", "tampering"),
    "canary": ("金丝雀", "canary"),
    "fuzz": ("模糊测试语料", "fuzz corpus"),
    "kill": ("SIGKILL 试验", "SIGKILL trials"),
    "concurrency": ("并发矩阵", "concurrency matrix"),
}


def run(
    profile: Profile,
    families: list[str],
    work: Path,
    say: Say,
) -> dict[str, Any]:
    """Run the families of the profile; the results document (figures, machine, timings)."""
    started = time.monotonic()
    results: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "profile": profile.name,
        "seed": profile.seed,
        "families": families,
        "machine": machine(),
        "load": {"start": _load()},
        "family_seconds": {},
    }
    figures: list[Figure] = []
    for family in families:
        zh, en = TITLES[family]
        say(f"{zh}……", f"{en} ...")
        t = time.monotonic()
        figures += TRIALS[family](profile, work, say)
        results["family_seconds"][family] = time.monotonic() - t
    results["load"]["end"] = _load()
    results["seconds"] = time.monotonic() - started
    results["figures"] = [f.to_json() for f in figures]
    return results


def _load() -> float | None:
    """The 1-minute load average (others' work on a shared machine slows the trials)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m trust.run", description=__doc__.split("\n")[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="quick")
    parser.add_argument("--write-docs", action="store_true", help="write docs/reliability.md")
    parser.add_argument("--lang", choices=["zh", "en"], default=os.environ.get("SQMY_LANG", "zh"))
    parser.add_argument("--only", default=",".join(TRIALS), help="trial families, comma-separated")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--dir", type=Path, default=scene.ROOT / ".trust")
    parser.add_argument("--docs", type=Path, default=scene.ROOT / "docs")
    args = parser.parse_args(argv)
    en = args.lang == "en"
    families = [f.strip() for f in args.only.split(",") if f.strip()]
    wanted = tuple(b.strip() for b in args.backends.split(",") if b.strip())
    unknown = [f for f in families if f not in TRIALS] + [b for b in wanted if b not in BACKENDS]
    if unknown or not families:
        parser.error(
            f"unknown: {', '.join(unknown) or '(nothing to run)'}; families are "
            f"{', '.join(TRIALS)}, backends {', '.join(BACKENDS)}"
        )

    def say(zh: str, english: str) -> None:
        print(english if en else zh, flush=True)

    for backend in wanted:
        reason = available(backend)
        if reason:
            say(
                f"（{backend} 不可用，其各项记为未测得：{reason}）",
                f"({backend} unavailable, its figures count as not measured: {reason})",
            )
    profile = only(PROFILES[args.profile], wanted)
    args.dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="trust-", dir=args.dir) as work:
        results = run(profile, families, Path(work), say)
    figures = [Figure.from_json(f) for f in results["figures"]]
    print()
    for line in figure_lines(figures, args.lang):
        print(line)
    (args.dir / "last-run.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    if args.write_docs:
        page = write_docs(results, args.docs)
        say(f"已写入 {page.name}", f"wrote {page.name}")
    bad = failed(figures)
    took = results["seconds"]
    if bad:
        say(
            f"\n{len(bad)} 项未通过（用时 {took:.0f} 秒）",
            f"\n{len(bad)} figure(s) failed ({took:.0f} s)",
        )
    else:
        say(
            f"\n全部 {len(figures)} 项通过（用时 {took:.0f} 秒）",
            f"\nall {len(figures)} figures met ({took:.0f} s)",
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["TRIALS", "Figure", "main", "run"]
