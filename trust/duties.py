"""Separation of duties: role × relationship × state × action, through the commands and through imports.

Each person of the matrix holds one role of the district ruleset and
stands in one relationship to the piece (its author, a co-author, a member
of its unit, of another unit, of none, or someone who left office before
the act).  Pieces are brought to each state by the office's own
reviewers and staff; then every action is tried by every person:

- through the commands: on a Workspace, each attempt inside a transaction
  that is rolled back afterwards, so every attempt sees the same piece;
- through imports: a dataset holding the piece's history and the act as an
  event of that person's, imported into an empty workspace.

What is *expected* is written here from the ruleset's declarations (each
stage's role, decisions and expert role; ``authors_may_review``) and the
policies' words (only authors resubmit and withdraw, only staff record
outcomes, nobody acts after leaving office) -- never by asking the
library's own guard or ``allowed_actions``.  A case counts as *forbidden
allowed* when the library let through what the rules forbid; *allowed
refused* the other way round.  The issue's self-made import (the author
reviews, approves, dispatches and records a national adoption and
instruction of their own piece) must be refused with every record named.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final

from sqmy_core._builtin.memory_store import MemoryStore
from sqmy_core.errors import DatasetError, PermissionDenied, SqmyError, TransitionNotAllowed
from sqmy_core.model import Person, Unit
from sqmy_core.rules.spec import Ruleset
from sqmy_core.testing import DatasetBuilder
from sqmy_core.workspace.files import load_ruleset
from sqmy_core.workspace.workspace import Workspace
from trust import scene
from trust.figures import Figure, Say, quiet

ROLES: Final = (
    "member",
    "reviewer_initial",
    "reviewer_deputy",
    "reviewer_chair",
    "expert",
    "staff",
)
RELATIONS: Final = ("author", "co_author", "same_unit", "other_unit", "no_unit", "out_of_office")
STATES: Final = (
    "initial",
    "expert_review",
    "deputy",
    "chair",
    "returned",
    "rejected",
    "approved",
    "dispatched",
    "adopted",
    "withdrawn",
)
ACTIONS: Final = (
    "review.pass",
    "review.return",
    "review.reject",
    "review.escalate",
    "expert_opinion",
    "resubmit",
    "withdraw",
    "dispatch",
    "record_adoption",
    "record_instruction",
    "record_handling",
)
STAFF_ACTIONS: Final = ("dispatch", "record_adoption", "record_instruction", "record_handling")
IMPORT_STATES: Final = tuple(s for s in STATES if s not in ("expert_review", "withdrawn"))
"""States a dataset can hold (the contract has no expert or withdrawal records)."""
IMPORT_ACTIONS: Final = ("review.pass", "review.return", "review.reject", *STAFF_ACTIONS)
"""Acts a dataset can carry."""
BASE: Final = (
    ("m0", ("member",), ("u1",)),
    ("r1", ("reviewer_initial",), ()),
    ("r2", ("reviewer_deputy",), ()),
    ("r3", ("reviewer_chair",), ()),
    ("e", ("expert",), ()),
    ("s", ("staff",), ()),
)
"""The office that brings pieces to their states; m0 writes the pieces others did not."""
LEFT: Final = scene.T0 - timedelta(days=1)
"""When the out-of-office people left."""
ACT: Final = scene.T0 + timedelta(days=3)
"""When the matrix's acts happen (all steps to a state are earlier)."""


class _Undo(Exception):
    pass


def person_id(role: str, relation: str) -> str:
    return f"{role}.{relation}"


def person_of(role: str, relation: str) -> Person:
    units = {"other_unit": ("u2",), "no_unit": ()}.get(relation, ("u1",))
    until = LEFT if relation == "out_of_office" else None
    return Person(person_id(role, relation), person_id(role, relation), [role], units, until=until)


def authors_for(role: str, relation: str) -> list[str]:
    me = person_id(role, relation)
    return {"author": [me], "co_author": ["m0", me]}.get(relation, ["m0"])


# ------------------------------------------------------------------ the rules, written out


