"""Issue 11 #6: an XLSX zip bomb is refused before it is inflated: fast, in little memory."""

from __future__ import annotations

import io
import resource
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from glossary.formats import FormatError
from glossary.formats.xlsx import XlsxFormat
from tests.hardening.helpers import run_glossary, text

MEGABYTE = 1024 * 1024


def bomb(path: Path, megabytes: int = 400) -> Path:
    """A valid workbook whose second row holds one string of `megabytes` of the letter A."""
    from glossary.formats import ExportContext

    sample = io.BytesIO(XlsxFormat().dumps([], ExportContext({}, {})))
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as workbook:
        with zipfile.ZipFile(sample) as template:
            for name in template.namelist():
                if name != "xl/worksheets/sheet1.xml":
                    workbook.writestr(name, template.read(name))
        with workbook.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>en</t></is></c></row>'
                b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
            )
            chunk = b"A" * MEGABYTE
            for _ in range(megabytes):
                member.write(chunk)
            member.write(b"</t></is></c></row></sheetData></worksheet>")
    path.write_bytes(book.getvalue())
    return path


@pytest.fixture(scope="module")
def bomb_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 400 MiB shared string, packed into well under a megabyte."""
    return bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx")


def test_the_bomb_is_refused_within_a_second_in_little_memory(bomb_file: Path) -> None:
    data = bomb_file.read_bytes()
    assert len(data) < 2 * MEGABYTE
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(FormatError, match=r"refused: .*sheet1\.xml"):
        XlsxFormat().loads(data, str(bomb_file))
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 20 * MEGABYTE


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1024 * MEGABYTE, 1024 * MEGABYTE))


def test_glossary_import_refuses_the_bomb_with_exit_2(bomb_file: Path, mini_terms: Path) -> None:
    started = time.perf_counter()
    result = run_glossary("--terms", mini_terms, "import", bomb_file, preexec=_limit_memory)
    assert result.returncode == 2, text(result)[-1500:]
    assert "zip bomb" in result.stderr or "at most" in result.stderr
    assert "Traceback" not in text(result)
    assert time.perf_counter() - started < 30


def test_an_ordinary_workbook_still_imports(mini_terms: Path, tmp_path: Path) -> None:
    source = tmp_path / "ok.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["zh-CN", "en", "definition", "domain"])
    sheet.append(["测试词", "test word", "A test.", "economy"])
    book.save(source)
    result = run_glossary("--terms", mini_terms, "import", source, "--dry-run")
    assert result.returncode == 0, text(result)
    assert "1 new" in result.stdout
