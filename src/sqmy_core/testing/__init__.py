"""Helpers for tests of this library and of embedders: builders and fakes."""

from sqmy_core.testing.builder import DatasetBuilder, at

__all__ = ["DatasetBuilder", "at"]
