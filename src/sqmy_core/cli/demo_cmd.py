"""``sqmy demo``: a synthetic dataset file, or a simulated year replayed into SQLite.

The command only parses; :mod:`sqmy_core.tools.demo` does the work, so the
demo has one command line (this one) and ``make demo`` runs it.
"""

from __future__ import annotations

from pathlib import Path

import click

from sqmy_core.tools.demo import DemoRequest, run
from sqmy_core.tools.synth import PROFILES


@click.command("demo")
@click.option("--seed", type=int, required=True, help="随机种子；相同参数生成相同的数据")
@click.option("--year", type=int, required=True, help="最后一个年度（如 2024）")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="输出文件路径（自动创建上级目录）",
)
@click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="SQLite 工作区文件；已存在的先删除（连同 -wal、-shm 文件）",
)
@click.option(
    "--profile", type=click.Choice(PROFILES), default="district", show_default=True,
    help="组织类型：district 区政协、party 民建市委、committee 市政协民宗委",
)
@click.option(
    "--ruleset", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="规则集文件（仅 --db；默认为该组织类型随包附带的规则集）",
)
@click.option("--people", type=int, default=None, help="人员数（默认按组织类型）")
@click.option("--pieces", type=int, default=None, help="各年度稿件总数（默认按组织类型）")
@click.option("--years", type=int, default=2, show_default=True, help="连续年度数，截至 --year")
def demo_command(
    seed: int, year: int, out: Path | None, db: Path | None, profile: str,
    ruleset: Path | None, people: int | None, pieces: int | None, years: int,
) -> None:
    """生成一份示例数据集（sqmy-dataset/1，UTF-8 JSON，--out），或把生成的年度按工作流程逐条命令写入 SQLite 工作区（--db）。"""
    if (out is None) == (db is None):
        raise click.UsageError("--out 与 --db 须且只能给出其一")
    if ruleset is not None and db is None:
        raise click.UsageError("--ruleset 只能与 --db 一起使用")
    request = DemoRequest(
        seed=seed, year=year, profile=profile, out=out, db=db, ruleset=ruleset,
        people=people, pieces=pieces, years=years,
    )
    try:
        status = run(request)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    raise SystemExit(status)


def register(cli: click.Group) -> None:
    cli.add_command(demo_command)
