"""Errors as RFC 9457 problem details, in the language the caller asked for.

Every refusal -- the library's own (:class:`~sqmy_core.errors.SqmyError`),
a request body or query FastAPI could not validate, a bad header -- is an
``application/problem+json`` document: ``type``, ``title``, ``status``,
``detail`` and ``problems``, the library's :class:`~sqmy_core.errors.Problem`
records each with its ``path`` (record or key path), ``code``, ``expected``,
``found`` and ``message``.  Messages are Chinese unless ``Accept-Language``
prefers English.

The statuses (decided here, documented in ``docs/service.md``):

- a stale ``If-Match`` (``expected_version_stale``, ``record_version_stale``)
  is **412**: the HTTP norm for a failed precondition; another conflict at
  the store (a race lost after the check, an idempotency key reused with
  another request) is **409**;
- :class:`~sqmy_core.errors.GuardRequired` is **428** (an additive command
  with neither ``If-Match`` nor ``Idempotency-Key``);
- :class:`~sqmy_core.errors.PermissionDenied` is **403** (the actor may not);
  :class:`~sqmy_core.errors.TransitionNotAllowed` is **409** (nobody may, in
  the piece's state now);
- :class:`~sqmy_core.errors.NotFound` is **404**;
- any other refusal of the request's content is **422**, a request the
  service cannot read at all (its header, its cursor, its settings) **400**.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from sqmy_core.errors import (
    ConcurrencyConflict,
    GuardRequired,
    IdempotencyKeyReused,
    NotFound,
    PermissionDenied,
    Problem,
    RequestError,
    SqmyError,
    TransitionNotAllowed,
)
from sqmy_core.i18n import DEFAULT_LANG, LANGS, message, noun

MEDIA_TYPE: Final = "application/problem+json"
TYPE_BASE: Final = "https://sqmy.invalid/problems/"
"""Problem ``type`` URIs: one per status kind (not dereferenceable: RFC 9457 allows it)."""

STALE_CODES: Final = frozenset({"expected_version_stale", "record_version_stale"})
INPUT_CODES: Final = frozenset({"unknown_value", "empty"})
"""Codes a workflow refusal carries when the request's own words are wrong, not the piece's
state (a decision the ruleset does not know): 422, not 409."""

EXPECTED: Final = frozenset({
    "missing", "timezone_aware", "datetime_parsing", "datetime_from_date_parsing",
    "datetime_type", "list_type", "string_type", "int_parsing", "int_type", "extra_forbidden",
    "string_too_short", "string_too_long", "too_short", "greater_than_equal", "less_than_equal",
})
"""The validation errors whose expectation the catalogue words (``service.expect.*``);
another one is named by pydantic's own code."""

_KIND: Final[Mapping[int, str]] = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    412: "precondition_failed",
    422: "unprocessable",
    428: "precondition_required",
}


def status_of(error: SqmyError) -> int:
    """The HTTP status of one of the library's refusals (see the module's list)."""
    if isinstance(error, IdempotencyKeyReused):
        return 409
    if isinstance(error, ConcurrencyConflict):
        stale = all(p.code in STALE_CODES for p in error.problems)
        return 412 if stale and error.problems else 409
    if isinstance(error, GuardRequired):
        return 428
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, TransitionNotAllowed):
        return 422 if all(p.code in INPUT_CODES for p in error.problems) else 409
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, RequestError):
        return 400
    return 422


def language(accept: str | None) -> str:
    """``zh`` or ``en``: the first of them ``Accept-Language`` prefers (Chinese by default)."""
    best, best_q = DEFAULT_LANG, -1.0
    for i, part in enumerate((accept or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGS:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > best_q and q > 0:
            best, best_q = primary, q - i * 1e-6
    return best


def problem_entries(problems: Iterable[Problem], lang: str) -> list[dict[str, Any]]:
    """The library's problems as JSON: where, which code, expected, found, the message."""
    return [
        {
            "path": p.path,
            "code": p.code,
            "expected": _expected(p.params, lang),
            "found": _text(p.params.get("found")),
            "message": p.render(lang),
        }
        for p in problems
    ]


def _expected(params: Mapping[str, Any], lang: str) -> str | None:
    """What was expected, in ``lang`` when it is a noun of the catalogue (as the message says it)."""
    value = params.get("expected", params.get("allowed"))
    return noun(value, lang) if isinstance(value, str) and "expected" in params else _text(value)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def problem_response(
    status: int, problems: Sequence[Problem], lang: str, source: str | None = None
) -> JSONResponse:
    """One problem-details response (``detail`` is every problem's message, one a line)."""
    kind = _KIND.get(status, "bad_request")
    entries = problem_entries(problems, lang)
    prefix = f"{source}: " if source else ""
    body = {
        "type": TYPE_BASE + kind,
        "title": message(f"service.title.{kind}", lang),
        "status": status,
        "detail": "\n".join(prefix + e["message"] for e in entries),
        "problems": entries,
    }
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE)


def validation_problems(errors: Sequence[Any]) -> list[Problem]:
    """FastAPI's validation errors as the library's problems (key path, expected, found)."""
    out = []
    for err in errors:
        kind = str(err.get("type", ""))
        where = [str(part) for part in err.get("loc", ())]
        # the first element says where (body, query, path, header); a field may itself be
        # called "body" (the adopting body), so only that first element is dropped
        loc = where[1:] if where and where[0] in ("body", "query", "path", "header") else where
        if kind == "json_invalid":
            ctx = err.get("ctx") or {}
            out.append(Problem("", "service.bad_json", {"found": str(ctx.get("error", ""))[:200]}))
            continue
        if kind == "missing":
            out.append(Problem(".".join(loc), "service.missing_field", {}))
            continue
        found = err.get("input")
        expected = f"service.expect.{kind}" if kind in EXPECTED else kind
        out.append(
            Problem(
                ".".join(loc),
                "service.invalid_field",
                {
                    "expected": expected,
                    "found": "—" if found is None else repr(found)[:200],
                    "detail": str(err.get("msg", "")),
                },
            )
        )
    return out


def install(app: FastAPI) -> None:
    """Every refusal of ``app`` becomes problem details in the caller's language."""

    async def library_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, SqmyError)
        lang = language(request.headers.get("accept-language"))
        return problem_response(status_of(exc), exc.problems, lang, exc.source)

    async def invalid_request(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        lang = language(request.headers.get("accept-language"))
        return problem_response(422, validation_problems(exc.errors()), lang)

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        # the framework's own refusals: a body it could not even decode (400), a path or
        # method no route has (404, 405) -- problem details too, as the document declares
        assert isinstance(exc, HTTPException)
        lang = language(request.headers.get("accept-language"))
        found = {"found": str(exc.detail)[:200]}
        code = "service.bad_json" if exc.status_code == 400 else "service.http_error"
        answer = problem_response(exc.status_code, [Problem("", code, found)], lang)
        answer.headers.update(exc.headers or {})
        return answer

    app.add_exception_handler(SqmyError, library_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(HTTPException, http_error)


PROBLEM_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    status: {
        "description": kind,
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}},
    }
    for status, kind in _KIND.items()
}
"""The refusals every endpoint may answer, for the OpenAPI document."""


__all__ = [
    "MEDIA_TYPE",
    "PROBLEM_RESPONSES",
    "install",
    "language",
    "problem_entries",
    "problem_response",
    "status_of",
    "validation_problems",
]
