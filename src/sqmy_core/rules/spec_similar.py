"""``[similar]``: finding earlier pieces on the same topic (相似选题).

Offices ask that a topic already written -- above all one already adopted --
not be written again ("对已经采用过类似题目的，重新选题", seed 003).  The
section says how alike two pieces must be (``threshold``, an exact decimal
compared with an exact score), how far back to look (``lookback_days``),
which earlier pieces count (``states``) and which come first (``prefer``),
and which texts are compared (``fields``).  No section: no matching at all,
so every ruleset written before it behaves as it did.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from attrs import frozen

from sqmy_core.model.shared_methods import shared_methods

SimilarField = Literal["title", "body"]
SimilarState = Literal[
    "in_review",
    "expert_review",
    "returned",
    "rejected",
    "approved",
    "accepted",
    "withdrawn",
    "adopted",
]
"""A piece status, or ``adopted`` (a piece with at least one adoption, whatever its status)."""


@frozen
@shared_methods
class SimilarSpec:
    """How earlier pieces on the same topic are found and shown to reviewers."""

    threshold: Fraction
    """Least score (0 < t <= 1) for an earlier piece to be shown; ``0.8`` is four fifths."""
    enabled: bool = True
    """``false`` keeps the settings but matches nothing (a switch for the office)."""
    lookback_days: int = 730
    """Only pieces submitted at most this many days before are compared."""
    states: tuple[SimilarState, ...] = ()
    """Which earlier pieces count; empty: every piece but withdrawn ones."""
    prefer: Literal["adopted", "score"] = "adopted"
    """Order of the matches: adopted pieces first (then by score), or by score alone."""
    fields: tuple[SimilarField, ...] = ("title",)
    """What is compared: the title, the body (the piece's text), or both (the higher score)."""
    limit: int = 5
    """At most this many matches are shown and recorded."""
    clause: str = ""


__all__ = ["SimilarField", "SimilarSpec", "SimilarState"]
