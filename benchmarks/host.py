"""What a measured run was made on: the machine's CPU, memory, platform and Python.

``make bench`` and ``make trust`` both print it beside their figures, so the
reading lives here once (Linux's /proc; elsewhere the platform's own names and
no memory figure).
"""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any


def host() -> dict[str, Any]:
    """CPU model and count, memory in bytes (0 when unknown), platform and Python version."""
    model, memory = platform.processor() or platform.machine(), 0
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {
        "cpu_model": model,
        "cpu_count": os.cpu_count(),
        "memory_bytes": memory,
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
