"""Checks of ``.feature`` files before they run, with Chinese messages: where, what, how to fix.

What goes wrong when office staff write specs in Chinese editors:

- the file is saved with a UTF-8 BOM (Windows Notepad) or in GBK (older
  Chinese Windows defaults): pytest-bdd then misreads the first line or fails
  to decode the file, with an English message that names neither;
- a full-width colon after a keyword (``功能：``, ``场景：``) is typed by the
  Chinese input method; Gherkin accepts only ``:``;
- a step sentence that the step library does not know.

Each :class:`Finding` names the file and line and says how to fix it.  The
plugin uses these checks when pytest-bdd cannot parse a file and before a
scenario with an unknown step would run; ``python -m sqmy_core.bdd.lint
features/`` runs them all from the command line (exit status 1 on findings).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

BOM = b"\xef\xbb\xbf"
SAVE_AS_UTF8 = (
    "用编辑器把文件另存为“UTF-8”编码（不带 BOM；记事本里选“UTF-8”，不要选“带有 BOM 的 UTF-8”）"
)
TITLE_KEYWORDS = (
    "场景大纲",
    "剧本大纲",
    "功能",
    "背景",
    "场景",
    "剧本",
    "例子",
    "规则",
    "Feature",
    "Background",
    "Scenario Outline",
    "Scenario",
    "Examples",
    "Rule",
)
STEP_KEYWORDS = ("假如", "假设", "假定", "当", "那么", "而且", "并且", "同时", "但是")
_TITLE = re.compile(r"^\s*(" + "|".join(TITLE_KEYWORDS) + r")\s*(：|:)(.*)$")
_STEP_COLON = re.compile(r"^\s*(" + "|".join(STEP_KEYWORDS) + r")\s*[：:]")
_LANGUAGE = re.compile(r"^\s*#\s*language\s*:\s*zh-CN\s*$")
_LANGUAGE_LOOSE = re.compile(r"^\s*[#＃]\s*language\s*[:：]?\s*(\S*)", re.IGNORECASE)


@frozen
class Finding:
    """One problem in a feature file: where, what and the fix."""

    path: str
    line: int
    message: str
    fix: str

    def render(self) -> str:
        return f"{self.path} 第 {self.line} 行：{self.message}。修正：{self.fix}"


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def decode(path: str, data: bytes) -> tuple[str | None, list[Finding]]:
    """The text of a feature file, or None with the findings that say why it cannot be read."""
    findings: list[Finding] = []
    if data.startswith(BOM):
        findings.append(
            Finding(
                path,
                1,
                "文件以 UTF-8 BOM（字节顺序标记）开头，pytest-bdd 因此认不出第一行的 # language: zh-CN，"
                "会把中文关键字当成错误",
                SAVE_AS_UTF8,
            )
        )
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8"), findings
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        try:
            data.decode("gbk")
            what = "文件是 GBK 编码（简体中文 Windows 的默认编码），不是 UTF-8，pytest-bdd 无法读取"
        except UnicodeDecodeError:
            what = "文件不是 UTF-8 编码（这一行有无法识别的字节），pytest-bdd 无法读取"
        findings.append(Finding(path, line, what, SAVE_AS_UTF8))
        return None, findings


def check_text(path: str, text: str) -> list[Finding]:
    """Language header, full-width colons and other typing slips, line by line."""
    findings: list[Finding] = []
    lines = text.splitlines()
    first = next(((i, ln) for i, ln in enumerate(lines, 1) if ln.strip()), (1, ""))
    if not _LANGUAGE.match(first[1]):
        loose = _LANGUAGE_LOOSE.match(first[1])
        meant_zh = loose is not None and (
            any(c in first[1] for c in "＃：")
            or loose.group(1).lower().replace("_", "-") in ("zh-cn", "zh", "cn", "zh-hans")
        )
        if loose and meant_zh:
            findings.append(
                Finding(
                    path,
                    first[0],
                    f"语言声明写法不对：“{first[1].strip()}”",
                    "改为半角的 # language: zh-CN（井号、冒号都用半角）",
                )
            )
        elif not loose and any(
            _TITLE.match(ln) and not ln.strip().startswith(("Feature", "Scenario")) for ln in lines
        ):
            findings.append(
                Finding(
                    path,
                    first[0],
                    "缺少语言声明，中文关键字（功能、场景、假如……）不会被识别",
                    "在文件第一行写 # language: zh-CN",
                )
            )
    in_docstring = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith(('"""', "```")):
            in_docstring = not in_docstring
            continue
        if in_docstring or stripped.startswith("#"):
            continue
        title = _TITLE.match(line)
        if title and title.group(2) == "：":
            kw = title.group(1)
            findings.append(
                Finding(
                    path,
                    number,
                    f"关键字“{kw}”后用了全角冒号“：”，Gherkin 只认半角冒号",
                    f"改为半角冒号，写成 {kw}:{title.group(3)}",
                )
            )
        elif _STEP_COLON.match(line):
            kw = _STEP_COLON.match(line).group(1)  # type: ignore[union-attr]
            findings.append(
                Finding(
                    path,
                    number,
                    f"步骤关键字“{kw}”后面不要加冒号",
                    f'删去冒号，写成 {kw} 后直接接步骤，如 {kw} 规则集为 "rulesets/district.toml"',
                )
            )
        elif stripped.startswith("＠"):
            findings.append(Finding(path, number, "标签用了全角的“＠”", "改为半角 @，如 @第五条"))
        elif stripped.startswith("｜"):
            findings.append(Finding(path, number, "表格用了全角竖线“｜”", "表格的竖线改为半角 |"))
    return findings


