"""Research views: usage over time, the concordance and comparisons, as pages and as JSON."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
)

from glossary.formats import cells as cells_guard
from glossary.query import entry_forms
from glossary.usage import MAX_NEEDLE, Corpus, resolve
from web.charts import line_chart
from web.db import get_glossary

bp = Blueprint("research", __name__)
PAGE_SIZE = 50
MAX_COMPARE = 6
MAX_CSV_LINES = 5_000


def init_app(app: Flask) -> None:
    """Register the blueprint and the entry page's usage panel."""
    app.register_blueprint(bp)
    app.add_template_global(usage_panel)


def _corpus() -> Corpus:
    corpus = Corpus(get_glossary().conn)
    if not corpus.available:
        abort(503, description="this database has no corpus indexed; rebuild it")
    return corpus


def _query(name: str = "q", *, required: bool = False) -> str:
    query = (request.args.get(name) or "").strip()
    if required and not query:
        abort(400, description=f"the {name} parameter is required")
    if len(query) > MAX_NEEDLE:
        abort(400, description=f"{name} must be at most {MAX_NEEDLE} characters")
    return query


def _year(name: str) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and 1900 <= int(raw) <= 2100):
        abort(400, description=f"{name} must be a year from 1900 to 2100")
    return int(raw)


def _number(name: str, default: int, top: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and int(raw) <= top):
        abort(400, description=f"{name} must be an integer from 0 to {top}")
    return int(raw)


def _doc(corpus: Corpus, *, known: bool = True) -> str | None:
    """The doc filter; pages refuse an unknown key, the API treats it as matching nothing."""
    doc = request.args.get("doc", "").strip() or None
    if known and doc is not None and doc not in {d["key"] for d in corpus.documents()}:
        abort(400, description="doc must be the key of a corpus document")
    return doc


def _usage(corpus: Corpus, query: str) -> dict[str, Any]:
    concept, forms = resolve(get_glossary(), query)
    return corpus.usage(forms, query=query, concept=concept)


def usage_panel(entry: dict[str, Any]) -> dict[str, Any] | None:
    """The entry page's usage chart and first and last attestation, or None without a corpus."""
    corpus = Corpus(get_glossary().conn)
    if not corpus.available:
        return None
    record = corpus.usage(entry_forms(entry), query=entry["zh"][0]["term"], concept=entry["id"])
    years = list(record["years"])
    rates = {year: row["rate"] for year, row in record["years"].items()}
    record["chart"] = line_chart(
        {entry["zh"][0]["term"]: rates},
        years,
        title=f"Use of {entry['zh'][0]['term']} per year",
        label="per 10,000 characters",
    )
    return record


@bp.get("/corpus")
def corpus_page() -> str:
    """The concordance: every occurrence in context, filtered by year and document, paged."""
    corpus = _corpus()
    query = _query()
    start, end, doc = _year("from"), _year("to"), _doc(corpus)
    page = max(1, _number("page", 1, 100_000))
    result = None
    if query:
        concept, forms = resolve(get_glossary(), query)
        result = corpus.concordance(
            forms, query=query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
            width=40, start=start, end=end, doc=doc,
        )  # fmt: skip
        result["concept"] = concept
        result["pages"] = max(1, -(-result["total"] // PAGE_SIZE))
    args = {k: v for k, v in {"q": query, "from": start, "to": end, "doc": doc}.items() if v}
    return render_template(
        "corpus.html", query=query, result=result, page=page, args=args, start=start, end=end,
        doc=doc, documents=corpus.documents(),
    )  # fmt: skip


@bp.get("/corpus.csv")
def corpus_csv() -> Response:
    """The concordance lines of a query as CSV (year, document, paragraph, left, match, right)."""
    corpus = _corpus()
    query = _query(required=True)
    _concept, forms = resolve(get_glossary(), query)
    result = corpus.concordance(
        forms, query=query, limit=MAX_CSV_LINES, width=40,
        start=_year("from"), end=_year("to"), doc=_doc(corpus),
    )  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["year", "document", "paragraph", "left", "match", "right"])
    for line in result["lines"]:
        cells = [line["year"], line["doc"], line["paragraph"], line["left"], line["match"],
                 line["right"]]  # fmt: skip
        writer.writerow([cells_guard.neutralise(c) if isinstance(c, str) else c for c in cells])
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="concordance.csv"'},
    )


