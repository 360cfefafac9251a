"""Checking a ``sqmy-backup/2`` document before anything of it is restored.

A backup file is user input: it may be truncated, edited by hand or meant
for another organization.  Every problem is collected with its key path
(``events[12].version``), what was expected and what was found, and the
whole document is refused when there is one: a restore never starts on a
document it would have to stop half way through.  Beyond types, the checks
are what a store could not restore faithfully: versions numbered in order
with the digest of their text and rulesets that still load, registry
records that pass the dataset validator, stream versions from 1 without a
gap, idempotency ranges that are runs of the event list (each key with the
fingerprint of its request, a SHA-256, or null: a backup written before
fingerprints were kept has none, and such a key restores without one),
outbox delivery states that the store's own marks can reproduce.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final

from sqmy_core.errors import BackupError, Problem, SqmyError
from sqmy_core.model.attributes import Declarations
from sqmy_core.plugins import ruleset_extensions
from sqmy_core.rules import Ruleset, parse_ruleset
from sqmy_core.rules.convert import show
from sqmy_core.rules.declared import declarations_of
from sqmy_core.storage import records
from sqmy_core.storage.checks import text_sha256
from sqmy_core.workspace.backup_audit import AUDIT_KEYS, FORMAT_1, check_audit

FORMAT: Final = "sqmy-backup/2"
FORMATS: Final = (FORMAT_1, FORMAT)
"""Formats read: ``/2`` adds the audit chain and the registry's history (empty when read from ``/1``)."""
KINDS: Final = (
    "unit", "person", "call", "clue", "adjustment", "activity", "webhook", "credential"
)
LATER_KINDS: Final = ("adjustment", "activity", "webhook", "credential")
"""Kinds added after the first backups (``sqmy-dataset/1.1``'s, webhook subscriptions, the
service's credentials, kept as hashes): a backup written before them may lack them (empty)."""
_TOP: Final = ("events", "format", "idempotency", "organization", "outbox", "registry")
_TOP_LISTS: Final = ("ruleset_versions", "events", "idempotency", "outbox")


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, code: str, **params: Any) -> None:
        self.problems.append(Problem(path, code, params))

    def typed(self, value: Any, path: str, kind: str, *, optional: bool = False) -> bool:
        """Whether ``value`` is of ``kind`` (``string`` ``integer`` ``object`` ``list`` ``time``)."""
        if value is None and optional:
            return True
        ok = {
            "string": isinstance(value, str),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "object": isinstance(value, dict),
            "list": isinstance(value, list),
            "time": isinstance(value, str) and _aware(value),
        }[kind]
        if not ok:
            expected = "string_or_null" if optional and kind == "string" else kind
            self.add(path, "wrong_type", expected=expected, found=show(value))
        return ok

    def fields(self, item: Any, path: str, spec: Mapping[str, tuple[str, bool]]) -> bool:
        """An object with exactly these keys, each of its kind; whether all were right."""
        if not self.typed(item, path, "object"):
            return False
        before = len(self.problems)
        for key in sorted(set(item) - set(spec)):
            self.add(f"{path}.{key}", "unknown_key")
        for key, (kind, optional) in spec.items():
            if key not in item:
                self.add(f"{path}.{key}", "missing")
            else:
                self.typed(item[key], f"{path}.{key}", kind, optional=optional)
        return len(self.problems) == before


def _aware(text: str) -> bool:
    try:
        return datetime.fromisoformat(text).utcoffset() is not None
    except ValueError:
        return False


_VERSION: Final = {
    "number": ("integer", False),
    "text": ("string", False),
    "source": ("string", False),
    "sha256": ("string", False),
    "actor": ("string", True),
    "applied_at": ("time", True),
    "effective_from": ("string", True),
}
_EVENT: Final = {
    "stream": ("string", False),
    "version": ("integer", False),
    "type": ("string", False),
    "at": ("time", False),
    "actor": ("string", True),
    "data": ("object", False),
}
_KEY: Final = {
    "key": ("string", False),
    "stream": ("string", False),
    "first_version": ("integer", False),
    "last_version": ("integer", False),
    "fingerprint": ("string", True),
}
_FINGERPRINT: Final = re.compile(r"[0-9a-f]{64}")
_ITEM: Final = {
    "channel": ("string", False),
    "key": ("string", False),
    "kind": ("string", False),
    "recipients": ("list", False),
    "subject": ("string", False),
    "body": ("string", False),
    "created_at": ("time", False),
    "piece": ("string", True),
    "data": ("object", False),
    "attempts": ("integer", False),
    "next_attempt_at": ("time", False),
    "delivered_at": ("time", True),
    "last_error": ("string", True),
}