def check_syntax(path: str, text: str) -> list[Finding]:
    """What the Gherkin parser itself refuses, in Chinese."""
    from gherkin.errors import CompositeParserException
    from gherkin.parser import Parser

    try:
        Parser().parse(text)
    except CompositeParserException as exc:
        out: list[Finding] = []
        for err in exc.errors:
            line = int(err.location["line"])
            got = text.splitlines()[line - 1].strip() if 0 < line <= len(text.splitlines()) else ""
            out.append(
                Finding(
                    path,
                    line,
                    f"这一行不符合 Gherkin 语法：“{got}”",
                    "检查关键字：功能: 背景: 场景: 场景大纲: 例子: 后用半角冒号；步骤行以 假如/当/那么/而且/但是 开头；"
                    "表格每行以 | 开头和结尾；第一行写 # language: zh-CN",
                )
            )
        return out
    return []


def step_lines(text: str) -> list[tuple[int, str, str]]:
    """``(line, keyword, text)`` of every step of a parsable feature file."""
    from gherkin.parser import Parser

    doc: Any = Parser().parse(text)
    out: list[tuple[int, str, str]] = []

    def walk(children: Iterable[Any]) -> None:
        for child in children:
            for key in ("background", "scenario"):
                node = child.get(key)
                if isinstance(node, dict):
                    for st in node.get("steps", []):
                        out.append((st["location"]["line"], st["keyword"].strip(), st["text"]))
            rule = child.get("rule")
            if isinstance(rule, dict):
                walk(rule.get("children", []))

    walk(doc.get("feature", {}).get("children", []) if doc.get("feature") else [])
    return out


def suggestions(text: str, limit: int = 3) -> list[str]:
    """The library's example sentences closest to an unknown step."""
    from sqmy_core.bdd.catalog import library

    candidates: dict[str, str] = {}
    for info in library():
        for ex in info.example.splitlines()[:1]:
            sentence = re.sub(r"^\s*(" + "|".join(STEP_KEYWORDS) + r")\s*", "", ex)
            candidates[sentence] = ex.strip()
    close = difflib.get_close_matches(text, list(candidates), n=limit, cutoff=0.2)
    return [candidates[c] for c in close]


def unknown_step(path: str, line: int, keyword: str, text: str) -> Finding:
    hints = suggestions(text)
    near = ("相近的写法：" + "；".join(hints) + "。") if hints else ""
    return Finding(
        path,
        line,
        f"步骤库中没有这一步：“{keyword} {text}”",
        f"{near}改成步骤库中的写法（完整列表见 docs/specs.md，或运行 python -m sqmy_core.bdd.catalog）；"
        "若是本组织自己的步骤，请在 conftest.py 中定义",
    )


def check_steps(path: str, text: str) -> list[Finding]:
    """Steps that match no library step (outline steps with ``<参数>`` are skipped)."""
    from sqmy_core.bdd.catalog import library

    regexes = [(info.kind, re.compile(info.regex)) for info in library()]
    findings: list[Finding] = []
    kind = "given"
    for line, keyword, sentence in step_lines(text):
        if keyword in ("那么",):
            kind = "then"
        elif keyword in ("假如", "假设", "假定", "当"):
            kind = "given"
        if "<" in sentence:
            continue
        if not any(k == kind and rx.fullmatch(sentence) for k, rx in regexes):
            findings.append(unknown_step(path, line, keyword, sentence))
    return findings


def lint_file(path: str | Path, *, steps: bool = True) -> list[Finding]:
    """Every finding for one feature file (encoding first; syntax only when the text is sound)."""
    shown = str(path)
    text, findings = decode(shown, Path(path).read_bytes())
    if text is None:
        return findings
    findings.extend(check_text(shown, text))
    if findings:
        return findings
    findings.extend(check_syntax(shown, text))
    if steps and not findings:
        findings.extend(check_steps(shown, text))
    return findings


def feature_files(paths: Sequence[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.rglob("*.feature")) if p.is_dir() else [p])
    return out


def lint_paths(paths: Sequence[str | Path], *, steps: bool = True) -> list[Finding]:
    return [f for path in feature_files(paths) for f in lint_file(path, steps=steps)]


def render(findings: Sequence[Finding]) -> str:
    return "\n".join(f.render() for f in findings)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sqmy_core.bdd.lint",
        description="检查 .feature 文件：编码、冒号、语法和步骤写法。",
    )
    parser.add_argument("paths", nargs="+", help=".feature 文件或目录")
    parser.add_argument(
        "--no-steps", action="store_true", help="不检查步骤是否在步骤库中（有自定义步骤时）"
    )
    args = parser.parse_args(argv)
    findings = lint_paths(args.paths, steps=not args.no_steps)
    if findings:
        print(render(findings))
        print(f"共 {len(findings)} 处问题。")
        return 1
    print(f"检查了 {len(feature_files(args.paths))} 个文件，没有发现问题。")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
