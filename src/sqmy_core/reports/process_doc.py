"""The 计分标准 items on the year, the scope and the process: deadlines, the
calendar, review stages, reminders, bulletins, notifications, plugin steps,
and the glossary of declared vocabularies and attributes."""

from __future__ import annotations

from sqmy_core.i18n import message
from sqmy_core.reports.similar_doc import similar_items
from sqmy_core.reports.words import Namer, join, num, sentences, text_of
from sqmy_core.rules.spec import Ruleset

Item = tuple[str, str, str]


def year_items(n: Namer, rs: Ruleset) -> list[Item]:
    lang = n.lang
    y = rs.year
    parts = [message("doc.year.tz", lang, tz=y.timezone)]
    if y.attribution == "event":
        parts.append(message("doc.year.event", lang))
    elif y.grace_until:
        month, day = (int(x) for x in y.grace_until.split("-"))
        parts.append(message("doc.year.grace", lang, month=month, day=day))
    else:
        parts.append(message("doc.year.submission", lang))
    out = [(y.clause, message("doc.title.year", lang), sentences(parts, lang))]
    s = rs.scope
    parts = [message("doc.scope.people", lang, roles=n.words("role", s.roles))]
    if s.unit_kinds:
        parts.append(message("doc.scope.units", lang, kinds=n.words("unit_kind", s.unit_kinds)))
    out.append((s.clause, message("doc.title.scope", lang), sentences(parts, lang)))
    return out


def process_items(n: Namer, rs: Ruleset) -> list[Item]:
    lang = n.lang
    out: list[Item] = []
    d = rs.deadlines
    if d is not None:
        routes = join(
            (
                message("doc.deadline.route", lang, route=n.word("route", r), days=days)
                for r, days in d.routes.items()
            ),
            lang,
        )
        text = message(f"doc.deadline.{d.count}", lang, routes=routes)
        out.append((d.clause, message("doc.title.deadlines", lang), text))
    c = rs.calendar
    if tuple(c.weekend) != (6, 7) or c.holidays or c.workdays:
        days = join((message(f"doc.weekday.{w}", lang) for w in c.weekend), lang)
        parts = [message("doc.calendar.weekend", lang, days=days)]
        if c.holidays:
            parts.append(
                message(
                    "doc.calendar.holidays", lang, n=len(c.holidays), days=join(c.holidays, lang)
                )
            )
        if c.workdays:
            parts.append(
                message(
                    "doc.calendar.workdays", lang, n=len(c.workdays), days=join(c.workdays, lang)
                )
            )
        out.append(("", message("doc.title.calendar", lang), sentences(parts, lang)))
    r = rs.review
    if r is not None:
        parts = [
            message(
                "doc.review.stages",
                lang,
                n=len(r.stages),
                names=join((n.label(s.name, s.id) for s in r.stages), lang),
            )
        ]
        if r.require_checks:
            parts.append(message("doc.review.checks", lang, checks=n.words("check", r.checks)))
        parts.append(message(f"doc.review.return.{r.return_to}", lang))
        if not r.authors_may_review:
            parts.append(message("doc.review.no_own", lang))
        out.append((r.clause, message("doc.title.review", lang), sentences(parts, lang)))
        for i, st in enumerate(r.stages):
            parts = [
                message(
                    "doc.stage",
                    lang,
                    nth=i + 1,
                    role=n.word("role", st.role),
                    decisions=n.words("decision", st.decisions),
                )
            ]
            if st.escalate_role:
                parts.append(
                    message("doc.stage.escalate", lang, role=n.word("role", st.escalate_role))
                )
            if st.require_checks is not None:
                parts.append(message(f"doc.stage.checks.{str(st.require_checks).lower()}", lang))
            out.append((st.clause, n.label(st.name, st.id), sentences(parts, lang)))
    out += _notice_items(n, rs)
    for step in rs.steps:
        params = join((f"{k} = {text_of(v)}" for k, v in (step.params or {}).items()), lang)
        text = message(
            "doc.step",
            lang,
            kind=step.kind,
            stage=message(f"doc.stage_name.{step.stage}", lang),
            params=params or "—",
        )
        out.append((step.clause, n.label(step.label, step.id), text))
    return out


