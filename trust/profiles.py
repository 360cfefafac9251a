"""How much each trial does: the ``quick`` profile of ``make test`` and the ``full`` one of ``make trust``.

Only sizes differ between the two; the trials and their requirements are
the same.  ``quick`` keeps within a minute on a loaded two-core machine:
one N, a couple of rounds, a handful of kills, SQLite for the kills and
the tampering, a slice of the duties matrix, no atheris.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from trust import concurrency, duties
from trust.backends import BACKENDS


@dataclass(frozen=True)
class Profile:
    name: str
    backends: tuple[str, ...] = BACKENDS
    seed: int = 2024
    # concurrency
    modes: tuple[str, ...] = ("thread", "process")
    process_backends: tuple[str, ...] = BACKENDS
    """Where the ``process`` mode runs (spawning is what makes a short profile long)."""
    writers: tuple[int, ...] = (2, 4, 8, 16)
    race_rounds: int = 10
    cases: tuple[str, ...] = tuple(concurrency.CASES)
    # SIGKILL
    kill_backends: tuple[str, ...] = ("sqlite", "postgresql")
    kills: dict[str, int] = field(default_factory=lambda: {"commands": 150, "imports": 100})
    kills_server: dict[str, int] = field(default_factory=lambda: {"commands": 40, "imports": 30})
    kill_delay: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {"commands": (0.02, 0.4), "imports": (0.02, 0.4)}
    )
    kill_delay_server: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {"commands": (0.1, 0.8), "imports": (0.2, 1.2)}
    )
    # fuzz
    fuzz_inputs: int = 80
    fuzz_cut: bool = True
    atheris_s: int = 60
    # tampering: every case on every backend of ``tamper_backends``
    tamper_backends: tuple[str, ...] = BACKENDS
    # canary
    canary_outputs: int = 200
    canary_sweep: bool = True
    """Every month's bulletin and overdue queue, every person's explanation (else a few)."""
    # duties
    duty_roles: tuple[str, ...] = duties.ROLES
    duty_relations: tuple[str, ...] = duties.RELATIONS
    duty_states: tuple[str, ...] = duties.STATES


FULL = Profile("full")
QUICK = Profile(
    "quick",
    writers=(4,),
    process_backends=("sqlite",),
    race_rounds=2,
    kill_backends=("sqlite",),
    kills={"commands": 4, "imports": 3},
    kill_delay={"commands": (0.05, 0.3), "imports": (0.1, 0.4)},
    canary_outputs=60,
    canary_sweep=False,
    fuzz_inputs=20,
    fuzz_cut=False,
    atheris_s=0,
    tamper_backends=("sqlite",),
    duty_roles=("member", "reviewer_initial", "reviewer_chair", "staff"),
    duty_relations=("author", "co_author", "other_unit", "out_of_office"),
    duty_states=("initial", "chair", "returned", "approved", "adopted"),
)
PROFILES = {"quick": QUICK, "full": FULL}


def only(profile: Profile, backends: tuple[str, ...]) -> Profile:
    """The profile on ``backends`` only (the others' servers being unavailable or not wanted)."""
    return replace(
        profile,
        backends=tuple(b for b in profile.backends if b in backends),
        kill_backends=tuple(b for b in profile.kill_backends if b in backends),
        tamper_backends=tuple(b for b in profile.tamper_backends if b in backends),
        process_backends=tuple(b for b in profile.process_backends if b in backends),
    )


__all__ = ["FULL", "PROFILES", "QUICK", "Profile", "only"]
