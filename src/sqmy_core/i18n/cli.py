"""Messages of the cli area (code -> zh/en templates)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {}
