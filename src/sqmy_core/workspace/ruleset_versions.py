"""The ruleset-version half of :class:`~sqmy_core.workspace.workspace.Workspace`.

Putting a ruleset in force is its own recorded act (who, when, from which
date), kept beside every earlier version; opening a workspace never does
it.  Which version governs which year is :mod:`sqmy_core.workspace.versions`'s
rule.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import tomli_w

from sqmy_core.errors import ConfigurationError, Problem
from sqmy_core.plugins import ruleset_extensions
from sqmy_core.rules import Ruleset, parse_ruleset, unstructure
from sqmy_core.scoring.clock import parse_offset
from sqmy_core.storage import EventStore, RulesetVersion
from sqmy_core.storage.checks import require_aware, text_sha256
from sqmy_core.workspace import versions
from sqmy_core.workspace.audit import Audited, command
from sqmy_core.workspace.audit_claims import ruleset_claim
from sqmy_core.workspace.files import load_ruleset

STORED_RULESET = "<workspace ruleset>"
"""How a stored version is named in a message about it (with its number)."""


class RulesetVersions(Audited):
    """Applying rulesets and choosing the one for a year."""

    store: EventStore
    ruleset: Ruleset
    pinned: bool
    parsed_versions: dict[str, Ruleset]
    """Stored versions already parsed, by digest (parsing is the slow part of choosing)."""

    @command("apply_ruleset", "ruleset")
    def apply_ruleset(
        self,
        ruleset: Ruleset | str | Path,
        *,
        actor: str,
        at: datetime,
        effective_from: date | None = None,
        source: str | None = None,
        request_id: str | None = None,
    ) -> RulesetVersion:
        """Put a ruleset in force: keep it as a new version, the only thing this writes.

        ``ruleset`` is a loaded ruleset, TOML text (``str``) or a file
        (``Path``).  It governs from ``effective_from``, else from its own
        ``effective_from`` key, else from 1 January of the year of ``at``
        (in the ruleset's time zone).  Every earlier version is kept; which
        one assesses which year is :mod:`sqmy_core.workspace.versions`'s
        rule.  The text kept is the resolved ruleset (``extends`` already
        applied), with its SHA-256.
        """
        if isinstance(ruleset, Path):
            source = source or str(ruleset)
            rs = load_ruleset(ruleset)
        elif isinstance(ruleset, str):
            rs = parse_ruleset(ruleset, source or "<ruleset>", extensions_for=ruleset_extensions)
        else:
            rs = ruleset
        if rs.organization != self.store.organization:
            raise ConfigurationError(
                [
                    Problem(
                        "organization",
                        "ruleset_other_organization",
                        {"found": repr(rs.organization), "expected": repr(self.store.organization)},
                    )
                ]
            )
        require_aware(at, "at")
        start = effective_from or rs.effective_from
        if start is None:
            start = date(at.astimezone(parse_offset(rs.year.timezone)).year, 1, 1)
        text = version_text(rs)
        with self.store.transaction():
            kept = self.store.add_ruleset_version(
                text,
                source or rs.title,
                sha256=text_sha256(text),
                actor=actor,
                applied_at=at,
                effective_from=start,
            )
            self._audit_commit(ruleset_claim(kept))
        self.parsed_versions[kept.sha256] = rs
        self._registry_changed()
        if not self.pinned:
            now_current = versions.current(self.store.ruleset_versions())
            if now_current is not None:
                self.ruleset = self._ruleset_of(now_current)
        return kept

    def _registry_changed(self) -> None:
        """The Workspace's: what an assessment reads beside the pieces has changed."""

    def ruleset_versions(self) -> list[RulesetVersion]:
        """Every version the workspace has had, in the order they were applied."""
        return self.store.ruleset_versions()

    def ruleset_for(self, year: int) -> Ruleset:
        """The ruleset that assesses ``year``: the pinned one, else the version in force for it."""
        if self.pinned:
            return self.ruleset
        chosen = versions.for_year(self.store.ruleset_versions(), year)
        return self.ruleset if chosen is None else self._ruleset_of(chosen)

    def _ruleset_of(self, version: RulesetVersion) -> Ruleset:
        parsed = self.parsed_versions.get(version.sha256)
        if parsed is None:
            parsed = self.parsed_versions[version.sha256] = parse_version(version)
        return parsed


def parse_version(version: RulesetVersion) -> Ruleset:
    """A stored version's ruleset (resolved already; plugin rule kinds found as when applied)."""
    return parse_ruleset(
        version.text, f"{STORED_RULESET} v{version.number}", extensions_for=ruleset_extensions
    )


def version_text(ruleset: Ruleset) -> str:
    """The text a version keeps: the resolved ruleset as TOML (two equal rulesets, one text)."""
    return tomli_w.dumps(unstructure(ruleset))
