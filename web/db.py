"""The read-only glossary for the current request (one connection per thread, on flask.g)."""

from __future__ import annotations

import threading

from flask import Flask, current_app, g

from glossary.query import Glossary
from glossary.suggestions import SuggestionStore


class GlossaryPool:
    """One read-only Glossary per thread: opened on first use, reused by later requests."""

    def __init__(self, db_path: str):
        self.db_path = db_path
        self._local = threading.local()

    def get(self) -> Glossary:
        """This thread's Glossary."""
        opened = getattr(self._local, "glossary", None)
        if opened is None:
            opened = self._local.glossary = Glossary(self.db_path)
        return opened


def init_app(app: Flask) -> None:
    """Attach the connection pool and close the per-request suggestion store after each request."""
    app.extensions["glossary_pool"] = GlossaryPool(app.config["GLOSSARY_DB"])

    @app.teardown_appcontext
    def close_store(exc: BaseException | None) -> None:
        store = g.pop("suggestions", None)
        if store is not None:
            store.close()


def get_glossary() -> Glossary:
    """The read-only glossary for this request."""
    if "glossary" not in g:
        g.glossary = current_app.extensions["glossary_pool"].get()
    return g.glossary


def get_suggestions() -> SuggestionStore:
    """The writable suggestion store for this request (closed when the request ends)."""
    if "suggestions" not in g:
        g.suggestions = SuggestionStore(current_app.config["SUGGESTIONS_DB"])
    return g.suggestions
