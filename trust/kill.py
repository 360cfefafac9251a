"""SIGKILL trials: a writer killed at a random moment loses nothing it acknowledged.

A child process (forked, so it starts at once) opens the workspace and
loops: workflow commands carrying pieces from submission to instruction,
or imports of small datasets.  After each call *returns* it writes an
acknowledgement line on a pipe (one ``write`` of a few bytes: atomic).
The parent kills it with SIGKILL after a random delay, reads every complete
line, reopens the database and checks:

- every acknowledged command is there (the stream holds at least the
  acknowledged version);
- every import is all or nothing: a batch's pieces are all present with all
  their events, or none is; an acknowledged batch is all there;
- the audit chain verifies (``sqmy audit verify``'s checks).

The delays are drawn from a seeded generator, so a run can be repeated.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from datetime import timedelta
from pathlib import Path
from typing import Any, Final

from sqmy_core.workspace.audit_verify import verify
from sqmy_core.workspace.workspace import Workspace
from trust import backends, scene
from trust.figures import Figure, Say, quiet

BATCH: Final = 8
"""Pieces per imported dataset (each dispatched: six events)."""
EVENTS_PER_IMPORTED_PIECE: Final = 6
STEPS: Final = 7
"""Commands per piece in the command loop."""


def _ack(fd: int, line: str) -> None:
    os.write(fd, (line + "\n").encode())


def _step(ws: Workspace, piece: str, step: int, version: int) -> int:
    """The piece's ``step``-th command (submission, three passes, dispatch, adoption,
    instruction) at the ``version`` the loop saw; the version it left the stream at."""
    later = scene.T0 + timedelta(days=1)
    if step == 0:
        state = ws.submit(piece, authors=["a"], actor="a", now=scene.T0, title="信息", unit="sec")
    elif step <= 3:
        reviewer = f"r{step}"
        state = ws.review(piece, actor=reviewer, decision="pass", checks=scene.CHECKS, now=later)
    elif step == 4:
        state = ws.dispatch(
            piece, actor=scene.STAFF, route="direct", now=later, expected_version=version
        )
    elif step == 5:
        state = ws.record_adoption(
            piece, actor=scene.STAFF, body="cppcc-city", now=later, expected_version=version
        )
    else:
        state = ws.record_instruction(
            piece,
            actor=scene.STAFF,
            level="city",
            rank="principal",
            now=later,
            expected_version=version,
        )
    return state.version


def _commands(ws: Workspace, trial: int, fd: int) -> None:
    i = 0
    while True:
        piece = f"k{trial}-{i}"
        version = 0
        for step in range(STEPS):
            version = _step(ws, piece, step, version)
            _ack(fd, f"{piece} {version}")
        i += 1


def _imports(ws: Workspace, trial: int, fd: int) -> None:
    j = 0
    while True:
        batch = [(f"i{trial}-{j}-{m}", "dispatched") for m in range(BATCH)]
        ws.import_dataset(scene.pieces(batch), actor=scene.STAFF)  # type: ignore[arg-type]
        _ack(fd, f"i{trial}-{j} {BATCH}")
        j += 1


def _child(url: str, org: str, kind: str, trial: int, fd: int) -> None:
    ws = Workspace.open(url, organization=org)
    _ack(fd, "ready")
    (_commands if kind == "commands" else _imports)(ws, trial, fd)


def _lines(fd: int) -> list[str]:
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    text = b"".join(chunks).decode()
    complete = text[: text.rfind("\n") + 1]
    return [line for line in complete.splitlines() if line]


def _kill_once(url: str, org: str, kind: str, trial: int, delay: float) -> list[str]:
    """Start the child, kill it ``delay`` seconds after it is ready; its acknowledgements."""
    ctx = multiprocessing.get_context("fork")
    read, write = os.pipe()
    child = ctx.Process(target=_child, args=(url, org, kind, trial, write))
    child.start()
    os.close(write)
    first = b""
    while not first.endswith(b"\n"):  # "ready\n": the workspace is open
        got = os.read(read, 1)
        if not got:
            break
        first += got
    time.sleep(delay)
    if child.pid is not None:
        os.kill(child.pid, signal.SIGKILL)
    child.join()
    acks = _lines(read)
    os.close(read)
    return acks


def _check(url: str, org: str, kind: str, trial: int, acks: list[str]) -> tuple[int, int, bool]:
    """(acknowledged, lost or partial, the chain verifies) after one kill."""
    with Workspace.open(url, organization=org) as ws:
        store = ws.store
        bad = 0
        if kind == "commands":
            for line in acks:
                piece, version = line.split()
                bad += store.version(piece) < int(version)
        else:
            acked = {line.split()[0] for line in acks}
            j = 0
            while True:
                counts = [len(store.read(f"i{trial}-{j}-{m}")) for m in range(BATCH)]
                whole = all(c == EVENTS_PER_IMPORTED_PIECE for c in counts)
                if not any(counts):
                    bad += f"i{trial}-{j}" in acked  # acknowledged, not there: lost
                    if f"i{trial}-{j}" not in acked:
                        break
                elif not whole:
                    bad += 1  # part of an import: never allowed
                j += 1
        return len(acks), bad, verify(store).ok


def trial(profile: Any, directory: Path, say: Say = quiet) -> list[Figure]:
    """``profile.kills[kind]`` kills per kind (commands, imports) on each backend of
    ``profile.kill_backends``."""
    rng = random.Random(profile.seed)
    figures: list[Figure] = []
    for backend in profile.kill_backends:
        for kind in ("commands", "imports"):
            server = backend != "sqlite"
            kills = (profile.kills_server if server else profile.kills)[kind]
            delays = profile.kill_delay_server if server else profile.kill_delay
            acked = bad = chains = 0
            reason = ""
            say(
                f"  {backend} {kind}：{kills} 次 SIGKILL……",
                f"  {backend} {kind}: {kills} SIGKILLs ...",
            )
            try:
                with backends.place(backend, directory) as url:
                    org = f"kill-{kind}"
                    scene.start(url, org)
                    with Workspace.open(url, organization=org) as ws:
                        ws.import_dataset(scene.pieces([]), actor=scene.STAFF)
                    for t in range(kills):
                        delay = rng.uniform(*delays[kind])
                        acks = _kill_once(url, org, kind, t, delay)
                        n, lost, ok = _check(url, org, kind, t, [a for a in acks if a != "ready"])
                        acked, bad, chains = acked + n, bad + lost, chains + ok
            except backends.Unavailable as exc:
                reason = str(exc)
            what = ("命令", "commands") if kind == "commands" else ("导入", "imports")
            measured = not reason

            def value(v: int, measured: bool = measured) -> int | None:
                return v if measured else None

            figures += [
                Figure(
                    "kill",
                    (f"SIGKILL 次数（{what[0]}）", f"SIGKILLs during {what[1]}"),
                    backend,
                    value(kills),
                    "at_least",
                    kills,
                    reason,
                ),
                Figure(
                    "kill",
                    (f"已确认的{what[0]}", f"acknowledged {what[1]}"),
                    backend,
                    value(acked),
                    "at_least",
                    1,
                    reason,
                ),
                Figure(
                    "kill",
                    (
                        f"丢失的已确认{what[0]}"
                        + ("或只写入一部分的导入" if kind == "imports" else ""),
                        f"acknowledged {what[1]} lost"
                        + (" or stored in part" if kind == "imports" else ""),
                    ),
                    backend,
                    value(bad),
                    "none",
                    0,
                    reason,
                ),
                Figure(
                    "kill",
                    (
                        f"每次 SIGKILL 后审计链校验通过（{what[0]}）",
                        f"audit chain verifies after each kill ({what[1]})",
                    ),
                    backend,
                    value(chains),
                    "all",
                    kills,
                    reason,
                ),
            ]
    return figures


__all__ = ["trial"]
