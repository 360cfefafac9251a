"""A store whose kept JSON was changed behind its back is a store failing, told as such."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import sqmy

DAMAGES = {
    "registry-control-character": (
        "UPDATE registry SET record = replace(record, '\"name\":\"', '\"name\":\"x' || char(30))"
        " WHERE seq = (SELECT min(seq) FROM registry WHERE kind = 'person')"
    ),
    "registry-not-an-object": (
        "UPDATE registry SET record = '[1]'"
        " WHERE seq = (SELECT min(seq) FROM registry WHERE kind = 'unit')"
    ),
    "event-data-cut": "UPDATE events SET data = '{\"title\":' WHERE position = 1",
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize(
    "command",
    [("export", "--output", "-"), ("assess", "--year", "2024", "--format", "json")],
    ids=["export", "assess"],
)
def test_damaged_json_is_a_clear_error_and_exit_2(
    workspace: Path, damage: str, command: tuple[str, ...]
) -> None:
    with sqlite3.connect(workspace) as conn:
        conn.execute(DAMAGES[damage])
    ran = sqmy(*command, "--db", str(workspace))
    assert ran.code == 2, ran.err
    assert "工作库中保存的数据已损坏" in ran.err and "sqmy audit verify" in ran.err
    en = sqmy(*command, "--db", str(workspace), "--lang", "en")
    assert en.code == 2 and "data kept in the store is damaged" in en.err
