"""``python -m sqmy_core``: the ``sqmy`` command, for where the console script is not on the
``PATH`` (a venv not activated, a service's own interpreter)."""

from __future__ import annotations

from sqmy_core.cli.main import main

__all__: list[str] = []

if __name__ == "__main__":
    main()
