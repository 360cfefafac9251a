"""How the step library declares its steps: one readable form per step.

A step is declared with the sentence office staff write, placeholders in
angle brackets::

    @library_step("given", '<时间> 信息 "<信息>" 被 <机构> 采用', example=...)

The form is compiled to a regular expression (:func:`compile_form`) and
registered with pytest-bdd; the same form, the docstring and the example go
into :data:`STEPS`, from which :mod:`sqmy_core.bdd.catalog` writes the list
of steps in ``docs/specs.md``.  So the documented sentence is, by
construction, the one that matches.

Form syntax: a space matches any run of spaces, including none (zh-CN
keywords need no space, and people type spaces or not); ``，`` matches an
optional comma; a final ``：`` matches ``:``, ``：`` or nothing; ``[...]`` is
optional; ``(A|B)`` is a choice; ``"<X>"`` is a quoted value (ASCII or
Chinese quotes).  A placeholder name may end in a digit to use it twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final, Literal, ParamSpec, TypeVar

from attrs import frozen
from pytest_bdd import parsers
from pytest_bdd import step as bdd_step

from sqmy_core.bdd import numbers

P = ParamSpec("P")
T = TypeVar("T")

Kind = Literal["given", "then"]

_NAME = r"[^\s\"“”「」，,：:]+?"
_QUOTED = r"[^\"“”「」]+"
_TOKEN = r"(?:(?!没有|未收到)[^\s\"“”「」，,：:])+?"
PLACEHOLDERS: Final[dict[str, tuple[str, str]]] = {
    "时间": ("when", numbers.WHEN),
    "年份": ("year", numbers.YEAR),
    "数": ("n", numbers.INT),
    "分值": ("points", numbers.NUMBER),
    "比率": ("ratio", numbers.RATIO),
    "名次": ("rank", rf"(?:并列\s*)?第?\s*{numbers.INT}\s*名?"),
    "人员": ("who", _NAME),
    "作者": ("authors", r"[^\s\"“”「」]+?(?:\s*[、，,]\s*[^\s\"“”「」]+?)*"),
    "操作人": ("actor", _NAME),
    "收件人": ("who", rf"{_TOKEN}(?:\s+{_TOKEN})?"),
    "对象": ("who", rf"(?!全年|参加)(?:单位\s*[\"“「]{_QUOTED}[\"”」]|{_NAME})"),
    "名单": ("names", r".+?"),
    "角色": ("role", _NAME),
    "单位类别": ("kind", _NAME),
    "机构": ("body", r"[^\s\"“”]+?"),
    "去向": ("to", r".+?"),
    "完成情况": ("verdict", "已完成|完成|未完成"),
    "人员或单位": ("kind", "人员|单位"),
    "把关": ("checks", r"[^，,。\"“”]+?"),
    "报送方式列表": ("routes", r"[^，,。\"“”]+?"),
    "拒绝类别": ("why", "无权限|不允许"),
    "周期": ("every", "季度|月|年"),
    "期间": ("covers", "本月|本季度|本年度|本年|上月|上一个月|上季度|上一季度"),
    "通报对象": ("entities", r"[^的]+?"),
    "时机": ("on", "第一天|第一个工作日|最后一天|最后一个工作日"),
    "比率名": ("rate", "采用率|批示率"),
    "加减": ("sign", "加|减|扣"),
    "属性": ("attrs", r"[^\s\"“”「」，,：:]+?\s*(?:为|是|=)\s*.+"),
    "计量单位": ("measure", r"[^\s\d.。，,]{1,4}"),
    "领导": ("leader", r"[^\s\"“”]+?"),
    "报送方式": ("route", r"[^\s\"“”]+?"),
    "指标": (
        "metric",
        "|".join(
            sorted(
                (
                    "提交",
                    "报送",
                    "审定通过",
                    "采用",
                    "批示",
                    "落实反馈",
                    "办理",
                    "对外报送",
                    "不予上报",
                    "退回修改",
                ),
                key=len,
                reverse=True,
            )
        ),
    ),
}
"""Placeholder -> (argument name, regular expression).  Quoted ones match any text."""

QUOTED_NAMES: Final[dict[str, str]] = {
    "文件": "path",
    "信息": "piece",
    "标题": "title",
    "单位": "unit",
    "约稿": "call",
    "奖项": "award",
    "文字": "text",
    "决定": "decision",
    "部门": "department",
    "结果": "outcome",
    "名称": "name",
    "标记": "flag",
    "状态": "status",
    "审级": "stage",
    "意见": "opinion",
    "任务指标": "quota",
    "活动": "activity",
    "处罚": "penalty",
    "理由": "reason",
    "条款": "clause",
    "分项": "section",
    "台账": "tally",
    "等次": "grade",
    "类别": "group",
}


@frozen
class StepInfo:
    """One library step as documented: form, keywords, docstring, example, theme."""

    kind: Kind
    form: str
    regex: str
    doc: str
    example: str
    theme: str
    name: str


STEPS: list[StepInfo] = []
"""Every library step, in declaration order (filled when the step modules are imported)."""


class FormParser(parsers.StepParser):
    """A step form's parser: the compiled regex; quoted values may use any quote style.

    A quoted placeholder compiles to one group per quote style (``text__0``,
    ``text__1`` ...); the arguments merge them back into ``text``.
    """

    def __init__(self, form: str, regex: str) -> None:
        super().__init__(form)
        self.regex = re.compile(regex)

    def parse_arguments(self, name: str) -> dict[str, Any] | None:
        match = self.regex.fullmatch(name)
        if match is None:
            return None
        out: dict[str, Any] = {}
        for key, value in match.groupdict().items():
            base = key.split("__", 1)[0]
            if value is not None or base not in out:
                out[base] = value
        return out

    def is_matching(self, name: str) -> bool:
        return self.regex.fullmatch(name) is not None


def _group(name: str, table: dict[str, tuple[str, str]], quoted: bool) -> str:
    base, suffix = (name[:-1], name[-1]) if name[-1].isdigit() else (name, "")
    if quoted:
        if base not in QUOTED_NAMES:
            raise ValueError(f"unknown quoted placeholder <{name}>")
        arg = QUOTED_NAMES[base] + suffix
        return rf'(?:"(?P<{arg}__0>[^"]+)"|“(?P<{arg}__1>[^”]+)”|「(?P<{arg}__2>[^」]+)」)'
    if base not in table:
        raise ValueError(f"unknown placeholder <{name}>")
    arg, pattern = table[base]
    return f"(?P<{arg}{suffix}>{pattern})"


def compile_form(form: str) -> str:
    """The regular expression of a step form (see the module docstring)."""
    out: list[str] = []
    i = 0
    while i < len(form):
        ch = form[i]
        if form.startswith('"<', i):
            end = form.index('>"', i)
            out.append(_group(form[i + 2 : end], PLACEHOLDERS, quoted=True))
            i = end + 2
            continue
        if ch == "<":
            end = form.index(">", i)
            out.append(_group(form[i + 1 : end], PLACEHOLDERS, quoted=False))
            i = end + 1
            continue
        if ch == " ":
            out.append(r"\s*")
        elif ch == "，":
            out.append(r"\s*[，,]?\s*")
        elif ch == "：" and i == len(form) - 1:
            out.append(r"\s*[:：]?")
        elif ch == "[":
            out.append("(?:")
        elif ch == "]":
            out.append(")?")
        elif ch == "(":
            out.append("(?:")
        elif ch in ")|":
            out.append(ch)
        else:
            out.append(re.escape(ch))
        i += 1
    return r"\s*" + "".join(out) + r"\s*[。.]?\s*"


def library_step(
    kind: Kind, form: str, *, example: str, theme: str = ""
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Declare a library step: register it with pytest-bdd and record it for the catalog.

    ``given`` steps match after 假如 and after 当 (and an 而且/但是 that
    follows them): data and events read naturally both ways.  ``then`` steps
    match only after 那么 (or an 而且/但是 that follows it).
    """
    regex = compile_form(form)

    def decorator(func: Callable[P, T]) -> Callable[P, T]:
        module_theme = theme or (func.__module__.rsplit(".", 1)[-1])
        # stacklevel 2: pytest-bdd puts the step fixture into the module that applies us
        for step_type in ("given", "when") if kind == "given" else ("then",):
            bdd_step(FormParser(form, regex), step_type, stacklevel=2)(func)
        STEPS.append(
            StepInfo(
                kind=kind,
                form=form,
                regex=regex,
                doc=(func.__doc__ or "").strip(),
                example=example,
                theme=module_theme,
                name=func.__name__,
            )
        )
        return func

    return decorator


def consumes_refusal(func: Callable[P, T]) -> Callable[P, T]:
    """Mark a step that checks a refused operation (so the refusal is not reported as a failure)."""
    func.sqmy_consumes_refusal = True  # type: ignore[attr-defined]
    return func
