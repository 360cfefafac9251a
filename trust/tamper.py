"""Tampering: every kind of edit behind the library's back is caught by ``sqmy audit verify``.

For each backend and each case of
:data:`sqmy_core.testing.audit_case.TAMPERINGS`: a new database is filled
with :func:`~sqmy_core.testing.backup_case.build_everything`, a checkpoint
is exported (``sqmy audit checkpoint``), ``sqmy audit verify`` must pass
(exit status 0), the case's SQL is run straight on the database, and
``sqmy audit verify`` (with the checkpoint where the case needs one) must
then fail with exit status 3 and name the case's record on standard output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from sqmy_core.cli.main import cli
from sqmy_core.testing.audit_case import TAMPERINGS
from sqmy_core.testing.backup_case import build_everything
from sqmy_core.workspace.workspace import Workspace
from trust import backends, scene
from trust.figures import Figure, Say, quiet


def _verify(url: str, point: Path | None) -> tuple[int, str]:
    extra = ["--checkpoint", str(point)] if point else []
    ran = CliRunner().invoke(cli, ["--lang", "en", "audit", "verify", "--db", url, *extra])
    return ran.exit_code, ran.stdout


def one(backend: str, name: str, directory: Path) -> tuple[bool, bool]:
    """(untouched verifies, the edit is caught naming its record) for one case."""
    case = TAMPERINGS[name]
    with backends.place(backend, directory) as url:
        with Workspace.open(url, ruleset=scene.RULESET) as ws:
            build_everything(ws)
        point = directory / f"checkpoint-{backend}.json"
        made = CliRunner().invoke(cli, ["audit", "checkpoint", "--db", url, "--out", str(point)])
        code, _ = _verify(url, None)
        clean = made.exit_code == 0 and code == 0
        backends.executor(backend, url)(case.statements)
        code, out = _verify(url, point if case.needs_checkpoint else None)
        point.unlink(missing_ok=True)
        return clean, code == 3 and case.named in out


def trial(profile: Any, directory: Path, say: Say = quiet) -> list[Figure]:
    figures: list[Figure] = []
    for backend in profile.tamper_backends:
        say(
            f"  {backend}：{len(TAMPERINGS)} 种改动……",
            f"  {backend}: {len(TAMPERINGS)} kinds of edit ...",
        )
        clean = caught = 0
        missed: list[str] = []
        reason = ""
        try:
            for name in sorted(TAMPERINGS):
                ok, found = one(backend, name, directory)
                clean, caught = clean + ok, caught + found
                if not found:
                    missed.append(name)
        except backends.Unavailable as exc:
            reason = str(exc)
        total = len(TAMPERINGS)
        figures += [
            Figure(
                "tamper",
                ("未改动的工作库校验通过", "untouched workspace verifies"),
                backend,
                None if reason else clean,
                "all",
                total,
                reason,
            ),
            Figure(
                "tamper",
                (
                    "背着程序的改动被发现并指明记录（每一种）",
                    "edits behind the library's back caught, record named (each kind)",
                ),
                backend,
                None if reason else caught,
                "all",
                total,
                reason or ("missed: " + ", ".join(missed) if missed else ""),
            ),
        ]
    return figures


__all__ = ["trial"]
