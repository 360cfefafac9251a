"""Similar topics in a workspace: recorded on submission, shown to reviewers, found on demand.

When the ruleset has ``[similar]``, :meth:`Workspace.submit` compares the
new piece with the pieces submitted in the look-back window and records the
matches on the ``submitted`` event (``similar``: a list of ``{piece,
score}``, the score an exact decimal or fraction as text).  Recorded, not
recomputed, because it is what the reviewers were shown when they decided:
the audit trail keeps it, a replay of the stream gives it back unchanged,
and a later edit of the ruleset's threshold or of an earlier piece does not
rewrite history.  Reading shows each recorded match with the matched piece's
*current* title and state (adopted since?), which is what a reviewer asks.

On demand (:meth:`SimilarTopics.find_similar`, ``sqmy similar``) the same
matcher runs against the workspace as it is now; reading never writes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from attrs import evolve, frozen

from sqmy_core.errors import ConfigurationError, NotFound, Problem
from sqmy_core.model import Person
from sqmy_core.rules import Ruleset
from sqmy_core.rules.convert import fraction_text
from sqmy_core.rules.spec_similar import SimilarSpec
from sqmy_core.storage import EventStore, NewEvent, StoredEvent
from sqmy_core.workflow import PieceState, allowed_actions, fold
from sqmy_core.workflow.similar import Candidate, SimilarMatch, candidate_of, find_similar


@frozen
class ReviewMenu:
    """What a reviewer sees beside a piece: the allowed actions and the similar earlier topics."""

    actions: tuple[str, ...]
    similar: tuple[SimilarMatch, ...]


def candidates(store: EventStore, ruleset: Ruleset, since: datetime) -> dict[str, Candidate]:
    """Every piece submitted at or after ``since``, folded as it stands now, by id.

    One scan from ``since`` on: a piece submitted earlier has no ``submitted``
    event in it and is left out, as the window says.
    """
    streams: dict[str, list[StoredEvent]] = {}
    for ev in store.scan(since=since):
        streams.setdefault(ev.stream, []).append(ev)
    out: dict[str, Candidate] = {}
    for stream, events in streams.items():
        if events[0].type != "submitted" or events[0].version != 1:
            continue
        text = events[0].data.get("text")
        out[stream] = candidate_of(fold(ruleset, events), text if isinstance(text, str) else None)
    return out


def recorded(
    store: EventStore, ruleset: Ruleset, piece_id: str, events: list[NewEvent]
) -> list[NewEvent]:
    """The submission's events with the similar earlier topics recorded on ``submitted``.

    Unchanged when the ruleset has no ``[similar]`` (or it is switched off).
    """
    spec = ruleset.similar
    if spec is None or not spec.enabled or not events or events[0].type != "submitted":
        return events
    first = events[0]
    text = first.data.get("text")
    found = find_similar(
        spec,
        str(first.data.get("title", "")),
        text if isinstance(text, str) else None,
        first.at,
        candidates(store, ruleset, first.at - timedelta(days=spec.lookback_days)).values(),
        exclude=piece_id,
    )
    data = {
        **first.data,
        "similar": [{"piece": m.piece, "score": fraction_text(m.score)} for m in found],
    }
    return [evolve(first, data=data), *events[1:]]


class SimilarTopics:
    """The Workspace's reading side of ``[similar]``."""

    store: EventStore
    ruleset: Ruleset

    def piece(self, piece_id: str) -> PieceState:
        raise NotImplementedError  # the Workspace's

    def person(self, ident: str) -> Person:
        raise NotImplementedError  # the Workspace's

    def similar_topics(self, piece_id: str) -> tuple[SimilarMatch, ...]:
        """The matches recorded when the piece was submitted, each as the matched piece is now.

        A matched piece that is gone from the store (it cannot be, short of
        a restore of an older backup) keeps the recorded score with an empty title.
        """
        state = self.piece(piece_id)
        out: list[SimilarMatch] = []
        for ref in state.similar:
            events = self.store.read(ref.piece)
            if events and events[0].type == "submitted":
                c = candidate_of(fold(self.ruleset, events))
                out.append(
                    SimilarMatch(c.piece, c.title, ref.score, c.status, c.adopted, c.submitted_at)
                )
        return tuple(out)

    def review_menu(self, piece_id: str, person_id: str) -> ReviewMenu:
        """``allowed_actions`` and, beside them, the similar earlier topics (审核界面)."""
        state = self.piece(piece_id)
        actions = allowed_actions(self.ruleset, state, self.person(person_id))
        return ReviewMenu(tuple(actions), self.similar_topics(piece_id))

    def find_similar(
        self,
        title: str,
        *,
        now: datetime,
        body: str | None = None,
        exclude: str | None = None,
    ) -> tuple[SimilarMatch, ...]:
        """The pieces of the look-back window up to ``now`` like ``title`` (and ``body``); read-only."""
        spec = self._spec()
        since = now - timedelta(days=spec.lookback_days)
        found = candidates(self.store, self.ruleset, since).values()
        return find_similar(spec, title, body, now, found, exclude=exclude)

    def similar_to(self, piece_id: str) -> tuple[SimilarMatch, ...]:
        """A piece's similar earlier topics computed now (not the recorded ones); read-only."""
        spec = self._spec()
        events = self.store.read(piece_id)
        if not events:
            raise NotFound([Problem("", "unknown_piece", {"found": repr(piece_id)})])
        state = fold(self.ruleset, events)
        text = events[0].data.get("text")
        since = state.submitted_at - timedelta(days=spec.lookback_days)
        found = candidates(self.store, self.ruleset, since).values()
        return find_similar(
            spec,
            state.title,
            text if isinstance(text, str) else None,
            state.submitted_at,
            found,
            exclude=piece_id,
        )

    def _spec(self) -> SimilarSpec:
        spec = self.ruleset.similar
        if spec is None or not spec.enabled:
            raise ConfigurationError([Problem("similar", "similar_not_configured", {})])
        return spec


__all__ = ["ReviewMenu", "SimilarTopics", "candidates", "recorded"]
