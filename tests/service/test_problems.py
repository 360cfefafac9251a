"""Refusals as RFC 9457 problem details, in Chinese or English by Accept-Language; never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sqmy_core.service.problems import language
from sqmy_core.testing.service_flow import T0, ok

BASE = "/orgs/district/pieces"


def test_an_unknown_piece_is_404_in_chinese_by_default_and_in_english_when_asked(
    client: TestClient,
) -> None:
    zh = client.get(f"{BASE}/nope")
    en = client.get(f"{BASE}/nope", headers={"Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"})
    assert zh.status_code == en.status_code == 404
    assert zh.headers["content-type"].startswith("application/problem+json")
    assert zh.json()["title"] == "不存在" and en.json()["title"] == "Not found"
    assert zh.json()["problems"][0]["message"] == "稿件 'nope' 不存在"
    assert en.json()["problems"][0]["message"] == "piece 'nope' does not exist"
    assert en.json()["problems"][0]["found"] == "'nope'" and en.json()["status"] == 404
    assert set(zh.json()) == {"type", "title", "status", "detail", "problems"}


def test_a_bad_word_from_the_ruleset_is_refused_with_its_key_and_what_was_found(
    client: TestClient,
) -> None:
    ok(client.post(BASE, json={"id": "x1", "actor": "p001", "title": "标题", "authors": ["p001"],
                               "now": T0}))
    answer = client.post(f"{BASE}/x1/review", headers={"Accept-Language": "en"},
                         json={"actor": "r-initial", "decision": "maybe", "now": T0})
    assert answer.status_code == 422
    problem = answer.json()["problems"][0]
    assert (problem["path"], problem["code"], problem["found"]) == ("decision", "unknown_value", "'maybe'")
    assert problem["expected"] == "pass, return, reject, escalate"
    assert problem["message"].startswith("decision: unknown decision 'maybe'")


def test_an_author_reviewing_is_403_and_a_closed_transition_409(client: TestClient) -> None:
    ok(client.post(BASE, json={"id": "x1", "actor": "p001", "title": "标题", "authors": ["p001"],
                               "now": T0}))
    denied = client.post(f"{BASE}/x1/review", json={"actor": "p001", "decision": "pass", "now": T0})
    assert denied.status_code == 403
    ok(client.post(f"{BASE}/x1/withdraw", json={"actor": "p001", "now": T0}))
    closed = client.post(f"{BASE}/x1/withdraw", json={"actor": "p001", "now": T0})
    assert closed.status_code == 409 and closed.json()["problems"]


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"actor": "p001", "title": "t", "authors": ["p001"]}, "id"),
        ({"id": "x", "actor": "p001", "title": "t", "authors": ["p001"], "now": "yesterday"}, "now"),
        ({"id": "x", "actor": "p001", "title": "t", "authors": ["p001"],
          "now": "2024-03-01T09:00:00"}, "now"),  # no offset: which time is it?
        ({"id": "x", "actor": "p001", "title": "t", "authors": "p001"}, "authors"),
        ({"id": "x", "actor": "p001", "title": "t", "authors": ["p001"], "colour": 1}, "colour"),
    ],
)
def test_a_body_that_breaks_the_schema_is_422_naming_the_key(
    client: TestClient, body: dict[str, object], path: str
) -> None:
    answer = client.post(BASE, json=body, headers={"Accept-Language": "en"})
    assert answer.status_code == 422
    assert [p["path"] for p in answer.json()["problems"]] == [path]
    assert "expected" in answer.json()["problems"][0]["message"] or "missing" in answer.text
    assert client.get(f"{BASE}/x").status_code == 404  # nothing written


@pytest.mark.parametrize(
    ("method", "url", "kwargs"),
    [
        ("post", BASE, {"content": b"{not json", "headers": {"content-type": "application/json"}}),
        ("post", BASE, {"content": b"\xff\xfe", "headers": {"content-type": "application/json"}}),
        ("get", f"{BASE}/x", {"headers": {"If-Match": "x"}}),
        ("post", f"{BASE}/x/withdraw", {"json": {"actor": "p001"}, "headers": {"If-Match": "v3"}}),
        ("get", BASE, {"params": {"cursor": "!!!"}}),
        ("get", BASE, {"params": {"limit": "0"}}),
        ("get", "/orgs/district/assessment", {"params": {"year": "MMXXIV"}}),
        ("get", "/orgs/other/pieces", {}),
        ("put", "/orgs/district/people/z", {"json": {"actor": "s1", "name": "z", "roles": ["wizard"]}}),
    ],
)
def test_bad_input_is_never_a_500(
    client: TestClient, method: str, url: str, kwargs: dict[str, object]
) -> None:
    answer = getattr(client, method)(url, **kwargs)
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json"), answer.text
    assert answer.json()["problems"] and all(p["message"] for p in answer.json()["problems"])


def test_a_time_without_offset_says_what_was_expected_in_chinese(client: TestClient) -> None:
    answer = client.post(BASE, json={"id": "x", "actor": "p001", "title": "t", "authors": ["p001"],
                                     "now": "2024-03-01T09:00:00"})
    problem = answer.json()["problems"][0]
    assert problem["expected"] == "带时区的时间（如 2024-03-01T09:00:00+08:00）"
    assert problem["message"] == "now: 应为带时区的时间（如 2024-03-01T09:00:00+08:00），实际为 '2024-03-01T09:00:00'"


def test_an_organization_not_in_the_database_is_404_and_names_no_server_path(
    client: TestClient,
) -> None:
    answer = client.get("/orgs/other/pieces", headers={"Accept-Language": "en"})
    assert answer.status_code == 404
    assert answer.json()["detail"] == "org: this service does not serve organization 'other'"


def test_a_malformed_if_match_is_400(client: TestClient) -> None:
    answer = client.post(f"{BASE}/x/withdraw", json={"actor": "p001"}, headers={"If-Match": "v3"})
    assert answer.status_code == 400 and answer.json()["problems"][0]["path"] == "If-Match"


@pytest.mark.parametrize(
    ("header", "lang"),
    [(None, "zh"), ("en", "en"), ("en-US", "en"), ("zh-CN,en;q=0.8", "zh"),
     ("fr, en;q=0.5", "en"), ("en;q=0.2, zh;q=0.9", "zh"), ("en;q=0", "zh"), ("de", "zh")],
)
def test_the_language_is_the_first_of_zh_and_en_the_caller_prefers(
    header: str | None, lang: str
) -> None:
    assert language(header) == lang


def test_a_missing_field_called_body_is_named(client: TestClient) -> None:
    """The adopting body is a field called ``body``: its name is kept in the problem's path
    (FastAPI's own location word "body" is only the first element of the error's loc)."""
    answer = client.post(f"{BASE}/x/adoptions", json={"actor": "s1"}, headers={"Idempotency-Key": "k"})
    assert answer.status_code == 422
    assert "body" in [p["path"] for p in answer.json()["problems"]]
