"""The matcher's library is paid for only by similar-topic work, and its absence is said clearly."""

from __future__ import annotations

import sys

import pytest

from sqmy_core.errors import ConfigurationError
from sqmy_core.i18n import message
from sqmy_core.workflow.similar import text_score
from tests.unit.test_startup_imports import RULESET, _loaded, _run_sqmy


@pytest.mark.parametrize(
    "code",
    [
        _run_sqmy("--version"),
        "import sqmy_core.workspace.workspace",
        "import sqmy_core.workflow.similar",
        _run_sqmy("ruleset", "check", RULESET),
    ],
    ids=["--version", "import workspace", "import the matcher", "ruleset check"],
)
def test_rapidfuzz_is_not_imported_until_texts_are_compared(code: str) -> None:
    assert not {m for m in _loaded(code) if m.split(".")[0] == "rapidfuzz"}


def test_comparing_imports_it() -> None:
    loaded = _loaded("from sqmy_core.workflow.similar import text_score; text_score('甲', '乙')")
    assert "rapidfuzz.distance" in loaded


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rapidfuzz.distance", None)
    with pytest.raises(ConfigurationError) as caught:
        text_score("关于加强农村养老服务的建议", "关于加强农村道路安全的建议")
    [problem] = caught.value.problems
    assert problem.path == "similar" and problem.code == "similar_needs_extra"
    assert "sqmy-core[similar]" in message(problem.code, "zh", **problem.params)
    assert "install sqmy-core[similar]" in message(problem.code, "en", **problem.params)
