"""Every message code has one text: two catalogue modules defining one code would let
the later one silently win (a template with other placeholders then fails to render)."""

from __future__ import annotations

import importlib
import pkgutil

import sqmy_core.i18n as i18n


def test_no_message_code_is_defined_twice_with_different_texts() -> None:
    seen: dict[str, tuple[str, object]] = {}
    clashes = []
    for info in pkgutil.iter_modules(i18n.__path__):
        module = importlib.import_module(f"sqmy_core.i18n.{info.name}")
        for table in ("MESSAGES", "NOUNS"):
            for code, text in getattr(module, table, {}).items():
                key = f"{table}:{code}"
                if key in seen and seen[key][1] != text:
                    clashes.append((code, seen[key][0], info.name))
                seen.setdefault(key, (info.name, text))
    assert not clashes, clashes
