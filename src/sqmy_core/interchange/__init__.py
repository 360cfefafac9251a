"""The public interchange formats: ``sqmy-dataset/1`` and ``/1.1`` in, ``sqmy-assessment/1`` and ``/1.1`` out.

Pure functions (no file I/O): callers read the bytes and pass them in.

- :func:`decode_dataset_bytes` -- UTF-8 JSON bytes to JSON values;
- :func:`parse_dataset` -- JSON values to a validated :class:`~sqmy_core.model.Dataset`;
- :func:`dataset_to_doc` -- the inverse, a JSON-ready document;
- :func:`assessment_to_doc` / :func:`assessment_to_json` -- an assessment for the outside;
- :func:`schema` -- the published JSON Schemas.
"""

from __future__ import annotations

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
