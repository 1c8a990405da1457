"""/healthz for load balancers: the build this node serves, its concepts, since when (or 503).

The build id comes from the database's meta table (written by the build: a fingerprint of
the term files and the general layer), so two nodes serving copies of the same build, or
builds from the same commit, give the same id. It also keys the answer cache (web/cache.py).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import weakref
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify
from werkzeug.exceptions import ServiceUnavailable

from glossary.query import Glossary
from web.db import get_glossary

bp = Blueprint("health", __name__)
_known: weakref.WeakKeyDictionary[Glossary, tuple[str, int]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def build_of(glossary: Glossary) -> tuple[str, int]:
    """The build id and the number of concepts of an open glossary (read once per connection)."""
    with _lock:
        known = _known.get(glossary)
    if known is None:
        meta = glossary.meta()
        build = meta.get("build_id") or _older_build_id(meta)
        known = (build, int(glossary.stats()["concepts"]))
        with _lock:
            _known[glossary] = known
    return known


def _older_build_id(meta: dict[str, str]) -> str:
    """An id for a database built before build ids: its meta table less the local folder."""
    rows = sorted((k, v) for k, v in meta.items() if k != "terms_dir")
    return "m" + hashlib.sha256(repr(rows).encode()).hexdigest()[:15]


def current_build() -> str:
    """The build id of the database serving this request."""
    return build_of(get_glossary())[0]


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """200 with the build id, concepts and start time; 503 when no valid database is open."""
    started = current_app.extensions["glossary_started"]
    try:
        build, concepts = build_of(get_glossary())
    except (sqlite3.Error, OSError, KeyError, ValueError, ServiceUnavailable) as error:
        current_app.logger.warning("healthz: no valid database: %s", error)
        body: dict[str, Any] = {"status": "unavailable", "error": str(error), "started": started}
        return _no_store(jsonify(body)), 503
    body = {"status": "ok", "build": build, "concepts": concepts, "started": started}
    return _no_store(jsonify(body)), 200


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Register /healthz and note when this app started."""
    app.extensions["glossary_started"] = datetime.now(UTC).isoformat(timespec="seconds")
    app.register_blueprint(bp)
