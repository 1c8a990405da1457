"""Downloads by URL: an export chosen by its query string, and the built database itself.

`GET /export?format=tbx&domain=economy` (the page) and `GET /api/export?...` (the API) answer
the same file, so a link can be shared, bookmarked or fetched by a script. Every response
has an ETag derived from what the database was built from, the package version and the
parameters (the exports are deterministic), so a repeated request with If-None-Match gets
304 without the file being made again. A bad parameter is a 400 naming the valid values.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, fields
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    has_app_context,
    request,
    send_file,
)
from werkzeug.datastructures import MultiDict

from glossary import __version__, service
from glossary.query import Glossary
from glossary.vocabulary import STATUSES
from web.db import get_glossary

bp = Blueprint("downloads", __name__)
MAX_QUERY = 200
MAX_TAG = 100
MAX_IDS = 100_000
DATABASE_NAME = "policy-glossary.sqlite"
DATABASE_MIMETYPE = "application/vnd.sqlite3"


@dataclass(frozen=True)
class ExportRequest:
    """An export as a query string names it: the format and the filters ('' = not given)."""

    format: str
    domain: str = ""
    status: str = ""
    tag: str = ""
    q: str = ""
    ids: str = ""

    def selection(self) -> service.Selection:
        """The entries these filters take."""
        ids = [i for i in self.ids.split(",") if i] if self.ids else None
        return service.Selection(
            domain=self.domain, status=self.status, tag=self.tag, query=self.q, ids=ids
        )

    def filename(self, extension: str) -> str:
        """A download name that says what the file holds: glossary-economy-preferred.tbx."""
        parts = ["glossary", self.domain, self.status, self.tag, "search" if self.q else ""]
        if self.ids:
            parts.append("selection")
        safe = [re.sub(r"[^A-Za-z0-9._-]+", "-", part).strip("-") for part in parts]
        return "-".join(part for part in safe if part) + extension


PARAMETERS = tuple(field.name for field in fields(ExportRequest))


def parse(args: MultiDict[str, str], glossary: Glossary) -> ExportRequest:
    """The export a query string asks for; a 400 naming the valid values when it is wrong."""
    from glossary import formats

    problems = []
    unknown = sorted(set(args) - set(PARAMETERS))
    if unknown:
        problems.append(
            f"unknown parameter {', '.join(unknown)} (the parameters are {', '.join(PARAMETERS)})"
        )
    values: dict[str, str] = {}
    for name in PARAMETERS:
        given = [value for value in args.getlist(name) if value]
        if len(given) > 1:
            problems.append(f"{name} is given {len(given)} times; give it once")
        values[name] = given[0].strip() if given else ""
    valid = formats.names()
    if not values["format"]:
        problems.append(f"format is required: one of {', '.join(valid)}")
    elif values["format"] not in valid:
        problems.append(f"unknown format {values['format']!r}: one of {', '.join(valid)}")
    too_long = [
        f"{name} is longer than {most} characters"
        for name, most in (("q", MAX_QUERY), ("tag", MAX_TAG), ("ids", MAX_IDS))
        if len(values[name]) > most
    ]
    wanted = ExportRequest(**values)
    if not too_long:  # a message never repeats an overlong value
        problems += service.filter_problems(glossary, wanted.selection())
    problems += too_long
    if problems:
        abort(400, description="; ".join(problems) + ".")
    return wanted


def etag_of(wanted: ExportRequest, glossary: Glossary) -> str:
    """The export's entity tag: what the database was built from, the version, the request."""
    key = json.dumps([__version__, sorted(glossary.meta().items()), list(vars(wanted).values())])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def export_response(args: MultiDict[str, str]) -> Response | None:
    """The export file a query string names, with an ETag and a download name.

    None when the filters take no entry (an unknown domain, tag or status is a 400 instead).
    """
    glossary = get_glossary()
    wanted = parse(args, glossary)
    etag = etag_of(wanted, glossary)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
        response.set_etag(etag)
        return _cacheable(response)
    made = service.export(glossary, wanted.format, wanted.selection())
    if not made.entries:
        return None
    exporter = made.format
    response = Response(made.data, mimetype=exporter.mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{wanted.filename(exporter.extension)}"'
    )
    response.set_etag(etag)
    return _cacheable(response)


def _cacheable(response: Response) -> Response:
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/api/export")
def api_export() -> Response:
    """An export file chosen by the query string (errors as JSON)."""
    response = export_response(request.args)
    if response is None:
        abort(404, description="no entries match these filters")
    return response


@bp.get(f"/download/{DATABASE_NAME}")
def database() -> Response:
    """The built SQLite database, as the site reads it (it opens in Datasette or sqlite3)."""
    path = os.path.abspath(current_app.config["GLOSSARY_DB"])
    response = send_file(
        path,
        mimetype=DATABASE_MIMETYPE,
        as_attachment=True,
        download_name=DATABASE_NAME,
        conditional=True,
        etag=True,
        max_age=300,
    )
    return _cacheable(response)


def openapi_paths() -> dict[str, Any]:
    """/api/export in the OpenAPI document."""
    from glossary import formats

    def error(description: str) -> dict[str, Any]:
        schema = {"$ref": "#/components/schemas/Error"}
        return {"description": description, "content": {"application/json": {"schema": schema}}}

    def text(name: str, description: str, most: int) -> dict[str, Any]:
        schema = {"type": "string", "maxLength": most}
        return {"name": name, "in": "query", "description": description, "schema": schema}

    mimetypes = sorted({exporter.mimetype for exporter in formats.registry().values()})
    domain: dict[str, Any] = {"name": "domain", "in": "query", "description": "A domain key."}
    tag: dict[str, Any] = text("tag", "Entries with this tag.", MAX_TAG)
    if has_app_context():  # served: the glossary's own domains and tags
        glossary = get_glossary()
        domain["schema"] = {"type": "string", "enum": list(glossary.domains())}
        tag["schema"] = {"type": "string", "enum": glossary.tags() or [""]}
    else:
        domain["schema"] = {"type": "string", "maxLength": 100}
    binary = {"type": "string", "format": "binary"}
    return {
        "/api/export": {
            "get": {
                "operationId": "export",
                "summary": "Download an export file",
                "description": (
                    "The same file as the site's `/export?format=...` link: the entries the "
                    "filters take (every filter narrows; none takes all), in one format. "
                    "The ETag changes only when the glossary is rebuilt: send it back in "
                    "If-None-Match to get 304."
                ),
                "parameters": [
                    {
                        "name": "format",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "enum": formats.names()},
                    },
                    domain,
                    {
                        "name": "status",
                        "in": "query",
                        "description": "Entries with a rendering of this status.",
                        "schema": {"type": "string", "enum": list(STATUSES)},
                    },
                    tag,
                    text("q", "Entries matching a search, as in /api/search.", MAX_QUERY),
                    text("ids", "Entry ids, comma-separated.", MAX_IDS),
                ],
                "responses": {
                    "200": {
                        "description": "The file, with a download name (Content-Disposition).",
                        "headers": {"ETag": {"schema": {"type": "string"}}},
                        "content": {
                            mimetype: {
                                "schema": {"type": "object"} if "json" in mimetype else binary
                            }
                            for mimetype in mimetypes
                        },
                    },
                    "304": {"description": "Not modified since the ETag sent in If-None-Match."},
                    "400": error("A parameter is unknown or has no such value (all listed)."),
                    "404": error("The filters take no entry."),
                },
            }
        }
    }
