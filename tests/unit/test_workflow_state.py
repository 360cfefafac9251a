"""The fold over a piece's stream, the message texts, and the harness the other workflow tests share.

The harness (:class:`Flow`) plays the part of the embedding service: it
keeps one stream in memory, appends what a command returns and folds the
stream again, so each test reads like the office's day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from sqmy_core.errors import PermissionDenied, SqmyError, TransitionNotAllowed
from sqmy_core.i18n import CATALOG, message
from sqmy_core.i18n import workflow as catalog
from sqmy_core.model import Person, vocab
from sqmy_core.rules.load import load_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.storage import NewEvent, StoredEvent
from sqmy_core.testing.builder import at
from sqmy_core.workflow import commands as cmd
from sqmy_core.workflow.state import PieceState, fold
from sqmy_core.workflow.text import text, words

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
ALL_CHECKS = ("political", "policy", "factual", "format", "wording")
PIECE = "2024-017"

AUTHOR = Person("p001", "张三", ["member"])
CO_AUTHOR = Person("p002", "李四", ["member"])
OUTSIDER = Person("p009", "陈九", ["member"])
STAFF = Person("s01", "机关干部甲", ["staff"])
EXPERT = Person("e01", "专家甲", ["expert"])
REVIEWERS = {
    "district": (
        Person("r1", "社法委审核人", ["reviewer_initial"]),
        Person("r2", "分管副主席", ["reviewer_deputy"]),
        Person("r3", "主席", ["reviewer_chair"]),
    ),
    "committee": (
        Person("c1", "委办专人", ["editor"]),
        Person("c2", "办公室主任", ["office_director"]),
        Person("c3", "专委会领导", ["committee_leader"]),
    ),
}
EVERY_ROLE = (
    "reviewer_initial",
    "reviewer_deputy",
    "reviewer_chair",
    "editor",
    "office_director",
    "committee_leader",
    "expert",
    "staff",
)


def as_author_with_every_role(person: Person) -> Person:
    """The same author, also holding every reviewer role (to test the self-review ban)."""
    return Person(person.id, person.name, (*person.roles, *EVERY_ROLE))


@cache
def ruleset(name: str) -> Ruleset:
    return load_ruleset(RULESETS / f"{name}.toml")


def stored(piece: str, new: Sequence[NewEvent], start: int = 0) -> list[StoredEvent]:
    """What a store would hand back for ``new`` appended after ``start`` events."""
    return [
        StoredEvent(piece, start + i + 1, start + i + 1, e.type, e.at, e.actor, dict(e.data))
        for i, e in enumerate(new)
    ]


class Flow:
    """One piece's stream in memory; every step is an hour after the previous one."""

    def __init__(self, rs: Ruleset, piece: str = PIECE, start: str = "2024-03-01 09:00") -> None:
        self.rs = rs
        self.piece = piece
        self.clock = at(start)
        self.events: list[StoredEvent] = []

    def now(self) -> datetime:
        self.clock += timedelta(hours=1)
        return self.clock

    @property
    def state(self) -> PieceState:
        return fold(self.rs, self.events)

    def append(self, new: list[NewEvent]) -> list[NewEvent]:
        self.events += stored(self.piece, new, len(self.events))
        return new

    def submit(self, *authors: Person, actor: Person | None = None, **kw: Any) -> PieceState:
        authors = authors or (AUTHOR, CO_AUTHOR)
        kw.setdefault("title", "关于加快老旧小区改造的建议")
        self.append(
            cmd.submit(
                self.rs,
                self.piece,
                authors=[a.id for a in authors],
                actor=actor or authors[0],
                now=self.now(),
                **kw,
            )
        )
        return self.state

    def review(
        self, actor: Person, decision: str, checks: Sequence[str] = ALL_CHECKS, **kw: Any
    ) -> list[NewEvent]:
        return self.append(
            cmd.review(
                self.rs,
                self.state,
                actor=actor,
                decision=decision,
                checks=checks,
                now=self.now(),
                **kw,
            )
        )

    def do(self, command: Any, actor: Person, **kw: Any) -> list[NewEvent]:
        return self.append(command(self.rs, self.state, actor=actor, now=self.now(), **kw))

    def pass_to(self, stage: int) -> PieceState:
        """Pass every stage before ``stage`` (by the ruleset's reviewers)."""
        for k in range(stage):
            self.review(REVIEWERS[self.rs.organization][k], "pass")
        return self.state

    def approve(self, routes: Sequence[str] = ()) -> PieceState:
        n = len(REVIEWERS[self.rs.organization])
        self.pass_to(n - 1)
        self.review(REVIEWERS[self.rs.organization][n - 1], "pass", routes=routes)
        return self.state


