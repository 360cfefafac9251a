"""Coverage-guided fuzzing (atheris / libFuzzer) of the dataset entry point.

Run: ``python tests/fuzz/fuzz_dataset.py [libFuzzer flags] CORPUS_DIR [SEED_DIR ...]``
(``make fuzz`` runs it for 10 minutes; ``make test`` a bounded number of inputs
through tests/fuzz/test_fuzz_profile.py).  An exception other than the
library's refusal is a crash: libFuzzer writes the input to a ``crash-*`` file;
keep it in tests/fuzz/regressions/ so it stays fixed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for tests.*

with atheris.instrument_imports(include=["sqmy_core"]):
    from tests.fuzz._targets import dataset_target


def main() -> None:
    atheris.Setup(sys.argv, dataset_target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
