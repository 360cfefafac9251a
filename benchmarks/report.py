"""Figures against targets, printed after a run and written to docs/performance.md with a chart.

A :class:`Figure` is one measured value (or the reason it could not be
measured) and, where issue 10 sets one, its target.  A figure with a target
and no value counts as missed: a benchmark that cannot measure something has
not shown it is met.  The results of a run are a plain JSON document
(``.bench/last-run.json``), so the docs can be written again from it.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LABELS: dict[str, str] = {
    "json_ratio": "JSON → 考核结果：sqmy assess ÷ polars (JSON)",
    "store_ratio": "工作库 → 考核结果：sqmy assess --db ÷ polars (Parquet)",
    "engine_peak_json": "峰值内存 peak memory, sqmy assess --data",
    "engine_peak_store": "峰值内存 peak memory, sqmy assess --db",
    "import_rate": "sqmy import 导入 SQLite（含校验）",
    "county_assess_s": "县级考核（含启动）county assess from the shell",
    "version_s": "sqmy --version（启动 start-up）",
    "identical_output": "输出与 polars 逐字段一致 identical output",
}


@dataclass(frozen=True)
class Figure:
    """One figure of a run, next to its target (``None``: reported, no target)."""

    name: str
    size: str | None
    value: float | None
    unit: str
    target: float | None = None
    lower_is_better: bool = True
    note: str = ""

    @property
    def verdict(self) -> str:
        """``met``, ``MISSED`` (also when it could not be measured) or ``""`` (no target)."""
        if self.target is None:
            return ""
        if self.value is None:
            return "MISSED"
        ok = self.value <= self.target if self.lower_is_better else self.value >= self.target
        return "met" if ok else "MISSED"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "size": self.size,
            "value": self.value,
            "unit": self.unit,
            "target": self.target,
            "lower_is_better": self.lower_is_better,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Figure:
        return cls(
            name=str(doc["name"]),
            size=doc.get("size"),
            value=None if doc.get("value") is None else float(doc["value"]),
            unit=str(doc.get("unit", "")),
            target=None if doc.get("target") is None else float(doc["target"]),
            lower_is_better=bool(doc.get("lower_is_better", True)),
            note=str(doc.get("note", "")),
        )


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt(value: float | None, unit: str = "") -> str:
    """A figure for people: 3 significant digits, thousands grouped for rates."""
    if value is None:
        return "—"
    if unit in ("events/s", "B"):
        return f"{value:,.0f}"
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 0.01:
        return f"{value:.3g}"
    return f"{value:.2g}"


def _with_unit(value: float | None, unit: str) -> str:
    if unit == "same":
        return "—" if value is None else ("一致 same" if value >= 1 else "不一致 DIFFERENT")
    if unit == "GiB" and value is not None and value < 1:
        return f"{value * 1024:.0f} MiB"
    text = fmt(value, unit)
    if value is None or not unit:
        return text
    return f"{text}{unit}" if unit == "×" else f"{text} {unit}"


def _target_text(f: Figure) -> str:
    if f.target is None:
        return ""
    if f.unit == "same":
        return "一致 same"
    return ("≤ " if f.lower_is_better else "≥ ") + _with_unit(f.target, f.unit)


def figure_lines(figures: Sequence[Figure]) -> list[str]:
    """The end-of-run listing: each figure next to its target and verdict, reasons below."""
    out = [f"{'verdict':<7} {'size':<9} {'measured':>15}  {'target':<16} figure"]
    for f in figures:
        label = LABELS.get(f.name, f.name)
        out.append(
            f"{f.verdict or '-':<7} {f.size or '':<9} {_with_unit(f.value, f.unit):>15}  "
            f"{_target_text(f):<16} {label}"
        )
        if f.note:
            out.append(f"    {f.note}")
    return out


def missed(figures: Sequence[Figure]) -> list[Figure]:
    return [f for f in figures if f.verdict == "MISSED"]


# --------------------------------------------------------------------------- docs


def _gib(n: float | None) -> str:
    if n is None:
        return "—"
    return f"{n / 2**30:.2f} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MiB"


def _load_text(load: dict[str, Any]) -> str:
    values = [load.get("start"), load.get("end")]
    return " / ".join("—" if v is None else f"{v:.2f}" for v in values)


def _stat(results: dict[str, Any], size: str, path: str, tool: str) -> dict[str, Any]:
    found: dict[str, Any] = results.get("paths", {}).get(size, {}).get(path, {}).get(tool, {})
    return found


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a is not None and b else "—"


def _secs(stat: dict[str, Any]) -> str:
    if stat.get("median_s") is None:
        return f"未测得 ({stat['failure']})" if stat.get("failure") else "—"
    return f"{stat['median_s']:.3g} s"


def render_markdown(results: dict[str, Any], chart: str | None) -> str:
    """docs/performance.md for one run's results."""
    m = results["machine"]
    sizes: dict[str, dict[str, int]] = results["sizes"]
    figures = [Figure.from_json(f) for f in results["figures"]]
    lines = [
        "# 性能 Performance",
        "",
        "本页由 `make bench`（`benchmarks/run.py --write-docs`）根据最近一次运行自动生成，"
        "请勿手工编辑。",
        "This page is written by `make bench` from its last run; do not edit it by hand.",
        "",
        f"- 运行时间 run at: {results['started']}；每项运行 {results['runs']} 次，取中位数"
        f"（runs per figure, median; per size below）；随机种子 seed {results['seed']}",
        f"- 结论 verdict: {len(missed(figures))} 项未达标 targets missed"
        + ("（见下表 see below）" if missed(figures) else ""),
        "",
        "## 机器 Machine",
        "",
        "| 项目 | 值 |",
        "|---|---|",
        f"| CPU | {m['cpu_model']}，{m['cpu_count']} 核 cores |",
        f"| 内存 memory | {_gib(m['memory_bytes'])} |",
        f"| 系统 OS | {m['platform']} |",
        f"| Python | {m['python']} |",
        f"| polars | {m['polars']} |",
        f"| sqmy-core | {m['sqmy']} |",
        f"| 负载 load average (开始 start / 结束 end) | {_load_text(results.get('load', {}))} |",
        "",
        "负载高于 CPU 核数时，别的任务在争用 CPU，两边的时间都偏慢、波动大；倍数比单个时间可靠。",
        "A load above the CPU count means other work shared the machine: times are slower and "
        "noisier; ratios of alternated runs hold up better.",
        "",
        "## 数据规模 Sizes",
        "",
        "区政协规则集（`rulesets/district.toml`），`sqmy_core.tools.synth` 的区政协合成数据"
        "（2023–2024 两个年度，考核 2024 年度），由 `benchmarks/generate.py` 边生成边写出"
        "（与 `synth.generate` 逐字节相同）。单位数按 synth 的区政协结构随人数增长"
        "（约每 18 人一个镇街工委、每 45 人一个委员工作室），所以国家级规模的单位多于 issue 所说的约 3,000 个。",
        "",
        "| 规模 size | 人员 people | 单位 units | 稿件 pieces | 事件 events | 文件 bytes "
        "| 运行次数 runs | 测于 measured |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, s in sizes.items():
        timed = name in results.get("paths", {})
        when = s.get("measured_at", "本次 this run") if timed else "只作核对 check only"
        runs = s.get("runs", results["runs"]) if timed else "—"
        lines.append(
            f"| {name} | {s['people']:,} | {s['units']:,} | {s['pieces']:,} | {s['events']:,} "
            f"| {s['bytes'] / 2**20:,.1f} MiB | {runs} | {when} |"
        )
    lines += [
        "",
        "## 目标 Targets（issue 10）",
        "",
        "| 指标 figure | 规模 size | 测得 measured | 目标 target | 结论 verdict |",
        "|---|---|---:|---|---|",
    ]
    for f in figures:
        note = f"（{f.note}）" if f.note else ""
        lines.append(
            f"| {LABELS.get(f.name, f.name)}{note} | {f.size or ''} "
            f"| {_with_unit(f.value, f.unit)} | {_target_text(f)} | {f.verdict or '—'} |"
        )
    lines += [
        "",
        "## JSON 文件 → 考核结果 (JSON file → assessment)",
        "",
        "两个程序读同一个 `sqmy-dataset/1` 文件，写出逐字段相同的 `sqmy-assessment/1`；"
        "墙钟时间含进程启动，交替运行。",
        "Both programs read the same file and write identical output; wall time of the "
        "whole process, alternated runs.",
        "",
        "| 规模 size | sqmy assess | polars 脚本 | 倍数 ratio | 峰值内存 peak (sqmy / polars) |",
        "|---|---:|---:|---:|---|",
    ]
    for name in sizes:
        e, p = _stat(results, name, "json", "engine"), _stat(results, name, "json", "polars")
        if not e and not p:
            continue
        lines.append(
            f"| {name} | {_secs(e)} | {_secs(p)} | {_ratio(e.get('median_s'), p.get('median_s'))} "
            f"| {_gib(e.get('peak_bytes'))} / {_gib(p.get('peak_bytes'))} |"
        )
    lines += [
        "",
        "## 工作库 → 考核结果 (store → assessment)",
        "",
        "`sqmy import` 把同一文件导入嵌入式 SQLite 工作库（一次，含校验），然后 "
        "`sqmy assess --db` 与读取同样表格的 Parquet 文件的 polars 脚本交替运行。",
        "",
        "| 规模 size | 导入 import | 导入速率 events/s | sqmy assess --db | polars (Parquet) "
        "| 倍数 ratio | 峰值内存 peak (sqmy / polars) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, s in sizes.items():
        imp = _stat(results, name, "store", "import")
        e, p = _stat(results, name, "store", "engine"), _stat(results, name, "store", "polars")
        if not imp and not e and not p:
            continue
        rate = f"{s['events'] / imp['median_s']:,.0f}" if imp.get("median_s") else "—"
        lines.append(
            f"| {name} | {_secs(imp)} | {rate} | {_secs(e)} | {_secs(p)} "
            f"| {_ratio(e.get('median_s'), p.get('median_s'))} "
            f"| {_gib(e.get('peak_bytes'))} / {_gib(p.get('peak_bytes'))} |"
        )
    st = results.get("startup", {})
    lines += [
        "",
        "## 启动 Start-up",
        "",
        "| 命令 command | 中位数 median | 峰值内存 peak |",
        "|---|---:|---:|",
    ]
    for key, label in (
        ("version", "`sqmy --version`"),
        ("county_assess", "县级考核 county `sqmy assess --format json`"),
    ):
        stat = st.get(key, {})
        lines.append(f"| {label} | {_secs(stat)} | {_gib(stat.get('peak_bytes'))} |")
    inc = [f for f in figures if f.name.startswith("incremental") or f.name not in LABELS]
    lines += ["", "## 增量 Incremental", ""]
    if inc:
        lines += [
            "`benchmarks/incremental.py`（city 规模）：一条新事件后重新计分、重新排名。",
            "",
            "| 指标 figure | 测得 measured | 目标 target | 结论 verdict |",
            "|---|---:|---|---|",
        ]
        for f in inc:
            lines.append(
                f"| {f.name}{'（' + f.note + '）' if f.note else ''} | "
                f"{_with_unit(f.value, f.unit)} | {_target_text(f)} | {f.verdict or '—'} |"
            )
    else:
        lines.append("（本次运行没有增量数据。）")
    lines += ["", "## 成本随规模增长 (cost against size)", ""]
    if chart:
        lines += [
            "双对数坐标：横轴为事件数，纵轴为中位墙钟时间。",
            "Log-log: wall time (median) against events, per path.",
            "",
            f"![cost against size]({chart})",
        ]
    else:
        lines.append("（只有一个规模，未画图。）")
    lines += [
        "",
        "## 如何复现 How to reproduce",
        "",
        "```sh",
        "make bench                                  # 四个规模 all four sizes, 3 runs each",
        "BENCH_SIZES=county,city make bench          # 只跑部分规模 some sizes only",
        "BENCH_RUNS=5 BENCH_SIZES=province make bench",
        "# 国家级规模单独跑，保留其他规模上次的结果 national alone, other sizes kept:",
        ".venv/bin/python -m benchmarks.run --sizes national --keep-other-sizes --write-docs",
        "```",
        "",
        "- 生成的数据缓存在 `.bench/`（不入库），按规模和种子命名；"
        "generated files are cached under `.bench/` by size and seed.",
        "- `BENCH_TIMEOUT`（秒，默认 3600）和 `BENCH_MAX_RSS_GIB`（默认 12）：超时或超出内存的"
        "运行被停止，记为未测得（未达标）。A run over either limit is stopped and counts as missed.",
        "- 基准脚本 baseline: `benchmarks/baseline_polars.py`，先在 county 与 city 规模上与 "
        "`sqmy assess` 逐字段核对一致，再计时；不一致则停止。",
        "- 只计时的是子进程的墙钟时间；峰值内存是该子进程的 `ru_maxrss`（`os.wait4`）。",
        "",
    ]
    return "\n".join(lines)


SERIES: tuple[tuple[str, str, str, str], ...] = (
    ("json", "engine", "sqmy assess --data (JSON)", "o-"),
    ("json", "polars", "polars script (JSON)", "s--"),
    ("store", "engine", "sqmy assess --db (SQLite)", "^-"),
    ("store", "polars", "polars script (Parquet)", "v--"),
    ("store", "import", "sqmy import (SQLite)", "d:"),
)


def chart_points(results: dict[str, Any]) -> dict[str, list[tuple[int, float]]]:
    """Per series label: (events, median seconds) for every size that has a figure."""
    out: dict[str, list[tuple[int, float]]] = {}
    for path, tool, label, _ in SERIES:
        pts = []
        for name, s in results["sizes"].items():
            med = _stat(results, name, path, tool).get("median_s")
            if med:
                pts.append((int(s["events"]), float(med)))
        if pts:
            out[label] = sorted(pts)
    return out


def write_chart(results: dict[str, Any], path: Path) -> bool:
    """The log-log PNG of cost against size; ``False`` when fewer than two sizes have figures."""
    points = chart_points(results)
    if not any(len(p) >= 2 for p in points.values()):
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    styles = {label: style for _, _, label, style in SERIES}
    fig, ax = plt.subplots(figsize=(7.5, 4.8), dpi=110)
    for label, pts in points.items():
        ax.plot([x for x, _ in pts], [y for _, y in pts], styles[label], label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("events in the dataset")
    ax.set_ylabel("median wall time (s), start-up included")
    ax.set_title("District ruleset: cost against size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return True


def write_docs(
    results: dict[str, Any],
    docs: Path,
    chart_writer: Callable[[dict[str, Any], Path], bool] = write_chart,
) -> Path:
    """Write ``docs/performance.md`` (and ``docs/performance.png``) from a run's results."""
    docs.mkdir(parents=True, exist_ok=True)
    png = docs / "performance.png"
    drawn = chart_writer(results, png)
    md = docs / "performance.md"
    md.write_text(render_markdown(results, png.name if drawn else None), encoding="utf-8")
    return md
