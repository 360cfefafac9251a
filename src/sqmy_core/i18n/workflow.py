"""Messages of the workflow area: refusals of review, routing and recording commands.

A refusal says what was refused and who may do what now, e.g.
``稿件 2024-017 当前在“复审（分管副主席）”，只有角色 reviewer_deputy 可以作出：通过、退回修改、不予上报``.

Lists and nested phrases (``{decisions:zh}``, ``{now:en}``) are
:class:`sqmy_core.workflow.text.Words` / :class:`~sqmy_core.workflow.text.Text`
values: the format spec after the colon is the language they render in, so
one :class:`~sqmy_core.errors.Problem` renders whole in either language.
Every template of this catalog therefore writes ``:zh`` or ``:en`` after
such a parameter.  Plain parameters (``piece``, ``role``, ``actor``,
``stage``, ``stage_id``) are ids or the ruleset's own (Chinese) names.

The word tables below (``wf_decision_*``, ``wf_check_*`` ...) are nouns
looked up by ``Words``; their Chinese names equal those of
:mod:`sqmy_core.model.vocab` (a unit test keeps them equal).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # ---- refusals -------------------------------------------------------
    "wf_state": {
        "zh": "稿件 {piece} 当前{status:zh}，不能{action:zh}。{now:zh}",
        "en": "piece {piece} is {status:en}; '{action:en}' is not possible now. {now:en}",
    },
    "wf_wrong_role": {
        "zh": "稿件 {piece} 当前在“{stage}”，只有角色 {role} 可以作出：{decisions:zh}"
        "（{actor} 不具有此角色）",
        "en": "piece {piece} is at stage '{stage_id}' ({stage}); only role {role} may decide: "
        "{decisions:en} ({actor} does not hold that role)",
    },
    "wf_wrong_role_expert": {
        "zh": "稿件 {piece} 正在专家联合复核（由“{stage}”提请），只有角色 {role} 可以出具复核意见"
        "（{actor} 不具有此角色）",
        "en": "piece {piece} is in expert joint review (sent by stage '{stage_id}' ({stage})); "
        "only role {role} may give the opinion ({actor} does not hold that role)",
    },
    "wf_self_review": {
        "zh": "{actor} 是稿件 {piece} 的作者（含联名），不得审核本人稿件；"
        "“{stage}”须由其他具有角色 {role} 的人员办理",
        "en": "{actor} is an author (or co-author) of piece {piece} and may not review it; "
        "stage '{stage_id}' ({stage}) must be taken by another holder of role {role}",
    },
    "wf_decision_not_allowed": {
        "zh": "“{stage}”不能作出“{decision:zh}”决定；稿件 {piece} 现在只有角色 {role} 可以作出："
        "{decisions:zh}",
        "en": "stage '{stage_id}' ({stage}) cannot decide '{decision:en}'; for piece {piece} "
        "only role {role} may now decide: {decisions:en}",
    },
    "wf_checks_missing": {
        "zh": "稿件 {piece} 在“{stage}”作出“通过”决定前须逐项确认{checks:zh}；尚未确认：{missing:zh}",
        "en": "before passing piece {piece} at stage '{stage_id}' ({stage}) every check must be "
        "confirmed ({checks:en}); not confirmed: {missing:en}",
    },
    "wf_routes_only_on_approval": {
        "zh": "报送方式只能在最后一级审核（“{last}”）作出“通过”决定时确定",
        "en": "routes can only be planned when the last stage ('{last}') passes the piece",
    },
    "wf_no_review": {
        "zh": "本规则集（{organization}）没有审核环节：稿件提交即受理，可由角色 staff 直接报送",
        "en": "this ruleset ({organization}) has no review: a submitted piece is accepted "
        "and role staff may dispatch it directly",
    },
    "wf_withdraw_after_decision": {
        "zh": "稿件 {piece} 已有审核决定，不能撤回。{now:zh}",
        "en": "piece {piece} already has a review decision and cannot be withdrawn. {now:en}",
    },
    "wf_not_author": {
        "zh": "只有稿件 {piece} 的作者（{authors:zh}）可以{action:zh}（{actor} 不是作者）",
        "en": "only the authors of piece {piece} ({authors:en}) may {action:en} "
        "({actor} is not an author)",
    },
    "wf_no_penalty_kinds": {
        "zh": "本规则集（{organization}）没有声明处罚类别（[vocabulary] penalty_kinds），不能登记处罚",
        "en": "this ruleset ({organization}) declares no penalty kinds "
        "([vocabulary] penalty_kinds): no penalty can be recorded",
    },
    "wf_not_staff": {
        "zh": "稿件 {piece} 只能由角色 staff（机关干部）{action:zh}（{actor} 不具有此角色）",
        "en": "on piece {piece}, only role staff may {action:en} ({actor} does not hold that role)",
    },
    "wf_out_of_office": {
        "zh": "{actor} 此时不在任（任期 {since} 至 {until}），不能对稿件 {piece} {action:zh}",
        "en": "{actor} is not in office then (term {since} to {until}) and may not "
        "{action:en} on piece {piece}",
    },
    "wf_submit_not_author": {
        "zh": "只有作者本人或角色 staff（机关干部）可以提交稿件 {piece}（{actor} 既不是作者，"
        "也不具有角色 staff）",
        "en": "only an author or role staff may submit piece {piece} ({actor} is neither)",
    },
    "wf_before_submission": {
        "zh": "时间 {at} 早于稿件 {piece} 的提交时间 {submitted_at}",
        "en": "time {at} is before piece {piece} was submitted ({submitted_at})",
    },
    "wf_before_last_event": {
        "zh": "时间 {at} 早于稿件 {piece} 的上一条记录的时间 {last}（记录须按时间先后办理）",
        "en": "time {at} is before the last record of piece {piece} ({last}); records are "
        "kept in time order",
    },
    "wf_other_piece": {
        "zh": "该事件属于稿件 {found}，不属于稿件 {piece}",
        "en": "this event belongs to piece {found}, not to piece {piece}",
    },
    # ---- what the piece is (status phrases) -----------------------------
    "wf_status_in_review": {
        "zh": "在“{stage}”审核中",
        "en": "in review at stage '{stage_id}' ({stage})",
    },
    "wf_status_expert_review": {
        "zh": "在专家联合复核中（由“{stage}”提请）",
        "en": "in expert joint review (sent by stage '{stage_id}' ({stage}))",
    },
    "wf_status_returned": {
        "zh": "已由“{stage}”退回修改",
        "en": "returned for revision by stage '{stage_id}' ({stage})",
    },
    "wf_status_rejected": {"zh": "已不予上报", "en": "rejected"},
    "wf_status_approved": {"zh": "已审定通过", "en": "approved"},
    "wf_status_accepted": {"zh": "已受理（无审核环节）", "en": "accepted (no review)"},
    "wf_status_withdrawn": {"zh": "已撤回", "en": "withdrawn"},
    # ---- who may do what now --------------------------------------------
    "wf_now_review": {
        "zh": "现在只有角色 {role} 可以作出：{decisions:zh}",
        "en": "Now only role {role} may decide: {decisions:en}",
    },
    "wf_now_review_undecided": {
        "zh": "现在只有角色 {role} 可以作出：{decisions:zh}；作者也可以撤回稿件",
        "en": "Now only role {role} may decide: {decisions:en}; the authors may also withdraw it",
    },
    "wf_now_expert": {
        "zh": "现在只有角色 {role} 可以出具专家联合复核意见",
        "en": "Now only role {role} may give the expert joint review's opinion",
    },
    "wf_now_returned": {
        "zh": "现在只有作者（{authors:zh}）可以修改后重新提交",
        "en": "Now only the authors ({authors:en}) may revise and resubmit it",
    },
    "wf_now_closed": {"zh": "流程已结束，不能再办理", "en": "Its workflow has ended"},
    "wf_now_staff": {
        "zh": "现在角色 staff（机关干部）可以：{actions:zh}",
        "en": "Now role staff may: {actions:en}",
    },
    "wf_now_staff_or_withdraw": {
        "zh": "现在角色 staff（机关干部）可以：{actions:zh}；作者也可以撤回稿件",
        "en": "Now role staff may: {actions:en}; the authors may also withdraw it",
    },
}

NOUNS: dict[str, dict[str, str]] = {
    "wf_decision_pass": {"zh": "通过", "en": "pass"},
    "wf_decision_return": {"zh": "退回修改", "en": "return for revision"},
    "wf_decision_reject": {"zh": "不予上报", "en": "reject"},
    "wf_decision_escalate": {"zh": "提请专家联合复核", "en": "send to expert joint review"},
    "wf_check_political": {"zh": "政治关", "en": "political"},
    "wf_check_policy": {"zh": "政策关", "en": "policy"},
    "wf_check_factual": {"zh": "事实关", "en": "factual"},
    "wf_check_format": {"zh": "格式关", "en": "format"},
    "wf_check_wording": {"zh": "文字关", "en": "wording"},
    "wf_action_review.pass": {"zh": "审核通过", "en": "pass"},
    "wf_action_review.return": {"zh": "退回修改", "en": "return for revision"},
    "wf_action_review.reject": {"zh": "不予上报", "en": "reject"},
    "wf_action_review.escalate": {"zh": "提请专家联合复核", "en": "send to expert joint review"},
    "wf_action_expert_opinion": {"zh": "出具专家联合复核意见", "en": "give the expert opinion"},
    "wf_action_resubmit": {"zh": "修改后重新提交", "en": "resubmit"},
    "wf_action_withdraw": {"zh": "撤回", "en": "withdraw"},
    "wf_action_dispatch": {"zh": "报送", "en": "dispatch"},
    "wf_action_record_adoption": {"zh": "登记采用", "en": "record an adoption"},
    "wf_action_record_instruction": {"zh": "登记批示", "en": "record an instruction"},
    "wf_action_record_handling": {"zh": "登记办理结果", "en": "record the handling"},
    "wf_action_record_penalty": {"zh": "登记处罚", "en": "record a penalty"},
}
