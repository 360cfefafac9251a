"""Clue contacts sealed at rest: AES-256-GCM with a key from the deployment's settings.

A clue's ``contact`` is a citizen's personal data (PIPL).  The store never
sees it in plain text: :meth:`ContactKeys.seal` turns it into one line of
text kept in the clue's registry record (``contact_sealed``), and only
:meth:`ContactKeys.open` turns it back.  The key is never in the database;
it comes from the workspace settings::

    [contacts]
    key_file = "/etc/sqmy/contact.key"   # a file holding the key (a relative path is
                                         # from the settings file's folder), or
    key_env = "SQMY_CONTACT_KEY"         # an environment variable holding it
    previous_key_files = []              # optional: older keys, for reading only
    previous_key_envs = []

A key is 32 random bytes written in base64 (44 characters; make one with
:func:`new_key_text`).  The sealed text names the key it was sealed with
(the first 16 hex digits of a SHA-256 of the key, which says nothing about
the key), so a wrong or missing key is refused by name instead of producing
garbage, and a rotated key keeps working: put the new key in ``key_file`` /
``key_env`` and move the old one to ``previous_key_*`` -- new contacts are
sealed with the new key, old ones still open until they expire or are
erased.  There is no fallback to plain text anywhere: without a key a
contact can neither be kept nor read.

The ciphertext is bound to its organization and clue id (GCM associated
data): a sealed contact copied onto another clue does not open.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqmy_core.errors import ConfigurationError, Problem, SettingsError

TABLE: Final = "contacts"
"""The settings key this module reads."""

KNOWN_KEYS: Final = ("key_file", "key_env", "previous_key_files", "previous_key_envs")
FORMAT: Final = "v1"
"""The sealed text's format tag: ``v1.<key id>.<base64url(nonce | ciphertext | tag)>``."""
KEY_BYTES: Final = 32
NONCE_BYTES: Final = 12
MAX_KEY_FILE: Final = 4096


def new_key_text() -> str:
    """A fresh random key in the form a key file or variable holds."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def key_id(key: bytes) -> str:
    """A name for a key that reveals nothing about it (kept beside each sealed contact)."""
    return hashlib.sha256(b"sqmy-contact-key\x00" + key).hexdigest()[:16]


class ContactKeys:
    """The current key (sealing and opening) and any previous ones (opening only)."""

    def __init__(self, current: bytes, previous: Sequence[bytes] = ()) -> None:
        for key in (current, *previous):
            if len(key) != KEY_BYTES:
                raise ConfigurationError([Problem(TABLE, "contact_key_bad", {"length": len(key)})])
        self._current = current
        self._keys = {key_id(k): k for k in (*previous, current)}
        self.current_id = key_id(current)

    def __repr__(self) -> str:  # never the keys themselves
        return f"ContactKeys(current={self.current_id!r}, keys={len(self._keys)})"

    def seal(self, contact: str, organization: str, clue_id: str) -> str:
        """The contact as the text a clue record keeps (a fresh nonce each time)."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(NONCE_BYTES)
        data = AESGCM(self._current).encrypt(
            nonce, contact.encode("utf-8"), _bound_to(organization, clue_id)
        )
        packed = base64.urlsafe_b64encode(nonce + data).decode("ascii")
        return f"{FORMAT}.{self.current_id}.{packed}"

    def open(self, sealed: str, organization: str, clue_id: str) -> str:
        """The contact back, or :class:`PermissionDenied` naming why it cannot be opened."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        tag, _, rest = sealed.partition(".")
        kid, _, packed = rest.partition(".")
        if tag != FORMAT or not kid or not packed:
            raise _refused("contact_sealed_unreadable", clue_id)
        key = self._keys.get(kid)
        if key is None:
            raise _refused("contact_key_unknown", clue_id, key=kid)
        try:
            raw = base64.urlsafe_b64decode(packed.encode("ascii"))
            text = AESGCM(key).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], _bound_to(organization, clue_id)
            )
            return text.decode("utf-8")
        except (InvalidTag, ValueError, binascii.Error, UnicodeDecodeError):
            raise _refused("contact_sealed_unreadable", clue_id) from None


def _bound_to(organization: str, clue_id: str) -> bytes:
    return f"sqmy-contact/1\x00{organization}\x00{clue_id}".encode()


def _refused(code: str, clue_id: str, **params: Any) -> ConfigurationError:
    """Not the reader's fault: the deployment gives no key, or not the one it was sealed with."""
    return ConfigurationError([Problem("", code, {"clue": repr(clue_id), **params})])


