"""User suggestions: a separate writable store, and how editors turn them into term files.

The store is a SQLite file (one node) or PostgreSQL (several nodes share it). The site writes
suggestions here (many at once: in SQLite, WAL mode and a busy timeout let concurrent
writers queue instead of failing); `glossary suggestions` lists them, and `accept` writes or
updates the term file through glossary.termfiles (validated first, written atomically).

A suggestion is either
- `new`: a new concept (Chinese, English, domain, definition, optional pinyin, an optional
  context with its source, an optional note): accepted, it becomes a valid term file;
- `correction`: about an existing concept (its id and a note saying what is wrong,
  optionally an English rendering to add and a context with its source): accepted, the
  rendering and context are added and the note is appended to the entry's note.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from glossary.model import (
    Concept,
    Context,
    EnTerm,
    check_references,
    concept_from_dict,
    concept_to_dict,
)
from glossary.normalize import has_han
from glossary.safetext import escape_controls
from glossary.service import conflict, id_from_english
from glossary.vocabulary import DEFAULT_IMPORTED, STATUSES

KINDS = ("new", "correction")
STATES = ("open", "accepted", "rejected")
BUSY_TIMEOUT_SECONDS = 30.0
MAX_FIELD_CHARS = {
    "concept": 100,
    "zh": 100,
    "pinyin": 200,
    "en": 200,
    "domain": 50,
    "definition": 1000,
    "context": 2000,
    "source": 100,
    "citation": 500,
    "note": 2000,
    "contact": 200,
}
TABLE = "suggestions"


class SuggestionError(ValueError):
    """A suggestion that cannot be stored or accepted; the message says why, in one line."""


@dataclass(frozen=True)
class Suggestion:
    """One stored suggestion; text fields are empty strings when not given."""

    id: int
    created: str
    kind: str
    status: str = "open"
    concept: str = ""
    zh: str = ""
    pinyin: str = ""
    en: str = ""
    domain: str = ""
    definition: str = ""
    context: str = ""
    source: str = ""
    citation: str = ""
    note: str = ""
    contact: str = ""
    reviewed: str = ""
    review_note: str = ""

    def title(self) -> str:
        """A one-line summary: what is proposed, for which term."""
        if self.kind == "correction":
            return f"correction to {self.concept}: {self.note[:60]}".rstrip(": ")
        return f"new term {self.zh} = {self.en}"


def check_suggestion(values: dict[str, Any]) -> list[str]:
    """Problems with submitted suggestion fields (empty when they can be stored)."""
    problems = []
    kind = values.get("kind")
    if kind not in KINDS:
        return [f"kind must be one of {', '.join(KINDS)}"]
    for name, limit in MAX_FIELD_CHARS.items():
        value = values.get(name) or ""
        if not isinstance(value, str):
            problems.append(f"{name} must be text")
        elif len(value) > limit:
            problems.append(f"{name} is longer than {limit} characters")
    if problems:
        return problems

    def given(name: str) -> bool:
        return bool(str(values.get(name) or "").strip())

    if kind == "new":
        required = ("zh", "en", "domain", "definition")
        problems += [f"{name} is required" for name in required if not given(name)]
        if given("zh") and not has_han(str(values["zh"])):
            problems.append("zh must contain Chinese characters")
    else:
        if not given("concept"):
            problems.append("concept is required for a correction")
        if not given("note"):
            problems.append("note is required for a correction: say what is wrong")
    if given("context") and not (given("source") or given("citation")):
        problems.append("a context needs its source (pick one, or give a citation)")
    return problems


URL_SCHEMES = ("postgresql://", "postgres://")
LOCK_KEY = 0x676C6F73  # the advisory lock that serialises schema changes in PostgreSQL


def is_url(target: str | os.PathLike[str]) -> bool:
    """True when a suggestions target is a URL (scheme://...), never to be taken as a path."""
    return "://" in os.fspath(target)


def _columns() -> list[str]:
    return [f.name for f in fields(Suggestion) if f.name != "id"]


class SuggestionStore:
    """The suggestions database: open it, add, read, and mark suggestions reviewed.

    `SuggestionStore(target)` opens a SQLite file for a path, or PostgreSQL for a
    `postgresql://` URL (several nodes, one store); the schema is created or migrated first.
    """

    def __new__(cls, target: str | os.PathLike[str]) -> SuggestionStore:
        """The backend the target names: PostgreSQL for a URL, SQLite for a path."""
        if cls is SuggestionStore:
            if not is_url(target):
                cls = SqliteSuggestionStore
            elif os.fspath(target).startswith(URL_SCHEMES):
                cls = PostgresSuggestionStore
            else:
                raise SuggestionError(
                    f"unsupported suggestions URL {os.fspath(target)!r}: "
                    "give a postgresql:// URL or a file path"
                )
        return super().__new__(cls)

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _insert(self, record: dict[str, str]) -> int:
        raise NotImplementedError

    def _update(self, sql: str, params: list[Any]) -> int:
        raise NotImplementedError

    def close(self) -> None:
        """Close the database."""
        raise NotImplementedError

    def __enter__(self) -> SuggestionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, values: dict[str, Any]) -> int:
        """Store a suggestion (checked first); return its id."""
        problems = check_suggestion(values)
        if problems:
            raise SuggestionError("; ".join(problems))
        record = {name: str(values.get(name) or "").strip() for name in MAX_FIELD_CHARS}
        record = {name: escape_controls(value) for name, value in record.items()}
        record.update(
            kind=values["kind"],
            status="open",
            created=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        return self._insert(record)

    def get(self, suggestion_id: int) -> Suggestion | None:
        """One suggestion by id, or None."""
        rows = self._rows(f"select * from {TABLE} where id = ?", [suggestion_id])
        return _suggestion(rows[0]) if rows else None

    def all(self, status: str | None = None) -> list[Suggestion]:
        """Every suggestion, oldest first, optionally only those with one status."""
        where, params = (" where status = ?", [status]) if status else ("", [])
        rows = self._rows(f"select * from {TABLE}{where} order by id", params)
        return [_suggestion(row) for row in rows]

    def count(self) -> int:
        """How many suggestions are stored."""
        return int(self._rows(f"select count(*) as n from {TABLE}", [])[0]["n"])

    def review(self, suggestion_id: int, status: str, note: str = "") -> Suggestion:
        """Mark an open suggestion accepted or rejected (once: a second reviewer is refused)."""
        if status not in STATES[1:]:
            raise SuggestionError(f"status must be one of {', '.join(STATES[1:])}")
        current = self.get(suggestion_id)
        if current is None:
            raise SuggestionError(f"no suggestion with id {suggestion_id}")
        if current.status != "open":
            raise SuggestionError(f"suggestion {suggestion_id} is already {current.status}")
        reviewed = datetime.now(UTC).isoformat(timespec="seconds")
        changed = self._update(
            f"update {TABLE} set status = ?, reviewed = ?, review_note = ? "
            "where id = ? and status = 'open'",
            [status, reviewed, note, suggestion_id],
        )
        if not changed:
            raise SuggestionError(f"suggestion {suggestion_id} was reviewed meanwhile")
        return replace(current, status=status, reviewed=reviewed, review_note=note)


class SqliteSuggestionStore(SuggestionStore):
    """Suggestions in a SQLite file (one node): WAL mode, writers queue on a busy timeout."""

    def __init__(self, target: str | os.PathLike[str]):
        self.path = Path(target)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False
        )
        self.conn.isolation_level = None  # explicit transactions below
        self.conn.row_factory = sqlite3.Row
        self._ensure_schema()

    def _existing_columns(self) -> set[str]:
        return {row[1] for row in self.conn.execute(f"pragma table_info({TABLE})")}

    def _ensure_schema(self) -> None:
        if self._existing_columns() >= set(_columns()):
            return
        with _immediate(self.conn):
            existing = self._existing_columns()  # another process may have changed it
            if not existing:
                columns = ", ".join(f"{name} text" for name in _columns())
                self.conn.execute(f"create table {TABLE} (id integer primary key, {columns})")
            for name in _columns():
                if existing and name not in existing:
                    self.conn.execute(f"alter table {TABLE} add column {name} text")
        if self.conn.execute("pragma journal_mode").fetchone()[0] != "wal":
            self.conn.execute("pragma journal_mode = wal")

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        return [dict(row) for row in self.conn.execute(sql, params)]

    def _insert(self, record: dict[str, str]) -> int:
        with _immediate(self.conn):
            cursor = self.conn.execute(
                f"insert into {TABLE} ({', '.join(record)}) values "
                f"({', '.join('?' * len(record))})",
                list(record.values()),
            )
        return int(cursor.lastrowid or 0)

    def _update(self, sql: str, params: list[Any]) -> int:
        with _immediate(self.conn):
            return self.conn.execute(sql, params).rowcount

    def close(self) -> None:
        """Close the database."""
        self.conn.close()