def check_backup(
    doc: Any, source: str, organization: str, rulesets: Sequence[Ruleset] = ()
) -> dict[str, Any]:
    """The document, checked whole; raises :class:`BackupError` naming every problem.

    ``rulesets`` are rulesets the store's commands ran under without being
    put in force (a workspace opened with a pinned ruleset keeps no
    version): the registry is checked against them too, so roles and unit
    kinds they declared restore.  They are tried before the kept versions.
    """
    c = _Checker()
    if not c.typed(doc, "", "object"):
        raise BackupError(c.problems, source)
    if doc.get("format") not in FORMATS:
        c.add("format", "unknown_value", what="format", found=show(doc.get("format")),
              allowed=", ".join(FORMATS))  # fmt: skip
        raise BackupError(c.problems, source)
    later = AUDIT_KEYS if doc["format"] == FORMAT else ()
    for key in sorted(set(doc) - {*_TOP, "ruleset_versions", *later}):
        c.add(key, "unknown_key")
    org = doc.get("organization")
    if c.typed(org, "organization", "string") and org != organization:
        c.add("organization", "backup_other_organization", found=repr(org),
              expected=repr(organization))  # fmt: skip
    for key in (*_TOP_LISTS, *later):
        if key not in doc:
            c.add(key, "missing")
        else:
            c.typed(doc[key], key, "list")
    registry = doc.get("registry")
    if c.typed(registry, "registry", "object"):
        registry = {**{k: [] for k in LATER_KINDS}, **registry}
        c.fields(registry, "registry", {k: ("list", False) for k in KINDS})
    if c.problems:
        raise BackupError(c.problems, source)
    for rs in rulesets:
        if rs.organization != organization:
            c.add("ruleset", "backup_other_organization", found=repr(rs.organization),
                  expected=repr(organization))  # fmt: skip
    if c.problems:
        raise BackupError(c.problems, source)
    kept = _check_versions(c, doc["ruleset_versions"], organization)
    _check_registry(c, registry, [*kept, *rulesets])
    # a key backed up before fingerprints were kept has none: restored without one, it is
    # honoured as it always was (see sqmy_core.workspace.guards.check_recalled)
    keys = [{"fingerprint": None, **k} if isinstance(k, dict) else k for k in doc["idempotency"]]
    _check_events(c, doc["events"], keys)
    _check_outbox(c, doc["outbox"])
    if later and not c.problems:
        c.problems.extend(check_audit(doc, registry))
    if c.problems:
        raise BackupError(c.problems, source)
    return {**{k: [] for k in AUDIT_KEYS}, **doc, "registry": registry, "idempotency": keys}


def _check_versions(c: _Checker, versions: list[Any], organization: str) -> list[Ruleset]:
    rulesets: list[Ruleset] = []
    for n, v in enumerate(versions):
        path = f"ruleset_versions[{n}]"
        if not c.fields(v, path, _VERSION):
            continue
        if v["number"] != n + 1:
            c.add(f"{path}.number", "wrong_type", expected=str(n + 1), found=show(v["number"]))
        if v["sha256"] != text_sha256(v["text"]):
            c.add(f"{path}.sha256", "backup_digest")
        if v["effective_from"] is not None:
            try:
                date.fromisoformat(v["effective_from"])
            except ValueError:
                c.add(f"{path}.effective_from", "not_a_date", found=show(v["effective_from"]))
        try:
            rs = parse_ruleset(v["text"], f"{path}.text", extensions_for=ruleset_extensions)
        except SqmyError as exc:
            c.add(f"{path}.text", "backup_ruleset", reason=exc.problems[0].render())
            continue
        if rs.organization != organization:
            c.add(f"{path}.text", "backup_other_organization", found=repr(rs.organization),
                  expected=repr(organization))  # fmt: skip
        rulesets.append(rs)
    return rulesets


