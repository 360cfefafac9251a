"""Python's cyclic garbage collector paused around work that makes many long-lived or
acyclic objects; the edges use it (the CLI's start-up, the workspace's columnar call),
the pure core never does.

Each collection walks the young objects again: while modules load (classes, functions,
catalogues that live as long as the process) and while the columnar assessment makes
its records by the hundred thousand (none in a cycle: reference counting frees them),
that walking is all it does -- some 6 % of a county assessment's instructions at
start-up, some 11 % of an assessment of 120,000 people.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_collector"]


@contextmanager
def paused_collector(*, freeze: bool = False) -> Iterator[None]:
    """The collector off for the block and on again after, however it ends; ``freeze``:
    what exists then is frozen first (:func:`gc.freeze`: later collections skip it).

    Left as it is when something else has already turned the collector off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        gc.enable()
