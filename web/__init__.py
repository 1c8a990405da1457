"""The lookup site: a Flask application over glossary.service, glossary.query and the formats.

`create_app(config=None)` builds the database once if it is stale, then serves it read-only
(one connection per thread). Suggestions go to a separate writable database.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask

from web.extensions import csrf, init_limiter

MEGABYTE = 1024 * 1024
DEFAULTS: dict[str, Any] = {
    "SITE_NAME": "Chinese Policy Glossary",
    "MAX_CONTENT_LENGTH": 4 * MEGABYTE,
    "MAX_FORM_MEMORY_SIZE": 4 * MEGABYTE,
    "RATE_LIMIT_POST": "30 per minute",
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    # Redis down: count in each worker's memory meanwhile (fail open, logged); see web/README.md
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_SWALLOW_ERRORS": True,
    "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    "RATELIMIT_HEADERS_ENABLED": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": 6 * 3600,
    "SEARCH_LIMIT": 20,
    "BUILD_ON_START": True,
}
# Environment variables read when the config leaves a key out (the CLI's names where shared).
ENVIRONMENT = {
    "GLOSSARY_TERMS": "GLOSSARY_TERMS",
    "GLOSSARY_DB": "GLOSSARY_DB",
    "SUGGESTIONS_DB": "GLOSSARY_SUGGESTIONS",
    "SECRET_KEY": "GLOSSARY_SECRET_KEY",
    "RATE_LIMIT_POST": "GLOSSARY_RATE_LIMIT",
    "BASE_URL": "GLOSSARY_BASE_URL",
    "RATELIMIT_STORAGE_URI": "GLOSSARY_RATE_LIMIT_STORAGE",
}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The site: config keys override environment variables, which override the defaults."""
    from glossary.locations import bundled_terms, default_db
    from glossary.suggestions import SuggestionStore, default_store_path

    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    for key, variable in ENVIRONMENT.items():
        if os.environ.get(variable):
            app.config[key] = os.environ[variable]
    app.config.update(config or {})
    app.config.setdefault("GLOSSARY_TERMS", bundled_terms())
    app.config.setdefault("GLOSSARY_DB", default_db(app.config["GLOSSARY_TERMS"]))
    app.config.setdefault("SUGGESTIONS_DB", default_store_path(app.config["GLOSSARY_DB"]))
    # One random key per process tree: `glossary serve` preloads the app, so workers share it.
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    if app.config["BUILD_ON_START"]:
        build_if_stale(app.config["GLOSSARY_TERMS"], app.config["GLOSSARY_DB"])
    with SuggestionStore(app.config["SUGGESTIONS_DB"]):
        pass  # creates the table once, before concurrent writers arrive

    from web import api, cache, db, downloads, health, pages, research, safety

    db.init_app(app)
    health.init_app(app)
    cache.init_app(app)
    init_limiter(app, [pages.bp, api.bp, research.bp])  # first, so that refused requests count too
    csrf.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(downloads.bp)
    research.init_app(app)
    safety.init_app(app)
    pages.init_app(app)
    return app


def build_if_stale(terms: str, db_path: str) -> None:
    """Build the glossary database if it is missing or older than the term files."""
    from glossary.service import Unavailable, open_glossary

    try:
        open_glossary(terms, db_path).close()
    except Unavailable as failure:
        raise RuntimeError("\n".join(failure.lines)) from failure
