"""One exit status per outcome: 0 done, 2 refused input, 1 only for a bug, 130 interrupted."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqmy_core.cli import ruleset_cmd
from sqmy_core.rules import Ruleset
from tests.cli.conftest import RULESET, sqmy


def test_done_is_0() -> None:
    ran = sqmy("ruleset", "check", RULESET)
    assert ran.code == 0 and ran.err == "" and "检查通过" in ran.out


def test_a_bug_is_1_with_one_line_and_no_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: str | Path) -> Ruleset:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(ruleset_cmd, "load_ruleset", broken)
    ran = sqmy("ruleset", "check", RULESET)
    assert ran.code == 1 and ran.out == ""
    assert ran.err.splitlines() == [
        "错误: 内部错误（ZeroDivisionError）：这是 sqmy 的缺陷，请报告；"
        "设置环境变量 SQMY_DEBUG=1 可看到详细信息"
    ]
    ran = sqmy("--lang", "en", "ruleset", "check", RULESET)
    assert ran.code == 1 and "internal error (ZeroDivisionError)" in ran.err
    assert "Traceback" not in ran.err and "division by zero" not in ran.err


def test_sqmy_debug_shows_the_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: str | Path) -> Ruleset:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(ruleset_cmd, "load_ruleset", broken)
    from click.testing import CliRunner

    from sqmy_core.cli.main import cli

    result = CliRunner(env={"SQMY_DEBUG": "1"}).invoke(cli, ["ruleset", "check", RULESET])
    assert isinstance(result.exception, ZeroDivisionError)


def test_an_interruption_is_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(path: str | Path) -> Ruleset:
        raise KeyboardInterrupt

    monkeypatch.setattr(ruleset_cmd, "load_ruleset", interrupted)
    ran = sqmy("ruleset", "check", RULESET)
    assert ran.code == 130 and ran.out == "" and "已中断" in ran.err


def test_a_refusal_of_the_library_is_2(tmp_path: Path) -> None:
    bad = tmp_path / "r.toml"
    bad.write_text('format = "sqmy-ruleset/9"\n', encoding="utf-8")
    ran = sqmy("ruleset", "check", str(bad))
    assert ran.code == 2 and ran.out == "" and ran.err.startswith("错误: ")


def test_the_console_script_refuses_in_chinese_with_2(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = "from sqmy_core.cli.main import main; main()"
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-c", code, "overdue", "--db", str(tmp_path / "w.db"), "--now", "x"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("错误: --now: ") and "Traceback" not in done.stderr
    assert not (tmp_path / "w.db").exists()
