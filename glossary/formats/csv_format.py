"""CSV export: one row per concept, UTF-8 with a byte-order mark so that Excel reads it."""

from __future__ import annotations

import csv
import io
from typing import Any, ClassVar

from glossary.formats import ExportContext

COLUMNS = (
    "id", "zh", "pinyin", "en", "tw", "hk", "zh_other", "en_admitted", "en_avoid", "domains",
    "definition", "note",
)  # fmt: skip


def _terms(entry: dict[str, Any], *statuses: str) -> str:
    return "; ".join(en["term"] for en in entry["en"] if en["status"] in statuses)


class CsvFormat:
    """Comma-separated values with a header row; several values in a cell joined by '; '."""

    name: ClassVar[str] = "csv"
    extension: ClassVar[str] = ".csv"
    mimetype: ClassVar[str] = "text/csv"
    label: ClassVar[str] = "CSV (spreadsheets, CAT tool glossaries)"

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The entries as CSV: first Chinese term, its pinyin and forms, renderings by status."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for entry in entries:
            first = entry["zh"][0] if entry["zh"] else {}
            preferred = _terms(entry, "preferred")
            writer.writerow(
                (
                    entry["id"],
                    first.get("term", ""),
                    first.get("pinyin", ""),
                    preferred or _terms(entry, "admitted").split("; ")[0],
                    first.get("tw", ""),
                    first.get("hk", ""),
                    "; ".join(zh["term"] for zh in entry["zh"][1:]),
                    _terms(entry, "admitted"),
                    _terms(entry, "deprecated", "superseded"),
                    "; ".join(entry["domains"]),
                    entry["definition"],
                    entry["note"] or "",
                )
            )
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
