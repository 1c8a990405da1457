"""Issue 11 #2: `--db` never overwrites a file that is not one of our glossary databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from glossary.dbguard import APPLICATION_ID, SCHEMA
from glossary.suggestions import SuggestionStore
from tests.hardening.helpers import run_glossary, text


def test_a_suggestions_database_is_never_rebuilt_over(mini_terms: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "suggestions.db"
    with SuggestionStore(store_path) as store:
        for number in range(20):
            store.add({"kind": "new", "zh": f"测试{number}", "en": "test", "domain": "economy",
                       "definition": "A test."})  # fmt: skip
    before = store_path.read_bytes()
    for args in (["lookup", "双循环"], ["build", "--no-cedict"], ["stats"]):
        result = run_glossary("--terms", mini_terms, "--db", store_path, *args)
        assert result.returncode == 2, text(result)
        assert "not a glossary database" in text(result)
        assert "Traceback" not in text(result)
    assert store_path.read_bytes() == before
    with SuggestionStore(store_path) as store:
        assert store.count() == 20


def test_a_text_file_is_never_overwritten(mini_terms: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a database\n" * 100)
    before = notes.read_bytes()
    for args in (["lookup", "双循环"], ["build", "--no-cedict"]):
        result = run_glossary("--terms", mini_terms, "--db", notes, *args)
        assert result.returncode == 2, text(result)
        assert "not an SQLite file" in text(result)
    assert notes.read_bytes() == before


def test_a_newer_schema_is_refused_not_downgraded(mini_terms: Path, tmp_path: Path) -> None:
    db = tmp_path / "glossary.db"
    built = run_glossary("--terms", mini_terms, "--db", db, "build", "--no-cedict")
    assert built.returncode == 0, text(built)
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("pragma user_version").fetchone()[0] == SCHEMA
        conn.execute(f"pragma user_version = {SCHEMA + 1}")
        conn.execute("update meta set value = '99' where key = 'schema_version'")
    conn.close()
    before = db.read_bytes()
    for args in (["lookup", "双循环"], ["build", "--no-cedict"]):
        result = run_glossary("--terms", mini_terms, "--db", db, *args)
        assert result.returncode == 2, text(result)
        assert "newer glossary" in text(result)
    assert db.read_bytes() == before


def test_our_own_database_is_rebuilt_as_before(mini_terms: Path, tmp_path: Path) -> None:
    db = tmp_path / "glossary.db"
    assert run_glossary("--terms", mini_terms, "--db", db, "build", "--no-cedict").returncode == 0
    (mini_terms / "economy" / "dual-circulation.toml").touch()
    result = run_glossary("--terms", mini_terms, "--db", db, "lookup", "双循环")
    assert result.returncode == 0, text(result)
    assert "dual circulation" in result.stdout


def test_an_empty_file_may_be_built_into(mini_terms: Path, tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    result = run_glossary("--terms", mini_terms, "--db", db, "lookup", "双循环")
    assert result.returncode == 0, text(result)
