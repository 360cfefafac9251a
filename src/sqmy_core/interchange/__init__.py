"""The public interchange formats: ``sqmy-dataset/1`` in, ``sqmy-assessment/1`` out.

Pure functions (no file I/O): callers read the bytes and pass them in.

- :func:`decode_dataset_bytes` -- UTF-8 JSON bytes to JSON values;
- :func:`parse_dataset` -- JSON values to a validated :class:`~sqmy_core.model.Dataset`;
- :func:`dataset_to_doc` -- the inverse, a JSON-ready document;
- :func:`schema` -- the published JSON Schemas.
"""

from __future__ import annotations

from sqmy_core.interchange.dataset import (
    DATASET_FORMAT,
    MAX_PROBLEMS,
    dataset_to_doc,
    decode_dataset_bytes,
    parse_dataset,
)
from sqmy_core.interchange.schemas import ASSESSMENT_FORMAT, SCHEMA_NAMES, schema
from sqmy_core.interchange.times import TIME_PATTERN, format_time, parse_time

__all__ = [
    "ASSESSMENT_FORMAT",
    "DATASET_FORMAT",
    "MAX_PROBLEMS",
    "SCHEMA_NAMES",
    "TIME_PATTERN",
    "dataset_to_doc",
    "decode_dataset_bytes",
    "format_time",
    "parse_dataset",
    "parse_time",
    "schema",
]
