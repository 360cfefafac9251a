"""The world of one scenario: the ruleset, the people, units, calls and pieces, the events.

Every piece is an event stream, exactly as the workflow keeps it
(:mod:`sqmy_core.workflow`): submissions and review decisions are made by the
workflow's commands (so a spec proves what the OA system will allow), while
recorded facts (an adoption, an instruction, an approval imported from an OA
system) are appended as they are.  The assessment reads the streams through
:func:`sqmy_core.workflow.to_dataset_records`, the same way an export does.

People are referred to as they are written: by id (``p1``), by name (``张三``)
or by a role word and a name (``委员甲``).  A person first met with a role word
is created with that role, so a spec need not list everyone in a table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from attrs import evolve

from sqmy_core.bdd import words
from sqmy_core.bdd.errors import SpecError
from sqmy_core.bdd.extras import Extras
from sqmy_core.bdd.numbers import BEIJING, parse_when, parse_year
from sqmy_core.errors import SqmyError
from sqmy_core.model import Call, Dataset, Event, Person, Piece, Unit
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.result import Assessment
from sqmy_core.storage import NewEvent, Notification, StoredEvent
from sqmy_core.workflow import PieceState, commands, fold, to_dataset_records
from sqmy_core.workspace.files import load_ruleset

EntityKind = Literal["person", "unit"]


class World:
    """Everything one scenario has set up so far (a fresh one per scenario)."""

    def __init__(self, root: Path, default_ruleset: str | None = None) -> None:
        self.root = root
        self.feature_dir: Path | None = None
        self.default_ruleset = default_ruleset
        self._ruleset: Ruleset | None = None
        self.ruleset_source = ""
        self.units: dict[str, Unit] = {}
        self.people: dict[str, Person] = {}
        self.calls: dict[str, Call] = {}
        self.streams: dict[str, list[StoredEvent]] = {}
        self.titles: dict[str, str] = {}
        self.batches: list[tuple[str, int, int]] = []
        """(piece, events before, events after) of every append: the notifications replay them."""
        self.reminder_keys: set[str] = set()
        self.reminded: list[tuple[date, Notification]] = []
        self.last_run: list[tuple[date, Notification]] | None = None
        """What the latest “发送当日提醒” sent (None before the first); ``reminded``: all runs."""
        self.extras = Extras()
        """Records of ``sqmy-dataset/1.1`` beside the streams (attributes, penalties ...)."""
        self.year: int | None = None
        self.refusal: SqmyError | None = None
        self.refusal_step = ""
        self.error: SqmyError | None = None
        self.current_step = ""
        self._position = 0
        self._undated = 0
        self._version = 0
        self._cache: dict[tuple[int, int], Assessment] = {}
        self._book: tuple[int, Book] | None = None

    # ------------------------------------------------------------------ ruleset

    def resolve_path(self, text: str) -> Path:
        """A path as written in a spec: absolute, or relative to the rootdir or the feature."""
        path = Path(text)
        if path.is_absolute():
            return path
        candidates = [self.root / path]
        if self.feature_dir is not None:
            candidates.append(self.feature_dir / path)
        for candidate in candidates:
            if candidate.exists():
                return candidate
        tried = "、".join(str(c) for c in candidates)
        raise SpecError(f"找不到文件“{text}”（找过：{tried}）。请写相对于仓库根目录的路径")

    def load_ruleset(self, text: str) -> Ruleset:
        path = self.resolve_path(text)
        self.set_ruleset(load_ruleset(path), text)
        return self.ruleset

    def set_ruleset(self, ruleset: Ruleset, source: str) -> None:
        self._ruleset = ruleset
        self.ruleset_source = source
        self.changed()

    def optional_ruleset(self) -> Ruleset | None:
        """The ruleset if one is set or configured, else None (for role words in tables)."""
        if self._ruleset is None and self.default_ruleset:
            self.load_ruleset(self.default_ruleset)
        return self._ruleset

    @property
    def ruleset(self) -> Ruleset:
        if self._ruleset is None and self.default_ruleset:
            self.load_ruleset(self.default_ruleset)
        if self._ruleset is None:
            raise SpecError(
                '还没有指定规则集：请在“背景”中写 假如 规则集为 "rulesets/本组织.toml"，'
                "或在 pytest 配置中设置 sqmy_ruleset = rulesets/本组织.toml"
            )
        return self._ruleset

    # ------------------------------------------------------------------ records

    def changed(self) -> None:
        self._version += 1

    def add_unit(self, ident: str, name: str, kind: str, parent: str | None = None) -> Unit:
        if ident in self.units:
            raise SpecError(f"单位“{ident}”重复：每个单位只能列一次")
        unit = Unit(ident, name, kind, parent)
        self.units[ident] = unit
        self.changed()
        return unit

    def add_person(
        self,
        ident: str,
        name: str,
        roles: Sequence[str],
        units: Sequence[str] = (),
        since: datetime | None = None,
    ) -> Person:
        if ident in self.people:
            raise SpecError(f"人员“{ident}”重复：每个人只能列一次")
        person = Person(ident, name, tuple(roles), tuple(units), since)
        self.people[ident] = person
        self.changed()
        return person

    def replace_person(self, person: Person) -> None:
        self.people[person.id] = person
        self.changed()

    def add_call(self, call: Call) -> None:
        if call.id in self.calls:
            raise SpecError(f"约稿“{call.id}”重复")
        self.calls[call.id] = call
        self.changed()

    # ------------------------------------------------------------------ lookups

    def _people_named(self, text: str) -> list[Person]:
        if text in self.people:
            return [self.people[text]]
        return [p for p in self.people.values() if p.name == text]

    def person(self, ref: str, *, create: bool = True) -> Person:
        """A person by id, by name, or by role word + name (``委员甲``, created if new)."""
        text = ref.strip().strip('"“”')
        found = self._people_named(text)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise SpecError(f"有多个人叫“{text}”：请改用编号")
        role_words = words.role_words(self.optional_ruleset())
        for word in sorted(role_words, key=len, reverse=True):
            if text.startswith(word) and len(text) > len(word):
                name = text[len(word) :].strip()
                role = role_words[word]
                found = self._people_named(name)
                if len(found) == 1:
                    if role not in found[0].roles:
                        have = "、".join(found[0].roles)
                        raise SpecError(f"“{name}”不是{word}（{role}）：其角色为 {have}")
                    return found[0]
                if create:
                    return self.add_person(name, name, (role,))
        if not create:
            raise SpecError(
                f"不认识人员“{text}”：请先在“有以下人员：”表中列出，或在前面的步骤中写到此人"
            )
        raise SpecError(
            f"不认识人员“{text}”：请先在“有以下人员：”表中列出，或写成“委员{text}”这样带身份的称呼"
        )

    def unit(self, ref: str) -> Unit:
        text = ref.strip().removeprefix("单位").strip().strip('"“”「」')
        if text in self.units:
            return self.units[text]
        found = [u for u in self.units.values() if u.name == text]
        if len(found) == 1:
            return found[0]
        if found:
            raise SpecError(f"有多个单位叫“{text}”：请改用编号")
        raise SpecError(f"不认识单位“{text}”：请先在“有以下单位：”表中列出")

    def entity(self, ref: str) -> tuple[EntityKind, str]:
        """A person or (``单位 "X"`` or a unit's name) a unit."""
        text = ref.strip()
        if text.startswith("单位"):
            return "unit", self.unit(text).id
        bare = text.strip('"“”「」')
        if self._people_named(bare):
            return "person", self.person(bare).id
        if bare in self.units or any(u.name == bare for u in self.units.values()):
            return "unit", self.unit(bare).id
        return "person", self.person(bare, create=False).id

    def call(self, ref: str) -> Call:
        text = ref.strip().strip('"“”')
        if text in self.calls:
            return self.calls[text]
        found = [c for c in self.calls.values() if c.title == text]
        if len(found) == 1:
            return found[0]
        raise SpecError(f"不认识约稿“{text}”：请先在“有以下约稿：”表中列出")

    def piece(self, ref: str) -> str:
        text = ref.strip().strip('"“”')
        if text in self.streams:
            return text
        found = [p for p, title in self.titles.items() if title == text]
        if len(found) == 1:
            return found[0]
        raise SpecError(
            f'没有信息“{text}”：请先写它的提交，如 当 2024年3月1日 委员甲 提交信息 "{text}"'
        )

    def state(self, piece: str) -> PieceState:
        return fold(self.ruleset, self.streams[piece])

    def acting(
        self, piece: str, actor: str, when: str | None
    ) -> tuple[str, Ruleset, Person, PieceState, datetime]:
        """What a workflow step needs: the piece id, ruleset, acting person, state and time."""
        pid = self.piece(piece)
        return pid, self.ruleset, self.person(actor), self.state(pid), self.when(when)

    # ------------------------------------------------------------------ time

    def when(self, text: str | None) -> datetime:
        """The time written in a step, or the next moment of the default year's 1 March."""
        if text:
            return parse_when(text)
        if self.year is None:
            raise SpecError(
                "这一步没有写日期：请写日期（如 2024年3月1日），或先写 假如 考核年度为 2024 年"
            )
        self._undated += 1
        start = datetime(self.year, 3, 1, 9, 0, tzinfo=BEIJING)
        return start + timedelta(minutes=self._undated)

    def assessed_year(self, text: str | None) -> int:
        if text:
            return parse_year(text)
        if self.year is None:
            raise SpecError(
                "没有写考核年度：请写如 甲 的 2024 年度积分为 4 分，或先写 假如 考核年度为 2024 年"
            )
        return self.year

    # ------------------------------------------------------------------ events

    def new_piece_id(self, title: str) -> str:
        if title in self.streams or title in self.titles.values():
            raise SpecError(f"信息“{title}”已经提交过：每篇信息请用不同的标题")
        return title

    def append(self, piece: str, events: Sequence[NewEvent]) -> None:
        stream = self.streams.setdefault(piece, [])
        if events:
            self.batches.append((piece, len(stream), len(stream) + len(events)))
        for ev in events:
            self._position += 1
            stream.append(
                StoredEvent(
                    piece, len(stream) + 1, self._position, ev.type, ev.at, ev.actor, ev.data
                )
            )
            if ev.type == "submitted":
                self.titles[piece] = str(ev.data.get("title", piece))
        self.changed()

    def record(self, piece: str, type_: str, at: datetime, **data: Any) -> None:
        """Append a recorded fact (as an OA import does): no workflow checks."""
        clean = {k: v for k, v in data.items() if v is not None}
        if type_ == "approved":
            clean.setdefault("routes", [])
        self.append(piece, [NewEvent(type_, at, None, clean)])

    def command(self, piece: str, run: Callable[[], Sequence[NewEvent]]) -> bool:
        """Run a workflow command; a refusal is kept for ``那么 操作被拒绝`` (False)."""
        try:
            events = run()
        except SqmyError as exc:
            self.refusal = exc
            self.refusal_step = self.current_step
            return False
        self.append(piece, events)
        return True

    def submit(
        self,
        *,
        title: str,
        authors: Sequence[Person],
        actor: Person,
        at: datetime,
        unit: str | None = None,
        call: str | None = None,
        topic: str | None = None,
        piece_id: str | None = None,
    ) -> str | None:
        """来稿登记 through the workflow's ``submit``; the piece id, or None when refused."""
        pid = piece_id or self.new_piece_id(title)
        ruleset = self.ruleset

        def run() -> list[NewEvent]:
            return commands.submit(
                ruleset,
                pid,
                authors=[a.id for a in authors],
                actor=actor,
                now=at,
                title=title,
                unit=unit,
                call=call,
                topic=topic,
            )

        return pid if self.command(pid, run) else None

    # ------------------------------------------------------------------ assessment

    def dataset(self, until: datetime | None = None) -> Dataset:
        """The records as an export gives them; with ``until``, as they stood at that moment."""
        pieces: list[Piece] = []
        events: list[Event] = []
        for stream in self.streams.values():
            if until is not None:
                stream = [e for e in stream if e.at <= until]
            records = to_dataset_records(stream)
            if records is None:
                continue
            piece, piece_events = records
            attrs = self.extras.piece_attributes.get(piece.id)
            pieces.append(evolve(piece, attributes=dict(attrs)) if attrs else piece)
            events.extend(piece_events)
        events.extend(self.extras.penalties_until({p.id for p in pieces}, until))
        v11 = self.extras.used() or any(e.attributes for e in events)
        v11 = v11 or any(p.until or p.attributes for p in self.people.values())
        return Dataset(
            tuple(self.units.values()),
            tuple(self.people.values()),
            tuple(self.calls.values()),
            pieces,
            events,
            self.extras.adjustments_until(until),
            self.extras.activities_until(until),
            "1.1" if v11 else "1",
        )

    def book(self) -> Book:
        if self._book is None or self._book[0] != self._version:
            self._book = (self._version, Book(self.ruleset, self.dataset()))
        return self._book[1]

    def assessment(self, year: int) -> Assessment:
        key = (self._version, year)
        if key not in self._cache:
            self._cache = {k: v for k, v in self._cache.items() if k[0] == self._version}
            self._cache[key] = assess_book(self.book(), year)
        return self._cache[key]
