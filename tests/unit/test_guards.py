"""The request fingerprint and the guard of a call (:mod:`sqmy_core.workspace.guards`), pure."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from fractions import Fraction

import pytest

from sqmy_core.errors import ConfigurationError, GuardRequired, IdempotencyKeyReused
from sqmy_core.storage import AppendResult
from sqmy_core.workspace.guards import (
    EXCLUDED,
    REQUEST_KEY_PREFIX,
    REQUIRED,
    check_recalled,
    fingerprint,
    guard,
    request_key,
)

BJ = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, tzinfo=BJ)
ARGS = {"piece_id": "x1", "actor": "s", "route": "direct", "to": "市政协", "note": None}


def test_a_retry_of_the_same_request_has_the_same_fingerprint() -> None:
    first = fingerprint("dispatch", {**ARGS, "now": T0, "request_id": "r1"})
    retry = {
        **ARGS,
        "now": T0 + timedelta(minutes=5),
        "request_id": "r2",
        "idempotency_key": "k",
        "expected_version": 4,
        "at": T0,
    }
    assert fingerprint("dispatch", retry) == first
    assert set(retry) - set(ARGS) == EXCLUDED
    assert len(first) == 64 and int(first, 16) >= 0


@pytest.mark.parametrize(
    "change",
    [{"piece_id": "x2"}, {"actor": "s2"}, {"route": "bulletin"}, {"to": None}, {"note": "备注"}],
)
def test_what_the_request_asks_is_in_the_fingerprint(change: dict[str, object]) -> None:
    assert fingerprint("dispatch", {**ARGS, **change}) != fingerprint("dispatch", ARGS)


def test_the_command_is_in_the_fingerprint_and_forms_are_canonical() -> None:
    assert fingerprint("record_adoption", ARGS) != fingerprint("dispatch", ARGS)
    listed = {"authors": ["a", "b"], "points": Fraction(-5, 2), "at_least": T0.date()}
    same = {"authors": ("a", "b"), "points": Fraction("-2.5"), "at_least": T0.date()}
    assert fingerprint("submit", listed) == fingerprint("submit", same)
    assert fingerprint("submit", {"authors": ["b", "a"]}) != fingerprint("submit", listed)
    assert fingerprint("submit", {"n": 1}) != fingerprint("submit", {"n": "1"})


def test_a_request_id_gives_a_key_per_command_of_the_request() -> None:
    a = guard("dispatch", ARGS, idempotency_key=None, request_id="r1", expected_version=None)
    b = guard("dispatch", {**ARGS, "route": "bulletin"}, idempotency_key=None, request_id="r1",
              expected_version=None)  # fmt: skip
    assert a.key is not None and a.key.startswith(REQUEST_KEY_PREFIX) and a.key != b.key
    assert a.key == request_key("r1", a.fingerprint)
    assert len(request_key("长" * 5000, a.fingerprint)) == len(a.key)
    given = guard("dispatch", ARGS, idempotency_key="oa-1", request_id="r1", expected_version=3)
    assert (given.key, given.expected_version) == ("oa-1", 3)


def test_additive_commands_need_a_guard_and_state_machine_ones_do_not() -> None:
    for name in sorted(REQUIRED):
        with pytest.raises(GuardRequired) as caught:
            guard(name, ARGS, idempotency_key=None, request_id=None, expected_version=None)
        assert name in caught.value.render("en") and name in caught.value.render("zh")
        guard(name, ARGS, idempotency_key=None, request_id=None, expected_version=0)
    for name in ("submit", "review", "expert_opinion", "resubmit", "withdraw", "convert_clue"):
        assert (
            guard(name, ARGS, idempotency_key=None, request_id=None, expected_version=None).key
            is None
        )


@pytest.mark.parametrize("bad", [-1, True, "3", 2.0])
def test_an_expected_version_is_a_count(bad: object) -> None:
    with pytest.raises(ConfigurationError) as caught:
        guard("review", ARGS, idempotency_key=None, request_id=None, expected_version=bad)  # type: ignore[arg-type]
    assert caught.value.problems[0].path == "expected_version"


def test_a_recalled_key_is_a_repeat_only_for_its_own_request() -> None:
    mine = guard("dispatch", ARGS, idempotency_key="k", request_id=None, expected_version=None)
    check_recalled(mine, AppendResult(2, (), True, mine.fingerprint))
    check_recalled(mine, AppendResult(2, (), True, None))  # kept before fingerprints: honoured
    with pytest.raises(IdempotencyKeyReused) as caught:
        check_recalled(mine, AppendResult(2, (), True, fingerprint("dispatch", {})))
    assert "'k'" in caught.value.render("zh") and "'k'" in caught.value.render("en")
