"""The what-if diff: two assessments of one year compared entity by entity.

The draft changes the district policy three ways at once (市政协采用 4 -> 6 分,
先进个人 20 -> 15 分, 谈话引导 after one year's miss instead of two), so ranks,
awards and flags all move on a synthetic district.  Every expectation is
computed here independently, field by field from the two assessments; the
diff must list exactly the entities that differ, with the right numbers.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from sqmy_core.errors import SqmyError
from sqmy_core.interchange import parse_dataset
from sqmy_core.model import Dataset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess
from sqmy_core.scoring.compare import EntityChange, compare, period_verdicts
from sqmy_core.scoring.result import Assessment, EntityResult
from sqmy_core.tools.synth import generate

RULESET = Path(__file__).resolve().parents[2] / "rulesets" / "district.toml"
TEXT = RULESET.read_text(encoding="utf-8")

CHANGES = (
    ("cppcc-city = 4", "cppcc-city = 6"),
    ('{ label = "先进个人", min_points = 20 }', '{ label = "先进个人", min_points = 15 }'),
    ("consecutive_years = 2", "consecutive_years = 1"),
)


def ruleset_with(*changes: tuple[str, str]) -> Ruleset:
    text = TEXT
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return parse_ruleset(text, "draft.toml")


BASELINE = ruleset_with()
DRAFT = ruleset_with(*CHANGES)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    doc = generate("district", seed=7, year=2024, people=120, pieces=400)
    return parse_dataset(
        doc, extra_roles=BASELINE.reviewer_roles, declarations=declarations_of(BASELINE)
    )


def _verdicts(r: EntityResult) -> dict[str, tuple[bool, tuple[bool | None, ...]]]:
    return {q.quota: (q.met, period_verdicts(q)) for q in r.quotas}


def _differs(a: EntityResult, b: EntityResult) -> bool:
    return (
        a.points != b.points
        or a.rank != b.rank
        or a.group != b.group
        or _verdicts(a) != _verdicts(b)
        or set(a.flags) != set(b.flags)
        or a.award != b.award
        or a.grade != b.grade
        or a.sections != b.sections
    )


def _check_against(old: Assessment, new: Assessment) -> None:
    """The diff equals what comparing the two assessments field by field gives."""
    c = compare(old, new)
    for kind, changes in (("people", c.people), ("units", c.units)):
        before = {r.id: r for r in getattr(old, kind)}
        after = {r.id: r for r in getattr(new, kind)}
        expected = {
            i for i in before.keys() | after.keys()
            if i not in before or i not in after or _differs(before[i], after[i])
        }  # fmt: skip
        assert {ch.id for ch in changes} == expected
        for ch in changes:
            a, b = before.get(ch.id), after.get(ch.id)
            assert ch.points_before == (a.points if a else None)
            assert ch.points_after == (b.points if b else None)
            assert ch.delta == (b.points if b else 0) - (a.points if a else 0)
            assert ch.rank_before == (a.rank if a else None)
            assert ch.rank_after == (b.rank if b else None)
            assert set(ch.flags_added) == set(b.flags if b else ()) - set(a.flags if a else ())
            assert set(ch.flags_removed) == set(a.flags if a else ()) - set(b.flags if b else ())
            assert (ch.award_before, ch.award_after) == (
                a.award if a else None,
                b.award if b else None,
            )
            va, vb = (_verdicts(a) if a else {}), (_verdicts(b) if b else {})
            assert {q.quota for q in ch.quotas} == {
                k for k in va.keys() | vb.keys() if va.get(k) != vb.get(k)
            }
        # largest movement first, then the id
        keys = [(-abs(ch.delta), -abs(ch.rank_move or 0), ch.id) for ch in changes]
        assert keys == sorted(keys)


def test_a_revised_points_table_moves_ranks_awards_and_flags(dataset: Dataset) -> None:
    old, new = assess(BASELINE, dataset, 2024), assess(DRAFT, dataset, 2024)
    _check_against(old, new)
    c = compare(old, new)
    t = c.people_totals
    # the change really moves everything the issue names
    assert t.rank_up > 0 and t.rank_down > 0 and t.points_up > 0
    awards = {m.label: m for m in t.awards}
    held_old = Counter(p.award for p in old.people if p.award)
    held_new = Counter(p.award for p in new.people if p.award)
    adv = awards["先进个人"]
    assert (adv.before, adv.after) == (held_old["先进个人"], held_new["先进个人"])
    assert adv.gained > 0 and adv.gained - adv.lost == adv.after - adv.before
    flags = {f.flag: f for f in t.flags}
    talk_old = sum(1 for p in old.people if "talk" in p.flags)
    talk_new = sum(1 for p in new.people if "talk" in p.flags)
    assert talk_new > talk_old
    assert (flags["talk"].before, flags["talk"].after) == (talk_old, talk_new)
    assert flags["talk"].added - flags["talk"].removed == talk_new - talk_old
    # counted over the listed changes, independently
    moved = [ch for ch in c.people if ch.rank_move]
    assert t.rank_up == sum(1 for ch in moved if ch.rank_move and ch.rank_move > 0)
    assert t.rank_down == len(moved) - t.rank_up
    assert t.changed == len(c.people) and c.unit_totals.changed == len(c.units)
    assert t.assessed_before == len(old.people) and t.entered == t.left == 0
    # points stay exact: a 60 % share of two more points is 6/5, not 1.2000000001
    assert any(ch.delta == Fraction(6, 5) for ch in c.people)


def test_identical_rulesets_change_nothing(dataset: Dataset) -> None:
    old = assess(BASELINE, dataset, 2024)
    c = compare(old, assess(ruleset_with(('label = "审定通过"', 'label = "审定"')), dataset, 2024))
    assert c.people == () and c.units == ()
    assert c.people_totals.changed == 0
    assert all(f.added == f.removed == 0 for f in c.people_totals.flags)


def test_awards_and_flags_declared_on_one_side_only(dataset: Dataset) -> None:
    """A renamed award is lost under its old label and gained under the new; a flag the draft
    no longer declares is removed from everyone who held it."""
    draft = ruleset_with(
        ('{ label = "先进个人", min_points = 20 }', '{ label = "优秀信息员", min_points = 20 }'),
    )
    text_without_flag = (
        TEXT.split("[[flags]]")[0] + "[rankings.people]" + TEXT.split("[rankings.people]")[1]
    )
    no_flag = parse_ruleset(text_without_flag, "draft.toml")
    old = assess(BASELINE, dataset, 2024)
    renamed = compare(old, assess(draft, dataset, 2024))
    moves = {m.label: m for m in renamed.people_totals.awards}
    holders = sum(1 for p in old.people if p.award == "先进个人")
    assert holders > 0
    assert (moves["先进个人"].before, moves["先进个人"].after, moves["先进个人"].lost) == (
        holders, 0, holders,
    )  # fmt: skip
    assert (moves["优秀信息员"].before, moves["优秀信息员"].gained) == (0, holders)
    assert all(ch.award_change == "changed" for ch in renamed.people)
    gone = compare(old, assess(no_flag, dataset, 2024))
    flagged = {p.id for p in old.people if "talk" in p.flags}
    assert flagged and {ch.id for ch in gone.people} == flagged
    assert all(ch.flags_removed == ("talk",) for ch in gone.people)
    assert [(f.flag, f.before, f.after, f.removed) for f in gone.people_totals.flags] == [
        ("talk", len(flagged), 0, len(flagged))
    ]


def test_a_narrower_scope_lists_who_leaves(dataset: Dataset) -> None:
    draft = ruleset_with(('roles = ["member", "special_officer"]', 'roles = ["member"]'))
    old, new = assess(BASELINE, dataset, 2024), assess(draft, dataset, 2024)
    _check_against(old, new)
    c = compare(old, new)
    left = {p.id for p in old.people} - {p.id for p in new.people}
    assert left and c.people_totals.left == len(left)
    for ch in c.people:
        if ch.id in left:
            assert ch.points_after is None and ch.rank_move is None
            assert all(q.after is None for q in ch.quotas)


def test_quota_changes_by_period(dataset: Dataset) -> None:
    """A quota counted by quarter instead of by year: each period's verdict is compared."""
    draft = ruleset_with(
        (
            'label = "委员每年至少 1 篇审定通过"\nentity = "person"\nroles = ["member"]\n'
            'metric = "approved"\nmin = 1',
            'label = "委员每年至少 1 篇审定通过"\nentity = "person"\nroles = ["member"]\n'
            'metric = "approved"\nmin = 1\nperiod = "half"',
        )
    )
    old, new = assess(BASELINE, dataset, 2024), assess(draft, dataset, 2024)
    _check_against(old, new)
    c = compare(old, new)
    quota_changes = [q for ch in c.people for q in ch.quotas if q.quota == "member"]
    assert quota_changes
    assert all(len(q.periods_after) == 2 and len(q.periods_before) == 1 for q in quota_changes)
    moves = {m.quota: m for m in c.people_totals.quotas}
    now_missed = sum(1 for q in quota_changes if q.before is True and q.after is False)
    assert moves["member"].now_missed == now_missed > 0


