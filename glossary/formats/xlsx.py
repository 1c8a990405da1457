"""XLSX (Excel) with the CSV export's columns: one concept per row, a header row.

memoQ, Phrase and Trados (Glossary Converter, MultiTerm Convert) import Excel sheets with
the same header conventions as CSV; see csv_format.py for why these columns.
"""

from __future__ import annotations

import io
from typing import Any, ClassVar

from glossary import safetext
from glossary.formats import ExportContext, FormatError, Loaded
from glossary.formats.common import stable_zip
from glossary.formats.csv_format import COLUMNS, concept_row, entry_from_row, header_key

WIDTHS = {"zh-CN": 18, "zh-TW": 18, "zh-HK": 18, "pinyin": 24, "en": 28, "definition": 60,
          "note": 50, "context (zh)": 60, "context (en)": 60}  # fmt: skip
SHEET = "Glossary"


class XlsxFormat:
    """An Excel workbook: one sheet, header row frozen, one concept per row."""

    name: ClassVar[str] = "xlsx"
    extension: ClassVar[str] = ".xlsx"
    mimetype: ClassVar[str] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    label: ClassVar[str] = "Excel workbook, one concept per row"
    reads: ClassVar[tuple[str, ...]] = (".xlsx",)

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The entries as an XLSX workbook (fixed timestamps: same entries, same bytes)."""
        import datetime

        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        book = Workbook()
        fixed = datetime.datetime(2000, 1, 1)
        book.properties.created = book.properties.modified = fixed
        book.properties.creator = "policy-glossary"
        book.properties.title = context.title
        sheet = book.active
        assert sheet is not None
        sheet.title = SHEET
        sheet.append(list(COLUMNS))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for entry in entries:
            row = concept_row(safetext.clean(entry), context)
            sheet.append([row[column] for column in COLUMNS])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula (OWASP CSV injection)
        wrap = Alignment(wrap_text=True, vertical="top")
        for index, column in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column, 16)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
        sheet.freeze_panes = "A2"
        import zipfile

        from openpyxl.writer.excel import ExcelWriter

        stream = io.BytesIO()
        # ExcelWriter rather than Workbook.save, which stamps the current time as "modified"
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(book, archive).write_data()
        return stable_zip(stream.getvalue())

    def loads(self, data: bytes, origin: str) -> Loaded:
        """Rows of the first sheet; the header row names the columns as in CSV."""
        import zipfile

        from openpyxl import load_workbook

        from glossary.formats.zipguard import UnsafeArchive, check

        try:
            check(data)  # declared sizes and ratios, before any XML is inflated
        except UnsafeArchive as error:
            raise FormatError(origin, None, f"refused: {error}") from None
        except zipfile.BadZipFile as error:
            raise FormatError(origin, None, f"not an XLSX workbook: {error}") from None
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise FormatError(origin, None, f"not an XLSX workbook: {error}") from None
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        loaded = Loaded()
        header = next(rows, None)
        if header is None:
            return loaded
        keys = [header_key(str(name or "")) for name in header]
        if not any(k in ("zh-CN", "zh-TW", "zh-HK", "en") for k in keys):
            raise FormatError(origin, 1, "the header names no language column")
        for number, row in enumerate(rows, start=2):
            cells = {
                key: "" if value is None else str(value)
                for key, value in zip(keys, row, strict=False)
                if key is not None
            }
            if not any(v.strip() for v in cells.values()):
                continue
            loaded.entries.append(entry_from_row(cells, number, origin))
        book.close()
        return loaded
