"""Progress: a bar on a terminal's standard error, nothing in a pipe, under --format json or --quiet.

The library's callbacks are recorded directly (they advance to the end, a
few coarse steps); the command line's bar is drawn on a forced terminal
handed to :func:`sqmy_core.cli.progress.make_console`.  In a pipe (the test
runner's streams are no terminal) standard error stays empty and standard
output is byte for byte what ``--quiet`` prints.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from sqmy_core.cli import progress
from sqmy_core.i18n import message
from sqmy_core.workspace.workspace import Workspace
from tests.cli.conftest import RULESET, sqmy
from tests.conftest import SMALL_DISTRICT


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))


def advanced(calls: list[tuple[int, int]]) -> bool:
    """Some steps, never backwards, ending with all done."""
    done = [d for d, _ in calls]
    return len(calls) >= 2 and done == sorted(done) and calls[-1][0] == calls[-1][1] > 0


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Standard error as a terminal: what the bar draws lands here."""
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr(progress, "make_console", lambda: console)
    return screen


def test_the_library_calls_report_coarse_steps(tmp_path: Path, small_district: Path) -> None:
    db = tmp_path / "w.db"
    assert sqmy("ruleset", "apply", "--db", str(db), RULESET).code == 0
    with Workspace.open(str(db), organization="district") as ws:
        imported = Recorder()
        ws.import_file(small_district, actor="s1", progress=imported)
        assessed = Recorder()
        ws.assess(2024, progress=assessed)
        assessed_columnar = Recorder()
        ws.assess(2024, engine="columnar", progress=assessed_columnar)
    assert imported.calls == [(1, 3), (2, 3), (3, 3)]
    assert advanced(assessed.calls) and advanced(assessed_columnar.calls)


def test_the_workbook_import_reports_its_rows(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    from tests.integration.test_xlsx_intake import ROSTER, fill, template

    db = tmp_path / "w.db"
    assert sqmy("ruleset", "apply", "--db", str(db), RULESET).code == 0
    roster = fill(template(tmp_path, "roster"), ROSTER, tmp_path / "r.xlsx")
    from sqmy_core.intake.apply import import_workbook

    rows = Recorder()
    with Workspace.open(str(db), organization="district") as ws:
        import_workbook(ws, roster, actor="s1", progress=rows)
    assert rows.calls[-1] == (8, 8) and advanced(rows.calls)


def test_a_terminal_shows_a_bar_that_advances(
    tmp_path: Path, small_district: Path, terminal: io.StringIO
) -> None:
    db = str(tmp_path / "w.db")
    assert sqmy("ruleset", "apply", "--db", db, RULESET).code == 0
    ran = sqmy("import", "--as", "s1", "--db", db, str(small_district))
    assert ran.code == 0, ran.err
    drawn = terminal.getvalue()
    assert "导入" in drawn and "100%" in drawn
    assert "导入" not in ran.err  # the bar is the console's, not the command's own output
    terminal.seek(0)
    terminal.truncate()
    ran = sqmy("assess", "--db", db, "--year", "2024", "--lang", "en")
    assert ran.code == 0 and "Assessing" in terminal.getvalue() and "100%" in terminal.getvalue()
    terminal.seek(0)
    terminal.truncate()
    ran = sqmy("backup", "--db", db, "--output", str(tmp_path / "b.json"))
    assert ran.code == 0 and "备份" in terminal.getvalue()


def test_json_and_quiet_draw_nothing_even_on_a_terminal(
    tmp_path: Path, small_district: Path, terminal: io.StringIO
) -> None:
    db = str(tmp_path / "w.db")
    assert sqmy("ruleset", "apply", "--db", db, RULESET).code == 0
    assert sqmy("import", "--as", "s1", "--db", db, "--quiet", str(small_district)).code == 0
    ran = sqmy("assess", "--db", db, "--year", "2024", "--format", "json")
    assert ran.code == 0 and json.loads(ran.out)["year"] == 2024
    assert sqmy("backup", "--db", db, "--quiet", "-o", str(tmp_path / "b.json")).code == 0
    assert terminal.getvalue() == ""


def test_a_pipe_gets_exactly_what_it_got_before(tmp_path: Path) -> None:
    """The runner's streams are no terminal: no bar, and the same bytes as with --quiet."""
    data = tmp_path / "d.json"
    data.write_text(json.dumps(SMALL_DISTRICT, ensure_ascii=False), encoding="utf-8")
    outs = {}
    for quiet in ((), ("--quiet",)):
        db = str(tmp_path / f"w{len(quiet)}.db")
        assert sqmy("ruleset", "apply", "--db", db, RULESET).code == 0
        imported = sqmy("import", "--as", "s1", "--db", db, *quiet, str(data))
        assessed = sqmy("assess", "--db", db, "--year", "2024", *quiet)
        as_json = sqmy("assess", "--db", db, "--year", "2024", "--format", "json", *quiet)
        backup = sqmy("backup", "--db", db, *quiet)
        for ran in (imported, assessed, as_json, backup):
            assert ran.code == 0 and ran.err == ""
        outs[quiet] = (imported.out.replace(db, "W"), assessed.out, as_json.out, backup.out)
    assert outs[()][:3] == outs[("--quiet",)][:3]
    said = message("cli.imported", "zh", path=str(data), db="W", units=2, people=5, calls=1,
                   pieces=2, events=7)
    assert outs[()][0] == said + "\n"  # the one line, nothing else
