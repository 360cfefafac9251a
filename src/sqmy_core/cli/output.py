"""Writing the files the command line is told to write (``export -o``, ``ruleset init``, templates).

The bytes go to a temporary file beside the target, which then replaces the
target in one step: a write that fails (no space, no permission) leaves the
old file, or no file, and never half a file.
"""

from __future__ import annotations

from pathlib import Path

from sqmy_core.reports.writers.target import write_whole


def write_text(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` whole, or refuse and leave it as it was."""
    write_whole(target, text.encode("utf-8"))


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole (an ``.xlsx``), or refuse and leave it as it was."""
    write_whole(target, data)
