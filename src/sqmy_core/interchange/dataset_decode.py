"""A dataset file's bytes to JSON values, refusing what JSON or the contract's limits forbid.

Pure: bytes in, JSON values out.  Beyond the JSON grammar this refuses
duplicate keys, ``NaN`` / ``Infinity``, lone surrogates (``"\\ud800"`` decodes
to one in Python, and no store can keep it) and nesting too deep to decode.
Numbers are decoded exactly (:class:`~decimal.Decimal` for fractions and long
integers), so that no binary float ever reaches a point value.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, Final

from sqmy_core.errors import DatasetError, Problem
from sqmy_core.interchange.dataset_common import SURROGATE, Problems, safe_key
from sqmy_core.interchange.dataset_spec import MAX_DEPTH, MAX_PROBLEMS

__all__ = ["decode_dataset_bytes"]


class _DuplicateKeyError(Exception):
    pass


def _strict_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) != len(pairs):
        raise _DuplicateKeyError
    return d


class _MarkedDict(dict[str, Any]):
    """A decoded object that remembers the keys it had more than once."""

    duplicates: list[str]


def _marking_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = _MarkedDict(pairs)
    if len(d) != len(pairs):
        seen: set[str] = set()
        dups: list[str] = []
        for k, _ in pairs:
            if k in seen and k not in dups:
                dups.append(k)
            seen.add(k)
        d.duplicates = dups
    return d


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _int(text: str) -> int | Decimal:
    # Long integers would hit Python's 4,300-digit conversion limit (ValueError):
    # keep them as Decimal; the parser refuses any number that large anyway.
    return int(text) if len(text) <= 18 else Decimal(text)


def _loads(text: str, hook: Any) -> object:
    return json.loads(
        text,
        object_pairs_hook=hook,
        parse_constant=_no_constant,
        parse_float=Decimal,
        parse_int=_int,
    )


def _walk(root: object) -> list[tuple[str, Any]]:
    """Every (path, container) of a decoded document, depth first, iteratively."""
    out: list[tuple[str, Any]] = []
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            out.append((path, value))
            children = [
                (f"{path}.{safe_key(k)}" if path else safe_key(k), v) for k, v in value.items()
            ]
        elif isinstance(value, list):
            out.append((path, value))
            children = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
        else:
            continue
        stack.extend(reversed(children))
    return out


def _duplicate_key_problems(text: str, p: Problems) -> None:
    """Second, slow pass over a document known to repeat a key: find where."""
    root = _loads(text, _marking_pairs)
    for path, value in _walk(root):
        if isinstance(value, dict):
            for key in getattr(value, "duplicates", ()):
                p.add(path, "duplicate_key", key=safe_key(key))


_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")


def _surrogate_problems(root: object, p: Problems) -> None:
    """Every key or string value holding a lone surrogate, with its path."""
    for path, value in _walk(root):
        if isinstance(value, dict):
            for k, v in value.items():
                if SURROGATE.search(k):
                    p.add(path, "lone_surrogate_key", key=safe_key(k))
                if type(v) is str and SURROGATE.search(v):
                    p.add(f"{path}.{safe_key(k)}" if path else safe_key(k), "lone_surrogate")
        else:
            for j, v in enumerate(value):
                if type(v) is str and SURROGATE.search(v):
                    p.add(f"{path}[{j}]", "lone_surrogate")


_TOKEN: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]')


def _too_deep_path(text: str) -> str:
    """The path of the first container nested deeper than :data:`MAX_DEPTH`.

    Only called on a document too deep for the JSON decoder, so it may be slow;
    it stops at the first container too deep, so it reads little of it.
    """
    stack: list[list[Any]] = []  # [is_object, current key or index, expecting a key]
    for m in _TOKEN.finditer(text):
        tok = m.group()
        c = tok[0]
        if c in "[{":
            if len(stack) >= MAX_DEPTH:
                break
            if stack and stack[-1][0]:
                stack[-1][2] = False
            stack.append([c == "{", None if c == "{" else 0, c == "{"])
        elif c in "]}":
            if stack:
                stack.pop()
        elif c == ",":
            if stack:
                top = stack[-1]
                if top[0]:
                    top[2] = True
                else:
                    top[1] += 1
        elif c == '"' and stack and stack[-1][0] and stack[-1][2]:
            try:
                stack[-1][1] = json.loads(tok)
            except ValueError:
                stack[-1][1] = tok[1:-1]
            stack[-1][2] = False
    path = ""
    for is_object, where, _ in stack:
        if is_object:
            key = safe_key(str(where))
            path = f"{path}.{key}" if path else key
        else:
            path = f"{path}[{where}]"
    return path


def decode_dataset_bytes(data: bytes, *, source: str | None = None) -> object:
    """Decode a dataset file's bytes (UTF-8 JSON) into JSON values; no validation.

    A leading UTF-8 byte order mark is ignored.  Raises
    :class:`~sqmy_core.errors.DatasetError` with ``bad_utf8`` or ``bad_json``
    (path ``LINE:COLUMN``, params ``line``, ``column`` and, for JSON,
    ``reason``); ``duplicate_key`` for every object that repeats a key (path of
    the object, param ``key``); ``too_deep`` (path of the first container
    deeper than the contract's shape) for a document too deeply nested to
    decode; ``lone_surrogate`` / ``lone_surrogate_key`` for strings that are
    not valid Unicode.  ``NaN`` and ``Infinity`` are refused.  Fractions and
    long integers decode as :class:`~decimal.Decimal`.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise DatasetError(
            [Problem(f"{line}:{column}", "bad_utf8", {"line": line, "column": column})], source
        ) from None
    try:
        doc = _loads(text, _strict_pairs)
    except _DuplicateKeyError:
        p = Problems(MAX_PROBLEMS)
        try:
            _duplicate_key_problems(text, p)
        except (ValueError, RecursionError) as e:  # a syntax error after the duplicate
            raise _refusal(e, text, source) from None
        raise DatasetError(p.result(), source) from None
    except (ValueError, RecursionError) as e:
        raise _refusal(e, text, source) from None
    if _SURROGATE_ESCAPE.search(text):
        p = Problems(MAX_PROBLEMS)
        _surrogate_problems(doc, p)
        if p.total:
            raise DatasetError(p.result(), source)
    return doc


def _refusal(e: Exception, text: str, source: str | None) -> DatasetError:
    if isinstance(e, json.JSONDecodeError):
        # reason: the decoder's English text; reason_noun: the same, translated where known
        params = {"reason": e.msg, "reason_noun": e.msg, "line": e.lineno, "column": e.colno}
        return DatasetError([Problem(f"{e.lineno}:{e.colno}", "bad_json", params)], source)
    if isinstance(e, RecursionError):
        path = _too_deep_path(text)
        return DatasetError([Problem(path, "too_deep", {"limit": MAX_DEPTH})], source)
    # NaN / Infinity
    return DatasetError(
        [
            Problem(
                "",
                "bad_json",
                {"reason": str(e), "reason_noun": "json_constant", "line": None, "column": None},
            )
        ],
        source,
    )
