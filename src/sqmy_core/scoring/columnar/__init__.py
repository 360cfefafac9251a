"""The columnar batch path: the ruleset computed over polars tables (``scale`` extra).

The event-by-event ledger (:mod:`sqmy_core.scoring.ledger`) stays the
reference and serves ``explain`` and plugin stages; this package computes the
same assessment over whole columns for large datasets and is tested equal to
the reference.  Nothing here is imported unless the engine picks this path.

- :mod:`.engine` — ``choose_path``, ``assess_columnar``, ``assess_any`` (no polars import);
- :mod:`.support` — ``unsupported(ruleset)``: what the path declines, and why;
- :mod:`.frames` — the input contract (``DatasetFrames``) and its producers;
- :mod:`.stream` — every piece's events as one table, years, key expressions;
- :mod:`.points` — the ledger as running values per piece, caps, corrections;
- :mod:`.entities` — shares and units' totals; :mod:`.people` — the people's table;
- :mod:`.metrics`, :mod:`.quotas`, :mod:`.late` — counts, quota verdicts, late dispatches;
- :mod:`.prepared` — the per-event stages run once (stream, ledger sums, metric periods);
- :mod:`.totals` — each entity's year; :mod:`.table` — the people's table (quotas, flags,
  ranks, awards); :mod:`.results` — result records, ranks and awards by the reference;
- :mod:`.assess` — ``assess_frames``: the stages put together.
"""
