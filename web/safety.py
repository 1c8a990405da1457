"""Security headers on every response, and error pages (HTML for the site, JSON for the API)."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
ERROR_TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Method not allowed",
    413: "Too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Something went wrong",
}
ERROR_ADVICE = {
    400: "The form or link was incomplete, or the form had expired. Reload and try again.",
    404: "There is no such page or entry. Try searching for the term instead.",
    413: "The text or file is larger than this site accepts (4 MB). Split it into parts.",
    429: "You sent many requests in a short time. Wait a minute, then try again.",
}


def wants_json() -> bool:
    """True for API requests: errors are answered as JSON there."""
    return request.path.startswith("/api/")


def error_response(error: HTTPException) -> tuple[Response | str, int]:
    """An error as JSON ({"error": ...}) for the API, as a friendly page elsewhere."""
    code = error.code or 500
    if wants_json():
        return jsonify({"error": error.description or ERROR_TITLES.get(code, "error")}), code
    description = (error.description or "") if code == 400 else ""
    return error_page(code, ERROR_TITLES.get(code, error.name), description), code


def error_page(code: int, title: str = "", description: str = "", **extra: Any) -> str:
    """The friendly error page (its title, advice and `extra` for the template)."""
    return render_template(
        "error.html",
        code=code,
        title=title or ERROR_TITLES.get(code, "Error"),
        advice=ERROR_ADVICE.get(code, ""),
        description=description,
        **extra,
    )


def init_app(app: Flask) -> None:
    """Register the headers and the error handlers."""

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.method == "GET" and wants_json():
            response.headers.setdefault("Access-Control-Allow-Origin", "*")
            if response.status_code == 200:  # the data changes only when the site is rebuilt
                response.headers.setdefault("Cache-Control", "public, max-age=300")
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response | str, int] | HTTPException:
        if error.code is None or error.code < 400:
            return error  # redirects and the like pass through
        return error_response(error)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[Response | str, int]:
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(InternalServerError())
