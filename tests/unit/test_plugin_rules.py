"""Rule kinds and ruleset validators from plugins, with no plugin installed.

Plugins here are throwaway modules handed to
:func:`~sqmy_core.plugins.ruleset_extensions` through ``available`` (what an
embedder or a test does); the hooks under test are ``sqmy_rule_kinds`` and
``sqmy_validate_ruleset``.  Where the library offers no way to pass plugin
objects (``Workspace`` reopening a stored ruleset, the CLI), the ``sqmy``
entry points are replaced by real ``EntryPoint`` objects that point into this
module.
"""

from __future__ import annotations

import tomllib
import types
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from fractions import Fraction
from functools import partial
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from click.testing import CliRunner

from sqmy_core import plugins
from sqmy_core.cli.main import cli
from sqmy_core.errors import PluginError, Problem, RulesetError
from sqmy_core.model import Event, Person
from sqmy_core.plugins import hookimpl, ruleset_extensions
from sqmy_core.rules import Ruleset, load_ruleset, parse_ruleset, unstructure
from sqmy_core.rules.kinds import RuleContext, RuleKind
from sqmy_core.scoring import Book, assess
from sqmy_core.testing import DatasetBuilder
from sqmy_core.workspace.workspace import Workspace

# -- throwaway kinds and plugins -------------------------------------------------


class Flat:
    """``params = { points = N }``: every event the rule counts is worth N."""

    def __init__(self, name: str = "test.flat") -> None:
        self.name = name

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        if "points" not in params:
            return [Problem("points", "missing")]
        if isinstance(params["points"], bool) or not isinstance(params["points"], int):
            return [Problem("points", "wrong_type", {"expected": "integer", "found": "x"})]
        return [
            Problem("", "unknown_key", {"key": k, "allowed": "points"})
            for k in params
            if k != "points"
        ]

    def value(self, params: Mapping[str, Any], event: Event, context: RuleContext) -> Fraction:
        return Fraction(params["points"])


class Nth:
    """No params: the n-th event of its type on a piece is worth n (looks at the history)."""

    name = "test.nth"

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        return []

    def value(self, params: Mapping[str, Any], event: Event, context: RuleContext) -> Fraction:
        return Fraction(1 + sum(e.type == event.type for e in context.history))


def module(name: str, **functions: Any) -> types.ModuleType:
    """A plugin module holding the given (hookimpl-marked) functions."""
    mod = types.ModuleType(name)
    for attr, function in functions.items():
        setattr(mod, attr, function)
    return mod


def kinds_plugin(
    name: str,
    *kinds: RuleKind,
    validate: Callable[[Ruleset], list[Problem]] | None = None,
) -> types.ModuleType:
    """A plugin implementing ``sqmy_rule_kinds`` (and ``sqmy_validate_ruleset`` if given)."""

    @hookimpl
    def sqmy_rule_kinds() -> list[RuleKind]:
        return list(kinds)

    functions: dict[str, Any] = {"sqmy_rule_kinds": sqmy_rule_kinds}
    if validate is not None:

        @hookimpl
        def sqmy_validate_ruleset(ruleset: Ruleset) -> list[Problem]:
            return validate(ruleset)

        functions["sqmy_validate_ruleset"] = sqmy_validate_ruleset
    return module(name, **functions)


TESTORG = kinds_plugin("testorg", Flat(), Nth())
"""Also reachable as the entry point ``testorg`` (see :func:`installed`)."""

AVAILABLE: dict[str, object] = {
    "testorg": TESTORG,
    "other": kinds_plugin(
        "other",
        Flat("other.flat"),
        validate=lambda rs: [Problem("", "empty")],  # would refuse every ruleset
    ),
    "copycat": kinds_plugin("copycat", Flat("test.flat")),
}
extensions = partial(ruleset_extensions, available=AVAILABLE)

HEAD = """\
format = "sqmy-ruleset/1"
organization = "test-org"
title = "插件规则测试"
plugins = {plugins}

[year]
[scope]
roles = ["member"]

[scoring.split]
mode = "equal"
"""


