"""Load a ruleset: TOML text -> ``extends`` resolved -> strict structure -> checked.

File reading happens only in :func:`load_ruleset` (and for ``extends``);
:func:`parse_ruleset` works on text and a resolver, so tests and embedders can
load rulesets from anywhere.  A bad ruleset raises :class:`RulesetError`
listing every problem with its key path; nothing is returned half-built.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from attrs import evolve

from sqmy_core.errors import PluginError, Problem, RulesetError
from sqmy_core.rules.check import check_ruleset
from sqmy_core.rules.convert import make_converter, problems_from
from sqmy_core.rules.kinds import NO_EXTENSIONS, Extensions
from sqmy_core.rules.spec import FORMATS, Ruleset

FORMAT = "sqmy-ruleset/2"
"""The format `sqmy ruleset init` writes; `sqmy-ruleset/1` documents still load (a subset)."""

_CONVERTER = make_converter()

Resolver = Callable[[str, str], tuple[str, str]]
"""``resolver(name, from_source) -> (source, text)``: finds the file an ``extends`` names."""


def converter() -> Any:
    """The strict converter (for ``ruleset show`` and tests)."""
    return _CONVERTER


MAX_BYTES = 1 << 20
"""The largest ruleset file (1 MiB; the bundled ones are about 10 KiB)."""
MAX_DEPTH = 16
"""Tables and arrays nested deeper than this mean nothing in a ruleset (the deepest key is ~6)."""
MAX_EXTENDS = 10
"""The longest ``extends`` chain."""


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    if len(text) > MAX_BYTES:
        raise RulesetError.one("", "file_too_large", source, limit=MAX_BYTES, found=len(text))
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError.one("", "toml_syntax", source, reason=str(exc)) from None
    except RecursionError:
        raise RulesetError.one("", "too_deep", source, limit=MAX_DEPTH) from None
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits (int_max_str_digits).
        raise RulesetError.one("", "toml_number_too_large", source) from None
    path = _too_deep(doc)
    if path is not None:
        raise RulesetError.one(path, "too_deep", source, limit=MAX_DEPTH)
    return doc


def _too_deep(doc: dict[str, Any]) -> str | None:
    """The key path of the first value nested deeper than :data:`MAX_DEPTH` (no recursion)."""
    stack: list[tuple[str, object, int]] = [("", doc, 0)]
    while stack:
        path, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return path
        if isinstance(value, dict):
            stack += [(f"{path}.{k}" if path else str(k), v, depth + 1) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(f"{path}[{i}]", v, depth + 1) for i, v in enumerate(value)]
    return None


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Merge an ``extends`` parent with its child.

    Tables merge key by key; arrays of tables whose items all have an ``id``
    merge by ``id`` (a child item with a known id updates it, a new id is
    appended); anything else in the child replaces the parent's value.
    """
    out = dict(base)
    for key, value in override.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            out[key] = merge(old, value)
        elif _tables_with_ids(old) and _tables_with_ids(value):
            assert isinstance(old, list)
            items = [dict(item) for item in old]
            index = {item["id"]: i for i, item in enumerate(items)}
            for item in value:
                if item["id"] in index:
                    items[index[item["id"]]] = merge(items[index[item["id"]]], item)
                else:
                    index[item["id"]] = len(items)
                    items.append(dict(item))
            out[key] = items
        else:
            out[key] = value
    return out


def _tables_with_ids(value: object) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(i, dict) and isinstance(i.get("id"), str) for i in value)
    )


def resolve_document(source: str, text: str, resolver: Resolver) -> dict[str, Any]:
    """The document after following ``extends`` (cycles refused), ``extends`` kept."""
    chain: list[str] = []
    seen: set[str] = set()

    def load(src: str, txt: str) -> dict[str, Any]:
        key = os.path.realpath(src)
        if key in seen:
            raise RulesetError.one(
                "extends", "extends_cycle", source, found=" -> ".join([*chain, src])
            )
        if len(chain) > MAX_EXTENDS:
            raise RulesetError.one(
                "extends", "extends_too_deep", source, limit=MAX_EXTENDS, found=len(chain)
            )
        chain.append(src)
        seen.add(key)
        doc = _parse_toml(txt, src)
        parent_name = doc.get("extends")
        if parent_name is None:
            return doc
        if not isinstance(parent_name, str):
            raise RulesetError.one(
                "extends", "wrong_type", src, expected="string", found=repr(parent_name)
            )
        try:
            parent_src, parent_text = resolver(parent_name, src)
        except OSError as exc:
            raise RulesetError.one(
                "extends", "extends_missing", src, found=repr(parent_name), reason=str(exc)
            ) from None
        parent = load(parent_src, parent_text)
        merged = merge(parent, doc)
        merged["extends"] = parent_name
        return merged

    return load(source, text)


