"""Which rulesets the columnar path computes exactly, and why it declines the others.

The columnar path must give the reference engine's assessment to the last
fraction, so anything it does not implement exactly is declined here, one
reason per feature (naming the ruleset key), and the engine falls back to the
event-by-event ledger.  Plugin rule kinds and plugin steps always run in the
reference: they see Python records, which the columnar path never builds.
"""

from __future__ import annotations

from sqmy_core.rules.spec import Ruleset


def unsupported(rs: Ruleset) -> tuple[str, ...]:
    """Why the columnar path cannot compute ``rs`` (empty: it can, exactly)."""
    out: list[str] = []
    for i, step in enumerate(rs.steps):
        out.append(f"steps[{i}]: plugin step {step.kind!r} (stage {step.stage})")
    if rs.scoring.split.author_factors:
        out.append("scoring.split.author_factors: per-author factors")
    for i, rule in enumerate(rs.scoring.rules):
        if rule.kind is not None:
            out.append(f"scoring.rules[{i}].kind: plugin rule kind {rule.kind!r}")
        if rule.split is not None and rule.split.author_factors:
            out.append(f"scoring.rules[{i}].split.author_factors: per-author factors")
    for i, pen in enumerate(rs.penalties):
        if pen.on != "penalized":
            out.append(f"penalties[{i}].on: penalties on {pen.on!r}")
    grace = rs.year.grace_until
    if grace is not None and grace[:2] == "02" and grace[3:5] == "29":
        out.append("year.grace_until: a grace day of 29 February")
    return tuple(out)
