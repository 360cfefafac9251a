"""Running ``sqmy`` in-process, and a small workspace for the commands that need one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from sqmy_core.cli.main import cli

RULESET = str(Path(__file__).resolve().parents[2] / "rulesets" / "district.toml")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


def sqmy(*args: str, env: dict[str, str | None] | None = None) -> Ran:
    """Run ``sqmy args`` as a user would (no SQMY_LANG / SQMY_DEBUG unless given)."""
    runner = CliRunner(env={"SQMY_LANG": None, "SQMY_DEBUG": None, **(env or {})})
    result = runner.invoke(cli, list(args))
    return Ran(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def workspace(tmp_path: Path, small_district: Path) -> Path:
    """A SQLite workspace holding the small district dataset."""
    db = tmp_path / "w.db"
    assert sqmy("ruleset", "apply", "--db", str(db), RULESET).code == 0
    ran = sqmy("import", "--as", "s1", "--db", str(db), "--ruleset", RULESET, str(small_district))
    assert ran.code == 0, ran.err
    return db