def expected(
    ruleset: Ruleset, role: str, relation: str, state: str, action: str, *, imported: bool = False
) -> bool:
    """May this person take this action in this state?  From the ruleset's declarations."""
    if relation == "out_of_office":
        return False  # the act happens after they left: they hold no office any more
    authorish = relation in ("author", "co_author")
    review = ruleset.review
    assert review is not None
    stages = {s.id: s for s in review.stages}
    first = review.stages[0].id
    if action.startswith("review."):
        at = {"initial": first, "deputy": "deputy", "chair": "chair"}.get(state)
        if imported and state == "returned":  # an import's review after a return: resubmitted
            at = first if review.return_to == "first" else None
        if at is None:
            return False
        stage = stages[at]
        return (
            stage.role == role
            and (not authorish or review.authors_may_review)
            and action.removeprefix("review.") in stage.decisions
        )
    if action == "expert_opinion":
        escalating = next((s for s in review.stages if s.escalate_role), None)
        return (
            state == "expert_review"
            and escalating is not None
            and escalating.escalate_role == role
            and (not authorish or review.authors_may_review)
        )
    if action == "resubmit":
        return state == "returned" and authorish
    if action == "withdraw":
        return state == "initial" and authorish  # in review, before any decision
    if action in STAFF_ACTIONS:
        return state in ("approved", "dispatched", "adopted") and role == "staff"
    raise ValueError(action)


# ------------------------------------------------------------------ through the commands


def _walk(ws: Workspace, piece: str, authors: list[str], state: str) -> None:
    """Bring a new piece to ``state`` by the office's hands."""
    t = iter(scene.T0 + timedelta(hours=h) for h in itertools.count())
    ws.submit(piece, authors=authors, actor="s", now=next(t), title="信息", unit="u1")

    def review(who: str, decision: str) -> None:
        ws.review(piece, actor=who, decision=decision, checks=scene.CHECKS, now=next(t))

    steps: dict[str, list[Callable[[], Any]]] = {
        "initial": [],
        "expert_review": [lambda: review("r1", "escalate")],
        "deputy": [lambda: review("r1", "pass")],
        "chair": [lambda: review("r1", "pass"), lambda: review("r2", "pass")],
        "returned": [lambda: review("r1", "return")],
        "rejected": [lambda: review("r1", "reject")],
        "withdrawn": [lambda: ws.withdraw(piece, actor=authors[0], now=next(t))],
    }
    passed = [
        lambda: review("r1", "pass"),
        lambda: review("r2", "pass"),
        lambda: review("r3", "pass"),
    ]
    dispatch = [
        lambda: ws.dispatch(
            piece, actor="s", route="direct", now=next(t), request_id=f"walk-{piece}-dispatch"
        )
    ]
    adopt = [
        lambda: ws.record_adoption(
            piece, actor="s", body="cppcc-city", now=next(t), request_id=f"walk-{piece}-adopt"
        )
    ]
    steps |= {
        "approved": passed,
        "dispatched": passed + dispatch,
        "adopted": passed + dispatch + adopt,
    }
    for step in steps[state]:
        step()


def _act(ws: Workspace, piece: str, who: str, action: str, now: datetime) -> None:
    """``who`` takes ``action``, the additive ones guarded by the version the piece is at."""
    seen = ws.piece(piece).version
    if action.startswith("review."):
        decision = action.removeprefix("review.")
        ws.review(piece, actor=who, decision=decision, checks=scene.CHECKS, now=now)
    elif action == "expert_opinion":
        ws.expert_opinion(piece, actor=who, opinion="建议通过", now=now)
    elif action == "resubmit":
        ws.resubmit(piece, actor=who, now=now)
    elif action == "withdraw":
        ws.withdraw(piece, actor=who, now=now)
    elif action == "dispatch":
        ws.dispatch(piece, actor=who, route="direct", now=now, expected_version=seen)
    elif action == "record_adoption":
        ws.record_adoption(piece, actor=who, body="cppcc-city", now=now, expected_version=seen)
    elif action == "record_instruction":
        ws.record_instruction(
            piece, actor=who, level="city", rank="principal", now=now, expected_version=seen
        )
    else:
        ws.record_handling(
            piece,
            actor=who,
            outcome="implemented",
            department="住建局",
            now=now,
            expected_version=seen,
        )


def _office(ruleset: Ruleset, people: list[Person]) -> Workspace:
    ws = Workspace(MemoryStore(ruleset.organization), ruleset)
    ws.register_unit(Unit("u1", "经济界", "sector"))
    ws.register_unit(Unit("u2", "教育界", "sector"))
    for pid, roles, units in BASE:
        ws.register_person(Person(pid, pid, list(roles), list(units)))
    for p in people:
        ws.register_person(p)
    return ws


@contextmanager
def _rolled_back(ws: Workspace) -> Iterator[None]:
    try:
        with ws.store.transaction():
            yield
            raise _Undo
    except _Undo:
        pass


class Tally:
    def __init__(self) -> None:
        self.cases = self.forbidden_allowed = self.allowed_refused = 0
        self.errors: list[str] = []
        self.let_through: list[str] = []
        self.held_back: list[str] = []

    def add(self, case: str, want: bool, got: bool | str) -> None:
        self.cases += 1
        if isinstance(got, str):
            self.errors.append(f"{case}: {got}")
        elif got and not want:
            self.forbidden_allowed += 1
            self.let_through.append(case)
        elif want and not got:
            self.allowed_refused += 1
            self.held_back.append(case)


