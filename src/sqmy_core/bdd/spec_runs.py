"""Run an organization's specs against one ruleset and say how each scenario came out.

``sqmy compare`` runs the specs twice, baseline and draft.  Each run is a
separate ``python -m pytest`` in a scratch directory (removed afterwards):
a fresh interpreter, so nothing of one run (the step library's state,
pytest-bdd's registry of scenarios) leaks into the other or into the command.
The scratch directory holds a one-line test module binding the feature files
(:func:`sqmy_core.bdd.scenarios`, so they are checked the same way), a
``conftest.py`` that brings in :mod:`.spec_subject` and an ini file; the
organization's repository is only read: no cache, no bytecode is written into
it.  Steps an organization defines in its own ``conftest.py`` are not loaded
(the scratch run cannot import it); scenarios using them fail in both runs and
so never show as a change.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import Final

from sqmy_core.errors import ConfigurationError, Problem, SourceError
from sqmy_core.reports.compare_clauses import ScenarioRun

__all__ = ["RUN_TIMEOUT", "feature_paths", "run_specs", "spec_root"]

RUN_TIMEOUT: Final = 600
"""Seconds one run of the specs may take before it is stopped (and the comparison refused)."""

_OWN_ENV: Final = frozenset({"PYTEST_ADDOPTS", "PYTEST_PLUGINS"})
"""What the caller's pytest settings would add to a run that must be the same everywhere."""

_CONFTEST: Final = (
    "from sqmy_core.bdd.spec_subject import pytest_configure, sqmy_ruleset, sqmy_world\n\n"
    '__all__ = ["pytest_configure", "sqmy_ruleset", "sqmy_world"]\n'
)


def feature_paths(path: Path) -> list[Path]:
    """The ``.feature`` files of ``path`` (a file, or a directory searched recursively), sorted."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*.feature") if p.is_file())


def spec_root(specs: Path) -> Path:
    """Where the specs' ruleset paths are read from: the repository holding ``features/``.

    An organization's repository keeps ``rulesets/`` beside ``features/``
    (``docs/specs.md`` §2), and specs name ``rulesets/本组织.toml`` from there.
    """
    here = specs.resolve()
    for folder in (here, *here.parents):
        if folder.name == "features":
            return folder.parent
    return here if here.is_dir() else here.parent


def run_specs(
    specs: Path, ruleset: Path, organization: str, *, timeout: float = RUN_TIMEOUT
) -> tuple[ScenarioRun, ...]:
    """Every scenario of ``specs`` run against ``ruleset`` (a TOML file of ``organization``)."""
    if find_spec("pytest_bdd") is None:
        raise ConfigurationError([Problem("--specs", "compare.specs_need_bdd", {})])
    features = feature_paths(specs)
    if not features:
        raise SourceError([Problem("--specs", "compare.specs_none", {"path": str(specs)})])
    root = spec_root(specs)
    with tempfile.TemporaryDirectory(prefix="sqmy-compare-") as scratch:
        where = Path(scratch)
        out = where / "results.json"
        (where / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        subject = {"ruleset": str(ruleset.resolve()), "organization": organization, "out": str(out)}
        (where / "subject.json").write_text(json.dumps(subject, ensure_ascii=False), "utf-8")
        (where / "conftest.py").write_text(_CONFTEST, encoding="utf-8")
        paths = ", ".join(repr(str(p.resolve())) for p in features)
        (where / "test_specs.py").write_text(
            "from sqmy_core.bdd import scenarios\n\n"
            f"scenarios({paths}, features_base_dir={str(root)!r})\n",
            encoding="utf-8",
        )
        args = [
            sys.executable, "-m", "pytest", str(where / "test_specs.py"),
            "-c", str(where / "pytest.ini"), "--rootdir", str(root),
            "--confcutdir", str(where), "-q", "--no-header", "-p", "no:cacheprovider",
            "-p", "no:hypothesispytest", "-p", "sqmy_core.bdd.plugin",
        ]  # fmt: skip
        env = {k: v for k, v in os.environ.items() if k not in _OWN_ENV}
        env |= {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": _python_path()}
        try:
            done = subprocess.run(
                args, cwd=where, env=env, capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise ConfigurationError(
                [Problem("--specs", "compare.specs_timeout", {"seconds": timeout})]
            ) from None
        if not out.is_file():
            tail = (done.stdout + done.stderr).decode("utf-8", "replace").strip()[-2000:]
            raise ConfigurationError(
                [Problem("--specs", "compare.specs_broken", {"detail": tail or done.returncode})]
            )
        doc = json.loads(out.read_text(encoding="utf-8"))
    if doc["errors"]:
        raise SourceError(
            [Problem("--specs", "compare.specs_broken", {"detail": "\n".join(doc["errors"])})]
        )
    return tuple(_scenario(entry, root) for entry in doc["scenarios"])


def _python_path() -> str:
    """The child imports the same ``sqmy_core`` as this process (a checkout or the installed one)."""
    import sqmy_core

    home = str(Path(sqmy_core.__file__).resolve().parents[1])
    rest = os.environ.get("PYTHONPATH", "")
    return os.pathsep.join([home, *([rest] if rest else [])])


def _scenario(entry: dict[str, object], root: Path) -> ScenarioRun:
    file = Path(str(entry["file"]))
    try:
        shown = file.resolve().relative_to(root).as_posix()
    except ValueError:
        shown = file.as_posix()
    line = int(str(entry["line"]))
    example = str(entry["example"])
    tags = entry["tags"]
    assert isinstance(tags, Sequence)
    outcome = str(entry["outcome"])
    assert outcome in ("passed", "failed", "skipped", "xfailed", "xpassed")
    return ScenarioRun(
        key=f"{shown}:{line}" + (f"[{example}]" if example else ""),
        feature=shown,
        line=line,
        name=str(entry["name"]),
        tags=tuple(str(t) for t in tags),
        outcome=outcome,  # type: ignore[arg-type]
        message=str(entry["message"]),
    )