def _notice_items(n: Namer, rs: Ruleset) -> list[Item]:
    lang = n.lang
    out: list[Item] = []
    for rem in rs.reminders:
        if rem.about == "quota":
            quotas = rem.quotas or tuple(q.id for q in rs.quotas)
            names = join(
                (n.label(next((q.label for q in rs.quotas if q.id == x), ""), x) for x in quotas),
                lang,
            )
            text = message(
                "doc.reminder.quota",
                lang,
                every=message(f"doc.every.{rem.every or 'month'}", lang),
                on=message(f"doc.on.{rem.on}", lang),
                month=rem.from_month,
                quotas=names,
            )
        else:
            kinds = (
                n.words("call_kind", rem.call_kinds)
                if rem.call_kinds
                else message("doc.any_call", lang)
            )
            text = message("doc.reminder.call_due", lang, days=rem.days_before or 0, kinds=kinds)
        out.append((rem.clause, n.label(rem.label, rem.id), text))
    for b in rs.bulletins:
        metrics = n.words("metric", b.metrics)
        parts = [
            message(
                f"doc.bulletin.{b.covers}",
                lang,
                every=message(f"doc.every.{b.every}", lang),
                who=join((message(f"doc.who.{e}", lang) for e in b.entities), lang),
                metrics=metrics,
            )
        ]
        if b.rates:
            parts.append(
                message(
                    "doc.bulletin.rates",
                    lang,
                    rates=join((message(f"doc.rate_name.{x}", lang) for x in b.rates), lang),
                )
            )
        if b.include_overdue:
            parts.append(message("doc.bulletin.overdue", lang))
        out.append((b.clause, n.label(b.label, b.id), sentences(parts, lang)))
    for note in rs.notifications:
        on = message(f"doc.notify_on.{note.on}", lang)
        if on == f"doc.notify_on.{note.on}":
            on = message("doc.notify_on.event", lang, event=n.word("event", note.on))
        to = join((message(f"doc.notify_to.{t}", lang) for t in note.to), lang)
        text = message("doc.notify", lang, on=on, to=to)
        if note.subject or note.body:
            text += message("doc.notify.own_text", lang)
        out.append((note.clause, message("doc.title.notification", lang, ident=note.id), text))
    cl = rs.clues
    if cl.contact_readers or cl.contact_retention_days is not None or cl.clause:
        parts = [
            message("doc.clues.readers", lang, roles=n.words("role", cl.contact_readers))
            if cl.contact_readers
            else message("doc.clues.no_readers", lang)
        ]
        if cl.contact_retention_days is not None:
            parts.append(message("doc.clues.retention", lang, days=cl.contact_retention_days))
        out.append((cl.clause, message("doc.title.clues", lang), sentences(parts, lang)))
    out += similar_items(rs, lang)
    return out


def glossary(n: Namer, rs: Ruleset) -> list[str]:
    """Lines of the glossary: declared vocabularies, then declared attributes."""
    lang = n.lang
    v = rs.vocabulary
    lines = []
    for b in v.bodies:
        lines.append(
            message("doc.gloss.body", lang, name=b.name, ident=b.id, level=n.word("level", b.level))
        )
    for table, entries in (
        ("rank", v.ranks),
        ("role", v.roles),
        ("unit_kind", v.unit_kinds),
        ("penalty_kind", v.penalty_kinds),
        ("activity_kind", v.activity_kinds),
    ):
        for e in entries:
            lines.append(message(f"doc.gloss.{table}", lang, name=e.name or e.id, ident=e.id))
    for name, decl in rs.attributes.items():
        parts = [message(f"doc.attr.type.{decl.type}", lang)]
        if decl.values:
            parts.append(message("doc.attr.values", lang, values=join(decl.values, lang)))
        parts.append(message("doc.attr.on", lang, on=join(decl.on, lang)))
        if decl.required:
            parts.append(message("doc.attr.required", lang))
        elif decl.default is not None:
            parts.append(message("doc.attr.default", lang, value=text_of(decl.default)))
        clause = (
            f"（{decl.clause}）"
            if decl.clause and lang == "zh"
            else (f" ({decl.clause})" if decl.clause else "")
        )
        lines.append(
            message(
                "doc.gloss.attribute",
                lang,
                name=decl.label or name,
                ident=name,
                clause=clause,
                text=sentences(parts, lang),
            )
        )
    return lines


__all__ = ["glossary", "num", "process_items", "year_items"]
