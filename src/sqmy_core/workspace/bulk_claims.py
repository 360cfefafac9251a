"""The audit claim of a bulk import, made from the columns it stores instead of read back.

:func:`~sqmy_core.workspace.audit_claims.import_claim` reads every row an
import stored back out of the store and hashes it
(:func:`~sqmy_core.storage.audit.event_item`, ``history_item``): at national
size that is millions of rows decoded into Python objects, their JSON parsed
and re-encoded -- more than the import itself.  The bulk import has those
rows as columns already.  This module writes each row's item text -- the
canonical JSON ``event_item`` and ``history_item`` hash (sorted keys, no
white space, Chinese as text) -- as a polars expression, and only the SHA-256
of each text is taken in Python.  The store keeps the row texts verbatim, so
the claim is the one a read-back gives; the tests check that it is, byte for
byte, on data with quotes, back-slashes, control characters and every
offset form.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

from sqmy_core.storage.audit import Digest

if TYPE_CHECKING:
    import polars as pl

__all__ = ["add_items", "item_text", "stored_claim"]

_MOD: Final = 1 << 256
"""A :class:`~sqmy_core.storage.audit.Digest` sums its items modulo 2**256."""


def item_text(
    head: Sequence[tuple[str, pl.Expr]],
    nested: tuple[str, pl.Expr],
    tail: Sequence[tuple[str, pl.Expr]],
) -> pl.Expr:
    """The canonical JSON of an object whose keys sort as ``head``, ``nested``, ``tail``.

    ``nested`` is a key and the canonical JSON text of its (object) value; the
    keys of ``head`` and ``tail`` are scalars or string lists polars encodes
    itself, as Python's ``json.dumps(..., ensure_ascii=False)`` does.
    """
    import polars as pl

    key, value = nested
    parts: list[pl.Expr] = []
    if head:
        parts += [pl.struct([v.alias(k) for k, v in head]).struct.json_encode().str.head(-1)]
        parts += [pl.lit(f',"{key}":')]
    else:
        parts += [pl.lit(f'{{"{key}":')]
    parts += [value]
    if tail:
        parts += [pl.lit(","), pl.struct([v.alias(k) for k, v in tail]).struct.json_encode()]
        parts[-1] = parts[-1].str.slice(1)
    else:
        parts += [pl.lit("}")]
    return pl.concat_str(parts)


def add_items(digest: Digest, texts: Iterable[bytes]) -> None:
    """Add each UTF-8 item text's SHA-256 to ``digest`` (as ``Digest.add`` of ``_item``)."""
    sha, number = hashlib.sha256, int.from_bytes
    total = count = 0
    for text in texts:
        total += number(sha(text).digest(), "big")
        count += 1
    digest.count += count
    digest.total = (digest.total + total) % _MOD


def stored_claim(
    streams_before: int, streams: int, events: Digest, history_before: int, history: Digest
) -> dict[str, Any]:
    """The ``stored`` claim :func:`~sqmy_core.workspace.audit_claims.import_claim` would read
    back: the ``streams`` started after the first ``streams_before`` with their events'
    digest, and the registry history entries after ``history_before``."""
    claim: dict[str, Any] = {}
    if history.count:
        first = history_before + 1
        last = history_before + history.count
        claim["history"] = {"first": first, "last": last, "sha256": history.hex()}
    if streams:
        claim["streams"] = {
            "first": streams_before + 1,
            "last": streams_before + streams,
            "events": events.count,
            "sha256": events.hex(),
        }
    return claim
