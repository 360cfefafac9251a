"""Reading the files users name on the command line (the I/O edge).

The parsers below this layer are pure: they take text or bytes.  This module
turns paths into those, and OS errors into the library's own errors with the
file named, so a missing file reads as clearly as a bad record.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqmy_core.errors import DatasetError, SettingsError
from sqmy_core.interchange import decode_dataset_bytes, parse_dataset
from sqmy_core.model import Dataset
from sqmy_core.model.attributes import Declarations
from sqmy_core.plugins import ruleset_extensions
from sqmy_core.rules import Ruleset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.load import load_ruleset as _load_ruleset
from sqmy_core.workspace.contacts import keys_relative_to
from sqmy_core.workspace.webhook_setup import webhook_keys_relative_to

__all__ = [
    "load_dataset_file",
    "load_ruleset",
    "load_settings",
    "parse_dataset_with",
    "read_dataset_bytes",
    "read_dataset_with",
]


def load_ruleset(path: str | Path) -> Ruleset:
    """Load a ruleset file, with the installed plugins it names (rule kinds, validators)."""
    return _load_ruleset(path, extensions_for=ruleset_extensions)


SETTINGS_LIMIT = 1 << 20
"""A settings file holds channels and addresses: 1 MiB is far more than any needs."""


def _regular(path: str | Path) -> bool:
    """Only regular files are read: a device (``/dev/zero``) or a pipe would never end."""
    return stat.S_ISREG(os.stat(path).st_mode)


def load_dataset_file(
    path: str | Path,
    extra_roles: Iterable[str] = (),
    declarations: Declarations | None = None,
) -> Dataset:
    """Read, decode and validate a ``sqmy-dataset/1`` or ``/1.1`` file.

    ``declarations`` are the vocabularies a ruleset declares (a 1.1 document
    is checked against them); without them, the contract's alone.
    """
    source = str(path)
    data = read_dataset_bytes(path)
    return parse_dataset(
        decode_dataset_bytes(data, source=source),
        source=source,
        extra_roles=extra_roles,
        declarations=declarations,
    )


def read_dataset_bytes(path: str | Path) -> bytes:
    """A dataset file's bytes (a regular file only), OS errors as a :class:`DatasetError`."""
    source = str(path)
    try:
        if not _regular(path):
            raise DatasetError.one("", "not_a_regular_file", source, found=repr(source))
        return Path(path).read_bytes()
    except OSError as exc:
        raise DatasetError.one("", "read_failed", source, reason=exc.strerror or str(exc)) from None


def read_dataset_with(ruleset: Ruleset, path: str | Path) -> Dataset:
    """A dataset checked against a ruleset's vocabulary (reviewer roles and declarations)."""
    return parse_dataset_with(ruleset, read_dataset_bytes(path), str(path))


def parse_dataset_with(ruleset: Ruleset, data: bytes, source: str) -> Dataset:
    """A dataset file's bytes, already read, checked as :func:`read_dataset_with` checks them."""
    return parse_dataset(
        decode_dataset_bytes(data, source=source),
        source=source,
        extra_roles=ruleset.reviewer_roles,
        declarations=declarations_of(ruleset),
    )


def load_settings(path: str | Path) -> dict[str, Any]:
    """Read a workspace settings file (TOML: notification channels and their addresses).

    ``[contacts]`` key files named by a relative path are found from the
    file's own folder (:func:`~sqmy_core.workspace.contacts.keys_relative_to`).
    """
    source = str(path)
    try:
        if not _regular(path):
            raise SettingsError.one("", "not_a_regular_file", source, found=repr(source))
        if os.stat(path).st_size > SETTINGS_LIMIT:
            raise SettingsError.one("", "settings_too_large", source, limit=SETTINGS_LIMIT)
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SettingsError.one("", "bad_utf8", source) from None
    except OSError as exc:
        raise SettingsError.one(
            "", "read_failed", source, reason=exc.strerror or str(exc)
        ) from None
    try:
        settings = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError.one("", "toml_syntax", source, reason=str(exc)) from None
    return webhook_keys_relative_to(keys_relative_to(settings, Path(path).parent), Path(path).parent)
