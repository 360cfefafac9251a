"""Precision and recall of the similar-topic matcher on the labelled title pairs.

``tests/data/similar_pairs.tsv`` holds pairs of 社情民意信息 titles, each
labelled ``same`` or ``different`` and given a kind (near duplicate,
paraphrase, the same topic in other words; different topics sharing words,
of one domain, unrelated).  This module scores every pair with the matcher
the library uses (:func:`sqmy_core.workflow.similar.text_score`) and, when
they are installed (the ``bench`` extra), with the alternatives it was
chosen against: character n-gram TF-IDF (scikit-learn) and word TF-IDF
(jieba).  It prints the table; ``--write-docs`` writes it into
``docs/similar.md`` between the markers, so the figures there always come
from a run::

    python -m benchmarks.similar [--write-docs]
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import subprocess
import sys
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path

from attrs import frozen

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "data" / "similar_pairs.tsv"
DOC = ROOT / "docs" / "similar.md"
BEGIN = "<!-- BEGIN measured: python -m benchmarks.similar --write-docs -->"
END = "<!-- END measured -->"
CHOSEN = Fraction(4, 5)
"""The threshold the example rulesets and the docs use (0.8)."""
THRESHOLDS = tuple(Fraction(n, 100) for n in range(60, 100, 5))
KINDS = ("near_duplicate", "paraphrase", "other_words", "shared_words", "same_domain", "unrelated")


@frozen
class Pair:
    left: str
    right: str
    same: bool
    kind: str


@frozen
class Verdict:
    """Counts at one threshold."""

    threshold: Fraction
    tp: int
    fp: int
    fn: int
    by_kind: dict[str, tuple[int, int]]
    """kind -> (pairs called same, pairs of that kind)."""

    @property
    def precision(self) -> Fraction:
        return Fraction(self.tp, self.tp + self.fp) if self.tp + self.fp else Fraction(1)

    @property
    def recall(self) -> Fraction:
        return Fraction(self.tp, self.tp + self.fn) if self.tp + self.fn else Fraction(0)


def load_pairs(path: Path = PAIRS) -> list[Pair]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return [Pair(r["left"], r["right"], r["label"] == "same", r["kind"]) for r in rows]


def verdict(scores: Sequence[Fraction | float], pairs: Sequence[Pair], threshold: Fraction) -> Verdict:
    tp = fp = fn = 0
    by_kind: dict[str, list[int]] = {}
    for score, pair in zip(scores, pairs, strict=True):
        called = score >= threshold
        tp += called and pair.same
        fp += called and not pair.same
        fn += pair.same and not called
        entry = by_kind.setdefault(pair.kind, [0, 0])
        entry[0] += called
        entry[1] += 1
    return Verdict(threshold, tp, fp, fn, {k: (v[0], v[1]) for k, v in by_kind.items()})


def indel_scores(pairs: Sequence[Pair]) -> list[Fraction]:
    from sqmy_core.workflow.similar import text_score

    return [text_score(p.left, p.right) for p in pairs]


def _tfidf(pairs: Sequence[Pair], **options: object) -> list[float]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    titles = sorted({t for p in pairs for t in (p.left, p.right)})
    index = {t: i for i, t in enumerate(titles)}
    matrix = TfidfVectorizer(**options).fit_transform(titles)  # type: ignore[arg-type]
    return [float(matrix[index[p.left]].multiply(matrix[index[p.right]]).sum()) for p in pairs]


def _jieba_words(text: str) -> list[str]:
    import jieba

    return [w for w in jieba.lcut(text) if w.strip()]


def alternatives() -> dict[str, Callable[[Sequence[Pair]], Sequence[Fraction | float]]]:
    """The methods compared, the chosen one first; those not installed are left out."""
    out: dict[str, Callable[[Sequence[Pair]], Sequence[Fraction | float]]] = {
        "rapidfuzz Indel（采用 chosen）": indel_scores
    }
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return out
    out["TF-IDF char_wb (1,2)"] = lambda ps: _tfidf(ps, analyzer="char_wb", ngram_range=(1, 2))
    out["TF-IDF char_wb (1,3)"] = lambda ps: _tfidf(ps, analyzer="char_wb", ngram_range=(1, 3))
    try:
        import jieba

        jieba.setLogLevel(60)
    except ImportError:
        return out
    out["TF-IDF jieba words"] = lambda ps: _tfidf(ps, analyzer=_jieba_words)
    return out


def best_recall_at(scores: Sequence[Fraction | float], pairs: Sequence[Pair], least: Fraction) -> Verdict | None:
    """The threshold (from the scores themselves) with the highest recall at precision >= ``least``."""
    best: Verdict | None = None
    for t in sorted({Fraction(s).limit_denominator(10**6) for s in scores}):
        v = verdict(scores, pairs, t)
        if v.precision >= least and (best is None or v.recall > best.recall):
            best = v
    return best


COSTS = {
    "rapidfuzz": ("import rapidfuzz.distance", ("RapidFuzz",)),
    "scikit-learn": (
        "import sklearn.feature_extraction.text",
        ("scikit-learn", "scipy", "joblib", "threadpoolctl"),
    ),
    "jieba": ("import jieba; jieba.setLogLevel(60); jieba.initialize()", ("jieba",)),
}
"""What each library costs to start (its import, and jieba's dictionary) and which
distributions it installs (scikit-learn with the libraries it pulls in)."""


def import_cost(code: str, dists: Sequence[str]) -> tuple[float, float]:
    """Seconds to run ``code`` in a fresh interpreter (best of 3), and MB the distributions install."""
    timed = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", timed], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    size = 0
    for dist in dists:
        size += sum((f.size or 0) for f in importlib.metadata.distribution(dist).files or [])
    return min(times), size / 1e6


def _pct(x: Fraction) -> str:
    return f"{float(x) * 100:.1f}%"


def report(pairs: Sequence[Pair]) -> str:
    """The measured part of docs/similar.md (Markdown)."""
    methods = alternatives()
    chosen_scores = indel_scores(pairs)
    same = sum(p.same for p in pairs)
    lines = [
        f"标注集 Labelled set: {len(pairs)} 对 pairs（same {same}, different {len(pairs) - same}）。",
        "",
        f"### 采用的阈值 {float(CHOSEN):g} 下 At the chosen threshold {float(CHOSEN):g}",
        "",
    ]
    v = verdict(chosen_scores, pairs, CHOSEN)
    lines += [
        f"- 精确率 precision **{_pct(v.precision)}**（{v.tp} / {v.tp + v.fp}）",
        f"- 召回率 recall **{_pct(v.recall)}**（{v.tp} / {v.tp + v.fn}）",
        "",
        "| 类别 kind | 标注 label | 判为相似 called similar |",
        "|---|---|---|",
    ]
    for kind in KINDS:
        called, total = v.by_kind.get(kind, (0, 0))
        label = "same" if kind in KINDS[:3] else "different"
        lines.append(f"| {kind} | {label} | {called} / {total} |")
    lines += ["", "### 各阈值 Over thresholds (rapidfuzz Indel)", "",
              "| 阈值 threshold | 精确率 precision | 召回率 recall | near_duplicate 召回 |", "|---|---|---|---|"]
    for t in THRESHOLDS:
        v = verdict(chosen_scores, pairs, t)
        nd = v.by_kind.get("near_duplicate", (0, 0))
        lines.append(f"| {float(t):g} | {_pct(v.precision)} | {_pct(v.recall)} | {nd[0]} / {nd[1]} |")
    lines += ["", "### 与其他做法比较 Compared with the alternatives", "",
              "各做法在精确率不低于 90% 时能达到的最高召回率（阈值取自各自的分数）。"
              " The highest recall each method reaches at a precision of at least 90 %.", "",
              "| 做法 method | 阈值 threshold | 精确率 precision | 召回率 recall | paraphrase | other_words |",
              "|---|---|---|---|---|---|"]
    for name, scorer in methods.items():
        scores = chosen_scores if scorer is indel_scores else scorer(pairs)
        b = best_recall_at(scores, pairs, Fraction(9, 10))
        if b is None:
            lines.append(f"| {name} | — | — | — | — | — |")
            continue
        para, other = b.by_kind.get("paraphrase", (0, 0)), b.by_kind.get("other_words", (0, 0))
        lines.append(
            f"| {name} | {float(b.threshold):.3f} | {_pct(b.precision)} | {_pct(b.recall)} "
            f"| {para[0]} / {para[1]} | {other[0]} / {other[1]} |"
        )
    lines += ["", "| 库 library | 启动耗时 start (s) | 安装大小（含依赖）installed with its dependencies (MB) |",
              "|---|---|---|"]
    for name, (code, dists) in COSTS.items():
        try:
            seconds, size = import_cost(code, dists)
        except (subprocess.CalledProcessError, importlib.metadata.PackageNotFoundError):
            continue
        lines.append(f"| {name} | {seconds:.3f} | {size:.1f} |")
    return "\n".join(lines)


def write_docs(text: str, doc: Path = DOC) -> None:
    old = doc.read_text(encoding="utf-8")
    start, end = old.index(BEGIN) + len(BEGIN), old.index(END)
    doc.write_text(old[:start] + "\n" + text + "\n" + old[end:], encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/similar.md")
    args = parser.parse_args(argv)
    text = report(load_pairs())
    print(text)
    if args.write_docs:
        write_docs(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
