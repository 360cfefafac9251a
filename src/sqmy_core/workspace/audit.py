"""Every Workspace command leaves one audit record, refused ones included: :func:`command`.

One decorator wraps every command method, so no command can forget its
record and none writes it its own way.  It names the command's ``action``
and ``object`` and takes the actor, the caller's time and the request id
from the call's own arguments; then:

* a command that stores something calls :meth:`Audited._audit_commit`
  inside the very transaction of its write, with a digest of what it
  stored (:mod:`sqmy_core.workspace.audit_claims`): the record commits or
  rolls back with the write;
* a command that stores nothing because it already happened (an
  idempotency key used before, the same adjustment recorded again) gets a
  record with outcome ``repeated``, in a transaction of its own;
* a refused command (any :class:`~sqmy_core.errors.SqmyError`: a workflow
  refusal, a limits refusal, a :class:`~sqmy_core.errors.ConcurrencyConflict`)
  has its own writes rolled back first, then gets a record with the
  refusal's code as outcome -- the only thing it leaves -- and the error
  goes on to the caller.  An exception that is not a refusal (a bug) is
  not recorded.

A command called by another (``convert_clue`` runs ``submit``) is part of
the outer one: one record.  The frame of the command being run belongs to
the calling thread.  Reads write nothing, except where reading itself must
be on record (a clue's contact): such a read calls :func:`record_read`.

A command that came through the HTTP service carries what it came through
(the API credential's id and name, or the verified token's issuer and
subject; never the token): the service sets :data:`VIA` for the request and
every record written in that context says it as ``detail.via``.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from datetime import datetime
from typing import Any, TypeVar, cast

from attrs import define

from sqmy_core.errors import SqmyError
from sqmy_core.storage import AuditEntry, AuditRecord, EventStore
from sqmy_core.storage.audit import OK, REPEATED

F = TypeVar("F", bound=Callable[..., Any])

KEPT_TEXT = 500
"""The longest actor, object or request id a record keeps (a longer one is cut)."""

ACTOR_PARAMS = ("actor", "approved_by")
"""The arguments that name who acts, the first one given counting."""
TIME_PARAMS = ("now", "at")
"""The arguments that carry the caller's time, the first one given counting."""

VIA: ContextVar[Mapping[str, Any] | None] = ContextVar("sqmy_audit_via", default=None)
"""What the commands run in this context came through (the service's credential), or None.

A context variable, not an argument: the service authenticates a request
before any endpoint opens a workspace, and every command of that request --
whichever router runs it -- must name the same credential.  Each request
runs in a context of its own, so one request's value never reaches another.
"""


@define
class Frame:
    """The command being run in this thread: what its record will say, and whether it was written."""

    action: str
    object: str
    actor: str | None
    at: datetime | None
    request_id: str | None
    written: bool = False
    via: Mapping[str, Any] | None = None

    def entry(
        self, outcome: str, stored: Mapping[str, Any], detail: Mapping[str, Any]
    ) -> AuditEntry:
        if self.via is not None:
            detail = {**detail, "via": dict(self.via)}
        return AuditEntry(
            action=self.action,
            object=self.object,
            outcome=outcome,
            actor=self.actor,
            at=self.at,
            request_id=self.request_id,
            stored=stored,
            detail=detail,
        )


class _Frames(threading.local):
    current: Frame | None = None


class Audited:
    """The audit half of the Workspace: the current command's frame and its one commit."""

    store: EventStore

    @property
    def _audit_frames(self) -> _Frames:
        frames: _Frames | None = self.__dict__.get("_frames")
        if frames is None:
            frames = self.__dict__.setdefault("_frames", _Frames())
        return frames

    def _audit_commit(self, stored: Mapping[str, Any]) -> AuditRecord:
        """Record the running command as done, with what it ``stored``; call inside its write's
        transaction so the record shares the write's fate."""
        frame = self._audit_frames.current
        if frame is None:  # a write outside any command: a bug in the Workspace itself
            raise RuntimeError("a Workspace write outside an audited command")
        if frame.written:
            raise RuntimeError(f"{frame.action} recorded twice")
        record = self.store.append_audit(frame.entry(OK, stored, {}))
        frame.written = True
        return record


