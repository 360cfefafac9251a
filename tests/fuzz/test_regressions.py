"""Every input that ever crashed sqmy is refused cleanly through the command line.

The inputs are files in ``regressions/`` (``expected.toml`` lists each with the
key path and the words its refusal must contain).  Each goes through the
commands that read it: exit status 2, the key path and the Chinese message on
standard error (English with ``--lang en``), nothing on standard output, no
"内部错误"/"internal error" (a bug) and no traceback.  The same files feed the
fuzz targets directly, so the library's entry points refuse them too.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.cli.conftest import CJK, RULESET, sqmy
from tests.conftest import SMALL_DISTRICT
from tests.fuzz._targets import dataset_target, ruleset_target

HERE = Path(__file__).resolve().parent / "regressions"
EXPECTED = tomllib.loads((HERE / "expected.toml").read_text("utf-8"))


def commands(name: str, data: str) -> list[list[str]]:
    path = str(HERE / name)
    if name.startswith("dataset-"):
        return [
            ["dataset", "check", "--ruleset", RULESET, path],
            ["assess", "--ruleset", RULESET, "--data", path, "--year", "2024"],
        ]
    return [
        ["ruleset", "check", path],
        ["assess", "--ruleset", path, "--data", data, "--year", "2024"],
    ]


def test_every_file_is_listed() -> None:
    files = {p.name for p in HERE.iterdir() if p.name != "expected.toml"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_refused_through_the_cli(name: str, tmp_path: Path) -> None:
    data = tmp_path / "small.json"
    data.write_text(json.dumps(SMALL_DISTRICT, ensure_ascii=False), encoding="utf-8")
    want = EXPECTED[name]
    for argv in commands(name, str(data)):
        zh = sqmy(*argv)
        assert (zh.code, zh.out) == (2, ""), (argv, zh)
        assert want["path"] in zh.err and want["zh"] in zh.err, zh.err
        assert "内部错误" not in zh.err and "Traceback" not in zh.err
        en = sqmy("--lang", "en", *argv)
        assert (en.code, en.out) == (2, ""), (argv, en)
        assert want["path"] in en.err and want["en"] in en.err, en.err
        assert en.err.startswith("error:") and not CJK.search(en.err.splitlines()[0][:12])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_refused_by_the_fuzz_targets(name: str) -> None:
    target = dataset_target if name.startswith("dataset-") else ruleset_target
    target((HERE / name).read_bytes())  # a refusal returns; a bug raises


@pytest.mark.parametrize(
    "args",
    [
        ("dataset", "check", "/dev/zero"),
        ("assess", "--ruleset", RULESET, "--data", "/dev/zero", "--year", "2024"),
    ],
    ids=["dataset-check", "assess-data"],
)
def test_a_device_as_the_dataset_is_refused_not_read_forever(args: tuple[str, ...]) -> None:
    """``/dev/zero`` never ends: only regular files are read (it used to hang)."""
    ran = sqmy(*args)
    assert ran.code == 2 and ran.out == ""
    assert "不是普通文件" in ran.err
    en = sqmy(*args, "--lang", "en")
    assert en.code == 2 and "not a regular file" in en.err