def refusal(exc: pytest.ExceptionInfo[SqmyError]) -> tuple[str, str]:
    """The refusal in Chinese and in English."""
    return exc.value.render(), exc.value.render("en")


# --------------------------------------------------------------------------- fold


def test_submission_starts_in_review_at_the_first_stage() -> None:
    flow = Flow(ruleset("district"))
    s = flow.submit(unit="sec-econ", topic="城乡建设", call="c1", clue="k7")
    assert (s.status, s.stage, s.version) == ("in_review", 0, 1)
    assert s.authors == ("p001", "p002")
    assert (s.unit, s.topic, s.call, s.clue) == ("sec-econ", "城乡建设", "c1", "k7")
    assert s.submitted_at == at("2024-03-01 10:00")
    assert not s.decided


def test_version_counts_events_and_updated_at_is_the_last_event() -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    flow.pass_to(2)
    s = flow.state
    assert s.version == len(flow.events) == 3
    assert s.updated_at == flow.events[-1].at


def test_an_empty_stream_or_one_without_submission_is_no_piece() -> None:
    with pytest.raises(ValueError):
        fold(ruleset("district"), [])
    ev = StoredEvent(PIECE, 1, 1, "approved", at("2024-03-01"), None, {})
    with pytest.raises(ValueError):
        fold(ruleset("district"), [ev])


def test_outcome_events_alone_set_the_status_as_imports_have_them() -> None:
    rs = ruleset("district")
    sub = NewEvent("submitted", at("2024-03-01"), None, {"title": "t", "authors": ["p001"]})
    appr = NewEvent("approved", at("2024-03-05 10:00"), None, {"routes": []})
    s = fold(rs, stored(PIECE, [sub, appr]))
    assert (s.status, s.approved_at, s.stage) == ("approved", at("2024-03-05 10:00"), 2)
    returned = NewEvent("returned", at("2024-03-05 10:00"), None, {})
    assert fold(rs, stored(PIECE, [sub, returned])).status == "returned"


def test_unknown_event_types_and_stages_are_skipped() -> None:
    rs = ruleset("district")
    sub = NewEvent("submitted", at("2024-03-01"), None, {"title": "t", "authors": ["p001"]})
    odd = NewEvent("commented", at("2024-03-02"), None, {})
    old = NewEvent("reviewed", at("2024-03-03"), "r1", {"stage": "gone", "decision": "pass"})
    s = fold(rs, stored(PIECE, [sub, odd, old]))
    assert (s.status, s.stage, s.version) == ("in_review", 0, 3)


# --------------------------------------------------------------------------- texts


def test_every_workflow_message_has_both_languages() -> None:
    for code, templates in catalog.MESSAGES.items():
        assert set(templates) == {"zh", "en"}, code
        assert CATALOG[code] is templates


def test_chinese_words_are_the_vocabulary_names() -> None:
    for d, name in vocab.DECISION_NAMES.items():
        assert catalog.NOUNS[f"wf_decision_{d}"]["zh"] == name
    for c, name in vocab.CHECK_NAMES.items():
        assert catalog.NOUNS[f"wf_check_{c}"]["zh"] == name


def test_words_and_phrases_render_in_the_language_of_the_outer_template() -> None:
    w = words("check", ["political", "wording"])
    assert (format(w, "zh"), format(w, "en"), str(w)) == (
        "政治关、文字关",
        "political, wording",
        "政治关、文字关",
    )
    now = text("wf_now_returned", authors=words("", ["p001", "p002"]))
    assert message("wf_withdraw_after_decision", "zh", piece="x", now=now).endswith(
        "现在只有作者（p001、p002）可以修改后重新提交"
    )
    assert "the authors (p001, p002) may revise" in message(
        "wf_withdraw_after_decision", "en", piece="x", now=now
    )


def test_refusal_classes_are_the_library_errors() -> None:
    assert issubclass(TransitionNotAllowed, SqmyError)
    assert issubclass(PermissionDenied, SqmyError)
