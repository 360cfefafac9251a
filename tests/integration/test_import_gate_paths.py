"""The import's workflow check gives the same problems whichever way it runs.

Three ways: the reference reader's dataset (:func:`check_dataset`), the fast
reader's tables (:func:`check_tables`), and every piece folded on its own
without the memory of legal shapes (:func:`piece_problems`).  On synthetic
district data with random mutations (another actor, a dropped record, another
stage or decision) all three must refuse the same records with the same words.
"""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqmy_core.errors import DatasetError, Problem
from sqmy_core.interchange import decode_dataset_bytes, parse_dataset
from sqmy_core.interchange.fast_reader import fast_tables
from sqmy_core.model import Person
from sqmy_core.rules.declared import declarations_of
from sqmy_core.storage import StoredEvent
from sqmy_core.tools.synth import generate
from sqmy_core.workflow import from_dataset_records
from sqmy_core.workflow.import_check import carrier, piece_problems
from sqmy_core.workspace.files import load_ruleset
from sqmy_core.workspace.import_gate import check_dataset, check_tables
from tests.conftest import RULESETS, staff_of

DISTRICT = load_ruleset(RULESETS / "district.toml")
BASE = generate("district", seed=3, year=2024, pieces=150)
STAGES = [s.id for s in DISTRICT.review.stages] if DISTRICT.review else []


def _mutated(seed: int, n: int) -> dict[str, Any]:
    rng = random.Random(seed)
    doc: dict[str, Any] = json.loads(json.dumps(BASE))
    people = [p["id"] for p in doc["people"]]
    for _ in range(n):
        events = doc["events"]
        i = rng.randrange(len(events))
        kind = rng.choice(("actor", "no_actor", "drop", "stage", "decision"))
        if kind == "actor":
            events[i]["actor"] = rng.choice(people)
        elif kind == "no_actor" and events[i]["type"] != "reviewed":  # reviewed names its reviewer
            events[i].pop("actor", None)
        elif kind == "drop":
            del events[i]
        elif kind == "stage" and events[i]["type"] in ("reviewed", "returned", "rejected"):
            events[i]["stage"] = rng.choice(STAGES)
        elif kind == "decision" and events[i]["type"] == "reviewed":
            events[i]["decision"] = rng.choice(("pass", "return", "reject", "escalate"))
    return doc


def _words(problems: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.path, p.render("zh"), p.render("en")) for p in problems]


def _refusal(check: Any) -> list[tuple[str, str, str]]:
    try:
        check()
    except DatasetError as refused:
        return _words(list(refused.problems))
    return []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), n=st.integers(0, 12))
def test_dataset_tables_and_one_by_one_give_the_same_problems(seed: int, n: int) -> None:
    doc = _mutated(seed, n)
    data = json.dumps(doc, ensure_ascii=False).encode()
    roles, decl = DISTRICT.reviewer_roles, declarations_of(DISTRICT)
    dataset = parse_dataset(decode_dataset_bytes(data), extra_roles=roles, declarations=decl)
    tables = fast_tables(data, extra_roles=roles, declarations=decl)
    assert tables is not None
    staff = staff_of(doc)
    importer = next(p for p in dataset.people if p.id == staff)
    by_dataset = _refusal(lambda: check_dataset(DISTRICT, dataset, importer))
    by_tables = _refusal(lambda: check_tables(DISTRICT, tables, importer))
    assert by_tables == by_dataset
    assert _one_by_one(dataset, importer) == by_dataset
    if n == 0:
        assert by_dataset == []  # the generator's data obeys the workflow


def _one_by_one(dataset: Any, importer: Person) -> list[tuple[str, str, str]]:
    people = {p.id: p for p in dataset.people}
    found: list[tuple[int, Problem]] = []
    for piece in dataset.pieces:
        indexed = sorted(
            ((i, e) for i, e in enumerate(dataset.events) if e.piece == piece.id),
            key=lambda item: item[1].at,
        )
        stream = from_dataset_records(piece, [e for _, e in indexed])
        stored = [StoredEvent(piece.id, n, 0, e.type, e.at, e.actor, e.data)
                  for n, e in enumerate(stream, 1)]  # fmt: skip
        found.extend(
            piece_problems(
                DISTRICT, stored, [i for i, _ in indexed], people, carrier(DISTRICT, importer)
            )
        )
    found.sort(key=lambda item: item[0])
    return _words([p for _, p in found])


def test_the_mutations_do_refuse() -> None:
    """The property above is not vacuous: some mutated datasets are refused."""
    refused = 0
    for seed in range(8):
        doc = _mutated(seed, 8)
        data = json.dumps(doc, ensure_ascii=False).encode()
        ds = parse_dataset(decode_dataset_bytes(data), extra_roles=DISTRICT.reviewer_roles,
                           declarations=declarations_of(DISTRICT))  # fmt: skip
        importer = next(p for p in ds.people if p.id == staff_of(doc))
        refused += bool(_refusal(lambda: check_dataset(DISTRICT, ds, importer)))  # noqa: B023
    assert refused >= 4