def ruleset_text(rules: str, plugin_names: str = '["testorg"]') -> str:
    return HEAD.format(plugins=plugin_names) + rules


def parse(rules: str, plugin_names: str = '["testorg"]', **kwargs: Any) -> Ruleset:
    kwargs.setdefault("extensions_for", extensions)
    return parse_ruleset(ruleset_text(rules, plugin_names), "org.toml", **kwargs)


def refused(rules: str, plugin_names: str = '["testorg"]', **kwargs: Any) -> RulesetError:
    with pytest.raises(RulesetError) as caught:
        parse(rules, plugin_names, **kwargs)
    return caught.value


def paths(error: RulesetError) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in error.problems]


FLAT_RULE = """
[[scoring.rules]]
id = "flat"
event = "approved"
kind = "test.flat"
params = { points = 2 }
"""


def test_throwaway_kinds_satisfy_the_protocol() -> None:
    assert isinstance(Flat(), RuleKind) and isinstance(Nth(), RuleKind)


def test_named_plugin_contributes_its_kinds() -> None:
    rs = parse(FLAT_RULE)
    assert rs.plugins == ("testorg",)
    assert sorted(rs.rule_kinds) == ["test.flat", "test.nth"]
    assert rs.scoring.rules[0].kind == "test.flat" and rs.scoring.rules[0].params == {"points": 2}


# -- refusals at load time -------------------------------------------------------


def test_plugin_not_installed_is_named_with_the_installed_ones() -> None:
    err = refused(FLAT_RULE, '["nope"]')
    assert paths(err) == [("plugins[0]", "plugin_not_installed")]
    assert err.source == "org.toml"
    assert err.render("en") == (
        "org.toml: plugins[0]: plugin 'nope' is not installed "
        "(installed sqmy plugins: copycat, other, testorg)"
    )
    err = refused(FLAT_RULE, '["testorg", "nope", "gone"]')
    assert paths(err) == [
        ("plugins[1]", "plugin_not_installed"),
        ("plugins[2]", "plugin_not_installed"),
    ]


def test_not_installed_lists_the_entry_points_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        plugins, "entry_points", lambda group: [EntryPoint("alpha", "alpha_pkg:plugin", "sqmy")]
    )
    with pytest.raises(RulesetError) as caught:
        ruleset_extensions(("nope",))
    assert (
        caught.value.render("zh") == "plugins[0]: 插件 'nope' 未安装（已安装的 sqmy 插件：alpha）"
    )


def test_loading_without_extensions_says_plugins_are_needed(tmp_path: Path) -> None:
    path = tmp_path / "org.toml"
    path.write_text(ruleset_text(FLAT_RULE), encoding="utf-8")
    loads: list[Callable[[], Ruleset]] = [
        lambda: load_ruleset(path),
        lambda: parse_ruleset(ruleset_text(FLAT_RULE)),
    ]
    for load in loads:
        with pytest.raises(RulesetError) as caught:
            load()
        assert paths(caught.value) == [("plugins", "needs_plugins")]
        assert "testorg" in caught.value.render("zh")


def test_unknown_kind_names_its_rule() -> None:
    err = refused(
        FLAT_RULE + '\n[[scoring.rules]]\nid = "x"\nevent = "adopted"\nkind = "test.flatt"\n'
    )
    assert paths(err) == [("scoring.rules[1].kind", "unknown_kind")]
    assert "test.flat, test.nth" in err.render("en") and "'test.flatt'" in err.render("en")


@pytest.mark.parametrize(
    ("extra", "path"),
    [
        ("points = 1", "scoring.rules[0].points"),
        ('by = "body"\nvalues = { cppcc-city = 4 }', "scoring.rules[0].values"),
        ("rank_multiplier = { principal = 1.5 }", "scoring.rules[0].rank_multiplier"),
    ],
)
def test_kind_with_points_or_values_is_refused(extra: str, path: str) -> None:
    err = refused(FLAT_RULE + extra + "\n")
    assert path in [p for p, _ in paths(err)]
    assert all(code == "not_with_kind" for _, code in paths(err))
    assert "scoring.rules[0].kind" in err.render("en")