class PostgresSuggestionStore(SuggestionStore):
    """Suggestions in PostgreSQL (psycopg 3), shared by every node; the URL is never a path."""

    def __init__(self, target: str | os.PathLike[str]):
        import psycopg
        from psycopg.rows import dict_row

        self.url = os.fspath(target)
        try:
            self.conn = psycopg.connect(
                self.url, autocommit=True, connect_timeout=10, row_factory=dict_row
            )
        except psycopg.Error as error:
            raise SuggestionError(f"cannot open the suggestions database: {error}") from error
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        columns = ", ".join(f"{name} text not null default ''" for name in _columns())
        with self.conn.transaction():
            self.conn.execute("select pg_advisory_xact_lock(%s)", [LOCK_KEY])
            self.conn.execute(
                f"create table if not exists {TABLE} "
                f"(id bigint generated by default as identity primary key, {columns})"
            )
            for name in _columns():
                self.conn.execute(
                    f"alter table {TABLE} add column if not exists {name} text not null default ''"
                )

    def _sql(self, sql: str) -> Any:
        from psycopg import sql as psql

        return psql.SQL(sql.replace("?", "%s"))

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        return list(self.conn.execute(self._sql(sql), params).fetchall())

    def _insert(self, record: dict[str, str]) -> int:
        sql = (
            f"insert into {TABLE} ({', '.join(record)}) values "
            f"({', '.join('?' * len(record))}) returning id"
        )
        row = self.conn.execute(self._sql(sql), list(record.values())).fetchone()
        return int(row["id"]) if row else 0

    def _update(self, sql: str, params: list[Any]) -> int:
        return self.conn.execute(self._sql(sql), params).rowcount

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


