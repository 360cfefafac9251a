"""Messages and help of the office commands (``cli/piece_cmd.py``, ``cli/registry_cmd.py``).

An office without an OA records its year with ``sqmy piece``, ``sqmy person``,
``sqmy unit``, ``sqmy penalty`` and ``sqmy adjustment``: what they say when
done, and their ``--help``.
"""

from __future__ import annotations

from typing import Final

_WRITE = {
    "zh": "（写入：须给出 --db 与 --actor；同一命令、同一参数重复执行只生效一次，见 docs/office.md）",
    "en": "(a write: --db and --actor are required; the same command with the same arguments "
    "takes effect once, see docs/office.md)",
}


def _cmd(zh: str, en: str, write: bool = True) -> dict[str, str]:
    if not write:
        return {"zh": zh, "en": en}
    return {"zh": zh + _WRITE["zh"], "en": en + " " + _WRITE["en"]}


MESSAGES: Final[dict[str, dict[str, str]]] = {
    # ---- what a command says when done ---------------------------------------
    "office.piece_done": {
        "zh": "稿件 {piece}（{command}）：{status}，版本 {version}",
        "en": "piece {piece} ({command}): {status}, version {version}",
    },
    "office.cmd.submit": {"zh": "来稿登记", "en": "submitted"},
    "office.cmd.review": {"zh": "审核", "en": "reviewed"},
    "office.cmd.opinion": {"zh": "专家复核意见", "en": "expert opinion"},
    "office.cmd.resubmit": {"zh": "重新提交", "en": "resubmitted"},
    "office.cmd.withdraw": {"zh": "撤回", "en": "withdrawn"},
    "office.cmd.dispatch": {"zh": "报送", "en": "dispatched"},
    "office.cmd.adopt": {"zh": "登记采用", "en": "adoption recorded"},
    "office.cmd.instruct": {"zh": "登记批示", "en": "instruction recorded"},
    "office.cmd.handle": {"zh": "登记办理", "en": "handling recorded"},
    "office.cmd.penalty": {"zh": "登记处罚", "en": "penalty recorded"},
    "office.show_head": {"zh": "稿件 {piece}：{title}", "en": "piece {piece}: {title}"},
    "office.show_status": {
        "zh": "{status}，版本 {version}；作者 {authors}；{submitted} 提交",
        "en": "{status}, version {version}; authors {authors}; submitted {submitted}",
    },
    "office.show_dispatch": {"zh": "报送 {route}（{at}）", "en": "dispatched {route} ({at})"},
    "office.show_adoption": {"zh": "采用 {body}（{at}）", "en": "adopted by {body} ({at})"},
    "office.show_instruction": {
        "zh": "批示 {level} {rank}（{at}）",
        "en": "instructed {level} {rank} ({at})",
    },
    "office.show_handling": {"zh": "办理 {outcome}（{at}）", "en": "handled {outcome} ({at})"},
    "office.history_line": {
        "zh": "{version}. {at} {type}，办理人 {actor}：{details}",
        "en": "{version}. {at} {type} by {actor}: {details}",
    },
    "office.person_added": {
        "zh": "已登记人员 {person}（{name}）",
        "en": "registered person {person} ({name})",
    },
    "office.person_ended": {
        "zh": "已登记人员 {person} 离任：任期到 {until} 为止",
        "en": "person {person} left office: the term ends at {until}",
    },
    "office.unit_added": {
        "zh": "已登记单位 {unit}（{name}）",
        "en": "registered unit {unit} ({name})",
    },
    "office.adjustment_added": {
        "zh": "已登记加减分 {id}：{whom} {points} 分",
        "en": "recorded adjustment {id}: {points} points for {whom}",
    },
    # ---- help: command groups and commands -----------------------------------
    "help.cmd.piece": _cmd(
        "稿件：来稿登记、审核、报送、登记采用、批示、办理；查看稿件与其记录。",
        "Pieces: register, review, dispatch, record adoptions, instructions and handling; "
        "show a piece and its records.",
        write=False,
    ),
    "help.cmd.piece submit": _cmd(
        "来稿登记：登记一篇新稿件（作者按署名顺序，第一作者在前）。",
        "Register a new piece (authors in byline order, the first author first).",
    ),
    "help.cmd.piece review": _cmd(
        "审核：本审级的决定（pass 通过、return 退回修改、reject 不予上报、escalate 提请专家联合复核）。",
        "One review level's decision (pass, return, reject, escalate to the expert joint "
        "review).",
    ),
    "help.cmd.piece opinion": _cmd(
        "专家联合复核意见：稿件回到提请复核的审级。",
        "The expert joint review's opinion: the piece goes back to the level that escalated it.",
    ),
    "help.cmd.piece resubmit": _cmd(
        "退回修改后重新提交（由作者提交）。",
        "Resubmit a returned piece after revision (by an author).",
    ),
    "help.cmd.piece withdraw": _cmd(
        "撤回：作者在审核作出决定之前撤回稿件。",
        "Withdraw a piece (an author, before any review decision).",
    ),
    "help.cmd.piece dispatch": _cmd(
        "报送：按一种方式报送（direct 直报、reference 参阅件、transfer 转办函、bulletin 编入刊物）。",
        "Dispatch a piece by one route (direct, reference, transfer, bulletin).",
    ),
    "help.cmd.piece adopt": _cmd(
        "登记采用：采用的机构（如 cppcc-city 市政协，或规则集声明的刊物）。",
        "Record an adoption by a body (e.g. cppcc-city, or a publication the ruleset declares).",
    ),
    "help.cmd.piece instruct": _cmd(
        "登记批示：批示领导的层级与职级（principal 主要领导、deputy 分管领导，或规则集声明的职级）。",
        "Record a leader's instruction: level and rank (principal, deputy, or a rank the "
        "ruleset declares).",
    ),
    "help.cmd.piece handle": _cmd(
        "登记办理结果（implemented 落实并书面反馈、under_study 列入研究、declined 不予采纳）。",
        "Record how a piece was handled (implemented, under_study, declined).",
    ),
    "help.cmd.piece show": _cmd(
        "查看一篇稿件现在的状态、版本与结果（只读）。",
        "Show where a piece stands: status, version, outcomes (reads only).",
        write=False,
    ),
    "help.cmd.piece history": _cmd(
        "列出一篇稿件的全部记录，按先后（只读）。",
        "List every record of a piece, oldest first (reads only).",
        write=False,
    ),
    "help.cmd.person": _cmd(
        "人员：登记（或更新）人员，登记离任。",
        "People: register (or update) a person, record that one left office.",
        write=False,
    ),
    "help.cmd.person add": _cmd(
        "登记人员（已登记的则更新其记录）：姓名、角色、所属单位、任期。",
        "Register a person (or replace the record of one already registered): name, roles, "
        "units, term.",
    ),
    "help.cmd.person end": _cmd(
        "登记离任：此人的任期到 --now 为止（不含），记录的其余部分不变。",
        "Record that a person left office: the term ends at --now (exclusive); the rest of "
        "the record stays.",
    ),
    "help.cmd.unit": _cmd(
        "单位：登记（或更新）单位。", "Units: register (or update) a unit.", write=False
    ),
    "help.cmd.unit add": _cmd(
        "登记单位（已登记的则更新）：名称、类别（界别 sector、专委会 committee ……）、上级单位。",
        "Register a unit (or update it): name, kind (sector, committee ...), parent unit.",
    ),
    "help.cmd.penalty": _cmd(
        "处罚：登记稿件的处罚（如抄袭）。",
        "Penalties: record a penalty on a piece (plagiarism ...).",
        write=False,
    ),
    "help.cmd.penalty add": _cmd(
        "登记处罚：规则集声明的处罚类别；--person 为有过错的作者（不写即全部作者）。",
        "Record a penalty of a kind the ruleset declares; --person names the authors at "
        "fault (none: all authors).",
    ),
    "help.cmd.adjustment": _cmd(
        "加减分：登记办公室决定的加分或扣分。",
        "Adjustments: record an addition or deduction the office decided.",
        write=False,
    ),
    "help.cmd.adjustment add": _cmd(
        "登记加分（正数）或扣分（负数）：对一人或一个单位，须写明理由与批准人。",
        "Record an addition (positive) or deduction (negative) for one person or one unit, "
        "with its reason and who approved it.",
    ),
    # ---- help: options ----------------------------------------------------------
    "help.opt.actor": {
        "zh": "办理人（人员 id）：谁做的这件事，记入事件与审计记录",
        "en": "who acts (a person id): kept on the event and in the audit record",
    },
    "help.opt.request_id": {
        "zh": "请求编号（可选），记入审计记录",
        "en": "a request id (optional), kept in the audit record",
    },
    "help.opt.idempotency_key": {
        "zh": "幂等键：用过的键不再有第二次效果（报送、采用、批示、办理、处罚不写时由命令及其参数生成）",
        "en": "idempotency key: a used key has no second effect (dispatch, adopt, instruct, "
        "handle and penalty derive one from the command and its arguments when none is given)",
    },
    "help.opt.expected_version": {
        "zh": "您看到的稿件版本（sqmy piece show 显示）；稿件已变则拒绝，什么也不写",
        "en": "the piece version you saw (sqmy piece show); refused, writing nothing, when the "
        "piece has moved on",
    },
    "help.opt.fmt": {
        "zh": "输出格式：table 文字，json 一个 JSON 文档",
        "en": "output format: table (text) or json (one JSON document)",
    },
    "help.opt.note": {"zh": "备注", "en": "a note"},
    "help.opt.title": {"zh": "标题", "en": "title"},
    "help.opt.authors": {
        "zh": "作者（人员 id，可重复或用逗号分隔，按署名顺序）",
        "en": "author (a person id; repeat it or separate with commas, in byline order)",
    },
    "help.opt.unit": {"zh": "单位 id", "en": "a unit id"},
    "help.opt.piece submit.unit": {"zh": "报送单位（单位 id）", "en": "the submitting unit (a unit id)"},
    "help.opt.call": {"zh": "约稿 id", "en": "a call id"},
    "help.opt.topic": {"zh": "主题（自由文本）", "en": "topic (free text)"},
    "help.opt.decision": {
        "zh": "决定：pass、return、reject、escalate",
        "en": "the decision: pass, return, reject, escalate",
    },
    "help.opt.checks": {
        "zh": "确认过的审核关口（如 political、policy、factual、format、wording，可重复）",
        "en": "a check confirmed (political, policy, factual, format, wording; may repeat)",
    },
    "help.opt.routes": {
        "zh": "计划的报送方式（末级通过时，可重复）",
        "en": "a planned route (with the last level's pass; may repeat)",
    },
    "help.opt.opinion": {"zh": "专家联合复核意见", "en": "the expert joint review's opinion"},
    "help.opt.route": {
        "zh": "报送方式：direct 直报、reference 参阅件、transfer 转办函、bulletin 编入刊物",
        "en": "the route: direct, reference, transfer, bulletin",
    },
    "help.opt.to": {"zh": "报送至（自由文本或机构 id）", "en": "dispatched to (free text or a body id)"},
    "help.opt.body": {
        "zh": "采用机构 id（如 cppcc-city、party-central，或规则集声明的刊物）",
        "en": "the adopting body's id (cppcc-city, party-central, or one the ruleset declares)",
    },
    "help.opt.level": {
        "zh": "层级：county、city、province、national",
        "en": "level: county, city, province, national",
    },
    "help.opt.rank": {
        "zh": "领导职级：principal 主要领导、deputy 分管领导，或规则集声明的职级",
        "en": "leader rank: principal, deputy, or one the ruleset declares",
    },
    "help.opt.outcome": {
        "zh": "办理结果：implemented、under_study、declined",
        "en": "the outcome: implemented, under_study, declined",
    },
    "help.opt.department": {"zh": "办理部门", "en": "the handling department"},
    "help.opt.name": {"zh": "名称或姓名", "en": "name"},
    "help.opt.roles": {
        "zh": "角色（member 委员、staff 机关干部 ……，可重复或用逗号分隔）",
        "en": "a role (member, staff ...; repeat it or separate with commas)",
    },
    "help.opt.units": {
        "zh": "所属单位 id（可重复或用逗号分隔）",
        "en": "a unit the person belongs to (repeat it or separate with commas)",
    },
    "help.opt.since": {"zh": "任期开始时间（含）", "en": "when the term began (inclusive)"},
    "help.opt.until": {"zh": "任期结束时间（不含）", "en": "when the term ends (exclusive)"},
    "help.opt.kind": {"zh": "类别", "en": "kind"},
    "help.opt.unit add.kind": {
        "zh": "单位类别：sector 界别、committee 专委会、liaison 镇街工委 ……或规则集声明的类别",
        "en": "unit kind: sector, committee, liaison ... or one the ruleset declares",
    },
    "help.opt.parent": {"zh": "上级单位 id", "en": "the parent unit's id"},
    "help.opt.penalty add.kind": {
        "zh": "处罚类别（规则集声明，如 plagiarism）",
        "en": "the penalty kind (declared by the ruleset, e.g. plagiarism)",
    },
    "help.opt.persons": {
        "zh": "有过错的作者（可重复；不写即全部作者）",
        "en": "an author at fault (may repeat; none: all authors)",
    },
    "help.opt.points": {
        "zh": "分值：正数加分，负数扣分（可写小数，如 -2.5）",
        "en": "points: positive adds, negative deducts (decimals allowed, e.g. -2.5)",
    },
    "help.opt.reason": {"zh": "理由", "en": "the reason"},
    "help.opt.person": {"zh": "人员 id", "en": "a person id"},
    "help.opt.approved_by": {
        "zh": "批准人（人员 id；默认：--actor）",
        "en": "who approved it (a person id; default: --actor)",
    },
    "help.opt.clause": {"zh": "依据的条款", "en": "the clause it rests on"},
    "help.opt.section": {"zh": "计入的分项（规则集定义）", "en": "the section it counts in (the ruleset's)"},
}

_WRITES: Final = (
    *(f"piece {c}" for c in ("submit", "review", "opinion", "resubmit", "withdraw", "dispatch",
                             "adopt", "instruct", "handle")),
    "person add", "unit add", "penalty add", "adjustment add",
)
MESSAGES.update(
    {
        f"help.opt.{path}.now_text": {
            "zh": "办理的时间（ISO 8601，带时区，如 2024-04-02T15:00:00+08:00）；补录往事时请写明",
            "en": "when it was done (ISO 8601 with an offset, e.g. 2024-04-02T15:00:00+08:00); "
            "give it when recording the past",
        }
        for path in _WRITES
    }
)
MESSAGES["help.opt.person end.now_text"] = {
    "zh": "离任时间：任期到此为止（不含；ISO 8601，带时区）",
    "en": "when the person left office: the term ends here (exclusive; ISO 8601 with an offset)",
}
