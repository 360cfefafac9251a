"""Inside one spec run of ``sqmy compare``: the ruleset under test, and a record of every scenario.

:mod:`.spec_runs` starts pytest in a scratch directory whose ``conftest.py``
imports the names of this module, with ``subject.json`` beside its ini file
naming the ruleset under test (the baseline, then the draft), its
organization and where to write the results.  An organization's specs name
their ruleset (``假如 规则集为 "rulesets/本组织.toml"``), so pointing the
``sqmy_ruleset`` option elsewhere would not reach them: here every ruleset
file a spec names that belongs to the compared organization -- or that does
not resolve from the scratch run -- is replaced by the ruleset under test.
A ruleset of another organization, and rulesets written out in a spec
(``规则集为以下内容：``), are left as they are: they state their own rules.

Each scenario's result (passed, failed with the plugin's Chinese message,
skipped, expected failure) is written as JSON when the session ends; the
parent reads it into :class:`~sqmy_core.reports.compare_clauses.ScenarioRun`.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from sqmy_core.bdd.errors import SpecError
from sqmy_core.bdd.plugin import _WHERE_KEY, _WORLD_KEY
from sqmy_core.bdd.world import World
from sqmy_core.rules.spec import Ruleset
from sqmy_core.workspace.files import load_ruleset

__all__ = [
    "SUBJECT_FILE",
    "Recorder",
    "SubjectWorld",
    "pytest_configure",
    "sqmy_ruleset",
    "sqmy_world",
]

SUBJECT_FILE = "subject.json"
"""Beside the run's ini file: ``{"ruleset", "organization", "out"}``."""

_SUBJECT_KEY = pytest.StashKey[dict[str, Any]]()
_RULESET_KEY = pytest.StashKey[Ruleset]()


class SubjectWorld(World):
    """A scenario world in which the compared organization's ruleset is the one under test."""

    def __init__(self, root: Path, subject: Ruleset, subject_path: str) -> None:
        super().__init__(root, subject_path)
        self.subject = subject

    def load_ruleset(self, text: str) -> Ruleset:
        try:
            path: Path | None = self.resolve_path(text)
        except SpecError:
            path = None  # named relative to the organization's repository: it is the ruleset
        if path is not None:
            named = load_ruleset(path)  # a broken file fails as it would in the plain run
            if named.organization != self.subject.organization:
                self.set_ruleset(named, text)
                return self.ruleset
        self.set_ruleset(self.subject, text)
        return self.ruleset


def _subject(config: pytest.Config) -> dict[str, Any]:
    found = config.stash.get(_SUBJECT_KEY, None)
    if found is None:
        assert config.inipath is not None, "the compare run names its ini file"
        text = (config.inipath.parent / SUBJECT_FILE).read_text(encoding="utf-8")
        found = config.stash[_SUBJECT_KEY] = json.loads(text)
    return found


@pytest.fixture
def sqmy_ruleset(request: pytest.FixtureRequest) -> str | None:
    """The ruleset under test, for specs that say ``使用本组织的规则集`` or name none."""
    return str(_subject(request.config)["ruleset"])


@pytest.fixture
def sqmy_world(request: pytest.FixtureRequest, sqmy_ruleset: str) -> World:
    """The spec plugin's world (:func:`sqmy_core.bdd.plugin.sqmy_world`), the subject substituted."""
    config = request.config
    subject = config.stash.get(_RULESET_KEY, None)
    if subject is None:
        subject = config.stash[_RULESET_KEY] = load_ruleset(sqmy_ruleset)
    world = SubjectWorld(Path(config.rootpath), subject, sqmy_ruleset)
    where = request.node.stash.get(_WHERE_KEY, None)
    if where is not None:
        world.feature_dir = Path(where.path).parent
    request.node.stash[_WORLD_KEY] = world
    return world


def pytest_configure(config: pytest.Config) -> None:
    """Read the subject and start recording (the log hooks are given no config: a recorder is)."""
    _subject(config)
    config.pluginmanager.register(Recorder(config), "sqmy_compare_recorder")


class Recorder:
    """Every scenario's outcome in this run, written out as JSON when the session ends."""

    def __init__(self, config: pytest.Config) -> None:
        self.out = Path(_subject(config)["out"])
        self.results: dict[str, dict[str, Any]] = {}
        self.errors: list[str] = []

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, Any, Any]:
        """Note on each report where its scenario is written (the log hook sees no item)."""
        report = yield
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
        if template is not None:
            callspec = getattr(item, "callspec", None)
            tags = set(template.tags) | set(template.feature.tags)
            where = {
                "file": template.feature.filename,
                "line": template.line_number,
                "name": template.name,
                "tags": sorted(tags),
                "example": callspec.id if callspec is not None else "",
            }
            report.user_properties.append(("sqmy_scenario", where))
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Fold the phases of a scenario into one outcome (a failed setup or call is a failure)."""
        where = dict(report.user_properties).get("sqmy_scenario")
        if not isinstance(where, dict):
            return
        entry = self.results.setdefault(
            report.nodeid, {**where, "outcome": "passed", "message": ""}
        )
        if hasattr(report, "wasxfail"):
            entry["outcome"] = "xfailed" if report.skipped else "xpassed"
        elif report.failed:
            entry["outcome"] = "failed"
            entry["message"] = entry["message"] or str(report.longrepr)
        elif report.skipped and entry["outcome"] == "passed":
            entry["outcome"] = "skipped"

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        """A feature file that cannot be read or bound: the parent refuses the run with the reason."""
        if report.failed:
            self.errors.append(str(report.longrepr))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        doc = {"scenarios": list(self.results.values()), "errors": self.errors}
        self.out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
