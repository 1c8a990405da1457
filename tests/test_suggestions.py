"""Suggestions from the site, reviewed by editors: stored safely, accepted into valid term files."""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.build import build_database
from glossary.cli import cli
from glossary.query import Glossary
from glossary.suggestions import (
    PostgresSuggestionStore,
    SqliteSuggestionStore,
    SuggestionError,
    SuggestionStore,
    accept,
    check_suggestion,
    default_store_path,
)
from glossary.termfiles import load_termbase
from tests import servers

NEW_TERM = {
    "kind": "new",
    "zh": "新质生产力",
    "pinyin": "xīn zhì shēngchǎnlì",
    "en": "new quality productive forces",
    "domain": "economy",
    "definition": "Productive forces driven by innovation in technology and industry.",
    "context": "Its dual circulation policies are its means to establish the country",
    "source": "chan-2022",
    "note": "Official English since 2023.",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where suggestions go: a SQLite file, or a fresh database of a real PostgreSQL."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "suggestions.db")


@pytest.fixture
def store(target: str):  # type: ignore[no-untyped-def]
    with SuggestionStore(target) as opened:
        yield opened


def test_a_new_term_needs_chinese_english_domain_and_definition() -> None:
    assert check_suggestion(NEW_TERM) == []
    assert check_suggestion({"kind": "new"}) == [
        "zh is required",
        "en is required",
        "domain is required",
        "definition is required",
    ]
    assert check_suggestion({**NEW_TERM, "zh": "abc"}) == ["zh must contain Chinese characters"]
    assert check_suggestion({**NEW_TERM, "source": ""}) == [
        "a context needs its source (pick one, or give a citation)"
    ]
    assert check_suggestion({**NEW_TERM, "note": "x" * 2001}) == [
        "note is longer than 2000 characters"
    ]
    assert check_suggestion({"kind": "spam"}) == ["kind must be one of new, correction"]


def test_a_correction_names_the_entry_and_says_what_is_wrong() -> None:
    assert check_suggestion({"kind": "correction"}) == [
        "concept is required for a correction",
        "note is required for a correction: say what is wrong",
    ]
    assert check_suggestion({"kind": "correction", "concept": "x", "note": "y"}) == []


def test_the_store_keeps_suggestions_and_their_review(store: SuggestionStore) -> None:
    first = store.add(NEW_TERM)
    second = store.add(
        {"kind": "correction", "concept": "chokehold", "note": "Also 'choke point'."}
    )
    assert [s.id for s in store.all()] == [first, second]
    saved = store.get(first)
    assert saved is not None
    assert saved.zh == "新质生产力"
    assert saved.status == "open"
    assert saved.title() == "new term 新质生产力 = new quality productive forces"
    rejected = store.review(second, "rejected", "already covered")
    assert rejected.status == "rejected"
    assert [s.id for s in store.all("open")] == [first]
    with pytest.raises(SuggestionError, match="already rejected"):
        store.review(second, "accepted")
    with pytest.raises(SuggestionError, match="zh is required"):
        store.add({"kind": "new"})
    assert store.count() == 2


def test_concurrent_writers_all_get_through(target: str) -> None:
    path = target
    SuggestionStore(path).close()
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            with SuggestionStore(path) as own:
                for number in range(25):
                    own.add({**NEW_TERM, "note": f"worker {worker} number {number}"})
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with SuggestionStore(path) as store:
        assert store.count() == 300
        assert len({s.id for s in store.all()}) == 300
        if isinstance(store, SqliteSuggestionStore):
            assert store.conn.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_accepting_a_new_term_writes_a_valid_term_file(
    store: SuggestionStore, mini_terms: Path, tmp_path: Path
) -> None:
    number = store.add(NEW_TERM)
    path = accept(store, number, mini_terms)
    assert path == mini_terms / "economy" / "new-quality-productive-forces.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["zh"] == [
        {"term": "新质生产力", "type": "fullForm", "pinyin": "xīn zhì shēngchǎnlì"}
    ]
    assert data["en"] == [{"term": "new quality productive forces", "status": "admitted"}]
    assert data["context"][0]["source"] == "chan-2022"
    assert data["context"][0]["lang"] == "en"
    assert data["note"] == "Official English since 2023."
    load_termbase(mini_terms)  # the whole termbase still validates
    db = tmp_path / "after.db"
    build_database(mini_terms, db, cedict=False)
    with Glossary(db) as glossary:
        assert glossary.lookup("新质生产力")[0]["id"] == "new-quality-productive-forces"
    assert store.get(number).status == "accepted"  # type: ignore[union-attr]


