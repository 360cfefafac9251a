"""The piece commands meet the contract's limits before the store sees anything.

An id over 128 characters, with a NUL or edge spaces, a lone surrogate, a title
over 500 characters, a time in year 9999: each is refused with the argument
named, and the workspace's backup is byte-identical afterwards (nothing stored).
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from sqmy_core import DatasetError, Workspace
from sqmy_core.model import Person
from sqmy_core.workspace.backup import backup_text
from sqmy_core.workspace.files import load_ruleset

BJ = timezone(timedelta(hours=8))
RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
GOOD: dict[str, Any] = {"authors": ["p1"], "actor": "p1", "title": "关于老旧小区改造的建议"}


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    rs = load_ruleset(RULESETS / "district.toml")
    ws = Workspace.open(f"sqlite:///{tmp_path / 'w.db'}", ruleset=rs)
    ws.apply_ruleset(rs, actor="office", at=datetime(2024, 1, 1, tzinfo=BJ))
    ws.register_person(Person("p1", "甲", ("member",)))
    ws.register_person(Person("s1", "办公室", ("staff",)))
    ws.submit("x1", now=datetime(2024, 3, 1, tzinfo=BJ), **GOOD)
    return ws


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"piece_id": "x" * 129}, "piece_id"),
        ({"piece_id": "a\x00b"}, "piece_id"),
        ({"piece_id": " x2"}, "piece_id"),
        ({"piece_id": "x\ud800"}, "piece_id"),
        ({"title": "长" * 501}, "title"),
        ({"title": "ok\ud800"}, "title"),
        ({"note": "n" * 100_001}, "note"),
        ({"now": datetime(9999, 3, 1, tzinfo=BJ)}, "now"),
        ({"now": datetime(1, 3, 1, tzinfo=BJ)}, "now"),
        ({"idempotency_key": "k" * 200}, "idempotency_key"),
    ],
)
def test_submit_beyond_the_limits_is_refused_and_stores_nothing(
    ws: Workspace, changes: dict[str, Any], path: str
) -> None:
    before = _kept(ws)
    args: dict[str, Any] = {"piece_id": "x2", "now": datetime(2024, 3, 2, tzinfo=BJ), **GOOD}
    args.update(changes)
    piece_id = args.pop("piece_id")
    with pytest.raises(DatasetError) as err:
        ws.submit(piece_id, **args)
    assert [p.path for p in err.value.problems] == [path]
    assert _kept(ws) == before
    refused = ws.store.audit_records()[-1].entry  # the refusal is on record, and only that
    assert (refused.action, refused.outcome) == ("submit", err.value.problems[0].code)


def test_a_command_on_a_piece_beyond_the_limits_is_refused_and_stores_nothing(
    ws: Workspace,
) -> None:
    before = _kept(ws)
    with pytest.raises(DatasetError) as err:
        ws.withdraw("x1", actor="p1", now=datetime(2024, 3, 5, tzinfo=BJ), note="\ud800")
    assert err.value.problems[0].path == "note"
    with pytest.raises(DatasetError) as err:
        ws.withdraw("x1", actor="p1", now=datetime(2300, 3, 5, tzinfo=BJ))
    assert err.value.problems[0].path == "now"
    assert _kept(ws) == before
    assert [r.entry.action for r in ws.store.audit_records()[-2:]] == ["withdraw", "withdraw"]


def _kept(ws: Workspace) -> str:
    """The store's backup without its audit chain (where a refusal leaves its record)."""
    doc = json.loads(backup_text(ws.store))
    del doc["audit"]
    return json.dumps(doc, sort_keys=True)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sqmy_core import SqmyError  # noqa: E402

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0xDFFF), max_size=20),
    st.sampled_from(
        ["", " ", "x" * 129, "长" * 600, "a\x00b", "x\ud800", "p1", "x1", "s1", "direct"]
    ),
)
moments = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(BJ)
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    piece=texts, actor=texts, title=texts, note=st.one_of(st.none(), texts), now=moments,
    route=texts, body=texts,
)  # fmt: skip
def test_any_command_arguments_give_a_result_or_a_refusal(
    ws: Workspace, piece: str, actor: str, title: str, note: str | None, now: datetime,
    route: str, body: str,
) -> None:  # fmt: skip
    """Never a traceback: every argument either works or is refused as the library's error."""
    for call in (
        lambda: ws.submit(piece, authors=[actor], actor=actor, now=now, title=title, note=note),
        lambda: ws.dispatch(piece, actor=actor, route=route, now=now, note=note),
        lambda: ws.record_adoption(piece, actor="s1", body=body, now=now),
        lambda: ws.withdraw("x1", actor=actor, now=now, note=note),
    ):
        with contextlib.suppress(SqmyError):
            call()
