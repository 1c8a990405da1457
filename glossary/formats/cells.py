"""Spreadsheet cells that cannot run as formulas (OWASP's CSV injection advice).

A value starting with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (`=HYPERLINK(...)` sends data elsewhere when
clicked, DDE runs commands). CSV and TSV exports prefix such a cell with an apostrophe,
which the spreadsheet shows as text; XLSX exports write every cell as a string-typed cell.
Imports drop that apostrophe again, so an export imports back unchanged.
"""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(value: str) -> bool:
    """True when a spreadsheet could read the value as a formula."""
    return value.startswith(TRIGGERS)


def neutralise(value: str) -> str:
    """The value as a spreadsheet shows it as text: an apostrophe before a formula start."""
    return "'" + value if is_formula_like(value) else value


def restore(value: str) -> str:
    """An imported cell without the apostrophe `neutralise` added."""
    return value[1:] if value.startswith("'") and is_formula_like(value[1:]) else value


def formula_warnings(termbase: Any) -> list[str]:
    """`path:line: field: ...` for every term-file value a spreadsheet would read as a formula."""
    from glossary.model import concept_to_dict
    from glossary.termfiles import locate

    warnings = []
    for concept_id, concept in termbase.concepts.items():
        path = termbase.paths[concept_id]
        text = None
        for field, value in _strings(concept_to_dict(concept)):
            if is_formula_like(value):
                text = text if text is not None else path.read_text(encoding="utf-8")
                warnings.append(
                    f"{path}:{locate(text, field)}: {field}: starts with {value[0]!r}, which a "
                    "spreadsheet reads as a formula (the CSV and XLSX exports write it as text)"
                )
    return warnings


def _strings(data: Any, where: str = "") -> list[tuple[str, str]]:
    if isinstance(data, str):
        return [(where, data)]
    found: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                for index, table in enumerate(value):
                    found += _strings(table, f"{key}[{index}]")
            else:
                found += _strings(value, f"{where}.{key}" if where else key)
    elif isinstance(data, list):
        for value in data:
            found += _strings(value, where)
    return found
