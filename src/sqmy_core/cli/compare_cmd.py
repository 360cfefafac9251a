"""``sqmy compare``: what a revised ruleset would change, before it is adopted.

The same records and year are assessed twice -- under the ruleset in force
(``--baseline``; with ``--db`` the version in force for the year when it is
left out) and under the draft (``--ruleset``) -- and the two assessments are
compared entity by entity (:func:`sqmy_core.scoring.compare.compare`).  The
organization's specs are then run against each (:mod:`sqmy_core.bdd.spec_runs`)
to say which clauses the draft no longer meets.  Everything goes into one
``compare`` report, written in the format asked for by the report writers.

Nothing is written but the report: a workspace is only read, the specs run in
a scratch directory.  Exit status: 0 when the comparison was made, whatever it
found; 2 for refused input; 3 with ``--fail-on-clauses`` when the draft fails
spec scenarios that pass under the baseline (the report is written first), as
``sqmy audit verify`` does when its check finds something.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Final

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Command
from sqmy_core.cli.types import INPUT_FILE, OUTPUT_FILE, YEAR, Choice
from sqmy_core.errors import Problem, SourceError
from sqmy_core.i18n import message
from sqmy_core.reports.compare_clauses import ClauseDiff, clause_diff
from sqmy_core.reports.compare_doc import Sources, compare_report
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.compare import compare, same_organization
from sqmy_core.scoring.result import Assessment
from sqmy_core.workspace.files import load_ruleset

EXIT_CLAUSES_FAILED: Final = 3
"""``--fail-on-clauses`` and the draft fails scenarios the baseline passes."""

FORMATS: Final = ("table", "markdown", "html", "json", "xlsx", "docx")
"""The report writers' formats that hold tables (a ``compare`` report has no chart)."""


class SpecsPath(click.ParamType[str]):
    """``--specs``: an existing ``.feature`` file or folder, told apart before anything is assessed."""

    name = "path"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        try:
            os.fsencode(text)
            exists = Path(text).exists()
        except (UnicodeError, ValueError, OSError):
            shown = repr(text if len(text) <= 60 else text[:57] + "...")
            raise SourceError([Problem("--specs", "bad_path", {"found": shown})]) from None
        if not exists:
            raise SourceError([Problem("--specs", "compare.specs_missing", {"path": text})])
        return text


@click.command("compare", cls=Command)
@click.option("--baseline", type=INPUT_FILE)
@click.option("--ruleset", "ruleset_path", type=INPUT_FILE, required=True)
@click.option("--data", "data_path", type=INPUT_FILE)
@click.option("--db", "db_url")
@click.option("--org", "organization")
@click.option("--year", required=True, type=YEAR)
@click.option("--specs", type=SpecsPath())
@click.option("--no-specs", is_flag=True)
@click.option("--fail-on-clauses", is_flag=True)
@click.option("--format", "fmt", type=Choice(list(FORMATS)), default="table", show_default=True)
@click.option("--output", "-o", type=OUTPUT_FILE, default=None)
@click.pass_context
def compare_command(
    ctx: click.Context,
    baseline: str | None,
    ruleset_path: str,
    data_path: str | None,
    db_url: str | None,
    organization: str | None,
    year: int,
    specs: str | None,
    no_specs: bool,
    fail_on_clauses: bool,
    fmt: str,
    output: str | None,
) -> None:
    """修订规则集之前先比较现行规则集与草稿的考核结果，并按草稿运行本组织的规格。"""
    from sqmy_core.reports.writers import BINARY, write_report

    lang = lang_of(ctx)
    if output is None and fmt in BINARY:
        raise SourceError([Problem("--output", "report.needs_output", {"format": fmt})])
    if (data_path is None) == (db_url is None):
        raise SourceError([Problem("", "cli.need_source", {})])
    draft = load_ruleset(ruleset_path)
    spec_path = _spec_path(specs, baseline or ruleset_path, draft.organization, no_specs)
    if fail_on_clauses and spec_path is None:  # a check that cannot run must not pass in silence
        raise SourceError([Problem("--fail-on-clauses", "compare.fail_needs_specs", {})])
    with _assessed(
        baseline, draft, ruleset_path, data_path, db_url, organization, year, lang
    ) as done:
        old_rs, old, new, sources, old_file = done
        comparison = compare(old, new)
        clauses, not_run = None, None
        if spec_path is None:
            code = "compare.specs_skipped" if no_specs else "compare.specs_not_found"
            not_run = message(code, lang)
        else:
            clauses = _clauses(spec_path, old_file, Path(ruleset_path), draft.organization)
    report = compare_report(
        comparison,
        old_rs,
        draft,
        sources,
        lang=lang,
        dated=date.today(),
        clauses=clauses,
        specs_not_run=not_run,
    )
    write_report(report, fmt, Path(output) if output else None)
    if fail_on_clauses and clauses is not None and clauses.now_failing:
        count = len(clauses.now_failing)
        click.echo(message("compare.clauses_failed", lang, count=count), err=True)
        ctx.exit(EXIT_CLAUSES_FAILED)


