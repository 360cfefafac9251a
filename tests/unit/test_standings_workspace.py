"""A workspace's live standings after random command sequences.

Hypothesis draws sequences of commands an OA system sends (submit, review
decisions, resubmit, withdraw, dispatch, adoptions, instructions, handling,
registering people), many of them refused.  Throughout:

- after every successful command, the standings (built before the first
  command, so everything after is the incremental path) equal a full
  :meth:`Workspace.assess` for every assessed person and unit, in both years
  the events fall in;
- a refused command leaves the standings exactly as they were;
- a second workspace opened on the same store builds the same standings.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sqmy_core.errors import SqmyError
from sqmy_core.model import Person, Unit
from sqmy_core.model.vocab import LEVELS, ROUTES
from sqmy_core.rules import Ruleset, load_ruleset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.scoring.standings import Standing, from_assessment
from sqmy_core.tools.synth import REVIEWER_ROLES
from sqmy_core.workspace.workspace import Workspace

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
BJ = timezone(timedelta(hours=8))
T0 = datetime(2024, 11, 20, 9, 0, tzinfo=BJ)
CHECKS = ["political", "policy", "factual", "format", "wording"]
YEARS = (2024, 2025)
_names = itertools.count()


@cache
def ruleset_of(profile: str) -> Ruleset:
    return load_ruleset(RULESETS / f"{profile}.toml")


def setup(profile: str) -> tuple[Workspace, str, list[str], list[str]]:
    """A workspace on a fresh named memory store: units of each scope kind, members,
    one reviewer per review role, staff."""
    rs = ruleset_of(profile)
    url = f"memory://standings-{next(_names)}"
    ws = Workspace.open(url, ruleset=rs)
    units = []
    for i, kind in enumerate(rs.scope.unit_kinds[:2]):
        for j in range(2):
            ws.register_unit(Unit(f"u{i}{j}", f"单位{i}{j}", kind))
            units.append(f"u{i}{j}")
    members = []
    for i in range(4):
        role = rs.scope.roles[i % len(rs.scope.roles)]
        ws.register_person(Person(f"m{i}", f"委员{i}", [role], [units[i % len(units)]]))
        members.append(f"m{i}")
    for role in REVIEWER_ROLES[profile]:
        ws.register_person(Person(f"r-{role}", role, [role], []))
    ws.register_person(Person("s", "办公室", ["staff"], []))
    return ws, url, members, units


def snapshot(ws: Workspace) -> dict[tuple[int, str, str], Standing]:
    return {
        (year, kind, ident): s
        for year in YEARS
        for kind in ("person", "unit")
        for ident, s in ws.standings(year).all(kind).items()
    }


def assessed(ws: Workspace) -> dict[tuple[int, str, str], Standing]:
    return {
        (year, kind, ident): s
        for year in YEARS
        for (kind, ident), s in from_assessment(ws.assess(year)).items()
    }


def _reviewer(ws: Workspace, piece: str, decision: str) -> str | None:
    for person in ws.store.list("person"):
        if f"review.{decision}" in ws.allowed_actions(piece, str(person["id"])):
            return str(person["id"])
    return None


commands = st.lists(
    st.tuples(
        st.sampled_from(
            ["submit", "submit", *["pass"] * 3, *["approve"] * 3, "return", "reject", "resubmit", "withdraw",
             "dispatch", *["adopt"] * 4, "instruct", "instruct", "handle", "register"]
        ),
        st.integers(0, 5),
        st.integers(0, 10**6),
        st.integers(1, 24 * 20),
    ),
    min_size=10,
    max_size=50,
)


def run(ws: Workspace, members: list[str], units: list[str], pieces: list[str],
        command: tuple[Any, ...], now: datetime) -> None:  # fmt: skip
    """One command; the refusals it may meet are raised as the workspace raises them.

    ``submit`` starts a new piece (or, for ``k == 0``, repeats an existing id: refused);
    the others act on a piece submitted before (none yet: an unknown piece, refused).
    """
    name, k, pick, _ = command
    piece = pieces[-1 - k % len(pieces)] if pieces else "x-none"  # the latest ones mostly
    bodies = sorted(declarations_of(ws.ruleset).bodies)
    people = [*members, "s"]
    if name == "submit":
        authors = [members[pick % len(members)]]
        if pick % 3 == 0:
            authors.append(members[(pick // 3 + 1) % len(members)])
        authors = list(dict.fromkeys(authors))
        piece = f"x{len(pieces)}" if k or not pieces else pieces[0]
        ws.submit(piece, authors=authors, actor=authors[0], now=now, title=f"稿件{k}",
                  unit=units[pick % len(units)] if pick % 5 else None)  # fmt: skip
        pieces.append(piece)
    elif name in ("pass", "return", "reject"):
        actor = _reviewer(ws, piece, name) if pick % 4 else people[pick % len(people)]
        ws.review(piece, actor=actor or "s", decision=name, now=now,
                  checks=CHECKS if name == "pass" else [])  # fmt: skip
    elif name == "approve":  # every review level's pass in a row (each its own command)
        at = now
        while (actor := _reviewer(ws, piece, "pass")) is not None:
            ws.review(piece, actor=actor, decision="pass", now=at, checks=CHECKS)
            at += timedelta(minutes=1)
    elif name in ("resubmit", "withdraw"):
        actor = ws.piece(piece).authors[0] if pick % 4 else people[pick % len(people)]
        getattr(ws, name)(piece, actor=actor, now=now)
    elif name == "dispatch":
        route = ROUTES[pick % len(ROUTES)]
        ws.dispatch(piece, actor="s", route=route, now=now, expected_version=ws.store.version(piece))
    elif name == "adopt":
        actor = "s" if pick % 5 else members[0]
        ws.record_adoption(
            piece,
            actor=actor,
            body=bodies[pick % len(bodies)],
            now=now,
            expected_version=ws.store.version(piece),
        )
    elif name == "instruct":
        ws.record_instruction(piece, actor="s", level=LEVELS[pick % 4],
                              rank=("principal", "deputy")[pick % 2], now=now,
                              expected_version=ws.store.version(piece))  # fmt: skip
    elif name == "handle":
        outcome = ("implemented", "under_study", "declined")[pick % 3]
        ws.record_handling(
            piece, actor="s", outcome=outcome, now=now, expected_version=ws.store.version(piece)
        )
    else:
        n = len(members)
        rs = ws.ruleset
        ws.register_person(Person(f"m{n}", f"委员{n}", [rs.scope.roles[pick % len(rs.scope.roles)]],
                                  [units[pick % len(units)]]))  # fmt: skip
        members.append(f"m{n}")


@pytest.mark.parametrize("profile", ["district", "party", "committee"])
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(sequence=commands)
@example(  # one whole path for sure: adoptions, instructions, handling, a refusal, a withdrawal
    sequence=[
        ("submit", 1, 3, 2), ("approve", 0, 1, 1), ("adopt", 0, 1, 30), ("instruct", 0, 2, 3),
        ("handle", 0, 1, 3), ("submit", 1, 7, 2), ("approve", 0, 1, 1), ("adopt", 0, 5, 9),
        ("adopt", 0, 2, 700), ("submit", 1, 4, 1), ("approve", 0, 3, 1), ("adopt", 0, 1, 1),
        ("withdraw", 1, 1, 1), ("register", 0, 1, 1), ("dispatch", 0, 1, 2),
        ("adopt", 1, 6, 2), ("submit", 0, 3, 2),
    ]
)  # fmt: skip
def test_standings_after_random_commands_equal_the_assessment(
    profile: str, sequence: list[tuple[Any, ...]]
) -> None:
    ws, url, members, units = setup(profile)
    try:
        before = snapshot(ws)  # built now: what follows is the incremental path
        assert before == assessed(ws)
        now = T0
        pieces: list[str] = []
        for command in sequence:
            now += timedelta(hours=command[3])
            try:
                run(ws, members, units, pieces, command, now)
            except SqmyError:
                assert snapshot(ws) == before, f"refused {command} changed the standings"
                continue
            before = snapshot(ws)
            assert before == assessed(ws), command
        second = Workspace.open(url, ruleset=ws.ruleset)
        try:
            assert snapshot(second) == before
        finally:
            second.close()
    finally:
        ws.close()


def test_a_command_updates_its_authors_and_unit_at_once() -> None:
    ws, _, _, units = setup("district")
    try:
        ws.standings(2024)
        ws.submit("x", authors=["m0", "m1"], actor="m0", now=T0, title="标题", unit=units[0])
        for i, decision in enumerate(("pass", "pass", "pass")):
            actor = _reviewer(ws, "x", decision)
            assert actor is not None
            ws.review("x", actor=actor, decision=decision, checks=CHECKS,
                      now=T0 + timedelta(hours=i + 1))  # fmt: skip
        first = ws.standing(2024, "person", "m0")
        assert first is not None
        ws.record_adoption(
            "x",
            actor="s",
            body="cppcc-city",
            now=T0 + timedelta(days=1),
            expected_version=ws.store.version("x"),
        )
        after = ws.standing(2024, "person", "m0")
        unit = ws.standing(2024, "unit", units[0])
        assert after is not None and unit is not None
        assert after.points > first.points and after.adopted_pieces == 1
        assert after.rank == 1 and unit.rank == 1 and unit.adopted_pieces == 1
        with pytest.raises(SqmyError):
            ws.record_adoption(
                "x",
                actor="m1",
                body="cppcc-city",
                now=T0 + timedelta(days=2),
                expected_version=ws.store.version("x"),
            )
        assert ws.standing(2024, "person", "m0") == after
        assert ws.standing(2024, "person", "nobody") is None
    finally:
        ws.close()
