"""``sqmy report --format png``: charts whose Chinese is drawn with glyphs, never boxes.

A chart is drawn as the writer draws it; every text on the figure (titles,
tick labels, value labels, legends) must use the CJK font the ``reports``
extra installs, every character of it must be in that font's character map,
and matplotlib must neither warn of a missing glyph nor fall back to another
font.  The negative control draws a character the font lacks and shows the
same checks catching it.
"""

from __future__ import annotations

import io
import logging
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("mplfonts")
from fontTools.ttLib import TTFont

from sqmy_core.reports.document import Chart, Series
from sqmy_core.reports.writers import charts, render_report
from sqmy_core.reports.writers.fonts import cjk_font_name, cjk_font_path
from tests.integration.reports_data import CASES, assessment_of, bulletin_of

PNG = b"\x89PNG\r\n\x1a\n"


def cmap() -> set[int]:
    with TTFont(str(cjk_font_path()), lazy=True) as font:
        return set(font.getBestCmap())


@contextmanager
def drawn(chart_list: list[Chart]) -> Iterator[tuple[list[str], list[str], list[str]]]:
    """Draw the charts to PNG; yield (texts, font names used, warnings and log lines)."""
    texts: list[str] = []
    fonts: list[str] = []
    said: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: said.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught, charts._settings():
            warnings.simplefilter("always")
            fig = charts.figure(chart_list)
            charts.require("matplotlib.backends.backend_agg", "png").FigureCanvasAgg(fig)
            fig.savefig(io.BytesIO(), format="png")
            from matplotlib.text import Text

            for t in fig.findobj(Text):
                if t.get_text() and t.get_visible():
                    texts.append(t.get_text())
                    fonts.append(t.get_fontname())
        said += [str(w.message) for w in caught]
        yield texts, fonts, said
    finally:
        logger.removeHandler(handler)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("name", CASES)
def test_every_character_of_every_chart_is_a_glyph_of_the_font(name: str) -> None:
    report = assessment_of(name)
    assert {c.kind for c in report.charts} >= {"ranking", "funnel", "trend"}
    glyphs = cmap()
    with drawn(list(report.charts)) as (texts, fonts, said):
        assert any("\u4e00" <= ch <= "\u9fff" for t in texts for ch in t)  # Chinese was drawn
        missing = {ch for t in texts for ch in t if ord(ch) not in glyphs and not ch.isspace()}
        assert not missing
        assert set(fonts) == {cjk_font_name()}
        assert not [s for s in said if "missing" in s.lower() or "findfont" in s.lower()]


def test_a_character_the_font_lacks_is_caught() -> None:
    glyphs = cmap()
    odd = "\U0001f600"  # an emoji: not in Noto Sans CJK
    assert ord(odd) not in glyphs
    chart = Chart("x", "ranking", f"排名{odd}", ("甲",), (Series("积分", (1,)),))
    with drawn([chart]) as (texts, _, said):
        assert any(odd in t for t in texts)
        assert any("missing" in s.lower() for s in said)


@pytest.mark.parametrize("name", CASES)
def test_the_png_is_an_image_of_sensible_size(name: str) -> None:
    report = assessment_of(name)
    data = render_report(report, "png")
    width, height = png_size(data)
    assert width == int(charts.WIDTH * charts.DPI)
    assert width < height < 40 * width  # several charts, one below the other
    assert 20_000 < len(data) < 2_000_000


def test_each_chart_alone_and_the_funnel_from_the_clues() -> None:
    report = assessment_of("district")
    funnel = next(c for c in report.charts if c.kind == "funnel")
    assert funnel.labels == ("线索", "采集", "采编", "上报", "采用", "落实")
    assert funnel.shares[:2] == (None, None)  # pieces are no share of the clues
    submitted, approved = funnel.series[0].values[1:3]
    assert funnel.shares[2] == Fraction(approved, submitted)
    for chart in report.charts:
        width, height = png_size(charts.chart_png(chart))
        assert width == int(charts.WIDTH * charts.DPI) and height > 200


def test_a_bulletins_ranking_labels_carry_ids() -> None:
    b, report = bulletin_of("district", "2024Q1")
    ranking = next(c for c in report.charts if c.key == "people")
    assert all(f"（{r.id}）" in label for r, label in zip(
        sorted(b.people, key=lambda r: (-r.tally.counts["adopted"], r.id)), ranking.labels,
        strict=False))  # fmt: skip
    with drawn([ranking]) as (texts, _, said):
        assert all(label in texts for label in ranking.labels)
        assert not said
