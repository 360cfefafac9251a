"""Clue contacts: sealed at rest, read by the ruleset's roles only (every attempt through one
hook), erased for good, expired after the ruleset's retention; a clue converts into one piece."""

from __future__ import annotations

import base64
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve

from sqmy_core.errors import (
    ConfigurationError,
    DatasetError,
    NotFound,
    PermissionDenied,
    SettingsError,
    TransitionNotAllowed,
)
from sqmy_core.model import Clue, Person
from sqmy_core.rules.spec import CluesSpec
from sqmy_core.workspace.audit_verify import verify
from sqmy_core.workspace.backup import backup_text
from sqmy_core.workspace.contacts import ContactKeys, contact_keys, key_id, new_key_text
from sqmy_core.workspace.files import load_settings
from sqmy_core.workspace.workspace import Workspace

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
BJ = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BJ)
CANARY = "王金丝雀 13912345678"
KEY = new_key_text()
OTHER_KEY = new_key_text()


class Audited(Workspace):
    """A workspace whose contact-read hook records what it is told (the audit log's place)."""

    reads: list[tuple[str, str, str]]
    fail_audit = False

    def _audit_contact_read(self, clue_id: str, reader: str, now: datetime, outcome: str) -> None:
        self.reads.append((clue_id, reader, outcome))
        if self.fail_audit:
            raise RuntimeError("audit store down")


def settings(tmp_path: Path, key: str = KEY, **extra: Any) -> dict[str, Any]:
    path = tmp_path / f"contact-{key_id(base64.b64decode(key))}.key"
    path.write_text(key + "\n", encoding="ascii")
    return {"contacts": {"key_file": str(path), **extra}}


def open_ws(tmp_path: Path, sets: dict[str, Any] | None, clues: CluesSpec | None = None) -> Audited:
    ws = Workspace.open(
        str(tmp_path / "sqmy.db"), ruleset=RULESETS / "district.toml", settings=sets
    )
    spec = clues or CluesSpec(("staff",), 30)
    out = Audited(ws.store, evolve(ws.ruleset, clues=spec), contact_keys=ws.contact_keys)
    out.reads = []
    return out


@pytest.fixture
def ws(tmp_path: Path) -> Audited:
    w = open_ws(tmp_path, settings(tmp_path))
    for pid, roles, until in (
        ("a", ["member"], None),
        ("s", ["staff"], None),
        ("gone", ["staff"], T0),
    ):
        w.register_person(Person(pid, pid, roles, until=until))
    w.register_clue(Clue("q1", "qr_code", T0, "小区加装电梯难", contact=CANARY))
    return w


def test_a_contact_is_kept_sealed_and_the_clue_comes_back_without_it(
    ws: Audited, tmp_path: Path
) -> None:
    doc = ws.store.get("clue", "q1")
    assert doc is not None and "contact" not in doc
    assert doc["contact_sealed"].startswith("v1.")
    assert ws.clue("q1").contact is None and ws.clue("q1").summary == "小区加装电梯难"
    ws.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("sqmy.db*"))
    for part in ("13912345678", "王金丝雀"):
        assert part.encode("utf-8") not in raw


def test_only_a_reader_role_in_office_reads_and_every_attempt_goes_through_the_hook(
    ws: Audited,
) -> None:
    now = T0 + timedelta(days=1)
    assert ws.read_contact("q1", reader="s", now=now) == CANARY
    with pytest.raises(PermissionDenied) as denied:
        ws.read_contact("q1", reader="a", now=now)
    assert CANARY not in str(denied.value)
    assert "contact_readers" in denied.value.render("en")
    with pytest.raises(PermissionDenied):
        ws.read_contact("q1", reader="gone", now=now)  # left office at T0
    with pytest.raises(PermissionDenied):
        ws.read_contact("q1", reader="nobody", now=now)
    with pytest.raises(NotFound):
        ws.read_contact("q2", reader="s", now=now)
    assert ws.reads == [
        ("q1", "s", "granted"),
        ("q1", "a", "contact_reader_denied"),
        ("q1", "gone", "contact_reader_denied"),
        ("q1", "nobody", "unknown_actor"),
        ("q2", "s", "unknown_clue"),
    ]


