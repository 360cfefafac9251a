"""``sqmy ruleset apply`` and ``sqmy ruleset history``: putting rulesets in force, and the record of it.

Applying is the only command that puts a ruleset in force (``import`` and
the read commands never do); it may create the workspace.  ``--from``
defaults to the ruleset's own ``effective_from`` key, else to 1 January of
the current year (of ``--now``, in the ruleset's time zone); ``--actor``
defaults to the login name of whoever runs the command.
"""

from __future__ import annotations

import getpass
import tomllib
from datetime import date, datetime, tzinfo

import click

from sqmy_core.cli import ruleset_cmd
from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Command
from sqmy_core.cli.sources import only_organization, removing_new_file, store_url
from sqmy_core.cli.types import DAY, INPUT_FILE, MOMENT, now
from sqmy_core.i18n import message
from sqmy_core.plugins import open_store
from sqmy_core.storage import RulesetVersion
from sqmy_core.workspace import versions
from sqmy_core.workspace.files import load_ruleset
from sqmy_core.workspace.workspace import Workspace

DIGEST_SHOWN = 12
"""How many hex digits of a version's SHA-256 the command line shows."""


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in this environment
        return "unknown"


@click.command("apply", cls=Command)
@click.option("--db", "db_url", required=True)
@click.option("--from", "from_day", type=DAY)
@click.option("--actor")
@click.option("--now", "now_text", type=MOMENT, default=now)
@click.argument("path", type=INPUT_FILE)
@click.pass_context
def apply_command(
    ctx: click.Context,
    db_url: str,
    from_day: date | None,
    actor: str | None,
    now_text: datetime,
    path: str,
) -> None:
    """施行规则集：在工作库中记录一个新版本（谁、何时、自哪一天起适用），以前的版本都保留。"""
    rs = load_ruleset(path)
    who = actor or _login()
    url = store_url(db_url, create=True)
    with removing_new_file(db_url), Workspace.open(url, ruleset=rs) as ws:
        kept = ws.apply_ruleset(rs, actor=who, at=now_text, effective_from=from_day, source=path)
    click.echo(
        message(
            "cli.ruleset_applied",
            lang_of(ctx),
            path=path,
            number=kept.number,
            effective=kept.effective_from,
            actor=who,
            digest=kept.sha256[:DIGEST_SHOWN],
            db=db_url,
        )
    )


@click.command("history", cls=Command)
@click.option("--db", "db_url", required=True)
@click.option("--org", "organization")
@click.pass_context
def history_command(ctx: click.Context, db_url: str, organization: str | None) -> None:
    """列出工作库施行过的全部规则集版本（当前版本标出）。"""
    lang = lang_of(ctx)
    url = store_url(db_url)
    org = organization or only_organization(url)
    store = open_store(url, org)
    try:
        kept = store.ruleset_versions()
    finally:
        store.close()
    current = versions.current(kept)
    click.echo(message("cli.history_title", lang, db=db_url, organization=org, count=len(kept)))
    for v in kept:
        marks = message("cli.history_current", lang) if v == current else ""
        click.echo(_line(v, lang, marks))


def _line(v: RulesetVersion, lang: str, marks: str) -> str:
    start = v.effective_from or message("cli.history_beginning", lang)
    return message(
        "cli.history_item",
        lang,
        number=v.number,
        effective=start,
        title=_title(v.text),
        applied=_shown(v.applied_at, None),
        actor=v.actor or "—",
        source=v.source or "—",
        digest=v.sha256[:DIGEST_SHOWN],
        marks=marks,
    )


def _title(text: str) -> str:
    try:
        title = tomllib.loads(text).get("title")
    except tomllib.TOMLDecodeError:  # a version that no longer loads still has a history line
        return "—"
    return title if isinstance(title, str) else "—"


def _shown(moment: datetime | None, zone: tzinfo | None) -> str:
    if moment is None:
        return "—"
    return (moment.astimezone(zone) if zone else moment).strftime("%Y-%m-%d %H:%M %z")


def register(group: click.Group) -> None:
    del group  # the commands belong to ``sqmy ruleset``
    ruleset_cmd.ruleset_group.add_command(apply_command)
    ruleset_cmd.ruleset_group.add_command(history_command)
