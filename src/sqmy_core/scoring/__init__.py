"""Scoring: points, quotas, flags, ranking, awards and explanations (pure)."""

from sqmy_core.scoring.assess import assess, assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.result import Assessment, EntityResult, Stats

__all__ = ["Assessment", "Book", "EntityResult", "Stats", "assess", "assess_book"]
