"""The two ways a spec goes wrong, each with a Chinese message for office staff.

- :class:`SpecFailure`: the ruleset does not say what the spec says (an
  expected number, rank or award differs).  This is the useful failure: the
  policy and the TOML disagree.
- :class:`SpecError`: the spec itself cannot be carried out (an unknown
  person or body, a date that cannot be read, a missing ruleset).  The
  message says what to write instead.

The plugin shows either with the feature file, the line and the step, and
no Python traceback.
"""

from __future__ import annotations


class SpecFailure(AssertionError):
    """What the spec expects differs from what the ruleset gives."""


class SpecError(Exception):
    """The spec cannot be carried out as written; the message says how to fix it."""
