"""The pytest plugin (entry point ``pytest11`` ``sqmy_bdd``): steps, fixtures, checks, reports.

- pulls in the step modules (``pytest_plugins``), so an organization's
  repository needs no conftest;
- ``sqmy_ruleset`` (option ``--sqmy-ruleset``, ini ``sqmy_ruleset``): the
  organization's ruleset when a spec does not name one;
- ``sqmy_world``: a fresh scenario world (:class:`~sqmy_core.bdd.world.World`);
- tags such as ``@第五条第3款`` become markers without registration, so
  ``--strict-markers`` keeps working and ``-m 第五条`` selects by clause;
- ``@engine_bug`` (or ``@已知缺陷``) marks a scenario whose expectation is right
  but the engine does not meet yet: a strict expected failure, so it turns
  into an error the day the engine is fixed (remove the tag then);
- feature files that pytest-bdd cannot read or parse get a Chinese message
  with file, line and fix (:mod:`.lint`); a scenario with a step the library
  does not know fails before it runs, with the closest library sentences;
- failures of library steps are reported without a Python traceback: the
  feature file and line, the scenario, the step and the Chinese message.
"""

from __future__ import annotations

import inspect
from collections.abc import Generator
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from attrs import frozen
from pytest_bdd.exceptions import GherkinParseError
from pytest_bdd.scenario import find_fixturedefs_for_step, scenario_wrapper_template_registry

from sqmy_core.bdd import STEP_MODULES, lint
from sqmy_core.bdd.errors import SpecError, SpecFailure
from sqmy_core.bdd.world import World
from sqmy_core.errors import SqmyError

pytest_plugins = list(STEP_MODULES)


@frozen
class Where:
    """Where a scenario is: the feature file, the line, and the lines shown above a failure."""

    path: str
    line: int
    shown: str = ""


_WHERE_KEY = pytest.StashKey[Where]()
_WORLD_KEY = pytest.StashKey[World]()
_UNKNOWN_KEY = pytest.StashKey[str]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("sqmy", "社情民意信息规则集规格（sqmy_core.bdd）")
    group.addoption(
        "--sqmy-ruleset",
        default=None,
        metavar="FILE",
        help="本组织的规则集（规格中没有写“规则集为”时使用）",
    )
    parser.addini("sqmy_ruleset", "本组织的规则集文件（相对于 rootdir）", default="")


@pytest.fixture
def sqmy_ruleset(request: pytest.FixtureRequest) -> str | None:
    """The configured ruleset path (``--sqmy-ruleset`` or ini ``sqmy_ruleset``), or None.

    Override it in a conftest to point the specs at another ruleset (a draft).
    """
    option = request.config.getoption("sqmy_ruleset", default=None)
    value = option or request.config.getini("sqmy_ruleset")
    return str(value) if value else None


@pytest.fixture
def sqmy_world(request: pytest.FixtureRequest, sqmy_ruleset: str | None) -> World:
    """The world of one scenario: ruleset, people, units, pieces and their events."""
    world = World(Path(request.config.rootpath), sqmy_ruleset)
    where = request.node.stash.get(_WHERE_KEY, None)
    if where is not None:
        world.feature_dir = Path(where.path).parent
    request.node.stash[_WORLD_KEY] = world
    return world


# ---------------------------------------------------------------- tags


KNOWN_BUG_TAGS = ("engine_bug", "已知缺陷")
"""Tags of scenarios that are expected to fail (strictly) until the engine is fixed."""


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Any) -> Any:
    """Register a feature file's tag as a marker on first use (``@第五条`` needs no ini entry).

    ``@engine_bug`` / ``@已知缺陷`` become ``xfail(strict=True)``.
    """
    from pytest_bdd.utils import CONFIG_STACK

    if tag in KNOWN_BUG_TAGS:
        reason = f"@{tag}：规格正确，引擎尚未满足（修复后此场景会通过，届时请删去该标签）"
        pytest.mark.xfail(strict=True, reason=reason)(function)
        return True
    if CONFIG_STACK:
        config = CONFIG_STACK[-1]
        known = {
            line.split(":", 1)[0].split("(", 1)[0].strip() for line in config.getini("markers")
        }
        if tag not in known:
            config.addinivalue_line("markers", f"{tag}: 规格标签（来自 .feature 文件）")
    return None


# ---------------------------------------------------------------- step context


def _rel(config: pytest.Config, filename: str) -> str:
    try:
        return str(Path(filename).resolve().relative_to(config.rootpath))
    except ValueError:
        return filename


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    request.node.stash[_WHERE_KEY] = Where(feature.filename, scenario.line_number)


def pytest_bdd_before_step(
    request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, step_func: Any
) -> None:
    where = f"{_rel(request.config, feature.filename)} 第 {step.line_number} 行"
    request.node.stash[_WHERE_KEY] = Where(
        feature.filename,
        step.line_number,
        f"{where}\n  场景：{scenario.name}\n  步骤：{step.keyword} {step.name}",
    )
    if "sqmy_world" not in inspect.signature(step_func).parameters:
        return
    world: World = request.getfixturevalue("sqmy_world")
    world.feature_dir = Path(feature.filename).parent
    _check_refusal(world, step_func)
    world.current_step = f"{where}“{step.keyword} {step.name}”"


