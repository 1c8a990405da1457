"""CSV (and its tab-separated twin): one row per concept, for spreadsheets and CAT tools.

UTF-8 with a byte-order mark (so Excel opens it as UTF-8), comma-separated, a header row,
CRLF line ends (RFC 4180), every cell quoted only when it has to be.

Why these columns: the import dialogs of the CAT tools translators use all read the
header row and map a column to a language when its name is a language code:

- memoQ (Term base CSV import settings) matches header names to languages and fields;
  its own CSV export writes one entry per row, entry-level fields first, then language
  and term columns, so a one-row-per-concept table is what it expects.
- Trados via Glossary Converter (and MultiTerm Convert) reads the first row as
  language and field names: a column whose name is a known language (code or name) is
  a language, every other column becomes a field (Definition, Note, ...).
- Phrase reads locale codes in the header (dash or underscore) as languages; other
  columns become term or concept attributes.

So the language columns carry plain codes (`zh-CN`, `zh-TW`, `zh-HK`, `en`) and exactly
one term each (the main Chinese term, its Taiwan and Hong Kong forms, the preferred
English rendering): no tool has to be told a synonym separator. Everything else is a
field column with an English name the dialogs show as is. Multi-valued fields (other
renderings, other Chinese forms, domains, tags, related ids) join values with "; ";
free text is one value per line in aligned cells (contexts and their sources, the notes
of avoided renderings), since a note may hold "; " itself.
"""

from __future__ import annotations

import csv
import io
from typing import Any, ClassVar

from glossary import safetext
from glossary.evidence import history
from glossary.formats import ExportContext, FormatError, Loaded, cells, record
from glossary.formats.common import (
    citation,
    decode_utf8,
    domain_label,
    lang_slot,
    split_list,
    text_or_none,
)
from glossary.vocabulary import (
    ACCEPTED,
    ADMITTED,
    DEPRECATED,
    SUPERSEDED,
    preferred_rendering,
    status_from,
)
from glossary.vocabulary import with_status as renderings

COLUMNS = (
    "zh-CN",
    "zh-TW",
    "zh-HK",
    "pinyin",
    "zh type",
    "en",
    "en status",
    "en admitted",
    "en deprecated",
    "en deprecated note",
    "en superseded",
    "en superseded note",
    "en evidence",
    "en history",
    "Taiwan word",
    "Hong Kong word",
    "zh other forms",
    "zh other forms zh-TW",
    "zh other forms zh-HK",
    "zh other forms pinyin",
    "zh other forms type",
    "definition",
    "domain",
    "tags",
    "note",
    "context (zh)",
    "context (zh) source",
    "context (en)",
    "context (en) source",
    "related",
    "since",
    "id",
)
SEPARATOR = "; "
# Aligned cells of free text: one value per line (a note may hold "; " itself).
PER_LINE = ("en deprecated note", "en superseded note")
_ALIASES = {
    "definition": "definition",
    "def": "definition",
    "description": "definition",
    "english_def": "definition",
    "定义": "definition",
    "domain": "domain",
    "domains": "domain",
    "subject": "domain",
    "subject field": "domain",
    "subjectfield": "domain",
    "entry_subject": "domain",
    "entry_domain": "domain",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "comments": "note",
    "entry_note": "note",
    "备注": "note",
    "pinyin": "pinyin",
    "拼音": "pinyin",
    "status": "en status",
    "en status": "en status",
    "term status": "en status",
    "en admitted": "en admitted",
    "en deprecated": "en deprecated",
    "en forbidden": "en deprecated",
    "forbidden": "en deprecated",
    "en superseded": "en superseded",
    "zh other forms": "zh other forms",
    "zh type": "zh type",
    "en deprecated note": "en deprecated note",
    "en superseded note": "en superseded note",
    "zh other forms zh-tw": "zh other forms zh-TW",
    "zh other forms zh-hk": "zh other forms zh-HK",
    "zh other forms pinyin": "zh other forms pinyin",
    "zh other forms type": "zh other forms type",
    "taiwan word": "Taiwan word",
    "hong kong word": "Hong Kong word",
    "tags": "tags",
    "tag": "tags",
    "context": "context (en)",
    "example": "context (en)",
    "context (zh)": "context (zh)",
    "context (zh) source": "context (zh) source",
    "context (en)": "context (en)",
    "context (en) source": "context (en) source",
    "context source": "context (en) source",
    "related": "related",
    "since": "since",
    "id": "id",
    "entry_id": "id",
}


