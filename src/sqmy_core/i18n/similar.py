"""Messages of similar topics (相似选题): the ruleset's ``[similar]``, the matches, ``sqmy similar``."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "similar_threshold_range": {
        "zh": "相似度阈值应大于 0 且不超过 1（1 表示文字完全相同），实际为 {found}",
        "en": "a similarity threshold must be above 0 and at most 1 (1 means the same text), "
        "got {found}",
    },
    "similar_needs_extra": {
        "zh": "相似选题比对需要可选依赖 {module}：请安装 sqmy-core[similar]",
        "en": "matching similar topics needs the optional dependency {module}: install "
        "sqmy-core[similar]",
    },
    "similar_not_configured": {
        "zh": "规则集没有启用相似选题比对（[similar] 未配置或 enabled = false）",
        "en": "the ruleset does not match similar topics ([similar] is absent or enabled = false)",
    },
    "similar_need_query": {
        "zh": "请用 --piece 指定一篇稿件，或用 --title（可加 --body）给出标题，二者只能选一",
        "en": "name one piece with --piece, or give a title with --title (and --body), not both",
    },
    "similar_query_length": {
        "zh": "应为 1 到 {high} 个字符的文本，实际为 {found} 个字符",
        "en": "expected text of 1 to {high} characters, got {found}",
    },
    "similar_body_without_title": {
        "zh": "--body 须与 --title 一起使用",
        "en": "--body needs --title",
    },
    "similar.line": {
        "zh": "相似选题：{piece}《{title}》（{state}，相似度 {score}）",
        "en": "Similar topic: {piece} “{title}” ({state}, similarity {score})",
    },
    "similar.explain_line": {"zh": "{piece} {line}", "en": "{piece}: {line}"},
    "similar.none": {"zh": "未发现相似选题", "en": "No similar topics found"},
    "similar.title": {
        "zh": "相似选题（阈值 {threshold}，回溯 {days} 天）",
        "en": "Similar topics (threshold {threshold}, looking back {days} days)",
    },
    "similar.for_piece": {
        "zh": "{piece}《{title}》的相似选题：",
        "en": "Similar topics of {piece} “{title}”:",
    },
    "similar.status.adopted": {"zh": "已采用", "en": "adopted"},
    "similar.status.in_review": {"zh": "审核中", "en": "in review"},
    "similar.status.expert_review": {"zh": "专家复核中", "en": "in expert review"},
    "similar.status.returned": {"zh": "退回修改", "en": "returned"},
    "similar.status.rejected": {"zh": "不予上报", "en": "rejected"},
    "similar.status.approved": {"zh": "审定通过", "en": "approved"},
    "similar.status.accepted": {"zh": "已登记", "en": "accepted"},
    "similar.status.withdrawn": {"zh": "已撤回", "en": "withdrawn"},
    "similar.col.piece": {"zh": "稿件", "en": "Piece"},
    "similar.col.title": {"zh": "标题", "en": "Title"},
    "similar.col.state": {"zh": "状态", "en": "State"},
    "similar.col.submitted": {"zh": "提交日期", "en": "Submitted"},
    "similar.col.score": {"zh": "相似度", "en": "Similarity"},
    "doc.title.similar": {"zh": "相似选题", "en": "Similar topics"},
    "doc.similar.rule": {
        "zh": "提交的稿件与此前 {days} 天内提交的稿件比对{fields}，相似度不低于 {threshold} 的"
        "（至多 {limit} 篇）记在提交记录上并列给审核人",
        "en": "a submitted piece's {fields} is compared with the pieces submitted in the {days} "
        "days before it; those scoring at least {threshold} (at most {limit}) are recorded on "
        "the submission and shown to reviewers",
    },
    "doc.similar.field.title": {"zh": "标题", "en": "title"},
    "doc.similar.field.body": {"zh": "正文", "en": "body"},
    "doc.similar.states": {"zh": "；只比对{states}的稿件", "en": "; only pieces {states} count"},
    "doc.similar.prefer": {"zh": "；已采用的排在前面", "en": "; adopted ones come first"},
    "doc.similar.end": {"zh": "。", "en": "."},
    "help.cmd.similar": {
        "zh": "查找此前写过的相似选题（尤其是已采用的）：用于某篇稿件（--piece），或拟写的标题"
        "（--title，可加 --body）。只读，不写入任何内容。",
        "en": "Find earlier pieces on the same topic (adopted ones first): for one piece "
        "(--piece) or for a title not yet written (--title, with --body). Read-only.",
    },
    "help.opt.similar.piece_id": {
        "zh": "稿件编号：与它此前回溯期内的稿件比对",
        "en": "piece id: compared with the pieces before it in the look-back window",
    },
    "help.opt.similar.title": {
        "zh": "拟写的标题：与 --now 之前回溯期内的稿件比对",
        "en": "a title to check: compared with the pieces of the window up to --now",
    },
    "help.opt.similar.body": {
        "zh": "拟写稿件的正文（规则集 fields 含 body 时参与比对）",
        "en": "the text of the piece to check (compared when the ruleset's fields include body)",
    },
    "help.opt.similar.fmt": {
        "zh": "输出格式：table（表格）或 json",
        "en": "output format: table or json",
    },
}
