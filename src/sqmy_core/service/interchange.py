"""The interchange formats in the service: the published JSON Schemas in its OpenAPI document,
and the dataset export an integrator assesses or archives.

An OA that stores our assessment or dataset documents validates them with the
same schemas whether they came from a file (``sqmy export``, ``sqmy assess``)
or from the service: the document's ``components.schemas`` carries the four
published schemas (``sqmy_core/schemas/*.schema.json``, draft 2020-12, which
OpenAPI 3.1 speaks natively) and the operations that answer with such a
document refer to them, so a generated client, a schemathesis run or an
integrator's validator checks the very contract of ``interchange.md``.

A schema file's ``$id`` and ``$schema`` are left out when it is embedded: an
``$id`` inside a component would make its ``#/...`` references resolve
against that id instead of the OpenAPI document.  Its ``$defs`` become
components of their own (``sqmy-dataset-1.1.person``), the references
rewritten to them.
"""

from __future__ import annotations

import json
from typing import Any, Final

from fastapi import APIRouter

from sqmy_core.interchange import dataset_to_doc
from sqmy_core.interchange.schemas import SCHEMA_NAMES, schema
from sqmy_core.service.app import Service
from sqmy_core.service.scopes import needs
from sqmy_core.workspace.workspace import Workspace

DOCUMENT_KEY: Final = "x-sqmy-document"
"""``openapi_extra`` of an operation whose 200 answer is an interchange document: its family."""

FAMILIES: Final[dict[str, tuple[str, ...]]] = {
    "assessment": ("sqmy-assessment-1", "sqmy-assessment-1.1"),
    "dataset": ("sqmy-dataset-1", "sqmy-dataset-1.1"),
}
"""Each family's schema names: an answer is a document of one of its versions."""


def answers_with(family: str) -> dict[str, Any]:
    """``openapi_extra`` marking an operation as answering with a ``family`` document."""
    if family not in FAMILIES:
        raise ValueError(f"unknown document family {family!r}: one of {sorted(FAMILIES)}")
    return {DOCUMENT_KEY: family}


def components() -> dict[str, Any]:
    """The published schemas as OpenAPI components, their ``$defs`` hoisted beside them."""
    out: dict[str, Any] = {}
    for name in SCHEMA_NAMES:
        doc = schema(name)
        defs = doc.pop("$defs", {})
        doc.pop("$schema", None)
        ident = doc.pop("$id", None)
        if ident:
            doc["description"] = f"{doc.get('description', '')}（{ident}）".strip()
        out[name] = _rewrite(doc, name)
        for key, sub in defs.items():
            out[f"{name}.{key}"] = _rewrite(sub, name)
    return out


def _rewrite(node: Any, name: str) -> Any:
    text = json.dumps(node, ensure_ascii=False)
    return json.loads(text.replace('"#/$defs/', f'"#/components/schemas/{name}.'))


def publish(doc: dict[str, Any]) -> None:
    """Add the schemas to ``doc`` (an OpenAPI document) and point the marked answers at them."""
    doc.setdefault("components", {}).setdefault("schemas", {}).update(components())
    for item in doc.get("paths", {}).values():
        for operation in item.values():
            family = operation.pop(DOCUMENT_KEY, None) if isinstance(operation, dict) else None
            if family is None:
                continue
            refs = [{"$ref": f"#/components/schemas/{n}"} for n in FAMILIES[family]]
            answer = operation["responses"]["200"]
            answer["content"] = {"application/json": {"schema": {"oneOf": refs}}}


def router(service: Service) -> APIRouter:
    api = APIRouter(tags=["interchange"])

    WS = service.opened()

    @api.get("/orgs/{org}/dataset", summary="导出数据集（sqmy-dataset/1 或 /1.1 文档）",
             openapi_extra={**needs("read"), **answers_with("dataset")})
    def export(ws: Workspace = WS) -> dict[str, Any]:
        """What ``sqmy export`` writes: withdrawn pieces, clues and their contacts are left out."""
        return dataset_to_doc(ws.export())

    return api


__all__ = ["DOCUMENT_KEY", "FAMILIES", "answers_with", "components", "publish", "router"]
