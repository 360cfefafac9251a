"""The workflow of a piece: review levels, permissions, routing deadlines (pure).

Nothing here does I/O or reads a clock; ``now`` is always passed in.  The
embedding service (``Workspace``) reads a piece's stream, folds it
(:func:`fold`), calls a command, and appends the returned events at
``state.version``; a refused command raises and returns nothing.

- :mod:`.state`: :class:`PieceState`, :func:`fold` and :func:`fold_onto`;
- :mod:`.commands`: one pure decider per command (:func:`submit`,
  :func:`review`, :func:`expert_opinion`, :func:`resubmit`, :func:`withdraw`,
  :func:`dispatch`, :func:`record_adoption`, :func:`record_instruction`,
  :func:`record_handling`, :func:`record_penalty`);
- :mod:`.permissions`: :func:`allowed_actions` (OA menus) and the one guard
  every command uses;
- :mod:`.routing`: :func:`due_at`, :func:`overdue_queue`;
- :mod:`.records`: stream <-> ``sqmy-dataset/1`` and ``/1.1`` records.
"""

from sqmy_core.workflow.commands import (
    dispatch,
    expert_opinion,
    record_adoption,
    record_handling,
    record_instruction,
    record_penalty,
    resubmit,
    review,
    submit,
    withdraw,
)
from sqmy_core.workflow.permissions import ACTIONS, allowed_actions, check_action
from sqmy_core.workflow.records import from_dataset_records, to_dataset_records
from sqmy_core.workflow.routing import OverdueItem, due_at, overdue_queue
from sqmy_core.workflow.state import PieceState, current_stage, fold, fold_onto

__all__ = [
    "ACTIONS",
    "OverdueItem",
    "PieceState",
    "allowed_actions",
    "check_action",
    "current_stage",
    "dispatch",
    "due_at",
    "expert_opinion",
    "fold",
    "fold_onto",
    "from_dataset_records",
    "overdue_queue",
    "record_adoption",
    "record_handling",
    "record_instruction",
    "record_penalty",
    "resubmit",
    "review",
    "submit",
    "to_dataset_records",
    "withdraw",
]
