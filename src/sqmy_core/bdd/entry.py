"""The ``pytest11`` entry point: the spec plugin, only where pytest-bdd is installed.

Installing ``sqmy-core`` registers this module with every pytest run in that
environment.  Without the ``[bdd]`` extra there is no pytest-bdd, and loading
:mod:`sqmy_core.bdd.plugin` would break every run (including runs that have
nothing to do with specs), so this module then loads nothing at all.
"""

from __future__ import annotations

from importlib.util import find_spec

pytest_plugins: list[str] = ["sqmy_core.bdd.plugin"] if find_spec("pytest_bdd") else []
