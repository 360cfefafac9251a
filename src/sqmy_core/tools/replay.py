"""Replay a generated ``sqmy-dataset/1`` document through the real workflow (a simulated year).

:func:`replay` is not an import: it drives a :class:`~sqmy_core.workspace.workspace.Workspace`
with the commands an OA system would have sent, one at a time and in global
time order, so every rule of the workflow (review levels, the five checks,
the self-review ban, resubmission from the first level, staff-only
dispatch and records) is exercised and written to the event log exactly as
in production.

How the document's records become commands:

- units, people and calls are registered first (``register_*``);
- each piece is submitted at its ``submitted_at`` by its first author;
- ``reviewed`` events become ``review`` commands at their stage, by their
  actor when that person holds the stage's role and is not an author
  (otherwise by another holder of the role: counted in
  :attr:`ReplayReport.adapted`); a ``pass`` confirms every check of the
  ruleset, other decisions confirm none;
- an ``approved`` / ``returned`` / ``rejected`` event that no ``reviewed``
  event explains (the generator records the review levels of only some
  pieces) becomes the passes of the levels before it plus the deciding
  level's decision: an approval is the last level's pass, a return or
  rejection is taken at the level whose role the event's actor holds; the
  passes get times spread evenly between the (re)submission and the
  decision;
- after a return, the first author resubmits halfway between the return and
  the next review (a return the document never follows up stays returned);
- an ``escalate`` is followed, halfway to the next review, by the
  ``expert_opinion`` of a holder of the stage's ``escalate_role``;
- the last level's pass plans the routes the piece is later dispatched on
  (so a late dispatch stands in the overdue queue until it is made);
- ``dispatched`` / ``adopted`` / ``instructed`` / ``handled`` become the staff
  commands, by a ``staff`` person (preferably not an author).

Commands of all pieces are then run sorted by time (a piece's own commands
keep their order).  A command the workflow refuses is not retried or
hidden: it is counted in :attr:`ReplayReport.skipped` under its reason,
with its message in :attr:`ReplayReport.examples`, and the rest of that
piece's commands are skipped (and counted) too.  A document that suits the
ruleset replays with nothing skipped.  Records a ruleset has no command for
(review outcomes under a ruleset without ``[review]``) are counted in
``skipped`` as ``no_review``.

Pure of clocks: every time comes from the document.  Choices of people are
deterministic (round robin over a role's holders in the document's order),
so the same document gives the same event log.

Besides the replay, a few refusals are demonstrated on the way (each at
most once, on the first piece where it applies, and before the command it
accompanies): a pass without the last of the five checks, a staff dispatch
before approval, an author reviewing own piece, a non-staff author recording
a staff record.  They must be refused, and change nothing; their messages
are kept in :attr:`ReplayReport.refusals`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from itertools import groupby
from typing import Any, Final

from attrs import frozen

from sqmy_core import workflow
from sqmy_core.errors import PermissionDenied, SqmyError, TransitionNotAllowed
from sqmy_core.interchange import parse_dataset
from sqmy_core.model import Dataset, Event, Person, Piece
from sqmy_core.rules import Ruleset
from sqmy_core.rules.spec import StageSpec
from sqmy_core.tools.synth import PROFILES, REVIEW_STAGES, REVIEWER_ROLES
from sqmy_core.workflow import OverdueItem, PieceState
from sqmy_core.workflow.permissions import STAFF_ROLE
from sqmy_core.workspace.workspace import Workspace

OUTCOME_DECISION: Final = {"approved": "pass", "returned": "return", "rejected": "reject"}
STAFF_COMMANDS: Final = {
    "dispatched": "dispatch",
    "adopted": "record_adoption",
    "instructed": "record_instruction",
    "handled": "record_handling",
}
COMMAND_KINDS: Final = (
    "register_unit",
    "register_person",
    "register_call",
    "submit",
    "review",
    "expert_opinion",
    "resubmit",
    "dispatch",
    "record_adoption",
    "record_instruction",
    "record_handling",
)
"""Every command kind a replay may count, in report order."""

EXPERT_OPINIONS: Final = (
    "经专家联合复核，所反映情况属实，政策依据准确，同意继续审核。",
    "经专家联合复核，专业表述已核实，建议按程序继续审核。",
    "经专家联合复核，数据来源可靠，对策建议可行。",
)

_COMMANDS: Final[Mapping[str, Callable[..., PieceState]]] = {
    "submit": Workspace.submit,
    "review": Workspace.review,
    "expert_opinion": Workspace.expert_opinion,
    "resubmit": Workspace.resubmit,
    "dispatch": Workspace.dispatch,
    "record_adoption": Workspace.record_adoption,
    "record_instruction": Workspace.record_instruction,
    "record_handling": Workspace.record_handling,
}


@frozen
class Refusal:
    """A command the replay sent on purpose to show a rule, and the workflow's refusal."""

    rule: str  # checks_missing / dispatch_before_approval / self_review / not_staff
    piece: str
    command: str
    actor: str
    error: str  # TransitionNotAllowed / PermissionDenied
    code: str  # the problem's message code
    message: str  # the refusal as an OA system would show it (Chinese)


