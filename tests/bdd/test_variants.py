"""features/variants: one scenario (at least) per item of policy-variants.md, each with its own ruleset.

Scenarios tagged ``@engine_bug`` are expected failures (strict): they state
what the variant text requires and the engine does not yet give; see
``tests/bdd/conftest.py``.
"""

from sqmy_core.bdd import scenarios

scenarios("../../features/variants")
