"""Which engine assesses a file or a workspace, decided where the bytes and the store are.

The pure engines (:func:`sqmy_core.scoring.assess.assess_book`, the reference;
:func:`sqmy_core.scoring.columnar.engine.assess_any`, which may take the
columnar batch path) know nothing of files.  This module looks at what it
has before reading everything: a dataset file's size, a store's count of
events.  Small data never imports polars; large data, a ruleset the columnar
path computes exactly and the ``scale`` extra installed take the fast reader
and the columnar path.  Both paths give the same assessment (tested), so the
choice changes only the time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

from sqmy_core._collector import paused_collector
from sqmy_core.errors import ConfigurationError
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.result import Assessment
from sqmy_core.workspace.files import parse_dataset_with, read_dataset_bytes
from sqmy_core.workspace.progress import Progress, tell

if TYPE_CHECKING:
    from sqmy_core.model import Dataset
    from sqmy_core.scoring.columnar.frames import DatasetFrames
    from sqmy_core.storage import EventStore

Engine = Literal["auto", "reference", "columnar"]
ENGINES: Final = ("auto", "reference", "columnar")

COLUMNAR_FROM_BYTES: Final = 4 << 20
"""A dataset file of at least this size may take the columnar path (``auto``).

About 20,000 events (the columnar path's own threshold,
:data:`~sqmy_core.scoring.columnar.engine.COLUMNAR_FROM_EVENTS`) take some
4 MB of JSON; deciding by size lets a county file be read by the reference
reader without importing polars at all."""


def _columnar_possible(ruleset: Ruleset) -> bool:
    from sqmy_core.scoring.columnar.engine import COLUMNAR_FROM_EVENTS, choose_path

    return choose_path(ruleset, COLUMNAR_FROM_EVENTS) == "columnar"


def assess_file(
    ruleset: Ruleset,
    path: str | Path,
    year: int,
    engine: Engine = "auto",
    progress: Progress | None = None,
) -> Assessment:
    """Assess ``year`` of a dataset file, reading it the way the chosen engine needs
    (``progress`` is told two steps: the file read, the year assessed)."""
    result = _assess_file(ruleset, path, year, engine, progress)
    tell(progress, 2, 2)
    return result


def _assess_file(
    ruleset: Ruleset, path: str | Path, year: int, engine: Engine, progress: Progress | None
) -> Assessment:
    """The file read here and held by this frame alone, so that its bytes are freed as soon
    as the frames are read (``del data`` below): at national size the file is 1.25 GiB, which
    a caller's reference would keep alive through the whole assessment."""
    data = read_dataset_bytes(path)
    tell(progress, 1, 2)
    source = str(path)
    if engine == "reference" or (
        engine == "auto" and (len(data) < COLUMNAR_FROM_BYTES or not _columnar_possible(ruleset))
    ):
        return _reference(ruleset, parse_dataset_with(ruleset, data, source), year)
    from sqmy_core.interchange.fast_reader import read_frames
    from sqmy_core.scoring.columnar.engine import COLUMNAR_FROM_EVENTS, declined_by_data
    from sqmy_core.scoring.columnar.stream import frame_columns

    frames = read_frames(
        data,
        source=source,
        extra_roles=ruleset.reviewer_roles,
        declarations=declarations_of(ruleset),
        columns=frame_columns(ruleset),
    )
    del data  # the frames hold what is needed; the file's bytes need not live on
    if engine == "columnar" or frames.events.height >= COLUMNAR_FROM_EVENTS:
        try:
            return _columnar(ruleset, frames, year)
        except ConfigurationError as err:
            # what only the data reveals (sums too large for Int64, ...): the frames hold
            # only the columnar path's columns, so the reference reads the file again
            if engine != "auto" or not declined_by_data(err):
                raise
    del frames
    return _reference(ruleset, parse_dataset_with(ruleset, read_dataset_bytes(path), source), year)


def assess_store(
    store: EventStore,
    ruleset: Ruleset,
    extra_roles: tuple[str, ...],
    year: int,
    engine: Engine = "auto",
    progress: Progress | None = None,
) -> Assessment:
    """Assess ``year`` of a workspace store; ``extra_roles`` as for its export (``progress``
    is told two steps: the store read, the year assessed)."""
    tell(progress, 0, 2)
    result = _assess_store(store, ruleset, extra_roles, year, engine, progress)
    tell(progress, 2, 2)
    return result


def _assess_store(
    store: EventStore,
    ruleset: Ruleset,
    extra_roles: tuple[str, ...],
    year: int,
    engine: Engine,
    progress: Progress | None,
) -> Assessment:
    if engine != "reference":
        from sqmy_core.scoring.columnar.engine import COLUMNAR_FROM_EVENTS

        count = getattr(store, "event_count", None)
        large = count is not None and count() >= COLUMNAR_FROM_EVENTS
        if engine == "columnar" or (large and _columnar_possible(ruleset)):
            from sqmy_core.scoring.columnar.engine import declined_by_data
            from sqmy_core.scoring.columnar.stream import frame_columns
            from sqmy_core.workspace.store_frames import frames_from_store

            frames = frames_from_store(store, extra_roles, frame_columns(ruleset))
            tell(progress, 1, 2)
            try:
                return _columnar(ruleset, frames, year)
            except ConfigurationError as err:
                # what only the data reveals: the frames hold only the columnar path's
                # columns, so the reference reads the store's export
                if engine != "auto" or not declined_by_data(err):
                    raise
            del frames
    from sqmy_core.workspace.transfer import export_dataset

    dataset = export_dataset(store, extra_roles)
    tell(progress, 1, 2)
    return _reference(ruleset, dataset, year)


def _columnar(ruleset: Ruleset, frames: DatasetFrames, year: int) -> Assessment:
    """The columnar path on frames read for it alone (it may consume them), with the cyclic
    collector paused: its records are acyclic (:mod:`sqmy_core._collector`)."""
    from sqmy_core.scoring.columnar.engine import assess_columnar

    with paused_collector():
        return assess_columnar(ruleset, frames, year, consume=True)


def _reference(ruleset: Ruleset, dataset: Dataset, year: int) -> Assessment:
    from sqmy_core.scoring.assess import assess_book
    from sqmy_core.scoring.book import Book

    return assess_book(Book(ruleset, dataset), year)
