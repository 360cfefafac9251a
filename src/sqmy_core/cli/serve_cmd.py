"""``sqmy serve``: the HTTP/JSON service over a workspace, served by uvicorn (the ``service`` extra).

``--openapi`` prints the service's OpenAPI document instead (what
``docs/openapi.json`` holds; a test keeps them equal).  FastAPI and uvicorn
are imported only here, when the command runs.
"""

from __future__ import annotations

import json

import click

from sqmy_core.cli.help import Command
from sqmy_core.errors import Problem, SourceError


@click.command("serve", cls=Command)
@click.option("--db", "db_url")
@click.option("--org", "organization")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--openapi", "openapi", is_flag=True)
def serve_command(
    db_url: str | None, organization: str | None, host: str, port: int, openapi: bool
) -> None:
    """提供 HTTP/JSON 接口（见 docs/service.md）；--openapi 只输出接口的 OpenAPI 文档。"""
    from sqmy_core.service import create_app

    if openapi:
        click.echo(openapi_text())
        return
    if db_url is None:
        raise SourceError([Problem("--db", "service.need_db", {})])
    import uvicorn

    uvicorn.run(create_app(db_url, organization=organization), host=host, port=port)


def openapi_text() -> str:
    """The OpenAPI document as ``docs/openapi.json`` keeps it (no store is opened for it)."""
    from sqmy_core.service import create_app

    doc = create_app("sqlite:///:memory:").openapi()
    return json.dumps(doc, ensure_ascii=False, indent=2)


def register(group: click.Group) -> None:
    group.add_command(serve_command)


__all__ = ["openapi_text", "register", "serve_command"]