@bp.get("/compare")
def compare_page() -> str:
    """Several concepts or strings over time, drawn together."""
    corpus = _corpus()
    queries = [q.strip() for q in request.args.getlist("q") if q.strip()][:MAX_COMPARE]
    if any(len(q) > MAX_NEEDLE for q in queries):
        abort(400, description=f"each q must be at most {MAX_NEEDLE} characters")
    records = [_usage(corpus, q) for q in queries]
    years = list(corpus.year_sizes())
    chart = line_chart(
        {r["query"]: {y: row["rate"] for y, row in r["years"].items()} for r in records},
        years,
        title="Use per year: " + ", ".join(queries),
        label="per 10,000 characters",
    ) if records else None  # fmt: skip
    rows = [
        (year, [r["years"][year] for r in records])
        for year in years
        if any(r["years"][year]["count"] for r in records)
    ]
    return render_template(
        "compare.html", queries=queries, records=records, rows=rows, chart=chart,
        slots=range(min(MAX_COMPARE, max(3, len(queries) + 1))),
    )  # fmt: skip


@bp.get("/api/usage")
def api_usage() -> Response:
    """Counts per year of a concept's forms (or a literal string) in the corpus."""
    corpus = _corpus()
    query = _query(required=True)
    return jsonify(_usage(corpus, query))


@bp.get("/api/concordance")
def api_concordance() -> Response:
    """Keyword-in-context lines of a concept (or a literal string), in time order."""
    corpus = _corpus()
    query = _query(required=True)
    concept, forms = resolve(get_glossary(), query)
    result = corpus.concordance(
        forms, query=query, limit=_number("limit", 50, 500), offset=_number("offset", 0, 10**6),
        width=_number("width", 20, 200), start=_year("from"), end=_year("to"),
        doc=_doc(corpus, known=False),
    )  # fmt: skip
    result["concept"] = concept
    return jsonify(result)


@bp.get("/api/compare")
def api_compare() -> Response:
    """Per-year counts of several concepts or strings (q repeated, at most six)."""
    corpus = _corpus()
    queries = [q.strip() for q in request.args.getlist("q") if q.strip()]
    if not queries or len(queries) > MAX_COMPARE or any(len(q) > MAX_NEEDLE for q in queries):
        abort(400, description=f"give 1 to {MAX_COMPARE} q parameters of at most "
                               f"{MAX_NEEDLE} characters")  # fmt: skip
    terms = []
    for record in (_usage(corpus, q) for q in queries):
        terms.append(
            {k: record[k] for k in ("query", "concept", "total", "first", "last", "years")}
        )
    return jsonify({"per": 10_000, "terms": terms})


def _parameter(
    name: str, description: str, schema: dict[str, Any], required: bool = False
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


Q_DESCRIPTION = "A concept id, a glossary term (all forms of its concept count) or any string."
# A query is stripped (str.strip) before use: it needs one character that strip keeps
NOT_BLANK = "[^\\s\\u001c-\\u001f\\u0085]"
_Q = _parameter(
    "q",
    Q_DESCRIPTION,
    {"type": "string", "minLength": 1, "maxLength": MAX_NEEDLE, "pattern": NOT_BLANK},
    True,
)
_YEAR = {"type": "integer", "minimum": 1900, "maximum": 2100}
_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_YEARS = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "chars": {"type": "integer"},
            "rate": {"type": "number"},
        },
    },
}
_NULLABLE_YEAR = {"type": ["integer", "null"]}


