"""``sqmy template xlsx``: the workbook an office fills in, written from the layout and the ruleset.

Each data sheet gets its Chinese header row (bold, frozen), the hidden row
of machine keys under it, and a drop-down list on every column of a closed
vocabulary, offering the words' Chinese names -- the ruleset's declared
bodies, ranks, roles and unit kinds included -- from a hidden sheet
(``词表``), so a long list is no problem for Excel.  A column that takes
several words (roles) warns instead of refusing a value outside the list.
A ``填写说明`` sheet says what every column takes.

openpyxl is imported here only (the ``reports`` extra).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from sqmy_core.intake.layout import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    KEY_ROW,
    KINDS,
    VOCAB_SHEET,
    Column,
    Sheet,
    vocabularies,
)
from sqmy_core.intake.openpyxl_needed import openpyxl_module
from sqmy_core.rules import Ruleset

if TYPE_CHECKING:
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

VALIDATED_ROWS = 5000
"""How many data rows the drop-down lists cover (an office's year fits; more rows still read)."""

_KIND_HINTS = {
    "id": "编号",
    "text": "文字",
    "ids": "编号，可写多个（用顿号或逗号分隔）",
    "time": "日期 YYYY-MM-DD 或 YYYY-MM-DD HH:MM",
    "word": "从下拉列表选择（也可写编号）",
    "words": "从下拉列表选择，可写多个（用顿号或逗号分隔）",
}


def template_bytes(kind: str, ruleset: Ruleset) -> bytes:
    """The ``kind`` workbook (``roster``, ``adoptions``, ``instructions``, ``handling``,
    ``ledger``) for ``ruleset``'s vocabularies, as the bytes of an ``.xlsx`` file."""
    openpyxl = openpyxl_module()
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    vocab = vocabularies(ruleset)
    wb = openpyxl.Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = INSTRUCTIONS_SHEET
    lists = wb.create_sheet(VOCAB_SHEET)
    ranges: dict[str, str] = {}
    for n, (name, words) in enumerate(vocab.items(), 1):
        letter = get_column_letter(n)
        lists.cell(1, n, name)
        for r, (_, word) in enumerate(words, 2):
            lists.cell(r, n, word)
        ranges[name] = f"'{VOCAB_SHEET}'!${letter}$2:${letter}${len(words) + 1}"
    lists.sheet_state = "hidden"
    sheets = KINDS[kind]
    _guide(guide, sheets, vocab, Font(bold=True))
    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        for c, column in enumerate(spec.columns, 1):
            letter = get_column_letter(c)
            head = ws.cell(HEADER_ROW, c, column.header + ("*" if column.required else ""))
            head.font = Font(bold=True)
            ws.cell(KEY_ROW, c, column.key)
            ws.column_dimensions[letter].width = max(12, 2 * len(column.header) + 4)
            if column.vocab is not None:
                dv = DataValidation(
                    type="list",
                    formula1=ranges[column.vocab],
                    allow_blank=not column.required,
                    errorStyle="warning" if column.kind == "words" else "stop",
                    showDropDown=False,
                )
                dv.error = "请从列表中选择"
                dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{VALIDATED_ROWS + FIRST_DATA_ROW - 1}")
                ws.add_data_validation(dv)
        ws.row_dimensions[KEY_ROW].hidden = True
        ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _guide(
    ws: Worksheet, sheets: tuple[Sheet, ...], vocab: dict[str, list[tuple[str, str]]], bold: Font
) -> None:
    """The instructions sheet: how to fill each sheet, column by column."""
    rows: list[tuple[str, ...]] = [
        ("填写说明",),
        ("每张表第 1 行是列名（带 * 的必填），第 2 行是隐藏的机器列名，请勿删改；从第 3 行起每行一条记录。",),
        ("导入：sqmy import --xlsx 本文件 --db 工作库 --actor 机关干部编号；全部检查通过才写入，否则列出每个有问题的单元格，什么也不写。",),
        ("采用、批示、办理台账可以全年在同一个文件里续填：已导入过的行再次导入不会重复登记。",),
        (),
    ]
    for spec in sheets:
        rows.append((f"表“{spec.name}”",))
        rows.append(("列", "机器列名", "必填", "填写"))
        for column in spec.columns:
            rows.append(
                (
                    column.header,
                    column.key,
                    "是" if column.required else "",
                    _hint(column, vocab),
                )
            )
        rows.append(())
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            cell = ws.cell(r, c, value)
            if c == 1 and len(row) == 1:
                cell.font = bold
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["D"].width = 80


def _hint(column: Column, vocab: dict[str, list[tuple[str, str]]]) -> str:
    text = column.hint or _KIND_HINTS[column.kind]
    if column.vocab is not None:
        words = "、".join(f"{name}（{i}）" if name != i else i for i, name in vocab[column.vocab])
        text = f"{_KIND_HINTS[column.kind]}：{words}" + (f"；{column.hint}" if column.hint else "")
    return text


__all__ = ["VALIDATED_ROWS", "template_bytes"]
