"""Step kinds from plugins (hook ``sqmy_step_kinds``) at every later stage, with no plugin installed.

The plugin is a small class registered on a fresh manager (through
:func:`~sqmy_core.plugins.ruleset_extensions`'s ``available``, as an
embedder or a test does).  One ruleset uses a step at each stage:

* ``piece`` — 多家采用加分: +3 on a piece once two distinct bodies adopted it,
  in the year of the adoption that reached two;
* ``entity`` — 联络组活动加分: 2 per activity of the person in the year, in
  section ``duty``;
* ``quota`` — 因病请假: a person with ``sick_leave = true`` meets every quota;
* ``flag`` — 零报送预警: a person with no points gets ``warned``;
* ``award`` — 一票否决: a ``discipline`` penalty in the year takes the award away.

Worked by hand (approved 1, each adoption 2; a2 is joint, equal split)::

    a1 (p1)     2024-02-05 approved 1; 03-01 县政协 2; 2025-01-10 市政协 2 and 2 bodies +3
    a2 (p1, p2) 03-05 approved 1; 04-01 市政协 2; 04-10 党派市委 2 and 2 bodies +3  = 8, 4 each
    p1 2024: 1 + 2 + 4 + activities 2 x 2 = 11, quota met, 先进个人 (>= 3)
    p2 2024: 4, quota met, 先进个人 taken away (discipline penalty 06-01)
    p3 2024: 0, on sick leave: quota met by the step; flagged warned; no award (0 < 3)
    p1 2025: 2 + 3 = 5, quota missed (no approval in 2025)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from functools import partial
from typing import Any

import pytest

from sqmy_core import EntityView, PieceView, StepDelta, StepKind, VerdictView
from sqmy_core.errors import PluginError, Problem, RulesetError
from sqmy_core.model import Event
from sqmy_core.plugins import get_plugin_manager, hookimpl, ruleset_extensions
from sqmy_core.rules import Ruleset, parse_ruleset
from sqmy_core.rules.kinds import RuleContext
from sqmy_core.scoring import Book, assess
from sqmy_core.scoring.explain import explain
from sqmy_core.scoring.ledger import LedgerBuilder
from sqmy_core.scoring.steps import StepNote, verdict_notes
from sqmy_core.testing import DatasetBuilder

# -- the step kinds ----------------------------------------------------------------


def _int(params: Mapping[str, Any], key: str, low: int = 1) -> list[Problem]:
    value = params.get(key)
    if value is None:
        return [Problem(key, "missing")]
    if isinstance(value, bool) or not isinstance(value, int):
        return [Problem(key, "wrong_type", {"expected": "integer", "found": repr(value)})]
    if value < low:
        return [Problem(key, "out_of_range", {"low": low, "high": "∞", "found": str(value)})]
    return []


def _str(params: Mapping[str, Any], key: str) -> list[Problem]:
    if not isinstance(params.get(key), str):
        return [Problem(key, "missing")]
    return []


class WidelyAdopted:
    """piece: ``points`` once ``bodies`` distinct bodies adopted the piece (at that adoption)."""

    name = "t.widely_adopted"
    stage = "piece"

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        return _int(params, "bodies", 2) + _int(params, "points")

    def apply(self, params: Mapping[str, Any], view: PieceView) -> list[StepDelta]:
        bodies: set[str | None] = set()
        for i, ev in enumerate(view.events):
            if ev.type == "adopted":
                bodies.add(ev.body)
                if len(bodies) == params["bodies"]:
                    note = f"{len(bodies)} 家采用"
                    return [StepDelta(Fraction(params["points"]), note, event=i)]
        return []


class ActivityBonus:
    """entity: ``per`` points for each activity of the person in the year."""

    name = "t.activity_bonus"
    stage = "entity"

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        return _int(params, "per")

    def apply(self, params: Mapping[str, Any], view: EntityView) -> list[StepDelta]:
        n = sum(
            1 for a in view.dataset.activities if a.person == view.id and a.at.year == view.year
        )
        return [StepDelta(Fraction(params["per"] * n), f"{n} 次活动")] if n else []


class Excused:
    """quota: a person whose ``attribute`` is true meets the quota."""

    name = "t.excused"
    stage = "quota"

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        return _str(params, "attribute")

    def apply(self, params: Mapping[str, Any], view: VerdictView) -> bool | None:
        return True if view.record.attributes.get(params["attribute"]) is True else None


class Silent:
    """flag: ``flag`` for an entity with no points."""

    name = "t.silent"
    stage = "flag"

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        return _str(params, "flag")

    def apply(self, params: Mapping[str, Any], view: VerdictView) -> tuple[str, ...]:
        return (params["flag"],) if view.points == 0 else ()


class Veto:
    """award: a ``penalized`` event of ``kind`` against the person in the year takes the award."""

    name = "t.veto"
    stage = "award"

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        return _str(params, "kind")

    def apply(self, params: Mapping[str, Any], view: VerdictView) -> str | None:
        pieces = {p.id: p for p in view.dataset.pieces}
        for ev in view.dataset.events:
            hit = ev.type == "penalized" and ev.kind == params["kind"] and ev.at.year == view.year
            if hit and view.id in (ev.persons or pieces[ev.piece].authors):
                return ""
        return None


class First:
    """award: ``label`` for rank 1 (whatever the tiers said)."""

    name = "t.first"
    stage = "award"

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        return _str(params, "label")

    def apply(self, params: Mapping[str, Any], view: VerdictView) -> str | None:
        return params["label"] if view.rank == 1 else None


class Returns:
    """Any stage: returns ``params.result`` as it is (for the refusals of bad results)."""

    def __init__(self, stage: str, result: object) -> None:
        self.name, self.stage, self.result = f"t.returns_{stage}", stage, result

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        return []

    def apply(self, params: Mapping[str, Any], view: object) -> object:
        return self.result


class Flat:
    """A rule kind (event stage), to show step kinds and rule kinds share no names."""

    name = "t.flat"

    def check(self, params: Mapping[str, Any]) -> list[Problem]:
        return []

    def value(self, params: Mapping[str, Any], event: Event, context: RuleContext) -> Fraction:
        return Fraction(1)


class StepsPlugin:
    """The in-test plugin: its hooks are methods (pluggy takes any object)."""

    def __init__(self, *steps: object, rules: Sequence[object] = ()) -> None:
        self.steps = list(steps) or [
            WidelyAdopted(), ActivityBonus(), Excused(), Silent(), Veto(), First()
        ]  # fmt: skip
        self.rules = list(rules)

    @hookimpl
    def sqmy_step_kinds(self) -> list[object]:
        return self.steps

    @hookimpl
    def sqmy_rule_kinds(self) -> list[object]:
        return self.rules


AVAILABLE: dict[str, object] = {
    "steps": StepsPlugin(),
    "copycat": StepsPlugin(WidelyAdopted()),
    "mixed": StepsPlugin(Returns("piece", None), rules=[Flat()]),
    "clash": StepsPlugin(Returns("piece", None), rules=[Returns("piece", None)]),
}

HEAD = """\
format = "sqmy-ruleset/2"
organization = "t"
title = "插件步骤测试"
plugins = {plugins}