def document_keys() -> list[str]:
    """The keys of the corpus documents the `doc` parameter accepts (none without a database)."""
    opened = current_app.extensions["glossary_pool"].get()
    return [] if opened is None else [d["key"] for d in Corpus(opened.conn).documents()]


def openapi_paths(doc_keys: list[str] | None = None) -> dict[str, Any]:
    """The research endpoints of the OpenAPI document; `doc_keys` are the documents indexed."""
    doc: dict[str, Any] = {"type": "string", **({"enum": doc_keys} if doc_keys else {})}
    errors = {
        "400": {"description": "A parameter is missing or out of range.", **_ERROR},
        "503": {"description": "The database has no corpus indexed.", **_ERROR},
    }
    usage: dict[str, Any] = {
        "type": "object",
        "required": ["query", "concept", "forms", "total", "first", "last", "documents"],
        "properties": {
            "query": {"type": "string"},
            "concept": {"type": ["string", "null"]},
            "forms": {
                "type": "object",
                "description": "form → year → count (plain count)",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": {"type": "integer"},
                },
            },
            "per": {"type": "integer"},
            "years": _YEARS,
            "total": {"type": "integer"},
            "first": _NULLABLE_YEAR,
            "last": _NULLABLE_YEAR,
            "documents": {"type": "array", "items": {"type": "object"}},
        },
    }
    line = {
        "type": "object",
        "properties": {
            k: {"type": "integer" if k in ("year", "paragraph", "start") else "string"}
            for k in ("left", "match", "right", "doc", "title", "year", "paragraph", "start")
        },
    }
    concordance = {
        "type": "object",
        "required": ["query", "total", "lines"],
        "properties": {
            "query": {"type": "string"},
            "concept": {"type": ["string", "null"]},
            "total": {"type": "integer"},
            "offset": {"type": "integer"},
            "lines": {"type": "array", "items": line},
        },
    }
    compare_item = {
        "type": "object",
        "properties": {
            k: usage["properties"][k]
            for k in ("query", "concept", "total", "first", "last", "years")
        },
    }
    return {
        "/api/usage": {
            "get": {
                "operationId": "usage",
                "summary": "Counts per year in the corpus",
                "parameters": [_Q],
                "responses": {
                    "200": {
                        "description": "Counts per year of each form.",
                        "content": {"application/json": {"schema": usage}},
                    },
                    **errors,
                },
            }
        },
        "/api/concordance": {
            "get": {
                "operationId": "concordance",
                "summary": "Every occurrence in context, in time order",
                "parameters": [
                    _Q,
                    _parameter(
                        "limit",
                        "Lines in this page.",
                        {"type": "integer", "minimum": 0, "maximum": 500, "default": 50},
                    ),
                    _parameter(
                        "offset",
                        "Lines to skip.",
                        {"type": "integer", "minimum": 0, "maximum": 1000000, "default": 0},
                    ),
                    _parameter(
                        "width",
                        "Characters each side.",
                        {"type": "integer", "minimum": 0, "maximum": 200, "default": 20},
                    ),
                    _parameter("from", "First year.", _YEAR),
                    _parameter("to", "Last year.", _YEAR),
                    _parameter(
                        "doc", "Only this document (gwr-2024 …); unknown keys match nothing.", doc
                    ),
                ],
                "responses": {
                    "200": {
                        "description": "The lines and their total.",
                        "content": {"application/json": {"schema": concordance}},
                    },
                    **errors,
                },
            }
        },
        "/api/compare": {
            "get": {
                "operationId": "compare",
                "summary": "Several terms per year, side by side",
                "parameters": [
                    {
                        **_Q,
                        "description": "Repeat for each term (1 to 6).",
                        "style": "form",
                        "explode": True,
                        "schema": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": MAX_COMPARE,
                            "items": _Q["schema"],
                        },
                    }
                ],
                "responses": {
                    "200": {
                        "description": "Counts per year for each term.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "per": {"type": "integer"},
                                        "terms": {"type": "array", "items": compare_item},
                                    },
                                }
                            }
                        },
                    },
                    **errors,
                },
            }
        },
    }
