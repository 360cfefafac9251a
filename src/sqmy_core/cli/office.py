"""What every office command shares: the options of a write, the guard it always passes, its output.

An office without an OA records its year from the command line (``sqmy
piece``, ``sqmy person``, ``sqmy unit``, ``sqmy penalty``, ``sqmy
adjustment``).  Every writing command takes ``--db`` and ``--actor``
(required: a write is someone's act), ``--now`` (the time of the act; the
default is the current time, read here and nowhere below), ``--request-id``
(kept in the audit record), ``--idempotency-key`` and ``--expected-version``
(the piece version the clerk saw).

*The guard.*  An additive command (报送、采用、批示、办理、处罚) adds a record
each time it runs, so a second Enter would count twice.  When the clerk
gives neither ``--expected-version`` nor ``--idempotency-key``, the command
line derives an idempotency key from the command and its arguments
(:func:`derived_key`): the same command with the same arguments -- the
time included only when it was given with ``--now`` -- has no second
effect.  To record the same thing again on purpose, give ``--now`` (another
time) or another ``--idempotency-key``.

``--expected-version`` is handed to the workspace command, which refuses
(:class:`~sqmy_core.errors.ConcurrencyConflict`, nothing written) a piece
that has moved on; with it no key is derived: the version guards the
command.  A clerk's ``--request-id`` alone does not stop the derived key
(the workspace would derive its own from the request id; ours does not
depend on the request).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final, TypeVar

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.types import MOMENT, Choice, now
from sqmy_core.i18n import message
from sqmy_core.interchange.times import format_time

F = TypeVar("F", bound=Callable[..., Any])

KEY_PREFIX: Final = "sqmy-cli:"
"""Every derived idempotency key starts so (an OA's keys never look like one)."""

FORMATS: Final = ("table", "json")


def write_options(func: F) -> F:
    """``--db --actor --org --now --request-id --idempotency-key --expected-version --format``."""
    for option in reversed(
        (
            click.option("--db", "db_url", required=True),
            click.option("--actor", required=True),
            click.option("--org", "organization"),
            click.option("--now", "now_text", type=MOMENT, default=now),
            click.option("--request-id", "request_id"),
            click.option("--idempotency-key", "idempotency_key"),
            click.option("--expected-version", "expected_version", type=click.IntRange(min=0)),
            format_option,
        )
    ):
        func = option(func)
    return func


def read_options(func: F) -> F:
    """``--db --org --format`` of a command that only reads."""
    for option in reversed(
        (
            click.option("--db", "db_url", required=True),
            click.option("--org", "organization"),
            format_option,
        )
    ):
        func = option(func)
    return func


format_option = click.option(
    "--format", "fmt", type=Choice(FORMATS), default="table", show_default=True
)


def time_given(ctx: click.Context) -> bool:
    """Whether ``--now`` was on the command line (not its default, the current time)."""
    source = ctx.get_parameter_source("now_text")
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def derived_key(command: str, args: Mapping[str, Any]) -> str:
    """The idempotency key of ``command`` with ``args``: the same text for the same request.

    ``args`` are the command's own arguments (the piece, the body, the
    note ...; the time only when it was given) and the actor, as in the
    workspace's request fingerprint (:func:`sqmy_core.workspace.guards.fingerprint`):
    the same clerk pressing Enter twice records once; a key is never reused
    for another request, which the workspace would refuse.
    """
    shown = {k: _plain(v) for k, v in sorted(args.items()) if v is not None and v != ()}
    text = json.dumps([command, shown], ensure_ascii=False, sort_keys=True)
    return KEY_PREFIX + command + ":" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value) if not isinstance(value, int | bool) else value


def guard_key(
    ctx: click.Context,
    command: str,
    args: Mapping[str, Any],
    now_value: datetime,
    idempotency_key: str | None,
    expected_version: int | None,
) -> str | None:
    """The key an additive command runs with: the clerk's, none (a version guards it), or derived."""
    if idempotency_key is not None or expected_version is not None:
        return idempotency_key
    given = dict(args)
    if time_given(ctx):
        given["now"] = now_value
    return derived_key(command, given)


def call_guarded(method: Callable[..., Any], expected_version: int | None, **kwargs: Any) -> Any:
    """Call a workspace command, passing ``expected_version`` only when the clerk gave one."""
    if expected_version is not None:
        kwargs["expected_version"] = expected_version
    return method(**kwargs)


def emit(ctx: click.Context, fmt: str, doc: Mapping[str, Any], line: str) -> None:
    """``doc`` as one JSON document (``--format json``) or ``line`` (the table format)."""
    if fmt == "json":
        click.echo(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        click.echo(line)


def done_line(ctx: click.Context, code: str, **params: Any) -> str:
    return message(code, lang_of(ctx), **params)


def as_tuple(values: Sequence[str]) -> tuple[str, ...]:
    """A repeated option's values, each also split at commas (``--author p1,p2``)."""
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in value.replace("，", ",").split(",") if v.strip())
    return tuple(out)


__all__ = [
    "FORMATS",
    "KEY_PREFIX",
    "as_tuple",
    "call_guarded",
    "derived_key",
    "done_line",
    "emit",
    "format_option",
    "guard_key",
    "read_options",
    "time_given",
    "write_options",
]