def test_no_contact_is_handed_out_when_the_audit_fails(ws: Audited) -> None:
    ws.fail_audit = True
    with pytest.raises(RuntimeError):
        ws.read_contact("q1", reader="s", now=T0)


def test_no_one_reads_a_contact_unless_the_ruleset_names_a_role(tmp_path: Path) -> None:
    ws = open_ws(tmp_path, settings(tmp_path), CluesSpec())
    ws.register_person(Person("s", "s", ["staff"]))
    ws.register_clue(Clue("q1", "qr_code", T0, "x", contact=CANARY))
    with pytest.raises(PermissionDenied):
        ws.read_contact("q1", reader="s", now=T0)


def test_without_a_key_a_contact_is_neither_kept_nor_read(ws: Audited, tmp_path: Path) -> None:
    bare = Workspace(ws.store, ws.ruleset)
    with pytest.raises(ConfigurationError) as refused:
        bare.register_clue(Clue("q2", "qr_code", T0, "y", contact=CANARY))
    assert "key_file" in refused.value.render("en")
    assert ws.store.get("clue", "q2") is None  # nothing kept, plain text least of all
    bare.register_clue(Clue("q3", "qr_code", T0, "no contact"))  # a clue without one is fine
    with pytest.raises(ConfigurationError) as no_key:
        bare.read_contact("q1", reader="s", now=T0)
    assert no_key.value.problems[0].code == "contact_no_key"


def test_a_wrong_key_is_refused_by_name_and_a_previous_key_still_opens(
    ws: Audited, tmp_path: Path
) -> None:
    old_id = ws.contact_keys.current_id if ws.contact_keys else ""
    other = Workspace(ws.store, ws.ruleset, contact_keys=ContactKeys(base64.b64decode(OTHER_KEY)))
    with pytest.raises(ConfigurationError) as wrong:
        other.read_contact("q1", reader="s", now=T0)
    assert wrong.value.problems[0].code == "contact_key_unknown"
    assert old_id in wrong.value.render("en") and KEY not in wrong.value.render("en")
    old = tmp_path / "old.key"
    old.write_text(KEY, encoding="ascii")
    rotated = contact_keys(settings(tmp_path, OTHER_KEY, previous_key_files=[str(old)]))
    assert rotated is not None
    after = Workspace(ws.store, ws.ruleset, contact_keys=rotated)
    assert after.read_contact("q1", reader="s", now=T0) == CANARY
    after.register_clue(Clue("q2", "qr_code", T0, "y", contact="新的"))
    assert ws.store.get("clue", "q2")["contact_sealed"].split(".")[1] == rotated.current_id


def test_an_altered_or_moved_ciphertext_does_not_open(ws: Audited) -> None:
    doc = dict(ws.store.get("clue", "q1") or {})
    ws.store.put("clue", "q9", {**doc, "id": "q9"})  # copied onto another clue
    with pytest.raises(ConfigurationError) as moved:
        ws.read_contact("q9", reader="s", now=T0)
    assert moved.value.problems[0].code == "contact_sealed_unreadable"
    sealed = doc["contact_sealed"]
    mid = len(sealed) - 12  # inside the ciphertext, clear of base64 padding
    flipped = sealed[:mid] + ("A" if sealed[mid] != "A" else "B") + sealed[mid + 1 :]
    ws.store.put("clue", "q1", {**doc, "contact_sealed": flipped})
    with pytest.raises(ConfigurationError):
        ws.read_contact("q1", reader="s", now=T0)


