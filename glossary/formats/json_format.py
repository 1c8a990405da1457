"""JSON export: the entries in the shared entry shape, for scripts."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from glossary.formats import ExportContext


class JsonFormat:
    """A JSON document: {"title", "sources", "entries": [entry, ...]}."""

    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"
    mimetype: ClassVar[str] = "application/json"
    label: ClassVar[str] = "JSON (entries in the API's shape)"

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The entries as a UTF-8 JSON document with the sources they cite."""
        cited = {
            key
            for entry in entries
            for item in (*entry["en"], *entry["context"])
            if (key := item.get("source"))
        }
        document = {
            "title": context.title,
            "sources": {
                key: context.sources[key] for key in sorted(cited) if key in context.sources
            },
            "entries": entries,
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
