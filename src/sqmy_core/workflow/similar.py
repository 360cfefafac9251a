"""Similar topics (相似选题): which earlier pieces a piece resembles, and how much (pure).

The score of two texts is their **normalized Indel similarity**:
``1 − d / (len(a) + len(b))``, where ``d`` is the least number of characters
to delete and insert to turn one into the other (``rapidfuzz.distance.Indel``,
a well-kept C++ implementation).  Characters are the unit, which is what
Chinese text needs -- no word segmentation, no dictionary to load -- and the
score is an exact :class:`~fractions.Fraction`: it is compared with the
ruleset's decimal threshold exactly, so the same two texts give the same
verdict on every machine, and a score depends on the two texts only (never
on which other pieces happen to be in the window, as a corpus-weighted TF-IDF
score would).  Why this and not character n-gram TF-IDF or word tokens:
``docs/similar.md`` (measured on ``tests/data/similar_pairs.tsv``).

Texts are NFKC-normalized (full-width letters and digits fold to their
ASCII forms) with whitespace removed; a body is compared on its first
:data:`BODY_CHARS` characters.  rapidfuzz is imported on the first match
only (the ``similar`` extra), so nothing else pays for it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from fractions import Fraction

from attrs import frozen

from sqmy_core.errors import ConfigurationError, Problem
from sqmy_core.i18n import DEFAULT_LANG, message
from sqmy_core.model.dataset import Dataset
from sqmy_core.model.events import Event
from sqmy_core.rules.spec import Ruleset
from sqmy_core.rules.spec_similar import SimilarSpec
from sqmy_core.scoring.rounding import round_half_up
from sqmy_core.storage import StoredEvent
from sqmy_core.workflow.records import from_dataset_records
from sqmy_core.workflow.state import PieceState, fold

BODY_CHARS = 4000
"""A body is compared on this many characters at most (the topic is stated at the start)."""


@frozen
class Candidate:
    """An earlier piece as the matcher sees it: what it says, when, and where it stands."""

    piece: str
    title: str
    submitted_at: datetime
    status: str
    adopted: bool = False
    text: str | None = None


@frozen
class SimilarMatch:
    """One earlier piece on the same topic, with its exact score."""

    piece: str
    title: str
    score: Fraction
    status: str
    adopted: bool
    submitted_at: datetime

    @property
    def state(self) -> str:
        """``adopted`` for an adopted piece (what a reviewer asks first), else its status."""
        return "adopted" if self.adopted else self.status


def score_text(score: Fraction) -> str:
    """A score as reviewers read it: two decimals, rounded half up (the comparison was exact)."""
    return f"{round_half_up(score, 2):.2f}"


def state_text(match: SimilarMatch, lang: str = DEFAULT_LANG) -> str:
    """已采用 for an adopted piece, else the piece's status in words."""
    return message(f"similar.status.{match.state}", lang)


def describe(match: SimilarMatch, lang: str = DEFAULT_LANG) -> str:
    """相似选题：2024-013《…》（已采用，相似度 0.82）."""
    return message(
        "similar.line",
        lang,
        piece=match.piece,
        title=match.title,
        state=state_text(match, lang),
        score=score_text(match.score),
    )


def candidate_of(state: PieceState, text: str | None = None) -> Candidate:
    """A folded piece as a candidate (its latest title, status and whether it was adopted)."""
    return Candidate(
        state.id, state.title, state.submitted_at, state.status, bool(state.adoptions), text
    )


def candidates_from_dataset(
    ruleset: Ruleset, dataset: Dataset, since: datetime | None = None
) -> list[Candidate]:
    """The pieces of a dataset (those submitted at or after ``since``) as candidates, folded
    the way a workspace folds its streams."""
    by_piece: dict[str, list[Event]] = {}
    for ev in dataset.events:
        by_piece.setdefault(ev.piece, []).append(ev)
    out: list[Candidate] = []
    for piece in dataset.pieces:
        if since is not None and piece.submitted_at < since:
            continue
        stream = [
            StoredEvent(piece.id, i + 1, i + 1, e.type, e.at, e.actor, e.data)
            for i, e in enumerate(from_dataset_records(piece, by_piece.get(piece.id, [])))
        ]
        out.append(candidate_of(fold(ruleset, stream), piece.text))
    return out


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _indel() -> Callable[[str, str], int]:
    try:
        from rapidfuzz.distance import Indel
    except ImportError as exc:  # the extra is not installed: say which one
        raise ConfigurationError(
            [Problem("similar", "similar_needs_extra", {"module": exc.name or "rapidfuzz"})]
        ) from None
    distance: Callable[[str, str], int] = Indel.distance
    return distance