def command(action: str, object_: str) -> Callable[[F], F]:
    """Make a Workspace method an audited command.

    ``action`` names it in the record; ``object_`` is a :meth:`str.format`
    template over the method's arguments (``"piece:{piece_id}"``,
    ``"person:{person.id}"``).
    """

    def wrap(method: F) -> F:
        signature = inspect.signature(method)
        names = list(signature.parameters)
        defaults = {
            n: p.default for n, p in signature.parameters.items() if p.default is not p.empty
        }

        @functools.wraps(method)
        def run(self: Audited, *args: Any, **kwargs: Any) -> Any:
            frames = self._audit_frames
            if frames.current is not None:  # inside another command: part of its record
                return method(self, *args, **kwargs)
            frame = _frame(action, object_, names, defaults, (self, *args), kwargs)
            frames.current = frame
            try:
                result = method(self, *args, **kwargs)
            except SqmyError as exc:
                frames.current = None
                _refused(self.store, frame, exc)
                raise
            finally:
                frames.current = None
            if not frame.written:
                with self.store.transaction():
                    self.store.append_audit(frame.entry(REPEATED, {}, {}))
            return result

        return cast(F, run)

    return wrap


def record_read(
    store: EventStore,
    action: str,
    object_: str,
    *,
    actor: str | None,
    now: datetime | None,
    request_id: str | None = None,
    outcome: str = OK,
) -> AuditRecord:
    """Put a read on record (who read what, when), in a transaction of its own.

    For the few reads that must leave a trace (a clue's contact, under the
    Personal Information Protection Law); every other read writes nothing.
    The record stores nothing; its ``outcome`` is ``ok`` for a read that was
    granted, or the refusal's message code.  ``action`` names
    the read (``read_contact``), ``object_`` what was read (``clue:q1``),
    ``actor`` who read it, ``now`` the caller's time (the store adds its
    own), ``request_id`` the caller's request.  Returns the record.
    """
    via = VIA.get()
    detail = {} if via is None else {"via": dict(via)}
    entry = AuditEntry(
        action, object_, outcome, _text(actor), _aware(now), _text(request_id), detail=detail
    )
    with store.transaction():
        return store.append_audit(entry)


def _frame(
    action: str,
    object_: str,
    names: list[str],
    defaults: Mapping[str, Any],
    args: tuple[Any, ...],
    kwargs: Mapping[str, Any],
) -> Frame:
    """The frame of one call: its arguments by name (a wrong call is the method's to refuse,
    as Python would; ``inspect.Signature.bind`` would cost more than the record itself)."""
    params = {**defaults, **dict(zip(names, args, strict=False)), **kwargs}
    try:
        shown = _text(object_.format_map(params)) or object_
    except (KeyError, AttributeError, IndexError, ValueError):
        shown = object_.split(":", 1)[0]
    actor = next((params[p] for p in ACTOR_PARAMS if params.get(p) is not None), None)
    at = next((params[p] for p in TIME_PARAMS if params.get(p) is not None), None)
    request_id = _text(params.get("request_id"))
    return Frame(action, shown, _text(actor), _aware(at), request_id, via=VIA.get())


def _refused(store: EventStore, frame: Frame, exc: SqmyError) -> None:
    """The refusal's record, alone in its transaction (the command's own writes are undone)."""
    codes = [p.code for p in exc.problems]
    outcome = codes[0] if codes else type(exc).__name__
    detail = {"error": type(exc).__name__, "codes": codes}
    with store.transaction():
        store.append_audit(frame.entry(outcome, {}, detail))


def _text(value: Any) -> str | None:
    """A value as the record keeps it: text as given, anything else by its ``repr``.

    A refused command may have been given text no store can keep (a lone
    surrogate, a NUL, a megabyte): such text is kept escaped and cut to
    :data:`KEPT_TEXT` characters, so the refusal is still on record.
    """
    if value is None:
        return None
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    return text if len(text) <= KEPT_TEXT else text[: KEPT_TEXT - 1] + "…"


def _aware(value: Any) -> datetime | None:
    """The caller's time when it is one with an offset; else none (the refusal says why)."""
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value
    return None
