"""The Chinese words a spec uses for the contract's vocabularies, and their ids.

Office staff write ``市政协``, ``市级主要领导``, ``界别``, ``委员``; the data
says ``cppcc-city``, ``level=city, rank=principal``, ``sector``, ``member``.
Every table here also accepts the id itself, so a developer may write either.
Reviewer roles come from the ruleset: a stage named ``初审（社法委）`` with
role ``reviewer_initial`` makes ``初审``, ``初审人`` and ``社法委`` words for
that role.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

from sqmy_core.bdd.errors import SpecError
from sqmy_core.model import vocab
from sqmy_core.rules.spec import Ruleset

ROLE_WORDS: Final = {
    "委员": "member",
    "政协委员": "member",
    "会员": "member",
    "常委": "standing_member",
    "特约信息员": "special_officer",
    "特邀信息员": "special_officer",
    "信息员": "special_officer",
    "工作人员": "staff",
    "机关干部": "staff",
    "专家": "expert",
}

UNIT_KIND_WORDS: Final = {
    **{name: kind for kind, name in vocab.UNIT_KIND_NAMES.items()},
    "专门委员会": "committee",
    "镇街联络组": "liaison",
    "联络组": "liaison",
    "市直基层组织": "grassroots",
}

BODY_WORDS: Final = {
    **{b.name: b.id for b in vocab.BODIES.values()},
    "区政协": "cppcc-county",
    "县政协": "cppcc-county",
    "县（区）政协": "cppcc-county",
    "区政协刊物": "cppcc-county",
    "本级刊物": "cppcc-county",
    "市政协": "cppcc-city",
    "省政协": "cppcc-province",
    "全国政协": "cppcc-national",
    "民建市委": "party-city",
    "党派市委": "party-city",
    "民建省委": "party-province",
    "党派省委": "party-province",
    "民建中央": "party-central",
    "党派中央": "party-central",
    "区委办": "cpc-county-office",
    "县委办": "cpc-county-office",
    "区委办公室": "cpc-county-office",
    "县委办公室": "cpc-county-office",
    "市委办": "cpc-city-office",
    "市委办公室": "cpc-city-office",
    "市委办公厅": "cpc-city-office",
    "省委办公厅": "cpc-province-office",
}

LEVEL_WORDS: Final = {
    "区级": "county",
    "县级": "county",
    "县区级": "county",
    "县（区）级": "county",
    "市级": "city",
    "省级": "province",
    "省部级": "province",
    "省级及以上": "province",
    "国家级": "national",
    "中央": "national",
}
RANK_WORDS: Final = {"主要": "principal", "分管": "deputy"}

ROUTE_WORDS: Final = {
    **{name: r for r, name in vocab.ROUTE_NAMES.items()},
    "刊物": "bulletin",
    "参阅件报送": "reference",
}
OUTCOME_WORDS: Final = {
    "落实并书面反馈": "implemented",
    "办理落实并书面反馈": "implemented",
    "落实反馈": "implemented",
    "落实": "implemented",
    "列入研究": "under_study",
    "不予采纳": "declined",
}
CALL_KIND_WORDS: Final = {
    **{name: k for k, name in vocab.CALL_KIND_NAMES.items()},
    "约稿": "commission",
    "招贤榜": "call",
    "重点选题": "key_topic",
}
DECISION_WORDS: Final = {
    **{name: d for d, name in vocab.DECISION_NAMES.items()},
    "退回": "return",
    "不予采编": "reject",
    "不予采用": "reject",
    "专家联合复核": "escalate",
    "提请专家复核": "escalate",
}
CHECK_WORDS: Final = {name: c for c, name in vocab.CHECK_NAMES.items()}
METRIC_WORDS: Final = {
    "提交": "submitted",
    "报送": "submitted",
    "审定通过": "approved",
    "采用": "adopted",
    "批示": "instructed",
    "落实反馈": "implemented",
    "办理": "handled",
    "对外报送": "dispatched",
    "不予上报": "rejected",
    "退回修改": "returned",
}
METRIC_PATTERN: Final = "|".join(sorted(METRIC_WORDS, key=len, reverse=True))

_BOOK_TITLE = re.compile(r"《[^》]*》")


def _clean(text: str) -> str:
    return text.strip().strip('"“”「」『』').strip()


def lookup(words: Mapping[str, str], text: str, what: str, ids: Iterable[str] = ()) -> str:
    """The id for a Chinese word (or the id itself); a SpecError listing the words otherwise."""
    key = _clean(text)
    if key in words:
        return words[key]
    known_ids = set(words.values()) | set(ids)
    if key in known_ids:
        return key
    allowed = "、".join(dict.fromkeys(words))
    raise SpecError(f"未知的{what}“{text}”。可用的写法：{allowed}")


def declared_bodies(ruleset: Ruleset | None) -> dict[str, str]:
    """The bodies and publications a ruleset declares: name (with and without 《》) and id -> id."""
    out: dict[str, str] = {}
    for b in ruleset.vocabulary.bodies if ruleset else ():
        out[b.name] = b.id
        out[b.name.strip("《》")] = b.id
        out[b.id] = b.id
    return out


def body(text: str, ruleset: Ruleset | None = None) -> str:
    """``市政协`` / ``区政协《社情民意》`` / ``cppcc-city`` / a declared ``《要情快报》`` -> a body id."""
    key = _clean(text)
    own = declared_bodies(ruleset)
    if key in own or key.strip("《》") in own:
        return own.get(key) or own[key.strip("《》")]
    if key not in BODY_WORDS:
        stripped = _BOOK_TITLE.sub("", key).removesuffix("刊物").strip() or key
        if stripped in BODY_WORDS:
            return BODY_WORDS[stripped]
    return lookup({**BODY_WORDS, **own}, key, "采用机构", vocab.BODIES)


_LEADER = re.compile(
    r"(?P<level>"
    + "|".join(sorted(map(re.escape, LEVEL_WORDS), key=len, reverse=True))
    + r")\s*(?:的)?\s*(?P<rank>主要|分管)?\s*(?:领导)?"
)


def leader(text: str, ruleset: Ruleset | None = None) -> tuple[str | None, str]:
    """``市级主要领导`` -> ``("city", "principal")``; without 主要/分管 the rank is ``deputy``.

    A rank the ruleset declares (``[vocabulary] ranks``, e.g. 政治局常委) is
    written by its name or id, with or without a level before it:
    ``国家级政治局常委`` -> ``("national", "psc")``, ``政治局常委`` -> ``(None, "psc")``.
    """
    key = _clean(text)
    ranks = {r.name or r.id: r.id for r in ruleset.vocabulary.ranks} if ruleset else {}
    ranks.update({r.id: r.id for r in ruleset.vocabulary.ranks} if ruleset else {})
    for word in sorted(ranks, key=len, reverse=True):
        head = key.removesuffix("领导").removesuffix(word)
        if key.removesuffix("领导").endswith(word):
            head = head.removesuffix("的").strip()
            if not head:
                return None, ranks[word]
            if head in LEVEL_WORDS:
                return LEVEL_WORDS[head], ranks[word]
    m = _LEADER.fullmatch(key)
    if m is None:
        own = "、".join(ranks) if ranks else ""
        raise SpecError(
            f"看不懂批示领导“{text}”：请写如 区级领导、市级主要领导、省级分管领导、国家级领导"
            "（不写“主要”的按分管领导计）" + (f"；本规则集的领导职级：{own}" if own else "")
        )
    return LEVEL_WORDS[m["level"]], RANK_WORDS[m["rank"]] if m["rank"] else "deputy"


def role_words(ruleset: Ruleset | None) -> dict[str, str]:
    """Role words: the built-in ones plus those the ruleset's review stages name."""
    out = dict(ROLE_WORDS)
    for declared in ruleset.vocabulary.roles if ruleset else ():
        out.setdefault(declared.name or declared.id, declared.id)
    if ruleset is None or ruleset.review is None:
        return out
    for stage in ruleset.review.stages:
        name = stage.name or stage.id
        head, _, inner = name.partition("（")
        inner = inner.rstrip("）")
        for word in (
            name,
            head,
            inner,
            head + "人",
            head.removesuffix("审阅").removesuffix("审定"),
        ):
            if word and word not in out:
                out[word] = stage.role
        if stage.escalate_role:
            out.setdefault("专家", stage.escalate_role)
    return out


def split_list(text: str) -> list[str]:
    """``甲、乙，丙`` / ``"A"、"B"`` -> items (quotes removed, empty items dropped)."""
    parts = re.split(r"[、，,；;]|\s+和\s+", text)
    return [_clean(p) for p in parts if _clean(p)]


def checks(text: str, ruleset: Ruleset) -> list[str]:
    """``五关`` -> every check of the ruleset; else a list such as ``政治关、政策关``."""
    key = _clean(text)
    all_checks = list(ruleset.review.checks) if ruleset.review else list(vocab.CHECKS)
    if key in ("五关", "全部", "全部把关项", "各关"):
        return all_checks
    return [lookup(CHECK_WORDS, w, "把关项", vocab.CHECKS) for w in split_list(key)]