def test_only_one_organizations_year_is_compared(dataset: Dataset) -> None:
    old = assess(BASELINE, dataset, 2024)
    with pytest.raises(SqmyError) as err:
        compare(old, assess(BASELINE, dataset, 2023))
    assert "2023" in err.value.render() and "2024" in err.value.render()
    other = parse_ruleset(TEXT.replace('organization = "district"', 'organization = "town"'), "x")
    with pytest.raises(SqmyError) as err:
        compare(old, assess(other, dataset, 2024))
    assert "town" in err.value.render() and "district" in err.value.render("en")


def test_rank_move_is_none_across_classes() -> None:
    ch = EntityChange(
        id="p1", name="甲", entity="person", group_before="member", group_after="special_officer",
        points_before=Fraction(1), points_after=Fraction(2), rank_before=3, rank_after=1,
        quotas=(), flags_added=(), flags_removed=(), award_before=None, award_after="先进个人",
        grade_before="优秀", grade_after=None,
    )  # fmt: skip
    assert ch.rank_move is None and ch.delta == 1
    assert (ch.award_change, ch.grade_change) == ("gained", "lost")


def test_sections_and_grades_of_the_duty_example() -> None:
    """履职积分: a lower cap on the 社情民意 section and a higher bar for 优秀 change both."""
    from sqmy_core.reports.compare_rows import entity_table
    from sqmy_core.rules.load import load_ruleset
    from sqmy_core.workspace.files import read_dataset_with

    path = RULESET.parent / "duty.toml"
    text = path.read_text(encoding="utf-8")
    baseline = load_ruleset(path)
    changed = text.replace('label = "社情民意"\ncap = 20', 'label = "社情民意"\ncap = 5', 1)
    changed = changed.replace(
        '{ label = "优秀", min_points = 85 }', '{ label = "优秀", min_points = 101 }'
    )
    assert changed.count("cap = 5") == 1 and "min_points = 101" in changed
    draft = parse_ruleset(changed, "duty-draft.toml")
    ds = read_dataset_with(baseline, RULESET.parent / "examples" / "duty-2024.json")
    old, new = assess(baseline, ds, 2024), assess(draft, ds, 2024)
    _check_against(old, new)
    c = compare(old, new)
    sections = [s for ch in c.people for s in ch.sections]
    assert sections and {s.section for s in sections} == {"sqmy"}
    for ch in c.people:
        for s in ch.sections:
            assert s.before == old.person(ch.id).sections["sqmy"]  # type: ignore[index]
            assert s.after == new.person(ch.id).sections["sqmy"]  # type: ignore[index]
    lost = [ch for ch in c.people if ch.grade_change == "lost" or ch.grade_change == "changed"]
    assert any(ch.grade_before == "优秀" for ch in lost)
    assert {m.label: m.lost for m in c.people_totals.grades}["优秀"] == sum(
        1 for ch in c.people if ch.grade_before == "优秀" and ch.grade_after != "优秀"
    )
    table = entity_table(c.people, "people", baseline, draft, "zh")
    keys = [col.key for col in table.columns]
    assert "sections" in keys and "grade" in keys
