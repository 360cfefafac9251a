"""Tables in a spec: header names in Chinese, checked, with their aliases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqmy_core.bdd.errors import SpecError


def rows(
    datatable: Sequence[Sequence[object]] | None,
    columns: Mapping[str, Sequence[str]],
    *,
    required: Sequence[str] = (),
    one_of: Sequence[str] = (),
    what: str = "表格",
) -> list[dict[str, str]]:
    """The table's rows as ``{column: text}``, keyed by the canonical column names.

    ``columns`` maps each canonical name to the header words that mean it
    (``"姓名": ("姓名", "名字")``).  Unknown headers, missing required columns
    and an empty table are SpecErrors naming the columns that may be used.
    """
    if not datatable:
        raise SpecError(f"{what}是空的：这一步后面要跟一张表格，第一行是列名")
    aliases = {alias: name for name, words in columns.items() for alias in (name, *words)}
    header: list[str] = []
    for cell in datatable[0]:
        text = str(cell).strip().replace("　", "")
        if text not in aliases:
            allowed = "、".join(columns)
            raise SpecError(f"{what}的列“{text}”不认识：可用的列为 {allowed}")
        header.append(aliases[text])
    for name in required:
        if name not in header:
            raise SpecError(f"{what}缺少“{name}”列（第一行是列名）")
    if one_of and not any(name in header for name in one_of):
        raise SpecError(f"{what}至少要有“{'”或“'.join(one_of)}”列")
    out: list[dict[str, str]] = []
    for raw in datatable[1:]:
        row = {name: str(cell).strip() for name, cell in zip(header, raw, strict=False)}
        out.append(row)
    if not out:
        raise SpecError(f"{what}只有列名，没有数据行")
    return out


def blank(text: str | None) -> bool:
    """An empty cell: nothing, ``-``, ``—``, ``无``."""
    return text is None or text.strip() in ("", "-", "—", "－", "无", "（无）")
