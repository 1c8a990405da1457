"""Issue 11 #5: control characters never reach a term file, an export or a terminal raw."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from glossary.build import build_database
from glossary.suggestions import SuggestionStore
from tests.hardening.helpers import run_glossary, text

OSC52 = "\x1b]52;c;ZWNobyBvd25lZA==\x07"  # writes "echo owned" to the clipboard
RAW = ("\x1b", "\x07", "\x9b")


def assert_clean(output: str) -> None:
    for character in RAW:
        assert character not in output, repr(output[:500])


def test_validation_refuses_control_characters_with_file_and_line(mini_terms: Path) -> None:
    path = mini_terms / "economy" / "dual-circulation.toml"
    lines = path.read_text("utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("definition"))
    lines[number] = 'definition = "A pattern \\u001b[31mred\\u0007."'
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = run_glossary("--terms", mini_terms, "validate", "--no-cedict")
    assert result.returncode == 2, text(result)
    assert f"{path}:{number + 1}: definition: contains the control character U+001B" in (
        result.stderr
    )
    assert_clean(text(result))


def test_import_refuses_bel_nul_and_escapes_in_cells(mini_terms: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in mini_terms.rglob("*") if p.is_file()}
    for bad in ("\x07", "\x00", "\x1b[2J", "\x9b31m"):
        source = tmp_path / "bad.csv"
        source.write_text(
            f"zh-CN,en,definition,domain\n测试,test,fine.,economy\n新词,new{bad}word,x,economy\n",
            encoding="utf-8",
        )
        result = run_glossary("--terms", mini_terms, "import", source)
        assert result.returncode == 2, text(result)
        assert f"{source}:3:" in result.stderr and "control character" in result.stderr
        assert_clean(text(result))
    after = {p: p.read_bytes() for p in mini_terms.rglob("*") if p.is_file()}
    assert after == before


def test_suggestions_are_stored_escaped_and_shown_safely(tmp_path: Path, mini_terms: Path) -> None:
    store_path = tmp_path / "suggestions.db"
    with SuggestionStore(store_path) as store:
        number = store.add({"kind": "correction", "concept": "dual-circulation",
                            "note": f"wrong {OSC52} here\r\nsecond line"})  # fmt: skip
        stored = store.get(number)
    assert stored is not None
    assert "\x1b" not in stored.note and "\\x1b]52" in stored.note
    assert "\nsecond line" in stored.note
    for args in (["show", str(number)], ["list"], ["list", "--json"]):
        result = run_glossary("--terms", mini_terms, "suggestions", "--suggestions", store_path,
                              *args)  # fmt: skip
        assert result.returncode == 0, text(result)
        assert "52;c;" in result.stdout
        assert_clean(text(result))


def poisoned_database(mini_terms: Path, tmp_path: Path) -> Path:
    """A database whose entry holds control characters (built by an older version, say)."""
    db = tmp_path / "glossary.db"
    build_database(mini_terms, db, cedict=False)
    with sqlite3.connect(db) as conn:
        entry = json.loads(
            conn.execute("select entry from concepts where id = 'dual-circulation'").fetchone()[0]
        )
        entry["definition"] = f"Evil {OSC52} \x9b31m definition"
        entry["en"][0]["term"] = f"dual{OSC52} circulation"
        entry["zh"][0]["pinyin"] = "shuāng\x1b[8m xúnhuán"
        conn.execute(
            "update concepts set entry = ? where id = 'dual-circulation'",
            (json.dumps(entry, ensure_ascii=False),),
        )
    conn.close()
    return db


def test_lookup_and_show_escape_control_characters(mini_terms: Path, tmp_path: Path) -> None:
    db = poisoned_database(mini_terms, tmp_path)
    for args in (["lookup", "双循环"], ["lookup", "双循环", "--json"],
                 ["show", "dual-circulation"], ["show", "dual-circulation", "--json"]):  # fmt: skip
        result = run_glossary("--terms", mini_terms, "--db", db, *args)
        assert result.returncode == 0, text(result)
        assert "52;c;" in result.stdout, args
        assert_clean(text(result))


def test_tbx_and_xlsx_exports_do_not_crash_on_control_characters(
    mini_terms: Path, tmp_path: Path
) -> None:
    db = poisoned_database(mini_terms, tmp_path)
    for name in ("tbx", "tbx2", "xlsx", "csv"):
        out = tmp_path / f"out.{name}"
        result = run_glossary("--terms", mini_terms, "--db", db, "export", "--format", name,
                              "-o", out)  # fmt: skip
        assert result.returncode == 0, text(result)
        data = out.read_bytes()
        if name == "xlsx":
            with zipfile.ZipFile(out) as archive:
                data = b"".join(archive.read(n) for n in archive.namelist())
        assert b"\x1b" not in data and b"52;c;" in data


def test_lint_and_check_reports_escape_what_they_echo(
    mini_terms: Path, mini_db: Path, tmp_path: Path
) -> None:
    named = tmp_path / "draft\x1b]52;c;ZWNobw==\x07.txt"  # a file name is echoed too
    named.write_text("We pursue double circulation.\n", "utf-8")
    result = run_glossary("--terms", mini_terms, "--db", mini_db, "lint", named)
    assert result.returncode == 1, text(result)
    assert "double circulation" in result.stdout and "52;c;" in result.stdout
    assert_clean(text(result))
    source, target = tmp_path / "zh.txt", tmp_path / "en.txt"
    source.write_text("推动双循环。\n", "utf-8")
    target.write_text("Promote double\x1b[8m circulation.\n", "utf-8")
    result = run_glossary("--terms", mini_terms, "--db", mini_db, "check", "--source", source,
                          "--target", target)  # fmt: skip
    assert result.returncode == 1, text(result)
    assert_clean(text(result))


def test_the_site_export_does_not_fail_on_control_characters(
    mini_terms: Path, tmp_path: Path
) -> None:
    from web import create_app

    db = poisoned_database(mini_terms, tmp_path)
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "BUILD_ON_START": False,
                      "GLOSSARY_TERMS": str(mini_terms), "GLOSSARY_DB": str(db),
                      "SUGGESTIONS_DB": str(tmp_path / "s.db"), "SECRET_KEY": "t"})  # fmt: skip
    client = app.test_client()
    for name in ("tbx", "tbx2", "xlsx", "csv", "json"):
        answer = client.get(f"/export?format={name}")
        assert answer.status_code == 200, name
    assert client.get("/term/dual-circulation").status_code == 200
