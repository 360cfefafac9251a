"""Start-up stays small: what ``import sqmy_core`` and the ``sqmy`` commands import.

Every ``sqmy`` run pays for its imports before it does anything; measured, a
county assessment from the shell spent most of its time there.  These tests
look at ``sys.modules`` in a fresh interpreter (a subprocess, so nothing this
test run imported counts) and fail when a heavy module comes back on a path
that does not need it.  Times are measured by ``make bench``, never here.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import sqmy_core
from sqmy_core.cli import main as cli_main
from sqmy_core.cli.lazy import LazyGroup

REPO = Path(__file__).resolve().parents[2]
RULESET = str(REPO / "rulesets" / "district.toml")
SOURCE = str(Path(sqmy_core.__file__).resolve().parents[1])
"""Where the package under test was imported from: the probes import the same code."""

OPTIONAL = ("polars", "msgspec", "matplotlib", "jsonschema", "hypothesis", "tomli_w", "numpy")
"""The extras and development tools: small data and start-up never import them."""

HEAVY = (
    *OPTIONAL,
    "attr",
    "attrs",
    "cattrs",
    "rich",
    "pluggy",
    "importlib.metadata",
    "sqlite3",
    "tomllib",
    "sqmy_core.rules",
    "sqmy_core.scoring",
    "sqmy_core.model",
    "sqmy_core.interchange.dataset",
    "sqmy_core.storage",
    "sqmy_core.workspace",
    "sqmy_core.workflow",
    "sqmy_core.tools",
)
"""Not needed to import the library or to start ``sqmy`` (nor for --version, --help)."""

NOT_FOR_JSON = (
    *OPTIONAL,
    "rich",
    "pluggy",
    "importlib.metadata",
    "sqlite3",
    "sqmy_core.storage",
    "sqmy_core.workspace.workspace",
    "sqmy_core.workflow",
    "sqmy_core.tools",
    "sqmy_core.cli.render",
    "sqmy_core.cli.workspace_cmd",
    "sqmy_core.i18n.common",  # the catalogue: a command that succeeds says nothing from it
    "sqmy_core.i18n.cli_help",
    "sqmy_core.i18n.reports",
    "sqmy_core.reports",
    "sqmy_core.scoring.explain",
    "sqmy_core.scoring.missing",
    "sqmy_core.scoring.columnar",
    "sqmy_core.interchange.fast_reader",
)
"""Not needed by ``sqmy assess --data ... --format json`` (a ruleset without plugins)."""

NOT_FOR_TABLES = (
    "rich._emoji_codes",  # rich's 4,000 emoji: the console is told not to look for codes
    "sqmy_core.reports",
    "sqmy_core.scoring.explain",
    "sqmy_core.scoring.missing",
    "sqmy_core.workspace.workspace",
    "pluggy",
    "sqlite3",
)
"""Not needed by ``sqmy assess`` printing its tables (only ``explain`` says what is missing)."""

_PROBE = """
import json, sys
{code}
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _loaded(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` (printed last on stderr)."""
    ran = subprocess.run(
        [sys.executable, "-c", _PROBE.format(code=code)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PATH": "", "SQMY_LANG": "en", "PYTHONIOENCODING": "utf-8", "PYTHONPATH": SOURCE},
        check=False,
    )
    assert ran.stderr, ran
    return set(json.loads(ran.stderr.splitlines()[-1]))


def _run_sqmy(*args: str) -> str:
    return (
        "from sqmy_core.cli.main import cli\n"
        f"status = cli.main({list(args)!r}, prog_name='sqmy', standalone_mode=False)\n"
        "assert status == 0, status\n"
    )


@pytest.mark.parametrize(
    "code",
    [
        "import sqmy_core",
        "import sqmy_core.cli.main",
        _run_sqmy("--version"),
        _run_sqmy("--help"),
        _run_sqmy("--help", "--lang", "en"),
    ],
    ids=["import sqmy_core", "import cli.main", "--version", "--help", "--help en"],
)
def test_starting_imports_nothing_heavy(code: str) -> None:
    assert sorted(set(HEAVY) & _loaded(code)) == []


def test_assess_as_json_imports_neither_rich_nor_the_workspace(small_district: Path) -> None:
    code = _run_sqmy(
        "assess", "--ruleset", RULESET, "--data", str(small_district), "--year", "2024",
        "--format", "json",
    )  # fmt: skip
    loaded = _loaded(code)
    assert "sqmy_core.scoring.assess" in loaded  # it did assess
    assert sorted(set(NOT_FOR_JSON) & loaded) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_table_still_uses_rich_and_nothing_more(small_district: Path, lang: str) -> None:
    code = _run_sqmy(
        "assess", "--ruleset", RULESET, "--data", str(small_district), "--year", "2024",
        "--lang", lang,
    )  # fmt: skip
    loaded = _loaded(code)
    assert {"rich", "sqmy_core.i18n.cli"} <= loaded
    assert sorted(set(NOT_FOR_TABLES) & loaded) == []


def test_the_lazy_command_table_is_what_the_modules_register() -> None:
    """Each module named in COMMANDS registers exactly the commands the table gives it."""
    for module in sorted({m for mods in cli_main.COMMANDS.values() for m in mods}):
        group = LazyGroup("probe")
        importlib.import_module(module).register(group)
        claimed = {name for name, mods in cli_main.COMMANDS.items() if mods[0] == module}
        assert set(group.commands) == claimed, module
    ctx = click.Context(cli_main.cli)
    for name in cli_main.cli.list_commands(ctx):
        command = cli_main.cli.get_command(ctx, name)
        assert command is not None and command.name == name


def test_an_unknown_command_still_gets_a_suggestion() -> None:
    from tests.cli.conftest import sqmy

    ran = sqmy("explian", "--lang", "en")
    assert ran.code == 2 and "'explain'" in ran.err


@pytest.mark.parametrize("package", ["sqmy_core", "sqmy_core.interchange"])
def test_a_lazy_package_resolves_every_name_to_the_submodule_s_object(package: str) -> None:
    lazy = importlib.import_module(package)
    where = lazy._WHERE
    assert set(where) == set(lazy.__all__) - {"__version__"}
    for name, module in where.items():
        assert getattr(lazy, name) is getattr(importlib.import_module(module), name)
    assert set(lazy.__all__) <= set(dir(lazy))
    with pytest.raises(AttributeError):
        lazy.no_such_name  # noqa: B018


def test_the_version_shown_is_the_installed_distribution_s() -> None:
    """``sqmy --version`` says ``sqmy_core.__version__`` (no importlib.metadata at start-up)."""
    assert sqmy_core.__version__ == version("sqmy-core")


def _console(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """The ``sqmy`` console script in a fresh interpreter; ``sys.modules`` printed at exit."""
    code = (
        "import atexit, json, sys\n"
        "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
        "from sqmy_core.cli.main import main\n"
        f"sys.argv = ['sqmy', *{list(args)!r}]\n"
        "main()\n"
    )
    env = {"PATH": "", "PYTHONIOENCODING": "utf-8", "PYTHONPATH": SOURCE}
    if lang is not None:
        env["SQMY_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env,
        check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "lang"),
    [(("--version",), None), (("--version", "--lang", "en"), None), (("--lang=zh", "--version"), "en"),
     (("--version",), "en")],
)  # fmt: skip
def test_the_console_script_answers_version_without_the_program(
    args: tuple[str, ...], lang: str | None
) -> None:
    ran = _console(*args, lang=lang)
    assert ran.returncode == 0, ran
    loaded = set(json.loads(ran.stderr.splitlines()[-1]))
    assert sorted({"click", "sqmy_core.cli.program", "sqmy_core.errors", "dataclasses"} & loaded) == []
    runner = CliRunner(env={"SQMY_LANG": lang})
    through_click = runner.invoke(cli_main.cli, list(args), prog_name="sqmy")
    assert through_click.exit_code == 0
    assert ran.stdout == through_click.output


@pytest.mark.parametrize(
    ("args", "lang"), [(("--version", "--lang", "xx"), None), (("--version",), "fr"),
                       (("--version", "--lang"), None), (("--version", "assess"), None)],
)  # fmt: skip
def test_anything_more_than_the_version_goes_to_the_program(
    args: tuple[str, ...], lang: str | None
) -> None:
    ran = _console(*args, lang=lang)
    assert "click" in set(json.loads(ran.stderr.splitlines()[-1]))
    runner = CliRunner(env={"SQMY_LANG": lang})
    through_click = runner.invoke(cli_main.cli, list(args), prog_name="sqmy")
    assert ran.returncode == through_click.exit_code
    assert ran.stdout == through_click.stdout


def test_load_named_imports_the_first_command_the_line_names() -> None:
    group = LazyGroup("probe", lazy=cli_main.COMMANDS)
    group.load_named(["--lang", "en", "assess", "--data", "import.json"])
    assert set(group.commands) == {"assess", "explain"}  # assess_cmd's two, not import's
    group.load_named(["--", "import"])
    group.load_named(["--help"])
    assert set(group.commands) == {"assess", "explain"}


def test_modules_load_with_the_collector_paused_then_frozen() -> None:
    """A fresh interpreter: off inside, on after, what loaded frozen; left alone when off."""
    code = (
        "import gc, json, sys\n"
        "from sqmy_core.cli.main import collector_paused\n"
        "before = gc.get_freeze_count()\n"
        "with collector_paused():\n"
        "    inside = gc.isenabled()\n"
        "    import sqmy_core.cli.program\n"
        "frozen, after = gc.get_freeze_count() - before, gc.isenabled()\n"
        "gc.disable()\n"
        "with collector_paused():\n"
        "    pass\n"
        "print(json.dumps([inside, after, frozen > 1000, gc.isenabled()]), file=sys.stderr)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
        env={"PATH": "", "PYTHONPATH": SOURCE}, check=False,
    )  # fmt: skip
    assert json.loads(ran.stderr.splitlines()[-1]) == [False, True, True, False], ran


def test_the_console_script_runs_its_command_with_the_collector_on(small_district: Path) -> None:
    args = ("assess", "--ruleset", RULESET, "--data", str(small_district), "--year", "2024",
            "--format", "json")  # fmt: skip
    code = (
        "import atexit, gc, json, sys\n"
        "atexit.register(lambda: print(json.dumps([gc.isenabled(), gc.get_freeze_count() > 1000]),"
        " file=sys.stderr))\n"
        "from sqmy_core.cli.main import main\n"
        f"sys.argv = ['sqmy', *{list(args)!r}]\n"
        "main()\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
        env={"PATH": "", "PYTHONIOENCODING": "utf-8", "PYTHONPATH": SOURCE}, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran
    assert json.loads(ran.stderr.splitlines()[-1]) == [True, True]
    assert json.loads(ran.stdout)["format"] == "sqmy-assessment/1"
