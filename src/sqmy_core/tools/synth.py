"""Seeded synthetic datasets in the ``sqmy-dataset/1`` format.

:func:`generate` builds a realistic document for one of the three example
organizations (``district``: a county CPPCC; ``party``: a 民建 city committee;
``committee``: a city CPPCC special committee), covering ``years`` consecutive
calendar years ending at ``year``, with events spilling into January of the
year after (the export is taken at 1 February, 00:00 Beijing time; events
that would come later have not happened yet and are left out).

Pure: no I/O, no clock; every random draw comes from one
``random.Random(seed)``, and nothing iterates a set or a hash-ordered
container, so a seed gives the same document in every process.  The work is
linear in people + pieces (weighted choices by bisection, per-unit member
lists for co-authors, time stamps from precomputed day and minute strings),
so national sizes are feasible.

Records are emitted in a stable order: units as a tree from the root, people
by id, calls and pieces by time, and each piece's events grouped together in
time order.  Optional keys are left out rather than set to null.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Any, Final, TypeVar

from sqmy_core.model.vocab import BODIES

FORMAT: Final = "sqmy-dataset/1"
OFFSET: Final = "+08:00"
PROFILES: Final = ("district", "party", "committee")
PROFILE_NAMES: Final = {"district": "区政协", "party": "民建市委", "committee": "市政协民宗委"}

REVIEW_STAGES: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "district": (
        ("initial", "reviewer_initial"),
        ("deputy", "reviewer_deputy"),
        ("chair", "reviewer_chair"),
    ),
    "party": (),
    "committee": (
        ("editor", "editor"),
        ("office_director", "office_director"),
        ("committee_leader", "committee_leader"),
    ),
}
"""Each profile's review levels as (stage id used in ``reviewed`` events, reviewer role)."""

REVIEWER_ROLES: Final = {p: tuple(role for _, role in s) for p, s in REVIEW_STAGES.items()}
"""The roles a ruleset must add (``extra_roles``) to accept a profile's people."""

_T = TypeVar("_T")
_Add = Callable[[int, str, dict[str, Any]], None]  # records one event: (time, type, fields)
_DAY: Final = 1440  # times are whole minutes from 1 January of the first year, 00:00 +08:00

# --------------------------------------------------------------------------- vocabulary

# topic -> (subjects, handling departments; {L} is the level prefix 区/市)
_TOPICS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "城乡建设": (
        (
            "老旧小区改造",
            "城区停车设施建设",
            "背街小巷环境整治",
            "城市排水防涝设施建设",
            "农村危房改造",
            "电动自行车集中充电设施建设",
            "公园运动设施提升改造",
            "小区物业服务管理",
        ),
        ("{L}住建局", "{L}城管局", "{L}自然资源局"),
    ),
    "乡村振兴": (
        (
            "农村生活污水治理",
            "高标准农田建设",
            "村级集体经济发展",
            "农产品区域品牌建设",
            "农村人居环境整治",
            "乡村民宿规范发展",
            "农村饮水安全保障",
            "农村土地流转管理",
        ),
        ("{L}农业农村局", "{L}水利局", "{L}乡村振兴局"),
    ),
    "生态环境": (
        (
            "矿产资源开发生态修复",
            "农村面源污染防治",
            "工业废水排放监管",
            "大气污染联防联治",
            "河道垃圾清理",
            "生活垃圾分类",
        ),
        ("{L}生态环境局", "{L}水利局", "{L}城管局"),
    ),
    "教育": (
        (
            "义务教育课后服务",
            "乡村教师队伍建设",
            "校园周边交通安全",
            "普惠性学前教育",
            "职业教育产教融合",
            "中小学生心理健康教育",
        ),
        ("{L}教育局",),
    ),
    "医疗卫生": (
        (
            "基层医疗服务能力提升",
            "村卫生室运行保障",
            "医保异地就医结算",
            "家庭医生签约服务",
            "院前急救网络建设",
            "儿科医疗资源配置",
        ),
        ("{L}卫健局", "{L}医保局"),
    ),
    "养老服务": (
        ("社区居家养老服务", "农村互助养老", "养老机构消防安全", "老年助餐服务", "居家适老化改造"),
        ("{L}民政局",),
    ),
    "社会保障": (
        (
            "灵活就业人员参保",
            "困难群众救助",
            "残疾人就业帮扶",
            "退役军人就业安置",
            "城乡居民医保参保",
        ),
        ("{L}人社局", "{L}民政局", "{L}医保局"),
    ),
    "民营经济": (
        (
            "民营企业融资",
            "减税降费政策落实",
            "拖欠企业账款清理",
            "民营企业人才引进",
            "个体工商户纾困",
        ),
        ("{L}发改局", "{L}工信局", "{L}财政局"),
    ),
    "营商环境": (
        ("政务服务一网通办", "涉企行政检查规范", "工程建设项目审批", "招投标市场秩序整治"),
        ("{L}政务服务中心", "{L}市场监管局", "{L}发改局"),
    ),
    "交通出行": (
        (
            "农村公路养护",
            "城乡公交一体化",
            "学校周边交通秩序",
            "电动自行车安全管理",
            "城区慢行系统建设",
        ),
        ("{L}交通运输局", "{L}公安局交警大队"),
    ),
    "基层治理": (
        (
            "网格化社会治理",
            "社区工作者队伍建设",
            "矛盾纠纷多元化解",
            "基层减负",
            "农村留守儿童关爱",
        ),
        ("{L}民政局", "{L}司法局", "{L}委政法委"),
    ),
    "文化旅游": (
        (
            "历史文化街区保护",
            "非物质文化遗产传承",
            "全域旅游发展",
            "公共文化设施利用",
            "红色文化资源保护利用",
        ),
        ("{L}文旅局",),
    ),
    "安全生产": (
        (
            "城镇燃气安全",
            "自建房安全隐患排查",
            "消防通道畅通",
            "校园食品安全监管",
            "危险化学品运输监管",
        ),
        ("{L}应急管理局", "{L}市场监管局", "{L}住建局"),
    ),
    "科技创新": (
        ("科技型中小企业培育", "科技成果转化", "高价值产业链打造", "创新人才引育"),
        ("{L}科技局", "{L}工信局"),
    ),
    "金融服务": (
        ("普惠金融服务", "地方金融风险防范", "科技金融发展", "农村金融服务"),
        ("{L}金融办", "{L}财政局"),
    ),
    "民族宗教": (
        (
            "民族团结进步创建",
            "宗教活动场所安全管理",
            "少数民族流动人口服务管理",
            "民族地区乡村振兴",
            "民族传统文化保护传承",
            "宗教团体自身建设",
            "少数民族特色村寨保护",
            "宗教教职人员社会保障",
            "民族医药传承发展",
            "双语教育质量提升",
        ),
        ("{L}民族宗教事务局", "{L}委统战部", "{L}文旅局", "{L}教育局"),
    ),
}