[scope]
roles = ["member"]

[scoring.split]
mode = "equal"

[[sections]]
id = "sqmy"
label = "社情民意"

[[sections]]
id = "duty"
label = "履职"

[[scoring.rules]]
id = "approved"
event = "approved"
points = 1

[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 2
combine = "sum"

[[quotas]]
id = "yearly"
label = "每年至少 1 篇审定通过"
entity = "person"
roles = ["member"]
metric = "approved"
min = 1

[[awards]]
id = "adv"
entity = "person"
require_quotas_met = true
tiers = [{{ label = "先进个人", min_points = 3 }}]
"""

STEPS = """
[[steps]]
id = "widely"
kind = "t.widely_adopted"
stage = "piece"
params = { bodies = 2, points = 3 }
label = "多家采用加分"
clause = "第五条"

[[steps]]
id = "liaison"
kind = "t.activity_bonus"
stage = "entity"
params = { per = 2 }
section = "duty"
label = "联络组活动加分"
clause = "第六条"

[[steps]]
id = "excused"
kind = "t.excused"
stage = "quota"
params = { attribute = "sick_leave" }
label = "因病请假"

[[steps]]
id = "silent"
kind = "t.silent"
stage = "flag"
params = { flag = "warned" }
label = "零报送预警"

[[steps]]
id = "veto"
kind = "t.veto"
stage = "award"
params = { kind = "discipline" }
label = "一票否决"
"""


def parse(steps: str = STEPS, plugin_names: str = '["steps"]') -> Ruleset:
    text = HEAD.format(plugins=plugin_names) + steps
    return parse_ruleset(
        text, "org.toml", extensions_for=partial(ruleset_extensions, available=AVAILABLE)
    )


def refused(steps: str, plugin_names: str = '["steps"]') -> list[tuple[str, str]]:
    with pytest.raises(RulesetError) as caught:
        parse(steps, plugin_names)
    return [(p.path, p.code) for p in caught.value.problems]


def dataset() -> Any:
    b = DatasetBuilder()
    b.person("p1", "member").person("p2", "member")
    b.person("p3", "member", attributes={"sick_leave": True})
    b.piece("a1", "p1", submitted="2024-02-01")
    b.event("a1", "approved", "2024-02-05")
    b.event("a1", "adopted", "2024-03-01", body="cppcc-county")
    b.event("a1", "adopted", "2025-01-10", body="cppcc-city")
    b.piece("a2", "p1", "p2", submitted="2024-03-01")
    b.event("a2", "approved", "2024-03-05")
    b.event("a2", "adopted", "2024-04-01", body="cppcc-city")
    b.event("a2", "adopted", "2024-04-10", body="party-city")
    b.penalize("a2", "2024-06-01", "discipline", persons=("p2",))
    b.activity("act1", "p1", "meeting", "2024-05-01")
    b.activity("act2", "p1", "meeting", "2024-09-01")
    b.activity("act3", "p1", "meeting", "2025-02-01")
    return b.build()


# -- the hook and loading ------------------------------------------------------------


def test_the_kinds_satisfy_the_protocol() -> None:
    assert all(isinstance(k, StepKind) for k in StepsPlugin().steps)


def test_sqmy_step_kinds_is_a_known_hook_of_a_fresh_manager() -> None:
    pm = get_plugin_manager([StepsPlugin()], load_entry_points=False)
    (names,) = [[k.name for k in group] for group in pm.hook.sqmy_step_kinds() if group]
    assert names == [
        "t.widely_adopted", "t.activity_bonus", "t.excused", "t.silent", "t.veto", "t.first"
    ]  # fmt: skip


def test_the_named_plugin_contributes_its_step_kinds() -> None:
    rs = parse()
    assert sorted(rs.step_kinds) == [
        "t.activity_bonus", "t.excused", "t.first", "t.silent", "t.veto", "t.widely_adopted"
    ]  # fmt: skip
    assert [(s.id, s.stage) for s in rs.steps] == [
        ("widely", "piece"), ("liaison", "entity"), ("excused", "quota"), ("silent", "flag"),
        ("veto", "award"),
    ]  # fmt: skip
    assert rs.steps[0].params == {"bodies": 2, "points": 3}


def test_params_are_checked_at_load_time_with_their_key_paths() -> None:
    steps = STEPS.replace("{ bodies = 2, points = 3 }", '{ bodies = 1, points = "3" }')
    steps = steps.replace("{ per = 2 }", "{}")
    assert refused(steps) == [
        ("steps[0].params.bodies", "out_of_range"),
        ("steps[0].params.points", "wrong_type"),
        ("steps[1].params.per", "missing"),
    ]


def test_an_unknown_step_kind_is_refused_with_the_known_ones() -> None:
    with pytest.raises(RulesetError) as caught:
        parse(STEPS.replace('"t.silent"', '"t.silence"'))
    assert [(p.path, p.code) for p in caught.value.problems] == [("steps[3].kind", "unknown_kind")]
    assert "t.silence" in caught.value.render("en") and "t.silent" in caught.value.render("en")


def test_a_step_kind_at_the_wrong_stage_is_refused() -> None:
    text = STEPS.replace('stage = "flag"', 'stage = "award"')
    assert refused(text) == [("steps[3].stage", "step_stage")]


def test_a_ruleset_that_does_not_name_the_plugin_cannot_use_its_step_kinds() -> None:
    assert refused(STEPS, '["mixed"]') == [(f"steps[{i}].kind", "unknown_kind") for i in range(5)]


def test_an_unknown_section_and_an_id_of_a_points_rule_are_refused() -> None:
    text = STEPS.replace('section = "duty"', 'section = "dutty"').replace(
        'id = "widely"', 'id = "adopted"'
    )
    assert refused(text) == [
        ("steps[0].id", "duplicate_id"),
        ("steps[1].section", "unknown_value"),
    ]


@pytest.mark.parametrize("names", ['["steps", "copycat"]', '["clash"]'])
def test_two_kinds_with_one_name_are_refused(names: str) -> None:
    """Two plugins giving one step kind, or a step kind named as a rule kind."""
    assert refused(STEPS, names) == [("plugins", "duplicate_kind")]


# -- effects on points and the explanation ----------------------------------------------


def test_points_of_every_stage_worked_by_hand() -> None:
    a = assess(parse(), dataset(), 2024)
    assert {p.id: p.points for p in a.people} == {
        "p1": Fraction(11), "p2": Fraction(4), "p3": Fraction(0)
    }  # fmt: skip
    p1 = a.person("p1")
    assert p1.sections == {"sqmy": Fraction(7), "duty": Fraction(4)}
    assert p1.quotas_met and p1.award == "先进个人" and p1.flags == ()
    p2 = a.person("p2")
    assert p2.quotas_met and p2.award is None  # 一票否决
    p3 = a.person("p3")
    assert p3.quotas_met and p3.flags == ("warned",) and p3.award is None
    (q,) = p3.quotas
    assert q.met and q.counts == (0,) and q.label == "每年至少 1 篇审定通过（因病请假）"
    nxt = assess(parse(), dataset(), 2025).person("p1")
    assert nxt.points == Fraction(5 + 2) and not nxt.quotas_met  # 2 + 3, activity 2


def test_without_the_steps_the_same_ruleset_gives_the_tables_alone() -> None:
    a = assess(parse(""), dataset(), 2024)
    assert {p.id: p.points for p in a.people} == {"p1": Fraction(11, 2), "p2": Fraction(5, 2), "p3": 0}
    assert a.person("p2").award is None and not a.person("p3").quotas_met  # 2.5 < 3
    assert a.person("p3").flags == ()


def test_the_piece_step_counts_in_the_year_of_the_event_it_names() -> None:
    book = Book(parse(), dataset())
    lines = [(ln.piece, ln.rule, ln.event_type, ln.year, ln.delta) for ln in book.ledger
             if ln.rule == "widely"]  # fmt: skip
    assert lines == [
        ("a1", "widely", "adopted", 2025, Fraction(3)),
        ("a2", "widely", "adopted", 2024, Fraction(3)),
    ]


def test_the_explanation_shows_each_step_with_its_label_and_adds_up() -> None:
    book = Book(parse(), dataset())
    ex = explain(book, 2024, "person", "p1")
    steps = [
        (ln.piece, ln.event_type, ln.rule, ln.label, ln.clause, ln.share, ln.points, ln.section)
        for ln in ex.lines
        if ln.rule in ("widely", "liaison")
    ]
    assert steps == [
        ("a2", "adopted", "widely", "多家采用加分", "第五条", Fraction(1, 2), Fraction(3, 2), "sqmy"),
        ("", "step", "liaison", "联络组活动加分", "第六条", 1, Fraction(4), "duty"),
    ]
    (widely,) = [ln for ln in ex.lines if ln.rule == "widely"]
    assert widely.at is not None and widely.at.date().isoformat() == "2024-04-10"
    for year in (2024, 2025):
        a = assess(book.ruleset, book.dataset, year)
        for r in a.people:
            ex = explain(book, year, "person", r.id, a)
            assert ex.base_points + sum(ln.points for ln in ex.point_lines) == r.points


def test_the_verdict_steps_say_what_they_decided() -> None:
    book = Book(parse(), dataset())
    assert verdict_notes(book, 2024, "person", "p1") == ()
    assert verdict_notes(book, 2024, "person", "p2") == (
        StepNote("veto", "一票否决", "", "award", "", "先进个人", None),
    )
    assert verdict_notes(book, 2024, "person", "p3") == (
        StepNote("excused", "因病请假", "", "quota", "yearly", False, True),
        StepNote("silent", "零报送预警", "", "flag", "warned", None, "warned"),
    )


def test_an_award_step_may_give_an_award_the_tiers_did_not() -> None:
    steps = STEPS + '[[steps]]\nid = "first"\nkind = "t.first"\nstage = "award"\n'
    steps += 'params = { label = "特别奖" }\nlabel = "第一名特别奖"\n'
    rs = parse(steps)
    a = assess(rs, dataset(), 2025)
    assert (a.people[0].id, a.people[0].rank, a.people[0].award) == ("p1", 1, "特别奖")
    assert verdict_notes(Book(rs, dataset()), 2025, "person", "p1") == (
        StepNote("first", "第一名特别奖", "", "award", "", None, "特别奖"),
    )


def test_the_ledger_runs_only_the_piece_steps_and_none_without_them() -> None:
    rs = parse()
    book = Book(rs, dataset())
    assert [s.id for s, _ in LedgerBuilder(rs, book.clock, book.keys).piece_steps] == ["widely"]
    assert LedgerBuilder(parse(""), book.clock, book.keys).piece_steps == []


# -- a plugin that returns what its stage cannot use --------------------------------------


@pytest.mark.parametrize(
    ("stage", "result", "code"),
    [
        ("piece", [StepDelta(Fraction(1), event=9)], "step_bad_event"),
        ("piece", [Fraction(1)], "step_bad_result"),
        ("piece", [StepDelta(0.5)], "step_bad_result"),  # type: ignore[arg-type]
        ("piece", [StepDelta(Fraction(1), section="nope")], "step_bad_result"),
        ("quota", "yes", "step_bad_result"),
        ("flag", "warned", "step_bad_result"),
        ("award", 1, "step_bad_result"),
    ],
)
def test_a_result_the_stage_cannot_use_is_a_plugin_error(
    stage: str, result: object, code: str
) -> None:
    kind = Returns(stage, result)
    available = {"bad": StepsPlugin(kind)}
    text = HEAD.format(plugins='["bad"]')
    text += f'[[steps]]\nid = "bad"\nkind = "{kind.name}"\nstage = "{stage}"\n'
    rs = parse_ruleset(text, "r.toml", extensions_for=partial(ruleset_extensions, available=available))
    with pytest.raises(PluginError) as caught:
        assess(rs, dataset(), 2024)
    assert [(p.path, p.code) for p in caught.value.problems] == [("steps[0]", code)]
    assert kind.name in caught.value.render("zh")



def test_an_entity_step_returning_a_float_or_an_unknown_section_is_the_plugins_fault() -> None:
    """Entity steps are checked like piece steps: a float or an unknown section is refused."""
    from attrs import evolve

    from sqmy_core.rules.load import parse_ruleset as parse
    from sqmy_core.rules.spec_model import StepSpec
    from sqmy_core.scoring.assess import assess as run
    from sqmy_core.testing.builder import DatasetBuilder

    class Bad:
        name = "t.bad"
        stage = "entity"

        def __init__(self, result: object) -> None:
            self.result = result

        def check(self, params: object) -> list[Problem]:
            return []

        def apply(self, params: object, view: EntityView) -> list[object]:
            return [self.result]

    rs = parse(
        'format = "sqmy-ruleset/2"\norganization = "t"\ntitle = "t"\n[scope]\nroles = ["member"]\n'
        '[scoring.split]\nmode = "full"\n'
        '[[scoring.rules]]\nid = "submitted"\nevent = "submitted"\npoints = 1\n',
        "t.toml",
    )
    ds = DatasetBuilder().person("a", "member").piece("x", "a", submitted="2024-03-01").build()
    for result in (StepDelta(1.5), StepDelta(Fraction(1), section="nope")):  # type: ignore[arg-type]
        broken = evolve(
            rs, steps=(StepSpec("bad", "t.bad", "entity"),), step_kinds={"t.bad": Bad(result)}
        )
        with pytest.raises(PluginError) as err:
            run(broken, ds, 2024)
        assert "steps[0]" in err.value.render("en")
