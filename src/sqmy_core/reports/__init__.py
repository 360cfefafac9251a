"""Human-readable reports generated from rulesets and results (pure: text in, text out).

Reports sit below the command line: they may import ``rules/``, ``model/``,
``scoring/`` and ``i18n/``, never ``cli/`` or ``workspace/``, so the same text
is produced by the library, the CLI and the tests.
"""

from sqmy_core.reports.ruleset_doc import render_ruleset_doc

__all__ = ["render_ruleset_doc"]