def keys_relative_to(settings: Mapping[str, Any], folder: str | os.PathLike[str]) -> dict[str, Any]:
    """The settings with each relative ``[contacts]`` key file made relative to ``folder``.

    Settings read from a file (:func:`~sqmy_core.workspace.files.load_settings`)
    name their key files as the person who wrote the file sees them: next
    to it, whatever directory the command is run from (a service's working
    directory is rarely the configuration's).  Settings given as a mapping
    (embedding) keep paths relative to the working directory.  Values of a
    wrong type are left for :func:`contact_keys` to report.
    """
    table = settings.get(TABLE)
    if not isinstance(table, Mapping):
        return dict(settings)

    def placed(name: Any) -> Any:
        return os.path.join(folder, name) if isinstance(name, str) and name else name

    moved = dict(table)
    if "key_file" in moved:
        moved["key_file"] = placed(moved["key_file"])
    if isinstance(moved.get("previous_key_files"), list):
        moved["previous_key_files"] = [placed(n) for n in moved["previous_key_files"]]
    return {**settings, TABLE: moved}


def contact_keys(settings: Mapping[str, Any]) -> ContactKeys | None:
    """The ``[contacts]`` keys of the settings, None when there is no such table.

    Raises :class:`SettingsError` listing every problem (the key's value is
    never shown, only where it was looked for).
    """
    table = settings.get(TABLE)
    if table is None:
        return None
    if not isinstance(table, Mapping):
        raise SettingsError([Problem(TABLE, "contact_settings_not_table")])
    problems = [
        Problem(f"{TABLE}.{k}", "contact_settings_unknown_key", {"known": ", ".join(KNOWN_KEYS)})
        for k in table
        if k not in KNOWN_KEYS
    ]
    current: list[bytes] = []
    previous: list[bytes] = []
    for key, into, many in (
        ("key_file", current, False),
        ("key_env", current, False),
        ("previous_key_files", previous, True),
        ("previous_key_envs", previous, True),
    ):
        if key not in table:
            continue
        values = table[key] if many else [table[key]]
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            expected = "contact_settings_names" if many else "contact_settings_name"
            problems.append(Problem(f"{TABLE}.{key}", expected))
            continue
        for i, name in enumerate(values):
            path = f"{TABLE}.{key}[{i}]" if many else f"{TABLE}.{key}"
            found = _read_key(path, name, from_file=key.endswith("files") or key == "key_file")
            if isinstance(found, Problem):
                problems.append(found)
            else:
                into.append(found)
    if not problems and len(current) != 1:
        problems.append(Problem(TABLE, "contact_settings_one_key"))
    if problems:
        raise SettingsError(problems)
    return ContactKeys(current[0], previous)


def _read_key(path: str, name: str, *, from_file: bool) -> bytes | Problem:
    """The key a file or an environment variable holds, or the problem (never its value)."""
    if from_file:
        try:
            with open(name, "rb") as f:
                text = f.read(MAX_KEY_FILE + 1)
        except OSError as exc:
            return Problem(
                path, "contact_key_file_unreadable", {"file": name, "reason": exc.strerror}
            )
        if len(text) > MAX_KEY_FILE:
            return Problem(path, "contact_key_malformed", {"where": name})
        raw = text.decode("ascii", errors="replace")
    else:
        value = os.environ.get(name)
        if value is None:
            return Problem(path, "contact_key_env_missing", {"name": name})
        raw = value
    text_key = raw.strip().replace("-", "+").replace("_", "/")  # urlsafe base64 too
    try:
        key = base64.b64decode(text_key.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        key = b""
    if len(key) != KEY_BYTES:
        return Problem(path, "contact_key_malformed", {"where": name})
    return key
