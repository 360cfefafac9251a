"""Where a command's records come from: a dataset file (``--data``) or a workspace (``--db``).

``--db`` takes a file path (embedded SQLite) or a store URL, ``scheme://...``,
that an installed storage plugin understands; nothing else is a URL (a path
with a colon in it is a path).  A command that only reads needs an existing
workspace: a path that is not a file, or ``sqlite:///`` of one, is refused
before anything is opened, so a typo creates nothing.  Only ``ruleset
apply``, ``restore`` and the workflow commands may create a workspace.

With ``--db``, each year is assessed under the ruleset version in force for
it, unless ``--ruleset`` names another: then that file governs this one run
and is never stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sqmy_core.cli.types import INPUT_FILE
from sqmy_core.errors import NotFound, Problem, SourceError
from sqmy_core.plugins import open_store
from sqmy_core.workspace.files import load_ruleset, read_dataset_with

if TYPE_CHECKING:
    from sqmy_core.model import Dataset
    from sqmy_core.rules import Ruleset
    from sqmy_core.scoring.result import Assessment
    from sqmy_core.workspace.assessing import Engine
    from sqmy_core.workspace.progress import Progress
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


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def store_url(db_url: str, *, create: bool = False) -> str:
    """The store URL a ``--db`` value means; unless ``create``, the workspace must exist.

    A value without ``scheme://`` is a SQLite file path, passed on as
    ``sqlite:///PATH`` so that no other reading of it (a colon taken for a
    scheme) is possible.
    """
    if _URL.match(db_url):
        path = db_url[len("sqlite:///") :] if db_url.startswith("sqlite:///") else None
        missing = path not in (None, "", ":memory:") and not Path(str(path)).is_file()
        url = db_url
    else:
        missing = not Path(db_url).is_file()
        url = "sqlite:///" + db_url
    if missing and not create:
        raise NotFound([Problem("--db", "cli.db_missing", {"found": repr(db_url)})])
    return url


@contextmanager
def removing_new_file(db_url: str) -> Iterator[None]:
    """A command that may create a SQLite workspace and then fails leaves no file behind.

    Only files that did not exist before are removed (the database and its
    ``-wal`` / ``-shm`` companions); a server database is left to its
    transaction.
    """
    path = None if _URL.match(db_url) else Path(db_url)
    if db_url.startswith("sqlite:///"):
        path = Path(db_url[len("sqlite:///") :])
    files = [] if path is None else [Path(f"{path}{end}") for end in ("", "-wal", "-shm")]
    new = [f for f in files if not f.exists()]
    try:
        yield
    except BaseException:
        if files and new and new[0] == files[0]:
            for f in new:
                f.unlink(missing_ok=True)
        raise


def open_workspace(
    db_url: str,
    ruleset_path: str | None,
    organization: str | None,
    settings: Mapping[str, Any] | None = None,
) -> Workspace:
    """Open an existing workspace; ``ruleset_path`` overrides its versions for this run only.

    The workspace (and the stores, pluggy) is imported here: ``--data`` never needs it.
    """
    from sqmy_core.workspace.workspace import Workspace

    url = store_url(db_url)
    if ruleset_path is not None:
        return Workspace.open(url, ruleset=load_ruleset(ruleset_path), settings=settings)
    return Workspace.open(
        url, organization=organization or only_organization(url), settings=settings
    )


def only_organization(db_url: str) -> str:
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


def assessed(
    ruleset_path: str | None,
    data_path: str | None,
    db_url: str | None,
    organization: str | None,
    year: int,
    engine: Engine = "auto",
    progress: Progress | None = None,
) -> Assessment:
    """The year's assessment of a dataset file or a workspace, on the engine asked for.

    Unlike :func:`records` it never needs the whole dataset as records: a large
    file or store is read into columns for the columnar path
    (:mod:`sqmy_core.workspace.assessing`).
    """
    from sqmy_core.workspace.assessing import assess_file

    if (data_path is None) == (db_url is None):
        raise SourceError([Problem("", "cli.need_source", {})])
    if data_path is not None:
        if ruleset_path is None:
            raise SourceError([Problem("", "cli.need_ruleset", {})])
        return assess_file(load_ruleset(ruleset_path), data_path, year, engine, progress)
    assert db_url is not None
    with open_workspace(db_url, ruleset_path, organization) as ws:
        return ws.assess(year, engine, progress)


def records(
    ruleset_path: str | None,
    data_path: str | None,
    db_url: str | None,
    organization: str | None,
    year: int,
) -> tuple[Ruleset, Dataset]:
    """The ruleset for ``year`` and the records a command works on."""
    if (data_path is None) == (db_url is None):
        raise SourceError([Problem("", "cli.need_source", {})])
    if data_path is not None:
        if ruleset_path is None:
            raise SourceError([Problem("", "cli.need_ruleset", {})])
        ruleset = load_ruleset(ruleset_path)
        return ruleset, read_dataset_with(ruleset, data_path)
    assert db_url is not None
    with open_workspace(db_url, ruleset_path, organization) as ws:
        return ws.ruleset_for(year), ws.export()