def test_params_without_kind_is_refused() -> None:
    err = refused(
        '[[scoring.rules]]\nid = "a"\nevent = "approved"\npoints = 1\nparams = { points = 2 }\n'
    )
    assert paths(err) == [("scoring.rules[0].params", "only_with")]
    assert err.render("en") == (
        "org.toml: scoring.rules[0].params: only allowed together with scoring.rules[0].kind"
    )


def test_kind_check_problems_are_placed_under_the_rule_params() -> None:
    err = refused(
        '[[scoring.rules]]\nid = "a"\nevent = "approved"\nkind = "test.flat"\n'
        '[[scoring.rules]]\nid = "b"\nevent = "approved"\nkind = "test.flat"\nparams = { points = 1, pts = 2 }\n'
    )
    assert paths(err) == [
        ("scoring.rules[0].params.points", "missing"),
        ("scoring.rules[1].params", "unknown_key"),
    ]


def test_named_plugin_with_a_misspelt_hook_is_a_plugin_error() -> None:
    @hookimpl
    def sqmy_rule_kind() -> list[RuleKind]:
        return [Flat()]

    available = {**AVAILABLE, "typo": module("typo", sqmy_rule_kind=sqmy_rule_kind)}
    with pytest.raises(PluginError) as caught:
        parse(
            FLAT_RULE,
            '["testorg", "typo"]',
            extensions_for=partial(ruleset_extensions, available=available),
        )
    text = caught.value.render("en")
    assert "'sqmy_rule_kind'" in text and "'typo'" in text and "sqmy_rule_kinds" in text


def test_two_plugins_with_one_kind_name_are_refused() -> None:
    err = refused(FLAT_RULE, '["testorg", "copycat"]')
    assert paths(err) == [("plugins", "duplicate_kind")]
    assert "'test.flat'" in err.render("zh")


def test_only_named_plugins_contribute_kinds_and_checks() -> None:
    # "other" is available (installed) and has a kind and a validator refusing everything
    err = refused(
        '[[scoring.rules]]\nid = "a"\nevent = "approved"\nkind = "other.flat"\nparams = { points = 1 }\n'
    )
    assert paths(err) == [("scoring.rules[0].kind", "unknown_kind")]
    assert "other.flat" not in str(err.problems[0].params["allowed"])
    assert parse(FLAT_RULE).plugins == ("testorg",)  # its validator did not run
    assert paths(refused(FLAT_RULE, '["testorg", "other"]')) == [("", "empty")]


def test_validators_see_the_checked_ruleset_and_run_after_the_built_in_checks() -> None:
    seen: list[Ruleset] = []

    def validate(rs: Ruleset) -> list[Problem]:
        seen.append(rs)
        return [
            Problem(
                f"scoring.rules[{i}].params.points",
                "out_of_range",
                {"low": 0, "high": 1, "found": "2"},
            )
            for i, r in enumerate(rs.scoring.rules)
            if r.params and r.params.get("points", 0) > 1
        ]

    available = {"strict": kinds_plugin("strict", Flat(), validate=validate)}
    strict = partial(ruleset_extensions, available=available)
    err = refused(FLAT_RULE, '["strict"]', extensions_for=strict)
    assert (
        err.render("zh") == "org.toml: scoring.rules[0].params.points: 应在 0 到 1 之间，实际为 2"
    )
    assert len(seen) == 1 and sorted(seen[0].rule_kinds) == ["test.flat"]
    # a ruleset failing a built-in check is not shown to the validators
    bad_event = '[[scoring.rules]]\nid = "b"\nevent = "adoptd"\npoints = 1\n'
    err = refused(FLAT_RULE + bad_event, '["strict"]', extensions_for=strict)
    assert paths(err) == [("scoring.rules[1].event", "unknown_value")]
    assert len(seen) == 1


