"""docs/reliability.md, written from a run's results (``.trust/last-run.json``), never by hand.

The page shows the machine (read at run time: CPU, memory, Python, the
SQLite library, the PostgreSQL and MariaDB servers), when and with which
profile the run was made, how long each trial family took, every figure
next to its requirement, and how to make the run again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from benchmarks.host import host
from trust import backends
from trust.figures import Figure, verdict

FAMILIES: Final = {
    "concurrency": (
        "并发矩阵",
        "Concurrency matrix",
        "线程与进程（spawn），N 个写入者由屏障同时放行，每轮一篇稿件；轮次按数据库中追加的事件和各方得到的结果判定。",
        "Threads and spawned processes, N writers released together by a barrier, one piece a round; "
        "a round is judged by the events the database holds and what each writer was told.",
    ),
    "kill": (
        "SIGKILL 试验",
        "SIGKILL trials",
        "子进程循环执行流程命令（或导入），每次调用返回后在管道上确认；随机时刻 SIGKILL，重新打开后逐条核对。",
        "A child loops over workflow commands (or imports), acknowledging each on a pipe after it returned; "
        "killed at a random moment, the database is reopened and every acknowledgement checked.",
    ),
    "fuzz": (
        "模糊测试语料",
        "Fuzz corpus",
        "曾使 sqmy 崩溃的全部输入、自带的规则集与数据集及其截断副本，经库的入口和命令行；完整档另跑 atheris。",
        "Every input that ever crashed sqmy, the bundled rulesets and datasets and cut copies, through the "
        "library's entry points and the command line; the full profile adds atheris.",
    ),
    "tamper": (
        "篡改",
        "Tampering",
        "`testing/audit_case.py` 的每一种改动，直接用 SQL 改库后由 `sqmy audit verify` 校验（需要时带检查点）。",
        "Every edit of `testing/audit_case.py`, made with SQL behind the library's back, then "
        "`sqmy audit verify` (with the checkpoint where needed).",
    ),
    "canary": (
        "金丝雀",
        "Canary",
        "线索联系方式中的金丝雀在命令输出、错误、日志、通知、导出、备份、报告和库文件中出现的次数。",
        "How often a canary in clue contacts appears in command output, errors, logs, notifications, "
        "exports, backups, reports and the database file.",
    ),
    "duties": (
        "职责分离矩阵",
        "Separation of duties",
        "角色 × 与稿件的关系 × 状态 × 操作，经命令与经导入；预期由规则集声明的审级角色与决定写出，不调用库的守卫。",
        "Role × relationship to the piece × state × action, through commands and imports; the expected "
        "answer is written from the ruleset's declared stages, never by asking the library's guard.",
    ),
}


def machine() -> dict[str, Any]:
    """What the run was made on, read now (the host, and each backend's server version)."""
    return {**host(), **{b: backends.version(b) for b in backends.BACKENDS}}


def _row(f: Figure) -> str:
    zh, en = f.label
    req = f"{f.requirement('zh')} {f.requirement('en')}"
    mark = f"{verdict(f, 'zh')} {verdict(f, 'en')}"
    return f"| {zh}<br>{en} | {f.scope} | {f.shown()} | {req} | {mark} |"


def summary(figures: list[Figure]) -> list[Figure]:
    """One row per figure label: the counts of every scope added up (the issue's rows)."""
    rows: dict[tuple[str, tuple[str, str]], list[Figure]] = {}
    for f in figures:
        rows.setdefault((f.family, f.label), []).append(f)
    out = []
    for (family, label), group in rows.items():
        values = [f.value for f in group]
        total = None if any(v is None for v in values) else sum(v for v in values if v is not None)
        scopes = sorted({f.scope.split()[0] for f in group})
        need, of = group[0].need, sum(f.of for f in group)
        note = "" if all(f.ok for f in group) else "see below 见下"
        out.append(Figure(family, label, ", ".join(scopes), total, need, of, note))
        if not all(f.ok for f in group) and out[-1].ok:  # a failed part fails the row
            out[-1] = Figure(family, label, ", ".join(scopes), None, need, of, note)
    return out


def render_markdown(results: dict[str, Any]) -> str:
    figures = [Figure.from_json(f) for f in results["figures"]]
    bad = [f for f in figures if not f.ok]
    m = results["machine"]
    load = results.get("load", {})
    loads = " / ".join("—" if load.get(k) is None else f"{load[k]:.2f}" for k in ("start", "end"))
    out = [
        "# 可靠性 Reliability",
        "",
        "本页由 `make trust`（`python -m trust.run --profile full --write-docs`）根据最近一次运行自动生成，"
        "请勿手工编辑。",
        "This page is written by `make trust` from its last run; do not edit it by hand.",
        "",
        f"- 运行时间 run at: {results['started']}；档 profile: `{results['profile']}`；"
        f"用时 took {results['seconds']:.0f} s；随机种子 seed {results['seed']}",
        "- 结论 verdict: "
        + (
            f"{len(bad)} 项未通过 figures failed（见下表 see below）"
            if bad
            else f"全部 {len(figures)} 项通过 all {len(figures)} figures met"
        ),
        "",
        "## 机器 Machine",
        "",
        "| 项目 | 值 |",
        "|---|---|",
        f"| CPU | {m['cpu_model']}，{m['cpu_count']} 核 cores |",
        f"| 内存 memory | {m['memory_bytes'] / 2**30:.2f} GiB |",
        f"| 系统 OS | {m['platform']} |",
        f"| Python | {m['python']} |",
        f"| SQLite | {m['sqlite']} |",
        f"| PostgreSQL | {m['postgresql']} |",
        f"| MariaDB | {m['mariadb']} |",
        f"| 负载 load average (开始 start / 结束 end) | {loads} |",
        "",
    ]
    out += [
        "## 摘要 Summary",
        "",
        "每个项目在各范围（后端、模式、N）上的计数之和；明细见后。",
        "Each figure's counts added up over its scopes (backends, modes, N); the details follow.",
        "",
        "| 项目 figure | 范围 scope | 测得 measured | 要求 requirement | 结论 verdict |",
        "|---|---|---:|---|---|",
        *(_row(f) for f in summary(figures)),
        "",
    ]
    took = results.get("family_seconds", {})
    for family, (zh, en, what_zh, what_en) in FAMILIES.items():
        rows = [f for f in figures if f.family == family]
        if not rows:
            continue
        secs = took.get(family)
        out += [
            f"## {zh} {en}" + (f"（{secs:.0f} s）" if secs is not None else ""),
            "",
            what_zh,
            what_en,
            "",
            "| 项目 figure | 范围 scope | 测得 measured | 要求 requirement | 结论 verdict |",
            "|---|---|---:|---|---|",
            *(_row(f) for f in rows),
            "",
        ]
        notes = [f"- {f.label[1]} ({f.scope}): {f.note}" for f in rows if f.note]
        if notes:
            out += ["说明 notes:", "", *notes, ""]
    out += [
        "## 重现 Reproduce",
        "",
        "```",
        "make trust                                   # 完整档 the full profile, writes this page",
        "python -m trust.run --profile quick          # 快速档 the quick one (make test runs it)",
        "python -m trust.run --only duties,tamper --lang en",
        "python -m trust.run --backends sqlite        # 只用 SQLite（无服务器时）without servers",
        "```",
        "",
        "服务器：`SQMY_TEST_POSTGRESQL_URL`（默认 `postgresql+psycopg://postgres@127.0.0.1:5432/test`）、"
        "`SQMY_TEST_MYSQL_URL`（默认 `mysql+pymysql://root@127.0.0.1:3306/test`）；每次试验在新建的 schema / "
        "数据库中进行，结束后删除。任何一项未通过（包括因服务器不可用而未测得）时退出码为 1。",
        "Servers: `SQMY_TEST_POSTGRESQL_URL` and `SQMY_TEST_MYSQL_URL` (defaults above); each trial works in a new "
        "schema / database, dropped afterwards.  The exit status is 1 when a figure fails (a figure not measured "
        "because a server was down fails too).",
        "",
    ]
    return "\n".join(out)


def write_docs(results: dict[str, Any], docs: Path) -> Path:
    docs.mkdir(parents=True, exist_ok=True)
    page = docs / "reliability.md"
    page.write_text(render_markdown(results), encoding="utf-8")
    return page


__all__ = ["machine", "render_markdown", "summary", "write_docs"]