def concept_row(entry: dict[str, Any], context: ExportContext) -> dict[str, str]:
    """One concept as a row of named cells."""
    main_zh = entry["zh"][0]
    main_en = preferred_rendering(entry) or entry["en"][0]
    others = [en for en in renderings(entry, *ACCEPTED) if en is not main_en]
    others = [en for en in others if en["term"] != main_en["term"]]
    contexts = {lang: [c for c in entry["context"] if c["lang"] == lang] for lang in ("zh", "en")}
    return {
        "zh-CN": main_zh["term"],
        "zh-TW": main_zh.get("tw") or "",
        "zh-HK": main_zh.get("hk") or "",
        "pinyin": main_zh.get("pinyin") or "",
        "en": main_en["term"],
        "en status": main_en["status"],
        "en admitted": SEPARATOR.join(en["term"] for en in others),
        "en deprecated": SEPARATOR.join(en["term"] for en in renderings(entry, DEPRECATED)),
        "en superseded": SEPARATOR.join(en["term"] for en in renderings(entry, SUPERSEDED)),
        **aligned("en deprecated note", renderings(entry, DEPRECATED), "note"),
        **aligned("en superseded note", renderings(entry, SUPERSEDED), "note"),
        "en evidence": SEPARATOR.join(
            f"{en['term']}: {item['source']} {item['year']}"
            for en in entry["en"]
            for item in en.get("evidence") or []
        ),
        "en history": SEPARATOR.join(
            f"{en['term']}: {dated}" for en in entry["en"] if (dated := history(en))
        ),
        **aligned("Taiwan word", entry["zh"], "tw_word"),
        **aligned("Hong Kong word", entry["zh"], "hk_word"),
        "zh type": main_zh["type"],
        "zh other forms": SEPARATOR.join(zh["term"] for zh in entry["zh"][1:]),
        **aligned("zh other forms zh-TW", entry["zh"][1:], "tw"),
        **aligned("zh other forms zh-HK", entry["zh"][1:], "hk"),
        **aligned("zh other forms pinyin", entry["zh"][1:], "pinyin"),
        **aligned("zh other forms type", entry["zh"][1:], "type"),
        "definition": entry.get("definition") or "",
        "domain": SEPARATOR.join(domain_label(d, context) for d in entry["domains"]),
        "tags": SEPARATOR.join(entry["tags"]),
        "note": entry.get("note") or "",
        "context (zh)": "\n".join(c["text"] for c in contexts["zh"]),
        "context (zh) source": "\n".join(citation(c["source"], context) for c in contexts["zh"]),
        "context (en)": "\n".join(c["text"] for c in contexts["en"]),
        "context (en) source": "\n".join(citation(c["source"], context) for c in contexts["en"]),
        "related": SEPARATOR.join(entry["related"]),
        "since": entry.get("since") or "",
        "id": entry["id"],
    }


def aligned(column: str, items: list[dict[str, Any]], key: str) -> dict[str, str]:
    """A cell with one value per item, in the order of the item column.

    Values are "; "-joined, or one per line in a PER_LINE column.
    """
    values = [str(item.get(key) or "") for item in items]
    if column in PER_LINE:
        joined = "\n".join(" ".join(value.splitlines()) for value in values)
    else:
        joined = SEPARATOR.join(value.replace(";", ",") for value in values)
    return {column: joined if any(values) else ""}


def unaligned(cell: str | None, count: int, per_line: bool = False) -> list[str | None]:
    """The values of an aligned cell, one per item (None where empty or missing).

    A PER_LINE cell of several items without a line break is "; "-joined, as exports before
    PER_LINE wrote it.
    """
    if not cell:
        return [None] * count
    if per_line and count == 1:  # the whole cell, its line breaks read as spaces
        values = [" ".join(line.strip() for line in cell.splitlines() if line.strip())]
    elif per_line and "\n" in cell:
        values = [line.strip() for line in cell.splitlines()]
    else:
        values = [part.strip() for part in cell.split(";")]
    return [(values[i] or None) if i < len(values) else None for i in range(count)]


def header_key(name: str) -> str | None:
    """The column a header cell names (a language slot or a field); None if unknown."""
    cleaned = " ".join(name.replace("\ufeff", "").split()).lower()
    slot = lang_slot(cleaned)
    if slot is not None:
        return {"zh": "zh-CN", "tw": "zh-TW", "hk": "zh-HK", "en": "en"}[slot]
    return _ALIASES.get(cleaned)


