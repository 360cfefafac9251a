"""The columnar batch path: the ruleset computed over polars tables (``scale`` extra).

The event-by-event ledger (:mod:`sqmy_core.scoring.ledger`) stays the
reference and serves ``explain`` and plugin stages; this package computes the
same assessment over whole columns for large datasets and is tested equal to
the reference.  Nothing here is imported unless the engine picks this path.
"""
