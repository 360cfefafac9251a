"""Webhooks out, the deployment's half: the ``[webhooks_out]`` key, sealed secrets, allowed targets.

A subscription's signing secret is made here (:func:`new_secret`), shown to
the OA once, and kept only sealed -- AES-256-GCM with a key the deployment
gives, exactly as clue contacts are (:mod:`sqmy_core.workspace.contacts`),
but with a key of its own and bound to the organization and the
subscription's id::

    [webhooks_out]
    key_file = "webhook.key"      # or key_env = "SQMY_WEBHOOK_KEY" (32 random bytes, base64)
    previous_key_files = []       # optional: older keys, for opening only (rotation)
    previous_key_envs = []
    timeout = 10                  # optional: seconds a delivery may take

Without the table a webhook can be neither registered nor delivered: the
secret is never kept in clear, anywhere.  Use another key than the
contacts' one (a different purpose, a different key).

A target (:func:`target_problems`) must be on the ``[outbound] allow`` list
(:mod:`sqmy_core.workspace.outbound`), checked at registration here and
again, resolved, at every connection.  It must be ``https`` -- only TLS
proves that a name is who it says -- except a target written as an IP
address (which only a network entry of the allow-list lets through: the
deployment's own intranet or the host itself), which may be ``http``.
The URL may carry no user name or password (they would be kept in the
registry) and no fragment.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlsplit

from sqmy_core.errors import ConfigurationError, Problem, SettingsError
from sqmy_core.workspace.contacts import ContactKeys, contact_keys, keys_relative_to
from sqmy_core.workspace.outbound import OutboundPolicy, outbound_policy

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_URL",
    "TABLE",
    "WebhookSetup",
    "new_secret",
    "target_problems",
    "webhook_keys_relative_to",
    "webhook_setup",
]

TABLE: Final = "webhooks_out"
"""The settings key this module reads."""
KEY_KEYS: Final = ("key_file", "key_env", "previous_key_files", "previous_key_envs")
KNOWN_KEYS: Final = (*KEY_KEYS, "timeout")
DEFAULT_TIMEOUT: Final = 10.0
MAX_URL: Final = 2000
SECRET_PREFIX: Final = "whsec_"
_BOUND: Final = "webhook-secret:"
"""The sealed secret is bound to ``webhook-secret:<id>`` of the organization: never a clue's."""


@dataclass(frozen=True)
class WebhookSetup:
    """A checked ``[webhooks_out]`` table and the deployment's ``[outbound]`` policy."""

    keys: ContactKeys = field(repr=False)
    policy: OutboundPolicy = field(repr=False)
    timeout: float = DEFAULT_TIMEOUT

    def seal(self, secret: str, organization: str, subscription_id: str) -> str:
        return self.keys.seal(secret, organization, _BOUND + subscription_id)

    def open(self, sealed: str, organization: str, subscription_id: str) -> str:
        """The secret back, or :class:`ConfigurationError` naming the subscription (not a clue)."""
        try:
            return self.keys.open(sealed, organization, _BOUND + subscription_id)
        except ConfigurationError:
            raise ConfigurationError(
                [Problem("", "service_webhooks.secret_unreadable", {"id": repr(subscription_id)})]
            ) from None


def new_secret() -> str:
    """A fresh signing secret: ``whsec_`` and 43 URL-safe characters (256 random bits)."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def webhook_setup(settings: Mapping[str, Any]) -> WebhookSetup | None:
    """The ``[webhooks_out]`` table of the settings (None when there is none) with ``[outbound]``.

    Raises :class:`SettingsError` listing every problem with its key path
    (never a key's value).
    """
    table = settings.get(TABLE)
    if table is None:
        return None
    if not isinstance(table, Mapping):
        raise SettingsError([Problem(TABLE, "service_webhooks.settings_not_table")])
    problems = [
        Problem(f"{TABLE}.{k}", "contact_settings_unknown_key", {"known": ", ".join(KNOWN_KEYS)})
        for k in table
        if k not in KNOWN_KEYS
    ]
    timeout = table.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 120:
        problems.append(
            Problem(f"{TABLE}.timeout", "service_webhooks.bad_timeout", {"found": repr(timeout)})
        )
    keys: ContactKeys | None = None
    try:
        keys = contact_keys({"contacts": {k: v for k, v in table.items() if k in KEY_KEYS}})
    except SettingsError as exc:
        problems += [_moved(p) for p in exc.problems]
    if problems:
        raise SettingsError(problems)
    assert keys is not None  # the table is there, so contact_keys gave keys or raised
    return WebhookSetup(keys, outbound_policy(settings), float(timeout))


def _moved(problem: Problem) -> Problem:
    """A problem of the ``[contacts]`` key reader, said of this table."""
    path = problem.path
    if path == "contacts" or path.startswith("contacts."):
        path = TABLE + path.removeprefix("contacts")
    return Problem(path, problem.code, problem.params)


def webhook_keys_relative_to(
    settings: Mapping[str, Any], folder: str | os.PathLike[str]
) -> dict[str, Any]:
    """The settings with relative ``[webhooks_out]`` key files made relative to ``folder``
    (the settings file's), as :func:`~sqmy_core.workspace.contacts.keys_relative_to` does."""
    table = settings.get(TABLE)
    if not isinstance(table, Mapping):
        return dict(settings)
    moved = keys_relative_to({"contacts": table}, folder)["contacts"]
    return {**settings, TABLE: moved}


def target_problems(url: object, policy: OutboundPolicy, path: str = "url") -> list[Problem]:
    """Why ``url`` may not be a subscription's target (empty: it may), each naming ``path``."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL or not url.isprintable():
        return [Problem(path, "service_webhooks.bad_url", {"found": _shown(url)})]
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return [Problem(path, "service_webhooks.bad_url", {"found": _shown(url)})]
    host = parts.hostname
    if parts.scheme not in ("http", "https") or not host or any(c.isspace() for c in url):
        return [Problem(path, "service_webhooks.bad_url", {"found": _shown(url)})]
    if parts.username is not None or parts.password is not None or parts.fragment:
        return [Problem(path, "service_webhooks.url_userinfo", {})]
    if port == 0:
        return [Problem(path, "service_webhooks.bad_url", {"found": _shown(url)})]
    if parts.scheme == "http" and not _is_ip(host):
        return [Problem(path, "service_webhooks.https_required", {"host": host})]
    refused = policy.host_problem(host, path)
    return [] if refused is None else [refused]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _shown(value: object) -> str:
    """A URL as an error shows it: without its query (tokens live there), cut short."""
    if not isinstance(value, str):
        return type(value).__name__
    head = value.split("#", 1)[0]
    text = head.split("?", 1)[0] + ("?..." if "?" in head else "")
    return repr(text if len(text) <= 80 else text[:77] + "...")