def test_erasure_removes_the_ciphertext_for_good(ws: Audited) -> None:
    with pytest.raises(PermissionDenied):
        ws.erase_contact("q1", actor="a", now=T0)
    assert ws.contact_status("q1", T0) == "sealed"
    sealed = ws.store.get("clue", "q1")["contact_sealed"]
    assert ws.erase_contact("q1", actor="s", now=T0 + timedelta(hours=1), reason="本人申请删除")
    doc = ws.store.get("clue", "q1")
    assert doc is not None and "contact_sealed" not in doc
    assert doc["contact_erased"]["by"] == "s" and doc["contact_erased"]["reason"] == "本人申请删除"
    assert ws.contact_status("q1", T0) == "erased"
    with pytest.raises(NotFound) as gone:
        ws.read_contact("q1", reader="s", now=T0 + timedelta(hours=2))
    assert gone.value.problems[0].code == "contact_erased"
    assert not ws.erase_contact("q1", actor="s", now=T0 + timedelta(hours=3))  # nothing left
    assert sealed not in backup_text(ws.store)  # and no later backup holds it
    assert not any("contact_sealed" in c.record for c in ws.store.registry_history())
    assert verify(ws.store).problems == ()  # the chain still adds up over the tombstone


def test_erased_bytes_are_not_left_in_the_sqlite_files(ws: Audited, tmp_path: Path) -> None:
    """secure_delete zeroes the rewritten rows' old bytes and the WAL is truncated after the
    redaction: neither the ciphertext nor its raw bytes are anywhere on disk, store still open.

    The contact is long so that the rows rewritten over the old ones (smaller) cannot happen
    to cover all of its bytes: without ``secure_delete`` the test fails."""
    address = "浙江省杭州市萧山区城厢街道" * 8 + " 13912345678"
    ws.register_clue(Clue("q9", "qr_code", T0, "路灯不亮", contact=address))
    sealed = ws.store.get("clue", "q9")["contact_sealed"]
    packed = sealed.rsplit(".", 1)[1]
    raw = base64.urlsafe_b64decode(packed)[12:]  # the ciphertext proper, past the nonce
    files = [tmp_path / "sqmy.db", tmp_path / "sqmy.db-wal"]

    def on_disk() -> bytes:
        return b"".join(f.read_bytes() for f in files if f.exists())

    def found(kept: bytes) -> list[bytes]:  # any 12-byte piece of either form
        pieces = [packed.encode("ascii")[i : i + 12] for i in range(0, len(packed) - 12, 4)]
        pieces += [raw[i : i + 12] for i in range(0, len(raw) - 12, 4)]
        return [p for p in pieces if p in kept]

    assert packed.encode("ascii") in on_disk()  # the probe finds it while it is kept
    ws.erase_contact("q9", actor="s", now=T0 + timedelta(hours=1))
    assert found(on_disk()) == []
    ws.store.close()
    assert found(on_disk()) == []


def test_a_contact_expires_after_the_retention_and_the_daily_run_erases_it(ws: Audited) -> None:
    ws.register_clue(Clue("q2", "qr_code", T0 + timedelta(days=10), "later", contact="较新"))
    day29, day30 = T0 + timedelta(days=29, hours=23), T0 + timedelta(days=30)
    assert ws.read_contact("q1", reader="s", now=day29) == CANARY
    assert ws.expire_contacts(day29) == 0
    with pytest.raises(NotFound) as expired:
        ws.read_contact("q1", reader="s", now=day30)
    assert expired.value.problems[0].code == "contact_expired"
    assert "30" in expired.value.render("en")
    assert ws.contact_status("q1", day30) == "expired"
    assert ws.expire_contacts(day30) == 1  # q1 only; q2 has ten days left
    assert ws.expire_contacts(day30) == 0
    assert ws.store.get("clue", "q1")["contact_erased"] == {
        "at": "2024-03-31T09:00:00+08:00",
        "by": None,
        "reason": "expired",
    }
    assert ws.read_contact("q2", reader="s", now=day30) == "较新"
    kept = {c.number: c for c in ws.store.registry_history() if c.kind == "clue"}
    assert not any("contact_sealed" in c.record for c in kept.values() if c.ident == "q1")
    assert sum("contact_sealed" in c.record for c in kept.values() if c.ident == "q2") == 1
    (expiry,) = [r for r in ws.store.audit_records() if r.entry.stored.get("redacted")]
    assert expiry.entry.action == "expire_contacts"
    assert expiry.entry.stored["redacted"] == [
        {"kind": "clue", "ident": "q1", "numbers": [n for n, c in kept.items() if c.ident == "q1"][:1]}
    ]
    assert verify(ws.store).problems == ()


