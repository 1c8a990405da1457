"""The JSON API: search, one entry, export, annotate, check, and its OpenAPI description.

The two POST endpoints are exempt from the CSRF token: they accept application/json only
(a cross-site HTML form cannot send that content type, and a cross-site script would
need a CORS preflight this site never grants), they change nothing on the server and use
no cookie, and they are rate-limited like every POST endpoint.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request

from glossary import service
from web import translation_aid
from web.db import get_glossary
from web.extensions import csrf
from web.openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api")
MAX_LIMIT = 100


@bp.get("/search")
def search() -> Response:
    """Entries matching ?q=, best first, each with its layer and why it matched."""
    query = request.args.get("q")
    if query is None:
        abort(400, description="the q parameter is required")
    raw_limit = request.args.get("limit")
    limit = current_app.config["SEARCH_LIMIT"]
    if raw_limit is not None:
        if (
            not raw_limit.isascii()
            or not raw_limit.isdigit()
            or not 1 <= int(raw_limit) <= MAX_LIMIT
        ):
            abort(400, description=f"limit must be an integer from 1 to {MAX_LIMIT}")
        limit = int(raw_limit)
    results = get_glossary().lookup(query, limit)
    return jsonify({"query": query, "count": len(results), "results": results})


@bp.get("/term/<concept_id>")
def term(concept_id: str) -> Response:
    """One entry in the shared JSON shape."""
    entry = get_glossary().entry(concept_id)
    if entry is None:
        abort(404, description=f"no entry with id {concept_id!r}")
    return jsonify(entry)


EXPORT_FILTERS = ("domain", "tag", "status", "q")


@bp.get("/export")
def export() -> Response:
    """The entries the filters select, as a file in ?format= (cached by build, like search)."""
    from glossary import formats

    name = request.args.get("format", "")
    if name not in formats.names():
        abort(400, description=f"format must be one of {', '.join(formats.names())}")
    filters = {key: request.args.get(key, "")[:200] for key in EXPORT_FILTERS}
    selection = service.Selection(
        domain=filters["domain"], tag=filters["tag"], status=filters["status"], query=filters["q"]
    )
    made = service.export(get_glossary(), name, selection)
    if not made.entries:
        abort(404, description="no entries match these filters")
    filename = "-".join(part for part in ("glossary", filters["domain"], filters["status"]) if part)
    return Response(
        made.data,
        mimetype=made.format.mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}{made.format.extension}"'
        },
    )


def _json_body() -> dict[str, Any]:
    if request.mimetype != "application/json":
        abort(415, description="send the body as application/json")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, description="the body must be a JSON object")
    return body


@bp.post("/annotate")
@csrf.exempt
def annotate() -> Response:
    """Every glossary term in {"text": ...}, with offsets, pinyin and the preferred rendering."""
    body = _json_body()
    text = body.get("text")
    if not isinstance(text, str):
        abort(400, description='the body must be {"text": "..."}')
    return jsonify({"matches": translation_aid.annotate(get_glossary(), text)})


@bp.post("/check")
@csrf.exempt
def check() -> Response:
    """Check {"pairs": [[source, translation], ...]}: aligned segments against the glossary."""
    pairs = _pairs(_json_body())
    segments = translation_aid.segments_of(pairs)
    return jsonify(translation_aid.check(get_glossary(), segments).report)


def _pairs(body: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = body.get("pairs")
    if not isinstance(pairs, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, str) for s in pair)
        for pair in pairs
    ):
        abort(400, description='send {"pairs": [[source, translation], ...]} (strings)')
    return [(source, target) for source, target in pairs]


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document())
