from __future__ import annotations

import os
from pathlib import Path

import pytest

RULESETS = Path(__file__).resolve().parents[1] / "rulesets"

_FIGURES: list[tuple[str, float, float | None]] = []


def report(name: str, median_s: float, target_s: float | None) -> None:
    """Keep a median wall time, printed with its target at the end of ``make bench``."""
    _FIGURES.append((name, median_s, target_s))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _FIGURES:
        return
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    terminalreporter.section("figures against targets (median wall time, start-up included)")
    for name, median_s, target_s in _FIGURES:
        if target_s is None:
            terminalreporter.write_line(f"{name:<40} {median_s:7.3f} s")
        else:
            verdict = "met" if median_s <= target_s else "MISSED"
            terminalreporter.write_line(
                f"{name:<40} {median_s:7.3f} s   target <= {target_s:.1f} s   {verdict}"
            )
    terminalreporter.write_line(f"(load average at the end: {load:.2f}, {os.cpu_count()} CPUs)")
