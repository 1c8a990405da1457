"""Plain-text output of the research commands, shared by the click CLI and the fast path.

Imports only the standard library.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

FULL_WIDTH_SPACE = "\u3000"


def parse_per(value: str) -> int:
    """'10k' -> 10000, '1m' -> 1000000, '500' -> 500; ValueError for anything else."""
    match = re.fullmatch(r"\s*(\d+)\s*([kKmM]?)\s*", value)
    if not match or int(match[1]) == 0:
        raise ValueError(f"{value!r}: a whole number, optionally with k or m (10k)")
    return int(match[1]) * {"": 1, "k": 1_000, "m": 1_000_000}[match[2].lower()]


def usage_lines(record: dict[str, Any], per_label: str) -> list[str]:
    """A usage record as a heading line and a table of the years with occurrences."""
    query = record["query"]
    name = f"{query} [{record['concept']}]" if record["concept"] else query
    if not record["total"]:
        return [f"{name}: not found in the corpus"]
    lines = [
        f"{name}: {record['total']} occurrence(s), {record['first']}–{record['last']}, "
        f"in {len(record['documents'])} document(s)"
    ]
    forms = list(record["forms"])
    lines.append(f"year  count  per {per_label}  " + "  ".join(forms))
    for year, row in record["years"].items():
        if row["count"]:
            counts = "  ".join(
                str(record["forms"][f].get(year, 0)).rjust(len(f) * 2) for f in forms
            )
            lines.append(f"{year}  {row['count']:5}  {row['rate']:8.3f}  {counts}")
    return lines


def concordance_lines(result: dict[str, Any], width: int) -> list[str]:
    """Keyword-in-context lines, the match in corner brackets, and a closing count."""
    lines = [
        f"{line['year']} {line['doc']}:{line['paragraph']}  "
        f"{line['left'].rjust(width, FULL_WIDTH_SPACE)}【{line['match']}】{line['right']}"
        for line in result["lines"]
    ]
    shown = len(result["lines"])
    more = f", {shown} shown" if result["total"] > shown else ""
    lines.append(f"{result['total']} occurrence(s){more}")
    return lines
