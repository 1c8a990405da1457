"""The build: every table and key, atomic replacement, automatic rebuilds."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from glossary.build import build_database, ensure_database
from glossary.dbfile import is_stale
from glossary.fields import CONCEPT_FIELDS, json_keys
from glossary.termfiles import TermbaseError


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_build_writes_every_form_and_key(mini_db: Path) -> None:
    conn = sqlite3.connect(mini_db)
    row = conn.execute(
        "select term, tw, hk, pinyin, pinyin_numbered, pinyin_key, initials, zhuyin "
        "from zh_terms where term = '国内国际双循环'"
    ).fetchone()
    assert row == (
        "国内国际双循环",
        "國內國際雙循環",
        "國內國際雙循環",
        "guónèi guójì shuāng xúnhuán",
        "guo2nei4 guo2ji4 shuang1 xun2huan2",
        "guoneiguojishuangxunhuan",
        "gngjsxh",
        "ㄍㄨㄛˊ ㄋㄟˋ ㄍㄨㄛˊ ㄐㄧˋ ㄕㄨㄤ ㄒㄩㄣˊ ㄏㄨㄢˊ",
    )
    statuses = conn.execute(
        "select term, status, source from en_terms where concept = 'dual-circulation' order by seq"
    ).fetchall()
    assert statuses == [
        ("dual circulation", "preferred", "chan-2022"),
        ("double circulation", "deprecated", None),
    ]
    assert conn.execute("select count(*) from contexts").fetchone()[0] == 2
    assert conn.execute("select related from related where concept = 'chokehold'").fetchall() == [
        ("dual-circulation",)
    ]
    assert conn.execute("select simp from t2s where trad = '環'").fetchone() == ("环",)
    indexes = {row[1] for row in conn.execute("select * from sqlite_master where type = 'index'")}
    assert "idx_search_keys_kind_key" in indexes
    entry = json.loads(
        conn.execute("select entry from concepts where id = 'dual-circulation'").fetchone()[0]
    )
    assert list(entry) == [*json_keys(CONCEPT_FIELDS), "zh", "en", "context"]


def test_english_is_in_a_stemming_full_text_index(mini_db: Path) -> None:
    conn = sqlite3.connect(mini_db)
    found = conn.execute(
        "select en_terms.term from en_terms_fts join en_terms on en_terms.rowid = en_terms_fts.rowid "
        "where en_terms_fts match 'circulations'"
    ).fetchall()
    assert ("dual circulation",) in found


def test_a_failed_build_leaves_the_previous_database_untouched(
    mini_terms: Path, mini_db: Path
) -> None:
    before = mini_db.read_bytes()
    broken = mini_terms / "technology" / "chokehold.toml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace('"preferred"', '"best"'), encoding="utf-8"
    )
    with pytest.raises(TermbaseError):
        build_database(mini_terms, mini_db, cedict=False)
    assert mini_db.read_bytes() == before
    assert temp_files(mini_db.parent) == []


def test_an_exception_while_writing_removes_the_temporary_file(
    mini_terms: Path, mini_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = mini_db.read_bytes()

    def explode(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("glossary.build._write_tables", explode)
    with pytest.raises(RuntimeError):
        build_database(mini_terms, mini_db, cedict=False)
    assert mini_db.read_bytes() == before
    assert temp_files(mini_db.parent) == []


SLOW_BUILD = textwrap.dedent(
    """
    import signal, sys, time
    import glossary.build as build
    # A shell starts background jobs with SIGINT ignored and children inherit that; a build
    # run from a terminal gets Python's KeyboardInterrupt handler, so restore it here.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    original = build._write_tables
    def slow(*args):
        original(*args)
        print("writing", flush=True)
        time.sleep(30)
    build._write_tables = slow
    build.build_database(sys.argv[1], sys.argv[2], cedict=False)
    """
)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_killed_build_leaves_the_database_and_no_temporary_file(
    mini_terms: Path, mini_db: Path, sig: signal.Signals
) -> None:
    before = mini_db.read_bytes()
    with subprocess.Popen(
        [sys.executable, "-c", SLOW_BUILD, str(mini_terms), str(mini_db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "writing"
        assert len(temp_files(mini_db.parent)) == 1  # half-way through its temporary file
        process.send_signal(sig)
        process.wait(timeout=20)
    assert process.returncode != 0
    assert mini_db.read_bytes() == before
    assert temp_files(mini_db.parent) == []


def kill_a_build(mini_terms: Path, mini_db: Path) -> None:
    """SIGKILL a build half-way through writing its temporary file (which stays)."""
    with subprocess.Popen(
        [sys.executable, "-c", SLOW_BUILD, str(mini_terms), str(mini_db)],
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "writing"
        process.kill()
        process.wait(timeout=20)
    assert len(temp_files(mini_db.parent)) == 1


def test_a_file_left_by_sigkill_is_removed_by_the_next_build(
    mini_terms: Path, mini_db: Path
) -> None:
    kill_a_build(mini_terms, mini_db)
    build_database(mini_terms, mini_db, cedict=False)
    assert temp_files(mini_db.parent) == []


def test_the_database_is_rebuilt_when_the_terms_change(mini_terms: Path, mini_db: Path) -> None:
    assert not is_stale(mini_terms, mini_db)
    assert ensure_database(mini_terms, mini_db) is False
    path = mini_terms / "technology" / "chokehold.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("cut off", "cut off at will"), encoding="utf-8"
    )
    later = time.time() + 5
    os.utime(path, (later, later))
    assert is_stale(mini_terms, mini_db)
    assert ensure_database(mini_terms, mini_db) is True
    definition = (
        sqlite3.connect(mini_db)
        .execute("select definition from concepts where id = 'chokehold'")
        .fetchone()[0]
    )
    assert definition.endswith("cut off at will.")


def test_removing_a_term_file_makes_the_database_stale(mini_terms: Path, mini_db: Path) -> None:
    (mini_terms / "regional" / "yangtze-river-delta.toml").unlink()
    assert is_stale(mini_terms, mini_db)


def test_the_cli_builds_a_missing_database_on_first_lookup(
    mini_terms: Path, tmp_path: Path
) -> None:
    db = tmp_path / "fresh" / "glossary.db"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "glossary",
            "--terms",
            str(mini_terms),
            "--db",
            str(db),
            "lookup",
            "卡脖子",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "chokehold" in result.stdout
    assert db.exists()


def test_a_termbase_without_sources_or_contexts_builds(mini_terms: Path, tmp_path: Path) -> None:
    (mini_terms / "sources.toml").write_text("", encoding="utf-8")
    for path in mini_terms.glob("*/*.toml"):
        text = path.read_text(encoding="utf-8")
        text = text.split("\n[[context]]")[0].rstrip("\n") + "\n"
        text = (
            "\n".join(line for line in text.splitlines() if not line.startswith("source = ")) + "\n"
        )
        path.write_text(text, encoding="utf-8")
    db = tmp_path / "empty-sources.db"
    build_database(mini_terms, db, cedict=False)
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from sources").fetchone() == (0,)
    assert conn.execute("select count(*) from concepts").fetchone() == (3,)


def test_a_copied_database_is_fresh_for_the_same_term_files(
    mini_terms: Path, mini_db: Path, tmp_path: Path
) -> None:
    """Built once (in CI) and copied to a node with its own checkout: no rebuild."""
    node = tmp_path / "node"
    shutil.copytree(mini_terms, node / "terms")
    shutil.copy(mini_db, node / "glossary.db")
    later = time.time() + 5
    for path in (node / "terms").rglob("*.toml"):
        os.utime(path, (later, later))
    assert not is_stale(node / "terms", node / "glossary.db")
    path = node / "terms" / "technology" / "chokehold.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert is_stale(node / "terms", node / "glossary.db")
