"""Control characters: refused in term files and imports, escaped on every terminal.

C0 controls (except tab and line breaks), DEL and the C1 range carry ANSI escape
sequences, BEL and OSC 52 (which writes an editor's clipboard). They have no place in a
glossary; where a user's text must be kept (suggestions), they are stored escaped.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # the same, and CR


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def first_control(text: str) -> str | None:
    """The first control character in a text, as U+XXXX, or None."""
    found = CONTROL.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def escape_controls(text: str) -> str:
    """Control characters written as visible `\\xNN` (line breaks and tabs kept)."""
    return CONTROL.sub(_escape, text.replace("\r\n", "\n"))


def for_terminal(text: str) -> str:
    """A line safe to print: every control character but newline and tab made visible."""
    return TERMINAL_UNSAFE.sub(_escape, text)


def json_for_terminal(text: str) -> str:
    """JSON text with the C1 controls that `ensure_ascii=False` leaves raw escaped as \\u00XX."""
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps_for_terminal(value: Any) -> str:
    """Indented JSON, Chinese as written, that a terminal prints without running anything."""
    import json

    return json_for_terminal(json.dumps(value, ensure_ascii=False, indent=2))


def find_control(value: Any, where: str = "") -> tuple[str, str] | None:
    """The first (field path, U+XXXX) of a control character anywhere in nested data."""
    if isinstance(value, str):
        found = first_control(value)
        return (where, found) if found else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        hit = find_control(item, f"{where}.{key}" if where else str(key))
        if hit:
            return hit
    return None


def clean(value: Any, escape: Any = escape_controls) -> Any:
    """Nested data with control characters in every string escaped (for exports)."""
    if isinstance(value, str):
        return escape(value) if TERMINAL_UNSAFE.search(value) else value
    if isinstance(value, dict):
        return {key: clean(item, escape) for key, item in value.items()}
    if isinstance(value, list):
        return [clean(item, escape) for item in value]
    return value


def terminal_safe(value: Any) -> Any:
    """Nested data with every string made safe to print (before any colour is added)."""
    return clean(value, for_terminal)
