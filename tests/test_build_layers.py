"""The build's cached layers and its progress: compiled once per CC-CEDICT version, reused by
every later build, compiled again when their inputs change; a rebuild equals a fresh build."""

from __future__ import annotations

import contextlib
import gzip
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from glossary import cedict, layers
from glossary.build import build_database
from glossary.progress import Progress
from glossary.query import Glossary


class Recorded(Progress):
    """A Progress that keeps what the build reported."""

    def __init__(self) -> None:
        self.stages: list[str] = []
        self.steps = 0

    def stage(self, text: str) -> None:
        """Keep the stage."""
        self.stages.append(text)

    @contextlib.contextmanager
    def bar(self, label: str, length: int) -> Iterator[Callable[[int], None]]:
        """Count the steps."""
        self.stages.append(label)

        def advance(steps: int) -> None:
            self.steps += steps

        yield advance

    def compiled(self) -> bool:
        """True when the build compiled the layers rather than reusing them."""
        return not any(stage.startswith("reusing the layers") for stage in self.stages)


def real_cedict_lines(*headwords: str) -> str:
    """The lines of the bundled CC-CEDICT whose simplified headword is one of these."""
    with gzip.open(cedict.bundled_file(), "rt", encoding="utf-8") as file:
        return "".join(
            line for line in file if not line.startswith("#") and line.split()[1] in headwords
        )


@pytest.fixture
def small_cedict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A CC-CEDICT file of four real entries, used by the builds of the test."""
    path = tmp_path / "cedict.txt"
    path.write_text(real_cedict_lines("电脑", "女儿", "中国", "发展"), encoding="utf-8")
    monkeypatch.setenv("GLOSSARY_CEDICT_FILE", str(path))
    return path


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(folder))
    return folder


def build(terms: Path, db: Path) -> Recorded:
    """Build with the general layer and return what the build reported."""
    progress = Recorded()
    build_database(terms, db, cedict=True, progress=progress)
    return progress


def layers_files(cache: Path) -> list[str]:
    """The names of the layers files in a cache folder."""
    return sorted(path.name for path in cache.glob("layers-*.db"))


def touch_term_file(terms: Path) -> None:
    """Edit one term file as an editor would (a note reworded)."""
    path = terms / "technology" / "chokehold.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Literal calque.", "A literal calque."),
        encoding="utf-8",
    )


def test_the_layers_are_compiled_once_and_reused_by_the_next_build(
    mini_terms: Path, tmp_path: Path, small_cedict: Path, cache: Path
) -> None:
    first = build(mini_terms, tmp_path / "glossary.db")
    assert first.compiled()
    assert first.steps == 4  # the CC-CEDICT bar went through every line
    compiled = layers_files(cache)
    assert len(compiled) == 1
    touch_term_file(mini_terms)
    second = build(mini_terms, tmp_path / "glossary.db")
    assert not second.compiled()
    assert "CC-CEDICT general layer" not in second.stages
    assert layers_files(cache) == compiled
    with Glossary(tmp_path / "glossary.db") as glossary:
        assert glossary.lookup("电脑")[0]["id"] == "cedict:电脑:dian4nao3"
        assert glossary.lookup("neck-strangling")[0]["id"] == "chokehold"


def test_another_cc_cedict_file_compiles_the_layers_again(
    mini_terms: Path, tmp_path: Path, small_cedict: Path, cache: Path
) -> None:
    build(mini_terms, tmp_path / "glossary.db")
    small_cedict.write_text(real_cedict_lines("电脑", "女儿"), encoding="utf-8")
    again = build(mini_terms, tmp_path / "glossary.db")
    assert again.compiled()
    conn = sqlite3.connect(tmp_path / "glossary.db")
    assert conn.execute("select count(*) from general").fetchone() == (2,)
    assert len(layers_files(cache)) == 2  # the older one is kept for a while, then evicted


def test_a_new_layer_version_compiles_the_layers_again(
    mini_terms: Path,
    tmp_path: Path,
    small_cedict: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    build(mini_terms, tmp_path / "glossary.db")
    monkeypatch.setattr(layers, "LAYER_VERSION", "a later one")
    assert build(mini_terms, tmp_path / "glossary.db").compiled()
    assert not build(mini_terms, tmp_path / "glossary.db").compiled()


def table_contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (full-text index tables too), in a stable order."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "select name from sqlite_master where type = 'table' "
                "and sql not like 'create virtual table%'"
            )
        ]
        return {
            name: sorted(conn.execute(f'select * from "{name}"').fetchall(), key=repr)
            for name in sorted(names)
        }


def test_a_rebuild_gives_the_same_database_as_a_fresh_build(
    mini_terms: Path, tmp_path: Path, small_cedict: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "warm"))
    rebuilt = tmp_path / "rebuilt" / "glossary.db"
    build(mini_terms, rebuilt)
    touch_term_file(mini_terms)
    assert not build(mini_terms, rebuilt).compiled()
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "cold"))
    fresh = tmp_path / "fresh" / "glossary.db"
    assert build(mini_terms, fresh).compiled()
    rebuilt_tables, fresh_tables = table_contents(rebuilt), table_contents(fresh)
    assert {"general", "search_keys", "corpus_bigrams", "general_fts_data"} <= set(fresh_tables)
    assert rebuilt_tables == fresh_tables


def test_a_cache_folder_that_cannot_be_written_only_costs_time(
    mini_terms: Path, tmp_path: Path, small_cedict: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(not_a_folder))
    build(mini_terms, tmp_path / "glossary.db")
    with Glossary(tmp_path / "glossary.db") as glossary:
        assert glossary.lookup("女儿")[0]["id"] == "cedict:女儿:nv3er2"
        assert glossary.lookup("卡脖子")[0]["id"] == "chokehold"


def run_build(mini_terms: Path, db: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`glossary build` in a process of its own, its output piped."""
    command = [sys.executable, "-m", "glossary", "--terms", str(mini_terms), "--db", str(db)]
    return subprocess.run(
        [*command, "build", *options],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )


