"""A piece's stream as ``sqmy-dataset/1`` records (exports) and back (imports)."""

from __future__ import annotations

import pytest

from sqmy_core.errors import DatasetError
from sqmy_core.interchange.dataset import dataset_to_doc, parse_dataset
from sqmy_core.model import Dataset, Event, Piece, Unit
from sqmy_core.testing.builder import at
from sqmy_core.workflow import commands as cmd
from sqmy_core.workflow.records import from_dataset_records, to_dataset_records
from sqmy_core.workflow.state import fold
from tests.unit.test_workflow_state import (
    AUTHOR,
    CO_AUTHOR,
    EXPERT,
    PIECE,
    REVIEWERS,
    STAFF,
    Flow,
    ruleset,
    stored,
)

FULL_PIECE = Piece(
    id=PIECE,
    title="关于加快老旧小区改造的建议",
    authors=("p001", "p002"),
    submitted_at=at("2024-03-01 09:00"),
    unit="sec-econ",
    topic="城乡建设",
    call="c2024-03",
)


def E(type_: str, when: str, **fields: str) -> Event:
    return Event(PIECE, type_, at(when), **fields)


EVERY_TYPE = [
    E("reviewed", "2024-03-02 10:00", actor="r1", stage="initial", decision="return", note="补充"),
    E("returned", "2024-03-02 10:00", actor="r1", stage="initial", note="补充"),
    E("reviewed", "2024-03-03 10:00", actor="r1", stage="initial", decision="pass"),
    E("reviewed", "2024-03-04 10:00", actor="r2", stage="deputy", decision="pass"),
    E("reviewed", "2024-03-05 10:00", actor="r3", stage="chair", decision="pass"),
    E("approved", "2024-03-05 10:00", actor="r3", stage="chair"),
    E("dispatched", "2024-03-06 09:00", route="direct", to="cppcc-city"),
    E("adopted", "2024-04-02 15:00", body="cppcc-city"),
    E("instructed", "2024-04-10 15:00", level="city", rank="principal"),
    E("handled", "2024-06-01 15:00", department="区住建局", outcome="implemented", actor="s01"),
    E("rejected", "2024-06-02 15:00", note="重复"),
]


@pytest.mark.parametrize(
    "piece",
    [FULL_PIECE, Piece(PIECE, "短标题", ("p003",), at("2024-03-01 09:00"))],
    ids=["full", "minimal"],
)
def test_import_then_export_gives_back_the_same_records(piece: Piece) -> None:
    new = from_dataset_records(piece, EVERY_TYPE)
    assert new[0].type == "submitted" and new[0].at == piece.submitted_at
    assert to_dataset_records(stored(PIECE, new)) == (piece, EVERY_TYPE)


def test_the_contract_example_round_trips() -> None:
    events = [
        E("approved", "2024-03-05 10:00"),
        E("dispatched", "2024-03-06 09:00", route="direct", to="cppcc-city"),
        E("adopted", "2024-04-02 15:00", body="cppcc-city"),
    ]
    back = to_dataset_records(stored(PIECE, from_dataset_records(FULL_PIECE, events)))
    assert back == (FULL_PIECE, events)


def test_imports_come_in_time_order_and_fold_like_native_streams() -> None:
    approved, dispatched = (
        E("approved", "2024-03-05 10:00"),
        E("dispatched", "2024-03-06 09:00", route="transfer"),
    )
    new = from_dataset_records(FULL_PIECE, [dispatched, approved])
    assert [e.type for e in new] == ["submitted", "approved", "dispatched"]
    assert new[1].data == {"routes": []}
    s = fold(ruleset("district"), stored(PIECE, new))
    assert (s.status, s.approved_at, s.title, s.unit) == (
        "approved",
        at("2024-03-05 10:00"),
        FULL_PIECE.title,
        "sec-econ",
    )
    assert [d.route for d in s.dispatches] == ["transfer"]


