"""Every export format keeps one contract; then what each format is for, as its user sees it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from glossary import formats
from glossary.formats import ExportContext
from glossary.query import Glossary

EXPECTED = {
    # name: (extension, mimetype)
    "tbx": (".tbx", "application/x-tbx"),
    "tbx2": (".tbx", "application/x-tbx"),
    "omegat": (".txt", "text/tab-separated-values"),
    "tbx2-omegat": (".tbx", "application/x-tbx"),
    "csv": (".csv", "text/csv"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": (".json", "application/json"),
    "md": (".md", "text/markdown"),
    "html": (".html", "text/html"),
    "anki": (".apkg", "application/apkg"),
}


@pytest.fixture
def exported(mini_db: Path) -> tuple[list[dict[str, Any]], ExportContext]:
    """The fixture termbase's entries and the context an exporter gets."""
    with Glossary(mini_db) as glossary:
        return glossary.entries(), ExportContext(
            sources=glossary.sources(), domains=glossary.domains()
        )


def anki_notes(data: bytes) -> list[tuple[str, str, str]]:
    """(guid, fields, tags) of every note in an .apkg package."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        collection = package.read("collection.anki2")
    conn = sqlite3.connect(":memory:")
    conn.deserialize(collection)
    rows = conn.execute("select guid, flds, tags from notes order by sfld").fetchall()
    conn.close()
    return rows


def readable_text(name: str, data: bytes) -> str:
    """What a person would read in an exported file, whatever its container."""
    if name == "anki":
        return "\n".join(fields for _, fields, _ in anki_notes(data))
    if name == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True)
        text = "\n".join("\t".join(str(c) for c in row if c is not None) for row in rows)
        book.close()
        return text
    text = data.decode("utf-8-sig")
    if name == "json":
        json.loads(text)
    return text


def test_the_registry_holds_every_format_the_issue_names() -> None:
    assert set(formats.names()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_format_contract(name: str, exported: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    entries, context = exported
    exporter = formats.get(name)
    assert (exporter.extension, exporter.mimetype) == EXPECTED[name]
    assert exporter.label and exporter.name == name

    data = exporter.dumps(entries, context)
    assert isinstance(data, bytes) and data

    # deterministic: the same entries give the same bytes, even a while later
    import time

    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert exporter.dumps(entries, context) == data

    text = readable_text(name, data)
    for entry in entries:
        preferred = next(en["term"] for en in entry["en"] if en["status"] == "preferred")
        assert entry["zh"][0]["term"] in text, f"{name} lost {entry['zh'][0]['term']}"
        assert preferred in text, f"{name} lost {preferred}"
    assert "雙循環" in text or name in ("anki",)  # traditional forms survive (anki: main form)
    assert "shuāng xúnhuán" in text  # tone marks are not mangled

    empty = exporter.dumps([], context)
    assert isinstance(empty, bytes) and empty


def test_packaged_formats_carry_no_clock_time(exported: Any) -> None:
    """Zip-based formats (XLSX, Anki) stamp times inside; the same entries still give the
    same bytes a second later."""
    import time

    entries, context = exported
    names = ("xlsx", "anki")
    first = [formats.get(name).dumps(entries, context) for name in names]
    time.sleep(1.1)
    assert [formats.get(name).dumps(entries, context) for name in names] == first


def test_csv_opens_in_excel_and_maps_in_cat_import_dialogs(exported: Any) -> None:
    entries, context = exported
    data = formats.get("csv").dumps(entries, context)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header = list(rows[0])
    assert header[:5] == ["zh-CN", "zh-TW", "zh-HK", "pinyin", "zh type"]
    assert {"en", "en status", "definition", "domain", "note"} <= set(header)
    row = next(r for r in rows if r["id"] == "dual-circulation")
    assert (row["zh-CN"], row["zh-TW"], row["en"], row["en status"]) == (
        "双循环", "雙循環", "dual circulation", "preferred",
    )  # fmt: skip
    assert row["en deprecated"] == "double circulation"
    assert row["en deprecated note"] == "Literal calque."
    assert row["zh other forms"] == "国内国际双循环"
    assert row["domain"] == "Economy and finance"
    assert "Thomas Chan" in row["context (en) source"]
    assert b"\r\n" in data  # RFC 4180 line ends


def test_omegat_offers_only_acceptable_renderings_and_names_the_ones_to_avoid(
    exported: Any,
) -> None:
    entries, context = exported
    lines = formats.get("omegat").dumps(entries, context).decode("utf-8").splitlines()
    assert lines[0].startswith("#")
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(row) == 3 for row in rows)
    targets = {target for _, target, _ in rows}
    assert "double circulation" not in targets  # deprecated: never offered as a target
    main = next(row for row in rows if row[0] == "双循环")
    assert main[1] == "dual circulation"
    assert "deprecated: double circulation" in main[2] and "shuāng xúnhuán" in main[2]
    traditional = next(row for row in rows if row[0] == "雙循環")
    assert traditional[2].startswith("Taiwan and Hong Kong form of 双循环")


def test_html_is_self_contained_printable_and_escaped(exported: Any) -> None:
    entries, context = exported
    hostile = json.loads(json.dumps(entries[0]))
    hostile["note"] = '<script>alert("x")</script> & <b>'
    hostile["en"][0]["term"] = "a <img src=x onerror=alert(1)>"
    page = formats.get("html").dumps([hostile], context).decode("utf-8")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in page
    plain = formats.get("html").dumps(entries, context).decode("utf-8")
    assert "@media print" in plain
    for external in ("<link", "<script", " src=", "url("):
        assert external not in plain, external  # nothing to fetch: one file prints anywhere
    assert '<span lang="zh-CN">卡脖子</span>' in plain


def test_markdown_escapes_markup_and_lists_sources(exported: Any) -> None:
    entries, context = exported
    odd = json.loads(json.dumps(entries[0]))
    odd["note"] = "use *this* [not](that)"
    text = formats.get("md").dumps([odd], context).decode("utf-8")
    assert r"use \*this\* \[not\]\(that\)" in text
    assert "## Sources" in text and "`chan-2022`" in text


def test_anki_notes_keep_stable_ids_so_a_new_export_updates_the_deck(exported: Any) -> None:
    entries, context = exported
    first = formats.get("anki").dumps(entries, context)
    fewer = formats.get("anki").dumps(entries[:1], context)

    def guids(data: bytes) -> dict[str, str]:
        return {fields.split("\x1f")[0]: guid for guid, fields, _ in anki_notes(data)}

    all_notes, some_notes = guids(first), guids(fewer)
    assert len(all_notes) == len(entries)
    for chinese, guid in some_notes.items():
        assert all_notes[chinese] == guid


def test_xlsx_has_the_csv_columns_and_a_frozen_header(exported: Any) -> None:
    from openpyxl import load_workbook

    entries, context = exported
    book = load_workbook(io.BytesIO(formats.get("xlsx").dumps(entries, context)))
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    from glossary.formats.csv_format import COLUMNS

    assert header == list(COLUMNS)
    assert sheet.max_row == len(entries) + 1
