"""``sqmy serve``: the HTTP/JSON interface over the Workspace (the ``service`` extra).

Nothing here is imported by the library or the command line until a server
is asked for: FastAPI and uvicorn are an extra.
"""

from __future__ import annotations

from sqmy_core.service.app import create_app

__all__ = ["create_app"]