class _immediate:
    """A write transaction that takes the write lock at once (waiting up to the busy timeout)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("begin immediate")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.conn.execute("rollback" if exc_type else "commit")


def _suggestion(row: dict[str, Any]) -> Suggestion:
    known = {f.name for f in fields(Suggestion)}
    values: dict[str, Any] = {k: ("" if v is None else v) for k, v in row.items() if k in known}
    return Suggestion(**values)


# -- turning a suggestion into a term file ---------------------------------------------------

CONFLICT_HINTS = {"id": " (pass --id)", "zh": " (suggest a correction to it instead)"}


def new_concept(
    suggestion: Suggestion,
    *,
    concept_id: str | None = None,
    status: str = DEFAULT_IMPORTED,
    source: str | None = None,
) -> Concept:
    """The concept a `new` suggestion proposes, checked field by field (SuggestionError if not)."""
    if suggestion.kind != "new":
        raise SuggestionError(f"suggestion {suggestion.id} is a {suggestion.kind}, not a new term")
    if status not in STATUSES:
        raise SuggestionError(f"status must be one of {', '.join(STATUSES)}")
    concept_id = concept_id or id_from_english(suggestion.en)
    data: dict[str, Any] = {
        "id": concept_id,
        "domains": [suggestion.domain],
        "definition": suggestion.definition,
        "zh": [{"term": suggestion.zh, "type": "fullForm"}],
        "en": [{"term": suggestion.en, "status": status}],
    }
    if suggestion.pinyin:
        data["zh"][0]["pinyin"] = suggestion.pinyin
    if suggestion.note:
        data["note"] = suggestion.note
    context = _context(suggestion, source)
    if context is not None:
        data["context"] = [context]
    concept, problems = concept_from_dict(data)
    if concept is None:
        hint = " (pass --id)" if any(p.field == "id" for p in problems) else ""
        raise SuggestionError("; ".join(f"{p.field}: {p.message}" for p in problems) + hint)
    return concept


def corrected_concept(
    concept: Concept,
    suggestion: Suggestion,
    *,
    status: str = DEFAULT_IMPORTED,
    source: str | None = None,
) -> Concept:
    """An existing concept with a correction applied: rendering and context added, note appended."""
    if suggestion.kind != "correction":
        raise SuggestionError(f"suggestion {suggestion.id} is a new term, not a correction")
    en = list(concept.en)
    if suggestion.en and all(e.term.casefold() != suggestion.en.casefold() for e in en):
        en.append(EnTerm(suggestion.en, status))
    contexts = list(concept.context)
    context = _context(suggestion, source)
    if context is not None and all(c.text != context["text"] for c in contexts):
        contexts.append(Context(**context))
    note = "\n\n".join(part for part in (concept.note, suggestion.note) if part) or None
    updated = replace(concept, en=tuple(en), context=tuple(contexts), note=note)
    checked, problems = concept_from_dict(concept_to_dict(updated))
    if checked is None:
        raise SuggestionError("; ".join(f"{p.field}: {p.message}" for p in problems))
    return checked


def _context(suggestion: Suggestion, source: str | None) -> dict[str, str] | None:
    if not suggestion.context:
        return None
    key = source or suggestion.source
    if not key:
        cited = f" (the suggester cites: {suggestion.citation})" if suggestion.citation else ""
        raise SuggestionError(
            f"the context has no source key{cited}: add it to sources.toml and pass --source"
        )
    lang = "zh" if has_han(suggestion.context) else "en"
    return {"text": suggestion.context, "lang": lang, "source": key}


def accept(
    store: SuggestionStore,
    suggestion_id: int,
    terms: str | os.PathLike[str],
    *,
    concept_id: str | None = None,
    status: str = DEFAULT_IMPORTED,
    source: str | None = None,
    note: str = "",
) -> Path:
    """Write the term file an open suggestion proposes (validated, atomic); mark it accepted."""
    from glossary.chinese import PinyinError, forms_for
    from glossary.termfiles import concept_path, dumps_concept, load_termbase, write_atomic

    suggestion = store.get(suggestion_id)
    if suggestion is None:
        raise SuggestionError(f"no suggestion with id {suggestion_id}")
    if suggestion.status != "open":
        raise SuggestionError(f"suggestion {suggestion_id} is already {suggestion.status}")
    termbase = load_termbase(Path(terms))
    if suggestion.kind == "new":
        concept = new_concept(suggestion, concept_id=concept_id, status=status, source=source)
        found = conflict(termbase, concept)
        if found is not None:
            what, message = found
            raise SuggestionError(message + CONFLICT_HINTS[what])
        path = concept_path(Path(terms), concept)
    else:
        existing = termbase.concepts.get(suggestion.concept)
        if existing is None:
            raise SuggestionError(f"no concept with id {suggestion.concept!r} in {terms}")
        concept = corrected_concept(existing, suggestion, status=status, source=source)
        path = termbase.paths[concept.id]
    problems = check_references(
        concept, set(termbase.concepts) | {concept.id}, set(termbase.sources), set(termbase.domains)
    )
    if problems:
        raise SuggestionError("; ".join(f"{p.field}: {p.message}" for p in problems))
    for index, zh in enumerate(concept.zh):
        try:
            forms_for(zh.term, zh.pinyin, zh.tw, zh.hk)
        except PinyinError as error:
            raise SuggestionError(f"zh[{index}].pinyin: {zh.pinyin!r} {error}") from error
    write_atomic(path, dumps_concept(concept))
    store.review(suggestion_id, "accepted", note)
    return path


def default_store_path(glossary_db: str | os.PathLike[str]) -> str:
    """Where suggestions live by default: beside the glossary database (checkout or user data)."""
    db = Path(glossary_db)
    stem = db.stem
    name = (
        "suggestions" + stem.removeprefix("glossary")
        if stem.startswith("glossary")
        else (f"{stem}-suggestions")
    )
    return str(db.with_name(name + ".db"))
