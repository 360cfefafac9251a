"""How ``sqmy piece`` shows a piece: one JSON document, or a few lines in the chosen language.

The document is what a script reads after a write (``--format json``):
the piece's status, stage and version (the ``--expected-version`` of the
next command), and its outcomes so far; times keep their offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqmy_core.i18n import message
from sqmy_core.interchange.times import format_time
from sqmy_core.model.vocab import (
    EVENT_NAMES,
    LEVEL_NAMES,
    OUTCOME_NAMES,
    RANK_NAMES,
    ROUTE_NAMES,
)
from sqmy_core.rules import Ruleset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.scoring.clock import parse_offset
from sqmy_core.storage import StoredEvent
from sqmy_core.workflow import PieceState
from sqmy_core.workflow.permissions import now_phrase, status_phrase
from sqmy_core.workflow.state import current_stage


def _t(moment: datetime | None) -> str | None:
    return format_time(moment) if moment is not None else None


def piece_doc(ruleset: Ruleset, state: PieceState, lang: str) -> dict[str, Any]:
    """The piece as a JSON-ready document (``status_text`` and ``now`` in ``lang``)."""
    stage = current_stage(ruleset, state)
    return {
        "piece": state.id,
        "title": state.title,
        "authors": list(state.authors),
        "unit": state.unit,
        "status": state.status,
        "status_text": status_phrase(ruleset, state).render(lang),
        "stage": stage.id if stage is not None else None,
        "version": state.version,
        "submitted_at": _t(state.submitted_at),
        "approved_at": _t(state.approved_at),
        "dispatches": [{"route": d.route, "to": d.to, "at": _t(d.at)} for d in state.dispatches],
        "adoptions": [{"body": a.body, "at": _t(a.at)} for a in state.adoptions],
        "instructions": [
            {"level": i.level, "rank": i.rank, "at": _t(i.at)} for i in state.instructions
        ],
        "handlings": [
            {"outcome": h.outcome, "department": h.department, "at": _t(h.at)}
            for h in state.handlings
        ],
        "now": now_phrase(ruleset, state).render(lang),
    }


def piece_lines(ruleset: Ruleset, state: PieceState, lang: str) -> list[str]:
    """The piece in a few lines: title, status and version, outcomes, who may act now."""
    doc = piece_doc(ruleset, state, lang)
    zone = parse_offset(ruleset.year.timezone)

    def local(moment: datetime) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    sep = "、" if lang == "zh" else ", "
    name = _namer(ruleset, lang)
    lines = [
        message("office.show_head", lang, piece=state.id, title=state.title),
        message(
            "office.show_status",
            lang,
            status=doc["status_text"],
            version=state.version,
            authors=sep.join(state.authors),
            submitted=local(state.submitted_at),
        ),
    ]
    outcomes = [
        *(
            message("office.show_dispatch", lang, route=name("route", d.route), at=local(d.at))
            for d in state.dispatches
        ),
        *(
            message("office.show_adoption", lang, body=name("body", a.body), at=local(a.at))
            for a in state.adoptions
        ),
        *(
            message(
                "office.show_instruction",
                lang,
                level=name("level", i.level),
                rank=name("rank", i.rank),
                at=local(i.at),
            )
            for i in state.instructions
        ),
        *(
            message("office.show_handling", lang, outcome=name("outcome", h.outcome), at=local(h.at))
            for h in state.handlings
        ),
    ]
    lines.extend(f"  {o}" for o in outcomes)
    lines.append(doc["now"])
    return lines


def _namer(ruleset: Ruleset, lang: str) -> Callable[[str, str], str]:
    """Words by their Chinese names in Chinese (the ruleset's declared bodies and ranks too),
    by their ids in English."""
    if lang != "zh":
        return lambda _kind, ident: ident
    d = declarations_of(ruleset)
    names: dict[str, Mapping[str, str]] = {
        "route": ROUTE_NAMES,
        "body": {b.id: b.name for b in d.bodies.values() if b.name},
        "level": LEVEL_NAMES,
        "rank": {**RANK_NAMES, **{r.id: r.name for r in ruleset.vocabulary.ranks if r.name}},
        "outcome": OUTCOME_NAMES,
    }
    return lambda kind, ident: names[kind].get(ident, ident)


def history_docs(events: Sequence[StoredEvent]) -> list[dict[str, Any]]:
    """The stream as stored, oldest first (the audit trail of one piece)."""
    return [
        {"version": e.version, "type": e.type, "at": format_time(e.at), "actor": e.actor,
         "data": dict(e.data)}
        for e in events
    ]


def history_line(event: StoredEvent, timezone: str, lang: str) -> str:
    """One event: its version, local time, type (named in Chinese) and who did it."""
    zone = parse_offset(timezone)
    name = EVENT_NAMES.get(event.type, event.type) if lang == "zh" else event.type
    details = ", ".join(
        f"{k}={v}" for k, v in event.data.items() if k not in ("authors", "title") and v is not None
    )
    return message(
        "office.history_line",
        lang,
        version=event.version,
        at=event.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        type=name,
        actor=event.actor or "—",
        details=details or "—",
    )


__all__ = ["history_docs", "history_line", "piece_doc", "piece_lines"]