_FRAMES: Final = (  # (template, weight); {p} a place or "", {s} a subject
    ("关于{p}{s}的建议", 5.0),
    ("关于加快{p}{s}的建议", 3.0),
    ("关于进一步加强{p}{s}的建议", 2.0),
    ("关于{p}{s}存在的问题及对策建议", 2.0),
    ("关于完善{p}{s}工作机制的建议", 1.5),
    ("{p}{s}亟待引起重视", 1.0),
    ("群众反映{p}{s}方面存在短板", 1.0),
    ("关于{p}{s}情况的调研与思考", 1.0),
)
_FRAME_CUM: Final = tuple(accumulate(w for _, w in _FRAMES))

_SURNAMES: Final = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
_GIVEN: Final = (
    "建国华明伟丽芳军勇杰敏静强磊洋艳娟涛斌超霞平刚桂英秀兰文辉玲峰燕鹏红春海波宇浩凯晨鑫欣婷雪梅"
    "琳志新亮林成东俊宏晓丹云飞颖健佳瑞雯博嘉思雨德振永光荣泽涵宁"
)
_PLACE_A: Final = "东西南北城新清青石柳梅龙金白凤双长永太兴安平丰和宝花桃杨黄红"
_PLACE_B: Final = "关城湖山华桥河林园泉沙马凰乐安平隆阳溪坪坝岗塘口桥铺店屯湾"
_CN_NUM: Final = "一二三四五六七八九十"
_MONTH_WEIGHTS: Final = (0.6, 0.6, 1.2, 1.1, 1.1, 1.0, 0.9, 0.8, 1.0, 1.05, 1.1, 1.0)
_OUTCOMES: Final = (("implemented", 0.55), ("under_study", 0.33), ("declined", 0.12))
_OUTCOME_KEYS: Final = tuple(k for k, _ in _OUTCOMES)
_OUTCOME_CUM: Final = tuple(accumulate(w for _, w in _OUTCOMES))
_RETURN_NOTES: Final = (
    "请补充具体数据和典型案例",
    "建议聚焦一个问题，压缩篇幅",
    "对策建议可操作性不强，请修改充实",
    "请核实相关政策依据",
    "标题与内容不够契合，请修改",
)
_REJECT_NOTES: Final = (
    "同类信息已被采用",
    "质量一般，没有独到见解",
    "反映的问题已在解决中",
    "不属于社情民意信息范畴",
)


@dataclass(frozen=True)
class _Spec:
    """What distinguishes one profile's data: sizes, topics, flows and probabilities."""

    people: int  # default number of people records
    pieces: int  # default pieces a year
    min_people: int
    topics: tuple[tuple[str, float], ...]
    places: tuple[str, ...]
    level_prefix: str  # 区 / 市, for department names
    unit_slots: tuple[tuple[str, float], ...]  # unit kind of 报送单位 and its chance
    authors: tuple[float, float, float]  # chance of 1, 2, 3 authors
    call_share: float
    call_kinds: tuple[tuple[str, float], ...]
    levels_share: float  # share of pieces whose review levels are recorded (``reviewed``)
    escalate: float  # chance that the first level asks for an expert joint review
    p_approve: float
    p_return: float
    routes: tuple[tuple[str, float], ...]
    n_routes: tuple[float, float, float]
    late_share: float
    publication: tuple[
        str, str, float
    ]  # the route `bulletin` (编入刊物): (to, body, chance of adoption)
    direct: tuple[tuple[str, float, tuple[tuple[str, float], ...]], ...]  # (to, weight, chain)
    reference: tuple[str, str, float, float]  # (to, body, adoption chance, instruction chance)
    reference_levels: tuple[tuple[str, float], ...]
    transfer_handled: float


