"""Flask extensions shared by the blueprints: CSRF protection and the rate limiter."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


def post_rate() -> str:
    """The rate limit of every POST endpoint, from the app's config (`RATE_LIMIT_POST`)."""
    return str(current_app.config["RATE_LIMIT_POST"])


def init_limiter(app: Flask, blueprints: list[Blueprint]) -> Limiter:
    """Rate-limit every POST endpoint of the blueprints, per client address.

    One limiter per app (so test apps do not share counters). With the default in-memory
    storage each gunicorn worker counts on its own: behind N workers a client gets up to N
    times the limit; set RATELIMIT_STORAGE_URI (e.g. redis://) to share the count.
    """
    limiter = Limiter(get_remote_address, app=app)
    # Only POST is limited: skip the limiter's bookkeeping for every other request.
    limiter.request_filter(lambda: request.method != "POST")
    for blueprint in blueprints:
        limiter.limit(post_rate, methods=["POST"])(blueprint)
    app.extensions["glossary_limiter"] = limiter
    return limiter
