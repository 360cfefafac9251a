"""Where a command's records come from: a dataset file (``--data``) or a workspace (``--db``).

``--db`` takes a file path (embedded SQLite) or a store URL that an installed
storage plugin understands.  With ``--db`` the ruleset in force in the
workspace is used unless ``--ruleset`` names another.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from sqmy_core.cli.types import INPUT_FILE
from sqmy_core.errors import NotFound, Problem, SourceError
from sqmy_core.model import Dataset
from sqmy_core.plugins import open_store
from sqmy_core.rules import Ruleset
from sqmy_core.workspace.files import load_ruleset, read_dataset_with
from sqmy_core.workspace.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])


LISTING = "*"
"""The organization a store is opened for just to list the database's organizations."""


def source_options(func: F) -> F:
    """``--ruleset``, ``--data``, ``--db`` and ``--org`` on a command."""
    for option in reversed(
        (
            click.option("--ruleset", "ruleset_path", type=INPUT_FILE),
            click.option("--data", "data_path", type=INPUT_FILE),
            click.option("--db", "db_url"),
            click.option("--org", "organization"),
        )
    ):
        func = option(func)
    return func


def open_workspace(
    db_url: str,
    ruleset_path: str | None,
    organization: str | None,
    settings: Mapping[str, Any] | None = None,
) -> Workspace:
    """Open a workspace; without a ruleset it must exist already (a typo creates nothing)."""
    if ruleset_path is None and ":" not in db_url and not Path(db_url).exists():
        raise NotFound([Problem("--db", "cli.db_missing", {"found": repr(db_url)})])
    if ruleset_path is not None:
        return Workspace.open(db_url, ruleset=load_ruleset(ruleset_path), settings=settings)
    return Workspace.open(
        db_url, organization=organization or _only_organization(db_url), settings=settings
    )


def _only_organization(db_url: str) -> str:
    """The one organization a database holds (asked for by name when there are several)."""
    store = open_store(db_url, LISTING)  # only organizations() is asked: it spans the database
    try:
        found = store.organizations()
    finally:
        store.close()
    if len(found) != 1:
        raise SourceError(
            [Problem("", "cli.need_org", {"url": db_url, "found": ", ".join(found) or "—"})]
        )
    return found[0]


def records(
    ruleset_path: str | None,
    data_path: str | None,
    db_url: str | None,
    organization: str | None,
) -> tuple[Ruleset, Dataset]:
    """The ruleset and the records a command works on."""
    if (data_path is None) == (db_url is None):
        raise SourceError([Problem("", "cli.need_source", {})])
    if data_path is not None:
        if ruleset_path is None:
            raise SourceError([Problem("", "cli.need_ruleset", {})])
        ruleset = load_ruleset(ruleset_path)
        return ruleset, read_dataset_with(ruleset, data_path)
    assert db_url is not None
    with open_workspace(db_url, ruleset_path, organization) as ws:
        return ws.ruleset, ws.export()
