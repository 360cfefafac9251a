"""``sqmy serve``: the HTTP/JSON interface over the Workspace (the ``service`` extra).

Nothing here is imported by the library or the command line until a server
is asked for: FastAPI and uvicorn are an extra.  ``create_app`` is imported
on first use, so the framework-free parts (:mod:`sqmy_core.service.scopes`,
which ``sqmy credential`` reads) import without FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqmy_core.service.app import create_app


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from sqmy_core.service.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["create_app"]
