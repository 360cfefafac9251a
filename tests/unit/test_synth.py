"""The synthetic dataset generator (``sqmy_core.tools.synth``) and its command (``sqmy demo``)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from sqmy_core.interchange import parse_dataset, parse_time
from sqmy_core.model import vocab
from sqmy_core.tools.synth import FORMAT, PROFILES, REVIEW_STAGES, REVIEWER_ROLES, generate
from tests.conftest import run_demo as demo_main

YEAR = 2024
TIME_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00")
KEYS = {
    "units": {"id", "name", "kind", "parent"},
    "people": {"id", "name", "roles", "units", "since"},
    "calls": {"id", "title", "kind", "assignees", "due"},
    "pieces": {"id", "title", "authors", "unit", "submitted_at", "topic", "call"},
}
EVENT_KEYS = {
    "approved": set(), "rejected": set(), "returned": set(),
    "reviewed": {"stage", "decision"}, "dispatched": {"route", "to"}, "adopted": {"body"},
    "instructed": {"level", "rank"}, "handled": {"department", "outcome"},
}


@cache
def _doc(profile: str, seed: int = 1) -> dict[str, Any]:
    return generate(profile, seed=seed, year=YEAR)


def _time(text: str) -> datetime:
    t = parse_time(text)
    assert t is not None, text
    return t


def _pieces(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in doc["pieces"]}


# ------------------------------------------------------------------ determinism


@pytest.mark.parametrize("profile", PROFILES)
def test_the_same_seed_gives_the_same_document(profile: str) -> None:
    a = generate(profile, seed=7, year=YEAR, pieces=300)
    b = generate(profile, seed=7, year=YEAR, pieces=300)
    assert a == b
    assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def test_the_document_does_not_depend_on_the_process_hash_seed() -> None:
    code = (
        "import hashlib, json; from sqmy_core.tools.synth import generate; "
        "d = generate('district', seed=5, year=2024, pieces=400); "
        "print(hashlib.sha256(json.dumps(d, ensure_ascii=False).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                             capture_output=True, text=True)
        digests.add(out.stdout.strip())
    here = generate("district", seed=5, year=2024, pieces=400)
    digests.add(hashlib.sha256(json.dumps(here, ensure_ascii=False).encode()).hexdigest())
    assert len(digests) == 1


@pytest.mark.parametrize("profile", PROFILES)
def test_different_seeds_give_different_documents(profile: str) -> None:
    a, b = _doc(profile, 1), _doc(profile, 2)
    assert a["pieces"] != b["pieces"]
    assert a["events"] != b["events"]
    assert [p["name"] for p in a["people"]] != [p["name"] for p in b["people"]]


# ------------------------------------------------------------------ the contract


@pytest.mark.parametrize("profile", PROFILES)
def test_the_document_is_json_with_exactly_the_contracts_keys(profile: str) -> None:
    doc = _doc(profile)
    assert list(doc) == ["format", "units", "people", "calls", "pieces", "events"]
    assert doc["format"] == FORMAT == "sqmy-dataset/1"
    assert json.loads(json.dumps(doc, ensure_ascii=False)) == doc
    for section, allowed in KEYS.items():
        for i, rec in enumerate(doc[section]):
            assert set(rec) <= allowed, f"{section}[{i}]: {set(rec) - allowed}"
            assert {"id"} <= set(rec)
    for i, e in enumerate(doc["events"]):
        allowed = {"piece", "type", "at", "actor", "note"} | EVENT_KEYS[e["type"]]
        assert set(e) <= allowed, f"events[{i}]: {set(e) - allowed}"
        assert EVENT_KEYS[e["type"]] <= set(e), f"events[{i}] lacks fields"


@pytest.mark.parametrize("profile", PROFILES)
def test_ids_are_unique_and_every_reference_resolves(profile: str) -> None:
    doc = _doc(profile)
    ids = {}
    for section in ("units", "people", "calls", "pieces"):
        ids[section] = [r["id"] for r in doc[section]]
        assert all(isinstance(x, str) and x for x in ids[section])
        assert len(set(ids[section])) == len(ids[section]), f"duplicate id in {section}"
    units, people = set(ids["units"]), set(ids["people"])
    calls, pieces = set(ids["calls"]), set(ids["pieces"])
    roots = [u for u in doc["units"] if u["parent"] is None]
    assert len(roots) == 1
    seen: set[str] = set()
    for u in doc["units"]:  # parents come before their children: no cycles
        assert u["parent"] is None or u["parent"] in seen
        seen.add(u["id"])
    for p in doc["people"]:
        assert set(p["units"]) <= units
        assert len(set(p["units"])) == len(p["units"])
    for c in doc["calls"]:
        assert set(c.get("assignees", [])) <= people
    for pc in doc["pieces"]:
        assert pc["authors"] and set(pc["authors"]) <= people
        assert len(set(pc["authors"])) == len(pc["authors"])
        assert "unit" not in pc or pc["unit"] in units
        assert "call" not in pc or pc["call"] in calls
    for e in doc["events"]:
        assert e["piece"] in pieces
        assert "actor" not in e or e["actor"] in people


@pytest.mark.parametrize("profile", PROFILES)
def test_every_time_has_the_beijing_offset(profile: str) -> None:
    doc = _doc(profile)
    times = [p["since"] for p in doc["people"] if "since" in p]
    times += [c["due"] for c in doc["calls"] if "due" in c]
    times += [p["submitted_at"] for p in doc["pieces"]] + [e["at"] for e in doc["events"]]
    assert times
    for t in times:
        assert TIME_RE.fullmatch(t), t
        assert _time(t).utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("profile", PROFILES)
def test_events_follow_submission_in_time_order(profile: str) -> None:
    doc = _doc(profile)
    pieces = _pieces(doc)
    last: dict[str, datetime] = {}
    for e in doc["events"]:
        at = _time(e["at"])
        assert at > _time(pieces[e["piece"]]["submitted_at"]), e
        assert at >= last.get(e["piece"], at), e
        last[e["piece"]] = at
    # each piece's events are grouped together
    runs = [k for i, k in enumerate(e["piece"] for e in doc["events"])
            if i == 0 or doc["events"][i - 1]["piece"] != k]
    assert len(runs) == len(set(runs))


@pytest.mark.parametrize("profile", PROFILES)
def test_values_come_from_the_vocabularies(profile: str) -> None:
    doc = _doc(profile)
    roles = set(vocab.BUILTIN_ROLES) | set(REVIEWER_ROLES[profile])
    stages = {s for s, _ in REVIEW_STAGES[profile]}
    assert {u["kind"] for u in doc["units"]} <= set(vocab.UNIT_KINDS)
    assert {r for p in doc["people"] for r in p["roles"]} <= roles
    assert {c["kind"] for c in doc["calls"]} <= set(vocab.CALL_KINDS)
    checks = {
        "route": set(vocab.ROUTES), "body": set(vocab.BODIES), "level": set(vocab.LEVELS),
        "rank": set(vocab.RANKS), "outcome": set(vocab.OUTCOMES),
        "decision": set(vocab.DECISIONS), "stage": stages,
    }
    types = Counter(e["type"] for e in doc["events"])
    assert set(types) <= set(vocab.EVENT_TYPES)
    for e in doc["events"]:
        for key, allowed in checks.items():
            if key in e:
                assert e[key] in allowed, e
    expected = set(vocab.EVENT_TYPES) - ({"reviewed"} if not stages else set())
    assert set(types) == expected  # every kind of event occurs


@pytest.mark.parametrize("profile", PROFILES)
def test_the_dataset_validator_accepts_the_document(profile: str) -> None:
    doc = _doc(profile)
    ds = parse_dataset(doc, extra_roles=REVIEWER_ROLES[profile])
    assert len(ds.pieces) == len(doc["pieces"])
    assert len(ds.events) == len(doc["events"])
    assert len(ds.people) == len(doc["people"])


# ------------------------------------------------------------------ realism


def test_the_district_profile_has_the_asked_size_and_shape() -> None:
    doc = _doc("district")
    assert len(doc["people"]) == 180
    assert len(doc["pieces"]) == 700
    per_year = Counter(p["submitted_at"][:4] for p in doc["pieces"])
    assert per_year == {"2023": 350, "2024": 350}
    kinds = Counter(u["kind"] for u in doc["units"])
    assert kinds["cppcc"] == 1 and kinds["sector"] == 12 and kinds["committee"] == 6
    assert kinds["liaison"] == 10 and 2 <= kinds["studio"] <= 6
    names = {u["name"] for u in doc["units"]}
    assert {"经济界", "农业和农村委员会"} <= names
    assert any(n.endswith("街道工委") or n.endswith("镇工委") for n in names)
    roles = Counter(r for p in doc["people"] for r in p["roles"])
    assert 120 <= roles["member"] <= 160
    assert 20 <= roles["special_officer"] <= 30
    both = [p for p in doc["people"] if {"member", "special_officer"} <= set(p["roles"])]
    assert 1 <= len(both) <= 8
    for role in ("reviewer_initial", "reviewer_deputy", "reviewer_chair", "expert", "staff"):
        assert roles[role] >= 1, role
    titles = [p["title"] for p in doc["pieces"]]
    assert sum(t.startswith("关于") and t.endswith("建议") for t in titles) > len(titles) / 2
    assert len(set(titles)) > len(titles) / 3


def test_every_district_member_sits_in_one_sector_and_most_in_more() -> None:
    doc = _doc("district")
    kind = {u["id"]: u["kind"] for u in doc["units"]}
    members = [p for p in doc["people"] if "member" in p["roles"]]
    in_kind: Counter[str] = Counter()
    for p in members:
        kinds = Counter(kind[u] for u in p["units"])
        assert kinds["sector"] == 1, p
        in_kind.update(set(kinds))
    assert in_kind["committee"] > len(members) / 2
    assert in_kind["liaison"] > len(members) / 2


def test_sizes_follow_the_arguments() -> None:
    doc = generate("district", seed=3, year=2030, people=900, pieces=3001, years=3)
    assert len(doc["people"]) == 900
    assert len(doc["pieces"]) == 3001
    per_year = Counter(p["submitted_at"][:4] for p in doc["pieces"])
    assert per_year == {"2028": 1000, "2029": 1000, "2030": 1001}
    assert sum(u["kind"] == "liaison" for u in doc["units"]) > 10
    assert generate("committee", seed=1, year=YEAR, pieces=0)["events"] == []


@pytest.mark.parametrize(("profile", "people"), [("party", 260), ("committee", 48)])
def test_the_other_profiles_have_their_shape(profile: str, people: int) -> None:
    doc = _doc(profile)
    assert len(doc["people"]) == people
    kinds = Counter(u["kind"] for u in doc["units"])
    if profile == "party":
        assert kinds["district_branch"] >= 5 and kinds["grassroots"] >= 5
        assert kinds["committee"] >= 3
    else:
        assert kinds == {"committee": 1}
        assert doc["units"][0]["name"] == "民族和宗教委员会"
        roles = Counter(r for p in doc["people"] for r in p["roles"])
        assert 35 <= roles["member"] <= 45 and 2 <= roles["special_officer"] <= 8
        assert roles["editor"] and roles["office_director"] and roles["committee_leader"]


def test_some_district_members_submit_nothing_for_two_years() -> None:
    doc = _doc("district")
    authors = {a for p in doc["pieces"] for a in p["authors"]}
    silent = [p for p in doc["people"]
              if "member" in p["roles"] and "since" not in p and p["id"] not in authors]
    assert len(silent) >= 3


def test_people_take_office_mid_year_and_author_only_once_in_office() -> None:
    doc = _doc("district")
    since = {p["id"]: _time(p["since"]) for p in doc["people"] if "since" in p}
    assert len(since) >= 3
    for pc in doc["pieces"]:
        at = _time(pc["submitted_at"])
        for a in pc["authors"]:
            assert since.get(a, at) <= at, (pc["id"], a)


@pytest.mark.parametrize("profile", PROFILES)
def test_events_spill_into_january_of_the_next_year_only(profile: str) -> None:
    doc = _doc(profile)
    assert {p["submitted_at"][:4] for p in doc["pieces"]} == {"2023", "2024"}
    assert any(e["at"].startswith(f"{YEAR + 1}-01") for e in doc["events"])
    cutoff = datetime.fromisoformat(f"{YEAR + 1}-02-01T00:00:00+08:00")
    assert all(_time(e["at"]) < cutoff for e in doc["events"])


def test_district_dispatches_mostly_meet_the_deadlines() -> None:
    doc = _doc("district")
    approved = {e["piece"]: _time(e["at"]) for e in doc["events"] if e["type"] == "approved"}
    deadline = {"direct": 2, "reference": 5, "transfer": 14}
    late = total = 0
    for e in doc["events"]:
        if e["type"] == "dispatched":
            assert e["piece"] in approved  # only approved pieces are sent on
            if e["route"] in deadline:
                total += 1
                late += _time(e["at"]) - approved[e["piece"]] > timedelta(days=deadline[e["route"]])
    assert total > 100
    assert 0 < late < 0.2 * total


def test_district_adoptions_are_mostly_county_level() -> None:
    doc = _doc("district")
    levels = Counter(vocab.BODIES[e["body"]].level for e in doc["events"] if e["type"] == "adopted")
    assert levels["county"] > levels["city"] > levels["province"] + levels["national"] > 0
    instructed = Counter(e["level"] for e in doc["events"] if e["type"] == "instructed")
    assert instructed["county"] > instructed["city"]


@pytest.mark.parametrize("profile", ["district", "committee"])
def test_reviewers_never_review_their_own_pieces(profile: str) -> None:
    doc = _doc(profile)
    pieces = _pieces(doc)
    stage_role = dict(REVIEW_STAGES[profile])
    roles = {p["id"]: set(p["roles"]) for p in doc["people"]}
    reviewed = [e for e in doc["events"] if e["type"] == "reviewed"]
    assert reviewed
    for e in doc["events"]:
        if "actor" in e:
            assert e["actor"] not in pieces[e["piece"]]["authors"], e
        if e["type"] == "reviewed":
            assert stage_role[e["stage"]] in roles[e["actor"]], e


def test_calls_of_every_kind_with_linked_pieces() -> None:
    doc = _doc("district")
    calls = {c["id"]: c for c in doc["calls"]}
    assert {c["kind"] for c in calls.values()} == set(vocab.CALL_KINDS)
    assert all(c["assignees"] for c in calls.values() if c["kind"] == "commission")
    linked = [p for p in doc["pieces"] if "call" in p]
    assert 0.05 * len(doc["pieces"]) < len(linked) < 0.4 * len(doc["pieces"])
    for p in linked:
        call = calls[p["call"]]
        if call["kind"] == "commission":
            assert p["authors"][0] in call["assignees"]
        assert call["id"][1:5] == p["submitted_at"][:4]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"profile": "town"}, "unknown profile"),
        ({"profile": "district", "people": 5}, "at least"),
        ({"profile": "district", "pieces": -1}, "negative"),
        ({"profile": "district", "years": 0}, "years"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, Any], match: str) -> None:
    profile = kwargs.pop("profile")
    with pytest.raises(ValueError, match=match):
        generate(profile, seed=1, year=YEAR, **kwargs)


# ------------------------------------------------------------------ the demo command


def test_demo_writes_the_dataset_and_says_what_it_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nested" / "dir" / "district-dataset.json"
    assert demo_main(["--seed", "2024", "--year", "2024", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "经济界" in text  # Chinese is written as is, not as \\u escapes
    doc = json.loads(text)
    assert doc == generate("district", seed=2024, year=2024)
    line = capsys.readouterr().out.strip()
    assert "\n" not in line
    for count in (len(doc["people"]), len(doc["units"]), len(doc["pieces"]), len(doc["events"])):
        assert str(count) in line
    assert "人员" in line and "稿件" in line and "事件" in line


def test_demo_takes_a_profile_and_refuses_a_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "party.json"
    assert demo_main(["--seed", "1", "--year", "2024", "--out", str(out),
                      "--profile", "party"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["units"][0]["kind"] == "party"
    assert demo_main(["--seed", "1", "--year", "2024", "--out", str(out), "--profile", "town"]) == 2
    capsys.readouterr()
