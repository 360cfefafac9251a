"""Similar topics in a workspace: recorded on submission, shown beside the allowed actions,
under ``sqmy explain`` and by ``sqmy similar``; reading never writes."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path

import pytest

from sqmy_core.errors import ConfigurationError, NotFound
from sqmy_core.model import Person
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.workflow import fold
from sqmy_core.workspace.workspace import Workspace
from tests.cli.conftest import CJK, sqmy

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
DISTRICT = (RULESETS / "district.toml").read_text(encoding="utf-8")
SIMILAR = '\n[similar]\nthreshold = 0.8\nlookback_days = 365\nclause = "第八条"\n'
BJ = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BJ)
CHECKS = ["political", "policy", "factual", "format", "wording"]
RURAL_CARE = "关于加强农村养老服务的建议"
RURAL_CARE_AGAIN = "关于进一步加强农村养老服务工作的建议"
RURAL_ROADS = "关于加强农村道路安全的建议"


def _open(path: Path, text: str) -> Workspace:
    rs = parse_ruleset(text, "district-similar.toml")
    ws = Workspace.open(str(path), ruleset=rs)
    ws.apply_ruleset(rs, actor="admin", at=T0)
    for pid, name, roles in [
        ("a", "张三", ["member"]),
        ("r1", "社法委", ["reviewer_initial"]),
        ("r2", "副主席", ["reviewer_deputy"]),
        ("r3", "主席", ["reviewer_chair"]),
        ("s", "办公室", ["staff"]),
    ]:
        ws.register_person(Person(pid, name, roles, []))
    return ws


def _adopt(ws: Workspace, piece: str, at: datetime) -> None:
    for i, reviewer in enumerate(("r1", "r2", "r3")):
        ws.review(piece, actor=reviewer, decision="pass", checks=CHECKS, now=at + timedelta(hours=i))
    adopted = at + timedelta(hours=5)
    ws.record_adoption(piece, actor="s", body="cppcc-city", now=adopted, request_id=f"adopt-{piece}")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.db"
    with _open(path, DISTRICT + SIMILAR) as ws:
        ws.submit("2024-001", authors=["a"], actor="a", now=T0, title=RURAL_CARE)
        ws.submit("2024-003", authors=["a"], actor="a", now=T0 + timedelta(days=1), title=RURAL_ROADS)
        ws.submit(
            "2024-002", authors=["a"], actor="a", now=T0 + timedelta(days=3), title=RURAL_CARE_AGAIN
        )
    return path


def test_submission_records_the_matches_and_a_replay_gives_them_back(db: Path) -> None:
    with Workspace.open(str(db), organization="district") as ws:
        first = ws.history("2024-002")[0]
        assert first.data["similar"] == [{"piece": "2024-001", "score": "26/31"}]
        assert ws.history("2024-001")[0].data["similar"] == []  # compared, nothing earlier
        assert ws.history("2024-003")[0].data["similar"] == []  # 农村道路 is not 农村养老
        replayed = fold(ws.ruleset, ws.history("2024-002"))
        assert [(r.piece, r.score) for r in replayed.similar] == [("2024-001", Fraction(26, 31))]
        assert ws.piece("2024-002").similar == replayed.similar


def test_without_the_section_nothing_is_compared_or_recorded(tmp_path: Path) -> None:
    with _open(tmp_path / "plain.db", DISTRICT) as ws:
        ws.submit("x1", authors=["a"], actor="a", now=T0, title=RURAL_CARE)
        ws.submit("x2", authors=["a"], actor="a", now=T0 + timedelta(hours=1), title=RURAL_CARE)
        assert "similar" not in ws.history("x2")[0].data
        assert ws.piece("x2").similar == () and ws.review_menu("x2", "r1").similar == ()
        with pytest.raises(ConfigurationError) as caught:
            ws.find_similar(RURAL_CARE, now=T0)
        assert "similar" in str(caught.value)


def test_reviewers_see_the_matches_beside_their_actions_with_the_state_as_it_is_now(db: Path) -> None:
    with Workspace.open(str(db), organization="district") as ws:
        menu = ws.review_menu("2024-002", "r1")
        assert menu.actions == tuple(ws.allowed_actions("2024-002", "r1"))
        assert "review.pass" in menu.actions
        [match] = menu.similar
        assert (match.piece, match.title, match.state) == ("2024-001", RURAL_CARE, "in_review")
        _adopt(ws, "2024-001", T0 + timedelta(days=4))
        [match] = ws.similar_topics("2024-002")
        assert match.state == "adopted" and match.score == Fraction(26, 31)
        from sqmy_core.workflow.similar import describe

        assert describe(match) == (
            "相似选题：2024-001《关于加强农村养老服务的建议》（已采用，相似度 0.84）"
        )
        assert ws.review_menu("2024-002", "a").actions == ("withdraw",)  # the author may only withdraw


def _fingerprint(ws: Workspace) -> tuple[object, ...]:
    events = [(e.stream, e.version, dict(e.data)) for e in ws.store.scan()]
    return events, len(ws.store.audit_records()), ws.store.idempotency_keys()


def test_finding_on_demand_reads_only(db: Path) -> None:
    with Workspace.open(str(db), organization="district") as ws:
        before = _fingerprint(ws)
        found = ws.find_similar("关于加强农村养老服务工作的建议", now=T0 + timedelta(days=10))
        assert [m.piece for m in found] == ["2024-001", "2024-002"]
        assert [m.piece for m in ws.similar_to("2024-002")] == ["2024-001"]
        assert ws.similar_to("2024-001") == ()  # nothing before it
        assert ws.find_similar(RURAL_CARE, now=T0 - timedelta(days=1)) == ()  # nothing yet
        with pytest.raises(NotFound):
            ws.similar_to("nope")
        ws.similar_topics("2024-002")
        ws.review_menu("2024-002", "r1")
        assert _fingerprint(ws) == before


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sqmy_similar_as_a_table_and_as_json_and_it_writes_nothing(db: Path) -> None:
    before = _digest(db)
    ran = sqmy("similar", "--db", str(db), "--piece", "2024-002")
    assert ran.code == 0, ran.err
    assert "相似选题（阈值 0.8，回溯 365 天）" in ran.out
    assert "相似选题：2024-001《关于加强农村养老服务的建议》（审核中，相似度 0.84）" in ran.out
    en = sqmy("--lang", "en", "similar", "--db", str(db), "--piece", "2024-002")
    assert en.code == 0 and "Similar topic: 2024-001" in en.out and "in review" in en.out
    assert not CJK.search(en.out.replace(RURAL_CARE, "").replace(RURAL_CARE_AGAIN, ""))
    ran = sqmy(
        "similar", "--db", str(db), "--title", RURAL_CARE, "--now", "2024-03-10T00:00:00+08:00",
        "--format", "json",
    )  # fmt: skip
    assert ran.code == 0, ran.err
    doc = json.loads(ran.out)
    assert doc["threshold"] == "0.8" and doc["lookback_days"] == 365
    assert [(m["piece"], m["score"], m["state"]) for m in doc["matches"]] == [
        ("2024-001", "1", "in_review"),
        ("2024-002", "26/31", "in_review"),
    ]
    none = sqmy("similar", "--db", str(db), "--title", "关于规范预制菜行业发展的建议")
    assert none.code == 0 and "未发现相似选题" in none.out
    assert _digest(db) == before


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        ([], "--piece", "--piece"),
        (["--piece", "2024-002", "--title", "x"], "二者只能选一", "not both"),
        (["--piece", "2024-002", "--body", "正文"], "--body", "--body"),
        (["--piece", "nope"], "'nope'", "'nope'"),
        (["--title", "   "], "--title", "--title"),
        (["--title", "x" * 100_001], "100000", "100000"),
        (["--title", "x", "--format", "xml"], "'xml'", "'xml'"),
    ],
)
def test_bad_input_is_refused_with_exit_2_and_nothing_out(
    db: Path, args: list[str], zh: str, en: str
) -> None:
    ran = sqmy("similar", "--db", str(db), *args)
    assert ran.code == 2 and ran.out == "" and zh in ran.err, ran.err
    ran = sqmy("--lang", "en", "similar", "--db", str(db), *args)
    assert ran.code == 2 and en in ran.err and "Traceback" not in ran.err, ran.err


def test_sqmy_similar_needs_the_section_and_a_source(tmp_path: Path, db: Path) -> None:
    plain = sqmy("similar", "--db", str(db), "--ruleset", str(RULESETS / "district.toml"), "--title", "x")
    assert plain.code == 2 and "[similar]" in plain.err
    assert sqmy("similar", "--title", "x").code == 2


def test_sqmy_similar_and_explain_on_a_dataset_file(tmp_path: Path, db: Path) -> None:
    ruleset = tmp_path / "district-similar.toml"
    ruleset.write_text(DISTRICT + SIMILAR, encoding="utf-8")
    with Workspace.open(str(db), organization="district") as ws:
        _adopt(ws, "2024-002", T0 + timedelta(days=5))
        _adopt(ws, "2024-001", T0 + timedelta(days=6))
    data = tmp_path / "d.json"
    assert sqmy("export", "--db", str(db), "--output", str(data)).code == 0
    before = data.read_bytes()
    ran = sqmy("similar", "--ruleset", str(ruleset), "--data", str(data), "--piece", "2024-002",
               "--format", "json")  # fmt: skip
    assert ran.code == 0, ran.err
    assert [(m["piece"], m["adopted"]) for m in json.loads(ran.out)["matches"]] == [("2024-001", True)]
    explained = sqmy("explain", "--ruleset", str(ruleset), "--data", str(data), "--year", "2024",
                     "--person", "a")  # fmt: skip
    assert explained.code == 0, explained.err
    assert "2024-002 相似选题：2024-001《关于加强农村养老服务的建议》（已采用，相似度 0.84）" in explained.out
    en = sqmy("--lang", "en", "explain", "--db", str(db), "--ruleset", str(ruleset), "--year", "2024",
              "--person", "a")  # fmt: skip
    assert "2024-002: Similar topic: 2024-001" in en.out and "(adopted, similarity 0.84)" in en.out
    plain = sqmy("explain", "--ruleset", str(RULESETS / "district.toml"), "--data", str(data),
                 "--year", "2024", "--person", "a")  # fmt: skip
    assert plain.code == 0 and "相似选题" not in plain.out
    assert data.read_bytes() == before


@pytest.mark.parametrize("url", ["memory:", "sqlite"])
def test_every_store_gives_the_window_through_the_protocol(tmp_path: Path, url: str) -> None:
    """Only ``EventStore.scan`` is used, so any backend gives the same matches."""
    text = DISTRICT + "\n[similar]\nthreshold = 0.8\nlookback_days = 30\n"
    rs = parse_ruleset(text, "t.toml")
    ws = Workspace.open(str(tmp_path / "w.db") if url == "sqlite" else url, ruleset=rs)
    ws.register_person(Person("a", "张三", ["member"], []))
    ws.submit("old", authors=["a"], actor="a", now=T0, title=RURAL_CARE)  # 40 days before: out
    ws.submit("mid", authors=["a"], actor="a", now=T0 + timedelta(days=20), title=RURAL_CARE)
    ws.withdraw("mid", actor="a", now=T0 + timedelta(days=21))  # withdrawn: out
    ws.submit("in", authors=["a"], actor="a", now=T0 + timedelta(days=25), title=RURAL_CARE_AGAIN)
    state = ws.submit("new", authors=["a"], actor="a", now=T0 + timedelta(days=40), title=RURAL_CARE)
    assert [(r.piece, r.score) for r in state.similar] == [("in", Fraction(26, 31))]
    ws.close()
