"""The public interchange formats: ``sqmy-dataset/1`` and ``/1.1`` in, ``sqmy-assessment/1`` and ``/1.1`` out.

Pure functions (no file I/O): callers read the bytes and pass them in.

- :func:`decode_dataset_bytes` -- UTF-8 JSON bytes to JSON values;
- :func:`parse_dataset` -- JSON values to a validated :class:`~sqmy_core.model.Dataset`;
- :func:`dataset_to_doc` -- the inverse, a JSON-ready document;
- :func:`assessment_to_doc` / :func:`assessment_to_json` -- an assessment for the outside;
- :func:`schema` -- the published JSON Schemas.

The names are imported on first use (PEP 562): ``from sqmy_core.interchange.times
import parse_time`` loads the time parser only, not the dataset reader and the
scoring it needs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from sqmy_core.interchange.assessment import assessment_to_doc, assessment_to_json
    from sqmy_core.interchange.dataset import (
        DATASET_FORMAT,
        DATASET_FORMAT_11,
        MAX_PROBLEMS,
        dataset_to_doc,
        decode_dataset_bytes,
        parse_dataset,
    )
    from sqmy_core.interchange.schemas import (
        ASSESSMENT_FORMAT,
        ASSESSMENT_FORMAT_11,
        SCHEMA_NAMES,
        schema,
    )
    from sqmy_core.interchange.times import (
        MAX_YEAR,
        MIN_YEAR,
        TIME_PATTERN,
        format_time,
        in_range,
        parse_time,
        parse_time_in_range,
    )

_WHERE: Final[dict[str, str]] = {
    "assessment_to_doc": "sqmy_core.interchange.assessment",
    "assessment_to_json": "sqmy_core.interchange.assessment",
    "DATASET_FORMAT": "sqmy_core.interchange.dataset",
    "DATASET_FORMAT_11": "sqmy_core.interchange.dataset",
    "MAX_PROBLEMS": "sqmy_core.interchange.dataset",
    "dataset_to_doc": "sqmy_core.interchange.dataset",
    "decode_dataset_bytes": "sqmy_core.interchange.dataset",
    "parse_dataset": "sqmy_core.interchange.dataset",
    "ASSESSMENT_FORMAT": "sqmy_core.interchange.schemas",
    "ASSESSMENT_FORMAT_11": "sqmy_core.interchange.schemas",
    "SCHEMA_NAMES": "sqmy_core.interchange.schemas",
    "schema": "sqmy_core.interchange.schemas",
    "MAX_YEAR": "sqmy_core.interchange.times",
    "MIN_YEAR": "sqmy_core.interchange.times",
    "TIME_PATTERN": "sqmy_core.interchange.times",
    "format_time": "sqmy_core.interchange.times",
    "in_range": "sqmy_core.interchange.times",
    "parse_time": "sqmy_core.interchange.times",
    "parse_time_in_range": "sqmy_core.interchange.times",
}
"""Each public name and the module it comes from (imported when first asked for)."""


def __getattr__(name: str) -> Any:
    """Import the module a public name lives in, once; the name is then an ordinary global."""
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(where), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


__all__ = [
    "ASSESSMENT_FORMAT",
    "ASSESSMENT_FORMAT_11",
    "DATASET_FORMAT",
    "DATASET_FORMAT_11",
    "MAX_PROBLEMS",
    "MAX_YEAR",
    "MIN_YEAR",
    "SCHEMA_NAMES",
    "TIME_PATTERN",
    "assessment_to_doc",
    "assessment_to_json",
    "dataset_to_doc",
    "decode_dataset_bytes",
    "format_time",
    "in_range",
    "parse_dataset",
    "parse_time",
    "parse_time_in_range",
    "schema",
]