def _check_records(registry: Mapping[str, list[Any]], rulesets: list[Ruleset]) -> None:
    """The registry must pass the dataset validator under one of the versions' declarations.

    Each record was checked under the version current when it was
    registered; which one is not kept, so any version will do (the latest
    is tried first, and its problems are the ones reported).
    """
    roles = {r for rs in rulesets for r in rs.reviewer_roles}
    tried: list[Declarations | None] = [declarations_of(rs) for rs in reversed(rulesets)]
    first: SqmyError | None = None
    for declarations in tried or [None]:
        try:
            records.check_records(
                units=registry["unit"],
                people=registry["person"],
                calls=registry["call"],
                adjustments=registry["adjustment"],
                activities=registry["activity"],
                extra_roles=roles,
                declarations=declarations,
                source="registry",
            )
            return
        except SqmyError as exc:
            first = first or exc
    assert first is not None
    raise first


def _check_registry(
    c: _Checker, registry: Mapping[str, list[Any]], rulesets: list[Ruleset]
) -> None:
    for kind in KINDS:
        seen: set[str] = set()
        for n, record in enumerate(registry[kind]):
            path = f"registry.{kind}[{n}]"
            if c.typed(record, path, "object") and c.typed(
                record.get("id"), f"{path}.id", "string"
            ):
                if record["id"] in seen:
                    c.add(f"{path}.id", "duplicate_id", found=repr(record["id"]))
                seen.add(record["id"])
    if c.problems:
        return
    try:
        _check_records(registry, rulesets)
        for doc in registry["clue"]:
            records.check_clue(records.clue_of(doc))
    except SqmyError as exc:
        c.problems.extend(Problem(f"registry: {p.path}", p.code, p.params) for p in exc.problems)
    except (KeyError, TypeError, ValueError):
        c.add("registry.clue", "backup_record")


def _check_events(c: _Checker, events: list[Any], keys: list[Any]) -> None:
    last: dict[str, int] = {}
    where: dict[tuple[str, int], int] = {}
    for n, e in enumerate(events):
        path = f"events[{n}]"
        if not c.fields(e, path, _EVENT):
            continue
        if not e["stream"] or e["version"] != last.get(e["stream"], 0) + 1:
            c.add(f"{path}.version", "backup_version_gap", found=show(e["version"]))
        last[e["stream"]] = e["version"]
        where[(e["stream"], e["version"])] = n
    seen: set[str] = set()
    for n, k in enumerate(keys):
        path = f"idempotency[{n}]"
        if not c.fields(k, path, _KEY):
            continue
        if k["key"] in seen or not k["key"]:
            c.add(f"{path}.key", "duplicate_id", found=repr(k["key"]))
        seen.add(k["key"])
        if k["fingerprint"] is not None and not _FINGERPRINT.fullmatch(k["fingerprint"]):
            c.add(f"{path}.fingerprint", "backup_fingerprint", found=show(k["fingerprint"]))
        start = where.get((k["stream"], k["first_version"]))
        size = k["last_version"] - k["first_version"] + 1
        run = [] if start is None or size < 1 else events[start : start + size]
        if len(run) != size or any(
            e["stream"] != k["stream"] or e["version"] != k["first_version"] + i
            for i, e in enumerate(run)
        ):
            c.add(path, "backup_key_range", key=repr(k["key"]))


def _check_outbox(c: _Checker, items: list[Any]) -> None:
    seen: set[tuple[str, str]] = set()
    for n, item in enumerate(items):
        path = f"outbox[{n}]"
        if not c.fields(item, path, _ITEM):
            continue
        for i, r in enumerate(item["recipients"]):
            c.typed(r, f"{path}.recipients[{i}]", "string")
        if not item["channel"] or not item["key"] or (item["channel"], item["key"]) in seen:
            c.add(f"{path}.key", "duplicate_id", found=repr(item["key"]))
        seen.add((item["channel"], item["key"]))
        failures = item["attempts"] - (item["delivered_at"] is not None)
        never_retried = failures <= 0 and item["next_attempt_at"] != item["created_at"]
        if failures < 0 or never_retried or (failures > 0 and item["last_error"] is None):
            c.add(path, "backup_delivery", attempts=item["attempts"])