def test_accepting_a_correction_adds_the_rendering_context_and_note(
    store: SuggestionStore, mini_terms: Path
) -> None:
    number = store.add(
        {
            "kind": "correction",
            "concept": "chokehold",
            "en": "choke point",
            "note": "Media also write 'choke point'.",
            "context": "China's tech industry faces a chokehold problem",
            "source": "chan-2022",
        }
    )
    path = accept(store, number, mini_terms, status="admitted")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [en["term"] for en in data["en"]] == [
        "chokehold",
        "stranglehold",
        "neck-strangling",
        "choke point",
    ]
    assert data["note"] == "Media also write 'choke point'."
    assert data["context"][-1]["text"] == "China's tech industry faces a chokehold problem"
    load_termbase(mini_terms)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pinyin": "shuāng xúnhuán"}, "zh\\[0\\].pinyin"),
        ({"zh": "双循环"}, "'双循环' already belongs to 'dual-circulation'"),
        ({"en": "dual circulation"}, "id 'dual-circulation' exists already"),
        ({"domain": "cooking"}, "unknown domain 'cooking'"),
        ({"source": "", "citation": "A blog, 2024"}, "add it to sources.toml and pass --source"),
        ({"source": "no-such-source"}, "unknown source 'no-such-source'"),
    ],
)
def test_a_suggestion_that_would_break_the_termbase_writes_nothing(
    store: SuggestionStore, mini_terms: Path, change: dict[str, str], message: str
) -> None:
    before = sorted(mini_terms.rglob("*"))
    number = store.add({**NEW_TERM, **change})
    with pytest.raises(SuggestionError, match=message):
        accept(store, number, mini_terms)
    assert sorted(mini_terms.rglob("*")) == before
    assert store.get(number).status == "open"  # type: ignore[union-attr]


def test_the_default_store_sits_beside_the_glossary_database() -> None:
    assert default_store_path("/a/glossary.db") == "/a/suggestions.db"
    assert default_store_path("/a/glossary-1234.db") == "/a/suggestions-1234.db"
    assert default_store_path("/a/mini.db") == "/a/mini-suggestions.db"


def test_editors_review_suggestions_from_the_command_line(
    mini_terms: Path, tmp_path: Path, target: str
) -> None:
    db = target
    with SuggestionStore(db) as store:
        new = store.add(NEW_TERM)
        spam = store.add({"kind": "correction", "concept": "chokehold", "note": "buy now"})
    runner = CliRunner()
    base = ["--terms", str(mini_terms), "--db", str(tmp_path / "g.db"), "suggestions"]
    base += ["--suggestions", str(db)]

    listed = runner.invoke(cli, [*base, "list"])
    assert listed.exit_code == 0, listed.output
    assert f"{new:>5}  " in listed.output
    assert "new term 新质生产力 = new quality productive forces" in listed.output

    shown = runner.invoke(cli, [*base, "show", str(new)])
    assert "definition:  Productive forces driven by innovation" in shown.output
    assert runner.invoke(cli, [*base, "show", "999"]).exit_code == 1

    rejected = runner.invoke(cli, [*base, "reject", str(spam), "--note", "spam"])
    assert rejected.exit_code == 0
    accepted = runner.invoke(cli, [*base, "accept", str(new), "--id", "new-productive-forces"])
    assert accepted.exit_code == 0, accepted.output
    assert (mini_terms / "economy" / "new-productive-forces.toml").exists()

    again = runner.invoke(cli, [*base, "accept", str(new)])
    assert again.exit_code == 2
    assert f"error: suggestion {new} is already accepted" in again.output
    nothing_open = runner.invoke(cli, [*base, "list"])
    assert nothing_open.stdout == ""
    assert nothing_open.stderr == "no open suggestions\n"
    everything = runner.invoke(cli, [*base, "list", "--status", "all"])
    assert "accepted" in everything.output and "rejected" in everything.output


