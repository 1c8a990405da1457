"""Export and import formats: one module per format, each a class with the same contract.

A format has `name`, `extension`, `mimetype` and `label`; `dumps(entries, context)` returns
the file's bytes. Formats that can be imported also have `loads(data, origin)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol


@dataclass(frozen=True)
class ExportContext:
    """What an exporter may need besides the entries: the bibliography and the domains."""

    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    domains: dict[str, dict[str, Any]] = field(default_factory=dict)
    title: str = "Chinese policy terminology"


class Format(Protocol):
    """The contract every export format keeps."""

    name: ClassVar[str]
    extension: ClassVar[str]
    mimetype: ClassVar[str]
    label: ClassVar[str]

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The exported file's content."""
        ...


def registry() -> dict[str, Format]:
    """Every export format by name."""
    from glossary.formats.csv_format import CsvFormat
    from glossary.formats.json_format import JsonFormat

    formats: list[Format] = [JsonFormat(), CsvFormat()]
    return {f.name: f for f in formats}


def names() -> list[str]:
    """The names of every export format."""
    return list(registry())


def get(name: str) -> Format:
    """The export format called `name`; KeyError if there is none."""
    return registry()[name]