def entry_from_row(cells: dict[str, str], line: int, origin: str) -> dict[str, Any]:
    """An entry-shaped dict from a row's cells (keyed by column)."""

    def cell(key: str) -> str | None:
        return text_or_none(cells.get(key))

    status = ADMITTED
    if cell("en status"):
        found = status_from(cell("en status"))
        if found is None:
            raise FormatError(origin, line, f"en status: unknown status {cell('en status')!r}")
        status = found
    en: list[dict[str, Any]] = []
    if cell("en"):
        en.append({"term": cell("en"), "status": status})
    for column, column_status in (
        ("en admitted", ADMITTED),
        ("en deprecated", DEPRECATED),
        ("en superseded", SUPERSEDED),
    ):
        terms = split_list(cell(column))
        notes = unaligned(cells.get(f"{column} note"), len(terms), per_line=True)
        en += [
            {"term": t, "status": column_status, "note": note}
            for t, note in zip(terms, notes, strict=True)
        ]
    zh: list[dict[str, Any]] = []
    if cell("zh-CN") or cell("zh-TW") or cell("zh-HK"):
        main = cell("zh-CN")
        if main is None:
            from glossary.chinese import to_simplified

            main = to_simplified(cell("zh-TW") or cell("zh-HK") or "")
        zh.append(
            {
                "term": main,
                "type": cell("zh type") or "fullForm",
                "pinyin": cell("pinyin"),
                "tw": cell("zh-TW"),
                "hk": cell("zh-HK"),
            }
        )
    others = split_list(cell("zh other forms"))
    extra = {
        key: unaligned(cell(f"zh other forms {suffix}"), len(others))
        for key, suffix in (
            ("tw", "zh-TW"),
            ("hk", "zh-HK"),
            ("pinyin", "pinyin"),
            ("type", "type"),
        )
    }
    for index, term in enumerate(others):
        zh.append(
            {
                "term": term,
                "type": extra["type"][index] or "variant",
                "tw": extra["tw"][index],
                "hk": extra["hk"][index],
                "pinyin": extra["pinyin"][index],
            }
        )
    for key, column in (("tw_word", "Taiwan word"), ("hk_word", "Hong Kong word")):
        for zh_term, word in zip(zh, unaligned(cell(column), len(zh)), strict=True):
            if word:
                zh_term[key] = word
    if not zh and not en:
        raise FormatError(origin, line, "row has neither a Chinese nor an English term")
    contexts = []
    for lang in ("zh", "en"):
        texts = (cells.get(f"context ({lang})") or "").splitlines()
        sources = (cells.get(f"context ({lang}) source") or "").splitlines()
        for index, text in enumerate(t for t in texts if t.strip()):
            source = sources[index].strip() if index < len(sources) else ""
            contexts.append({"text": text.strip(), "lang": lang, "source": source or None})
    return record(
        line,
        id=cell("id"),
        domains=split_list(cell("domain")),
        tags=split_list(cell("tags")),
        definition=cell("definition"),
        note=cell("note"),
        since=cell("since"),
        related=split_list(cell("related")),
        zh=zh,
        en=en,
        context=contexts,
    )


class CsvFormat:
    """A table with a header row, one concept per row (UTF-8 with BOM for Excel)."""

    name: ClassVar[str] = "csv"
    extension: ClassVar[str] = ".csv"
    mimetype: ClassVar[str] = "text/csv"
    label: ClassVar[str] = "CSV, one concept per row (memoQ, Trados, Phrase, Excel)"
    reads: ClassVar[tuple[str, ...]] = (".csv",)
    delimiter: ClassVar[str] = ","
    bom: ClassVar[bool] = True

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The entries as a CSV table."""
        stream = io.StringIO(newline="")
        writer = csv.DictWriter(
            stream, fieldnames=COLUMNS, delimiter=self.delimiter, lineterminator="\r\n"
        )
        writer.writeheader()
        for entry in entries:
            row = concept_row(safetext.clean(entry), context)
            writer.writerow({key: cells.neutralise(value or "") for key, value in row.items()})
        return ("\ufeff" if self.bom else "").encode() + stream.getvalue().encode("utf-8")

    def loads(self, data: bytes, origin: str) -> Loaded:
        """Rows of a table with a header row; language columns by code or name."""
        text = decode_utf8(data, origin)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter)
        loaded = Loaded()
        try:
            header = next(reader, None)
            if header is None:
                return loaded
            keys = [header_key(name) for name in header]
            if not any(k in ("zh-CN", "zh-TW", "zh-HK", "en") for k in keys):
                raise FormatError(
                    origin, 1, "the header names no language column (zh-CN, zh-TW, zh-HK or en)"
                )
            for name, key in zip(header, keys, strict=True):
                if key is None and name.strip():
                    loaded.ignored[f"column {name.strip()!r}"] = 0
            end = reader.line_num
            for row in reader:
                line, end = end + 1, reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
                    raise FormatError(
                        origin, line, f"row has {len(row)} cells but the header has {len(header)}"
                    )
                values = {k: v for k, v in zip(keys, row, strict=False) if k is not None}
                values = {k: cells.restore(v) for k, v in values.items()}  # our own exports
                for name, key, value in zip(header, keys, row, strict=False):
                    if key is None and name.strip() and value.strip():
                        loaded.ignored[f"column {name.strip()!r}"] += 1
                loaded.entries.append(entry_from_row(values, line, origin))
        except csv.Error as error:
            raise FormatError(origin, reader.line_num, f"malformed CSV: {error}") from None
        loaded.ignored = {k: v for k, v in loaded.ignored.items() if v}
        return loaded


class TsvFormat(CsvFormat):
    """The same table, tab-separated, without a byte-order mark."""

    name: ClassVar[str] = "tsv"
    extension: ClassVar[str] = ".tsv"
    mimetype: ClassVar[str] = "text/tab-separated-values"
    label: ClassVar[str] = "TSV, one concept per row"
    reads: ClassVar[tuple[str, ...]] = (".tsv", ".tab")
    delimiter: ClassVar[str] = "\t"
    bom: ClassVar[bool] = False