def through_commands(
    ruleset: Ruleset, roles: tuple[str, ...], relations: tuple[str, ...], states: tuple[str, ...]
) -> Tally:
    grid = [(r, rel) for r in roles for rel in relations]
    ws = _office(ruleset, [person_of(r, rel) for r, rel in grid])
    tally = Tally()
    for (role, rel), state in itertools.product(grid, states):
        piece = f"{person_id(role, rel)}@{state}"
        _walk(ws, piece, authors_for(role, rel), state)
        for action in ACTIONS:
            got: bool | str
            try:
                with _rolled_back(ws):
                    _act(ws, piece, person_id(role, rel), action, ACT)
                got = True
            except (PermissionDenied, TransitionNotAllowed):
                got = False
            except SqmyError as exc:
                got = f"{type(exc).__name__}: {exc.render('en')[:160]}"
            tally.add(f"{piece} {action}", expected(ruleset, role, rel, state, action), got)
    return tally


# ------------------------------------------------------------------ through imports


def _history(b: DatasetBuilder, piece: str, state: str) -> None:
    t = iter(f"2024-03-01 {h:02d}:00" for h in range(10, 24))
    passes = (("initial", "r1"), ("deputy", "r2"), ("chair", "r3"))
    upto = {"deputy": 1, "chair": 2, "approved": 3, "dispatched": 3, "adopted": 3}.get(state, 0)
    for stage, who in passes[:upto]:
        b.event(piece, "reviewed", next(t), stage=stage, decision="pass", actor=who)
    if upto == 3:
        b.event(piece, "approved", next(t), stage="chair", actor="r3")
    if state in ("returned", "rejected"):
        decision = "return" if state == "returned" else "reject"
        b.event(piece, "reviewed", next(t), stage="initial", decision=decision, actor="r1")
        b.event(piece, state, next(t), stage="initial", actor="r1")
    if state in ("dispatched", "adopted"):
        b.event(piece, "dispatched", next(t), route="direct", actor="s")
    if state == "adopted":
        b.event(piece, "adopted", next(t), body="cppcc-city", actor="s")


def _imported_act(b: DatasetBuilder, piece: str, who: str, state: str, action: str) -> None:
    when = "2024-03-04 10:00"
    if action.startswith("review."):
        stage = {"deputy": "deputy", "chair": "chair"}.get(state, "initial")
        decision = action.removeprefix("review.")
        b.event(piece, "reviewed", when, stage=stage, decision=decision, actor=who)
        follows = {"return": "returned", "reject": "rejected"}.get(decision)
        if follows is None and stage == "chair":
            follows = "approved"
        if follows:
            b.event(piece, follows, when, stage=stage, actor=who)
    elif action == "dispatch":
        b.event(piece, "dispatched", when, route="direct", actor=who)
    elif action == "record_adoption":
        b.event(piece, "adopted", when, body="cppcc-city", actor=who)
    elif action == "record_instruction":
        b.event(piece, "instructed", when, level="city", rank="principal", actor=who)
    else:
        b.event(piece, "handled", when, outcome="implemented", department="住建局", actor=who)


def _dataset(role: str, rel: str, state: str, action: str) -> Any:
    b = DatasetBuilder().unit("u1", "sector").unit("u2", "sector")
    for pid, roles, units in BASE:
        b.person(pid, *roles, units=units)
    p = person_of(role, rel)
    b.person(p.id, *p.roles, units=tuple(p.units), until=p.until.isoformat() if p.until else None)
    b.piece("x1", *authors_for(role, rel), submitted="2024-03-01 09:00", unit="u1")
    _history(b, "x1", state)
    _imported_act(b, "x1", p.id, state, action)
    return b.build()


def through_imports(
    ruleset: Ruleset, roles: tuple[str, ...], relations: tuple[str, ...], states: tuple[str, ...]
) -> Tally:
    tally = Tally()
    for role, rel, state, action in itertools.product(roles, relations, states, IMPORT_ACTIONS):
        ws = Workspace(MemoryStore(ruleset.organization), ruleset)
        got: bool | str
        try:
            ws.import_dataset(_dataset(role, rel, state, action), actor="s")
            got = True
        except DatasetError as exc:
            codes = {p.code for p in exc.problems}
            got = (
                False
                if all(c.startswith(("wf_", "import_")) for c in codes)
                else (f"DatasetError: {exc.render('en')[:160]}")
            )
        except SqmyError as exc:
            got = f"{type(exc).__name__}: {exc.render('en')[:160]}"
        want = expected(ruleset, role, rel, state, action, imported=True)
        tally.add(f"{person_id(role, rel)}@{state} {action} (import)", want, got)
    return tally


