"""Which path assesses: the event-by-event reference or the columnar batch path.

``choose_path`` decides by size, by what the columnar path supports and by
whether polars can be imported; ``assess_any`` is the one pure function a
caller (the CLI, a workspace) hands a dataset or frames to.  Importing this
module imports no polars: the columnar modules are imported only when the
columnar path is taken.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Literal

from sqmy_core.errors import ConfigurationError, Problem
from sqmy_core.model import Dataset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.columnar.support import unsupported
from sqmy_core.scoring.result import Assessment

if TYPE_CHECKING:
    from sqmy_core.scoring.columnar.frames import DatasetFrames

Path = Literal["reference", "columnar"]
Choice = Literal["auto", "reference", "columnar"]

COLUMNAR_FROM_EVENTS = 20_000
"""Below this many events the reference engine is taken.

The reference assesses at about 0.35 ms per piece (~0.1 ms per event), so a
county (~1,000 events) takes well under 0.2 s, while importing polars alone
costs ~0.2 s and building the frames more: below some 20,000 events (a small
city) the import would cost more than the whole Python computation."""


_DATA_DECLINES = frozenset({"columnar_too_large", "columnar_unsupported"})


def polars_available() -> bool:
    """Whether polars can be imported (the ``scale`` extra), without importing it."""
    return importlib.util.find_spec("polars") is not None


def choose_path(ruleset: Ruleset, n_events: int) -> Path:
    """``columnar`` for large data the columnar path computes exactly and can run; else
    ``reference``."""
    if n_events < COLUMNAR_FROM_EVENTS or unsupported(ruleset) or not polars_available():
        return "reference"
    return "columnar"


def assess_columnar(
    ruleset: Ruleset, frames: DatasetFrames, year: int, *, consume: bool = False
) -> Assessment:
    """The columnar path; refuses (:class:`ConfigurationError`) a ruleset it cannot compute.

    ``consume``: the caller gives the frames away; their events are emptied once the
    columnar path has what it needs of them (a caller holding frames it read for this
    one assessment saves their memory; any other keeps the default).
    """
    reasons = unsupported(ruleset)
    if reasons:
        raise ConfigurationError([Problem("", "columnar_unsupported",
                                          {"reasons": "; ".join(reasons)})])  # fmt: skip
    if not polars_available():
        raise ConfigurationError([Problem("", "columnar_unavailable",
                                          {"reason": "polars is not installed"})])  # fmt: skip
    from sqmy_core.scoring.columnar.assess import assess_frames

    return assess_frames(ruleset, frames, year, consume=consume)


def declined_by_data(err: ConfigurationError) -> bool:
    """Whether the columnar path declined for what only the data reveals (the reference
    computes it), not for the ruleset or a missing extra."""
    return {p.code for p in err.problems} <= _DATA_DECLINES


def _n_events(data: Dataset | DatasetFrames) -> int:
    if isinstance(data, Dataset):
        return len(data.events)
    return int(data.events.height)


def assess_any(
    ruleset: Ruleset, data: Dataset | DatasetFrames, year: int, path: Choice = "auto"
) -> Assessment:
    """Assess ``year`` of a dataset or its frames on the path given (``auto``: :func:`choose_path`).

    Frames asked to take the reference path are turned back into a dataset
    only when the reference needs one, so callers holding frames need not.
    """
    chosen: Path = choose_path(ruleset, _n_events(data)) if path == "auto" else path
    if chosen == "columnar":
        try:
            if isinstance(data, Dataset):
                from sqmy_core.scoring.columnar.frames import frames_from_dataset

                return assess_columnar(ruleset, frames_from_dataset(data), year)
            return assess_columnar(ruleset, data, year)
        except ConfigurationError as err:
            # what only the data reveals (sums too large for Int64, a section the ruleset
            # does not define): the reference computes it when the caller let us choose
            if path != "auto" or not declined_by_data(err):
                raise
    from sqmy_core.scoring.assess import assess

    if not isinstance(data, Dataset):
        from sqmy_core.scoring.columnar.frames import dataset_from_frames

        data = dataset_from_frames(data)
    return assess(ruleset, data, year)