def test_build_shows_its_stages_with_progress_and_is_quiet_when_piped(
    mini_terms: Path, tmp_path: Path, small_cedict: Path, cache: Path
) -> None:
    shown = run_build(mini_terms, tmp_path / "glossary.db", "--progress")
    assert shown.returncode == 0, shown.stderr
    for stage in ("reading the term files", "CC-CEDICT general layer", "research corpus"):
        assert stage in shown.stderr
    assert shown.stdout.startswith("built ")
    touch_term_file(mini_terms)
    piped = run_build(mini_terms, tmp_path / "glossary.db")
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == ""
    assert piped.stdout.startswith("built ")


def test_a_cc_cedict_file_that_cannot_be_read_is_named_and_nothing_is_replaced(
    mini_terms: Path, tmp_path: Path, small_cedict: Path, cache: Path
) -> None:
    db = tmp_path / "glossary.db"
    assert run_build(mini_terms, db).returncode == 0
    before = db.read_bytes()
    small_cedict.write_text(
        small_cedict.read_text(encoding="utf-8") + "電腦 电脑 dian4 nao3 /computer/\n",
        encoding="utf-8",
    )
    broken = run_build(mini_terms, db)
    assert broken.returncode == 2
    assert broken.stderr.startswith(f"error: {small_cedict}:5: not a CC-CEDICT line")
    small_cedict.unlink()
    missing = run_build(mini_terms, db)
    assert missing.returncode == 2
    assert f"{small_cedict}: cannot read CC-CEDICT" in missing.stderr
    assert db.read_bytes() == before
    assert list(tmp_path.glob(".glossary.db.*")) == []


def on_a_terminal(*argv: str) -> str:
    """Run `glossary ARGV...` with stdout and stderr on a pseudo-terminal; what it printed."""
    import pty

    leader, follower = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "glossary", *argv], stdout=follower, stderr=follower
    ) as process:
        os.close(follower)
        output = b""
        with contextlib.suppress(OSError):  # the terminal closes when the process ends
            while chunk := os.read(leader, 4096):
                output += chunk
    os.close(leader)
    assert process.returncode == 0, output
    return output.decode()


def test_on_a_terminal_a_build_shows_its_stages_even_when_a_lookup_needs_it(
    mini_terms: Path, tmp_path: Path, small_cedict: Path, cache: Path
) -> None:
    built = on_a_terminal("--terms", str(mini_terms), "--db", str(tmp_path / "a.db"), "build")
    assert "reading the term files" in built
    assert "100%" in built  # the CC-CEDICT bar, drawn to its end
    looked_up = on_a_terminal(
        "--terms", str(mini_terms), "--db", str(tmp_path / "b.db"), "lookup", "卡脖子"
    )
    assert "reading the term files" in looked_up
    assert "chokehold" in looked_up
    quiet = on_a_terminal(
        "--terms", str(mini_terms), "--db", str(tmp_path / "c.db"), "build", "--no-progress"
    )
    assert quiet.startswith("built ")