ExtensionsFor = Callable[[tuple[str, ...]], Extensions]
"""``extensions_for(plugin_names) -> Extensions``: loads the plugins a ruleset names."""


def structure(
    doc: Mapping[str, Any], source: str | None, extensions_for: ExtensionsFor | None = None
) -> Ruleset:
    """Strictly structure a resolved document and run the whole-ruleset checks."""
    fmt = doc.get("format")
    if fmt not in FORMATS:
        raise RulesetError(
            [Problem("format", "ruleset_format", {"expected_format": FORMAT, "found": repr(fmt)})],
            source,
        )
    for attached in ("rule_kinds", "step_kinds"):
        if attached in doc:
            raise RulesetError(
                [Problem(attached, "unknown_key", {"key": attached, "allowed": "..."})], source
            )
    try:
        ruleset: Ruleset = _CONVERTER.structure(dict(doc), Ruleset)
    except Exception as exc:
        raise RulesetError(list(problems_from(exc)), source) from None
    extensions = NO_EXTENSIONS
    if ruleset.plugins:
        if extensions_for is None:
            raise RulesetError.one(
                "plugins", "needs_plugins", source, found=", ".join(ruleset.plugins)
            )
        try:
            extensions = extensions_for(ruleset.plugins)
        except RulesetError as exc:
            raise RulesetError(exc.problems, source) from None
        except PluginError as exc:
            raise PluginError(exc.problems, source) from None
        ruleset = evolve(
            ruleset, rule_kinds=dict(extensions.kinds), step_kinds=dict(extensions.steps)
        )
    found = check_ruleset(ruleset)
    if not found:
        for validate in extensions.validators:
            found += validate(ruleset)
    if found:
        raise RulesetError(found, source)
    return ruleset


def file_resolver(name: str, from_source: str) -> tuple[str, str]:
    """Resolve ``extends`` relative to the file that names it."""
    path = (Path(from_source).parent / name).resolve()
    if path.exists() and not path.is_file():  # a folder, /dev/zero, a pipe: it may never end
        raise RulesetError.one("extends", "extends_not_file", from_source, found=repr(name))
    return str(path), _read_capped(path)


def _read_capped(path: Path) -> str:
    """A file's UTF-8 text, reading at most :data:`MAX_BYTES` + 1 bytes (``/dev/zero`` ends)."""
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise RulesetError.one(
            "", "file_too_large", str(path), limit=MAX_BYTES, found=f">{MAX_BYTES}"
        )
    try:
        return _strip_bom(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise RulesetError.one("", "bad_utf8", str(path)) from None


def _strip_bom(text: str) -> str:
    """Windows Notepad saves UTF-8 with a BOM; TOML does not allow one, so it is dropped."""
    return text.removeprefix("\ufeff")


def parse_ruleset(
    text: str,
    source: str = "<ruleset>",
    resolver: Resolver = file_resolver,
    extensions_for: ExtensionsFor | None = None,
) -> Ruleset:
    """Parse ruleset text (``extends`` found through ``resolver``, plugins through
    ``extensions_for``; see :func:`sqmy_core.plugins.ruleset_extensions`)."""
    return structure(resolve_document(source, text, resolver), source, extensions_for)


def read_text(path: str | Path) -> str:
    """Read a ruleset file as UTF-8, turning OS and decoding errors into RulesetError."""
    try:
        return _read_capped(Path(path))
    except OSError as exc:
        raise RulesetError.one(
            "", "read_failed", str(path), reason=exc.strerror or str(exc)
        ) from None


def load_ruleset(path: str | Path, extensions_for: ExtensionsFor | None = None) -> Ruleset:
    """Load, resolve and check a ruleset file (one that names plugins needs ``extensions_for``)."""
    return parse_ruleset(read_text(path), str(path), extensions_for=extensions_for)


def unstructure(ruleset: Ruleset) -> dict[str, Any]:
    """A plain document of a resolved ruleset (``None`` values left out, for TOML)."""
    raw = _CONVERTER.unstructure(ruleset)
    cleaned = _drop_none(raw)
    assert isinstance(cleaned, dict)
    cleaned.pop("extends", None)
    cleaned.pop("rule_kinds", None)
    cleaned.pop("step_kinds", None)
    return cleaned


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_drop_none(v) for v in value]
    return value
