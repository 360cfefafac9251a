"""A client written in Java drives a whole year through ``sqmy serve``; its assessment is ``sqmy assess``'s.

Issue 13's test of the HTTP interface from another language: ``clients/java``
(JDK 17's ``java.net.http``, no libraries) is compiled into a temporary
directory and run against a real ``sqmy serve`` process on a SQLite file.
It registers units and people, submits fifty pieces, takes them through the
three review levels (returns, resubmissions, rejections, an escalation, a
withdrawal), dispatches them, records adoptions, instructions and handling,
each on the version the last answer gave and under an Idempotency-Key, and
fetches the year's assessment.  The dataset is then exported from the same
file with ``sqmy export`` and assessed with ``sqmy assess``: the two
documents must be equal, member for member (an assessment document carries no
generation time or other per-run value, so nothing is left out of the
comparison).

Without a JDK the test is skipped, except under CI (``CI`` set), where it
fails: the done-when of issue 13 requires it to run there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.explain import explain
from sqmy_core.testing.service_flow import ORG, T0, drive_piece, issue_credential, prepare
from sqmy_core.workspace.files import load_ruleset, read_dataset_with

REPO = Path(__file__).resolve().parents[2]
CLIENT = REPO / "clients" / "java"
RULESET = REPO / "rulesets" / "district.toml"
YEAR = 2024
STARTUP_SECONDS = 60.0
JAVA_SECONDS = 240.0


def credential(db: Path) -> str:
    """The bearer token the Java client sends: a credential for organization ``district``
    issued in the store at ``db`` (by its staff member ``s1``), with the scopes the year needs."""
    return issue_credential(str(db), scopes=("read", "registry", "workflow", "outcomes"))


def _jdk() -> tuple[str, str]:
    """``java`` and ``javac`` of a JDK 17 or later; skipped without one (failed under CI)."""
    java, javac = shutil.which("java"), shutil.which("javac")
    why = None
    if java is None or javac is None:
        why = "no JDK on PATH (java and javac)"
    else:
        shown = subprocess.run([javac, "-version"], capture_output=True, text=True, check=False)
        found = re.search(r"javac (\d+)", shown.stdout + shown.stderr)
        if found is None or int(found.group(1)) < 17:
            why = f"the Java client needs JDK 17 or later, found {shown.stdout + shown.stderr!r}"
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{why}: required under CI (issue 13)")
        pytest.skip(why)
    assert java is not None and javac is not None
    return java, javac


def _env() -> dict[str, str]:
    """The subprocesses run this test's code (its ``sys.path``), not an installed copy."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))


def _sqmy(*args: str) -> str:
    """``sqmy ARGS`` (the CLI, in a process of its own); its standard output."""
    done = subprocess.run([sys.executable, "-m", "sqmy_core", *args], env=_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Year:
    """What the run left: the client's output, both assessments, the export, the backup."""

    stdout: str
    java_assessment: dict[str, Any]
    cli_assessment: dict[str, Any]
    dataset: dict[str, Any]
    dataset_path: Path
    backup: dict[str, Any]


def _serve(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "sqmy_core", "serve", "--db", str(db), "--org", ORG,
             "--port", str(port), "--log-level", "warning"],
            env=_env(), stdout=subprocess.DEVNULL, stderr=err,
        )


