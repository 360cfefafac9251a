"""One JSON line per request on stderr: what an operator needs, and no personal data.

A line holds the method, the route's *template* (``/orgs/{org}/pieces/{piece_id}``,
never the raw path or its query string: a query value such as a search term
may name a person), the status, the duration in milliseconds, the request id
(the caller's ``X-Request-Id``, else a fresh one, echoed in the response) and
the organization, and what the authentication layer decided: ``credential``
(the credential's id, or ``jwt:`` and a digest of the token's issuer and
subject; never the token; None when no token was accepted or sent) and
``auth`` (``ok``, ``public``, ``unauthenticated`` (401), ``forbidden``
(403), ``refused`` (the request was refused before the layer had decided,
or by the layer for another reason) or None: no route matched).  A refusal
by that layer, like every read, is written here only, never to the
database (see ``docs/service.md``, 审计).  Bodies, contacts, names and query
values are never read by this module, so they cannot reach a log.  uvicorn's own access log, which
prints the raw path, is switched off by ``sqmy serve`` for the same reason.

The standard :mod:`logging` module carries the lines (``LOGGER``), so an
operator may route them elsewhere; :func:`configure` is what ``sqmy serve``
sets up.  The clock here measures a duration only; it is the service layer's.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from typing import IO, Any, Final

LOGGER: Final = "sqmy.service.access"
"""The logger the request lines go to."""

REQUEST_ID_HEADER: Final = "x-request-id"
AUTH_KEY: Final = "sqmy.auth"
"""Where the authentication layer leaves its decision in the ASGI scope."""
_MAX_REQUEST_ID: Final = 200
_FIELDS: Final = ("method", "path", "status", "duration_ms", "request_id", "organization",
                  "credential", "auth")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class JsonFormatter(logging.Formatter):
    """A record as one JSON object: time (UTC, ISO 8601), level, event, the request's fields.

    Only the fields :class:`AccessLog` puts on the record are written, so
    an ``extra`` someone adds elsewhere cannot smuggle data into the line.
    """

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        line.update({key: getattr(record, key) for key in _FIELDS if hasattr(record, key)})
        if record.exc_info:  # the exception's type only: its message may quote a body
            line["error"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


class AccessLog:
    """ASGI middleware writing one line per HTTP request once it is answered (or has failed)."""

    def __init__(self, app: ASGIApp, logger: logging.Logger | None = None) -> None:
        self.app = app
        self.logger = logger or logging.getLogger(LOGGER)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        status = 500  # what the server answers when the app fails before it starts a response
        started = time.perf_counter()

        async def answer(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, answer)
        finally:
            decided = scope.get(AUTH_KEY) or {}
            self.logger.info("request", extra={
                "method": scope.get("method"),
                "path": _template(scope),
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "request_id": request_id,
                "organization": scope.get("path_params", {}).get("org"),
                "credential": decided.get("credential"),
                "auth": decided.get("outcome"),
            })


def _request_id(scope: Scope) -> str:
    """The caller's ``X-Request-Id`` (printable ASCII, at most 200 characters), else a new one."""
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER.encode():
            given = bytes(value).decode("latin-1")
            if 0 < len(given) <= _MAX_REQUEST_ID and given.isascii() and given.isprintable():
                return given
    return uuid.uuid4().hex


def _template(scope: Scope) -> str | None:
    """The matched route's path template; None for a path no route serves (never the raw one)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else None


def configure(level: str = "info", stream: IO[str] | None = None) -> logging.Logger:
    """Send the request lines, as JSON, to ``stream`` (stderr) from ``level`` on; idempotent."""
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        if getattr(handler, "sqmy_access", False):
            logger.removeHandler(handler)
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.sqmy_access = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False
    return logger


__all__ = ["AUTH_KEY", "LOGGER", "AccessLog", "JsonFormatter", "configure"]
