"""One error hierarchy for the whole library.

::

    SqmyError                  anything this library refuses
     ├── RulesetError          a ruleset file is malformed or inconsistent
     ├── DatasetError          a dataset breaks the sqmy-dataset/1 contract
     ├── BulletinError         a 通报 period that cannot be read, or a 通报 not defined
     ├── BackupError           a backup that cannot be restored, or a target not empty
     ├── AuditError            an audit checkpoint that cannot be read or is another's
     ├── TransitionNotAllowed  a workflow command not allowed in the piece's state
     ├── PermissionDenied      the actor may not do this
     │    └── AuthRefused      the service's caller is not known (401) or may not (403)
     ├── ConcurrencyConflict   a stale append (expected version no longer current)
     │    └── IdempotencyKeyReused  a used idempotency key given with another request
     ├── NotFound              a piece, clue, unit, call or workspace that does not exist
     │    └── UnknownEntity    a person or unit the ruleset does not assess
     └── ConfigurationError    how the library is set up or called, not the data
          ├── PluginError      a plugin is missing, misspelt or failed to load
          │    └── SettingsError  a settings file cannot be read
          ├── SourceError      the command line names no source of records, or two
          ├── GuardRequired    an additive command given neither expected version nor key
          ├── RequestError     an HTTP request the service cannot read (a header, a cursor)
          └── OutboundRefused  a notifier target the [outbound] allow-list does not allow

Private exceptions that never leave their module (``rules.convert.Mismatch``
and ``BadChoice``, ``interchange.dataset._DuplicateKeyError``,
``tools.replay._Skip``) are control flow, caught a few lines from where they
are raised and turned into a :class:`Problem`; they say so where they are.

Every error carries one or more :class:`Problem` records: the key path or
record (``events[12].body``), a message code and its parameters.  The text is
produced on demand in Chinese (default) or English, so office staff and
integrators read the same error in their own language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqmy_core.i18n import DEFAULT_LANG, message


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong: where (``path``), what (``code``) and the details (``params``).

    A standard-library dataclass, not attrs: every ``sqmy`` command imports
    this module before it knows what it will do, and ``sqmy --version`` should
    not pay for attrs.
    """

    path: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        text = message(self.code, lang, **self.params)
        return f"{self.path}: {text}" if self.path else text


class SqmyError(Exception):
    """Base of every error the library raises on purpose."""

    def __init__(self, problems: Sequence[Problem], source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self.render())

    def render(self, lang: str = DEFAULT_LANG) -> str:
        """All problems, one a line, each prefixed by the source (file) if known."""
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(prefix + p.render(lang) for p in self.problems)

    @classmethod
    def one(cls, path: str, code: str, source: str | None = None, **params: Any) -> SqmyError:
        return cls([Problem(path, code, params)], source)


class RulesetError(SqmyError):
    """A ruleset is malformed or inconsistent; nothing of it was loaded."""


class DatasetError(SqmyError):
    """A dataset breaks the ``sqmy-dataset/1`` contract; nothing of it was stored."""


class TransitionNotAllowed(SqmyError):
    """The command is not allowed in the piece's current state."""


class PermissionDenied(SqmyError):
    """The actor has no right to do this (e.g. an author reviewing own piece)."""


class ConcurrencyConflict(SqmyError):
    """The stream moved on since it was read; nothing was written."""


class IdempotencyKeyReused(ConcurrencyConflict):
    """An idempotency key already used with another request (another command, piece or
    arguments); nothing was written.  A conflict, like a stale version: the caller's two
    requests disagree about what one key means."""


class BulletinError(SqmyError):
    """A period that cannot be read, or a 通报 the ruleset does not define."""


class BackupError(SqmyError):
    """A ``sqmy-backup`` document that cannot be restored, or a restore target that is not empty."""


class NotFound(SqmyError):
    """What a command names does not exist (a piece, clue, unit, call, workspace); nothing changed."""


class UnknownEntity(NotFound):
    """The person or unit asked about is not assessed by this ruleset."""


class ConfigurationError(SqmyError):
    """The library is set up or called wrongly (plugins, settings, sources), not fed bad data."""


class PluginError(ConfigurationError):
    """A plugin is missing, misspelt, or failed when loaded."""


class SettingsError(PluginError):
    """A settings file cannot be read (plugins report bad values in it themselves)."""


class SourceError(ConfigurationError):
    """The command line names no source of records, or two."""


class GuardRequired(ConfigurationError):
    """An additive command (a repeat would count twice) called with no ``expected_version``,
    ``idempotency_key`` or ``request_id``: how it is called is wrong, nothing was written."""


class RequestError(ConfigurationError):
    """An HTTP request ``sqmy serve`` cannot read at all: a malformed ``If-Match``, a cursor it
    never returned, two work lists asked at once (status 400); nothing was read or written."""


class AuthRefused(PermissionDenied):
    """A request ``sqmy serve``'s authentication layer refuses, with its HTTP status: 401 (no
    credential it knows: ``challenge`` is the ``WWW-Authenticate`` to answer with) or 403 (known,
    but not for this organization, scope or acting person).  Nothing was read or written."""

    def __init__(self, status: int, problems: list[Problem], challenge: str) -> None:
        super().__init__(problems)
        self.status = status
        self.challenge = challenge
        self.outcome = "unauthenticated" if status == 401 else "forbidden"


class AuditError(SqmyError):
    """An audit checkpoint that cannot be read, or one for another organization.

    A chain that fails verification is not an error: it is what
    ``sqmy audit verify`` reports (exit status 3).
    """


class OutboundRefused(ConfigurationError):
    """A connection a notifier was about to make goes where ``[outbound] allow`` does not allow."""

    status = "target_refused"
    """What the outbox keeps as the attempt's ``last_error``."""
