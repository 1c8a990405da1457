"""Plain-text rendering of lookup results for a terminal, with optional ANSI colour.

No click here: the lookup fast path uses it before click is loaded.
"""

from __future__ import annotations

import os
import sys
import unicodedata

from glossary.vocabulary import TERMINAL_COLOURS, is_avoided, preferred_term

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any, TextIO

    from glossary.query import Glossary

EXIT_NOT_FOUND = 1

_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def wants_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def style(text: str, color: bool, *styles: str) -> str:
    """Wrap text in ANSI codes when colour is on."""
    if not color or not styles or not text:
        return text
    codes = ";".join(_CODES[name] for name in styles)
    return f"\x1b[{codes}m{text}\x1b[0m"


def width(text: str) -> int:
    """Display width in a terminal: wide and full-width characters count two cells."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cells: int) -> str:
    """Left-align text in a column of `cells` terminal cells."""
    return text + " " * max(0, cells - width(text))


def result_lines(results: list[dict[str, Any]], color: bool) -> list[str]:
    """An aligned listing: Chinese, pinyin, preferred English, domain, and why it matched."""
    if not results:
        return []
    columns = [
        [entry["zh"][0]["term"] for entry in results],
        [entry["zh"][0]["pinyin"] for entry in results],
        [preferred_term(entry) for entry in results],
        [entry["domains"][0] if entry["domains"] else f"({entry['layer']})" for entry in results],
    ]
    widths = [max(width(cell) for cell in column) for column in columns]
    lines = []
    for row, entry in enumerate(results):
        match = entry["match"]
        cells = [pad(column[row], cells) for column, cells in zip(columns, widths, strict=True)]
        cells[0] = style(cells[0], color, "bold")
        why = f" ({match['reason']})" if match.get("reason") else ""  # a forgiving match
        cells.append(style(f"{match['kind']}:{match['field']}{why}", color, "dim"))
        lines.append("  ".join(cells).rstrip())
        status = match.get("status")
        if is_avoided(status):
            note = f"    '{match['form']}' is {status}; preferred: '{preferred_term(entry)}'"
            lines.append(style(note, color, TERMINAL_COLOURS[status]))
    return lines


def print_lookup(glossary: Glossary, query: str, as_json: bool, limit: int) -> int:
    """Print the results of a lookup; return the exit code (1 when nothing is found).

    Control characters in the results or the query are made visible, never sent raw."""
    from glossary.safetext import dumps_for_terminal, for_terminal, terminal_safe

    results = glossary.lookup(query, limit)
    if as_json:
        print(dumps_for_terminal(results))
    else:
        for line in result_lines(terminal_safe(results), wants_color(sys.stdout)):
            print(line)
    if not results:
        if not as_json:
            print(for_terminal(f"nothing found for {query!r}"), file=sys.stderr)
        return EXIT_NOT_FOUND
    return 0