@pytest.mark.parametrize(
    "change",
    [{"zh": "双循环"}, {"en": "Dual Circulation!"}],
    ids=["chinese-taken", "id-from-english-taken"],
)
def test_new_and_accept_share_the_id_rule_and_the_conflict_rule(
    store: SuggestionStore, mini_terms: Path, change: dict[str, str]
) -> None:
    suggested = {**NEW_TERM, "source": "", "context": "", **change}
    number = store.add(suggested)
    with pytest.raises(SuggestionError) as refused:
        accept(store, number, mini_terms)
    result = CliRunner().invoke(
        cli,
        ["--terms", str(mini_terms), "--db", str(mini_terms.parent / "g.db"), "new",
         suggested["zh"], suggested["en"], "--domain", suggested["domain"],
         "--definition", suggested["definition"]],
    )  # fmt: skip
    assert result.exit_code == 2
    cli_message = result.output.strip().removeprefix("error: ")
    assert str(refused.value).startswith(cli_message)


def test_a_url_is_never_taken_for_a_file_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres: servers.Postgres
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SuggestionError, match="cannot open the suggestions database"):
        SuggestionStore(f"postgresql://glossary@127.0.0.1:{postgres.port}/no_such_database")
    with pytest.raises(SuggestionError, match="unsupported suggestions URL"):
        SuggestionStore("mysql://somewhere/db")
    runner = CliRunner()
    base = ["--terms", str(tmp_path / "terms"), "--db", str(tmp_path / "g.db")]
    url = f"postgresql://glossary@127.0.0.1:{postgres.port}/no_such_database"
    listed = runner.invoke(cli, [*base, "suggestions", "--suggestions", url, "list"])
    assert listed.exit_code == 2
    assert "error: cannot open the suggestions database" in listed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no folder named postgresql:


def test_each_target_opens_its_backend(pg_url: str, tmp_path: Path) -> None:
    with SuggestionStore(pg_url) as shared, SuggestionStore(tmp_path / "s.db") as local:
        assert isinstance(shared, PostgresSuggestionStore)
        assert isinstance(local, SqliteSuggestionStore)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_older_schema_is_migrated_at_open(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A table from before a column existed gains it, and its rows stay readable."""
    if backend == "postgresql":
        import psycopg

        target = str(request.getfixturevalue("pg_url"))
        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute(
                "create table suggestions (id bigint generated by default as identity "
                "primary key, created text, kind text not null, status text not null, "
                "zh text, en text, note text)"
            )
            conn.execute(
                "insert into suggestions (created, kind, status, note) "
                "values ('2025-01-01', 'correction', 'open', 'old')"
            )
    else:
        import sqlite3

        target = str(tmp_path / "old.db")
        with sqlite3.connect(target) as conn:
            conn.execute(
                "create table suggestions (id integer primary key, created text, "
                "kind text not null, status text not null, zh text, en text, note text)"
            )
            conn.execute(
                "insert into suggestions (created, kind, status, note) "
                "values ('2025-01-01', 'correction', 'open', 'old')"
            )
    with SuggestionStore(target) as store:
        old = store.get(1)
        assert old is not None and old.note == "old" and old.citation == ""
        added = store.add({**NEW_TERM, "citation": "a citation"})
        assert store.get(added).citation == "a citation"  # type: ignore[union-attr]
        assert store.count() == 2