_SPECS: Final = {
    "district": _Spec(
        people=180,
        pieces=350,
        min_people=40,
        topics=(
            ("城乡建设", 3),
            ("乡村振兴", 3),
            ("生态环境", 2),
            ("教育", 2),
            ("医疗卫生", 2),
            ("养老服务", 1.5),
            ("社会保障", 1.5),
            ("民营经济", 1.5),
            ("营商环境", 1),
            ("交通出行", 1.5),
            ("基层治理", 1.5),
            ("文化旅游", 1),
            ("安全生产", 1),
            ("科技创新", 0.5),
            ("民族宗教", 0.3),
        ),
        places=("", "", "", "我区", "城区", "农村", "各镇街"),
        level_prefix="区",
        unit_slots=(
            ("sector", 0.4),
            ("committee", 0.15),
            ("liaison", 0.22),
            ("studio", 0.05),
            ("office", 0.06),
        ),
        authors=(0.76, 0.17, 0.07),
        call_share=0.16,
        call_kinds=(("commission", 0.3), ("call", 0.35), ("key_topic", 0.35)),
        levels_share=0.2,
        escalate=0.05,
        p_approve=0.68,
        p_return=0.15,
        routes=(("bulletin", 0.45), ("reference", 0.3), ("direct", 0.3), ("transfer", 0.25)),
        n_routes=(0.7, 0.25, 0.05),
        late_share=0.07,
        publication=("区政协《社情民意》", "cppcc-county", 0.7),
        direct=(
            (
                "cppcc-city",
                1.0,
                (("cppcc-city", 0.3), ("cppcc-province", 0.2), ("cppcc-national", 0.15)),
            ),
        ),
        reference=("区委、区政府领导", "cpc-county-office", 0.15, 0.3),
        reference_levels=(("county", 1.0),),
        transfer_handled=0.35,
    ),
    "party": _Spec(
        people=260,
        pieces=300,
        min_people=20,
        topics=(
            ("民营经济", 3),
            ("营商环境", 2.5),
            ("金融服务", 2),
            ("科技创新", 2),
            ("乡村振兴", 1.5),
            ("教育", 1.5),
            ("医疗卫生", 1.5),
            ("社会保障", 1),
            ("城乡建设", 1),
            ("生态环境", 1),
            ("养老服务", 1),
            ("基层治理", 0.5),
        ),
        places=("", "", "", "我市", "中心城区", "区县"),
        level_prefix="市",
        unit_slots=(("district_branch", 0.45), ("grassroots", 0.35), ("committee", 0.12)),
        authors=(0.7, 0.2, 0.1),
        call_share=0.2,
        call_kinds=(("commission", 0.45), ("call", 0.55)),
        levels_share=0.0,
        escalate=0.0,
        p_approve=0.7,
        p_return=0.12,
        routes=(("bulletin", 0.5), ("direct", 0.4), ("reference", 0.2), ("transfer", 0.05)),
        n_routes=(0.65, 0.3, 0.05),
        late_share=0.07,
        publication=("民建市委《社情民意》", "party-city", 0.7),
        direct=(
            ("party-central", 0.45, (("party-central", 0.2),)),
            ("cppcc-city", 0.35, (("cppcc-city", 0.3), ("cppcc-national", 0.1))),
            ("party-province", 0.2, (("party-province", 0.3), ("party-central", 0.25))),
        ),
        reference=("市委、市政府领导", "cpc-city-office", 0.12, 0.2),
        reference_levels=(("city", 0.75), ("province", 0.1), ("county", 0.15)),
        transfer_handled=0.3,
    ),
    "committee": _Spec(
        people=48,
        pieces=60,
        min_people=12,
        topics=(
            ("民族宗教", 6),
            ("文化旅游", 1),
            ("乡村振兴", 1),
            ("教育", 1),
            ("基层治理", 1),
            ("社会保障", 0.5),
        ),
        places=("", "", "我市", "民族地区", "少数民族聚居区"),
        level_prefix="市",
        unit_slots=(("committee", 0.55),),
        authors=(0.7, 0.2, 0.1),
        call_share=0.1,
        call_kinds=(("commission", 0.5), ("key_topic", 0.5)),
        levels_share=1.0,
        escalate=0.0,
        p_approve=0.75,
        p_return=0.12,
        routes=(("bulletin", 0.55), ("direct", 0.3), ("reference", 0.25)),
        n_routes=(0.75, 0.22, 0.03),
        late_share=0.07,
        publication=("市政协《社情民意》", "cppcc-city", 0.6),
        direct=(("cppcc-province", 1.0, (("cppcc-province", 0.25), ("cppcc-national", 0.2))),),
        reference=("市委、市政府领导", "cpc-city-office", 0.15, 0.25),
        reference_levels=(("city", 0.85), ("province", 0.05), ("county", 0.1)),
        transfer_handled=0.35,
    ),
}

_DEADLINE_DAYS: Final = {"direct": 2, "reference": 5, "transfer": 14}  # district 第四条
_INSTRUCTION_CHANCE: Final = {"county": 0.1, "city": 0.15, "province": 0.2, "national": 0.3}


class _Rand(random.Random):
    """``random.Random`` with cheaper integer draws (``randint`` costs ~5x more) for the hot path."""

    def ri(self, lo: int, hi: int) -> int:
        """An integer from ``lo`` to ``hi`` inclusive."""
        return lo + int(self.random() * (hi - lo + 1))

    def below(self, n: int) -> int:
        return int(self.random() * n)

    def one(self, seq: Sequence[_T]) -> _T:
        return seq[int(self.random() * len(seq))]


def _pick(rnd: float, cum: tuple[float, ...] | list[float]) -> int:
    """The index a uniform draw in [0, 1) falls on, for cumulative weights ``cum``."""
    return min(bisect_right(cum, rnd * cum[-1]), len(cum) - 1)


