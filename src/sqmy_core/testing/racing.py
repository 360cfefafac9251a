"""Racing calls against each other: the one helper every conformance race uses.

A race is only a test when the calls really overlap: each runs in its own
thread, all held at one barrier and released together, and every outcome
is kept -- a result or the exception raised -- so the caller can assert
that exactly one wrote and what each of the others met.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

__all__ = ["race"]


def race(calls: Sequence[Callable[[], object]], timeout: float = 60) -> list[object]:
    """Run every call in its own thread, released together; their results or errors, in the
    order they finished."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = []

    def run(call: Callable[[], object]) -> None:
        barrier.wait(timeout=timeout)
        try:
            outcomes.append(call())
        except Exception as exc:  # a conflict or a failure: the caller looks at each, none lost
            outcomes.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * timeout)
    return outcomes