def _check_refusal(world: World, step_func: Any) -> None:
    if world.refusal is None or getattr(step_func, "sqmy_consumes_refusal", False):
        return
    refusal, world.refusal = world.refusal, None
    raise SpecFailure(
        f"{world.refusal_step} 的操作被拒绝：{refusal.render()}\n"
        '如果这正是要验证的，请紧接着写：那么 操作被拒绝，提示包含 "……"'
    )


def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    world = request.node.stash.get(_WORLD_KEY, None)
    if (
        world is not None
        and world.refusal is not None
        and not any(s.failed for s in scenario.steps)
    ):
        request.node.stash[_WHERE_KEY] = Where(
            feature.filename,
            scenario.line_number,
            f"{_rel(request.config, feature.filename)} 场景“{scenario.name}”的最后一步",
        )
        _check_refusal(world, object())


def pytest_bdd_step_error(
    request: pytest.FixtureRequest,
    feature: Any,
    scenario: Any,
    step: Any,
    step_func: Any,
    step_func_args: Any,
    exception: Exception,
) -> None:
    step.failed = True


# ---------------------------------------------------------------- unknown steps


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Find steps that no step definition matches, before anything runs."""
    fm = session._fixturemanager
    for item in items:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
        if template is None:
            continue
        callspec = getattr(item, "callspec", None)
        example = callspec.params.get("_pytest_bdd_example", {}) if callspec else {}
        scenario = template.render(example)
        findings = [
            lint.unknown_step(
                _rel(config, template.feature.filename), st.line_number, st.keyword, st.name
            )
            for st in scenario.steps
            if not any(True for _ in find_fixturedefs_for_step(st, fm, item))
        ]
        if findings:
            item.stash[_UNKNOWN_KEY] = "这个场景有步骤库中没有的步骤，未运行：\n" + lint.render(
                findings
            )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    message = item.stash.get(_UNKNOWN_KEY, None)
    if message:
        raise SpecError(message)


# ---------------------------------------------------------------- reports


class ChineseRepr:
    """A failure shown as plain Chinese text (no traceback); ``reprcrash`` feeds the summary line."""

    def __init__(self, text: str, path: str, line: int, headline: str) -> None:
        self.text = text
        self.reprcrash = _Crash(path, line, headline)

    def toterminal(self, tw: Any) -> None:
        for line in self.text.splitlines():
            tw.line(line)

    def __str__(self) -> str:
        return self.text


class _Crash:
    def __init__(self, path: str, lineno: int, message: str) -> None:
        self.path, self.lineno, self.message = path, lineno, message


def _chinese(exc: BaseException, where: Where | None) -> ChineseRepr | None:
    if isinstance(exc, SpecFailure):
        title, body = "规格不符", str(exc)
    elif isinstance(exc, SpecError):
        title, body = "规格写法需要修改", str(exc)
    elif isinstance(exc, SqmyError):
        title, body = "出错", exc.render()
    else:
        return None
    shown = where.shown if where else ""
    text = f"【{title}】{shown}\n{body}" if shown else f"【{title}】{body}"
    path, line = (where.path, where.line) if where else ("", 0)
    return ChineseRepr(text, path, line, body.splitlines()[0])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, Any]:
    report = yield
    if call.excinfo is not None and report.failed:
        repr_ = _chinese(call.excinfo.value, item.stash.get(_WHERE_KEY, None))
        if repr_ is not None:
            report.longrepr = repr_
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, Any]:
    """Explain in Chinese why pytest-bdd could not read or parse a feature file."""
    report = yield
    call = getattr(report, "call", None)
    if report.failed and call is not None and call.excinfo is not None:
        text = _collect_error(call.excinfo)
        if text:
            report.longrepr = text
    return report


def _collect_error(excinfo: pytest.ExceptionInfo[BaseException]) -> str | None:
    exc = excinfo.value
    path: str | None = None
    if isinstance(exc, GherkinParseError):
        path = exc.filename
    elif isinstance(exc, UnicodeDecodeError):
        tb: TracebackType | None = excinfo.tb
        while tb is not None:
            candidate = tb.tb_frame.f_locals.get("abs_filename")
            if isinstance(candidate, str) and candidate.endswith(".feature"):
                path = candidate
            tb = tb.tb_next
    if path is None:
        return None
    findings = lint.lint_file(path, steps=False)
    if not findings and isinstance(exc, GherkinParseError):
        findings = [
            lint.Finding(
                path,
                exc.line,
                f"这一行不符合 Gherkin 语法：“{exc.line_content.strip()}”",
                "检查关键字后的冒号和缩进",
            )
        ]
    return "以下 .feature 文件需要修改后才能运行：\n" + lint.render(findings)
