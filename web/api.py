"""The JSON API: search, one entry, export, annotate, check, and its OpenAPI description.

The two POST endpoints are exempt from the CSRF token: they accept application/json only
(a cross-site HTML form cannot send that content type, and a cross-site script would
need a CORS preflight this site never grants), they change nothing on the server and use
no cookie, and they are rate-limited like every POST endpoint.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request

from web import translation_aid
from web.db import get_glossary
from web.extensions import csrf
from web.openapi import openapi_document
from web.research import document_keys

bp = Blueprint("api", __name__, url_prefix="/api")
MAX_LIMIT = 100
TOTAL_CAP = 100_000  # "total" counts every match, however many are returned


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
    glossary = get_glossary()
    results = glossary.lookup(query, limit)
    total = len(glossary.search(query, TOTAL_CAP)) if len(results) == limit else len(results)
    return jsonify({"query": query, "count": len(results), "total": total, "results": results})


@bp.get("/term/<concept_id>")
def term(concept_id: str) -> Response:
    """One entry in the shared JSON shape."""
    entry = get_glossary().entry(concept_id)
    if entry is None:
        abort(404, description=f"no entry with id {concept_id!r}")
    return jsonify(entry)


def _json_body() -> dict[str, Any]:
    if request.mimetype != "application/json":
        abort(415, description="send the body as application/json")
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # JSON nested deeper than the parser's recursion limit
        abort(400, description="the JSON body is nested too deeply")
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
    return jsonify(openapi_document(document_keys()))
