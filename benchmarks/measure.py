"""Running one command as the benchmark sees it: wall time, peak memory, a time and memory guard.

Each command runs as a child process with its standard output sent to a file
(an assessment of national size is ~100 MB).  The peak resident memory is
that child's own ``ru_maxrss`` from ``os.wait4`` (``RUSAGE_CHILDREN`` only
keeps the largest child ever seen, so it cannot tell a later, smaller run).
While the child runs, its resident memory is sampled so that a run beyond
``max_rss`` bytes or ``timeout`` seconds is stopped rather than left to take
a shared machine down; such a run has ``failure`` set and no figure.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Run:
    """One finished (or stopped) command."""

    wall_s: float
    peak_bytes: int
    returncode: int
    stderr: str = ""
    failure: str | None = None
    """Why there is no figure: timed out, over the memory guard, or a non-zero exit."""

    @property
    def ok(self) -> bool:
        return self.failure is None


class Runner(Protocol):
    """What the harness needs to run a command (a fake one in the unit tests)."""

    def run(self, argv: Sequence[str], *, out: Path | None, timeout: float) -> Run: ...


def _resident(pid: int) -> int:
    """Resident bytes of a process and its children (``/usr/bin/time`` and the command)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            total = int(fh.read().split()[1]) * _PAGE
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            kids = [int(k) for k in fh.read().split()]
    except (OSError, IndexError, ValueError):
        return 0
    return total + sum(_resident(k) for k in kids)


class ProcessRunner:
    """Runs commands as child processes from ``cwd`` with ``env``.

    The peak memory is the command's own maximum resident set as GNU
    ``/usr/bin/time`` reports it: a child's ``ru_maxrss`` from ``wait4`` would
    start at the harness's own size (fork copies the parent's mappings, and
    exec keeps the high-water mark), hiding a small command's real peak.
    Without ``/usr/bin/time`` it falls back to ``wait4`` (an upper bound).
    """

    def __init__(self, cwd: Path, env: Mapping[str, str], max_rss: int, poll_s: float = 0.05):
        self.cwd = cwd
        self.env = dict(env)
        self.max_rss = max_rss
        self.poll_s = poll_s
        self.time_bin = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None

    def run(self, argv: Sequence[str], *, out: Path | None, timeout: float) -> Run:
        with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak_file:
            command = list(argv)
            if self.time_bin:
                command = [self.time_bin, "-q", "-f", "%M", "-o", peak_file.name, *command]
            stdout = open(out, "wb") if out is not None else subprocess.DEVNULL  # noqa: SIM115
            sampled = [0]
            try:
                start = time.perf_counter()
                proc = subprocess.Popen(
                    command,
                    cwd=self.cwd,
                    env=self.env,
                    stdout=stdout,
                    stderr=err,
                    start_new_session=True,
                )
                stopped: list[str] = []
                done = threading.Event()
                guard = threading.Thread(
                    target=self._guard, args=(proc.pid, start, timeout, done, stopped, sampled)
                )
                guard.start()
                try:
                    # blocking wait4 in this thread: the wall time is not rounded to the poll
                    _, status, usage = os.wait4(proc.pid, 0)
                    wall = time.perf_counter() - start
                finally:
                    done.set()
                    guard.join()
                proc.returncode = code = os.waitstatus_to_exitcode(status)
            finally:
                if not isinstance(stdout, int):
                    stdout.close()
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace")
            peak = usage.ru_maxrss * 1024
            if self.time_bin:
                reported = peak_file.read().split()
                peak = int(reported[-1]) * 1024 if reported and reported[-1].isdigit() else 0
                peak = peak or sampled[0]  # killed before time could write it
        failure = stopped[0] if stopped else None
        if failure is None and code != 0:
            tail = stderr.strip().splitlines()[-3:]
            failure = f"exit status {code}: " + " | ".join(tail)
        return Run(wall, peak, code, stderr, failure)

    def _guard(
        self,
        pid: int,
        start: float,
        timeout: float,
        done: threading.Event,
        stopped: list[str],
        sampled: list[int],
    ) -> None:
        """Kill the command (its whole process group) when it runs too long or holds too much."""
        while not done.wait(self.poll_s):
            resident = _resident(pid)
            sampled[0] = max(sampled[0], resident)
            if time.perf_counter() - start > timeout:
                stopped.append(f"stopped after {timeout:g} s (BENCH_TIMEOUT)")
            elif resident > self.max_rss:
                stopped.append(
                    f"stopped above {self.max_rss / 2**30:.1f} GiB resident (BENCH_MAX_RSS_GIB)"
                )
            if stopped:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
                return
