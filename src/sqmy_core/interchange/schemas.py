"""The published JSON Schemas (draft 2020-12) of the interchange formats.

They ship as package data (``sqmy_core/schemas/*.schema.json``) so that
integrators can validate their exports with any JSON Schema tool.  A schema
checks the shape of a document; :func:`~sqmy_core.interchange.parse_dataset`
checks everything a schema cannot express as well (references between records,
unique ids, events after submission, ``parent`` cycles, ruleset roles, and in
1.1 everything a ruleset declares: bodies, ranks, roles, unit kinds, attributes,
penalty and activity kinds, sections).  The 1.1 schemas therefore allow any
string where 1.1 allows a declared value.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Final

ASSESSMENT_FORMAT: Final = "sqmy-assessment/1"
ASSESSMENT_FORMAT_11: Final = "sqmy-assessment/1.1"

SCHEMA_NAMES: Final = (
    "sqmy-dataset-1",
    "sqmy-dataset-1.1",
    "sqmy-assessment-1",
    "sqmy-assessment-1.1",
)
"""The schema files' names, without ``.schema.json``."""


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a format, as a fresh dict.

    ``name`` is a format identifier (``sqmy-dataset/1``) or a schema name
    (``sqmy-dataset-1``).  An unknown name raises :class:`KeyError`.
    """
    stem = name.replace("/", "-")
    if stem not in SCHEMA_NAMES:
        raise KeyError(f"no schema {name!r} (known: {', '.join(SCHEMA_NAMES)})")
    text = (
        resources.files("sqmy_core")
        .joinpath("schemas", f"{stem}.schema.json")
        .read_text(encoding="utf-8")
    )
    result: dict[str, Any] = json.loads(text)
    return result
