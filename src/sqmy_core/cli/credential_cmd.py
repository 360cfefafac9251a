"""``sqmy credential add|list|revoke``: the API credentials of the systems calling ``sqmy serve``.

``add`` draws one token and stores its hash in the registry of every
``--org`` given (one record each, the same id), as ``--actor`` (a staff
member of each organization that has a ruleset in force) at ``--now``; it
prints the token once:

- ``--format table`` (the default): a line saying what was issued, then the
  token alone on the last line;
- ``--format token``: only the token and a newline, for a script
  (``TOKEN=$(sqmy credential add ... --format token)``);
- ``--format json``: ``{"id", "token", "name", "organizations", "scopes",
  "roles", "expires"}``.

An organization with no ruleset in force is refused unless ``--new-org``
says it is new on purpose (its first ruleset is to be applied through the
service), so a misspelt ``--org`` creates nothing.  The credential is
checked in every organization before anything is written (so a refusal
writes nothing at all); each one's record is then its own audited write.

``list`` reads only and never shows a hash or a token; ``revoke`` marks the
credential revoked from ``--now`` in each ``--org`` (one already revoked
is left as it is).  Refusals exit 2 and write nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Final

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Command, Group
from sqmy_core.cli.sources import only_organization, store_url
from sqmy_core.cli.types import MOMENT, Choice, now
from sqmy_core.errors import Problem, RequestError
from sqmy_core.i18n import message
from sqmy_core.plugins import open_store
from sqmy_core.storage import EventStore
from sqmy_core.workspace.credentials import CredentialBook, ids_problems, new_token

ADD_FORMATS: Final = ("table", "json", "token")
LIST_FORMATS: Final = ("table", "json")


@click.group("credential", cls=Group)
def credential_group() -> None:
    """API 凭据：为调用系统签发、列出、吊销。"""


@credential_group.command("add", cls=Command)
@click.option("--db", "db_url", required=True)
@click.option("--org", "organizations", multiple=True, required=True)
@click.option("--name", required=True)
@click.option("--scope", "scopes", multiple=True, required=True)
@click.option("--role", "roles", multiple=True)
@click.option("--expires", type=MOMENT)
@click.option("--new-org", "new_org", is_flag=True)
@click.option("--actor", required=True)
@click.option("--now", "now_text", type=MOMENT, default=now)
@click.option("--request-id", "request_id")
@click.option("--format", "fmt", type=Choice(ADD_FORMATS), default="table", show_default=True)
@click.pass_context
def add_command(
    ctx: click.Context, db_url: str, organizations: tuple[str, ...], name: str,
    scopes: tuple[str, ...], roles: tuple[str, ...], expires: datetime | None, new_org: bool,
    actor: str, now_text: datetime, request_id: str | None, fmt: str,
) -> None:
    """签发凭据；令牌只显示这一次。"""
    url = store_url(db_url)
    orgs = _orgs(organizations)
    if not new_org:
        _known(url, orgs)
    for org in orgs:  # every organization checked before any is written
        with _opened(url, org) as store:
            CredentialBook(store).check_issue(name=name, scopes=scopes, roles=roles,
                                              expires=expires, actor=actor, now=now_text)
    token = new_token()
    for org in orgs:
        with _opened(url, org) as store:
            CredentialBook(store).issue(token.id, sha256=token.sha256, name=name, scopes=scopes,
                                        roles=roles, expires=expires, actor=actor, now=now_text,
                                        request_id=request_id)
    if fmt == "token":
        click.echo(token.token)
        return
    if fmt == "json":
        doc = {"id": token.id, "token": token.token, "name": name, "organizations": list(orgs),
               "scopes": list(dict.fromkeys(scopes)), "roles": list(dict.fromkeys(roles)),
               "expires": None if expires is None else expires.isoformat()}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=1))
        return
    click.echo(message("credential.issued", lang_of(ctx), credential=token.id, name=name,
                       organizations=", ".join(orgs)))
    click.echo(token.token)


@credential_group.command("list", cls=Command)
@click.option("--db", "db_url", required=True)
@click.option("--org", "organization")
@click.option("--format", "fmt", type=Choice(LIST_FORMATS), default="table", show_default=True)
@click.pass_context
def list_command(ctx: click.Context, db_url: str, organization: str | None, fmt: str) -> None:
    """列出凭据（不显示哈希与令牌；只读）。"""
    url = store_url(db_url)
    with _opened(url, _orgs((organization,))[0] if organization else only_organization(url)) as store:
        listed = CredentialBook(store).list()
    if fmt == "json":
        click.echo(json.dumps(listed, ensure_ascii=False, indent=1))
        return
    lang = lang_of(ctx)
    if not listed:
        click.echo(message("credential.none", lang))
        return
    click.echo(message("credential.header", lang))
    for doc in listed:
        click.echo("\t".join(_cell(doc.get(k)) for k in (
            "id", "name", "scopes", "roles", "expires", "revoked_at", "issued_at", "issued_by")))


@credential_group.command("revoke", cls=Command)
@click.argument("ident")
@click.option("--db", "db_url", required=True)
@click.option("--org", "organizations", multiple=True)
@click.option("--actor", required=True)
@click.option("--now", "now_text", type=MOMENT, default=now)
@click.option("--request-id", "request_id")
@click.pass_context
def revoke_command(
    ctx: click.Context, ident: str, db_url: str, organizations: tuple[str, ...], actor: str,
    now_text: datetime, request_id: str | None,
) -> None:
    """吊销凭据。"""
    url = store_url(db_url)
    orgs = _orgs(organizations) or (only_organization(url),)
    for org in orgs:
        with _opened(url, org) as store:
            CredentialBook(store).revoke(ident, actor=actor, now=now_text, request_id=request_id)
    click.echo(message("credential.revoked", lang_of(ctx), credential=ident,
                       organizations=", ".join(orgs)))


def _orgs(given: tuple[str, ...]) -> tuple[str, ...]:
    """The organizations named, each once; one no database could hold is refused here."""
    bad = ids_problems([("--org", org) for org in given])
    if bad:
        raise RequestError(bad)
    return tuple(dict.fromkeys(given))


def _known(url: str, orgs: tuple[str, ...]) -> None:
    """Refuse, before anything is written, an organization with no ruleset in force."""
    with _opened(url, orgs[0]) as store:
        known = set(store.organizations())
    problems = [Problem("--org", "service.auth.new_org", {"found": repr(o)})
                for o in orgs if o not in known]
    if problems:
        raise RequestError(problems)


@contextmanager
def _opened(url: str, org: str) -> Iterator[EventStore]:
    store = open_store(url, org)
    try:
        yield store
    finally:
        store.close()


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return " ".join(str(v) for v in value) or "—"
    return str(value)


def register(group: click.Group) -> None:
    group.add_command(credential_group)


__all__ = ["add_command", "list_command", "register", "revoke_command"]
