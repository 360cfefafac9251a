"""Checks of the workflow side of a ruleset: deadlines, calendar, review, reminders,
bulletins, notifications and their templates (the scoring side is in :mod:`.check`)."""

from __future__ import annotations

import string
from collections.abc import Iterator
from datetime import date

from sqmy_core.errors import Problem
from sqmy_core.model import vocab
from sqmy_core.rules.check_common import p as _p
from sqmy_core.rules.check_common import quota_ref as _quota_ref
from sqmy_core.rules.check_common import unique_ids as _unique_ids
from sqmy_core.rules.check_common import vocab_problems as _vocab
from sqmy_core.rules.check_common import words_of
from sqmy_core.rules.spec import Ruleset


def check_deadlines(rs: Ruleset) -> Iterator[Problem]:
    if rs.deadlines is None:
        return
    for route, days in rs.deadlines.routes.items():
        if route not in vocab.ROUTES:
            yield _p(
                f"deadlines.routes.{route}",
                "unknown_value",
                what="route",
                found=repr(route),
                allowed=", ".join(vocab.ROUTES),
            )
        if days < 0:
            yield _p(f"deadlines.routes.{route}", "negative", found=str(days))


def check_calendar(rs: Ruleset) -> Iterator[Problem]:
    cal = rs.calendar
    for i, d in enumerate(cal.weekend):
        if not 1 <= d <= 7:
            yield _p(f"calendar.weekend[{i}]", "out_of_range", low=1, high=7, found=str(d))
    for name in ("holidays", "workdays"):
        for i, text in enumerate(getattr(cal, name)):
            try:
                date.fromisoformat(text)
            except ValueError:
                yield _p(f"calendar.{name}[{i}]", "bad_date", found=repr(text))


def check_review(rs: Ruleset) -> Iterator[Problem]:
    rv = rs.review
    if rv is None:
        return
    if not rv.stages:
        yield _p("review.stages", "empty")
        return
    yield from _unique_ids("review.stages", rv.stages)
    yield from _vocab("review.checks", "check", rv.checks, vocab.CHECKS)
    for i, st in enumerate(rv.stages):
        path = f"review.stages[{i}]"
        yield from _vocab(f"{path}.decisions", "decision", st.decisions, vocab.DECISIONS)
        if "pass" not in st.decisions:
            code = "no_final_approval" if i == len(rv.stages) - 1 else "stage_blocks_next"
            yield _p(f"{path}.decisions", code, stage=st.id)
        if "escalate" in st.decisions and st.escalate_role is None:
            yield _p(
                f"{path}.escalate_role",
                "requires_decision",
                other=f"{path}.decisions",
                value="escalate",
            )
        if st.escalate_role is not None and "escalate" not in st.decisions:
            yield _p(
                f"{path}.escalate_role",
                "only_with_decision",
                other=f"{path}.decisions",
                value="escalate",
            )


def check_reminders(rs: Ruleset) -> Iterator[Problem]:
    person_quotas = {q.id for q in rs.quotas if q.entity == "person"}
    yield from _unique_ids("reminders", rs.reminders)
    for i, r in enumerate(rs.reminders):
        path = f"reminders[{i}]"
        yield from check_reminder_texts(path, r.about, {"subject": r.subject, "body": r.body})
        if not 1 <= r.from_month <= 12:
            yield _p(f"{path}.from_month", "out_of_range", low=1, high=12, found=str(r.from_month))
        if r.about == "quota":
            if r.every is None:
                yield _p(f"{path}.every", "requires_for", other=f"{path}.about", value="quota")
            for j, q in enumerate(r.quotas or ()):
                if q not in person_quotas:
                    yield _quota_ref(f"{path}.quotas[{j}]", q, rs)
        else:
            if r.days_before is None:
                yield _p(
                    f"{path}.days_before", "requires_for", other=f"{path}.about", value="call_due"
                )
            elif r.days_before < 0:
                yield _p(f"{path}.days_before", "negative", found=str(r.days_before))
            if r.call_kinds is not None:
                yield from _vocab(f"{path}.call_kinds", "call_kind", r.call_kinds, vocab.CALL_KINDS)


