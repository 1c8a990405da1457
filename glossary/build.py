"""Compile the term files into the SQLite database, atomically."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary import dbguard
from glossary.corpora import all_documents
from glossary.dbfile import (
    Fingerprint,
    StrPath,
    build_id,
    fingerprint,
    flocked,
    is_stale,
    recorded_setting,
    terms_digest,
)
from glossary.fields import (
    CONCEPT_FIELDS,
    CONTEXT_FIELDS,
    EN_FIELDS,
    ZH_FIELDS,
    Field,
    columns,
)
from glossary.layers import copy_layers, insert_keys, search_key
from glossary.model import Concept, Problem
from glossary.normalize import english_key, han_key
from glossary.progress import QUIET, Progress
from glossary.spelling import index_hashes
from glossary.termfiles import (
    Termbase,
    TermbaseError,
    iter_term_problems,
    load_termbase,
)
from glossary.vocabulary import SEARCH_RANK

if TYPE_CHECKING:  # OpenCC and pypinyin load only when a build runs
    from glossary.chinese import ChineseForms


def ensure_database(
    terms: StrPath,
    db_path: StrPath,
    *,
    cedict: bool | None = None,
    progress: Progress | None = None,
) -> bool:
    """Build the database when it is missing or older than the term files; True if it built.

    The general layer (CC-CEDICT) is included unless `cedict` is False, the environment sets
    GLOSSARY_CEDICT=0, or the database being replaced was built without it.
    """
    terms, db_path = Path(terms), Path(db_path)
    if not is_stale(terms, db_path):
        return False
    with _build_lock(Path(db_path)):
        if not is_stale(terms, db_path):
            return False  # another process built it while we waited
        if cedict is None:
            cedict = _wants_cedict(db_path)
        build_database(terms, db_path, cedict=cedict, locked=True, progress=progress or QUIET)
    return True


def _wants_cedict(db_path: Path) -> bool:
    setting = os.environ.get("GLOSSARY_CEDICT", "").strip().lower()
    if setting:
        return setting not in ("0", "false", "no", "off")
    return recorded_setting(db_path, "cedict") != "0"


def compile_forms(termbase: Termbase) -> dict[tuple[str, int], ChineseForms]:
    """Derive every Chinese form; raise TermbaseError for pinyin that does not fit its term."""
    from glossary.cache import load_forms, save_forms
    from glossary.chinese import PinyinError, forms_for

    forms: dict[tuple[str, int], ChineseForms] = {}
    known = load_forms()  # derived by earlier builds: pypinyin and OpenCC are slow
    derived = {}

    def check(concept: Concept) -> list[Problem]:
        problems = []
        for index, zh in enumerate(concept.zh):
            written = (zh.term, zh.pinyin, zh.tw, zh.hk)
            try:
                found = known.get(written) or forms_for(*written)
            except PinyinError as error:
                field = f"zh[{index}].pinyin" if zh.pinyin else f"zh[{index}].term"
                problems.append(Problem(field, f"{zh.pinyin or zh.term!r} {error}"))
                continue
            forms[(concept.id, index)] = derived[written] = found
        return problems

    problems = list(iter_term_problems(termbase, check))
    if derived.keys() != known.keys():
        save_forms(derived)
    if problems:
        raise TermbaseError(problems)
    return forms


def validate(terms: Path) -> Termbase:
    """Load, check and derive everything a build would, without writing anything."""
    termbase = load_termbase(terms)
    compile_forms(termbase)
    return termbase


@contextlib.contextmanager
def _build_lock(db_path: Path) -> Iterator[None]:
    """Serialise builds of one database across processes (a lock on its folder, no lock file)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with flocked(db_path.parent):
        yield


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while building, so the temporary file is cleaned up."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _temp_prefix(db_path: Path) -> str:
    return f".{db_path.name}."


def _remove_stale_temps(db_path: Path) -> None:
    for leftover in db_path.parent.glob(f"{_temp_prefix(db_path)}*.tmp"):
        leftover.unlink(missing_ok=True)


