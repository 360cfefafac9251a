"""The ``[[webhooks]]`` settings, checked once when the workspace is opened.

Each table is one channel, named ``webhook:<name>``; every problem of every
table is reported at once, with its key path (``webhooks[1].url``)::

    [[webhooks]]
    name = "office-group"              # channel "webhook:office-group"
    format = "dingtalk"                # dingtalk | wecom | feishu | json
    url = "https://oapi.dingtalk.com/robot/send?access_token=..."
    secret = "SEC..."                  # optional: DingTalk / Feishu signing secret
    markdown = false                   # optional, DingTalk only
    timeout = 10                       # optional, seconds, default 10

    [webhooks.mention]                 # optional: person id -> mobile or user id
    p001 = "13800000000"               # digits: a mobile number (DingTalk, WeCom)
    p002 = "zhangsan"                  # otherwise a user id; "user:10086" for a numeric id

The URL and the secret are secrets: error messages show neither (a URL is
shown without its query string).

The URL's host must be on the deployment's ``[outbound] allow`` list
(:func:`sqmy_core.kit.outbound_policy`): checked here by name, and again,
resolved, at every connection (:mod:`sqmy_notify_webhook.notifier`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal
from urllib.parse import urlsplit

from sqmy_core.kit import OutboundPolicy, PluginError, Problem

TABLE: Final = "webhooks"
"""The settings key this plugin reads."""

Format = Literal["dingtalk", "wecom", "feishu", "json"]
FORMATS: Final[tuple[Format, ...]] = ("dingtalk", "wecom", "feishu", "json")

KNOWN_KEYS: Final = ("name", "format", "url", "secret", "mention", "markdown", "timeout")
SECRET_FORMATS: Final = ("dingtalk", "feishu")
MENTION_FORMATS: Final = ("dingtalk", "wecom", "feishu")
MARKDOWN_FORMATS: Final = ("dingtalk",)
DEFAULT_TIMEOUT: Final = 10.0

USER_PREFIX: Final = "user:"
_MOBILE: Final = re.compile(r"\+?[0-9][0-9-]{4,}")

_Fail = Callable[..., None]


def mention_target(value: str) -> tuple[Literal["mobile", "user"], str]:
    """How to @ someone: a value of digits (``+`` and ``-`` allowed) is a mobile number,
    anything else a user id; ``user:<id>`` forces a user id (for ids made of digits)."""
    if value.startswith(USER_PREFIX):
        return "user", value.removeprefix(USER_PREFIX)
    if _MOBILE.fullmatch(value):
        return "mobile", value
    return "user", value


@dataclass(frozen=True)
class WebhookSettings:
    """One checked ``[[webhooks]]`` table."""

    name: str
    format: Format
    url: str = field(repr=False)
    secret: str | None = field(default=None, repr=False)
    mention: Mapping[str, str] = field(default_factory=dict)
    markdown: bool = False
    timeout: float = DEFAULT_TIMEOUT
    policy: OutboundPolicy = field(default_factory=OutboundPolicy, repr=False, compare=False)
    """Where connections may go (default: nowhere -- the plugin passes the settings' allow-list)."""

    @property
    def channel(self) -> str:
        """The notifier's name: ``webhook:<name>``."""
        return f"webhook:{self.name}"


def parse_settings(value: object, policy: OutboundPolicy | None = None) -> list[WebhookSettings]:
    """Check the value of ``settings["webhooks"]``; raise :class:`PluginError` listing every problem.

    With ``policy`` (the plugin always passes the settings' ``[outbound]``)
    each URL's host must be allowed by it; without, hosts are not checked
    here and the channels can send nowhere.
    """
    problems: list[Problem] = []

    def fail(path: str, code: str, **params: Any) -> None:
        problems.append(Problem(path, code, params))

    if isinstance(value, Mapping):  # a single [webhooks] table instead of [[webhooks]]
        fail(TABLE, "webhook_not_list", found="{...}")
        raise PluginError(problems)
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        fail(TABLE, "webhook_not_list", found=_show(value))
        raise PluginError(problems)

    parsed: list[WebhookSettings] = []
    first_index: dict[str, int] = {}
    for index, table in enumerate(value):
        path = f"{TABLE}[{index}]"
        one = _parse_one(table, path, problems, policy)
        if one is None:
            continue
        if one.name in first_index:
            fail(
                f"{path}.name",
                "webhook_duplicate_name",
                name=_show(one.name),
                first=first_index[one.name],
            )
            continue
        first_index[one.name] = index
        parsed.append(one)
    if problems:
        raise PluginError(problems)
    return parsed


def _parse_one(
    table: object, path: str, problems: list[Problem], policy: OutboundPolicy | None
) -> WebhookSettings | None:
    """One table, or None when it has problems (appended to ``problems``)."""
    start = len(problems)

    def fail(where: str, code: str, **params: Any) -> None:
        problems.append(Problem(where, code, params))

    if not isinstance(table, Mapping):
        fail(path, "webhook_not_table", found=_show(table))
        return None

    for key in table:
        if key not in KNOWN_KEYS:
            fail(f"{path}.{key}", "webhook_unknown_key", known=", ".join(KNOWN_KEYS))

    name = _text(table, "name", path, fail, required=True)

    fmt: Format | None = None
    if "format" not in table:
        fail(f"{path}.format", "webhook_missing")
    else:
        for candidate in FORMATS:
            if table["format"] == candidate:
                fmt = candidate
        if fmt is None:
            fail(
                f"{path}.format",
                "webhook_bad_format",
                found=_show(table["format"]),
                known=", ".join(FORMATS),
            )

    url = _text(table, "url", path, fail, required=True, shown=lambda u: _show(_redact(u)))
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            fail(f"{path}.url", "webhook_bad_url", found=_show(_redact(url)))
            url = None
        else:
            if policy is not None:
                refused = policy.host_problem(parts.hostname, f"{path}.url")
                if refused is not None:
                    problems.append(refused)
            url = _ascii_url(url)

    secret = _text(table, "secret", path, fail, shown=lambda _: "***")
    if secret is not None and fmt is not None and fmt not in SECRET_FORMATS:
        _not_for(fail, f"{path}.secret", fmt, SECRET_FORMATS)

    markdown = False
    if "markdown" in table:
        flag = table["markdown"]
        if not isinstance(flag, bool):
            fail(f"{path}.markdown", "webhook_expected_bool", found=_show(flag))
        elif fmt is not None and fmt not in MARKDOWN_FORMATS:
            _not_for(fail, f"{path}.markdown", fmt, MARKDOWN_FORMATS)
        else:
            markdown = flag

    mention: dict[str, str] = {}
    if "mention" in table:
        given = table["mention"]
        if not isinstance(given, Mapping):
            fail(f"{path}.mention", "webhook_not_table", found=_show(given))
        elif fmt is not None and fmt not in MENTION_FORMATS:
            _not_for(fail, f"{path}.mention", fmt, MENTION_FORMATS)
        else:
            for person, target in given.items():
                where = f"{path}.mention.{person}"
                if not _is_text(person):
                    fail(where, "webhook_expected_text", found=_show(person))
                elif not _is_text(target) or not mention_target(target)[1]:
                    fail(where, "webhook_expected_text", found=_show(target))
                elif fmt == "feishu" and mention_target(target)[0] == "mobile":
                    fail(where, "webhook_feishu_mobile", found=_show(target))
                else:
                    mention[person] = target

    timeout = DEFAULT_TIMEOUT
    if "timeout" in table:
        given = table["timeout"]
        if isinstance(given, int | float) and not isinstance(given, bool) and given > 0:
            timeout = float(given)
        else:
            fail(f"{path}.timeout", "webhook_expected_timeout", found=_show(given))

    if len(problems) > start or name is None or fmt is None or url is None:
        return None
    return WebhookSettings(
        name=name,
        format=fmt,
        url=url,
        secret=secret,
        mention=mention,
        markdown=markdown,
        timeout=timeout,
        policy=policy or OutboundPolicy(),
    )


def _not_for(fail: _Fail, path: str, fmt: str, formats: Sequence[str]) -> None:
    fail(path, "webhook_not_for_format", format=fmt, formats=", ".join(formats))


def _text(
    table: Mapping[Any, Any],
    key: str,
    path: str,
    fail: _Fail,
    *,
    required: bool = False,
    shown: Callable[[str], str] | None = None,
) -> str | None:
    if key not in table:
        if required:
            fail(f"{path}.{key}", "webhook_missing")
        return None
    value = table[key]
    if not _is_text(value):
        found = shown(value) if shown is not None and isinstance(value, str) else _show(value)
        fail(f"{path}.{key}", "webhook_expected_text", found=found)
        return None
    assert isinstance(value, str)
    return value


def _is_text(value: object) -> bool:
    """A non-empty string without whitespace or control characters (names, URLs, ids, secrets)."""
    return (
        isinstance(value, str)
        and value != ""
        and not any(c.isspace() or not c.isprintable() for c in value)
    )


def _ascii_url(url: str) -> str:
    """The URL with a host written in Chinese (or any non-ASCII name) in its IDNA form, the
    form a request line and ``Host`` header must carry; any other URL as it is."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host.isascii():
        return url
    userinfo, _, _ = parts.netloc.rpartition("@")
    try:
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:  # not a port: the request will say so, as for any other URL
        return url
    netloc = (userinfo + "@" if userinfo else "") + OutboundPolicy.ascii_host(host) + port
    return parts._replace(netloc=netloc).geturl()


def _redact(url: str) -> str:
    """A URL without its query string and fragment (where robot tokens live)."""
    head = url.split("#", 1)[0]
    return head.split("?", 1)[0] + ("?..." if "?" in head else "")


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
