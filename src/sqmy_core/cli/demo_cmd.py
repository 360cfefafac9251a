"""``sqmy demo``: a synthetic dataset file, or a simulated year replayed into SQLite.

The command only parses; :mod:`sqmy_core.tools.demo` does the work, so the
demo has one command line (this one) and ``make demo`` runs it.
"""

from __future__ import annotations

from pathlib import Path

import click

from sqmy_core.cli.help import Command
from sqmy_core.errors import SqmyError
from sqmy_core.tools.demo import DemoRequest, run
from sqmy_core.tools.synth import PROFILES


@click.command("demo", cls=Command)
@click.option("--seed", type=int, required=True)
@click.option("--year", type=int, required=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
)
@click.option(
    "--profile",
    type=click.Choice(PROFILES),
    default="district",
    show_default=True,
)
@click.option(
    "--ruleset",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
)
@click.option("--people", type=int, default=None)
@click.option("--pieces", type=int, default=None)
@click.option("--years", type=int, default=2, show_default=True)
def demo_command(
    seed: int,
    year: int,
    out: Path | None,
    db: Path | None,
    profile: str,
    ruleset: Path | None,
    people: int | None,
    pieces: int | None,
    years: int,
) -> None:
    """The demo: a generated dataset file, or a year replayed into SQLite (help from the catalogue)."""
    if (out is None) == (db is None):
        raise SqmyError.one("--out", "cli.demo_out_or_db")
    if ruleset is not None and db is None:
        raise SqmyError.one("--ruleset", "cli.demo_ruleset_needs_db")
    request = DemoRequest(
        seed=seed,
        year=year,
        profile=profile,
        out=out,
        db=db,
        ruleset=ruleset,
        people=people,
        pieces=pieces,
        years=years,
    )
    try:
        status = run(request)
    except ValueError as exc:
        raise SqmyError.one("", "cli.demo_bad_request", reason=str(exc)) from exc
    raise SystemExit(status)


def register(cli: click.Group) -> None:
    cli.add_command(demo_command)
