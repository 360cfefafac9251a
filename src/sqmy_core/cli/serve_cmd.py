"""``sqmy serve``: the HTTP/JSON service over a workspace, served by uvicorn (the ``service`` extra).

``--openapi`` prints the service's OpenAPI document instead (what
``docs/openapi.json`` holds; a test keeps them equal).  FastAPI and uvicorn
are imported only here, when the command runs.

Callers authenticate with the credentials ``sqmy credential add`` issues;
``--jwt-issuer``, ``--jwt-audience`` and ``--jwt-jwks`` (or
``--jwt-key-file``) make it accept the JWTs of an OIDC provider too
(:mod:`sqmy_core.service.auth_jwt`).
"""

from __future__ import annotations

import json

import click

from sqmy_core.cli.help import Command
from sqmy_core.cli.types import INPUT_FILE
from sqmy_core.errors import Problem, SourceError

LEVELS = ("debug", "info", "warning", "error", "critical")
"""``--log-level``: uvicorn's names, also those of the request log (``service/logs.py``)."""


@click.command("serve", cls=Command)
@click.option("--db", "db_url")
@click.option("--org", "organization")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--openapi", "openapi", is_flag=True)
@click.option("--log-level", "log_level", default="info", show_default=True,
              type=click.Choice(LEVELS, case_sensitive=False))
@click.option("--settings", "settings_path", type=INPUT_FILE)
@click.option("--deliver-every", "deliver_every", type=click.FloatRange(min=0, min_open=True))
@click.option("--jwt-issuer", "jwt_issuer")
@click.option("--jwt-audience", "jwt_audience")
@click.option("--jwt-jwks", "jwt_jwks")
@click.option("--jwt-key-file", "jwt_key_file")
@click.option("--jwt-actor-claim", "jwt_actor_claim", default="sub", show_default=True)
def serve_command(
    db_url: str | None, organization: str | None, host: str, port: int, openapi: bool,
    log_level: str, settings_path: str | None = None, deliver_every: float | None = None,
    jwt_issuer: str | None = None, jwt_audience: str | None = None, jwt_jwks: str | None = None,
    jwt_key_file: str | None = None, jwt_actor_claim: str = "sub",
) -> None:
    """提供 HTTP/JSON 接口（见 docs/service.md）；--openapi 只输出接口的 OpenAPI 文档。

    每个请求在标准错误输出写一行 JSON 日志（不含个人信息）；--log-level 定其级别。
    --settings 给出通知渠道与事件推送的设置；--deliver-every 秒数让服务在后台定时发送待发通知。
    """
    from sqmy_core.service import create_app
    from sqmy_core.service.auth import AuthSettings
    from sqmy_core.service.auth_jwt import JwtSettings
    from sqmy_core.service.logs import configure

    if openapi:
        click.echo(openapi_text())
        return
    if db_url is None:
        raise SourceError([Problem("--db", "service.need_db", {})])
    import uvicorn

    from sqmy_core.cli.sources import store_url
    from sqmy_core.service.delivery import DeliveryLoop
    from sqmy_core.workspace.files import load_settings

    settings = load_settings(settings_path) if settings_path else {}
    jwt = None
    if any(v is not None for v in (jwt_issuer, jwt_audience, jwt_jwks, jwt_key_file)):
        jwt = JwtSettings(issuer=jwt_issuer or "", audience=jwt_audience or "", jwks_url=jwt_jwks,
                          key_file=jwt_key_file, actor_claim=jwt_actor_claim)
    app = create_app(db_url, organization=organization, settings=settings,
                     auth=AuthSettings(jwt=jwt))
    configure(log_level)
    loop = None
    if deliver_every is not None:  # the outbox sent from here too (else by `sqmy notify`)
        loop = DeliveryLoop(store_url(db_url), organization, settings, deliver_every).start()
    try:
        # uvicorn's access log prints the raw path and query string: ours (logs.py) replaces it
        uvicorn.run(app, host=host, port=port, log_level=log_level.lower(), access_log=False)
    finally:
        if loop is not None:
            loop.stop()


def openapi_text() -> str:
    """The OpenAPI document as ``docs/openapi.json`` keeps it (no store is opened for it)."""
    from sqmy_core.service import create_app

    doc = create_app("sqlite:///:memory:").openapi()
    return json.dumps(doc, ensure_ascii=False, indent=2)


def register(group: click.Group) -> None:
    group.add_command(serve_command)


__all__ = ["openapi_text", "register", "serve_command"]
