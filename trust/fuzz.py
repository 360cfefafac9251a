"""The fuzz corpus through every entry point: refused cleanly or accepted, never a crash or a hang.

The corpus is every input that ever crashed sqmy (``tests/fuzz/regressions``),
the bundled rulesets and example datasets, and cut-off copies of each
(the first half, the first tenth: what an interrupted upload leaves).
Each input goes through:

- the library's entry points (the fuzz targets of ``tests/fuzz/_targets.py``:
  parse, validate and assess), where anything but the library's refusal
  escaping is a crash;
- the command line that reads it (``sqmy dataset check`` and ``sqmy assess
  --data`` for datasets; ``sqmy ruleset check`` and ``sqmy assess --ruleset``
  for rulesets), where only exit status 0 or 2 is clean, and a traceback
  or an "internal error" on the way is a crash.

Each call has ``HANG_S`` seconds (an alarm); past that it counts as a hang.
The full profile then runs the coverage-guided targets (atheris) for a
bounded time each and counts the inputs they tried and the crashes.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, Final

from click.testing import CliRunner

from sqmy_core.cli.main import cli
from trust import scene
from trust.figures import Figure, Say, quiet

HANG_S: Final = 30
FUZZ_DIR: Final = scene.ROOT / "tests" / "fuzz"
REGRESSIONS: Final = FUZZ_DIR / "regressions"
BROKEN: Final = ("Traceback", "内部错误", "internal error")


class Hang(Exception):
    pass


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def ring(_signum: int, _frame: FrameType | None) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def corpus(directory: Path, cut_copies: bool = True) -> list[tuple[str, Path]]:
    """(kind, file) for every input: ``dataset`` or ``ruleset``; the cut copies are written
    under ``directory``."""
    found: list[tuple[str, Path]] = []
    for path in sorted(REGRESSIONS.iterdir()):
        if path.name != "expected.toml":
            found.append(("dataset" if path.suffix == ".json" else "ruleset", path))
    found += [("ruleset", p) for p in sorted((scene.ROOT / "rulesets").glob("*.toml"))]
    found += [("dataset", p) for p in sorted((scene.ROOT / "rulesets" / "examples").glob("*.json"))]
    directory.mkdir(parents=True, exist_ok=True)
    if not cut_copies:
        return found
    cut: list[tuple[str, Path]] = []
    for kind, path in found:
        data = path.read_bytes()
        for part, size in (("half", len(data) // 2), ("tenth", len(data) // 10)):
            copy = directory / f"{path.stem}.{part}{path.suffix}"
            copy.write_bytes(data[:size])
            cut.append((kind, copy))
    return found + cut


def _library(kind: str, data: bytes) -> str:
    """``ok`` (returned: accepted or refused by the library), ``crash ...`` or ``hang``."""
    sys.path.insert(0, str(scene.ROOT))  # tests.fuzz._targets: the fuzzers' own entry points
    try:
        from tests.fuzz._targets import dataset_target, ruleset_target
    finally:
        sys.path.remove(str(scene.ROOT))
    target = dataset_target if kind == "dataset" else ruleset_target
    try:
        with _deadline(HANG_S):
            target(data)
    except Hang:
        return "hang"
    except Exception as exc:
        return f"crash {type(exc).__name__}: {str(exc)[:160]}"
    return "ok"


def _commands(kind: str, path: Path, small: Path) -> list[list[str]]:
    ruleset = str(scene.RULESET)
    if kind == "dataset":
        return [
            ["dataset", "check", "--ruleset", ruleset, str(path)],
            ["assess", "--ruleset", ruleset, "--data", str(path), "--year", "2024"],
        ]
    return [
        ["ruleset", "check", str(path)],
        ["assess", "--ruleset", str(path), "--data", str(small), "--year", "2024"],
    ]


def _command(argv: list[str]) -> str:
    """``accepted`` (0), ``refused`` (2, nothing on standard output), ``crash ...`` or ``hang``."""
    try:
        with _deadline(HANG_S):
            ran = CliRunner().invoke(cli, argv)
    except Hang:
        return "hang"
    text = ran.stdout + ran.stderr
    if any(b in text for b in BROKEN) or ran.exit_code not in (0, 2):
        return f"crash exit {ran.exit_code}: {text.strip()[:160]}"
    if ran.exit_code == 2 and ran.stdout:
        return "crash: output on standard output with a refusal"
    return "accepted" if ran.exit_code == 0 else "refused"


def atheris_runs(kind: str, seconds: int, directory: Path, small: Path) -> tuple[int, int, str]:
    """(inputs tried, crashes, note) of ``seconds`` of coverage-guided fuzzing of one target."""
    work = directory / f"atheris-{kind}"
    corpus_dir, seeds = work / "corpus", work / "seeds"
    for d in (corpus_dir, seeds):
        d.mkdir(parents=True, exist_ok=True)
    seed_dirs = [str(REGRESSIONS)]
    if kind == "ruleset":
        seed_dirs.append(str(scene.ROOT / "rulesets"))
    else:
        (seeds / small.name).write_bytes(small.read_bytes())
        seed_dirs += [str(seeds), str(scene.ROOT / "rulesets" / "examples")]
    try:
        ran = subprocess.run(
            [
                sys.executable,
                str(FUZZ_DIR / f"fuzz_{kind}.py"),
                f"-max_total_time={seconds}",
                "-seed=11",
                f"-timeout={HANG_S}",
                "-rss_limit_mb=2048",
                f"-artifact_prefix={work}/",
                str(corpus_dir),
                *seed_dirs,
            ],
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
            timeout=seconds * 3 + 120,
        )
    except subprocess.TimeoutExpired:
        return 0, 1, f"{kind}: atheris did not stop"
    done = re.findall(r"Done (\d+) runs", ran.stderr) or re.findall(r"#(\d+)\s", ran.stderr)
    runs = int(done[-1]) if done else 0
    if ran.returncode != 0:
        last = [line for line in ran.stderr.splitlines() if "Instrumenting" not in line][-3:]
        return runs, 1, f"{kind}: exit {ran.returncode}: {' | '.join(last)[:200]}"
    return runs, 0, ""


def trial(profile: Any, directory: Path, say: Say = quiet) -> list[Figure]:
    work = directory / "fuzz"
    inputs = corpus(work, profile.fuzz_cut)
    sys.path.insert(0, str(scene.ROOT))
    try:
        from tests.conftest import SMALL_DISTRICT
    finally:
        sys.path.remove(str(scene.ROOT))
    small = work / "small.json"
    small.write_text(json.dumps(SMALL_DISTRICT, ensure_ascii=False), encoding="utf-8")
    say(
        f"  {len(inputs)} 个输入，经库的入口和命令行……",
        f"  {len(inputs)} inputs through the library and the command line ...",
    )
    calls = refused = 0
    crashes: list[str] = []
    hangs: list[str] = []
    for kind, path in inputs:
        outcomes = [("library", _library(kind, path.read_bytes()))]
        outcomes += [(" ".join(a[:2]), _command(a)) for a in _commands(kind, path, small)]
        for where, outcome in outcomes:
            calls += 1
            refused += outcome == "refused"
            if outcome == "hang":
                hangs.append(f"{path.name} via {where}")
            elif outcome.startswith("crash"):
                crashes.append(f"{path.name} via {where}: {outcome}")
    figures = [
        Figure(
            "fuzz",
            ("语料（输入）", "corpus inputs"),
            "corpus",
            len(inputs),
            "at_least",
            profile.fuzz_inputs,
        ),
        Figure(
            "fuzz",
            ("入口 × 输入", "entry points × inputs"),
            "corpus",
            calls,
            "at_least",
            3 * len(inputs),
        ),
        Figure(
            "fuzz",
            ("命令行干净的拒绝（退出码 2）", "clean refusals on the command line (exit 2)"),
            "corpus",
            refused,
            "at_least",
            1,
        ),
        Figure(
            "fuzz",
            (
                "崩溃（回溯、内部错误、其他退出码）",
                "crashes (traceback, internal error, other exit)",
            ),
            "corpus",
            len(crashes),
            "none",
            0,
            "; ".join(crashes[:3]),
        ),
        Figure(
            "fuzz",
            (f"挂起（超过 {HANG_S} 秒）", f"hangs (over {HANG_S} s)"),
            "corpus",
            len(hangs),
            "none",
            0,
            "; ".join(hangs[:3]),
        ),
    ]
    if profile.atheris_s:
        for kind in ("dataset", "ruleset"):
            say(
                f"  atheris，{kind} 目标，{profile.atheris_s} 秒……",
                f"  atheris, {kind} target, {profile.atheris_s} s ...",
            )
            runs, crashed, note = atheris_runs(kind, profile.atheris_s, work, small)
            figures += [
                Figure(
                    "fuzz",
                    (f"atheris 尝试的输入（{kind}）", f"atheris inputs tried ({kind})"),
                    f"atheris {profile.atheris_s} s",
                    runs,
                    "at_least",
                    1,
                    note,
                ),
                Figure(
                    "fuzz",
                    (f"atheris 发现的崩溃（{kind}）", f"atheris crashes ({kind})"),
                    f"atheris {profile.atheris_s} s",
                    crashed,
                    "none",
                    0,
                    note,
                ),
            ]
    return figures


__all__ = ["corpus", "trial"]
