"""The list of library steps, for people: ``python -m sqmy_core.bdd.catalog [--markdown]``.

Every step is listed with its sentence form, the keywords it goes with, what
it does and an example.  ``docs/specs.md`` carries the Markdown list between
two marker lines; ``--update docs/specs.md`` rewrites that part, and a test
fails when the file is out of date.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from sqmy_core.bdd import STEP_MODULES
from sqmy_core.bdd.forms import PLACEHOLDERS, QUOTED_NAMES, STEPS, StepInfo

BEGIN = (
    "<!-- 步骤列表：由 python -m sqmy_core.bdd.catalog --update docs/specs.md 生成，请勿手改 -->"
)
END = "<!-- 步骤列表结束 -->"

PLACEHOLDER_HELP = {
    "时间": "日期和时刻（北京时间）：2024年3月1日、2024年3月1日 9:00、2024-03-01 09:00；写在 [ ] 中的可省略（按考核年度依次排列）",
    "年份": "四位年份：2024、２０２４、二〇二四",
    "数": "整数：12、１２、十二",
    "分值": "精确分值：7.2、７．２、七点二、8/3",
    "比率": "百分比或分数：75%、百分之七十五、3/4",
    "名次": "第二名、第 2 名、并列第二名",
    "人员": "人员：编号（p1）、姓名（张三）或 身份+姓名（委员甲，首次出现时自动登记该身份）",
    "对象": '人员，或 单位 "名称"（单位名称不与人名重复时可直接写名称）',
    "作者": "一位或多位作者，用“、”分隔，第一作者在前",
    "操作人": "办理人：同“人员”，如 初审人丙、工作人员丁",
    "收件人": "收到通知或提醒的人：同“人员”，前面可加称谓 作者、被约作者、审核人（核对其确是作者、被约作者、审核人），如 委员 乙、被约作者 甲、审核人 丙",
    "名单": '用“、”分隔的多项，如 甲、乙 或 "X"、"Y"',
    "机构": "采用机构：区政协（含区政协《社情民意》）、市政协、省政协、全国政协、民建市委、民建中央、省委办公厅……",
    "领导": "批示领导：区级领导、市级领导、市级主要领导、省级分管领导、省部级领导、国家级领导",
    "报送方式": "直报、参阅件、转办函、编入刊物",
    "指标": "提交、报送、审定通过、采用、批示、落实反馈、办理、不予上报、退回修改",
    "把关": "五关，或列出已确认的几关：政治关、政策关、事实关、格式关、文字关",
    "属性": '规则集 [attributes.名称] 声明的属性：名称或标签 为 值，多个用“，”分隔，如 采用程度为 "full"，综合采用为 否',
    "加减": "加、减 或 扣",
    "计量单位": "金额的单位（可省略），如 元",
}


def library() -> list[StepInfo]:
    """Every library step (importing the step modules registers them)."""
    for name in STEP_MODULES:
        importlib.import_module(name)
    return list(STEPS)


def _keywords(info: StepInfo) -> str:
    return "那么 / 而且" if info.kind == "then" else "假如 / 当 / 而且"


def markdown() -> str:
    """The step list as Markdown, grouped by theme in declaration order."""
    steps = library()
    lines: list[str] = []
    themes: dict[str, list[StepInfo]] = {}
    for info in steps:
        themes.setdefault(info.theme, []).append(info)
    lines.append(
        f"共 {len(steps)} 个步骤。句中 `<…>` 为要填写的内容，`[…]` 可省略，`(甲|乙)` 任选其一；"
        '空格可有可无，引号可用 "…" 或 “…”。'
    )
    lines.append("")
    lines.append("| 占位 | 写法 |")
    lines.append("|---|---|")
    for name, text in PLACEHOLDER_HELP.items():
        lines.append(f"| `<{name}>` | {text} |")
    quoted = "、".join(f'`"<{n}>"`' for n in QUOTED_NAMES)
    lines.append(f"| 引号中的 | {quoted}：照原样填写的文字 |")
    lines.append("")
    for theme, infos in themes.items():
        lines.append(f"### {theme}")
        lines.append("")
        for info in infos:
            lines.append(f"- **{_keywords(info)}** `{info.form}`")
            if info.doc:
                lines.append(f"  {' '.join(info.doc.split())}")
            lines.append("")
            lines.append("  ```gherkin")
            lines.extend(f"  {ex}" for ex in info.example.splitlines())
            lines.append("  ```")
            lines.append("")
    assert set(PLACEHOLDER_HELP) <= set(PLACEHOLDERS) | {"名单"}
    return "\n".join(lines).rstrip() + "\n"


def text_list() -> str:
    return "\n".join(
        f"{_keywords(i)}  {i.form}\n    例：{i.example.splitlines()[0]}" for i in library()
    )


def update(path: Path) -> bool:
    """Rewrite the generated block of ``path``; True when the file changed."""
    old = path.read_text(encoding="utf-8")
    if BEGIN not in old or END not in old:
        raise SystemExit(f"{path} 中没有步骤列表的标记行：{BEGIN} … {END}")
    head, rest = old.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{BEGIN}\n\n{markdown()}\n{END}{tail}"
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old


def generated_block(text: str) -> str:
    """The generated part of a document (what :func:`update` writes between the markers)."""
    _, rest = text.split(BEGIN, 1)
    block, _ = rest.split(END, 1)
    return block


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sqmy_core.bdd.catalog", description="列出步骤库中的全部步骤。"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="输出 Markdown（docs/specs.md 中的步骤列表）"
    )
    parser.add_argument("--update", metavar="FILE", help="改写该文件中两条标记行之间的步骤列表")
    args = parser.parse_args(argv)
    if args.update:
        changed = update(Path(args.update))
        print(f"{args.update}：{'已更新' if changed else '已是最新'}")
    elif args.markdown:
        sys.stdout.write(markdown())
    else:
        print(text_list())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
