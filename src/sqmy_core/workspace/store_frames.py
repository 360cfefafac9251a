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
    from sqmy_core.interchange.fast_reader import Columns
    from sqmy_core.scoring.columnar.frames import DatasetFrames

__all__ = ["frames_from_store"]


def frames_from_store(
    store: EventStore, extra_roles: Iterable[str] = (), columns: Columns | None = None
) -> DatasetFrames:
    """The store's dataset as frames; ``extra_roles`` as for the export (the ruleset's reviewers).

    ``columns``: the only columns of ``events`` and ``pieces`` the caller reads
    (:func:`~sqmy_core.scoring.columnar.stream.frame_columns`): a store that reads
    itself into columns leaves the others out, and such frames cannot be turned back
    into a dataset (the caller exports the store for the reference).  The export's
    frames have every column.
    """
    from sqmy_core.scoring.columnar.frames import frames_from_dataset
    from sqmy_core.workspace.transfer import export_dataset

    roles = tuple(extra_roles)
    read = getattr(store, "dataset_frames", None)
    frames: DatasetFrames | None = None
    if read is not None:
        frames = read(roles) if columns is None else read(roles, columns)
    if frames is not None:
        return frames
    return frames_from_dataset(export_dataset(store, roles))
