"""Guards against a command taking effect twice: expected versions, bound keys, request ids.

Three things a caller can give a piece command, each with its own reason:

* ``expected_version`` -- the version of the piece the caller saw (the OA's
  ``If-Match``, :attr:`~sqmy_core.workflow.PieceState.version`; 0 for
  ``submit``: the piece must not exist yet).  Checked after the stream is
  read and before anything is decided; the append is then made at that very
  version, so of two clerks acting on the version they both saw exactly one
  writes and the other gets :class:`~sqmy_core.errors.ConcurrencyConflict`.
  The only guard that tells two different people apart.
* ``idempotency_key`` -- the caller's name for one request.  The store keeps
  it with the request's :func:`fingerprint`; using it again with the same
  fingerprint has no second effect, with another one it is refused
  (:class:`~sqmy_core.errors.IdempotencyKeyReused`): a key silently doing
  nothing for a different piece hid the caller's bug.
* ``request_id`` (already taken by the audit record) -- given without a key,
  the same command with the same fingerprint under the same request id has
  no second effect: the store keeps the derived key :func:`request_key`,
  so two copies of one request racing write once.  Another command in the
  same request (a second route) has another fingerprint and does happen.

The fingerprint leaves out (:data:`EXCLUDED`) what a faithful retry of the
same request may change: the caller's time (``now``, and ``at`` of
``record_penalty``, which is its ``now``), ``request_id`` (a retry may be a
new request of the OA), the key itself, and ``expected_version`` (a caller
that re-read the piece after a timeout sees its own first attempt's version
and retries with it; the request is still the same).  Everything that says
*what* is asked -- the command, the piece, the actor and every other
argument -- is in it.

Additive commands (:data:`REQUIRED`: a repeat would count points twice)
must carry at least one of the three; a state-machine command is refused a
repeat by the workflow itself and needs none.  The table is in
``docs/design.md`` §10.  Pure: no store, no clock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from attrs import frozen

from sqmy_core.errors import (
    ConcurrencyConflict,
    ConfigurationError,
    GuardRequired,
    IdempotencyKeyReused,
    Problem,
)
from sqmy_core.storage import AppendResult

__all__ = [
    "EXCLUDED",
    "REQUEST_KEY_PREFIX",
    "REQUIRED",
    "Guard",
    "check_expected",
    "check_recalled",
    "fingerprint",
    "guard",
    "request_key",
]

EXCLUDED: Final = frozenset({"now", "at", "request_id", "idempotency_key", "expected_version"})
"""Arguments a faithful retry of one request may change: not part of its fingerprint."""

REQUIRED: Final = frozenset(
    {"dispatch", "record_adoption", "record_instruction", "record_handling", "record_penalty"}
)
"""Piece commands a repeat of which would count twice: refused without any guard."""

REQUEST_KEY_PREFIX: Final = "sqmy.request."
"""Keys derived from a request id (never a caller's own key: the prefix is reserved)."""


@frozen
class Guard:
    """What one call guards itself with: the key its append carries (the caller's or one
    derived from its request id, or None), the request's fingerprint, the version seen."""

    key: str | None
    fingerprint: str
    expected_version: int | None = None


def fingerprint(command: str, args: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``command`` and ``args`` minus :data:`EXCLUDED`.

    Canonical: keys sorted, no spaces, Chinese as text, sequences as lists,
    times as ISO text, exact numbers as their text -- so equal requests give
    equal fingerprints on every backend and in every process.
    """
    doc = {
        "command": command,
        "args": {k: _canonical(v) for k, v in args.items() if k not in EXCLUDED},
    }
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def request_key(request_id: str, fingerprint_: str) -> str:
    """The key of one command within one request: fixed length, whatever the request id."""
    digest = hashlib.sha256(f"{request_id}\n{fingerprint_}".encode()).hexdigest()
    return REQUEST_KEY_PREFIX + digest[:40]


def guard(
    command: str,
    args: Mapping[str, Any],
    *,
    idempotency_key: str | None,
    request_id: str | None,
    expected_version: int | None,
) -> Guard:
    """The guard of one call, or :class:`GuardRequired` when an additive command has none."""
    if expected_version is not None and (
        isinstance(expected_version, bool)
        or not isinstance(expected_version, int)
        or expected_version < 0
    ):
        raise ConfigurationError(
            [Problem("expected_version", "expected_version_bad", {"found": repr(expected_version)})]
        )
    if (
        command in REQUIRED
        and expected_version is None
        and idempotency_key is None
        and request_id is None
    ):
        raise GuardRequired([Problem("", "guard_required", {"command": command})])
    fp = fingerprint(command, args)
    key = idempotency_key
    if key is None and request_id is not None:
        key = request_key(str(request_id), fp)
    return Guard(key, fp, expected_version)


def check_expected(piece_id: str, expected: int | None, found: int) -> None:
    """Refuse (:class:`ConcurrencyConflict`) when the caller saw another version of the piece
    than the one it has now (``found``; 0: it does not exist)."""
    if expected is not None and expected != found:
        params = {"piece": repr(piece_id), "expected": expected, "found": found}
        raise ConcurrencyConflict([Problem("", "expected_version_stale", params)])


def check_recalled(guard_: Guard, earlier: AppendResult) -> None:
    """A used key is a repeat only for the request it was first used with.

    A key kept without a fingerprint (written before they were kept, or
    restored from such a backup) is honoured as it always was: any repeat
    has no second effect.
    """
    if earlier.fingerprint is not None and earlier.fingerprint != guard_.fingerprint:
        raise IdempotencyKeyReused(
            [Problem("idempotency_key", "idempotency_key_reused", {"key": repr(guard_.key)})]
        )


def _canonical(value: Any) -> Any:
    """A JSON value that is equal exactly when the arguments are."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Fraction | Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, Sequence):
        return [_canonical(v) for v in value]
    # anything else is refused by the command's own checks once decided; until then it is
    # told apart by its type and text (the Workspace passes iterables as tuples)
    return f"<{type(value).__name__}>{value!r}"
