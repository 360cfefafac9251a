"""Which ruleset version governs what: the rule for choosing among a workspace's versions.

A workspace keeps every ruleset it has had (see
:class:`~sqmy_core.storage.RulesetVersion`).  Choosing one is pure: no
clock, no store, only the versions and the year or the moment asked about.

* **Assessing a year** uses the version in force on the last day of that
  year: the latest version whose ``effective_from`` is on or before 31
  December, ties broken by the later application.  A version that starts
  mid-year therefore governs the whole year it starts in; a policy whose
  points change mid-year says so inside one ruleset, with rule windows
  (``applies_from`` / ``applies_until`` on ``[[scoring.rules]]``).
* **Before the first version**: a year that ends before every version's
  effective date is assessed under the earliest version (by effective date,
  then application), so records imported for the years before a workspace
  existed can still be assessed under the rules it started with.
* **The current version** (what workflow commands, reminders and imports
  run under) is the one in force on the latest effective date: the greatest
  ``effective_from``, ties broken by the later application.  A version
  applied with a future date governs commands from the moment it is
  applied; assessments still choose by year.

A version kept before versions were recorded has no ``effective_from``: it
governs from the beginning (:data:`BEGINNING`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqmy_core.storage import RulesetVersion

BEGINNING = date.min
"""The effective date of a version that has none (kept before versions were recorded)."""


def effective(version: RulesetVersion) -> date:
    return version.effective_from or BEGINNING


def current(versions: Sequence[RulesetVersion]) -> RulesetVersion | None:
    """The version commands run under (see the module docstring), or None when there is none."""
    return max(versions, key=lambda v: (effective(v), v.number), default=None)


def for_year(versions: Sequence[RulesetVersion], year: int) -> RulesetVersion | None:
    """The version that assesses ``year`` (see the module docstring), or None when there is none."""
    last_day = date(year, 12, 31)
    started = [v for v in versions if effective(v) <= last_day]
    if started:
        return max(started, key=lambda v: (effective(v), v.number))
    return min(versions, key=lambda v: (effective(v), v.number), default=None)