REMINDER_FIELDS = {
    "quota": ("quota", "done", "required", "organization"),
    "call_due": ("call", "due", "organization"),
}


def check_reminder_texts(path: str, about: str, texts: dict[str, str | None]) -> Iterator[Problem]:
    for key, text in texts.items():
        if text is not None:
            yield from _template(f"{path}.{key}", text, REMINDER_FIELDS[about])


def check_bulletins(rs: Ruleset) -> Iterator[Problem]:
    yield from _unique_ids("bulletins", rs.bulletins)
    words = words_of(rs)
    for i, b in enumerate(rs.bulletins):
        yield from _vocab(f"bulletins[{i}].metrics", "metric", b.metrics, words.metrics)
        measures = ("points", *(f"section:{s}" for s in words.sections))
        yield from _vocab(f"bulletins[{i}].points", "ranking_key", b.points, measures)
        if b.rank_by is not None and b.rank_by not in b.points:
            yield _p(
                f"bulletins[{i}].rank_by",
                "unknown_value",
                what="ranking_key",
                found=repr(b.rank_by),
                allowed=", ".join(b.points) or "—",
            )


NOTIFY_ON = (
    "approved",
    "returned",
    "rejected",
    "dispatched",
    "adopted",
    "instructed",
    "handled",
    "stage_reached",
    "overdue",
)
NOTIFY_TO = ("authors", "reviewers", "staff")


def check_notifications(rs: Ruleset) -> Iterator[Problem]:
    yield from _unique_ids("notifications", rs.notifications)
    for i, n in enumerate(rs.notifications):
        path = f"notifications[{i}]"
        if n.on not in NOTIFY_ON:
            yield _p(
                f"{path}.on",
                "unknown_value",
                what="notify_on",
                found=repr(n.on),
                allowed=", ".join(NOTIFY_ON),
            )
        if not n.to:
            yield _p(f"{path}.to", "empty")
        yield from _vocab(f"{path}.to", "audience", n.to, NOTIFY_TO)
        if "reviewers" in n.to and n.on != "stage_reached":
            yield _p(f"{path}.to", "reviewers_only_on_stage")
        for key in ("subject", "body"):
            text = getattr(n, key)
            if text is not None:
                yield from _template(f"{path}.{key}", text)


TEMPLATE_FIELDS = (
    "piece",
    "title",
    "authors",
    "stage",
    "decision",
    "body_name",
    "level",
    "rank",
    "outcome",
    "route",
    "due",
    "organization",
    "event",
)


def _template(
    path: str, text: str, allowed: tuple[str, ...] = TEMPLATE_FIELDS
) -> Iterator[Problem]:
    """A template may only name the documented placeholders (a typo must not pass)."""
    try:
        parts = [(f, s, c) for _, f, s, c in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        yield _p(path, "bad_template", reason=str(exc))
        return
    for name, spec, conversion in parts:
        if name not in allowed:
            yield _p(
                path, "unknown_placeholder", found=repr(name[:128]), allowed=", ".join(allowed)
            )
        elif spec or conversion:
            # Every field is text: a width like {title:>400000000} would only build a huge string.
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            yield _p(path, "template_format_spec", found="{" + written[:60] + "}", name=name)


MAX_RETENTION_DAYS = 36500
"""A retention beyond a hundred years is a typo, not a policy."""


def check_clues(rs: Ruleset) -> Iterator[Problem]:
    """``[clues]``: readers are roles the ruleset knows; a retention is a sane number of days."""
    c = rs.clues
    roles = (*words_of(rs).decl.roles, *rs.reviewer_roles)
    yield from _vocab("clues.contact_readers", "role", c.contact_readers, roles)
    days = c.contact_retention_days
    if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
        yield _p(
            "clues.contact_retention_days",
            "int_out_of_range",
            low=1,
            high=MAX_RETENTION_DAYS,
            found=str(days),
        )
