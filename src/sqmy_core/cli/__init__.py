"""The ``sqmy`` command line (Chinese by default, ``--lang en`` for English)."""
