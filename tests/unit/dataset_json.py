"""Read a ``sqmy-dataset/1.1`` document into a DatasetBuilder, for the example datasets.

The library's own 1.1 parser (declared vocabularies checked against a ruleset)
is not on this branch yet; until it is, the example datasets in
``rulesets/examples/`` are read here, field by field as ``interchange.md``
names them, so that their hand-worked numbers are still checked.  Nothing is
validated here beyond what the builder needs.
"""

from __future__ import annotations

from typing import Any

from sqmy_core.testing.builder import DatasetBuilder

EVENT_FIELDS = (
    "actor", "note", "stage", "decision", "route", "to", "body", "level", "rank",
    "department", "outcome", "kind", "persons", "attributes",
)  # fmt: skip


def builder_from_json(doc: dict[str, Any]) -> DatasetBuilder:
    assert doc["format"] == "sqmy-dataset/1.1", doc["format"]
    b = DatasetBuilder()
    for u in doc.get("units", []):
        b.unit(u["id"], u["kind"], u.get("name"), u.get("parent"), u.get("attributes"))
    for p in doc.get("people", []):
        b.person(
            p["id"], *p["roles"], units=tuple(p.get("units", ())), name=p.get("name"),
            since=p.get("since"), until=p.get("until"), attributes=p.get("attributes"),
        )  # fmt: skip
    for c in doc.get("calls", []):
        b.call(c["id"], c["kind"], tuple(c.get("assignees", ())), c.get("due"), c.get("title"))
    for p in doc.get("pieces", []):
        b.piece(
            p["id"], *p["authors"], submitted=p["submitted_at"], unit=p.get("unit"),
            call=p.get("call"), title=p.get("title"), topic=p.get("topic"), text=p.get("body"),
            attributes=p.get("attributes"),
        )  # fmt: skip
    for e in doc.get("events", []):
        fields = {k: e[k] for k in EVENT_FIELDS if k in e}
        b.event(e["piece"], e["type"], e["at"], **fields)
    for a in doc.get("adjustments", []):
        b.adjustment(
            a["id"], a["points"], a["at"], person=a.get("person"), unit=a.get("unit"),
            reason=a["reason"], approved_by=a["approved_by"], clause=a.get("clause"),
            section=a.get("section"),
        )  # fmt: skip
    for a in doc.get("activities", []):
        b.activity(a["id"], a["person"], a["kind"], a["at"], a.get("attributes"), a.get("note"))
    b.version = "1.1"
    return b