def test_cap_and_when_of_a_kind_rule_are_checked_like_any_rule() -> None:
    err = refused(FLAT_RULE + 'cap = -1\nwhen = { bodies = ["bogus"], call_kinds = ["nope"] }\n')
    assert sorted(paths(err)) == [
        ("scoring.rules[0].cap", "not_positive"),
        ("scoring.rules[0].when.bodies", "not_for_event"),
        ("scoring.rules[0].when.bodies[0]", "unknown_value"),
        ("scoring.rules[0].when.call_kinds[0]", "unknown_value"),
    ]


# -- values: combine, cap and when apply to a kind's values ------------------------

HAND_WORKED = """
[[scoring.rules]]
id = "sum_cap"
event = "adopted"
kind = "test.flat"
params = { points = 3 }
combine = "sum"
cap = 7

[[scoring.rules]]
id = "nth_highest"
event = "adopted"
kind = "test.nth"
combine = "highest"

[[scoring.rules]]
id = "once"
event = "adopted"
kind = "test.flat"
params = { points = 5 }
combine = "once"

[[scoring.rules]]
id = "commission"
event = "approved"
kind = "test.flat"
params = { points = 2 }
when = { call_kinds = ["commission"] }

[[scoring.rules]]
id = "high_levels"
event = "adopted"
kind = "test.flat"
params = { points = 1 }
when = { levels = ["province", "national"] }
"""


def hand_worked_dataset() -> Any:
    """Piece A (约稿): approved, adopted 县 / 市 / 省; piece B (征集): approved, adopted 市, then 全国 in 2025."""
    return (
        DatasetBuilder()
        .person("p1", "member")
        .call("c-com", "commission")
        .call("c-call", "call")
        .piece("A", "p1", submitted="2024-01-10", call="c-com")
        .event("A", "approved", "2024-01-15")
        .event("A", "adopted", "2024-02-01", body="cppcc-county")
        .event("A", "adopted", "2024-03-01", body="cppcc-city")
        .event("A", "adopted", "2024-04-01", body="cppcc-province")
        .piece("B", "p1", submitted="2024-05-01", call="c-call")
        .event("B", "approved", "2024-05-05")
        .event("B", "adopted", "2024-06-01", body="cppcc-city")
        .event("B", "adopted", "2025-01-10", body="cppcc-national")
        .build()
    )


def test_combine_cap_and_when_apply_to_kind_values() -> None:
    rs = parse(HAND_WORKED)
    book = Book(rs, hand_worked_dataset())
    totals: dict[tuple[str, str, int], Fraction] = {}
    for line in book.ledger:
        key = (line.piece, line.rule, line.year)
        totals[key] = totals.get(key, Fraction(0)) + line.delta
    assert totals == {
        # sum of 3 per adoption, capped at 7 per piece: A 3 + 3 + 1; B 3 in 2024, 3 in 2025
        ("A", "sum_cap", 2024): 7,
        ("B", "sum_cap", 2024): 3,
        ("B", "sum_cap", 2025): 3,
        # the n-th adoption is worth n (history); highest: A 1 -> 2 -> 3; B 1, then 2 in 2025 (+1)
        ("A", "nth_highest", 2024): 3,
        ("B", "nth_highest", 2024): 1,
        ("B", "nth_highest", 2025): 1,
        # once: the first adoption only
        ("A", "once", 2024): 5,
        ("B", "once", 2024): 5,
        # when.call_kinds: only A answers a commission
        ("A", "commission", 2024): 2,
        # when.levels: 省政协 (A) and 全国政协 (B, 2025)
        ("A", "high_levels", 2024): 1,
        ("B", "high_levels", 2025): 1,
    }
    capped = [ln.delta for ln in book.ledger if ln.piece == "A" and ln.rule == "sum_cap"]
    assert capped == [Fraction(3), Fraction(3), Fraction(1)]
    # A 7 + 3 + 5 + 2 + 1 = 18, B 3 + 1 + 5 = 9
    assert [p.points for p in assess(rs, hand_worked_dataset(), 2024).people] == [Fraction(27)]
    # B 3 + 1 + 1 = 5
    assert [p.points for p in assess(rs, hand_worked_dataset(), 2025).people] == [Fraction(5)]


