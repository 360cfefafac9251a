"""The concurrency matrix: N writers (threads or processes) race the same command on every backend.

For each backend, mode (``thread``: one Workspace per thread; ``process``:
spawned processes, each its own Workspace and connection) and N, an
organization of its own holds one piece per round and case, imported
already at the stage the case starts from.  The N writers then take the
rounds together, released by a barrier before each attempt:

- ``review``: the same initial-review decision by the same reviewer;
- ``instruction``: the same 批示 recorded with the ``expected_version`` read
  before the race;
- ``dispatch_key``: the same 报送 with one idempotency key;
- ``key_other``: one idempotency key, each writer another request (its own
  ``to``).

A round is judged from what the database holds afterwards (the events
appended to the piece's stream) and from what each writer was told: the
requirement of each case is written in :data:`CASES`.  Outcomes are
classified by the refusal's class; anything that is not one of the
library's refusals is a bug and counted apart.  After the rounds ``sqmy
audit verify`` (the library's ``verify``) must hold on the organization.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Final

from sqmy_core.errors import ConcurrencyConflict, PermissionDenied, SqmyError, TransitionNotAllowed
from sqmy_core.workspace.audit_verify import verify
from sqmy_core.workspace.workspace import Workspace
from trust import backends, scene
from trust.figures import Figure, Say, quiet

BARRIER_TIMEOUT: Final = 120.0
Task = tuple[str, str, int]
"""(case, piece, the stream version read before the race)."""


@dataclass(frozen=True)
class Case:
    """A raced command: the stage its pieces start from, the event it appends, and the
    requirement of a round (given the count of new events and what the writers were told)."""

    stage: scene.Stage
    event: str
    label: tuple[str, str]
    judge: Callable[[int, Counter[str], int], bool]


CASES: Final[dict[str, Case]] = {
    "review": Case(
        "submitted",
        "reviewed",
        (
            "同一审核决定并发：恰好一个成功、一个事件",
            "same review decision raced: exactly one winner",
        ),
        lambda events, told, n: events == 1 and told["ok"] == 1,
    ),
    "instruction": Case(
        "dispatched",
        "instructed",
        (
            "带期望版本的重复批示：每轮恰好一个事件",
            "double instruction, expected version: one event",
        ),
        lambda events, told, n: events == 1 and told["ok"] == 1 and told["conflict"] == n - 1,
    ),
    "dispatch_key": Case(
        "approved",
        "dispatched",
        (
            "同一幂等键的报送：恰好一个事件，各方都得到结果",
            "dispatch, one idempotency key: one event",
        ),
        lambda events, told, n: events == 1 and told["ok"] == n,
    ),
    "key_other": Case(
        "approved",
        "dispatched",
        (
            "同一幂等键、不同请求：一个生效，其余被拒绝",
            "one key, other requests: one event, rest refused",
        ),
        lambda events, told, n: events == 1 and told["ok"] == 1 and told["key_reused"] == n - 1,
    ),
}


def _attempt(ws: Workspace, task: Task, index: int) -> str:
    case, piece, version = task
    later = scene.T0 + timedelta(days=2)
    try:
        if case == "review":
            ws.review(piece, actor="r1", decision="pass", checks=scene.CHECKS, now=later)
        elif case == "instruction":
            ws.record_instruction(
                piece,
                actor=scene.STAFF,
                level="national",
                rank="principal",
                now=later,
                expected_version=version,
            )
        elif case == "dispatch_key":
            ws.dispatch(
                piece, actor=scene.STAFF, route="reference", now=later, idempotency_key=f"k-{piece}"
            )
        else:
            ws.dispatch(
                piece,
                actor=scene.STAFF,
                route="reference",
                now=later,
                to=f"office-{index}",
                idempotency_key=f"k-{piece}",
            )
    except ConcurrencyConflict as exc:
        return "key_reused" if type(exc).__name__ == "IdempotencyKeyReused" else "conflict"
    except (PermissionDenied, TransitionNotAllowed):
        return "refused"
    except SqmyError as exc:
        return (
            "key_reused"
            if type(exc).__name__ == "IdempotencyKeyReused"
            else (f"error {type(exc).__name__}: {exc.render('en')[:200]}")
        )
    except Exception as exc:  # a bug: reported with the figures
        return f"bug {type(exc).__name__}: {str(exc)[:200]}"
    return "ok"


def _worker(url: str, org: str, tasks: Sequence[Task], index: int, barrier: Any, out: Any) -> None:
    """One writer: its own Workspace; before each task, wait for the others."""
    try:
        ws = Workspace.open(url, organization=org)
    except Exception as exc:
        barrier.abort()
        out.put(("open", "", index, f"bug {type(exc).__name__}: {exc}"))
        return
    try:
        for task in tasks:
            barrier.wait(timeout=BARRIER_TIMEOUT)
            out.put((task[0], task[1], index, _attempt(ws, task, index)))
    except threading.BrokenBarrierError as exc:
        out.put(("barrier", "", index, f"bug BrokenBarrierError: {exc}"))
    finally:
        ws.close()


@dataclass
class Tally:
    """Per case: rounds, rounds that met the requirement, unexpected outcomes."""

    rounds: Counter[str] = field(default_factory=Counter)
    met: Counter[str] = field(default_factory=Counter)
    strange: list[str] = field(default_factory=list)
    chains: int = 0
    chains_ok: int = 0


def _race(url: str, org: str, mode: str, n: int, tasks: list[Task]) -> list[tuple[Any, ...]]:
    if mode == "thread":
        barrier: Any = threading.Barrier(n)
        out: Any = queue.Queue()
        workers: list[Any] = [
            threading.Thread(target=_worker, args=(url, org, tasks, i, barrier, out))
            for i in range(n)
        ]
    else:
        ctx = multiprocessing.get_context("spawn")
        barrier, out = ctx.Barrier(n), ctx.Queue()
        workers = [
            ctx.Process(target=_worker, args=(url, org, tasks, i, barrier, out)) for i in range(n)
        ]
    for w in workers:
        w.start()
    results: list[tuple[Any, ...]] = []
    expected = n * len(tasks)
    try:
        while len(results) < expected:
            got = out.get(timeout=BARRIER_TIMEOUT * 2)
            results.append(got)
            if got[0] in ("open", "barrier"):
                break
    except queue.Empty:
        results.append(("timeout", "", -1, "bug: no answer from a writer"))
    for w in workers:
        w.join(timeout=BARRIER_TIMEOUT)
        if isinstance(w, multiprocessing.process.BaseProcess) and w.is_alive():
            w.kill()
            w.join()
    return results


def one(
    url: str, org: str, mode: str, n: int, rounds: int, cases: Sequence[str], tally: Tally
) -> None:
    """The rounds of every case for ``n`` writers of ``mode``, in organization ``org``."""
    scene.start(url, org)
    wanted = [(f"{case}-{r}", CASES[case].stage) for r in range(rounds) for case in cases]
    with Workspace.open(url, organization=org) as ws:
        ws.import_dataset(scene.pieces(wanted), actor=scene.STAFF)
        tasks = [(pid.rsplit("-", 1)[0], pid, ws.piece(pid).version) for pid, _ in wanted]
    told: dict[str, Counter[str]] = {pid: Counter() for pid, _ in wanted}
    for case, piece, _, outcome in _race(url, org, mode, n, tasks):
        if piece in told:
            told[piece][outcome if " " not in outcome else "strange"] += 1
        if " " in outcome:
            tally.strange.append(f"{case} {piece}: {outcome}")
    with Workspace.open(url, organization=org) as ws:
        for case, piece, version in tasks:
            new = [e for e in ws.history(piece) if e.version > version]
            events = sum(1 for e in new if e.type == CASES[case].event)
            tally.rounds[case] += 1
            if CASES[case].judge(events, told[piece], n) and len(new) == events:
                tally.met[case] += 1
        tally.chains += 1
        tally.chains_ok += verify(ws.store).ok


def trial(profile: Any, directory: Path, say: Say = quiet) -> list[Figure]:
    """The matrix of the profile: backends × modes × N × cases; a figure per case, backend, mode."""
    figures: list[Figure] = []
    for backend in profile.backends:
        for mode in profile.modes:
            if mode == "process" and backend not in profile.process_backends:
                continue
            tally, reason = Tally(), None
            try:
                with backends.place(backend, directory) as url:
                    for n in profile.writers:
                        say(f"  {backend} {mode} N={n}……", f"  {backend} {mode} N={n} ...")
                        one(
                            url,
                            f"race-{mode}-{n}",
                            mode,
                            n,
                            profile.race_rounds,
                            profile.cases,
                            tally,
                        )
            except backends.Unavailable as exc:
                reason = str(exc)
            scope = f"{backend} {mode} N={','.join(map(str, profile.writers))}"
            for case in profile.cases:
                figures.append(
                    Figure(
                        "concurrency",
                        CASES[case].label,
                        scope,
                        None if reason else tally.met[case],
                        "all",
                        tally.rounds[case],
                        reason or "",
                    )
                )
            figures.append(
                Figure(
                    "concurrency",
                    ("竞争中的意外结果（缺陷）", "unexpected outcomes (bugs)"),
                    scope,
                    None if reason else len(tally.strange),
                    "none",
                    0,
                    reason or "; ".join(tally.strange[:3]),
                )
            )
            figures.append(
                Figure(
                    "concurrency",
                    ("竞争之后审计链校验通过", "audit chain verifies after the races"),
                    scope,
                    None if reason else tally.chains_ok,
                    "all",
                    tally.chains,
                    reason or "",
                )
            )
    return figures


__all__ = ["CASES", "trial"]
