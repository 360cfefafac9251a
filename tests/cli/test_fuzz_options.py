"""Random command lines never end in a bug: the exit status is 0 or 2, never 1, and no traceback.

Hypothesis draws argument vectors for ``assess``, ``explain``, ``bulletin``,
``overdue``, ``ruleset check`` and ``dataset check`` from the real option
names and garbage values (huge and negative numbers, odd dates and times,
unicode, empty strings, lone surrogates, NUL, paths that are folders or do not
exist), against the district ruleset, a small dataset and a workspace holding
it.  A refusal (2) writes nothing on standard output.  Every input that ever
failed is kept below as an explicit ``@example``.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.cli.conftest import RULESET, sqmy
from tests.conftest import SMALL_DISTRICT

DATA = "@DATA"
DB = "@DB"

COMMANDS: dict[tuple[str, ...], list[str]] = {
    ("assess",): ["--year", "--format", "--ruleset", "--data", "--db", "--org"],
    ("explain",): ["--year", "--person", "--unit", "--ruleset", "--data", "--db", "--org"],
    ("bulletin",): [
        "--period", "--on", "--bulletin", "--format", "--ruleset", "--data", "--db", "--org",
    ],
    ("overdue",): ["--db", "--org", "--now"],
    ("ruleset", "check"): [],
    ("dataset", "check"): ["--ruleset"],
}
SOURCES: dict[tuple[str, ...], list[str]] = {
    ("assess",): ["--ruleset", RULESET, "--data", DATA, "--year", "2024"],
    ("explain",): ["--ruleset", RULESET, "--data", DATA, "--year", "2024", "--person", "p001"],
    ("bulletin",): ["--ruleset", RULESET, "--data", DATA, "--period", "2024Q1"],
    ("overdue",): ["--db", DB],
    ("ruleset", "check"): [RULESET],
    ("dataset", "check"): [DATA],
}

ODD = [
    "", " ", "0", "9999", "-5", "1899", "1900", "2199", "2200", "2024", "+2024", " 2024 ", "2_024",
    "1e3", "0x7e8", "٢٠٢٤", "２０２４", "2024Q0", "2024Q1", "2024Q5", "2024-Q4", "2024-00",
    "2024-13", "9999Q4", "0000", "2024-02-29", "2023-02-29", "2024-02-30", "9999-12-31",
    "0001-01-01", "1900-01-01", "2199-12-31", "2024-02-30T00:00:00+08:00",
    "0001-01-01T00:00:00+08:00", "9999-12-31T24:00:00Z", "2199-12-31T24:00:00+08:00",
    "1900-01-01T00:00:00+14:00", "2024-12-31T24:00:00+08:00", "2024-03-01T09:00:00",
    "table", "json", "markdown", "quarterly", "p001", "sec-econ", "r1", "-", "--", "--help",
    "nan", "inf", "\x00", "a\x00b", "\ud800", "\udcff", "💥", "x" * 5000, "9" * 5000,
    "/", ".", "/dev/null", "/nonexistent/x.toml", "sqlite:///nope.db", "x:y", "zh", "en",
]  # fmt: skip
ODD_TEXT = st.text(
    st.characters(categories=["Lu", "Ll", "Nd", "Zs", "Cc", "Cs", "Lo", "Po", "So"]), max_size=8
)
VALUES = st.one_of(
    st.sampled_from(ODD),
    st.integers(-(10**30), 10**30).map(str),
    ODD_TEXT,
    st.sampled_from([RULESET, DATA, DB]),
)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    args = list(command)
    if draw(st.booleans()):
        args += SOURCES[command]
    elif len(command) == 2:
        args.append(draw(VALUES))  # the PATH argument
    names = [*COMMANDS[command], "--lang", "--help", "--bogus"]
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from(names))
        if name == "--help":
            args.append(name)
        else:
            args += [name, draw(VALUES)]
    if draw(st.integers(0, 9)) == 0:
        args.insert(draw(st.integers(0, len(args))), draw(VALUES))
    return args


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    import json

    folder = tmp_path_factory.mktemp("fuzz")
    data = folder / "district.json"
    data.write_text(json.dumps(SMALL_DISTRICT, ensure_ascii=False), encoding="utf-8")
    db = folder / "w.db"
    assert sqmy("ruleset", "apply", "--db", str(db), RULESET).code == 0
    ran = sqmy("import", "--as", "s1", "--db", str(db), "--ruleset", RULESET, str(data))
    assert ran.code == 0, ran.err
    return {DATA: str(data), DB: str(db), "@HERE": str(folder)}


def _check(args: list[str], files: dict[str, str]) -> None:
    real = [files.get(a, a) for a in args]
    with contextlib.chdir(files["@HERE"]):  # whatever a command line creates stays in there
        ran = sqmy(*real)
    assert ran.code in (0, 2), (real, ran.err[-2000:])
    assert "Traceback" not in ran.out + ran.err
    if ran.code == 2:
        assert ran.out == "", (real, ran.out[:500])
        assert ran.err.strip(), real


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(args=command_lines())
@example(args=["assess", "--ruleset", RULESET, "--data", DATA, "--year", "9999"])
@example(args=["assess", "--ruleset", RULESET, "--data", DATA, "--year", "-5"])
@example(args=["bulletin", "--ruleset", RULESET, "--data", DATA, "--period", "9999Q4"])
@example(args=["bulletin", "--ruleset", RULESET, "--data", DATA, "--on", "9999-12-31"])
@example(args=["overdue", "--db", DB, "--now", "0001-01-01T00:00:00+08:00"])
@example(args=["overdue", "--db", DB, "--now", "9999-12-31T24:00:00Z"])
@example(args=["ruleset", "check", "a\x00b"])
@example(args=["ruleset", "check", "\ud800"])
@example(args=["dataset", "check", "/"])
@example(args=["assess", "--ruleset", RULESET, "--data", DATA, "--year", "9" * 5000])
def test_no_command_line_ends_in_a_bug(files: dict[str, str], args: list[str]) -> None:
    _check(args, files)
