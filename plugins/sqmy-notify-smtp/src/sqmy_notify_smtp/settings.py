"""The ``[smtp]`` settings table, checked once when the workspace is opened.

Every problem is reported at once (one :class:`~sqmy_core.PluginError` with
one problem per key), each with its key path (``smtp.port``,
``smtp.addresses.p001``), so that a misconfigured mail channel is found at
start-up and not at the first notification::

    [smtp]
    host = "smtp.example.org"
    port = 587                    # optional: 25, or 587 with starttls, or 465 with ssl
    sender = "社情民意信息办公室 <sqmy@example.org>"
    username = "sqmy@example.org" # optional, together with password
    password = "..."
    starttls = true               # optional, default false
    ssl = false                   # optional (implicit TLS, port 465), default false
    timeout = 10                  # optional, seconds, default 10

    [smtp.addresses]              # person id -> email address
    p001 = "zhang@example.org"

The host must be on the deployment's ``[outbound] allow`` list
(:func:`sqmy_core.kit.outbound_policy`): checked here by name, and again,
resolved, at every connection (:mod:`sqmy_notify_smtp.notifier`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.utils import parseaddr
from typing import Any, Final

from sqmy_core.kit import OutboundPolicy, PluginError, Problem

TABLE: Final = "smtp"
"""The settings key this plugin reads."""

KNOWN_KEYS: Final = (
    "host",
    "port",
    "sender",
    "username",
    "password",
    "starttls",
    "ssl",
    "timeout",
    "addresses",
)
DEFAULT_TIMEOUT: Final = 10.0

_Fail = Callable[..., None]


@dataclass(frozen=True)
class SmtpSettings:
    """The checked ``[smtp]`` table."""

    host: str
    port: int
    sender: Address
    addresses: Mapping[str, Address] = field(default_factory=dict)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False
    ssl: bool = False
    timeout: float = DEFAULT_TIMEOUT
    policy: OutboundPolicy = field(default_factory=OutboundPolicy, repr=False, compare=False)
    """Where connections may go (default: nowhere -- the plugin passes the settings' allow-list)."""


def parse_settings(table: object, policy: OutboundPolicy | None = None) -> SmtpSettings:
    """Check the value of ``settings["smtp"]``; raise :class:`PluginError` listing every problem.

    With ``policy`` (the plugin always passes the settings' ``[outbound]``)
    the host must be allowed by it; without, it is not checked here and the
    channel can send nowhere.
    """
    problems: list[Problem] = []

    def fail(path: str, code: str, **params: Any) -> None:
        problems.append(Problem(path, code, params))

    if not isinstance(table, Mapping):
        fail(TABLE, "smtp_not_table", found=_show(table))
        raise PluginError(problems)

    for key in table:
        if key not in KNOWN_KEYS:
            fail(f"{TABLE}.{key}", "smtp_unknown_key", known=", ".join(KNOWN_KEYS))

    host = _text(table, "host", fail, required=True)
    if host is not None and policy is not None:
        refused = policy.host_problem(host, f"{TABLE}.host")
        if refused is not None:
            problems.append(refused)
    sender_text = _text(table, "sender", fail, required=True)
    sender = _address(sender_text, f"{TABLE}.sender", fail, display_name=True)
    username = _text(table, "username", fail)
    password = _text(table, "password", fail, secret=True)
    if ("username" in table) != ("password" in table):
        fail(TABLE, "smtp_credentials_pair")
    starttls = _flag(table, "starttls", fail)
    use_ssl = _flag(table, "ssl", fail)
    if starttls and use_ssl:
        fail(TABLE, "smtp_tls_exclusive")

    port = 465 if use_ssl else 587 if starttls else 25
    if "port" in table:
        value = table["port"]
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535:
            port = value
        else:
            fail(f"{TABLE}.port", "smtp_expected_port", found=_show(value))

    timeout = DEFAULT_TIMEOUT
    if "timeout" in table:
        value = table["timeout"]
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            timeout = float(value)
        else:
            fail(f"{TABLE}.timeout", "smtp_expected_timeout", found=_show(value))

    addresses: dict[str, Address] = {}
    if "addresses" not in table:
        fail(f"{TABLE}.addresses", "smtp_missing")
    elif not isinstance(table["addresses"], Mapping):
        fail(f"{TABLE}.addresses", "smtp_not_table", found=_show(table["addresses"]))
    else:
        for person, value in table["addresses"].items():
            path = f"{TABLE}.addresses.{person}"
            if not isinstance(person, str) or not person:
                fail(path, "smtp_expected_text", found=_show(person))
                continue
            if not _is_text(value):
                fail(path, "smtp_expected_text", found=_show(value))
                continue
            address = _address(value, path, fail, display_name=False)
            if address is not None:
                addresses[person] = address

    if problems:
        raise PluginError(problems)
    assert host is not None and sender is not None  # problems would have been reported
    return SmtpSettings(
        host=host,
        port=port,
        sender=sender,
        addresses=addresses,
        username=username,
        password=password,
        starttls=starttls,
        ssl=use_ssl,
        timeout=timeout,
        policy=policy or OutboundPolicy(),
    )


def _text(
    table: Mapping[Any, Any],
    key: str,
    fail: _Fail,
    *,
    required: bool = False,
    secret: bool = False,
) -> str | None:
    if key not in table:
        if required:
            fail(f"{TABLE}.{key}", "smtp_missing")
        return None
    value = table[key]
    if not _is_text(value):
        shown = type(value).__name__ if secret else _show(value)
        fail(f"{TABLE}.{key}", "smtp_expected_text", found=shown)
        return None
    assert isinstance(value, str)
    return value


def _flag(table: Mapping[Any, Any], key: str, fail: _Fail) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        fail(f"{TABLE}.{key}", "smtp_expected_bool", found=_show(value))
        return False
    return value


def _address(text: str | None, path: str, fail: _Fail, *, display_name: bool) -> Address | None:
    """``a@b.org``, or with ``display_name`` also ``名字 <a@b.org>``; None (and a problem) if invalid."""
    if text is None:
        return None
    name, spec = parseaddr(text) if display_name else ("", text.strip())
    if not spec or "@" not in spec or any(c.isspace() for c in spec):
        fail(path, "smtp_expected_email", found=_show(text))
        return None
    try:
        address = Address(display_name=name, addr_spec=spec)
    except (ValueError, HeaderParseError):
        fail(path, "smtp_expected_email", found=_show(text))
        return None
    if not address.username or not address.domain:
        fail(path, "smtp_expected_email", found=_show(text))
        return None
    return address


def _is_text(value: object) -> bool:
    return (
        isinstance(value, str) and value.strip() != "" and "\r" not in value and "\n" not in value
    )


def _show(value: object) -> str:
    """A short TOML-like rendering of a wrong value for an error message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "{...}"
    if isinstance(value, list | tuple):
        return "[...]"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