def test_a_clue_converts_into_one_piece(ws: Audited) -> None:
    args: dict[str, Any] = {"authors": ["a"], "actor": "s", "now": T0, "title": "关于加装电梯"}
    first = ws.convert_clue("q1", "x1", **args)
    assert first.clue == "q1" and ws.converted_into("q1") == "x1"
    assert ws.convert_clue("q1", "x1", **args).version == first.version  # a repeat
    with pytest.raises(TransitionNotAllowed) as twice:
        ws.convert_clue("q1", "x2", **args)
    assert twice.value.problems[0].code == "clue_converted"
    assert "x1" in twice.value.render("en") and "已转为稿件" in twice.value.render()
    assert ws.store.streams() == ["x1"]
    history = repr(ws.history("x1"))
    assert "13912345678" not in history and "王金丝雀" not in history


def test_two_threads_converting_one_clue_give_one_piece(tmp_path: Path) -> None:
    db = str(tmp_path / "race.db")
    sets = settings(tmp_path)
    base = Workspace.open(db, ruleset=RULESETS / "district.toml", settings=sets)
    base.register_person(Person("s", "s", ["staff"]))
    base.register_person(Person("a", "a", ["member"]))
    rounds = 12
    for r in range(rounds):
        base.register_clue(Clue(f"q{r}", "qr_code", T0, "x", contact=CANARY))
    base.close()
    district = RULESETS / "district.toml"
    workers = [Workspace.open(db, ruleset=district, settings=sets) for _ in range(2)]
    try:
        for r in range(rounds):
            barrier = threading.Barrier(2)
            outcomes: list[str] = []
            threads = [
                threading.Thread(target=_convert, args=(w, f"q{r}", f"p{r}-{i}", barrier, outcomes))
                for i, w in enumerate(workers)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(outcomes) == ["ok", "refused"], outcomes
        streams = workers[0].store.streams()
        assert len(streams) == rounds
        assert len({workers[0].piece(s).clue for s in streams}) == rounds
    finally:
        for w in workers:
            w.close()


def _convert(
    w: Workspace, clue: str, piece: str, barrier: threading.Barrier, outcomes: list[str]
) -> None:
    barrier.wait()
    try:
        w.convert_clue(clue, piece, authors=["a"], actor="s", now=T0, title="t")
        outcomes.append("ok")
    except TransitionNotAllowed:
        outcomes.append("refused")


def test_bad_contact_settings_name_the_key_path_and_never_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.key"
    bad.write_text("c2hvcnQ=", encoding="ascii")  # "short"
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"key_env": "SQMY_TEST_NO_SUCH_VAR"}, "contacts.key_env", "SQMY_TEST_NO_SUCH_VAR"),
        ({"key_file": str(bad)}, "contacts.key_file", "32 bytes"),
        ({"key_file": str(tmp_path / "missing.key")}, "contacts.key_file", "cannot read"),
        ({"key_fiel": "x"}, "contacts.key_fiel", "unknown setting"),
        ({}, "contacts", "exactly one current key"),
        ({"key_file": 5}, "contacts.key_file", "non-empty string"),
    ]
    for table, path, words in cases:
        with pytest.raises(SettingsError) as exc:
            contact_keys({"contacts": table})
        text = exc.value.render("en")
        assert text.startswith(path) and words in text, text
        assert exc.value.render("zh") != text
    monkeypatch.setenv("SQMY_TEST_KEY", KEY)
    both = settings(tmp_path, key_env="SQMY_TEST_KEY")["contacts"]
    with pytest.raises(SettingsError) as two:
        contact_keys({"contacts": both})
    assert KEY not in two.value.render("en")
    from_env = contact_keys({"contacts": {"key_env": "SQMY_TEST_KEY"}})
    assert from_env is not None and KEY not in repr(from_env)


