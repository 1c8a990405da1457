"""Cached answers: search, term and export answers are fixed for a build, so repeats cost little.

Each such answer carries an ETag made from the build id and a Cache-Control a CDN can use;
a request whose If-None-Match names the current ETag gets 304 without a lookup, and a
repeated request is answered from a bounded in-process cache keyed by the build (a new
database, a new build id: the old answers are never served again). Hits are answered by a
WSGI middleware in front of Flask, with the headers Flask gave the first answer.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, g, request
from werkzeug.http import parse_etags

from web.health import build_of, current_build

CACHED_ENDPOINTS = frozenset({"api.search", "api.term", "api.export"})
# Browsers keep an answer 5 minutes, shared caches (a CDN) a day; both revalidate by ETag.
CACHE_CONTROL = "public, max-age=300, s-maxage=86400, stale-while-revalidate=60"
MAX_ENTRIES = 4096
MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 1024 * 1024
DROPPED_HEADERS = frozenset({"content-length", "set-cookie"})
CACHED_PREFIXES = ("/api/search", "/api/term/", "/api/export")


class AnswerCache:
    """A least-recently-used map from (build, path and query) to an answer, bounded in bytes."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._items: OrderedDict[tuple[str, str], tuple[bytes, list[tuple[str, str]]]] = (
            OrderedDict()
        )
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple[str, str]) -> tuple[bytes, list[tuple[str, str]]] | None:
        """The stored answer for a key, or None."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: tuple[str, str], body: bytes, headers: list[tuple[str, str]]) -> None:
        """Store an answer (not if larger than MAX_ENTRY_BYTES); drop the oldest beyond bounds."""
        if len(body) > MAX_ENTRY_BYTES:
            return
        with self._lock:
            if self._items and next(iter(self._items))[0] != key[0]:
                self._items.clear()  # a new build: nothing older can be served again
                self._bytes = 0
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old[0])
            self._items[key] = (body, headers)
            self._bytes += len(body)
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _, (dropped, _) = self._items.popitem(last=False)
                self._bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        """The bytes of the stored answers."""
        return self._bytes


def etag_for(build: str) -> str:
    """The ETag of every cached answer of a build."""
    return f'"{build}"'


def answer_key(environ: dict[str, Any]) -> str:
    """The cache key of a request, less the build: its raw path and query string."""
    return f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}"


def init_app(app: Flask) -> None:
    """Answer repeats from the cache (or 304); store and tag fresh answers."""
    cache = app.extensions["glossary_answers"] = AnswerCache()

    @app.before_request
    def not_modified() -> Response | None:
        if request.method != "GET" or request.endpoint not in CACHED_ENDPOINTS:
            return None
        build = current_build()
        g.answer_key = (build, answer_key(request.environ))
        if request.if_none_match.contains_weak(build):  # weak: a gzipping proxy's W/"..." too
            return _tagged(Response(status=304), build)
        return None

    @app.after_request
    def store_answer(response: Response) -> Response:
        key = g.pop("answer_key", None)
        if key is None or response.status_code != 200:
            return response
        _tagged(response, key[0])
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in DROPPED_HEADERS]
        cache.put(key, response.get_data(), headers)
        return response

    app.wsgi_app = CachedAnswers(app.wsgi_app, app, cache)  # type: ignore[method-assign]


def _tagged(response: Response, build: str) -> Response:
    response.headers["ETag"] = etag_for(build)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


StartResponse = Callable[..., Any]


class CachedAnswers:
    """WSGI middleware: a GET the cache holds for the current build is answered without Flask."""

    def __init__(self, wrapped: Callable[..., Iterable[bytes]], app: Flask, cache: AnswerCache):
        self.wrapped, self.app, self.cache = wrapped, app, cache

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Serve a hit (or 304) directly; pass everything else to Flask."""
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "GET" or not path.startswith(CACHED_PREFIXES):
            return self.wrapped(environ, start_response)
        try:
            build = build_of(self.app.extensions["glossary_pool"].get())[0]
        except Exception:  # no valid database: Flask answers (and logs) as usual
            return self.wrapped(environ, start_response)
        found = self.cache.get((build, answer_key(environ)))
        if found is None:
            return self.wrapped(environ, start_response)
        body, headers = found
        if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(build):
            start_response("304 NOT MODIFIED", headers)
            return [b""]
        start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
        return [body]