def test_events_of_another_piece_are_refused() -> None:
    other = Event("2024-099", "adopted", at("2024-04-02"), body="cppcc-city")
    with pytest.raises(DatasetError) as exc:
        from_dataset_records(FULL_PIECE, [other])
    assert exc.value.render() == "events[0].piece: 该事件属于稿件 '2024-099'，不属于稿件 2024-017"


def test_a_native_stream_exports_its_dataset_events_only() -> None:
    rs = ruleset("district")
    flow = Flow(rs)
    flow.submit(unit="sec-econ", topic="城乡建设")
    initial, deputy, chair = REVIEWERS["district"]
    flow.review(initial, "escalate", checks=())
    flow.do(cmd.expert_opinion, EXPERT, opinion="可以上报")
    flow.review(initial, "pass")
    flow.review(deputy, "return", checks=(), note="请补充数据")
    flow.do(cmd.resubmit, AUTHOR, title="修改稿")
    flow.approve(routes=["direct"])
    flow.do(cmd.dispatch, STAFF, route="direct", to="cppcc-city", note="急件")
    flow.do(cmd.record_adoption, STAFF, body="cppcc-city")

    records = to_dataset_records(flow.events)
    assert records is not None
    piece, events = records
    assert piece == Piece(
        PIECE,
        "修改稿",
        (AUTHOR.id, CO_AUTHOR.id),
        at("2024-03-01 10:00"),
        unit="sec-econ",
        topic="城乡建设",
    )
    assert [(e.type, e.stage, e.decision, e.actor) for e in events] == [
        ("reviewed", "initial", "escalate", "r1"),
        ("reviewed", "initial", "pass", "r1"),
        ("reviewed", "deputy", "return", "r2"),
        ("returned", "deputy", None, "r2"),
        ("reviewed", "initial", "pass", "r1"),
        ("reviewed", "deputy", "pass", "r2"),
        ("reviewed", "chair", "pass", "r3"),
        ("approved", "chair", None, "r3"),
        ("dispatched", None, None, "s01"),
        ("adopted", None, None, "s01"),
    ]
    assert events[3].note == "请补充数据"
    assert (events[8].route, events[8].to, events[8].note) == ("direct", "cppcc-city", "急件")
    assert all(e.piece == PIECE for e in events)
    assert chair.id == "r3"


def test_a_withdrawn_piece_is_left_out_of_exports() -> None:
    flow = Flow(ruleset("committee"))
    flow.submit()
    assert to_dataset_records(flow.events) is not None
    flow.do(cmd.withdraw, CO_AUTHOR)
    assert to_dataset_records(flow.events) is None
    assert to_dataset_records([]) is None


def test_a_party_piece_exports_without_review_events() -> None:
    flow = Flow(ruleset("party"))
    flow.submit(AUTHOR, call="c1")
    flow.do(cmd.record_adoption, STAFF, body="party-central")
    records = to_dataset_records(flow.events)
    assert records is not None
    piece, events = records
    assert piece.call == "c1" and piece.authors == ("p001",)
    assert [(e.type, e.body) for e in events] == [("adopted", "party-central")]


def test_an_export_passes_the_dataset_validator() -> None:
    rs = ruleset("district")
    flow = Flow(rs)
    flow.submit(unit="sec-econ")
    flow.review(REVIEWERS["district"][0], "escalate", checks=())
    flow.do(cmd.expert_opinion, EXPERT, opinion="可以上报")
    flow.approve(routes=["direct"])
    flow.do(cmd.dispatch, STAFF, route="direct", to="cppcc-city")
    flow.do(cmd.record_instruction, STAFF, level="county", rank="deputy")
    flow.do(cmd.record_handling, STAFF, outcome="implemented")
    records = to_dataset_records(flow.events)
    assert records is not None
    people = [AUTHOR, CO_AUTHOR, STAFF, EXPERT, *REVIEWERS["district"]]
    ds = Dataset(
        units=[Unit("sec-econ", "经济界", "sector")],
        people=people,
        pieces=[records[0]],
        events=records[1],
    )
    assert parse_dataset(dataset_to_doc(ds), extra_roles=rs.reviewer_roles) == ds
