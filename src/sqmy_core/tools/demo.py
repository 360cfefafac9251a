"""The demo: a synthetic dataset file, or a simulated year through the workflow.

::

    # write a generated sqmy-dataset/1 file
    sqmy demo --seed 2024 --year 2024 --out demo-out/district-dataset.json
    sqmy demo --seed 7 --year 2024 --profile party --out party.json

    # replay a generated year as workflow commands into an SQLite workspace
    sqmy demo --seed 2024 --year 2024 --db demo-out/district.db
    sqmy demo --seed 2024 --year 2024 --db committee.db --profile committee

The document comes from :func:`sqmy_core.tools.synth.generate`.  With ``--out``
it is written as UTF-8 JSON (Chinese kept as is).  With ``--db`` the file
(and its ``-wal`` / ``-shm`` companions) is deleted first, so the demo can be
run again; it must be an SQLite file if it exists.  A workspace is opened on
it with the profile's ruleset (the packaged template, or ``--ruleset``), the
document is replayed by :func:`sqmy_core.tools.replay.replay`, and a summary is
printed in Chinese.  The exit status is 1 when the replay had to skip a
command (it never should), so ``make demo`` stops there.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Final

from attrs import frozen

from sqmy_core.errors import SqmyError
from sqmy_core.model.vocab import DECISION_NAMES, ROUTE_NAMES
from sqmy_core.rules import Ruleset, parse_ruleset
from sqmy_core.scoring.clock import parse_offset
from sqmy_core.tools.replay import ReplayReport, replay
from sqmy_core.tools.synth import PROFILE_NAMES, generate
from sqmy_core.workspace.files import load_ruleset
from sqmy_core.workspace.workspace import Workspace

SQLITE_HEADER: Final = b"SQLite format 3\x00"

RULE_NAMES: Final = {
    "checks_missing": "未逐项确认“五关”即通过",
    "dispatch_before_approval": "审定通过前报送",
    "self_review": "作者审核本人稿件",
    "not_staff": "非机关干部登记报送、采用等",
}
SKIP_NAMES: Final = {
    "no_review": "规则集无审核环节，生成数据中的审核结果不作为命令重放",
    "after_refusal": "此前有命令被拒绝，其后命令未执行",
    "after_skipped": "此前有记录无法重放，其后记录未重放",
    "no_reviewer": "没有可审核的人（均为作者或无人担任）",
    "no_expert": "没有可出具专家意见的人",
    "no_staff": "没有机关干部",
    "not_approved": "审定通过前的报送、采用等记录",
    "out_of_order": "审核结束后的审核记录",
    "stage_out_of_order": "审级顺序倒置",
    "decision_not_allowed": "审级不允许的决定",
    "unknown_stage": "规则集中没有的审级",
    "unknown_event": "未知事件类型",
}
ADAPTED_NAMES: Final = {
    "reviewer_is_author": "生成的审核人是作者，改由同角色的其他人审核",
    "reviewer_lacks_role": "生成的审核人不具有该审级角色，改由具有该角色的人审核",
    "outcome_stage_unknown": "无法判断审核结果出自哪一审级，按当前审级处理",
    "stage_mapped_by_position": "审级编号与规则集不同，按顺序对应",
    "staff_actor_not_staff": "生成的登记人不是机关干部，改由机关干部登记",
    "staff_note_dropped": "报送、采用等记录的备注无法随命令登记",
}


@frozen
class DemoRequest:
    """One demo run as ``sqmy demo`` parsed it: what to generate, and where it goes.

    Exactly one of ``out`` (write the generated document) and ``db`` (replay it
    into a fresh SQLite workspace) is set; ``ruleset`` only with ``db``.  The
    command line checks that; :func:`run` trusts it.
    """

    seed: int
    year: int
    profile: str = "district"
    out: Path | None = None
    db: Path | None = None
    ruleset: Path | None = None
    people: int | None = None
    pieces: int | None = None
    years: int = 2


def packaged_ruleset(profile: str) -> Ruleset:
    """The ruleset shipped with the package for ``profile`` (``sqmy_core/templates``)."""
    source = resources.files("sqmy_core") / "templates" / f"{profile}.toml"
    return parse_ruleset(source.read_text(encoding="utf-8"), f"sqmy_core/templates/{profile}.toml")


def fresh_database(path: Path) -> None:
    """Delete ``path`` and its ``-wal`` / ``-shm`` files; refuse a file that is not SQLite."""
    if path.is_dir():
        raise OSError(f"{path} 是目录，不是 SQLite 文件")
    if path.exists():
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
        if head and head != SQLITE_HEADER:
            raise OSError(f"{path} 不是 SQLite 数据库文件，未删除")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)


def _span(year: int, years: int) -> str:
    first = year - years + 1
    return f"{first}–{year} 年" if first != year else f"{year} 年"


def _when(t: datetime | None) -> str:
    return "—" if t is None else t.strftime("%Y-%m-%d %H:%M")


def _list(counts: Mapping[str, int], names: Mapping[str, str]) -> str:
    return "、".join(f"{names.get(k, k)} {v}" for k, v in counts.items())


def summary(report: ReplayReport, ruleset: Ruleset) -> list[str]:
    """The replay's summary lines, in Chinese."""
    c: Mapping[str, int] = report.commands
    r: Mapping[str, int] = report.reviews
    lines = [
        f"  登记：单位 {c.get('register_unit', 0)} 个，人员 {c.get('register_person', 0)} 人，"
        f"约稿与选题 {c.get('register_call', 0)} 项",
        f"  来稿 {c.get('submit', 0)} 篇（由第一作者提交）",
    ]
    if ruleset.review is None:
        lines.append("  审核：规则集无审核环节，来稿即受理")
    else:
        stages = " → ".join(s.name or s.id for s in ruleset.review.stages)
        lines += [
            f"  审核流程：{stages}",
            f"  审核决定 {c.get('review', 0)} 次：{_list(r, DECISION_NAMES) or '无'}"
            f"（其中数据未逐级记录、按流程补足的通过 {report.synthesized_passes} 次）",
            f"  退回修改 {r.get('return', 0)} 次，修改后重新提交 {c.get('resubmit', 0)} 次；"
            f"不予上报 {r.get('reject', 0)} 篇；专家联合复核意见 {c.get('expert_opinion', 0)} 份",
        ]
    lines += [
        f"  报送 {c.get('dispatch', 0)} 次（超过报送时限 {report.late_dispatches} 次）；"
        f"采用 {c.get('record_adoption', 0)} 次；批示 {c.get('record_instruction', 0)} 次；"
        f"办理结果 {c.get('record_handling', 0)} 次",
        f"  共执行命令 {report.total_commands} 条；"
        f"首条事件 {_when(report.first_event)}，最后一条事件 {_when(report.last_event)}",
    ]
    if report.overdue_peak:
        lines.append(
            f"  逾期未报送最多的时点 {_when(report.overdue_peak_at)}，"
            f"当时逾期队列 {len(report.overdue_peak)} 项："
        )
        for item in report.overdue_peak:
            route = ROUTE_NAMES.get(item.route, item.route) if item.route else "未定报送方式"
            days = item.overdue_by.total_seconds() / 86400
            lines.append(
                f"    · {item.piece} {route}：应于 {_when(item.due)} 前报送，已逾期 {days:.1f} 天"
            )
    for ref in report.refusals:
        lines.append(f"  演示拒绝（{RULE_NAMES.get(ref.rule, ref.rule)}）：{ref.message}")
    if report.adapted:
        lines.append("  调整：" + _list(report.adapted, ADAPTED_NAMES))
    if report.skipped:
        lines.append("  未重放：" + _list(report.skipped, SKIP_NAMES))
        lines += [f"    · {e}" for e in report.examples[:3]]
    return lines