@frozen
class ReplayReport:
    """What a replay did.

    ``commands``: commands run, by kind (:data:`COMMAND_KINDS` order, zeros
    left out); ``reviews``: review commands by decision; ``adapted``: where
    the replay departed from the document to satisfy the workflow, by
    reason; ``skipped``: records or commands not replayed, by reason (empty
    for a document that suits the ruleset); ``examples``: the first few
    messages behind ``skipped``; ``synthesized_passes``: review passes the
    document implied but did not record; ``late_dispatches``: dispatches made
    after their deadline; ``first_event`` / ``last_event``: the times of the
    first and last command run; ``overdue_peak``: the overdue queue
    (``Workspace.overdue``) as it stood during the replay at
    ``overdue_peak_at``, the moment when most planned dispatches were late at
    once (the latest such moment; empty when none ever was).
    """

    profile: str
    pieces: int
    commands: Mapping[str, int]
    reviews: Mapping[str, int]
    adapted: Mapping[str, int]
    skipped: Mapping[str, int]
    examples: tuple[str, ...]
    refusals: tuple[Refusal, ...]
    synthesized_passes: int
    late_dispatches: int
    first_event: datetime | None
    last_event: datetime | None
    overdue_peak_at: datetime | None = None
    overdue_peak: tuple[OverdueItem, ...] = ()

    @property
    def total_commands(self) -> int:
        return sum(self.commands.values())

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())


@frozen
class _Cmd:
    """One planned command: when, on which piece, what, and with which arguments."""

    at: datetime
    order: int  # the piece's position in the document
    seq: int  # the command's position among the piece's commands
    kind: str
    piece: str
    args: dict[str, Any]
    stage: int | None = None  # review: the stage index it decides at
    due: datetime | None = None  # dispatch: the route's deadline


