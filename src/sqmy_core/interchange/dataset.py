"""``sqmy-dataset/1`` and ``/1.1``: decode, validate, build and write back.

The work is split by concern: :mod:`.dataset_decode` (bytes to JSON values),
:mod:`.dataset_parse` with :mod:`.dataset_fields`, :mod:`.dataset_records` and
:mod:`.dataset_events` (JSON values to a :class:`~sqmy_core.model.Dataset`),
:mod:`.dataset_doc` (the inverse) and :mod:`.dataset_spec` (what each version
allows, and the limits).  This module is their public face.
"""

from __future__ import annotations

from sqmy_core.interchange.dataset_common import show
from sqmy_core.interchange.dataset_decode import decode_dataset_bytes
from sqmy_core.interchange.dataset_doc import dataset_to_doc
from sqmy_core.interchange.dataset_parse import parse_dataset
from sqmy_core.interchange.dataset_spec import (
    DATASET_FORMAT,
    DATASET_FORMAT_11,
    EVENT_FIELDS,
    EVENT_FIELDS_11,
    EVENT_KEYS,
    EVENT_KEYS_11,
    LISTS,
    LISTS_11,
    MAX_PROBLEMS,
)

__all__ = [
    "DATASET_FORMAT",
    "DATASET_FORMAT_11",
    "EVENT_FIELDS",
    "EVENT_FIELDS_11",
    "EVENT_KEYS",
    "EVENT_KEYS_11",
    "LISTS",
    "LISTS_11",
    "MAX_PROBLEMS",
    "dataset_to_doc",
    "decode_dataset_bytes",
    "parse_dataset",
    "show",
]
