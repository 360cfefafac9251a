"""A report's charts as PNG (matplotlib, Agg): ranking bars, the funnel, the monthly trend, units by class.

All the report's charts go into one image, one below the other
(:func:`render`); :func:`chart_png` draws one.  Figures are matplotlib
``Figure`` objects on an Agg canvas, never pyplot: nothing global is
touched but the font manager, which learns the CJK font once
(:mod:`~sqmy_core.reports.writers.fonts`).  Every text is drawn in that
font, so Chinese labels render as glyphs, never boxes; the tests check each
character against the font's character map and that matplotlib warned of no
missing glyph.  Values on the bars are shown as the tables show them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from fractions import Fraction
from typing import Any, Final

from sqmy_core.errors import ConfigurationError, Problem
from sqmy_core.reports.document import Chart, Report
from sqmy_core.reports.writers.cells import percent_text
from sqmy_core.reports.writers.extra import require
from sqmy_core.reports.writers.fonts import cjk_font_name
from sqmy_core.scoring.rounding import points_text

WIDTH: Final = 10.0
DPI: Final = 110
COLORS: Final = ("#C00000", "#2F5597", "#548235", "#BF9000", "#7030A0", "#00838F")


def _value_text(v: int | Fraction) -> str:
    return str(v) if isinstance(v, int) else points_text(v)


def _height(chart: Chart) -> float:
    if chart.kind == "ranking":
        return max(2.8, 0.34 * len(chart.labels) + 1.4)
    if chart.kind == "funnel":
        return max(3.0, 0.55 * len(chart.labels) + 1.2)
    return 4.2


def _whole_ticks(axis: Any, chart: Chart) -> None:
    """Counts get whole-number ticks (no 0.2 of a piece)."""
    if all(isinstance(v, int) for s in chart.series for v in s.values):
        ticker = require("matplotlib.ticker", "png")
        axis.set_major_locator(ticker.MaxNLocator(integer=True))


def _ranking(ax: Any, chart: Chart) -> None:
    values = [float(v) for v in chart.series[0].values]
    ys = range(len(values))
    ax.barh(list(ys), values, color=COLORS[0], height=0.6)
    ax.set_yticks(list(ys), labels=list(chart.labels))
    ax.invert_yaxis()
    top = max(values, default=0) or 1
    for y, v in zip(ys, chart.series[0].values, strict=True):
        ax.text(float(v) + top * 0.01, y, _value_text(v), va="center", fontsize=9)
    ax.set_xlim(0, top * 1.12)
    _whole_ticks(ax.xaxis, chart)
    if chart.unit:
        ax.set_xlabel(chart.unit)


def _funnel(ax: Any, chart: Chart) -> None:
    raw = chart.series[0].values
    values = [float(v) for v in raw]
    top = max(values, default=0) or 1
    ys = list(range(len(values)))
    lefts = [(top - v) / 2 for v in values]
    colors = [COLORS[i % len(COLORS)] for i in ys]
    ax.barh(ys, values, left=lefts, color=colors, height=0.72)
    ax.set_yticks(ys, labels=list(chart.labels))
    ax.invert_yaxis()
    ax.set_xlim(-top * 0.05, top * 1.3)
    ax.set_xticks([])
    shares = chart.shares or (None,) * len(raw)
    for y, v, share in zip(ys, raw, shares, strict=True):
        text = _value_text(v) if share is None else f"{_value_text(v)}  ({percent_text(share)})"
        ax.text(top + top * 0.03, y, text, va="center", fontsize=10)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)


def _trend(ax: Any, chart: Chart) -> None:
    xs = list(range(len(chart.labels)))
    for k, s in enumerate(chart.series):
        ax.plot(
            xs,
            [float(v) for v in s.values],
            marker="o",
            color=COLORS[k % len(COLORS)],
            label=s.name,
            linewidth=1.8,
        )
    ax.set_xticks(xs, labels=list(chart.labels))
    ax.set_ylim(bottom=0)
    _whole_ticks(ax.yaxis, chart)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left", fontsize=9, ncols=min(len(chart.series), 5), frameon=False)
    if chart.unit:
        ax.set_ylabel(chart.unit, rotation=0, ha="right")


def _grouped(ax: Any, chart: Chart) -> None:
    n = max(len(chart.series), 1)
    width = 0.8 / n
    xs = list(range(len(chart.labels)))
    top = max((float(v) for s in chart.series for v in s.values), default=0) or 1
    for k, s in enumerate(chart.series):
        offs = [x - 0.4 + width * (k + 0.5) for x in xs]
        ax.bar(
            offs,
            [float(v) for v in s.values],
            width=width * 0.92,
            color=COLORS[k % len(COLORS)],
            label=s.name,
        )
        for x, v in zip(offs, s.values, strict=True):
            ax.text(x, float(v) + top * 0.01, _value_text(v), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(xs, labels=list(chart.labels))
    ax.set_ylim(0, top * 1.18)
    _whole_ticks(ax.yaxis, chart)
    ax.legend(loc="upper right", fontsize=9, frameon=False)
    if chart.unit:
        ax.set_ylabel(chart.unit, rotation=0, ha="right")


_DRAW: Final = {"ranking": _ranking, "funnel": _funnel, "trend": _trend, "units_by_class": _grouped}


@contextmanager
def _settings() -> Iterator[None]:
    """matplotlib's settings for one drawing: the CJK font, a plain hyphen-minus."""
    mpl = require("matplotlib", "png")
    name = cjk_font_name()
    with mpl.rc_context({"font.family": [name], "axes.unicode_minus": False, "font.size": 10}):
        yield


def figure(charts: Sequence[Chart]) -> Any:
    """The matplotlib figure of ``charts``, one below the other (drawn within :func:`_settings`)."""
    figure_mod = require("matplotlib.figure", "png")
    heights = [_height(c) for c in charts]
    fig = figure_mod.Figure(figsize=(WIDTH, sum(heights)), dpi=DPI, layout="constrained")
    axes = fig.subplots(len(charts), 1, height_ratios=heights, squeeze=False)
    for ax, chart in zip(axes[:, 0], charts, strict=True):
        ax.set_title(chart.title, loc="left", fontsize=13)
        if chart.labels and chart.series:
            _DRAW[chart.kind](ax, chart)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return fig


def png_of(charts: Sequence[Chart]) -> bytes:
    """``charts`` drawn into one PNG."""
    if not charts:
        raise ConfigurationError([Problem("--format", "report.no_charts", {})])
    agg = require("matplotlib.backends.backend_agg", "png")
    with _settings():
        fig = figure(charts)
        agg.FigureCanvasAgg(fig)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def chart_png(chart: Chart) -> bytes:
    """One chart as a PNG."""
    return png_of([chart])


def render(report: Report) -> bytes:
    return png_of(report.charts)


__all__ = ["chart_png", "figure", "png_of", "render"]
