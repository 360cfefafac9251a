"""The code in docs/embedding.md runs as written (in a scratch directory)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_embedding_guide_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    text = (REPO / "docs" / "embedding.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 5
    shutil.copytree(REPO / "rulesets", tmp_path / "rulesets")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile("\n".join(blocks), "docs/embedding.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert "文字关" in out and "reviewer_initial" in out
    assert "-5/2" in out and "proposal 1.1" in out  # 4a: the 1.1 records