def build_database(
    terms: StrPath,
    db_path: StrPath,
    *,
    cedict: bool = True,
    locked: bool = False,
    progress: Progress = QUIET,
) -> Termbase:
    """Build the database from the term files into a temporary file, then swap it in.

    On any failure (bad data, an exception, SIGTERM) the previous database is untouched and
    the temporary file is removed; a file left by a killed build is removed by the next one.
    The layers that do not come from the term files (CC-CEDICT, corpus) are copied from
    the cache (glossary.layers), compiled first if they are not there.
    """
    terms, db_path = Path(terms), Path(db_path)
    if not locked:
        with _build_lock(db_path):
            return build_database(terms, db_path, cedict=cedict, locked=True, progress=progress)
    dbguard.check(db_path)  # never replace a file that is not one of our databases
    progress.stage(f"reading the term files in {terms}")
    built_from = fingerprint(terms)  # before reading: an edit made meanwhile is seen as new
    termbase = load_termbase(terms)
    progress.stage(f"deriving the Chinese forms of {len(termbase.concepts):,} concepts")
    forms = compile_forms(termbase)
    documents = all_documents(db_path)
    _remove_stale_temps(db_path)
    with _terminate_as_exit():
        handle, temp_name = tempfile.mkstemp(
            dir=db_path.parent, prefix=_temp_prefix(db_path), suffix=".tmp"
        )
        os.close(handle)
        temp = Path(temp_name)
        try:
            copy_layers(temp, cedict=cedict, documents=documents, progress=progress)
            progress.stage("writing the curated glossary")
            _write(temp, termbase, forms, built_from, cedict)
            os.chmod(temp, 0o644)
            dbguard.check(db_path)
            os.replace(temp, db_path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    return termbase


def _write(
    path: Path,
    termbase: Termbase,
    forms: dict[tuple[str, int], ChineseForms],
    built_from: Fingerprint,
    cedict: bool,
) -> None:
    """Add the curated glossary and the build's meta rows to a copy of the layers."""
    import sqlite_utils

    db = sqlite_utils.Database(path)
    db.conn.execute("pragma journal_mode = off")
    db.conn.execute("pragma synchronous = off")
    with db.conn:
        _write_tables(db, termbase, forms)
        _create_indexes(db)
        _write_spelling(db)
        meta = {**built_from.as_meta(), "cedict": "1" if cedict else "0"}
        meta["terms_sha"] = terms_digest(built_from.terms)
        found = db.conn.execute("select value from meta where key = 'general_sha'").fetchone()
        meta["build_id"] = build_id(meta["terms_sha"], found[0] if found else "")
        db.conn.executemany("insert into meta values (?, ?)", meta.items())
    db.conn.execute("pragma journal_mode = delete")
    db.close()


def _plain(value: Any) -> Any:
    """A model value as JSON holds it (tuples become lists, items of tables dicts)."""
    if isinstance(value, tuple):
        return [dict(item.__dict__) if hasattr(item, "__dataclass_fields__") else item
                for item in value]  # fmt: skip
    return value


def _values(item: Any, fields: tuple[Field, ...], forms: Any = None) -> dict[str, Any]:
    """The declared fields of one model object; built ones are read from its derived forms."""
    return {f.name: _plain(getattr(forms if f.built else item, f.name)) for f in fields}


def _json(item: Any, fields: tuple[Field, ...], forms: Any = None) -> dict[str, Any]:
    """The entry-JSON part of one model object (the declared fields that JSON holds)."""
    return _values(item, tuple(f for f in fields if f.json), forms)


def _row(item: Any, fields: tuple[Field, ...], forms: Any = None) -> dict[str, Any]:
    """The table columns of one model object; lists are stored as JSON text."""
    values = _values(item, columns(fields), forms)
    return {k: json.dumps(v) if isinstance(v, list) else v for k, v in values.items()}


def entry_dict(concept: Concept, forms: dict[tuple[str, int], ChineseForms]) -> dict[str, Any]:
    """The entry JSON shared by the CLI, the site's API and the exporters (glossary.fields)."""
    return {
        **_json(concept, CONCEPT_FIELDS),
        "zh": [_json(zh, ZH_FIELDS, forms[(concept.id, i)]) for i, zh in enumerate(concept.zh)],
        "en": [_json(en, EN_FIELDS) for en in concept.en],
        "context": [_json(context, CONTEXT_FIELDS) for context in concept.context],
    }


def _write_tables(db: Any, termbase: Termbase, forms: dict[tuple[str, int], ChineseForms]) -> None:
    db["domains"].create({"key": str, "name": str, "zh": str}, pk="key")
    db["domains"].insert_all(
        {"key": d.key, "name": d.name, "zh": d.zh} for d in termbase.domains.values()
    )
    db["sources"].insert_all(
        {
            "key": s.key,
            "title": s.title,
            "author": s.author,
            "publisher": s.publisher,
            "date": s.date,
            "url": s.url,
            "kind": s.kind,
            "lang": s.lang,
            "note": s.note,
        }
        for s in termbase.sources.values()
    )
    concepts, zh_rows, en_rows, context_rows, related_rows, tag_rows, keys = (
        [], [], [], [], [], [], []
    )  # fmt: skip
    for concept in sorted(termbase.concepts.values(), key=lambda c: c.id):
        first = forms[(concept.id, 0)]
        preferred = concept.preferred
        concepts.append(
            {
                **_row(concept, CONCEPT_FIELDS),
                "layer": "curated",
                "domain": concept.domains[0],
                "zh": first.term,
                "pinyin": first.pinyin,
                "en": preferred.term if preferred else None,
                "pinyin_checked": all(
                    forms[(concept.id, i)].pinyin_checked for i in range(len(concept.zh))
                ),
                "forms_checked": all(
                    forms[(concept.id, i)].tw_checked and forms[(concept.id, i)].hk_checked
                    for i in range(len(concept.zh))
                ),
                "entry": json.dumps(entry_dict(concept, forms), ensure_ascii=False),
            }
        )
        for seq, zh in enumerate(concept.zh):
            f = forms[(concept.id, seq)]
            zh_rows.append({"concept": concept.id, "seq": seq, **_row(zh, ZH_FIELDS, f)})
            rank = seq
            regional = (("tw", zh.tw_word), ("hk", zh.hk_word))  # the region's own word
            for field, form in (("zh", zh.term), ("tw", f.tw), ("hk", f.hk), *regional):
                if form:
                    keys.append(search_key(han_key(form), "han", concept.id, field, form, rank))
            keys.append(
                search_key(
                    f.pinyin_key, "pinyin", concept.id, "pinyin", f.pinyin, rank, tones=f.tones
                )
            )
            if len(f.initials) >= 2:
                keys.append(
                    search_key(f.initials, "initials", concept.id, "initials", f.pinyin, rank)
                )
        for seq, en in enumerate(concept.en):
            en_rows.append(
                {
                    "concept": concept.id,
                    "seq": seq,
                    **_row(en, EN_FIELDS),
                    "key": english_key(en.term),
                }
            )
            keys.append(
                search_key(
                    english_key(en.term),
                    "en",
                    concept.id,
                    "en",
                    en.term,
                    SEARCH_RANK[en.status],
                    status=en.status,
                )
            )
        for seq, context in enumerate(concept.context):
            context_rows.append(
                {"concept": concept.id, "seq": seq, **_row(context, CONTEXT_FIELDS)}
            )
        related_rows += [{"concept": concept.id, "related": r} for r in concept.related]
        tag_rows += [{"concept": concept.id, "tag": t} for t in concept.tags]

    _create_tables(db)
    db["concepts"].insert_all(concepts)
    db["zh_terms"].insert_all(zh_rows)
    db["en_terms"].insert_all(en_rows)
    db["contexts"].insert_all(context_rows)
    db["related"].insert_all(related_rows)
    db["tags"].insert_all(tag_rows)
    insert_keys(db.conn, keys)


def _create_indexes(db: Any) -> None:
    """Index every lookup column and add the full-text indexes (after the bulk inserts)."""
    for table, indexed in (
        ("zh_terms", ["concept"]),
        ("en_terms", ["concept"]),
        ("contexts", ["concept"]),
        ("related", ["concept"]),
        ("tags", ["tag"]),
        ("concepts", ["domain"]),
    ):
        db[table].create_index(indexed)
    db["en_terms"].enable_fts(["term"], tokenize="porter", create_triggers=False)
    db["concepts"].enable_fts(["definition", "note"], tokenize="porter", create_triggers=False)


def _write_spelling(db: Any) -> None:
    """The forgiving-search tables (glossary.spelling): each pinyin and English key of the
    curated layer, numbered, and the hashes of its one-letter deletions and joined words."""
    conn = db.conn
    conn.execute("create table spelling_keys (id integer primary key, kind text, key text)")
    conn.execute(
        "create table spelling (hash integer, key integer, primary key (hash, key)) without rowid"
    )
    keys = conn.execute(
        "select distinct kind, key from search_keys "
        "where layer = 'curated' and kind in ('pinyin', 'en') order by kind, key"
    ).fetchall()
    numbered = [(number, kind, key) for number, (kind, key) in enumerate(keys, 1)]
    conn.executemany("insert into spelling_keys values (?, ?, ?)", numbered)
    rows = ((hash, number) for number, kind, key in numbered for hash in index_hashes(kind, key))
    conn.executemany("insert or ignore into spelling values (?, ?)", rows)


_SQL_TYPES = {"text": str, "choice": str, "strings": str, "tables": str, "int": int, "flag": bool}


def _schema(fields: tuple[Field, ...]) -> dict[str, type]:
    """Column types of the declared fields that are columns (lists are stored as JSON text)."""
    return {f.name: _SQL_TYPES[f.kind] for f in columns(fields)}


def _create_tables(db: Any) -> None:
    """Create the tables with explicit types, so that empty ones exist too."""
    concept_fk = [("concept", "concepts", "id")]
    part = {"concept": str, "seq": int}
    db["concepts"].create(
        {
            **_schema(CONCEPT_FIELDS), "layer": str, "domain": str, "zh": str, "pinyin": str,
            "en": str, "pinyin_checked": bool, "forms_checked": bool, "entry": str,
        },
        pk="id",
    )  # fmt: skip
    db["zh_terms"].create({**part, **_schema(ZH_FIELDS)}, foreign_keys=concept_fk)
    db["en_terms"].create({**part, **_schema(EN_FIELDS), "key": str}, foreign_keys=concept_fk)
    db["contexts"].create(
        {**part, **_schema(CONTEXT_FIELDS)},
        foreign_keys=[*concept_fk, ("source", "sources", "key")],
    )
    db["related"].create({"concept": str, "related": str}, foreign_keys=concept_fk)
    db["tags"].create({"concept": str, "tag": str}, foreign_keys=concept_fk)
