"""Cursor pages over any list kept in a fixed order (records by id, events by position, ranks).

A cursor is the sort key of the last item shown, as JSON in base64url
(:func:`sqmy_core.service.queries.encode_cursor`): the next page is the
items after that key, so an item added or removed meanwhile neither repeats
nor hides another.  A cursor this service did not make is refused (400).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query

from sqmy_core.errors import Problem, RequestError
from sqmy_core.service.queries import MAX_PAGE, decode_cursor, encode_cursor

Cursor = Annotated[str | None, Query(max_length=400)]
"""The ``cursor`` query parameter of every list: the ``next_cursor`` its last page gave."""
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
"""The ``limit`` query parameter of every list: how many items a page holds at most."""

T = TypeVar("T")
Key = tuple[Any, ...]


def keyed_page(
    items: Sequence[T],
    key: Callable[[T], Key],
    cursor: str | None,
    limit: int,
) -> tuple[list[T], str | None]:
    """The items after ``cursor`` (at most ``limit``), sorted by ``key``; the next cursor."""
    ordered = sorted(items, key=key)
    if cursor is not None:
        after = _key_of(cursor)
        try:
            ordered = [i for i in ordered if key(i) > after]
        except TypeError:  # a key of another list's shape
            raise _bad(cursor) from None
    shown = ordered[:limit]
    more = len(ordered) > limit
    return shown, (encode_cursor(json.dumps(list(key(shown[-1])), ensure_ascii=False))
                   if more else None)


def _key_of(cursor: str) -> Key:
    text = decode_cursor(cursor)
    try:
        value = json.loads(text)
    except ValueError:
        raise _bad(cursor) from None
    if not isinstance(value, list):
        raise _bad(cursor)
    return tuple(value)


def _bad(cursor: str) -> RequestError:
    return RequestError([Problem("cursor", "service.bad_cursor", {"found": repr(cursor[:40])})])


__all__ = ["Cursor", "Limit", "keyed_page"]
