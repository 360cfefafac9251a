"""Policy specs in Chinese: a pytest plugin with a library of ``# language: zh-CN`` steps.

An organization's repository needs only ``.feature`` files and one line::

    # tests/test_policy.py
    from sqmy_core.bdd import scenarios

    scenarios("../features")

The plugin (entry point ``pytest11`` ``sqmy_bdd``) registers the steps
(:data:`STEP_MODULES`), the ``sqmy_world`` and ``sqmy_ruleset`` fixtures and
the checks of feature files (:mod:`.lint`).  :func:`scenarios` checks the
files before handing them to pytest-bdd, so a BOM, a GBK file or a
full-width colon is reported in Chinese with the file, the line and the fix;
``pytest_bdd.scenarios`` works too (the plugin translates its parse errors).
See ``docs/specs.md``.
"""

from __future__ import annotations

import os
import sys
from typing import Final

STEP_MODULES: Final = (
    "sqmy_core.bdd.steps_setup",
    "sqmy_core.bdd.steps_events",
    "sqmy_core.bdd.steps_records",
    "sqmy_core.bdd.steps_workflow",
    "sqmy_core.bdd.steps_checks",
    "sqmy_core.bdd.steps_assess",
    "sqmy_core.bdd.steps_sections",
    "sqmy_core.bdd.steps_overview",
    "sqmy_core.bdd.steps_rules",
    "sqmy_core.bdd.steps_notices",
)
"""The step modules, in the order the catalog lists them (the plugin pulls them in)."""


def scenarios(*feature_paths: str, features_base_dir: str | None = None, lint: bool = True) -> None:
    """Bind every scenario of ``feature_paths`` as a test in the calling module.

    Like :func:`pytest_bdd.scenarios` (paths relative to the calling module,
    or to ``bdd_features_base_dir``), but the files are first checked for
    what an editor gets wrong (BOM, GBK, full-width colons, Gherkin syntax);
    a problem fails the collection with a Chinese message naming the file,
    the line and the fix.  Feature files must be UTF-8 (without BOM).
    """
    import pytest
    import pytest_bdd
    from pytest_bdd.scenario import get_features_base_dir

    from sqmy_core.bdd.lint import feature_files, lint_file, render

    caller = sys._getframe(1)
    caller_file = caller.f_code.co_filename
    base = features_base_dir or get_features_base_dir(caller_file)
    paths = [p if os.path.isabs(p) else os.path.join(base, p) for p in feature_paths]
    if lint:
        findings = [f for path in feature_files(paths) for f in lint_file(path, steps=False)]
        if findings:
            pytest.fail(
                "以下 .feature 文件需要修改后才能运行：\n" + render(findings), pytrace=False
            )
    namespace: dict[str, object] = {"_bind": pytest_bdd.scenarios, "_paths": paths, "_base": base}
    code = compile("_bind(*_paths, features_base_dir=_base)", caller_file, "exec")
    exec(code, namespace)  # the scenarios land in ``namespace`` (pytest-bdd's caller locals)
    module = caller.f_globals
    for name, value in namespace.items():
        if name.startswith("test_"):
            unique, n = name, 1
            while unique in module:
                unique, n = f"{name}_{n}", n + 1
            module[unique] = value


__all__ = ["STEP_MODULES", "scenarios"]