def _between(a: datetime, b: datetime, frac: float) -> datetime:
    """A moment ``frac`` of the way from ``a`` to ``b``, strictly inside when possible.

    Whole minutes when that keeps it strictly inside (the document's own
    precision), else whole seconds, else ``b`` itself (equal times keep the
    piece's command order).
    """
    span = (b - a).total_seconds()
    offset = span * frac
    for unit in (60, 1):
        step = int(offset // unit) * unit
        if 0 < step < span:
            return a + timedelta(seconds=step)
    return b


class _People:
    """Who holds which role, and deterministic round-robin choices among them."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.by_id = {p.id: p for p in people}
        self.holders: dict[str, list[str]] = {}
        for p in people:
            for r in p.roles:
                self.holders.setdefault(r, []).append(p.id)
        self.turn: Counter[str] = Counter()

    def holds(self, person: str | None, role: str) -> bool:
        p = self.by_id.get(person) if person is not None else None
        return p is not None and role in p.roles

    def next(self, role: str, avoid: Iterable[str] = ()) -> str | None:
        avoided = set(avoid)
        pool = [p for p in self.holders.get(role, ()) if p not in avoided]
        if not pool:
            return None
        choice = pool[self.turn[role] % len(pool)]
        self.turn[role] += 1
        return choice


# Private control flow: the planner raises it to stop one piece, the runner catches
# it and counts the reason in the report; it never reaches a caller.
class _Skip(Exception):
    """A record of the document that cannot be planned; the piece's replay stops there."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


class _Planner:
    """Turns each piece's records into the commands that would have produced them."""

    def __init__(self, ruleset: Ruleset, dataset: Dataset, profile: str) -> None:
        self.ruleset = ruleset
        self.review = ruleset.review
        self.stages: tuple[StageSpec, ...] = tuple(self.review.stages) if self.review else ()
        self.stage_ids = {st.id: i for i, st in enumerate(self.stages)}
        self.generated_ids = {s: i for i, (s, _) in enumerate(REVIEW_STAGES[profile])}
        self.people = _People(dataset.people)
        self.adapted: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.examples: list[str] = []
        self.synthesized = 0
        self.commands: list[_Cmd] = []
        self.late_windows: list[tuple[datetime, datetime | None]] = []  # (due, dispatched)
        self.checks = tuple(self.review.checks) if self.review else ()

    # ------------------------------------------------------------------ helpers

    def skip(self, reason: str, detail: str, count: int = 1) -> None:
        self.skipped[reason] += count
        if len(self.examples) < 10:
            self.examples.append(detail)

    def stage_of(self, ev: Event) -> int:
        """The ruleset stage index of a ``reviewed`` event (by id, else by generated position)."""
        if ev.stage in self.stage_ids:
            return self.stage_ids[ev.stage]
        pos = self.generated_ids.get(ev.stage or "")
        if pos is not None and pos < len(self.stages):
            self.adapted["stage_mapped_by_position"] += 1
            return pos
        raise _Skip("unknown_stage", f"{ev.piece}: 审级 {ev.stage!r} 不在规则集中")

    def reviewer(self, k: int, piece: Piece, wanted: str | None) -> str:
        stage = self.stages[k]
        avoid = () if self.review is not None and self.review.authors_may_review else piece.authors
        if wanted is not None:
            if not self.people.holds(wanted, stage.role):
                self.adapted["reviewer_lacks_role"] += 1
            elif wanted in avoid:
                self.adapted["reviewer_is_author"] += 1
            else:
                return wanted
        chosen = self.people.next(stage.role, avoid)
        if chosen is None:
            raise _Skip("no_reviewer", f"{piece.id}: 没有可审核的“{stage.role}”（均为作者或无人）")
        return chosen

    def expert(self, k: int, piece: Piece) -> str:
        role = self.stages[k].escalate_role
        chosen = self.people.next(role, piece.authors) if role else None
        if chosen is None:
            raise _Skip("no_expert", f"{piece.id}: 没有可出具专家意见的“{role}”")
        return chosen

    def staff(self, piece: Piece, wanted: str | None) -> str:
        if wanted is not None:
            if self.people.holds(wanted, STAFF_ROLE):
                return wanted
            self.adapted["staff_actor_not_staff"] += 1
        chosen = self.people.next(STAFF_ROLE, piece.authors) or self.people.next(STAFF_ROLE)
        if chosen is None:
            raise _Skip("no_staff", f"{piece.id}: 没有机关干部（staff）可登记")
        return chosen

    # ------------------------------------------------------------------ one piece

    def plan(self, order: int, piece: Piece, events: Sequence[Event]) -> None:
        _PiecePlan(self, order, piece, events).run()


class _PiecePlan:
    """The replay state of one piece while its records are planned as commands."""

    def __init__(
        self, planner: _Planner, order: int, piece: Piece, events: Sequence[Event]
    ) -> None:
        self.p = planner
        self.order = order
        self.piece = piece
        self.events = sorted(events, key=lambda e: e.at)
        self.cmds: list[_Cmd] = []
        self.status = "in_review" if planner.review is not None else "accepted"
        self.stage = 0
        self.last = piece.submitted_at
        self.approved_at: datetime | None = None
        self.open_review: tuple[str, datetime, dict[str, Any]] | None = None  # outcome to absorb
        routes: list[str] = []
        for e in self.events:
            if e.type == "dispatched" and e.route and e.route not in routes:
                routes.append(e.route)
        self.routes = routes

    def add(self, at: datetime, kind: str, **args: Any) -> dict[str, Any]:
        stage = args.pop("_stage", None)
        due = args.pop("_due", None)
        self.cmds.append(
            _Cmd(at, self.order, len(self.cmds), kind, self.piece.id, args, stage, due)
        )
        self.last = max(self.last, at)
        return args

    def run(self) -> None:
        pc = self.piece
        self.add(
            pc.submitted_at,
            "submit",
            authors=list(pc.authors),
            actor=pc.authors[0],
            title=pc.title,
            unit=pc.unit,
            call=pc.call,
            topic=pc.topic,
        )
        for i, ev in enumerate(self.events):
            try:
                self.record(ev)
            except _Skip as skip:
                self.p.skip(skip.reason, str(skip))
                rest = len(self.events) - i - 1
                if rest:
                    self.p.skip("after_skipped", f"{pc.id}: 其后 {rest} 条记录未重放", rest)
                break
        self.p.commands.extend(self.cmds)
        self.note_late_windows()

    def note_late_windows(self) -> None:
        """The planned routes dispatched after their deadline (or not by the end)."""
        if self.approved_at is None or self.status != "approved":
            return
        sent: dict[str, datetime] = {}
        for c in self.cmds:
            if c.kind == "dispatch":
                sent.setdefault(str(c.args["route"]), c.at)
        for route in self.routes:
            due = workflow.due_at(self.p.ruleset, self.approved_at, route)
            end = sent.get(route)
            if due is not None and (end is None or end > due):
                self.p.late_windows.append((due, end))

    # ------------------------------------------------------------------ records

    def record(self, ev: Event) -> None:
        if ev.type in STAFF_COMMANDS:
            self.staff_record(ev)
            return
        if ev.type not in OUTCOME_DECISION and ev.type != "reviewed":
            raise _Skip("unknown_event", f"{ev.piece}: 未知事件类型 {ev.type!r}")
        if self.p.review is None:
            self.p.skip("no_review", f"{ev.piece}: 规则集没有审核环节，{ev.type} 不作为命令重放")
            return
        if ev.type in OUTCOME_DECISION and self.absorb(ev):
            return
        self.open_review = None
        self.reopen(ev.at)
        if self.status != "in_review":
            raise _Skip("out_of_order", f"{ev.piece}: {ev.type} 发生在稿件{self.status}之后")
        if ev.type == "reviewed":
            k = self.p.stage_of(ev)
            decision = ev.decision or ""
            wanted = ev.actor
        else:
            decision = OUTCOME_DECISION[ev.type]
            k = self.outcome_stage(ev)
            wanted = ev.actor
        if k < self.stage:
            raise _Skip(
                "stage_out_of_order", f"{ev.piece}: 审级 {k + 1} 早于当前审级 {self.stage + 1}"
            )
        self.passes_until(k, ev.at)
        self.decide(k, decision, ev.at, wanted, ev.note, ev.type)

    def absorb(self, ev: Event) -> bool:
        """An outcome recorded with the review that produced it: fold its note into that review."""
        if self.open_review is None:
            return False
        kind, at, args = self.open_review
        if kind != ev.type or at != ev.at:
            return False
        self.open_review = None
        if ev.note and not args.get("note"):
            args["note"] = ev.note
        return True

    def reopen(self, at: datetime) -> None:
        """What must happen before the next review: a resubmission, an expert's opinion."""
        if self.status == "returned":
            when = _between(self.last, at, 0.5)
            self.add(when, "resubmit", actor=self.piece.authors[0])
            review = self.p.review
            self.stage = 0 if review is None or review.return_to == "first" else self.stage
            self.status = "in_review"
        elif self.status == "expert_review":
            when = _between(self.last, at, 0.5)
            opinion = EXPERT_OPINIONS[self.order % len(EXPERT_OPINIONS)]
            self.add(
                when, "expert_opinion", actor=self.p.expert(self.stage, self.piece), opinion=opinion
            )
            self.status = "in_review"

    def outcome_stage(self, ev: Event) -> int:
        """The stage an outcome without its ``reviewed`` events was decided at."""
        last = len(self.p.stages) - 1
        if ev.type == "approved":
            return last
        for k in range(self.stage, last + 1):
            if self.p.people.holds(ev.actor, self.p.stages[k].role):
                return k
        self.p.adapted["outcome_stage_unknown"] += 1
        return self.stage

    def passes_until(self, k: int, at: datetime) -> None:
        """The passes of the levels from the current one up to (not including) ``k``."""
        n = k - self.stage
        start = self.last
        for j in range(n):
            when = _between(start, at, (j + 1) / (n + 1))
            self.decide(self.stage, "pass", when, None, None, None)
            self.p.synthesized += 1

    def decide(
        self,
        k: int,
        decision: str,
        at: datetime,
        wanted: str | None,
        note: str | None,
        source: str | None,
    ) -> None:
        stage = self.p.stages[k]
        if decision not in stage.decisions:
            raise _Skip(
                "decision_not_allowed",
                f"{self.piece.id}: 审级“{stage.name or stage.id}”不允许 {decision!r}",
            )
        actor = self.p.reviewer(k, self.piece, wanted)
        last = k == len(self.p.stages) - 1
        routes = list(self.routes) if decision == "pass" and last else []
        args = self.add(
            at,
            "review",
            actor=actor,
            decision=decision,
            checks=list(self.p.checks) if decision == "pass" else [],
            note=note,
            routes=routes,
            _stage=k,
        )
        if decision == "pass":
            if last:
                self.status, self.approved_at = "approved", at
                outcome: str | None = "approved"
            else:
                self.stage, outcome = k + 1, None
        elif decision == "escalate":
            self.status, self.stage, outcome = "expert_review", k, None
        else:
            self.status, self.stage = ("returned" if decision == "return" else "rejected"), k
            outcome = "returned" if decision == "return" else "rejected"
        if source == "reviewed" and outcome is not None:
            self.open_review = (outcome, at, args)

    def staff_record(self, ev: Event) -> None:
        if self.status not in ("approved", "accepted"):
            raise _Skip("not_approved", f"{ev.piece}: {ev.type} 发生在审定通过之前")
        kind = STAFF_COMMANDS[ev.type]
        if ev.note:
            self.p.adapted["staff_note_dropped"] += 1
        actor = self.p.staff(self.piece, ev.actor)
        if kind == "dispatch":
            due = None
            if self.approved_at is not None:
                due = workflow.due_at(self.p.ruleset, self.approved_at, ev.route)
            self.add(ev.at, kind, actor=actor, route=ev.route, to=ev.to, _due=due)
        elif kind == "record_adoption":
            self.add(ev.at, kind, actor=actor, body=ev.body)
        elif kind == "record_instruction":
            self.add(ev.at, kind, actor=actor, level=ev.level, rank=ev.rank)
        else:
            self.add(ev.at, kind, actor=actor, outcome=ev.outcome, department=ev.department)


def _peak(
    windows: Sequence[tuple[datetime, datetime | None]], end: datetime | None
) -> datetime | None:
    """The moment most windows (due, dispatched) are open at once; the latest such moment.

    A window is open at ``t`` when ``due < t <= dispatched`` (the dispatch at
    ``t`` not yet made); one never closed counts until ``end``.
    """
    moments = [e for _, e in windows if e is not None]
    if end is not None and any(e is None for _, e in windows):
        moments.append(end)
    best: tuple[int, datetime] | None = None
    for t in moments:
        n = sum(1 for due, e in windows if due < t and (e is None or t <= e))
        if n and (best is None or (n, t) >= best):
            best = (n, t)
    return None if best is None else best[1]


class _Runner:
    """Runs the planned commands in time order, with the demonstrated refusals on the way."""

    def __init__(self, ws: Workspace, planner: _Planner) -> None:
        self.ws = ws
        self.p = planner
        self.peak_due: datetime | None = None  # when to take the overdue snapshot
        self.peak_at: datetime | None = None
        self.peak: list[OverdueItem] = []
        self.counts: Counter[str] = Counter()
        self.reviews: Counter[str] = Counter()
        self.late = 0
        self.refusals: list[Refusal] = []
        self.shown: set[str] = set()
        self.broken: set[str] = set()
        self.first: datetime | None = None
        self.last: datetime | None = None
        self.authors: dict[str, tuple[str, ...]] = {}
        self.versions: dict[str, int] = {}
        """Each piece's version after its last command: the next one's expected version (the
        replay is the only writer, so no command is refused for it)."""

    def run(self, commands: Sequence[_Cmd]) -> None:
        ordered = sorted(commands, key=lambda c: (c.at, c.order, c.seq))
        peak = _peak(self.p.late_windows, ordered[-1].at if ordered else None)
        self.peak_due = peak
        for _, day in groupby(ordered, key=lambda c: c.at.date()):
            with self.ws.store.transaction():  # one commit per simulated day
                for cmd in day:
                    self.step(cmd)
        if self.peak_due is not None:
            self.snapshot(self.peak_due)

    def step(self, cmd: _Cmd) -> None:
        if self.peak_due is not None and cmd.at >= self.peak_due:
            self.snapshot(self.peak_due)
        if cmd.piece in self.broken:
            self.p.skip("after_refusal", f"{cmd.piece}: {cmd.kind} 未执行（此前有命令被拒绝）")
            return
        self.demonstrate(cmd)
        seen = self.versions.get(cmd.piece, 0)
        try:
            done = _COMMANDS[cmd.kind](
                self.ws, cmd.piece, now=cmd.at, expected_version=seen, **cmd.args
            )
        except (TransitionNotAllowed, PermissionDenied) as exc:
            code = exc.problems[0].code if exc.problems else type(exc).__name__
            self.p.skip(f"refused:{code}", f"{cmd.piece} {cmd.kind}: {exc.render()}")
            self.broken.add(cmd.piece)
            return
        if cmd.kind == "submit":
            self.authors[cmd.piece] = tuple(cmd.args["authors"])
        self.versions[cmd.piece] = done.version
        self.counts[cmd.kind] += 1
        if cmd.kind == "review":
            self.reviews[cmd.args["decision"]] += 1
        if cmd.kind == "dispatch" and cmd.due is not None and cmd.at > cmd.due:
            self.late += 1
        self.first = cmd.at if self.first is None else min(self.first, cmd.at)
        self.last = cmd.at if self.last is None else max(self.last, cmd.at)

    def snapshot(self, at: datetime) -> None:
        self.peak_due = None
        self.peak_at = at
        self.peak = self.ws.overdue(at)

    # ------------------------------------------------------------------ refusals shown

    def demonstrate(self, cmd: _Cmd) -> None:
        authors = self.authors.get(cmd.piece, ())
        if cmd.kind == "review" and cmd.stage is not None:
            self._checks_missing(cmd)
            self._dispatch_before_approval(cmd)
            self._self_review(cmd, authors)
        elif cmd.kind in STAFF_COMMANDS.values() and authors:
            self._not_staff(cmd, authors[0])

    def _expect(
        self,
        rule: str,
        cmd: _Cmd,
        kind: str,
        error: type[SqmyError],
        **args: Any,
    ) -> None:
        self.shown.add(rule)
        try:
            seen = self.versions.get(cmd.piece, 0)
            _COMMANDS[kind](self.ws, cmd.piece, now=cmd.at, expected_version=seen, **args)
        except error as exc:
            code = exc.problems[0].code if exc.problems else ""
            self.refusals.append(
                Refusal(
                    rule,
                    cmd.piece,
                    kind,
                    str(args["actor"]),
                    type(exc).__name__,
                    code,
                    exc.render(),
                )
            )
            return
        raise RuntimeError(
            f"the workflow accepted {kind} on {cmd.piece} ({rule}), which it must refuse"
        )

    def _checks_missing(self, cmd: _Cmd) -> None:
        review = self.p.review
        if "checks_missing" in self.shown or review is None or cmd.args["decision"] != "pass":
            return
        stage = self.p.stages[cmd.stage or 0]
        required = review.require_checks if stage.require_checks is None else stage.require_checks
        if not required or not self.p.checks:
            return
        args = {**cmd.args, "checks": list(self.p.checks[:-1]), "routes": []}
        self._expect("checks_missing", cmd, "review", TransitionNotAllowed, **args)

    def _dispatch_before_approval(self, cmd: _Cmd) -> None:
        if "dispatch_before_approval" in self.shown:
            return
        staff = next(iter(self.p.people.holders.get(STAFF_ROLE, ())), None)
        if staff is None:
            return
        self._expect(
            "dispatch_before_approval",
            cmd,
            "dispatch",
            TransitionNotAllowed,
            actor=staff,
            route="direct",
        )

    def _self_review(self, cmd: _Cmd, authors: Sequence[str]) -> None:
        review = self.p.review
        if "self_review" in self.shown or review is None or review.authors_may_review:
            return
        role = self.p.stages[cmd.stage or 0].role
        author = next((a for a in authors if self.p.people.holds(a, role)), None)
        if author is None:
            return
        args = {**cmd.args, "actor": author}
        self._expect("self_review", cmd, "review", PermissionDenied, **args)

    def _not_staff(self, cmd: _Cmd, author: str) -> None:
        if "not_staff" in self.shown or self.p.people.holds(author, STAFF_ROLE):
            return
        args = {**cmd.args, "actor": author}
        self._expect("not_staff", cmd, cmd.kind, PermissionDenied, **args)


def _register(ws: Workspace, dataset: Dataset, counts: Counter[str]) -> None:
    """Register the document's units, people and calls by the registry commands."""
    for u in dataset.units:
        ws.register_unit(u)
        counts["register_unit"] += 1
    for p in dataset.people:
        ws.register_person(p)
        counts["register_person"] += 1
    for c in dataset.calls:
        ws.register_call(c)
        counts["register_call"] += 1


def replay(ws: Workspace, doc: Mapping[str, Any], *, profile: str) -> ReplayReport:
    """Replay ``doc`` (from :func:`sqmy_core.tools.synth.generate` for ``profile``) as commands on ``ws``.

    The workspace should hold none of the document's pieces yet (a second
    replay into the same workspace fails on the first submission: the piece
    exists).  Raises :class:`~sqmy_core.errors.DatasetError` when the
    document breaks the contract, and ``ValueError`` for an unknown profile;
    refusals of the workflow are counted in the report, never raised.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r} (expected one of: {', '.join(PROFILES)})")
    roles = (*ws.ruleset.reviewer_roles, *REVIEWER_ROLES[profile])
    dataset = parse_dataset(dict(doc), source="replay", extra_roles=roles)
    planner = _Planner(ws.ruleset, dataset, profile)
    events_of: dict[str, list[Event]] = {}
    for ev in dataset.events:
        events_of.setdefault(ev.piece, []).append(ev)
    for order, piece in enumerate(dataset.pieces):
        planner.plan(order, piece, events_of.get(piece.id, ()))
    runner = _Runner(ws, planner)
    _register(ws, dataset, runner.counts)
    runner.run(planner.commands)
    return ReplayReport(
        profile=profile,
        pieces=len(dataset.pieces),
        commands={k: runner.counts[k] for k in COMMAND_KINDS if runner.counts[k]},
        reviews={
            d: runner.reviews[d]
            for d in ("pass", "return", "reject", "escalate")
            if runner.reviews[d]
        },
        adapted=dict(sorted(planner.adapted.items())),
        skipped=dict(sorted(planner.skipped.items())),
        examples=tuple(planner.examples),
        refusals=tuple(runner.refusals),
        synthesized_passes=planner.synthesized,
        late_dispatches=runner.late,
        first_event=runner.first,
        last_event=runner.last,
        overdue_peak_at=runner.peak_at,
        overdue_peak=tuple(runner.peak),
    )


__all__ = ["COMMAND_KINDS", "Refusal", "ReplayReport", "replay"]