_Assessed = tuple[Ruleset, Assessment, Assessment, Sources, Path]
"""The baseline ruleset, both assessments, what they were, and a file holding the baseline."""


@contextmanager
def _assessed(
    baseline: str | None,
    draft: Ruleset,
    draft_path: str,
    data_path: str | None,
    db_url: str | None,
    organization: str | None,
    year: int,
    lang: str,
) -> Iterator[_Assessed]:
    """Both assessments of the same records; the baseline as a file for the spec runs (a
    workspace's version in force is written to a scratch file, removed afterwards)."""
    if data_path is not None:
        if baseline is None:
            raise SourceError([Problem("--baseline", "compare.need_baseline", {})])
        from sqmy_core.workspace.assessing import assess_file

        old_rs = load_ruleset(baseline)
        same_organization(old_rs.organization, draft.organization, draft_path)
        old = assess_file(old_rs, data_path, year)
        _has_records(old, year)
        new = assess_file(draft, data_path, year)
        yield old_rs, old, new, Sources(baseline, draft_path, data_path), Path(baseline)
        return
    assert db_url is not None
    from sqmy_core.cli.sources import open_workspace
    from sqmy_core.workspace.assessing import assess_store
    from sqmy_core.workspace.ruleset_versions import version_text

    with open_workspace(db_url, None, organization) as ws:
        old_rs = load_ruleset(baseline) if baseline else ws.ruleset_for(year)
        same_organization(old_rs.organization, draft.organization, draft_path)
        roles = ws.ruleset.reviewer_roles
        old = assess_store(ws.store, old_rs, roles, year, "auto")
        _has_records(old, year)
        new = assess_store(ws.store, draft, roles, year, "auto")
    if baseline is not None:
        yield old_rs, old, new, Sources(baseline, draft_path, db_url), Path(baseline)
        return
    with tempfile.TemporaryDirectory(prefix="sqmy-baseline-") as scratch:
        file = Path(scratch) / f"{old_rs.organization}.toml"
        file.write_text(version_text(old_rs), encoding="utf-8")
        shown = message("compare.in_force", lang, db=db_url, year=year)
        yield old_rs, old, new, Sources(shown, draft_path, db_url), file


def _has_records(assessment: Assessment, year: int) -> None:
    """A year without a single piece compares nothing: most likely a mistyped ``--year``."""
    if not any(assessment.stats.counts.values()):
        raise SourceError([Problem("--year", "compare.empty_year", {"year": year})])


def _spec_path(specs: str | None, ruleset: str, organization: str, no_specs: bool) -> Path | None:
    """``--specs``, else the organization's ``features/<org>/`` (or ``features/``) beside the
    ruleset's folder, as its repository keeps them; ``None`` when there are none."""
    if no_specs:
        return None
    if specs is not None:
        return Path(specs)
    features = Path(ruleset).resolve().parent.parent / "features"
    for candidate in (features / organization, features):
        if candidate.is_dir() and any(candidate.rglob("*.feature")):
            return candidate
    return None


def _clauses(specs: Path, baseline: Path, draft: Path, organization: str) -> ClauseDiff:
    from sqmy_core.bdd.spec_runs import run_specs

    before = run_specs(specs, baseline, organization)
    after = run_specs(specs, draft, organization)
    return clause_diff(before, after)


def register(group: click.Group) -> None:
    group.add_command(compare_command)


__all__ = ["EXIT_CLAUSES_FAILED", "FORMATS", "compare_command", "register"]
