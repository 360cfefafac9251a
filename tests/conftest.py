"""Shared fixtures: the repository's rulesets and a small district dataset file."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sqmy_core.cli.main import cli

REPO = Path(__file__).resolve().parents[1]
RULESETS = REPO / "rulesets"


def staff_of(doc: dict[str, Any]) -> str:
    """The first staff member of a dataset document: who imports it (an import is staff's act)."""
    return next(p["id"] for p in doc["people"] if "staff" in p["roles"])


@pytest.fixture
def rulesets_dir() -> Path:
    return RULESETS


def run_demo(argv: Sequence[str]) -> int:
    """``sqmy demo ARGV``; its output is passed on to this process's streams (for capsys)."""
    result = CliRunner().invoke(cli, ["demo", *argv])
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.exit_code


SMALL_DISTRICT = {
    "format": "sqmy-dataset/1",
    "units": [
        {"id": "sec-econ", "name": "经济界", "kind": "sector", "parent": None},
        {"id": "sec-agri", "name": "农业界", "kind": "sector", "parent": None},
    ],
    "people": [
        {"id": "p001", "name": "张三", "roles": ["member"], "units": ["sec-econ"]},
        {"id": "p002", "name": "李四", "roles": ["member"], "units": ["sec-econ"]},
        {"id": "p003", "name": "王五", "roles": ["special_officer"], "units": ["sec-agri"]},
        {"id": "r1", "name": "赵审", "roles": ["reviewer_initial"], "units": []},
        {"id": "s1", "name": "钱办", "roles": ["staff"], "units": []},
    ],
    "calls": [
        {"id": "c1", "title": "乡村振兴专题约稿", "kind": "commission",
         "assignees": ["p001"], "due": "2024-04-30T24:00:00+08:00"}
    ],
    "pieces": [
        {"id": "2024-001", "title": "关于加快老旧小区改造的建议", "authors": ["p001", "p002"],
         "unit": "sec-econ", "submitted_at": "2024-03-01T09:00:00+08:00",
         "topic": "城乡建设", "call": "c1"},
        {"id": "2024-002", "title": "关于农村寄递物流的建议", "authors": ["p003"],
         "unit": "sec-agri", "submitted_at": "2024-05-01T09:00:00+08:00"},
    ],
    "events": [
        {"piece": "2024-001", "type": "approved", "at": "2024-03-05T10:00:00+08:00"},
        {"piece": "2024-001", "type": "dispatched", "at": "2024-03-08T10:00:01+08:00",
         "route": "direct", "to": "cppcc-city"},
        {"piece": "2024-001", "type": "adopted", "at": "2024-04-02T15:00:00+08:00",
         "body": "cppcc-city"},
        {"piece": "2024-001", "type": "instructed", "at": "2024-04-10T15:00:00+08:00",
         "level": "city", "rank": "principal"},
        {"piece": "2024-001", "type": "handled", "at": "2024-06-01T15:00:00+08:00",
         "department": "区住建局", "outcome": "implemented"},
        {"piece": "2024-002", "type": "approved", "at": "2024-05-03T10:00:00+08:00"},
        {"piece": "2024-002", "type": "dispatched", "at": "2024-05-04T10:00:00+08:00",
         "route": "reference"},
    ],
}


@pytest.fixture
def small_district(tmp_path: Path) -> Path:
    """A hand-made district dataset; its numbers are worked out in the CLI tests."""
    path = tmp_path / "district.json"
    path.write_text(json.dumps(SMALL_DISTRICT, ensure_ascii=False), encoding="utf-8")
    return path
