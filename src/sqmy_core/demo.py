"""Write a synthetic ``sqmy-dataset/1`` file: ``python -m sqmy_core.demo``.

::

    python -m sqmy_core.demo --seed 2024 --year 2024 --out demo-out/district-dataset.json
    python -m sqmy_core.demo --seed 7 --year 2024 --profile party --out party.json

The document comes from :func:`sqmy_core.synth.generate`; this module only
parses the command line and writes the file (UTF-8 JSON, Chinese kept as is).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from sqmy_core.synth import PROFILE_NAMES, PROFILES, generate


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m sqmy_core.demo",
        description="生成一份示例数据集（sqmy-dataset/1，UTF-8 JSON）。",
    )
    ap.add_argument("--seed", type=int, required=True, help="随机种子；相同参数生成相同的数据")
    ap.add_argument("--year", type=int, required=True, help="最后一个年度（如 2024）")
    ap.add_argument("--out", type=Path, required=True, help="输出文件路径（自动创建上级目录）")
    ap.add_argument("--profile", choices=PROFILES, default="district",
                    help="组织类型：district 区政协、party 民建市委、committee 市政协民宗委")
    ap.add_argument("--people", type=int, default=None, help="人员数（默认按组织类型）")
    ap.add_argument("--pieces", type=int, default=None, help="各年度稿件总数（默认按组织类型）")
    ap.add_argument("--years", type=int, default=2, help="连续年度数，截至 --year（默认 2）")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)
    try:
        doc = generate(args.profile, seed=args.seed, year=args.year, people=args.people,
                       pieces=args.pieces, years=args.years)
    except ValueError as exc:
        ap.error(str(exc))
    out: Path = args.out
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        print(f"无法写入 {out}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    first = args.year - args.years + 1
    span = f"{first}–{args.year} 年" if first != args.year else f"{args.year} 年"
    print(
        f"已写入{PROFILE_NAMES[args.profile]}示例数据（{span}）到 {out}："
        f"人员 {len(doc['people'])} 人，单位 {len(doc['units'])} 个，"
        f"稿件 {len(doc['pieces'])} 篇，事件 {len(doc['events'])} 条。"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
