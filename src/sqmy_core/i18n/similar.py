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
    "similar_body_without_title": {
        "zh": "--body 须与 --title 一起使用",
        "en": "--body needs --title",
    },
    "similar.line": {
        "zh": "相似选题：{piece}《{title}》（{state}，相似度 {score}）",
        "en": "Similar topic: {piece} “{title}” ({state}, similarity {score})",
    },
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
        "zh": "提交的稿件与此前 {days} 天内的稿件比对{fields}，相似度不低于 {threshold} 的列给审核人{prefer}",
        "en": "a submitted piece is compared with the pieces of the {days} days before it "
        "({fields}); those scoring at least {threshold} are shown to reviewers{prefer}",
    },
}
