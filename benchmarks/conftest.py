from __future__ import annotations

from pathlib import Path

RULESETS = Path(__file__).resolve().parents[1] / "rulesets"
