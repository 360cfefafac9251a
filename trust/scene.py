"""The organization every trial works in: the district ruleset, a unit, its people, pieces in a state.

Trials start from pieces already some way along (submitted, approved,
dispatched): they are imported in one transaction, through the same
workflow check as any import, instead of being walked there command by
command -- hundreds of rounds need hundreds of pieces, and the trials
measure what happens next, not how the piece got there.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Final, Literal

from sqmy_core.model import Dataset
from sqmy_core.plugins import open_store, ruleset_extensions
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.testing import DatasetBuilder
from sqmy_core.workspace.workspace import Workspace

ROOT: Final = Path(__file__).resolve().parents[1]
RULESET: Final = ROOT / "rulesets" / "district.toml"
BEIJING: Final = timezone(timedelta(hours=8))
T0: Final = datetime(2024, 3, 1, 9, 0, tzinfo=BEIJING)
CHECKS: Final = ("political", "policy", "factual", "format", "wording")
PEOPLE: Final = (
    ("a", ("member",), ("sec",)),
    ("r1", ("reviewer_initial",), ()),
    ("r2", ("reviewer_deputy",), ()),
    ("r3", ("reviewer_chair",), ()),
    ("e", ("expert",), ()),
    ("s", ("staff",), ()),
)
"""a writes; r1..r3 review the three stages; e is the expert; s is the office."""
STAFF: Final = "s"

Stage = Literal["submitted", "approved", "dispatched"]


def ruleset_text(organization: str) -> str:
    """The district ruleset's text, for ``organization`` (several trials share one database)."""
    text = RULESET.read_text(encoding="utf-8")
    return text.replace('organization = "district"', f"organization = {organization!r}", 1)


def start(url: str, organization: str) -> None:
    """Put the district ruleset in force for ``organization`` at ``url``."""
    text = ruleset_text(organization)
    ruleset = parse_ruleset(text, "district.toml", extensions_for=ruleset_extensions)
    with Workspace(open_store(url, organization), ruleset) as ws:
        ws.apply_ruleset(
            text, actor=STAFF, at=T0 - timedelta(days=1), effective_from=date(2024, 1, 1)
        )


def pieces(wanted: list[tuple[str, Stage]], *, people: bool = True) -> Dataset:
    """A dataset of the people (unless ``people`` is false) and the pieces, each brought to
    its stage by the right hands: r1, r2, r3 pass it, s dispatches it."""
    b = DatasetBuilder().unit("sec", "sector")
    if people:
        for pid, roles, units in PEOPLE:
            b.person(pid, *roles, units=units)
    for ident, stage in wanted:
        b.piece(ident, "a", submitted="2024-03-01 09:00", unit="sec")
        if stage == "submitted":
            continue
        for hour, (stage_id, who) in enumerate(
            (("initial", "r1"), ("deputy", "r2"), ("chair", "r3")), start=10
        ):
            b.event(
                ident,
                "reviewed",
                f"2024-03-01 {hour}:00",
                stage=stage_id,
                decision="pass",
                actor=who,
            )
        b.event(ident, "approved", "2024-03-01 12:00", stage="chair", actor="r3")
        if stage == "dispatched":
            b.event(ident, "dispatched", "2024-03-01 14:00", route="direct", actor=STAFF)
    return b.build()


__all__ = ["CHECKS", "PEOPLE", "ROOT", "RULESET", "STAFF", "T0", "pieces", "ruleset_text", "start"]