def _wait_healthy(server: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"sqmy serve exited {server.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"sqmy serve at {base} did not answer /health in {STARTUP_SECONDS}s")


def _run_java(java: str, classes: Path, base: str, out: Path, token: str | None) -> str:
    args = [java, "-cp", str(classes), "cn.sqmy.client.YearDriver", "--base", base,
            "--org", ORG, "--year", str(YEAR), "--out", str(out)]
    if token is not None:
        args += ["--token", token]
    env = {k: v for k, v in os.environ.items() if k != "SQMY_TOKEN"}
    done = subprocess.run(args, capture_output=True, text=True, timeout=JAVA_SECONDS,
                          env=env, check=False)
    assert done.returncode == 0, f"YearDriver exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@contextmanager
def _server(db: Path, tmp: Path) -> Iterator[str]:
    """``sqmy serve`` on ``db`` in a process of its own; its base URL while it runs."""
    port, log = _free_port(), tmp / "serve.log"
    server = _serve(db, port, log)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_healthy(server, base, log)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def classes(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """``java`` and the client compiled into a temporary directory (never into the repo)."""
    java, javac = _jdk()
    out = tmp_path_factory.mktemp("java-classes")
    sources = sorted(str(p) for p in CLIENT.rglob("*.java"))
    compiled = subprocess.run([javac, "-Xlint:all", "-Werror", "-encoding", "UTF-8", "-d",
                               str(out), *sources], capture_output=True, text=True,
                              timeout=180, check=False)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return java, out


@pytest.fixture(scope="module")
def year(classes: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Year:
    """The Java client's year on a fresh store, then the CLI's export and assessment of it."""
    java, compiled = classes
    tmp = tmp_path_factory.mktemp("java-year")
    db = tmp / "office.db"
    prepare(str(db), RULESET)  # 施行规则集 and the office's first staff member, as the CLI does
    with _server(db, tmp) as base:
        stdout = _run_java(java, compiled, base, tmp / "assessment.json", credential(db))
    dataset_path = tmp / "dataset.json"
    _sqmy("export", "--db", str(db), "-o", str(dataset_path))
    cli = json.loads(_sqmy("assess", "--ruleset", str(RULESET), "--data", str(dataset_path),
                           "--year", str(YEAR), "--format", "json", "--quiet"))
    _sqmy("backup", "--db", str(db), "-o", str(tmp / "backup.json"))
    return Year(
        stdout=stdout,
        java_assessment=json.loads((tmp / "assessment.json").read_text(encoding="utf-8")),
        cli_assessment=cli,
        dataset=json.loads(dataset_path.read_text(encoding="utf-8")),
        dataset_path=dataset_path,
        backup=json.loads((tmp / "backup.json").read_text(encoding="utf-8")),
    )


@pytest.mark.parametrize(("check", "says"), [("JsonTest", "json"), ("ClientTest", "client")])
def test_the_clients_own_checks_pass(classes: tuple[str, Path], check: str, says: str) -> None:
    """``Json`` strict and exact; ``SqmyClient`` on the wire (bearer token, If-Match, keys, a
    dropped connection retried with the same key, problem details) against the JDK's server."""
    java, compiled = classes
    done = subprocess.run([java, "-cp", str(compiled), f"cn.sqmy.client.{check}"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(rf"^{says}: \d+ checks passed$", done.stdout, re.M), done.stdout


def test_the_java_clients_assessment_is_sqmy_assess_on_the_export(year: Year) -> None:
    assert year.java_assessment["format"].startswith("sqmy-assessment/1")
    assert year.java_assessment["year"] == YEAR
    assert year.java_assessment == year.cli_assessment


def test_the_year_has_points_from_every_kind_of_outcome_and_real_ranks(year: Year) -> None:
    doc = year.java_assessment
    stats = doc["stats"]
    assert stats["submitted"] >= 40 and stats["approved"] >= 30
    assert stats["adopted"] >= 10 and stats["instructed"] >= 5 and stats["implemented"] >= 5
    assert doc["overdue"], "some dispatches were planned late"
    people, units = doc["people"], doc["units"]
    assert len(people) >= 20 and len(units) == 7
    ranks = [p["rank"] for p in people]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert len(set(ranks)) >= 10, "ranks spread out"
    assert len(set(ranks)) < len(ranks), "and some people tie"
    assert any(p["award"] for p in people) and any(u["award"] for u in units)

    # which rules gave each person points: explained from the same export
    ruleset = load_ruleset(RULESET)
    book = Book(ruleset, read_dataset_with(ruleset, year.dataset_path))
    assessment = assess_book(book, YEAR)
    earned: dict[str, set[str]] = {}
    shares = set()
    for p in people:
        lines = explain(book, YEAR, "person", p["id"], assessment).point_lines
        earned[p["id"]] = {ln.rule for ln in lines if ln.points}
        shares |= {ln.share for ln in lines}
    for rule in ("approved", "adopted", "instructed", "implemented"):
        holders = [who for who, rules in earned.items() if rule in rules]
        assert len(holders) >= 3, (rule, holders)
    assert any(0 < s < 1 for s in shares), "co-authored pieces split their points"


def test_the_year_went_through_every_step_of_the_district_flow(year: Year) -> None:
    stored = Counter(e["type"] for e in year.backup["events"])  # the export leaves some out
    for kind in ("submitted", "reviewed", "approved", "returned", "resubmitted", "rejected",
                 "expert_reviewed", "withdrawn", "dispatched", "adopted", "instructed",
                 "handled"):
        assert stored[kind] > 0, kind
    events = year.dataset["events"]
    types = Counter(e["type"] for e in events)
    reviews = [e for e in events if e["type"] == "reviewed"]
    assert {e["stage"] for e in reviews} == {"initial", "deputy", "chair"}
    assert {e["decision"] for e in reviews} == {"pass", "return", "reject", "escalate"}
    of = {t: [e for e in events if e["type"] == t] for t in types}
    assert len({e["route"] for e in of["dispatched"]}) >= 3
    assert len({e["body"] for e in of["adopted"]}) >= 4
    assert {e["level"] for e in of["instructed"]} >= {"county", "city", "province"}
    assert {e["rank"] for e in of["instructed"]} == {"principal", "deputy"}
    assert {e["outcome"] for e in of["handled"]} == {"implemented", "under_study", "declined"}
    pieces = year.dataset["pieces"]
    assert sum(len(p["authors"]) > 1 for p in pieces) >= 5, "co-authored pieces"
    assert len({p["authors"][0] for p in pieces}) >= 12, "by many authors"
    # withdrawn pieces are not exported, but the store has them
    streams = {e["stream"] for e in year.backup["events"]}
    withdrawn = {e["stream"] for e in year.backup["events"] if e["type"] == "withdrawn"}
    assert withdrawn and streams - withdrawn == {p["id"] for p in pieces}
    # registry sync: an end of term is the person's record sent again with `until`
    p20 = [h for h in year.backup["registry_history"] if h["ident"] == "p20"]
    assert len(p20) == 2 and not p20[0]["record"].get("until") and p20[1]["record"]["until"]


def test_every_piece_command_carried_its_own_idempotency_key(year: Year) -> None:
    keys = year.backup["idempotency"]
    assert all(k["key"].startswith("plan-") for k in keys)
    assert len({k["key"] for k in keys}) == len(keys)
    # the keys' version ranges cover every piece event exactly once: no command without a
    # key, and no key (the retried one included) that took effect twice
    covered = Counter((k["stream"], v) for k in keys
                      for v in range(k["first_version"], k["last_version"] + 1))
    stored = Counter((e["stream"], e["version"]) for e in year.backup["events"])
    assert covered == stored


def test_a_retry_with_the_same_key_had_one_effect(year: Year) -> None:
    found = re.search(r"^retry: (\S+) adoptions Idempotency-Key=(\S+) sent twice on If-Match "
                      r'"(\d+)", both answered "(\d+)"', year.stdout, re.M)
    assert found, year.stdout
    piece, key, sent_on, answered = found.groups()
    entry = next(k for k in year.backup["idempotency"] if k["key"] == key)
    assert entry["stream"] == piece
    assert entry["first_version"] == entry["last_version"] == int(sent_on) + 1 == int(answered)
    adopted = [e for e in year.backup["events"] if e["stream"] == piece and e["type"] == "adopted"]
    assert len({(e["at"], e["data"]["body"]) for e in adopted}) == len(adopted)


def test_a_stale_if_match_was_answered_412_and_resent_after_reading(year: Year) -> None:
    found = re.search(r'^stale: (\S+) instructions on If-Match "(\d+)" answered 412 '
                      r'expected_version_stale \(found (\d+)\); re-read "(\d+)", sent again, '
                      r'answered "(\d+)"', year.stdout, re.M)
    assert found, year.stdout
    piece, stale, current, reread, answered = (found.group(1), *map(int, found.groups()[1:]))
    assert stale < current == reread < answered
    instructed = [e for e in year.backup["events"]
                  if e["stream"] == piece and e["type"] == "instructed"]
    assert instructed and len({e["at"] for e in instructed}) == len(instructed)


def test_the_work_lists_were_read_page_by_page(year: Year) -> None:
    found = re.search(r"^work lists: (\d+) checked, (\d+) pages", year.stdout, re.M)
    assert found, year.stdout
    checked, pages = map(int, found.groups())
    assert checked == 3 * 12 and pages > checked  # three reviewers, Feb..Dec starts + the end


# ---------------------------------------------------------------- the curl flow of docs/service.md

CURL_PREAMBLE = """set -eu -o pipefail
curl() { command curl -sS -w '%{stderr}%{http_code} %header{etag}\\n' "$@"; echo; }
"""
"""Each curl of the page's flow also writes its status and ETag to standard error."""

_CLAIM = re.compile(r'#\s*(?:etag:\s*"(\d+)"|(\d{3}))\s*$')


def _doc_flow() -> str:
    """The shell block of docs/service.md's section on a piece's whole way with curl."""
    text = (REPO / "docs" / "service.md").read_text(encoding="utf-8")
    section = text.split("## 一篇稿件的全程（curl）", 1)[1]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


def _claims(script: str) -> list[tuple[int | None, str | None]]:
    """Per curl command of ``script``, the status or ETag its trailing comment claims."""
    claims: list[tuple[int | None, str | None]] = []
    command: list[str] = []
    for line in script.splitlines():
        if not command and not line.startswith("curl "):
            continue
        command.append(line)
        joined = "\n".join(command)
        if joined.count("'") % 2 == 0 and not line.rstrip().endswith("\\"):
            found = _CLAIM.search(line)
            etag = found.group(1) if found else None
            status = int(found.group(2)) if found and found.group(2) else None
            claims.append((status, f'"{etag}"' if etag else None))
            command = []
    return claims


def _curl_version() -> tuple[int, int] | None:
    if shutil.which("curl") is None or shutil.which("bash") is None:
        return None
    shown = subprocess.run(["curl", "--version"], capture_output=True, text=True, check=False)
    found = re.match(r"curl (\d+)\.(\d+)", shown.stdout)
    return (int(found.group(1)), int(found.group(2))) if found else None


def test_the_curl_flow_in_docs_service_md_runs_as_written(tmp_path: Path) -> None:
    version = _curl_version()
    if version is None or version < (7, 84):  # %header{} in --write-out
        pytest.skip(f"needs bash and curl 7.84 or later, found {version}")
    script = _doc_flow()
    claims = _claims(script)
    assert len(claims) >= 20, "the flow covers registry, submit, three reviews, outcomes, queries"
    db = tmp_path / "office.db"
    prepare(str(db), RULESET)
    with _server(db, tmp_path) as base:
        token = f"TOKEN={credential(db)}\n"
        done = subprocess.run(["bash", "-c", CURL_PREAMBLE + token + script.replace(
            "http://127.0.0.1:8000", base)], capture_output=True, text=True, timeout=120,
            check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    answers = re.findall(r'^(\d{3}) ?(\S*)$', done.stderr, re.M)
    assert len(answers) == len(claims), done.stderr
    for (status, etag), (claim_status, claim_etag) in zip(answers, claims, strict=True):
        if claim_status is not None:
            assert int(status) == claim_status, (status, etag, done.stdout)
        else:
            assert status in ("200", "201"), (status, done.stdout)
        if claim_etag is not None:
            assert etag == claim_etag, (status, etag, claim_etag)
    # the page's sums: 1 + 4 + 6 × 1.5 + 2 = 16 for the piece; 60 % / 40 % to its authors
    doc = json.loads(_sqmy("assess", "--db", str(db), "--year", str(YEAR), "--format", "json",
                           "--quiet"))
    points = {e["id"]: e["points"] for e in doc["people"] + doc["units"]}
    assert (points["p001"], points["p002"], points["sec-econ"]) == (9.6, 6.4, 16.0)
    assert doc["stats"]["adopted"] == doc["stats"]["implemented"] == 1


def test_the_java_excerpt_in_docs_service_md_compiles(
    classes: tuple[str, Path], tmp_path: Path
) -> None:
    """The page's example of calling the client is real code against the client as it is."""
    text = (REPO / "docs" / "service.md").read_text(encoding="utf-8")
    excerpt = text.split("## Java 客户端", 1)[1].split("```java\n", 1)[1].split("```", 1)[0]
    source = tmp_path / "cn" / "sqmy" / "client" / "Excerpt.java"
    source.parent.mkdir(parents=True)
    source.write_text("package cn.sqmy.client;\nimport java.util.List;\nfinal class Excerpt {\n"
                      f"    static void run(String token) {{\n{excerpt}\n    }}\n}}\n",
                      encoding="utf-8")
    javac = shutil.which("javac")
    assert javac is not None
    _, compiled = classes
    done = subprocess.run([javac, "-encoding", "UTF-8", "-cp", str(compiled), "-d",
                           str(tmp_path / "out"), str(source)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_output_shown_in_docs_service_md_is_the_clients(year: Year) -> None:
    """The page prints what the seeded year really prints (but the assessment's file name)."""
    text = (REPO / "docs" / "service.md").read_text(encoding="utf-8")
    shown = text.split("## Java 客户端", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    printed = year.stdout.splitlines()
    for line in shown.splitlines():
        if line.startswith("assessment: "):
            assert any(p.startswith(line.split(" -> ")[0]) for p in printed), (line, printed)
        else:
            assert line in printed, (line, printed)


# ---------------------------------------------------------------- service bugs found on the way


@pytest.mark.parametrize("actor", ["p001", "nobody"])
def test_only_staff_may_sync_the_registry(client: TestClient, actor: str) -> None:
    """As ``sqmy import`` requires staff: a member's account cannot register people."""
    answer = client.put(f"/orgs/{ORG}/people/p009", headers={"If-Match": '"0"'},
                        json={"actor": actor, "name": "王五", "roles": ["member"], "now": T0})
    assert answer.status_code == 403, answer.text
    assert answer.json()["problems"][0]["path"] == "actor"
    assert client.get(f"/orgs/{ORG}/people/p009").status_code == 404


@pytest.mark.parametrize(("query", "path"), [("pieces?awaiting_review=nobody", "awaiting_review"),
                                           ("pieces/2024-001?for=nobody", "for")])
def test_a_query_acting_for_an_unregistered_person_is_refused(
    client: TestClient, query: str, path: str
) -> None:
    """The person a read acts for is checked as an actor is (403, naming the parameter)."""
    drive_piece(client)
    answer = client.get(f"/orgs/{ORG}/{query}")
    assert answer.status_code == 403, answer.text
    assert answer.json()["problems"][0]["path"] == path
