"""Which spec scenarios (and so which clauses) a draft ruleset breaks or mends.

The organization's specs are run twice, once against the baseline ruleset and
once against the draft (:mod:`sqmy_core.bdd.spec_runs`); each run gives one
:class:`ScenarioRun` per scenario (per example row of an outline).  Comparing
them by where the scenario is written says which clauses the draft no longer
meets -- the ones the office must either write new numbers for (the policy
changed on purpose) or fix in the draft (it did not).  Pure: runs in, verdicts out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from attrs import frozen

__all__ = ["ClauseDiff", "Outcome", "ScenarioRun", "clause_diff", "clause_tags"]

Outcome = Literal["passed", "failed", "skipped", "xfailed", "xpassed"]
"""A scenario's result; ``xfailed``/``xpassed``: one tagged ``@engine_bug`` (an expected failure)."""

_FAILING: frozenset[str] = frozenset({"failed", "xpassed"})


@frozen
class ScenarioRun:
    """One scenario's result in one run: where it is written, its tags, what happened."""

    key: str
    """``feature:line`` plus the example's id for an outline row: the same in both runs."""
    feature: str
    """The feature file, relative to the specs' root where it lies under it."""
    line: int
    name: str
    tags: tuple[str, ...]
    """The scenario's and its feature's tags (``第五条第2款`` ...), sorted."""
    outcome: Outcome
    message: str = ""
    """Why it failed, as the spec plugin says it (Chinese, file, line, step, numbers)."""

    @property
    def failing(self) -> bool:
        return self.outcome in _FAILING


@frozen
class ClauseDiff:
    """The two runs side by side: what the draft breaks, what it mends, how many fail in each."""

    scenarios: int
    baseline_failing: int
    draft_failing: int
    now_failing: tuple[tuple[ScenarioRun, ScenarioRun | None], ...]
    """(draft's run, baseline's run) of each scenario that fails under the draft only."""
    now_passing: tuple[tuple[ScenarioRun, ScenarioRun | None], ...]
    """(draft's run, baseline's run) of each scenario that fails under the baseline only."""


def clause_tags(run: ScenarioRun) -> tuple[str, ...]:
    """The tags that name clauses (``第五条``, ``第五条第2款``, ``变体12``), the others left out."""
    return tuple(t for t in run.tags if t.startswith(("第", "变体")))


def clause_diff(baseline: Iterable[ScenarioRun], draft: Iterable[ScenarioRun]) -> ClauseDiff:
    """Compare two runs of the same specs; a scenario found in one run only counts as not failing
    in the other (it cannot be: both runs read the same files)."""
    old = {r.key: r for r in baseline}
    new = {r.key: r for r in draft}
    order = sorted(old.keys() | new.keys(), key=lambda k: _where(old.get(k) or new[k]))
    now_failing = []
    now_passing = []
    for key in order:
        a, b = old.get(key), new.get(key)
        fails_a = a is not None and a.failing
        fails_b = b is not None and b.failing
        if fails_b and not fails_a:
            assert b is not None
            now_failing.append((b, a))
        elif fails_a and not fails_b:
            assert a is not None
            now_passing.append((b or a, a))
    return ClauseDiff(
        scenarios=len(old.keys() | new.keys()),
        baseline_failing=sum(1 for r in old.values() if r.failing),
        draft_failing=sum(1 for r in new.values() if r.failing),
        now_failing=tuple(now_failing),
        now_passing=tuple(now_passing),
    )


def _where(run: ScenarioRun) -> tuple[str, int, str]:
    return (run.feature, run.line, run.key)