def _write_json(req: DemoRequest, out: Path, doc: dict[str, Any]) -> int:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        print(f"无法写入 {out}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    print(
        f"已写入{PROFILE_NAMES[req.profile]}示例数据（{_span(req.year, req.years)}）到 {out}："
        f"人员 {len(doc['people'])} 人，单位 {len(doc['units'])} 个，"
        f"稿件 {len(doc['pieces'])} 篇，事件 {len(doc['events'])} 条。"
    )
    return 0


def _run_workflow(req: DemoRequest, db: Path, doc: dict[str, Any]) -> int:
    try:
        ruleset = load_ruleset(req.ruleset) if req.ruleset else packaged_ruleset(req.profile)
        fresh_database(db)
    except OSError as exc:
        print(f"无法准备 {db}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    except SqmyError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    try:
        with Workspace.open(str(db), ruleset=ruleset) as ws:
            first = date(req.year - req.years + 1, 1, 1)  # in force for every year replayed
            start = datetime(first.year, 1, 1, tzinfo=parse_offset(ruleset.year.timezone))
            ws.apply_ruleset(ruleset, actor="sqmy-demo", at=start, effective_from=first)
            report = replay(ws, doc, profile=req.profile)
    except SqmyError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    print(
        f"已按《{ruleset.title or ruleset.organization}》把{PROFILE_NAMES[req.profile]} "
        f"{_span(req.year, req.years)}的模拟数据（种子 {req.seed}）逐条命令写入 {db}："
    )
    for line in summary(report, ruleset):
        print(line)
    real_skips = {k: v for k, v in report.skipped.items() if k != "no_review"}
    if real_skips:
        print(f"重放有 {sum(real_skips.values())} 条命令未执行，见上。", file=sys.stderr)
        return 1
    return 0


def run(req: DemoRequest) -> int:
    """Generate the year and write it or replay it; returns the exit status.

    0 when done; 1 when the target cannot be prepared or written, or the
    replay had to skip commands (printed on standard error).  Raises
    :class:`ValueError` when :func:`~sqmy_core.tools.synth.generate` refuses
    the numbers (the command line reports that as a usage error).
    """
    doc = generate(
        req.profile,
        seed=req.seed,
        year=req.year,
        people=req.people,
        pieces=req.pieces,
        years=req.years,
    )
    if req.out is not None:
        return _write_json(req, req.out, doc)
    assert req.db is not None, "the command line sets exactly one of out and db"
    return _run_workflow(req, req.db, doc)
