"""Export and import formats: one module per format, each a class with the same contract.

A format has `name`, `extension`, `mimetype` and `label`; `dumps(entries, context)` returns
the file's bytes. Formats that can be imported also have `loads(data, origin)`, which
returns a `Loaded`: entries in the shared entry shape (plus the line each came from) and
the bibliography the file carries. `glossary.importer` turns those into term files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable


@dataclass(frozen=True)
class ExportContext:
    """What an exporter may need besides the entries: the bibliography and the domains."""

    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    domains: dict[str, dict[str, Any]] = field(default_factory=dict)
    title: str = "Chinese policy terminology"


class FormatError(ValueError):
    """A file that cannot be imported: prints as `origin:line: message`."""

    def __init__(self, origin: str, line: int | None, message: str):
        self.origin, self.line, self.message = origin, line, message
        super().__init__(f"{origin}:{line}: {message}" if line else f"{origin}: {message}")


@dataclass
class Loaded:
    """What an importable format read from a file.

    `entries` are dicts in the shared entry shape with every key optional except `zh`, `en`
    and `context` (lists), plus `line` (where the entry starts in the file) and `other`
    (terms in languages the termbase does not hold, as {"lang", "term"}). `source` values
    are source keys or free citations; `sources` is the bibliography the file carries, by key;
    `ignored` counts what the file holds that the termbase has no place for.
    """

    entries: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    ignored: dict[str, int] = field(default_factory=dict)


def record(line: int | None, **values: Any) -> dict[str, Any]:
    """The one shape of a concept an import reader produces (see `Loaded`).

    Every field of the entry's declaration (glossary.fields), empty; `line` where the
    concept starts in the file; `other` for terms in other languages; then `values`.
    """
    from glossary.fields import CONCEPT_FIELDS, PARTS, blank

    empty: dict[str, Any] = {**blank(CONCEPT_FIELDS), **{part: [] for part, _ in PARTS}}
    return {**empty, "line": line, "other": [], **values}


class Format(Protocol):
    """The contract every export format keeps."""

    name: ClassVar[str]
    extension: ClassVar[str]
    mimetype: ClassVar[str]
    label: ClassVar[str]

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The exported file's content."""
        ...


@runtime_checkable
class ImportFormat(Protocol):
    """A format that can also be read back."""

    name: ClassVar[str]
    extension: ClassVar[str]
    reads: ClassVar[tuple[str, ...]]  # the file-name endings it reads

    def loads(self, data: bytes, origin: str) -> Loaded:
        """The entries of a file; raises FormatError naming the line of the first problem."""
        ...


def registry() -> dict[str, Format]:
    """Every export format by name."""
    from glossary.formats.anki import AnkiFormat
    from glossary.formats.csv_format import CsvFormat
    from glossary.formats.html import HtmlFormat
    from glossary.formats.json_format import JsonFormat
    from glossary.formats.markdown import MarkdownFormat
    from glossary.formats.omegat import OmegatFormat
    from glossary.formats.tbx import TbxFormat
    from glossary.formats.tbx2 import Tbx2Format
    from glossary.formats.tbx2_omegat import Tbx2OmegatFormat
    from glossary.formats.xlsx import XlsxFormat

    formats: list[Format] = [
        TbxFormat(),
        Tbx2Format(),
        OmegatFormat(),
        Tbx2OmegatFormat(),
        CsvFormat(),
        XlsxFormat(),
        JsonFormat(),
        MarkdownFormat(),
        HtmlFormat(),
        AnkiFormat(),
    ]
    return {f.name: f for f in formats}


def names() -> list[str]:
    """The names of every export format."""
    return list(registry())


def get(name: str) -> Format:
    """The export format called `name`; KeyError if there is none."""
    return registry()[name]


def importers() -> dict[str, ImportFormat]:
    """Every format that can be imported, by name (`tsv` is CSV's tab-separated twin)."""
    from glossary.formats.csv_format import TsvFormat

    found: dict[str, ImportFormat] = {
        name: f for name, f in registry().items() if isinstance(f, ImportFormat)
    }
    found["tsv"] = TsvFormat()
    return found


def importer_for(filename: str, data: bytes) -> ImportFormat | None:
    """The import format of a file: one that reads its name's ending and claims its content.

    A format may have `claims(data)` to tell apart formats that share an ending (TBX v2 and
    v3); without it, the ending decides.
    """
    lower = filename.lower()
    for found in importers().values():
        claims = getattr(found, "claims", None)
        if lower.endswith(found.reads) and (claims is None or claims(data)):
            return found
    return None
