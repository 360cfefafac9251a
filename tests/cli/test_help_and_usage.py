"""``--help`` and click's usage errors in both languages, from the catalogue.

Every command's help is walked: in English no CJK character may appear (the
help texts, click's own words, the epilog); in Chinese every option has a
Chinese help text.  Usage errors (a missing option, an unknown one, a missing
argument, a bad choice, an unknown command) are said in the chosen language.
"""

from __future__ import annotations

import click
import pytest

from sqmy_core.cli.help import option_help_code
from sqmy_core.cli.main import cli
from sqmy_core.i18n import message
from tests.cli.conftest import CJK, sqmy


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path, found as click finds them (``sqmy``'s are imported when looked up)."""
    out = [path]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        assert cmd is not None, name
        if isinstance(cmd, click.Group):
            out += _commands(cmd, (*path, name))
        else:
            out.append((*path, name))
    return out


COMMANDS = _commands(cli)


def _command(path: tuple[str, ...]) -> click.Command:
    cmd: click.Command = cli
    for name in path:
        assert isinstance(cmd, click.Group)
        found = cmd.get_command(click.Context(cmd), name)
        assert found is not None, name
        cmd = found
    return cmd


def _options(path: tuple[str, ...]) -> list[click.Option]:
    cmd = _command(path)
    ctx = click.Context(cmd)
    return [p for p in cmd.get_params(ctx) if isinstance(p, click.Option)]


def test_the_walk_finds_every_command() -> None:
    assert {" ".join(p) for p in COMMANDS} >= {
        "", "assess", "explain", "bulletin", "import", "export", "overdue", "notify",
        "ruleset", "ruleset check", "ruleset show", "ruleset init", "dataset", "dataset check",
    }  # fmt: skip


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "sqmy")
@pytest.mark.parametrize("how", ["option-first", "option-last", "env"])
def test_english_help_has_no_chinese(path: tuple[str, ...], how: str) -> None:
    if how == "option-first":
        ran = sqmy("--lang", "en", *path, "--help")
    elif how == "option-last":
        ran = sqmy(*path, "--help", "--lang", "en")
    else:
        ran = sqmy(*path, "--help", env={"SQMY_LANG": "en"})
    assert ran.code == 0, ran.err
    assert ran.out.startswith("Usage: ")
    assert not CJK.search(ran.out), CJK.findall(ran.out)
    for option in _options(path):
        assert option.opts[-1] in ran.out


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "sqmy")
def test_chinese_help_has_chinese_for_every_option(path: tuple[str, ...]) -> None:
    ran = sqmy(*path, "--help")
    assert ran.code == 0, ran.err
    assert ran.out.startswith("用法：")
    lines = ran.out.splitlines()
    key = " ".join(path) or "sqmy"
    for option in _options(path):
        name = "help" if "--help" in option.opts else (option.name or "")
        code = option_help_code(key, name)
        assert code is not None, f"{key}: option {option.opts} has no help in the catalogue"
        assert CJK.search(message(code, "zh")), code
        assert not CJK.search(message(code, "en")), code
        at = next(i for i, ln in enumerate(lines) if option.opts[-1] in ln)
        row = " ".join(lines[at : at + 2])  # a long name puts its help on the next line
        assert CJK.search(row), row
    assert "Options" not in ran.out and "Show this message" not in ran.out


def test_the_root_help_documents_the_exit_statuses() -> None:
    zh = "".join(sqmy("--help").out.split())
    assert "退出状态：0完成；2输入被拒绝" in zh and "1内部错误" in zh
    en = " ".join(sqmy("--lang", "en", "--help").out.split())
    assert "Exit status: 0 done; 2 input refused" in en and "1 internal error" in en


def test_the_version_is_said_in_the_language() -> None:
    assert "版本" in sqmy("--version").out
    assert ", version " in sqmy("--version", "--lang", "en").out


USAGE = [
    (["overdue", "--db", "w.db", "--now"], "选项 '--now' 需要一个值", "option '--now' needs a value"),
    (["ruleset", "check"], "缺少参数 'PATH'", "missing argument 'PATH'"),
    (["assess", "--bogus"], "没有选项 '--bogus'", "no such option '--bogus'"),
    (["assess", "--yaer", "2024"], "（是否想用：'--year'）", "(did you mean '--year'?)"),
    (["asses"], "没有命令 'asses'（是否想用：'assess'）", "no such command 'asses'"),
    (["ruleset"], "用法：sqmy ruleset", "Usage: sqmy ruleset"),
    (["ruleset", "init"], "缺少选项 '--template'", "missing option '--template'"),
    (["ruleset", "init", "--template", "x"], "未知的取值 'x'", "unknown value 'x'"),
    (["ruleset", "init", "--force=yes"], "选项 '--force' 不接受值", "does not take a value"),
    (["ruleset", "check", "a.toml", "b.toml"], "多余的参数：b.toml", "extra arguments: b.toml"),
    (["--lang", "fr", "assess"], "未知的语言 'fr'", "未知的语言 'fr'"),
]


@pytest.mark.parametrize(("args", "zh", "en"), USAGE, ids=[" ".join(u[0]) for u in USAGE])
def test_a_usage_error_is_said_in_the_language(args: list[str], zh: str, en: str) -> None:
    ran = sqmy(*args)
    assert ran.code == 2 and ran.out == "", ran
    assert zh in ran.err, ran.err
    assert "Error:" not in ran.err and "Usage:" not in ran.err and "Try '" not in ran.err
    if args[0] == "--lang":
        return
    ran = sqmy("--lang", "en", *args)
    assert ran.code == 2 and ran.out == ""
    assert en in ran.err, ran.err
    assert not CJK.search(ran.err), ran.err


def test_a_missing_option_shows_the_usage_and_how_to_get_help() -> None:
    ran = sqmy("overdue")
    assert ran.code == 2 and ran.out == ""
    assert ran.err.splitlines() == [
        "用法：sqmy overdue [OPTIONS]",
        "运行 'sqmy overdue --help' 查看帮助。",
        "",
        "错误: 缺少选项 '--db'",
    ]
    ran = sqmy("overdue", env={"SQMY_LANG": "en"})
    assert ran.err.splitlines() == [
        "Usage: sqmy overdue [OPTIONS]",
        "Try 'sqmy overdue --help' for help.",
        "",
        "error: missing option '--db'",
    ]


def test_a_bad_sqmy_lang_is_refused() -> None:
    ran = sqmy("--help", env={"SQMY_LANG": "fr"})
    assert ran.code == 2 and ran.out == "" and "SQMY_LANG" in ran.err
