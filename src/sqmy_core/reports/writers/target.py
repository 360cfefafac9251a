"""A report file written whole or not at all.

The bytes go to a temporary file beside the target, which then replaces the
target in one step: a write that fails (no space, no permission) leaves the
old file, or no file, and never half a workbook.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqmy_core.errors import Problem, SqmyError


def _file_mode() -> int:
    """The mode a plainly created file gets (mkstemp's is private to the owner)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_whole(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole, or refuse and leave it as it was."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        reason = exc.strerror or f"[Errno {exc.errno}] ?"
        raise SqmyError([Problem("", "write_failed", {"reason": reason})], str(target)) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


__all__ = ["write_whole"]
