"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from glossary import __version__
from glossary.fields import CONCEPT_FIELDS, PARTS, Field
from glossary.query import TIERS
from glossary.spelling import REASONS
from web import limits
from web.downloads import openapi_paths as download_paths
from web.research import openapi_paths as research_paths

NULLABLE_STRING = {"type": ["string", "null"]}
STRINGS = {"type": "array", "items": {"type": "string"}}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


def _strict(properties: dict[str, Any]) -> dict[str, Any]:
    """A request body object: these fields, all required, nothing else."""
    return {**_object(properties), "additionalProperties": False}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(description: str, ref: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _property(declared: Field) -> dict[str, Any]:
    """The JSON schema of one declared field of the entry."""
    schema: dict[str, Any]
    if declared.kind == "strings":
        schema = dict(STRINGS)
    elif declared.kind == "tables":
        schema = {"type": "array", "items": _part(declared.items)}
    elif declared.kind == "int":
        schema = {"type": "integer" if declared.required else ["integer", "null"]}
    elif declared.kind == "choice":
        schema = {"type": "string", "enum": list(declared.choices)}
    elif declared.required or declared.built:
        schema = {"type": "string"}
    else:
        schema = dict(NULLABLE_STRING)
    if declared.help:
        schema["description"] = declared.help
    return schema


def _part(fields: tuple[Field, ...]) -> dict[str, Any]:
    return _object({f.name: _property(f) for f in fields if f.json})


ENTRY = _object(
    {
        **_part(CONCEPT_FIELDS)["properties"],
        **{name: {"type": "array", "items": _part(fields)} for name, fields in PARTS},
    }
)

SEARCH_RESULT = {
    "allOf": [
        {"$ref": "#/components/schemas/Entry"},
        _object(
            {
                "layer": {"type": "string"},
                "match": _object(
                    {
                        "kind": {"type": "string", "enum": list(TIERS)},
                        "field": {"type": "string"},
                        "form": {"type": "string"},
                        "status": NULLABLE_STRING,
                        "reason": {
                            "type": "string",
                            "enum": list(REASONS),
                            "description": "How a forgiving match differs from the query "
                            '(kind "spelling", or a fuzzy match with the words reordered).',
                        },
                    },
                    required=["kind", "field", "form", "status"],
                ),
            }
        ),
    ]
}

MATCH = _object(
    {
        "start": {"type": "integer", "description": "Offset in the text (characters)."},
        "end": {"type": "integer"},
        "text": {"type": "string", "description": "The text as written at those offsets."},
        "concept": {"type": "string"},
        "term": {"type": "string", "description": "The glossary term (simplified)."},
        "form": {
            "type": "string",
            "description": "The form the text used: simplified, Taiwan or Hong Kong.",
        },
        "pinyin": {"type": "string"},
        "rendering": {"type": "string", "description": "The preferred English ('' if none)."},
        "status": {"type": "string", "description": "That rendering's status ('' if none)."},
    }
)

ISSUE = _object(
    {
        "segment": {"type": "integer", "description": "The pair's number, from 1."},
        "unit_id": {"type": "string"},
        "kind": {"type": "string", "enum": ["MISSING", "DEPRECATED"]},
        "concept": {"type": "string"},
        "term": {"type": "string", "description": "The Chinese term in the source."},
        "start": {"type": "integer"},
        "end": {"type": "integer"},
        "expected": {"type": "array", "items": {"type": "string"}},
        "found": {"type": "string", "description": "The avoided rendering found ('' if none)."},
        "found_status": {"type": "string"},
        "note": {"type": "string"},
        "replaced_in": {
            "type": ["integer", "null"],
            "description": "The year the rendering found was replaced in official use.",
        },
    }
)

CHECK_REPORT = _object(
    {
        "segments": {"type": "integer"},
        "untranslated": {"type": "array", "items": {"type": "integer"}},
        "terms": {"type": "integer"},
        "ignored": {"type": "integer"},
        "issues": {"type": "array", "items": ISSUE},
    }
)

POST_ERRORS = {
    "400": _error("The body is not a JSON object with the fields described."),
    "413": _error(
        "The request costs more than the site accepts: a body over 4 MiB, a text over "
        f"{limits.MAX_TEXT_CHARS:,} characters (annotate; source plus target for check), more "
        f"than {limits.MAX_SEGMENTS:,} segments, or an answer with more than "
        f"{limits.MAX_MATCHES:,} terms (annotate) or {limits.MAX_ISSUES:,} issues (check). "
        "The message names the limit; send the text in smaller parts."
    ),
    "415": _error("The body is not sent as application/json."),
    "429": _error("Too many requests from this address; try again later."),
}


def openapi_document(doc_keys: list[str] | None = None) -> dict[str, Any]:
    """The API description: every endpoint, parameter, body and response schema; `doc_keys`
    (the corpus documents of the database served) are the values the concordance accepts."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Chinese policy glossary API",
            "version": __version__,
            "description": (
                "Look up Chinese policy terms by characters (simplified or traditional), "
                "pinyin (any tones), initials or English; annotate a Chinese text; check a "
                "translation. Entries have the same JSON shape as `glossary show --json`."
            ),
        },
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search the glossary",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": True,
                            "description": "Characters, pinyin, initials or English.",
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": 100,
                                "default": 20,
                            },
                        },
                    ],
                    "responses": {
                        "200": _json("Entries, best match first.", "SearchResponse"),
                        "400": _error("q is missing or limit is not an integer from 1 to 100."),
                    },
                }
            },
            "/api/term/{id}": {
                "get": {
                    "operationId": "term",
                    "summary": "One entry in full",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": _json("The entry.", "Entry"),
                        "404": _error("No entry has this id."),
                    },
                }
            },
            "/api/annotate": {
                "post": {
                    "operationId": "annotate",
                    "summary": "Find every glossary term in a Chinese text",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": _strict(
                                    {"text": {"type": "string", "maxLength": limits.MAX_TEXT_CHARS}}
                                ),
                                "example": {"text": "加快构建新发展格局，推动双循环。"},
                            }
                        },
                    },
                    "responses": {
                        "200": _json("The terms found, with offsets.", "AnnotateResponse"),
                        **POST_ERRORS,
                    },
                }
            },
            "/api/check": {
                "post": {
                    "operationId": "check",
                    "summary": "Check a translation against the glossary",
                    "description": (
                        "Send the source and the translation as aligned segments: "
                        "`pairs` of [source, translation] strings (a sentence or a line each)."
                    ),
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": _strict(
                                    {
                                        "pairs": {
                                            "type": "array",
                                            "items": {
                                                "type": "array",
                                                "items": {"type": "string"},
                                                "minItems": 2,
                                                "maxItems": 2,
                                            },
                                            "maxItems": limits.MAX_SEGMENTS,
                                        }
                                    }
                                ),
                                "example": {
                                    "pairs": [["推动双循环。", "Promote double circulation."]]
                                },
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The report: issues per segment (glossary check).",
                            "content": {"application/json": {"schema": CHECK_REPORT}},
                        },
                        **POST_ERRORS,
                    },
                }
            },
            **research_paths(doc_keys),
            **download_paths(),
        },
        "components": {
            "schemas": {
                "Entry": ENTRY,
                "SearchResult": SEARCH_RESULT,
                "SearchResponse": _object(
                    {
                        "query": {"type": "string"},
                        "count": {"type": "integer", "description": "Results returned."},
                        "total": {
                            "type": "integer",
                            "description": "Entries the query matches (may exceed `limit`).",
                        },
                        "results": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/SearchResult"},
                        },
                    }
                ),
                "Match": MATCH,
                "AnnotateResponse": _object(
                    {
                        "matches": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Match"},
                        }
                    }
                ),
                "Error": _object({"error": {"type": "string"}}),
            }
        },
    }
