"""The read-only glossary for the current request (one connection per thread, on flask.g).

Every request compares the database file's identity (device, inode, size, mtime: one
`stat`) with the one its thread has open. A rebuilt database (`glossary build` replaces the
file) is opened and checked before it is used; until then, and whenever the file is
missing or not a valid glossary database, the thread keeps answering from the last good
one (a thread that never had one borrows the process's last good connection; SQLite
serialises its use). With no good database yet, the site answers 503.
"""

from __future__ import annotations

import os
import sqlite3
import threading

from flask import Flask, abort, current_app, g

from glossary.dbguard import ForeignDatabase
from glossary.dbguard import check as check_database
from glossary.query import Glossary
from glossary.suggestions import SuggestionStore

Identity = tuple[int, int, int, int]


def file_identity(path: str) -> Identity | None:
    """(device, inode, size, mtime) of a file, or None when it is missing."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def open_valid(path: str) -> Glossary | None:
    """The glossary in a file, if it is a complete glossary database; else None."""
    try:
        check_database(path)
        opened = Glossary(path, resident=True)  # the site: a long-lived process
    except (ForeignDatabase, sqlite3.Error, OSError):
        return None
    try:
        opened.conn.execute("select value from meta where key = 'schema_version'").fetchone()
        opened.conn.execute("select id from concepts limit 1").fetchall()
    except sqlite3.Error:
        opened.close()
        return None
    return opened


class GlossaryPool:
    """One read-only Glossary per thread, switched to a rebuilt database when it is valid."""

    def __init__(self, db_path: str):
        self.db_path = db_path
        self._local = threading.local()
        self._last_good: Glossary | None = None  # for threads that never opened a good one

    def get(self) -> Glossary | None:
        """This thread's Glossary: the current file's if valid, else the last good one."""
        local = self._local
        identity = file_identity(self.db_path)
        current: Glossary | None = getattr(local, "glossary", None)
        if current is not None and identity == getattr(local, "identity", None):
            return current
        if identity is not None and identity != getattr(local, "rejected", None):
            fresh = open_valid(self.db_path)
            if fresh is not None:
                fresh.file_identity = identity  # type: ignore[attr-defined]
                if current is not None:
                    current.close()
                local.glossary, local.identity = fresh, identity
                self._last_good = fresh
                return fresh
            local.rejected = identity  # not retried until the file changes again
        return current if current is not None else self._last_good


def init_app(app: Flask) -> None:
    """Attach the connection pool and close the per-request suggestion store after each request."""
    app.extensions["glossary_pool"] = GlossaryPool(app.config["GLOSSARY_DB"])

    @app.teardown_appcontext
    def close_store(exc: BaseException | None) -> None:
        store = g.pop("suggestions", None)
        if store is not None:
            store.close()


def get_glossary() -> Glossary:
    """The read-only glossary for this request (503 when no valid database was ever found)."""
    if "glossary" not in g:
        opened = current_app.extensions["glossary_pool"].get()
        if opened is None:
            abort(503, description="the glossary database is missing or being rebuilt")
        g.glossary = opened
    return g.glossary


def get_suggestions() -> SuggestionStore:
    """The writable suggestion store for this request (closed when the request ends)."""
    if "suggestions" not in g:
        g.suggestions = SuggestionStore(current_app.config["SUGGESTIONS_DB"])
    return g.suggestions
