"""The public surface changes only on purpose, and plugins use nothing else.

The facade (``sqmy_core``) and the plugin kit (``sqmy_core.kit``) declare
their names in ``__all__``; ``public_surface.txt`` is the checked-in list, so
adding or removing a name fails here until the list is changed too.  Every
import of ``sqmy_core`` in ``plugins/*/src`` must name a declared name (the
plugins are separate distributions: whatever else they touch may move).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sqmy_core
from sqmy_core import kit
from sqmy_core.i18n import message, register_messages

REPO = Path(__file__).resolve().parents[2]
LISTED = REPO / "tests" / "unit" / "public_surface.txt"
PLUGIN_SOURCES = sorted(REPO.glob("plugins/*/src/**/*.py"))


def _declared() -> list[str]:
    return [f"sqmy_core.{n}" for n in sorted(sqmy_core.__all__)] + [
        f"sqmy_core.kit.{n}" for n in sorted(kit.__all__)
    ]


def test_the_public_surface_is_the_checked_in_list() -> None:
    listed = [ln for ln in LISTED.read_text(encoding="utf-8").splitlines()
              if ln and not ln.startswith("#")]
    assert _declared() == listed, "the public surface changed: update public_surface.txt on purpose"


@pytest.mark.parametrize("module", [sqmy_core, kit], ids=["facade", "kit"])
def test_every_declared_name_exists(module: object) -> None:
    names: list[str] = module.__all__
    assert len(names) == len(set(names))
    missing = [n for n in names if not hasattr(module, n)]
    assert missing == []


def _undeclared(path: Path, root: Path = REPO) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names
                      if a.name.startswith("sqmy_core") and a.name not in ("sqmy_core",
                                                                           "sqmy_core.kit")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqmy_core"):
            allowed = {"sqmy_core": sqmy_core.__all__, "sqmy_core.kit": kit.__all__}.get(
                node.module or "", []
            )
            found += [f"{node.module}.{a.name}" for a in node.names if a.name not in allowed]
    return [f"{path.relative_to(root)}: {name}" for name in found]


def test_plugins_import_only_declared_names() -> None:
    assert len(PLUGIN_SOURCES) > 10  # the glob still finds the plugins
    assert [u for p in PLUGIN_SOURCES for u in _undeclared(p)] == []


def test_the_scan_catches_an_undeclared_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from sqmy_core.rules.convert import show\nfrom sqmy_core import hookimpl\n"
                   "import sqmy_core._builtin\nfrom sqmy_core.kit import nothing_here\n",
                   encoding="utf-8")
    found = [u.split(": ")[1] for u in _undeclared(bad, tmp_path)]
    assert found == ["sqmy_core.rules.convert.show", "sqmy_core._builtin",
                     "sqmy_core.kit.nothing_here"]


def test_a_plugin_s_messages_render_in_both_languages() -> None:
    sqmy_notify_smtp = pytest.importorskip("sqmy_notify_smtp")  # registers its codes on import

    assert "smtp_missing" in sqmy_notify_smtp.MESSAGES
    assert message("smtp_missing", "zh") == "缺少必填项"
    assert message("smtp_missing", "en") == "is required"
    problem = kit.Problem("smtp.host", "smtp_missing")
    assert kit.PluginError([problem]).render("en") == "smtp.host: is required"


def test_register_messages_keeps_one_text_per_code() -> None:
    codes = {"kit_test_hello": {"zh": "你好 {name}", "en": "hello {name}"}}
    register_messages(codes)
    register_messages(codes)  # the same again changes nothing
    assert message("kit_test_hello", "zh", name="张三") == "你好 张三"
    with pytest.raises(ValueError, match="already defined"):
        register_messages({"kit_test_hello": {"zh": "别的", "en": "other"}})
    with pytest.raises(ValueError, match="already defined"):
        register_messages({"unknown_piece": {"zh": "x", "en": "x"}})  # a core code
    with pytest.raises(ValueError, match="exactly"):
        register_messages({"kit_test_half": {"zh": "只有中文"}})
    assert message("kit_test_hello", "en", name="Li") == "hello Li"