# ------------------------------------------------------------------ the self-made import


def self_made() -> Any:
    """The author, holding every review role, reviews, approves, dispatches and records a
    national adoption and instruction of their own piece."""
    b = DatasetBuilder().unit("sec", "sector")
    b.person("a", "member", "reviewer_initial", "reviewer_deputy", "reviewer_chair", units=("sec",))
    b.person("s", "staff")
    b.piece("x1", "a", submitted="2024-03-01", unit="sec")
    for day, stage in ((2, "initial"), (3, "deputy"), (4, "chair")):
        b.event("x1", "reviewed", f"2024-03-0{day}", stage=stage, decision="pass", actor="a")
    b.event("x1", "approved", "2024-03-04", stage="chair", actor="a")
    b.event("x1", "dispatched", "2024-03-05", route="direct", to="cppcc-national", actor="a")
    b.event("x1", "adopted", "2024-03-20", body="cppcc-national", actor="a")
    b.event("x1", "instructed", "2024-03-25", level="national", rank="principal", actor="a")
    return b.build()


def _self_made_named(ruleset: Ruleset) -> tuple[int, int, int]:
    """(records named in the refusal, records in the dataset, things stored)."""
    ds = self_made()
    ws = Workspace(MemoryStore(ruleset.organization), ruleset)
    named: set[str] = set()
    try:
        ws.import_dataset(ds, actor="s")
    except DatasetError as exc:
        named = {p.path for p in exc.problems if p.code.startswith("wf_")}
    stored = len(ws.store.streams()) + len(ws.store.list("person"))
    wanted = {f"events[{i}]" for i in range(len(ds.events))}
    return len(named & wanted), len(wanted), stored


# ------------------------------------------------------------------ the trial


def trial(profile: Any, directory: Path, say: Say = quiet) -> list[Figure]:
    ruleset = load_ruleset(scene.RULESET)
    roles, relations = profile.duty_roles, profile.duty_relations
    say(
        f"  {len(roles)} 个角色 × {len(relations)} 种关系，经命令……",
        f"  {len(roles)} roles × {len(relations)} relationships, through the commands ...",
    )
    cmd = through_commands(ruleset, roles, relations, profile.duty_states)
    say("  ……经导入……", "  ... and through imports ...")
    imp = through_imports(
        ruleset, roles, relations, tuple(s for s in profile.duty_states if s in IMPORT_STATES)
    )
    figures: list[Figure] = []
    for where, t, n_actions in (
        ("commands", cmd, len(ACTIONS)),
        ("imports", imp, len(IMPORT_ACTIONS)),
    ):
        states = (
            profile.duty_states
            if where == "commands"
            else [s for s in profile.duty_states if s in IMPORT_STATES]
        )
        planned = len(roles) * len(relations) * len(states) * n_actions
        zh = "命令" if where == "commands" else "导入"
        figures += [
            Figure(
                "duties",
                (
                    f"角色 × 关系 × 状态 × 操作（{zh}）",
                    f"role × relationship × state × action cases ({where})",
                ),
                where,
                t.cases,
                "at_least",
                planned,
            ),
            Figure(
                "duties",
                (f"被放行的禁止操作（{zh}）", f"forbidden actions allowed ({where})"),
                where,
                t.forbidden_allowed,
                "none",
                0,
                "; ".join(t.let_through[:4]),
            ),
            Figure(
                "duties",
                (f"被拒绝的允许操作（{zh}）", f"allowed actions refused ({where})"),
                where,
                t.allowed_refused,
                "none",
                0,
                "; ".join(t.held_back[:4]),
            ),
            Figure(
                "duties",
                (f"拒绝之外的错误（{zh}）", f"errors other than a refusal ({where})"),
                where,
                len(t.errors),
                "none",
                0,
                "; ".join(t.errors[:3]),
            ),
        ]
    named, total, stored = _self_made_named(ruleset)
    figures += [
        Figure(
            "duties",
            ("自审自报的导入被拒绝，逐条指明记录", "self-reviewed import refused, records named"),
            "imports",
            named,
            "all",
            total,
        ),
        Figure(
            "duties",
            ("被拒绝的自审自报导入写入的内容", "what the refused self-reviewed import stored"),
            "imports",
            stored,
            "none",
            0,
        ),
    ]
    return figures


__all__ = ["ACTIONS", "RELATIONS", "ROLES", "STATES", "expected", "trial"]
