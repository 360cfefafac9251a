"""The built-in plugins: the in-memory and SQLite stores and the log channel.

Each module here is an ordinary plugin, listed in
:data:`sqmy_core.plugins.DEFAULT_PLUGINS` and registered ``trylast``.  The
checks they share with every other store (plugins included) are public, in
:mod:`sqmy_core.storage.checks` and exported by :mod:`sqmy_core.kit`.
"""
