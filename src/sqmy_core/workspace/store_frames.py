"""A workspace store as :class:`~sqmy_core.scoring.columnar.frames.DatasetFrames` (``scale`` extra).

A store that can read itself into columns (the SQLite store's
``dataset_frames``) does; any other store, or one holding what that reader
does not handle, gives the frames of its export -- the reference, which the
columns are tested equal to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqmy_core.storage import EventStore

if TYPE_CHECKING:
    from sqmy_core.scoring.columnar.frames import DatasetFrames

__all__ = ["frames_from_store"]


def frames_from_store(store: EventStore, extra_roles: Iterable[str] = ()) -> DatasetFrames:
    """The store's dataset as frames; ``extra_roles`` as for the export (the ruleset's reviewers)."""
    from sqmy_core.scoring.columnar.frames import frames_from_dataset
    from sqmy_core.workspace.transfer import export_dataset

    roles = tuple(extra_roles)
    read = getattr(store, "dataset_frames", None)
    frames: DatasetFrames | None = read(roles) if read is not None else None
    if frames is not None:
        return frames
    return frames_from_dataset(export_dataset(store, roles))