def text_score(a: str, b: str) -> Fraction:
    """How alike two texts are, from 0 (nothing in common) to 1 (the same text)."""
    x, y = _normal(a), _normal(b)
    if not x and not y:
        return Fraction(0)
    return 1 - Fraction(_indel()(x, y), len(x) + len(y))


def piece_score(spec: SimilarSpec, title: str, body: str | None, other: Candidate) -> Fraction:
    """The highest score over the ruleset's ``fields`` that both pieces have."""
    best = Fraction(0)
    for name in spec.fields:
        if name == "title":
            best = max(best, text_score(title, other.title))
        elif body and other.text:
            best = max(best, text_score(body[:BODY_CHARS], other.text[:BODY_CHARS]))
    return best


def counts(spec: SimilarSpec, candidate: Candidate) -> bool:
    """Whether an earlier piece is one the ruleset compares with (``states``)."""
    if not spec.states:
        return candidate.status != "withdrawn"
    return candidate.status in spec.states or (candidate.adopted and "adopted" in spec.states)


def find_similar(
    spec: SimilarSpec | None,
    title: str,
    body: str | None,
    at: datetime,
    candidates: Iterable[Candidate],
    *,
    exclude: str | None = None,
) -> tuple[SimilarMatch, ...]:
    """The earlier pieces (submitted in the look-back window up to ``at``) that score at
    least the threshold, in the ruleset's order, at most ``limit`` of them.

    Deterministic: ties are broken by the earlier submission, then the piece id.
    """
    if spec is None or not spec.enabled:
        return ()
    start = at - timedelta(days=spec.lookback_days)
    found: list[SimilarMatch] = []
    for c in candidates:
        if c.piece == exclude or not start <= c.submitted_at <= at or not counts(spec, c):
            continue
        score = piece_score(spec, title, body, c)
        if score >= spec.threshold:
            found.append(
                SimilarMatch(c.piece, c.title, score, c.status, c.adopted, c.submitted_at)
            )
    prefer = spec.prefer == "adopted"
    found.sort(
        key=lambda m: (prefer and not m.adopted, -m.score, m.submitted_at.timestamp(), m.piece)
    )
    return tuple(found[: spec.limit])


def similar_lines(
    ruleset: Ruleset, dataset: Dataset, pieces: Iterable[str], lang: str = DEFAULT_LANG
) -> list[str]:
    """For each of ``pieces`` (in order, once) its similar earlier topics as text lines
    (what ``sqmy explain`` prints under the points); none without ``[similar]``."""
    spec = ruleset.similar
    if spec is None or not spec.enabled:
        return []
    asked = list(dict.fromkeys(pieces))
    wanted = set(asked)
    times = [p.submitted_at for p in dataset.pieces if p.id in wanted]
    if not times:
        return []
    earliest = min(times)
    found = candidates_from_dataset(ruleset, dataset, earliest - timedelta(days=spec.lookback_days))
    by_id = {c.piece: c for c in found}
    out: list[str] = []
    for pid in asked:
        c = by_id.get(pid)
        if c is None:
            continue
        for m in find_similar(spec, c.title, c.text, c.submitted_at, found, exclude=pid):
            out.append(message("similar.explain_line", lang, piece=pid, line=describe(m, lang)))
    return out


__all__ = [
    "BODY_CHARS",
    "Candidate",
    "SimilarMatch",
    "candidate_of",
    "candidates_from_dataset",
    "counts",
    "describe",
    "find_similar",
    "piece_score",
    "score_text",
    "similar_lines",
    "state_text",
    "text_score",
]