def test_a_contact_is_checked_without_being_quoted(ws: Audited) -> None:
    with pytest.raises(DatasetError) as exc:
        ws.register_clue(Clue("q5", "qr_code", T0, "x", contact=CANARY * 100))
    assert "contact" in exc.value.render("en") and CANARY not in exc.value.render("en")
    assert ws.store.get("clue", "q5") is None


def test_plain_contacts_kept_before_sealing_are_sealed_on_request(ws: Audited) -> None:
    ws.store.put("clue", "old", {**ws.store.get("clue", "q1"), "id": "old", "contact": "旧明文"})
    doc = dict(ws.store.get("clue", "old") or {})
    doc.pop("contact_sealed")
    ws.store.put("clue", "old", doc)
    assert ws.contact_status("old", T0) == "plain"
    with pytest.raises(NotFound) as first:
        ws.read_contact("old", reader="s", now=T0)
    assert first.value.problems[0].code == "contact_not_sealed"
    assert ws.clue("old").contact is None
    assert ws.seal_contacts() == 1
    assert "contact" not in (ws.store.get("clue", "old") or {})
    assert ws.read_contact("old", reader="s", now=T0) == "旧明文"
    assert "旧明文" not in str(ws.store.registry_history())  # nor in any earlier state
    assert "旧明文" not in backup_text(ws.store)
    (sealing,) = [r for r in ws.store.audit_records() if r.entry.action == "seal_contacts"]
    assert sealing.entry.stored["redacted"] == [{"kind": "clue", "ident": "old", "numbers": [5, 6]}]


def test_a_relative_key_file_is_found_from_the_settings_files_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not from the working directory: there a different key sits under the same name."""
    conf, elsewhere = tmp_path / "配置", tmp_path / "运行目录"
    for folder, key, old in ((conf, KEY, OTHER_KEY), (elsewhere, OTHER_KEY, new_key_text())):
        (folder / "keys").mkdir(parents=True)
        (folder / "keys" / "contact.key").write_text(key + "\n", encoding="ascii")
        (folder / "keys" / "old.key").write_text(old, encoding="ascii")
    absolute = tmp_path / "abs.key"
    absolute.write_text(KEY, encoding="ascii")
    (conf / "sqmy.toml").write_text(
        '[contacts]\nkey_file = "keys/contact.key"\nprevious_key_files = ["keys/old.key"]\n',
        encoding="utf-8",
    )
    (conf / "abs.toml").write_text(f"[contacts]\nkey_file = {str(absolute)!r}\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    keys = contact_keys(load_settings(conf / "sqmy.toml"))
    assert keys is not None and keys.current_id == key_id(base64.b64decode(KEY))
    sealed = ContactKeys(base64.b64decode(OTHER_KEY)).seal(CANARY, "district", "q1")
    assert keys.open(sealed, "district", "q1") == CANARY  # the previous key, from there too
    kept = contact_keys(load_settings(conf / "abs.toml"))
    assert kept is not None and kept.current_id == keys.current_id
    given = contact_keys({"contacts": {"key_file": "keys/contact.key"}})  # a mapping: cwd
    assert given is not None and given.current_id == key_id(base64.b64decode(OTHER_KEY))
    (conf / "missing.toml").write_text('[contacts]\nkey_file = "nope.key"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as missing:
        contact_keys(load_settings(conf / "missing.toml"))
    assert str(conf / "nope.key") in missing.value.render("en")  # the path it looked at
