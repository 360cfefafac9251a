"""sqmy-sqlalchemy: sqmy event stores in PostgreSQL and MySQL/MariaDB, on SQLAlchemy 2 Core.

Installed, it is found through the ``sqmy`` entry point; a storage URL such
as ``postgresql+psycopg://sqmy@db.example/oa`` or
``mysql+pymysql://sqmy@db.example/oa`` then opens
:class:`~sqmy_sqlalchemy.store.SqlAlchemyStore`.  Importing this package
imports neither SQLAlchemy nor a driver.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sqmy_sqlalchemy.store import SqlAlchemyStore

__all__ = ["SqlAlchemyStore", "__version__"]


def __getattr__(name: str) -> object:
    if name == "SqlAlchemyStore":
        from sqmy_sqlalchemy.store import SqlAlchemyStore

        return SqlAlchemyStore
    raise AttributeError(f"module 'sqmy_sqlalchemy' has no attribute {name!r}")