def _cum(weights: tuple[tuple[str, float], ...]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    return tuple(k for k, _ in weights), tuple(accumulate(w for _, w in weights))


class _Clock:
    """Minutes since 1 January of the first year, 00:00 +08:00, and their ISO strings."""

    def __init__(self, first_year: int, last_year: int) -> None:
        self.base = date(first_year, 1, 1)
        self.cutoff = (date(last_year + 1, 2, 1) - self.base).days * _DAY
        days = self.cutoff // _DAY + 200  # room for due dates after the cutoff
        self.dates = [(self.base + timedelta(d)).isoformat() + "T" for d in range(days)]
        self.hm = [f"{m // 60:02d}:{m % 60:02d}:00{OFFSET}" for m in range(_DAY)]
        self.weekday0 = self.base.weekday()

    def minute(self, y: int, month: int, day: int = 1) -> int:
        return (date(y, month, day) - self.base).days * _DAY

    def fmt(self, t: int) -> str:
        d, m = divmod(t, _DAY)
        return self.dates[d] + self.hm[m]


@dataclass
class _Org:
    """The people and units of one organization, with the writers' sampling tables."""

    units: list[dict[str, Any]]
    people: list[dict[str, Any]]
    w_ids: list[str]  # writers (people who may author pieces)
    w_weight: list[float]
    w_since: list[int]  # -1: in office throughout
    w_slots: list[tuple[str | None, ...]]  # per unit slot of the spec, the writer's unit or None
    w_group: list[int]  # index into groups (the writer's main unit), for co-authors
    groups: list[list[int]]
    stage_reviewers: list[list[str]]
    approvers: list[str]  # actors of approved/returned/rejected when no levels exist


class _OrgBuilder:
    def __init__(
        self, rng: _Rand, spec: _Spec, clock: _Clock, years: tuple[int, int], n: int
    ) -> None:
        self.rng = rng
        self.spec = spec
        self.clock = clock
        self.first_year, self.last_year = years
        self.units: list[dict[str, Any]] = []
        self.people: list[dict[str, Any]] = []
        self.kind: dict[str, str] = {}
        self.group_of_unit: dict[str, int] = {}
        self.org = _Org(self.units, self.people, [], [], [], [], [], [], [], [])
        self.n_width = max(4, len(str(n)))
        self.slot_of_kind = {k: i for i, (k, _) in enumerate(spec.unit_slots)}

    def unit(self, uid: str, name: str, kind: str, parent: str | None) -> str:
        self.units.append({"id": uid, "name": name, "kind": kind, "parent": parent})
        self.kind[uid] = kind
        return uid

    def name(self) -> str:
        r = self.rng
        given = r.one(_GIVEN) + (r.one(_GIVEN) if r.random() < 0.7 else "")
        return r.one(_SURNAMES) + given

    def since(self, share: float) -> int:
        """-1 (in office throughout) or a mid-year start in one of the covered years."""
        r = self.rng
        if r.random() >= share:
            return -1
        y = r.ri(self.first_year, self.last_year)
        return self.clock.minute(y, r.ri(2, 11), r.ri(1, 28)) + r.ri(540, 1020)

    def person(
        self,
        roles: list[str],
        units: list[str],
        *,
        weight: float = 0.0,
        since: int = -1,
        group: str | None = None,
    ) -> str:
        pid = f"p{len(self.people) + 1:0{self.n_width}d}"
        rec: dict[str, Any] = {"id": pid, "name": self.name(), "roles": roles, "units": units}
        if since >= 0:
            rec["since"] = self.clock.fmt(since)
        self.people.append(rec)
        if weight > 0:
            o = self.org
            idx = len(o.w_ids)
            o.w_ids.append(pid)
            o.w_weight.append(weight)
            o.w_since.append(since)
            slots: list[str | None] = [None] * len(self.slot_of_kind)
            for u in units:  # the first unit of each kind fills its slot
                i = self.slot_of_kind.get(self.kind[u], -1)
                if i >= 0 and slots[i] is None:
                    slots[i] = u
            o.w_slots.append(tuple(slots))
            g = group if group is not None else (units[0] if units else "")
            gi = self.group_of_unit.setdefault(g, len(o.groups))
            if gi == len(o.groups):
                o.groups.append([])
            o.groups[gi].append(idx)
            o.w_group.append(gi)
        return pid


def _place_names(rng: _Rand, n: int, suffixes: tuple[tuple[str, float], ...]) -> list[str]:
    """``n`` distinct place-like names (城关镇工委, 南湖街道工委 ...)."""
    pairs = [a + b for a in _PLACE_A for b in _PLACE_B if a != b]
    rng.shuffle(pairs)
    kinds, cum = _cum(suffixes)
    out = []
    for i in range(n):
        lap, base = divmod(i, len(pairs))
        tail = f"（{lap + 1}）" if lap else ""
        out.append(pairs[base] + kinds[_pick(rng.random(), cum)] + tail)
    return out


def _numbered(k: int) -> str:
    return _CN_NUM[k - 1] if k <= len(_CN_NUM) else f"第{k}"


def _sqrt_count(n: int, div: float, low: int) -> int:
    return max(low, round(math.sqrt(n) / div))


def _build_district(b: _OrgBuilder, n: int) -> None:
    rng = b.rng
    root = b.unit("cppcc", "XX区政协", "cppcc", None)
    office = b.unit("office", "区政协办公室", "office", root)
    sectors = [
        b.unit(u, nm, "sector", root)
        for u, nm in (
            ("sec-cpc", "中共界"),
            ("sec-dp", "民主党派和无党派人士界"),
            ("sec-acfic", "工商联界"),
            ("sec-econ", "经济界"),
            ("sec-agri", "农业界"),
            ("sec-edu", "教育界"),
            ("sec-sci", "科技界"),
            ("sec-arts", "文化艺术界"),
            ("sec-med", "医药卫生界"),
            ("sec-welfare", "社会福利和社会保障界"),
            ("sec-mass", "群团界"),
            ("sec-invited", "特邀界"),
        )
    ]
    sector_cum = tuple(accumulate((1.6, 1.0, 1.0, 1.4, 1.3, 1.3, 0.8, 0.8, 1.1, 0.7, 1.0, 0.8)))
    committees = [
        b.unit(u, nm, "committee", root)
        for u, nm in (
            ("com-proposal", "提案委员会"),
            ("com-econ", "经济科技委员会"),
            ("com-agri", "农业和农村委员会"),
            ("com-law", "社会和法制委员会"),
            ("com-edu", "教科卫体委员会"),
            ("com-culture", "文化文史和学习委员会"),
        )
    ]
    n_lia = max(10, round(n / 18))
    lia_names = _place_names(rng, n_lia, (("镇工委", 0.6), ("街道工委", 0.3), ("乡联络组", 0.1)))
    w = len(str(n_lia))
    liaisons = [b.unit(f"lia-{i + 1:0{w}d}", nm, "liaison", root) for i, nm in enumerate(lia_names)]
    themes = ("法律服务", "乡村振兴", "民生连心", "企业服务", "教育关爱", "健康服务", "生态环保")
    n_stu = max(3, round(n / 45))
    w = len(str(n_stu))
    studios = []
    for i in range(n_stu):
        host = liaisons[i % len(liaisons)]
        place = lia_names[i % len(lia_names)][:2]
        nm = f"{place}{themes[i % len(themes)]}委员工作室"
        studios.append(b.unit(f"stu-{i + 1:0{w}d}", nm, "studio", host))

    n_init, n_dep, n_chair = _sqrt_count(n, 6, 2), _sqrt_count(n, 12, 1), _sqrt_count(n, 24, 1)
    n_expert, n_staff = max(3, round(n * 0.03)), max(3, round(n * 0.045))
    n_so, n_both = max(3, round(n * 0.12)), max(2, round(n * 0.02))
    n_members = n - n_init - n_dep - n_chair - n_expert - n_staff - n_so
    n_silent = max(4, round(n_members * 0.03))
    years = b.last_year - b.first_year + 1

    def member_units() -> list[str]:
        us = [sectors[_pick(rng.random(), sector_cum)]]
        if rng.random() < 0.72:
            us.append(rng.one(committees))
        if rng.random() < 0.85:
            us.append(rng.one(liaisons))
        if rng.random() < 0.08:
            us.append(rng.one(studios))
        return us

    for i in range(n_members):
        roles = ["member", "standing_member"] if rng.random() < 0.12 else ["member"]
        if i < n_both:
            roles.append("special_officer")
        silent = n_both <= i < n_both + n_silent
        if silent:
            # in office throughout and never an author; with two or more years, the last
            # of them took office mid-way through the first year (so it is no "talk" case)
            since = (
                b.clock.minute(b.first_year, 6, 15) + 540
                if (years > 1 and i == n_both + n_silent - 1)
                else -1
            )
            b.person(roles, member_units(), since=since)
            continue
        weight = rng.lognormvariate(0.0, 0.6) * (1.2 if "standing_member" in roles else 1.0)
        if i < n_both:
            weight *= 3.0
        b.person(roles, member_units(), weight=weight, since=b.since(0.08))
    for _ in range(n_so):
        us = [rng.one(liaisons)] if rng.random() < 0.7 else []
        if rng.random() < 0.1:
            us.append(rng.one(studios))
        b.person(
            ["special_officer"],
            us,
            weight=3.0 * rng.lognormvariate(0.0, 0.5),
            since=b.since(0.08),
            group=us[0] if us else "so",
        )
    for _ in range(n_staff):
        b.person(["staff"], [office], weight=1.2 * rng.lognormvariate(0.0, 0.6))
    for _ in range(n_expert):
        b.person(["expert"], [], weight=0.4)
    stage_units = ([office, "com-law"], [root], [root])
    for k, count in enumerate((n_init, n_dep, n_chair)):
        role = REVIEW_STAGES["district"][k][1]
        roles = [role] if k == 0 else ["standing_member", role]
        b.org.stage_reviewers.append(
            [b.person(list(roles), list(stage_units[k])) for _ in range(count)]
        )


def _build_party(b: _OrgBuilder, n: int) -> None:
    rng = b.rng
    root = b.unit("party", "民建XX市委", "party", None)
    office = b.unit("office", "参政议政处", "office", root)
    n_br, n_gr = max(8, round(n / 35)), max(10, round(n / 30))
    w = len(str(n_br))
    branches = [
        b.unit(f"br-{i + 1:0{w}d}", f"民建{nm}委会", "district_branch", root)
        for i, nm in enumerate(_place_names(rng, n_br, (("区", 0.8), ("县", 0.2))))
    ]
    industries = (
        "金融",
        "财税",
        "企业",
        "科技",
        "医卫",
        "教育",
        "文化",
        "法律",
        "建筑",
        "商贸",
        "物流",
        "会计",
    )
    w = len(str(n_gr))
    grassroots = [
        b.unit(
            f"gr-{i + 1:0{w}d}",
            f"市直{industries[i % len(industries)]}{_numbered(i // len(industries) + 1)}支部",
            "grassroots",
            root,
        )
        for i in range(n_gr)
    ]
    committees = [
        b.unit(u, nm, "committee", root)
        for u, nm in (
            ("com-econ", "经济委员会"),
            ("com-policy", "参政议政委员会"),
            ("com-enterprise", "企业委员会"),
            ("com-finance", "金融委员会"),
            ("com-edu", "教育委员会"),
            ("com-health", "医疗卫生委员会"),
        )
    ]
    n_staff = _sqrt_count(n, 6, 2)
    for _ in range(n - n_staff):
        us = [rng.one(branches) if rng.random() < 0.55 else rng.one(grassroots)]
        weight = rng.lognormvariate(0.0, 1.1)
        if rng.random() < 0.25:
            us.append(rng.one(committees))
            weight *= 1.8
        b.person(["member"], us, weight=weight, since=b.since(0.06))
    b.org.approvers.extend(b.person(["staff"], [office]) for _ in range(n_staff))


def _build_committee(b: _OrgBuilder, n: int) -> None:
    rng = b.rng
    com = b.unit("com-ethnic", "民族和宗教委员会", "committee", None)
    n_editor, n_director = _sqrt_count(n, 8, 1), _sqrt_count(n, 16, 1)
    n_leader = _sqrt_count(n, 5, 2)
    n_so, n_both = max(2, round(n * 0.09)), 1
    n_members = n - n_editor - n_director - n_leader - n_so
    for i in range(n_members):
        roles = ["member", "special_officer"] if i < n_both else ["member"]
        b.person(roles, [com], weight=rng.lognormvariate(0.0, 0.6), since=b.since(0.06))
    for _ in range(n_so):
        b.person(
            ["special_officer"],
            [com],
            weight=2.0 * rng.lognormvariate(0.0, 0.4),
            since=b.since(0.1),
        )
    for k, count in enumerate((n_editor, n_director, n_leader)):
        role = REVIEW_STAGES["committee"][k][1]
        if k < 2:
            people = [b.person(["staff", role], [com]) for _ in range(count)]
        else:  # the committee's leaders are members too and write now and then
            people = [b.person(["member", role], [com], weight=0.5) for _ in range(count)]
        b.org.stage_reviewers.append(people)


_BUILDERS: Final = {
    "district": _build_district,
    "party": _build_party,
    "committee": _build_committee,
}


class _Gen:
    """Calls, pieces and events, year by year, from an organization."""

    def __init__(self, profile: str, spec: _Spec, rng: _Rand, clock: _Clock, org: _Org) -> None:
        self.spec, self.rng, self.clock, self.org = spec, rng, clock, org
        self.rnd = rng.random
        self.weekday0 = clock.weekday0
        self.stage_ids = [s for s, _ in REVIEW_STAGES[profile]]
        self.w_cum = list(accumulate(org.w_weight))
        self.always = [i for i, s in enumerate(org.w_since) if s < 0] or [0]
        self.depts = {
            t: tuple(d.format(L=spec.level_prefix) for d in ds) for t, (_, ds) in _TOPICS.items()
        }
        self.topic_keys, self.topic_cum = _cum(spec.topics)
        self.author_cum = tuple(accumulate(spec.authors))
        self.kind_keys, self.kind_cum = _cum(spec.call_kinds)
        self.route_keys, self.route_cum = _cum(spec.routes)
        self.nroute_cum = tuple(accumulate(spec.n_routes))
        self.direct_cum = tuple(accumulate(w for _, w, _ in spec.direct))
        self.reflevel_keys, self.reflevel_cum = _cum(spec.reference_levels)
        self.month_cum = tuple(accumulate(_MONTH_WEIGHTS))
        self.titles: dict[tuple[int, str, str], str] = {}
        self.calls: list[dict[str, Any]] = []
        self.pieces: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        # per kind: issue times (sorted) and (call id, topic, subject, assignees)
        self.open: dict[str, tuple[list[int], list[tuple[str, str, str, list[int]]]]] = {}

    # ---------------------------------------------------------------- time

    def moment(self, day: int, last_day: int | None = None) -> int:
        """A plausible office moment on ``day`` (weekends mostly moved to a weekday)."""
        rnd = self.rnd
        wd = (self.weekday0 + day) % 7
        if wd >= 5 and rnd() < 0.85:
            day = day + 7 - wd if last_day is None or day + 7 - wd <= last_day else day - wd + 4
        if rnd() < 0.08:  # an evening
            return day * _DAY + 1140 + int(rnd() * 241)
        return day * _DAY + 510 + int(rnd() * 570)  # 08:30 .. 17:59

    def after(self, t: int, lo: int, hi: int) -> int:
        """A moment ``lo``..``hi`` days after ``t`` and strictly later than it."""
        u = self.moment(t // _DAY + lo + int(self.rnd() * (hi - lo + 1)))
        return u if u > t else t + 5 + int(self.rnd() * 116)

    def dispatch_time(self, t: int, route: str) -> int:
        days = _DEADLINE_DAYS.get(route)
        if days is None:
            return self.after(t, 1, 20)
        limit = t + days * _DAY
        if self.rnd() < self.spec.late_share:
            u = self.after(t, days + 1, days + 12)
            return u if u > limit else limit + self.rng.ri(30, 600)
        u = self.after(t, 0, days - 1)
        return u if u < limit else limit - self.rng.ri(30, 300)

    # ---------------------------------------------------------------- choices

    def writer(self, t: int) -> int:
        """A weighted writer in office at ``t``."""
        cum, since = self.w_cum, self.org.w_since
        top, last = cum[-1], len(cum) - 1
        for _ in range(30):
            i = min(bisect_right(cum, self.rnd() * top), last)
            if since[i] <= t:
                return i
        return self.always[self.rng.below(len(self.always))]

    def subject(self) -> tuple[str, str]:
        topic = self.topic_keys[_pick(self.rnd(), self.topic_cum)]
        return topic, self.rng.one(_TOPICS[topic][0])

    def title(self, subject: str) -> str:
        key = (_pick(self.rnd(), _FRAME_CUM), self.rng.one(self.spec.places), subject)
        text = self.titles.get(key)
        if text is None:
            text = self.titles[key] = _FRAMES[key[0]][0].format(p=key[1], s=subject)
        return text

    def reviewer(self, stage: int, authors: list[str]) -> str | None:
        pool = self.org.stage_reviewers[stage]
        for _ in range(4):
            p = pool[self.rng.below(len(pool))]
            if p not in authors:
                return p
        return next((p for p in pool if p not in authors), None)

    # ---------------------------------------------------------------- calls

    def make_calls(self, y: int, per_year: int) -> None:
        clock, rng = self.clock, self.rng
        counts = {
            "commission": max(1, round(per_year / 50)),
            "call": max(1, round(per_year / 30)),
            "key_topic": max(1, round(per_year / 70)),
        }
        raw: list[tuple[int, int, str, str, str, list[int], int | None]] = []
        jan1 = clock.minute(y, 1) // _DAY
        dec31 = clock.minute(y, 12, 31) // _DAY
        for kind in self.kind_keys:
            for i in range(counts[kind] if per_year else 0):
                topic, subj = self.subject()
                assignees: list[int] = []
                due: int | None
                if kind == "key_topic":
                    t = self.moment(jan1 + rng.ri(4, 58))
                    due = dec31 if self.rnd() < 0.7 else None
                elif kind == "call":
                    m = 1 + i * 12 // counts[kind]
                    t = self.moment(clock.minute(y, m) // _DAY + rng.ri(0, 4))
                    month_end = clock.minute(y + 1, 1) if m == 12 else clock.minute(y, m + 1)
                    due = month_end // _DAY - 1
                else:
                    t = self.moment(jan1 + rng.ri(9, 333))
                    due = t // _DAY + rng.ri(20, 45)
                    for _ in range(rng.one((1, 1, 2, 3))):
                        a = self.writer(t)
                        if a not in assignees:
                            assignees.append(a)
                raw.append((t, len(raw), kind, topic, subj, assignees, due))
        raw.sort()
        width = max(2, len(str(len(raw))))
        self.open = {k: ([], []) for k in self.kind_keys}
        names = {
            "commission": "{s}专题约稿",
            "call": f"{y}年{{m}}月招贤榜：{{s}}",
            "key_topic": f"{y}年度重点选题：{{s}}",
        }
        for k, (t, _, kind, topic, subj, assignees, due) in enumerate(raw, 1):
            cid = f"c{y}-{k:0{width}d}"
            month = (date(y, 1, 1) + timedelta(t // _DAY - jan1)).month
            rec: dict[str, Any] = {
                "id": cid,
                "title": names[kind].format(s=subj, m=month),
                "kind": kind,
            }
            if assignees:
                rec["assignees"] = [self.org.w_ids[a] for a in assignees]
            if due is not None:
                rec["due"] = (
                    clock.dates[due] + "24:00:00" + OFFSET
                )  # end of that day, as in the contract
            self.calls.append(rec)
            times, infos = self.open[kind]
            times.append(t)
            infos.append((cid, topic, subj, assignees))

    def link(self, t: int) -> tuple[str, str, str, list[int]] | None:
        kind = self.kind_keys[_pick(self.rnd(), self.kind_cum)]
        times, infos = self.open[kind]
        window = {"commission": 50, "call": 35}.get(kind, 400) * _DAY
        lo, hi = bisect_left(times, t - window), bisect_right(times, t)
        return infos[self.rng.ri(lo, hi - 1)] if lo < hi else None

    # ---------------------------------------------------------------- pieces

    def year(self, y: int, n: int, per_year: int) -> None:
        clock, rnd, org, spec = self.clock, self.rnd, self.org, self.spec
        self.make_calls(y, per_year)
        last_day = clock.minute(y, 12, 31) // _DAY
        starts = [clock.minute(y, m) // _DAY for m in range(1, 13)] + [last_day + 1]
        times = []
        for _ in range(n):
            m = _pick(rnd(), self.month_cum)
            times.append(self.moment(self.rng.ri(starts[m], starts[m + 1] - 1), last_day))
        times.sort()
        width = max(3, len(str(n)))
        since, w_ids, groups = org.w_since, org.w_ids, org.groups
        for k, t in enumerate(times, 1):
            pid = f"{y}-{k:0{width}d}"
            first = -1
            link = self.link(t) if rnd() < spec.call_share else None
            if link is not None and link[3]:  # a commission: written by one of its assignees
                a = link[3][self.rng.below(len(link[3]))]
                if since[a] <= t:
                    first = a
                else:
                    link = None
            if first < 0:
                first = self.writer(t)
            topic, subj = (link[1], link[2]) if link is not None else self.subject()
            authors = [first]
            for _ in range(_pick(rnd(), self.author_cum)):
                for _try in range(6):
                    if rnd() < 0.6:
                        grp = groups[org.w_group[first]]
                        j = grp[self.rng.below(len(grp))]
                    else:
                        j = self.writer(t)
                    if j not in authors and since[j] <= t:
                        authors.append(j)
                        break
            ids = [w_ids[i] for i in authors]
            rec: dict[str, Any] = {"id": pid, "title": self.title(subj), "authors": ids}
            r, acc = rnd(), 0.0
            for (_, p), unit in zip(spec.unit_slots, org.w_slots[first], strict=True):
                acc += p
                if r < acc:
                    if unit is not None:
                        rec["unit"] = unit
                    break
            rec["submitted_at"] = clock.fmt(t)
            rec["topic"] = topic
            if link is not None:
                rec["call"] = link[0]
            self.pieces.append(rec)
            self.piece_events(pid, t, ids, topic)

    # ---------------------------------------------------------------- events

    def piece_events(self, pid: str, t: int, authors: list[str], topic: str) -> None:
        ev: list[tuple[int, int, str, dict[str, Any]]] = []

        def add(at: int, kind: str, extra: dict[str, Any]) -> None:
            ev.append((at, len(ev), kind, extra))

        approved_at = self.review(t, authors, add)
        if approved_at is not None:
            self.after_approval(approved_at, topic, add)
        ev.sort()
        cutoff, fmt, out = self.clock.cutoff, self.clock.fmt, self.events
        for at, _, kind, extra in ev:
            if at >= cutoff:
                break
            e = {"piece": pid, "type": kind, "at": fmt(at)}
            if extra:
                e.update(extra)
            out.append(e)

    def review(self, t: int, authors: list[str], add: _Add) -> int | None:
        """Review rounds until approved, rejected or abandoned; the approval time or None."""
        spec, rnd, rng = self.spec, self.rnd, self.rng
        n_st = len(self.stage_ids)
        actors: list[str | None] = [self.reviewer(k, authors) for k in range(n_st)]
        if not actors:
            actors = [rng.one(self.org.approvers)]
        levels = n_st > 0 and rnd() < spec.levels_share and None not in actors
        for round_ in range(3):
            pa, pr = (spec.p_approve, spec.p_return) if round_ == 0 else (0.8, 0.06)
            r = rnd()
            outcome = (
                "approved" if r < pa else ("returned" if r < pa + pr and round_ < 2 else "rejected")
            )
            fail = len(actors) - 1
            if outcome != "approved":
                fail = min(_pick(rnd(), (0.7, 0.9, 1.0)), len(actors) - 1)
            if levels:
                for k in range(fail + 1):
                    t = self.after(t, 0, 3)
                    note = None
                    if k == 0 and rnd() < spec.escalate:
                        add(
                            t,
                            "reviewed",
                            {
                                "stage": self.stage_ids[0],
                                "decision": "escalate",
                                "actor": actors[0],
                                "note": "涉及专业内容，提请专家联合复核",
                            },
                        )
                        t = self.after(t, 2, 7)
                        note = "经专家联合复核"
                    decision = (
                        "pass"
                        if k < fail or outcome == "approved"
                        else ("return" if outcome == "returned" else "reject")
                    )
                    extra = {"stage": self.stage_ids[k], "decision": decision, "actor": actors[k]}
                    if note:
                        extra["note"] = note
                    add(t, "reviewed", extra)
            else:
                t = self.after(t, 1, 3 + 2 * len(actors))
            extra = {"actor": actors[fail]} if actors[fail] is not None else {}
            if outcome == "returned" and rnd() < 0.7:
                extra["note"] = rng.one(_RETURN_NOTES)
            elif outcome == "rejected" and rnd() < 0.6:
                extra["note"] = rng.one(_REJECT_NOTES)
            add(t, outcome, extra)
            if outcome == "approved":
                return t
            if outcome == "rejected" or rnd() < 0.08:  # rejected, or never resubmitted
                return None
            t = self.after(t, 2, 12)  # the author revises and resubmits
        return None

    def after_approval(self, ta: int, topic: str, add: _Add) -> None:
        spec, rnd, rng = self.spec, self.rnd, self.rng
        adopted: list[str] = []
        handled = [False]
        depts = self.depts[topic]

        def handle(t: int, dept: str) -> None:
            if not handled[0]:
                handled[0] = True
                outcome = _OUTCOME_KEYS[_pick(rnd(), _OUTCOME_CUM)]
                add(self.after(t, 20, 90), "handled", {"department": dept, "outcome": outcome})

        def instruct(t: int, level: str) -> None:
            ti = self.after(t, 3, 30)
            add(
                ti, "instructed", {"level": level, "rank": "principal" if rnd() < 0.3 else "deputy"}
            )
            if rnd() < 0.15:  # a second leader writes on it too
                add(
                    self.after(ti, 1, 20),
                    "instructed",
                    {"level": level, "rank": "principal" if rnd() < 0.5 else "deputy"},
                )
            if rnd() < 0.5:
                handle(ti, rng.one(depts))

        def adopt(t: int, body: str) -> None:
            if body not in adopted:
                adopted.append(body)
                add(t, "adopted", {"body": body})
                level = BODIES[body].level
                if rnd() < _INSTRUCTION_CHANCE[level]:
                    instruct(t, level)

        routes: list[str] = []
        for _ in range(_pick(rnd(), self.nroute_cum) + 1):
            route = self.route_keys[_pick(rnd(), self.route_cum)]
            if route not in routes:
                routes.append(route)
        for route in routes:
            td = self.dispatch_time(ta, route)
            if route == "bulletin":
                to, body, p = spec.publication
                add(td, "dispatched", {"route": route, "to": to})
                if rnd() < p:
                    adopt(self.after(td, 3, 30), body)
            elif route == "direct":
                to, _, chain = spec.direct[_pick(rnd(), self.direct_cum)]
                add(td, "dispatched", {"route": route, "to": to})
                cur = td
                for body, p in chain:
                    if rnd() >= p:
                        break
                    cur = self.after(cur, 7, 45)
                    adopt(cur, body)
            elif route == "reference":
                to, body, p_adopt, p_instr = spec.reference
                add(td, "dispatched", {"route": route, "to": to})
                if rnd() < p_adopt:
                    adopt(self.after(td, 3, 20), body)
                if rnd() < p_instr:
                    instruct(td, self.reflevel_keys[_pick(rnd(), self.reflevel_cum)])
            else:
                dept = rng.one(depts)
                add(td, "dispatched", {"route": route, "to": dept})
                if rnd() < spec.transfer_handled:
                    handle(td, dept)


def generate(
    profile: str,
    *,
    seed: int,
    year: int,
    people: int | None = None,
    pieces: int | None = None,
    years: int = 2,
) -> dict[str, Any]:
    """A JSON-ready ``sqmy-dataset/1`` document for ``profile``.

    ``people`` is the number of people records (every role, reviewers
    included); ``pieces`` the number of pieces over all ``years`` (default:
    the profile's yearly number times ``years``: district 350, party 300,
    committee 60), split evenly over the years, the remainder going to the
    latest.  The years are ``year - years + 1`` .. ``year``; events run until
    31 January of ``year + 1``, 24:00 +08:00.  The same arguments give the same
    document.
    """
    spec = _SPECS.get(profile)
    if spec is None:
        raise ValueError(f"unknown profile {profile!r} (expected one of: {', '.join(PROFILES)})")
    n_people = spec.people if people is None else people
    total = spec.pieces * years if pieces is None else pieces
    if not 1 <= years <= 50:
        raise ValueError(f"years must be from 1 to 50, got {years}")
    if not (year - years + 1 > 1900 and year < 9999):
        raise ValueError(f"year out of range: {year - years + 1}..{year}")
    if n_people < spec.min_people:
        raise ValueError(f"the {profile} profile needs at least {spec.min_people} people")
    if total < 0:
        raise ValueError(f"pieces must not be negative, got {total}")
    rng = _Rand(seed)
    first = year - years + 1
    clock = _Clock(first, year)
    builder = _OrgBuilder(rng, spec, clock, (first, year), n_people)
    _BUILDERS[profile](builder, n_people)
    gen = _Gen(profile, spec, rng, clock, builder.org)
    per_year = math.ceil(total / years)
    for i in range(years):
        gen.year(first + i, total // years + (1 if i >= years - total % years else 0), per_year)
    return {
        "format": FORMAT,
        "units": builder.units,
        "people": builder.people,
        "calls": gen.calls,
        "pieces": gen.pieces,
        "events": gen.events,
    }
