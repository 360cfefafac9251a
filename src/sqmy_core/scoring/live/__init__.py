"""The live standings' stages (see :mod:`sqmy_core.scoring.standings`, which puts them together).

- :mod:`.scales` -- exact points as integers, and growing a scale that is short;
- :mod:`.registry` -- the assessed entities, their classes, bases and fixed records;
- :mod:`.ledger` -- a piece's ledger on integers, each rule a compiled plan;
- :mod:`.credit` -- who a ledger delta is credited to, as integer multipliers;
- :mod:`.years` -- whether an event counts in the year, and towards which metrics;
- :mod:`.parts` -- what each piece gives in the year, and walking it on by one event;
- :mod:`.entity` -- an entity's bounds and its ranking key.
"""
