"""Human-readable reports generated from rulesets and results (pure: text in, text out).

Reports sit below the command line: they may import ``rules/``, ``model/``,
``scoring/`` and ``i18n/``, never ``cli/`` or ``workspace/``, so the same text
is produced by the library, the CLI and the tests.

Bulletins and assessments become a :class:`~sqmy_core.reports.document.Report`
(:mod:`~sqmy_core.reports.bulletin_report`,
:mod:`~sqmy_core.reports.assessment_report`), which
:func:`sqmy_core.reports.writers.write_report` lays out in each format.  The
names here are imported when first asked for: writing a file through
:mod:`~sqmy_core.reports.writers.target` does not load the ruleset documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqmy_core.reports.ruleset_doc import render_ruleset_doc


def __getattr__(name: str) -> Any:
    if name == "render_ruleset_doc":
        from sqmy_core.reports.ruleset_doc import render_ruleset_doc

        return render_ruleset_doc
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["render_ruleset_doc"]
