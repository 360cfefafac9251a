"""Messages of an import's workflow check (``workflow/import_check.py``, ``workspace/import_gate.py``).

The refusals of single acts are the commands' own (``workflow``); these say
what only an import can get wrong: who imports, and a record out of the
review chain's order.
"""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "import_not_staff": {
        "zh": "{actor} 不具有角色 staff（机关干部），不能导入数据集：导入是机关干部的操作",
        "en": "{actor} does not hold role staff and may not import a dataset: an import is an "
        "act of the office's staff",
    },
    "import_stage_out_of_order": {
        "zh": "稿件 {piece} 须逐级审核：这条记录是审级 {found} 的决定，而稿件此时在“{stage}”"
        "（{stage_id}）审核",
        "en": "piece {piece} is reviewed level by level: this record is a decision of stage "
        "{found}, but the piece is at “{stage}” ({stage_id}) now",
    },
    "import_screening": {
        "zh": "规则集没有审核流程：稿件 {piece} 的 {type} 记录须由不是其作者的机关干部（staff）"
        "登记，{actor} 不符合",
        "en": "the ruleset has no review step: {type} on piece {piece} is recorded by staff "
        "who are not its authors, which {actor} is not",
    },
}
