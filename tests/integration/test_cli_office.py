"""An office without an OA records its year with ``sqmy piece|person|unit|penalty|adjustment``.

Every write is checked for what it stores (the piece's state, version and
history, the registry); every refusal for exit status 2, the library's
message and a store that is exactly as before (the audit record of the
refusal aside); the reads for writing nothing at all.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import RULESET, sqmy

T0 = "2024-03-01T09:00:00+08:00"
CHECKS = "political,policy,factual,format,wording"


def dump(db: Path, *, audit: bool = True) -> list[str]:
    """Every row the workspace holds (the audit chain too, unless ``audit`` is false)."""
    with sqlite3.connect(db) as conn:
        lines = list(conn.iterdump())
    return [ln for ln in lines if audit or "audit" not in ln.split("(", 1)[0]]


def ok(*args: str) -> str:
    ran = sqmy(*args)
    assert ran.code == 0, ran.err
    return ran.out


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """A workspace set up from the command line: the rules, a unit, staff, reviewers, members."""
    db = tmp_path / "office.db"
    d = str(db)
    ok("ruleset", "apply", "--db", d, "--from", "2024-01-01", RULESET)
    ok("unit", "add", "sec-econ", "--db", d, "--actor", "s1", "--name", "经济界", "--kind", "sector")
    ok("person", "add", "s1", "--db", d, "--actor", "s1", "--name", "钱办", "--role", "staff")
    for stage in ("initial", "deputy", "chair"):
        ok("person", "add", f"r-{stage}", "--db", d, "--actor", "s1", "--name", f"审{stage}",
           "--role", f"reviewer_{stage}")
    ok("person", "add", "p001", "--db", d, "--actor", "s1", "--name", "张三", "--role", "member",
       "--unit", "sec-econ")
    ok("person", "add", "p002", "--db", d, "--actor", "s1", "--name", "李四", "--role", "member",
       "--unit", "sec-econ")
    return db


def submit(db: Path, piece: str = "2024-001") -> None:
    ok("piece", "submit", piece, "--db", str(db), "--actor", "p001", "--title", "关于老旧小区改造的建议",
       "--author", "p001,p002", "--unit", "sec-econ", "--now", T0)


def approve(db: Path, piece: str = "2024-001") -> None:
    for day, stage in ((2, "initial"), (3, "deputy"), (4, "chair")):
        ok("piece", "review", piece, "--db", str(db), "--actor", f"r-{stage}", "--decision", "pass",
           "--check", CHECKS, "--now", f"2024-03-0{day}T10:00:00+08:00")


def show(db: Path, piece: str = "2024-001") -> dict[str, object]:
    doc = json.loads(ok("piece", "show", piece, "--db", str(db), "--format", "json"))
    assert isinstance(doc, dict)
    return doc


def test_a_year_recorded_from_the_command_line_is_assessed(office: Path) -> None:
    d = str(office)
    submit(office)
    assert show(office)["status"] == "in_review" and show(office)["version"] == 1
    approve(office)
    ok("piece", "dispatch", "2024-001", "--db", d, "--actor", "s1", "--route", "direct", "--to",
       "cppcc-city", "--now", "2024-03-05T10:00:00+08:00")
    ok("piece", "adopt", "2024-001", "--db", d, "--actor", "s1", "--body", "cppcc-city",
       "--now", "2024-04-02T15:00:00+08:00")
    ok("piece", "instruct", "2024-001", "--db", d, "--actor", "s1", "--level", "city", "--rank",
       "principal", "--now", "2024-04-10T15:00:00+08:00")
    out = ok("piece", "handle", "2024-001", "--db", d, "--actor", "s1", "--outcome", "implemented",
             "--department", "区住建局", "--now", "2024-06-01T15:00:00+08:00", "--format", "json")
    doc = json.loads(out)
    assert doc["command"] == "handle" and doc["status"] == "approved"
    assert [a["body"] for a in doc["adoptions"]] == ["cppcc-city"]
    assert doc["instructions"] == [
        {"level": "city", "rank": "principal", "at": "2024-04-10T15:00:00+08:00"}
    ]
    history = json.loads(ok("piece", "history", "2024-001", "--db", d, "--format", "json"))
    types = [e["type"] for e in history["events"]]
    assert types[0] == "submitted" and types[-4:] == ["dispatched", "adopted", "instructed", "handled"]
    assert doc["version"] == len(types)
    shown = ok("piece", "show", "2024-001", "--db", d)
    assert "报送 直报（2024-03-05 10:00）" in shown and "采用 市政协（2024-04-02 15:00）" in shown
    assert "批示 市级 主要领导" in shown and "办理 落实并书面反馈" in shown
    assert "adopted by cppcc-city" in ok("piece", "show", "2024-001", "--db", d, "--lang", "en")
    assessed = json.loads(ok("assess", "--db", d, "--year", "2024", "--format", "json"))
    stats = assessed["stats"]
    assert (stats["adopted"], stats["instructed"], stats["implemented"]) == (1, 1, 1)
    p001 = next(p for p in assessed["people"] if p["id"] == "p001")
    assert p001["adopted_pieces"] == 1 and p001["points"] > 0


def test_the_table_output_says_the_state_and_version_in_either_language(office: Path) -> None:
    ran = sqmy("piece", "submit", "2024-001", "--db", str(office), "--actor", "p001", "--title", "标题",
               "--author", "p001", "--now", T0)
    assert ran.code == 0 and ran.out.strip() == "稿件 2024-001（来稿登记）：在“初审（社法委）”审核中，版本 1"
    out = ok("piece", "show", "2024-001", "--db", str(office), "--lang", "en")
    assert "version 1" in out and "in review at stage 'initial'" in out


def test_a_double_enter_records_an_adoption_once(office: Path) -> None:
    """No --expected-version, no --idempotency-key: the key derived from the arguments guards it."""
    d = str(office)
    submit(office)
    approve(office)
    adopt = ("piece", "adopt", "2024-001", "--db", d, "--actor", "s1", "--body", "cppcc-city",
             "--now", "2024-04-02T15:00:00+08:00")
    ok(*adopt)
    before = dump(office, audit=False)
    ok(*adopt)
    assert dump(office, audit=False) == before
    ok("piece", "adopt", "2024-001", "--db", d, "--actor", "s1", "--body", "cppcc-city",
       "--now", "2024-05-02T15:00:00+08:00")  # another time: another adoption
    assert len(show(office)["adoptions"]) == 2  # type: ignore[arg-type]
    # after the dated records: a record may not be dated before the piece's last one
    dispatch = ("piece", "dispatch", "2024-001", "--db", d, "--actor", "s1", "--route", "direct")
    first = json.loads(ok(*dispatch, "--format", "json"))
    again = json.loads(ok(*dispatch, "--format", "json"))  # --now defaults to the clock: same key
    assert first["version"] == again["version"] and len(again["dispatches"]) == 1
    key = ("--idempotency-key", "oa-77")
    ok("piece", "adopt", "2024-001", "--db", d, "--actor", "s1", "--body", "cppcc-province", *key)
    ok("piece", "adopt", "2024-001", "--db", d, "--actor", "s1", "--body", "cppcc-province", *key)
    before = dump(office, audit=False)
    ran = sqmy("piece", "adopt", "2024-001", "--db", d, "--actor", "s1", "--body", "cppcc-national",
               *key)  # the clerk's key given to another request: refused, not silently nothing
    assert ran.code == 2 and "oa-77" in ran.err
    assert dump(office, audit=False) == before
    bodies = [a["body"] for a in show(office)["adoptions"]]  # type: ignore[union-attr]
    assert bodies == ["cppcc-city", "cppcc-city", "cppcc-province"]


def test_an_expected_version_the_piece_has_left_is_refused(office: Path) -> None:
    d = str(office)
    submit(office)
    approve(office)
    version = show(office)["version"]
    assert isinstance(version, int)
    before = dump(office, audit=False)
    ran = sqmy("piece", "dispatch", "2024-001", "--db", d, "--actor", "s1", "--route", "direct",
               "--expected-version", str(version - 1))
    assert ran.code == 2 and ran.out == ""
    assert f"第 {version - 1} 版" in ran.err and f"第 {version} 版" in ran.err
    assert dump(office, audit=False) == before
    ok("piece", "dispatch", "2024-001", "--db", d, "--actor", "s1", "--route", "direct",
       "--expected-version", str(version))
    assert show(office)["version"] == version + 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("piece", "adopt", "2024-001", "--actor", "s1", "--body", "cppcc-city"), "不能登记采用"),
        (("piece", "review", "2024-001", "--actor", "p001", "--decision", "pass", "--check", CHECKS),
         "p001 不具有此角色"),
        (("piece", "review", "2024-001", "--actor", "r-initial", "--decision", "pass"), "政治关"),
        (("piece", "dispatch", "2024-001", "--actor", "p002", "--route", "direct"), "不能报送"),
        (("piece", "dispatch", "2024-001", "--actor", "s1", "--route", "fax"), "--route"),
        (("piece", "withdraw", "2024-009", "--actor", "p001"), "2024-009"),
        (("piece", "adopt", "2024-001", "--actor", "nobody", "--body", "cppcc-city"), "nobody"),
        (("piece", "submit", "2024-001", "--actor", "p001", "--title", "又一篇", "--author", "p001"),
         "2024-001"),
        (("piece", "submit", "2024-002", "--actor", "p001", "--title", "t", "--author", "p404"),
         "p404"),
        (("penalty", "add", "2024-001", "--actor", "s1", "--kind", "plagiarism"), "处罚"),
        (("unit", "add", "u1", "--actor", "s1", "--name", "某", "--kind", "planet"), "planet"),
        (("person", "add", "p9", "--actor", "s1", "--name", "某", "--role", "wizard"), "wizard"),
        (("person", "add", "p9", "--actor", "s1", "--name", "某", "--role", "member", "--unit", "u9"),
         "u9"),
        (("person", "end", "p404", "--actor", "s1"), "p404"),
        (("adjustment", "add", "a1", "--actor", "s1", "--points", "two", "--reason", "r",
          "--person", "p001"), "two"),
        (("adjustment", "add", "a1", "--actor", "s1", "--points", "2", "--reason", "r"), "person"),
        (("piece", "adopt", "2024-001", "--actor", "s1", "--body", "x", "--now", "2024-03-01"),
         "--now"),
    ],
)
def test_a_refused_write_exits_2_and_writes_nothing(
    office: Path, args: tuple[str, ...], words: str
) -> None:
    submit(office)
    before = dump(office, audit=False)
    ran = sqmy(*args[:3], "--db", str(office), *args[3:])
    assert ran.code == 2, ran.err
    assert ran.out == "" and words in ran.err and "Traceback" not in ran.err
    assert dump(office, audit=False) == before


def test_a_write_needs_db_and_actor_and_an_existing_workspace(tmp_path: Path) -> None:
    ran = sqmy("piece", "adopt", "2024-001", "--body", "cppcc-city", "--db", str(tmp_path / "x.db"))
    assert ran.code == 2 and "--actor" in ran.err
    ran = sqmy("piece", "adopt", "2024-001", "--body", "cppcc-city", "--actor", "s1")
    assert ran.code == 2 and "--db" in ran.err
    ran = sqmy("piece", "adopt", "2024-001", "--body", "b", "--actor", "s1", "--db",
               str(tmp_path / "x.db"))
    assert ran.code == 2 and "x.db" in ran.err and not (tmp_path / "x.db").exists()


def test_reading_a_piece_writes_nothing(office: Path) -> None:
    submit(office)
    before = dump(office)
    for fmt in ("table", "json"):
        ok("piece", "show", "2024-001", "--db", str(office), "--format", fmt)
        ok("piece", "history", "2024-001", "--db", str(office), "--format", fmt)
    ran = sqmy("piece", "show", "2024-404", "--db", str(office))
    assert ran.code == 2 and "2024-404" in ran.err
    ran = sqmy("piece", "history", "2024-404", "--db", str(office))
    assert ran.code == 2 and "2024-404" in ran.err
    assert dump(office) == before


def test_return_resubmit_withdraw_and_the_expert_opinion(office: Path) -> None:
    d = str(office)
    submit(office)
    ok("person", "add", "e1", "--db", d, "--actor", "s1", "--name", "专家", "--role", "expert")
    ok("piece", "review", "2024-001", "--db", d, "--actor", "r-initial", "--decision", "escalate",
       "--check", CHECKS, "--now", "2024-03-02T09:00:00+08:00")
    assert show(office)["status"] == "expert_review"
    ok("piece", "opinion", "2024-001", "--db", d, "--actor", "e1", "--opinion", "可以上报",
       "--now", "2024-03-03T09:00:00+08:00")
    ok("piece", "review", "2024-001", "--db", d, "--actor", "r-initial", "--decision", "return",
       "--check", CHECKS, "--now", "2024-03-04T09:00:00+08:00")
    assert show(office)["status"] == "returned"
    ok("piece", "resubmit", "2024-001", "--db", d, "--actor", "p002", "--title", "修改稿",
       "--now", "2024-03-05T09:00:00+08:00")
    doc = show(office)
    assert doc["status"] == "in_review" and doc["title"] == "修改稿"
    submit(office, "2024-002")
    ok("piece", "withdraw", "2024-002", "--db", d, "--actor", "p001")
    assert show(office, "2024-002")["status"] == "withdrawn"


def test_registry_commands_store_the_records(office: Path) -> None:
    d = str(office)
    out = ok("person", "add", "p003", "--db", d, "--actor", "s1", "--name", "王五", "--role",
             "member,standing_member", "--unit", "sec-econ", "--since", "2024-01-01T00:00:00+08:00",
             "--format", "json")
    assert json.loads(out)["roles"] == ["member", "standing_member"]
    ok("person", "end", "p003", "--db", d, "--actor", "s1", "--now", "2024-07-01T00:00:00+08:00")
    exported = json.loads(ok("export", "--db", d))
    p003 = next(p for p in exported["people"] if p["id"] == "p003")
    assert p003["until"] == "2024-07-01T00:00:00+08:00" and p003["units"] == ["sec-econ"]
    ok("unit", "add", "com-1", "--db", d, "--actor", "s1", "--name", "提案委", "--kind", "committee",
       "--parent", "sec-econ")
    exported = json.loads(ok("export", "--db", d))
    assert {"id": "com-1", "name": "提案委", "kind": "committee", "parent": "sec-econ"} in exported[
        "units"
    ]


def test_a_registry_write_checks_the_version_the_clerk_saw(office: Path) -> None:
    d = str(office)
    before = dump(office, audit=False)
    ran = sqmy("person", "end", "p001", "--db", d, "--actor", "s1", "--expected-version", "5")
    assert ran.code == 2 and ran.out == "" and "p001" in ran.err
    assert dump(office, audit=False) == before
    ok("person", "end", "p001", "--db", d, "--actor", "s1", "--expected-version", "1",
       "--now", "2024-09-01T00:00:00+08:00")
    exported = json.loads(ok("export", "--db", d))
    assert next(p for p in exported["people"] if p["id"] == "p001")["until"] == (
        "2024-09-01T00:00:00+08:00"
    )


def test_adjustments_and_penalties(tmp_path: Path) -> None:
    """The county office's rules declare penalty kinds and count adjustments; no review step."""
    from tests.conftest import RULESETS

    db = str(tmp_path / "county.db")
    ok("ruleset", "apply", "--db", db, "--from", "2024-01-01", str(RULESETS / "county_office.toml"))
    ok("unit", "add", "t1", "--db", db, "--actor", "s1", "--name", "城关镇", "--kind", "township")
    ok("person", "add", "s1", "--db", db, "--actor", "s1", "--name", "钱办", "--role", "staff")
    ok("person", "add", "i1", "--db", db, "--actor", "s1", "--name", "信息员", "--role", "informant",
       "--unit", "t1")
    ok("piece", "submit", "x-1", "--db", db, "--actor", "i1", "--title", "一篇", "--author", "i1",
       "--unit", "t1", "--now", T0)
    ok("piece", "adopt", "x-1", "--db", db, "--actor", "s1", "--body", "yaoqing",
       "--now", "2024-03-02T09:00:00+08:00")
    penalty = ("penalty", "add", "x-1", "--db", db, "--actor", "s1", "--kind", "plagiarism",
               "--now", "2024-04-01T09:00:00+08:00")
    first = json.loads(ok(*penalty, "--format", "json"))
    again = json.loads(ok(*penalty, "--format", "json"))  # the derived key: once
    assert first["version"] == again["version"] == 3
    history = json.loads(ok("piece", "history", "x-1", "--db", db, "--format", "json"))
    assert [e["type"] for e in history["events"]].count("penalized") == 1
    add = ("adjustment", "add", "adj-1", "--db", db, "--actor", "s1", "--points", "-2.5",
           "--reason", "迟报", "--unit", "t1", "--now", "2024-05-01T09:00:00+08:00")
    out = json.loads(ok(*add, "--format", "json"))
    assert out["id"] == "adj-1" and out["approved_by"] == "s1"
    before = dump(Path(db), audit=False)
    ok(*add)  # the same record again changes nothing
    assert dump(Path(db), audit=False) == before
    ran = sqmy(*add[:-2], "--now", "2024-06-01T09:00:00+08:00")
    assert ran.code == 2 and "adj-1" in ran.err  # another record under a used id
    assert dump(Path(db), audit=False) == before
    exported = json.loads(ok("export", "--db", db))
    assert [(a["id"], a["points"]) for a in exported["adjustments"]] in (
        [("adj-1", "-2.5")], [("adj-1", -2.5)]
    )
    assessed = json.loads(ok("assess", "--db", db, "--year", "2024", "--format", "json"))
    assert any(u["id"] == "t1" for u in assessed["units"])
