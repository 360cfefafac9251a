"""The step library's catalog: every documented sentence matches its step and only it; docs are current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sqmy_core.bdd import catalog
from sqmy_core.bdd.forms import FormParser, StepInfo, compile_form
from sqmy_core.bdd.lint import STEP_KEYWORDS

REPO = Path(__file__).resolve().parents[2]
STEPS = catalog.library()
_KEYWORD = re.compile(r"^\s*(" + "|".join(STEP_KEYWORDS) + r")\s*")


def _sentence(info: StepInfo) -> str:
    first = info.example.splitlines()[0]
    match = _KEYWORD.match(first)
    assert match, f"example of {info.name} must start with a step keyword: {first}"
    return first[match.end() :]


@pytest.mark.parametrize("info", STEPS, ids=[s.name for s in STEPS])
def test_each_example_matches_its_own_step_and_no_other(info: StepInfo) -> None:
    sentence = _sentence(info)
    matching = [s.name for s in STEPS if s.kind == info.kind and re.fullmatch(s.regex, sentence)]
    assert matching == [info.name]


@pytest.mark.parametrize("info", STEPS, ids=[s.name for s in STEPS])
def test_each_step_is_documented(info: StepInfo) -> None:
    assert info.doc, f"{info.name} needs a docstring (it is the documentation)"
    assert info.theme


def test_docs_specs_md_is_up_to_date() -> None:
    text = (REPO / "docs" / "specs.md").read_text(encoding="utf-8")
    assert catalog.BEGIN in text and catalog.END in text
    assert catalog.generated_block(text).strip() == catalog.markdown().strip(), (
        "docs/specs.md 的步骤列表已过时：运行 python -m sqmy_core.bdd.catalog --update docs/specs.md"
    )


def test_markdown_lists_every_form() -> None:
    md = catalog.markdown()
    for info in STEPS:
        assert f"`{info.form}`" in md


def test_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert catalog.main(["--markdown"]) == 0
    assert capsys.readouterr().out == catalog.markdown()
    assert catalog.main([]) == 0
    assert "规则集为" in capsys.readouterr().out
    doc = tmp_path / "specs.md"
    doc.write_text(f"# 标题\n\n{catalog.BEGIN}\n旧的\n{catalog.END}\n尾部\n", encoding="utf-8")
    assert catalog.main(["--update", str(doc)]) == 0
    updated = doc.read_text(encoding="utf-8")
    assert updated.startswith("# 标题\n") and updated.endswith(f"{catalog.END}\n尾部\n")
    assert "旧的" not in updated
    assert catalog.update(doc) is False


def test_form_syntax() -> None:
    regex = compile_form('[<时间>] 信息 "<信息>" 被 <机构> 采用，[第<数>次]')
    parser = FormParser("f", regex)
    assert parser.parse_arguments("2024年4月2日 信息 “X” 被市政协采用") == {
        "when": "2024年4月2日",
        "piece": "X",
        "body": "市政协",
        "n": None,
    }
    args = parser.parse_arguments('信息 "含“引号”的标题" 被 市政协 采用，第二次。')
    assert args is not None and args["piece"] == "含“引号”的标题" and args["n"] == "二"
    assert parser.parse_arguments('信息 "X" 被采用') is None
    with pytest.raises(ValueError, match="unknown placeholder"):
        compile_form("<不存在>")
