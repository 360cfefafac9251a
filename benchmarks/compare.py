"""Field-by-field comparison of two ``sqmy-assessment/1`` documents.

The benchmark only times the polars baseline once it has written exactly
what ``sqmy assess`` writes; this names each difference by its path
(``people[12].points: 31.4 != 31.5``) so a mismatch is easy to chase.
"""

from __future__ import annotations

from typing import Any


def differences(left: Any, right: Any, path: str = "", limit: int = 20) -> list[str]:
    """Up to ``limit`` differences between two JSON values, each ``path: left != right``.

    Lists of people and units are compared position by position (their order
    is part of the contract: by rank, then id); a length difference is named once.
    """
    out: list[str] = []
    _walk(left, right, path or "$", out, limit)
    return out


def _walk(a: Any, b: Any, path: str, out: list[str], limit: int) -> None:
    if len(out) >= limit:
        return
    if type(a) is not type(b):
        out.append(f"{path}: {a!r} != {b!r} ({type(a).__name__} vs {type(b).__name__})")
    elif isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in the {'right' if key not in a else 'left'}")
            else:
                _walk(a[key], b[key], f"{path}.{key}", out, limit)
            if len(out) >= limit:
                return
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items != {len(b)} items")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _walk(x, y, f"{path}[{i}]", out, limit)
            if len(out) >= limit:
                return
    elif a != b:
        out.append(f"{path}: {a!r} != {b!r}")