# -- round trips: the normalised ruleset, `sqmy ruleset show`, a Workspace reopen ------


def installed(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Make the ``sqmy`` entry points exactly ``names``, each loading ``TESTORG`` from this module."""
    eps = [EntryPoint(n, f"{__name__}:TESTORG", "sqmy") for n in names]
    monkeypatch.setattr(plugins, "entry_points", lambda group: eps if group == "sqmy" else [])


def test_normalised_ruleset_keeps_plugins_kinds_and_params() -> None:
    rs = parse(HAND_WORKED)
    doc = unstructure(rs)
    assert doc["plugins"] == ["testorg"] and "rule_kinds" not in doc
    assert doc["scoring"]["rules"][0]["kind"] == "test.flat"
    assert doc["scoring"]["rules"][0]["params"] == {"points": 3}
    again = parse_ruleset(tomli_w.dumps(doc), "again.toml", extensions_for=extensions)
    assert again == rs and sorted(again.rule_kinds) == ["test.flat", "test.nth"]


def test_entry_point_stand_ins_load_this_module(monkeypatch: pytest.MonkeyPatch) -> None:
    installed(monkeypatch, "testorg")
    assert sorted(ruleset_extensions(("testorg",)).kinds) == ["test.flat", "test.nth"]


def test_ruleset_show_round_trips_a_ruleset_with_plugins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    installed(monkeypatch, "testorg")
    path = tmp_path / "org.toml"
    path.write_text(ruleset_text(HAND_WORKED), encoding="utf-8")
    result = CliRunner().invoke(cli, ["ruleset", "show", str(path)])
    assert result.exit_code == 0, result.stderr
    doc = tomllib.loads(result.stdout)
    assert doc["plugins"] == ["testorg"]
    assert parse_ruleset(result.stdout, "shown.toml", extensions_for=extensions) == parse(
        HAND_WORKED
    )


def test_workspace_reopen_keeps_plugins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    installed(monkeypatch, "testorg")
    path = tmp_path / "org.toml"
    path.write_text(ruleset_text(HAND_WORKED), encoding="utf-8")
    db = str(tmp_path / "ws.db")
    with Workspace.open(db, ruleset=path) as ws:
        ws.apply_ruleset(path, actor="admin", at=datetime(2024, 1, 1, tzinfo=UTC))
        ws.register_person(Person("s", "办公室", ["staff"]))  # who imports
        ws.import_dataset(hand_worked_dataset(), actor="s")
        (stored,) = ws.store.ruleset_versions()
    assert tomllib.loads(stored.text)["plugins"] == ["testorg"]
    with Workspace.open(db, organization="test-org") as ws:
        assert ws.ruleset == parse(HAND_WORKED)
        assert sorted(ws.ruleset.rule_kinds) == ["test.flat", "test.nth"]
        assert [p.points for p in ws.assess(2024).people] == [Fraction(27)]


def test_workspace_reopen_refuses_when_the_plugin_is_gone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    installed(monkeypatch, "testorg")
    db = str(tmp_path / "ws.db")
    with Workspace.open(db, ruleset=parse(HAND_WORKED)) as ws:
        ws.apply_ruleset(ws.ruleset, actor="admin", at=datetime(2024, 1, 1, tzinfo=UTC))
    installed(monkeypatch)  # uninstalled: the stored rules must not silently lose their bonuses
    with pytest.raises(RulesetError) as caught:
        Workspace.open(db, organization="test-org")
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("plugins[0]", "plugin_not_installed")
    ]
