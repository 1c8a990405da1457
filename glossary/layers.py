"""The tables a build takes from outside the term files, compiled once and kept in a cache.

The CC-CEDICT general layer (rows, search keys, full-text index), the character tables and
the research corpus do not change when a term file does, and compiling them is most of a
build. They are compiled into a layers file in the cache folder (glossary.cache), named by
a key of everything they are made from: the CC-CEDICT file's bytes, the corpus texts, the
OpenCC, pypinyin and SQLite versions, the source of the modules that write them, and
LAYER_VERSION. Every build copies that file and adds the curated tables to the copy, so a
database stays one whole file (the site, the lookup fast path and a downloaded copy read
only it) and a fresh build and a rebuild take the same path to the same content.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from glossary import dbguard
from glossary.cache import cache_dir, code_digest, locked, tool_versions
from glossary.corpora import Document, write_corpus
from glossary.dbfile import SCHEMA_VERSION, general_digest
from glossary.fields import GENERAL_FORMS
from glossary.normalize import english_key, han_key
from glossary.progress import QUIET, Progress

# Raise it whenever this module (or what it calls) writes the layers differently: every
# cached layers file then gets compiled again.
LAYER_VERSION = "2"  # 2: zhuyin_syllables (forgiving search)
KEEP = 3  # layers files kept in the cache folder: the most recently used ones,
UNUSED_FOR = 3600  # and any other used within this many seconds (a test session's several)
PREFIX = "layers-"

SearchKey = tuple[str, str, str, str, str, str, int, str | None, str | None]
_SEARCH_KEY_COLUMNS = {
    "key": str, "kind": str, "concept": str, "layer": str, "field": str, "form": str,
    "rank": int, "status": str, "tones": str,
}  # fmt: skip


def layers_key(cedict: bool, documents: list[Document]) -> str:
    """A SHA-256 of everything the layers are made from (the CC-CEDICT file read in full)."""
    from glossary import cedict as cc_cedict

    digest = hashlib.sha256()
    versions = (LAYER_VERSION, SCHEMA_VERSION, dbguard.SCHEMA, sqlite3.sqlite_version)
    digest.update(repr((versions, tool_versions())).encode())
    digest.update(
        code_digest("layers", "cedict", "corpora", "usage", "chinese", "normalize").encode()
    )
    if cedict:
        path = cc_cedict.source_file()
        try:
            with open(path, "rb") as handle:
                digest.update(b"cc-cedict\0" + hashlib.sha256(handle.read()).digest())
        except OSError as error:
            raise cc_cedict.CedictError(
                f"{path}: cannot read CC-CEDICT ({error.strerror or error})"
            ) from None
    for document in documents:
        digest.update(json.dumps(document.metadata(), sort_keys=True).encode())
        digest.update(hashlib.sha256(document.path.read_bytes()).digest())
    return digest.hexdigest()


def copy_layers(
    target: Path, *, cedict: bool, documents: list[Document], progress: Progress = QUIET
) -> bool:
    """Write the layers into the new file `target`, from the cache; True if it was reused.

    A missing or outdated layers file is compiled first (under a lock, so that concurrent
    builds compile it once); where the cache folder cannot be written, the layers are
    compiled straight into `target`.
    """
    key = layers_key(cedict, documents)
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        cached = folder / f"{PREFIX}{key[:16]}.db"
        with locked(folder):
            reused = recorded_key(cached) == key
            if not reused:
                _compile_into_cache(folder, cached, key, cedict, documents, progress)
            os.utime(cached)  # recently used: kept by _evict
    except OSError:
        progress.stage("cache folder not writable: compiling the layers into this build")
        write_layers(target, key, cedict, documents, progress)
        return False
    progress.stage(f"{'reusing' if reused else 'copying'} the layers from {cached}")
    shutil.copyfile(cached, target)
    return reused


def recorded_key(path: Path) -> str | None:
    """The key a layers file was compiled for (None if it is missing or unreadable)."""
    from glossary.dbfile import recorded_setting

    return recorded_setting(path, "layers") if path.exists() else None


def _compile_into_cache(
    folder: Path,
    cached: Path,
    key: str,
    cedict: bool,
    documents: list[Document],
    progress: Progress,
) -> None:
    """Compile a layers file beside `cached`, then move it in; keep the cache small."""
    for leftover in folder.glob(f".{PREFIX}*.tmp"):  # of a killed compile: the lock is ours
        leftover.unlink(missing_ok=True)
    handle, name = tempfile.mkstemp(dir=folder, prefix=f".{PREFIX}", suffix=".tmp")
    os.close(handle)
    temp = Path(name)
    try:
        write_layers(temp, key, cedict, documents, progress)
        os.replace(temp, cached)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _evict(folder, keep=cached)


def _evict(folder: Path, keep: Path) -> None:
    """Remove layers files unused for an hour beyond the KEEP most recently used ones."""
    import time

    found = sorted(folder.glob(f"{PREFIX}*.db"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in [p for p in found if p != keep][KEEP - 1 :]:
        if time.time() - path.stat().st_mtime > UNUSED_FOR:
            path.unlink(missing_ok=True)


def write_layers(
    path: Path, key: str, cedict: bool, documents: list[Document], progress: Progress = QUIET
) -> None:
    """Compile the layers into a new SQLite file: general layer, character tables, corpus."""
    import sqlite_utils

    from glossary.chinese import (
        pinyin_syllables,
        traditional_to_simplified_table,
        zhuyin_syllables,
    )
    from glossary.spelling import zhuyin_table

    path.unlink(missing_ok=True)
    db = sqlite_utils.Database(path)
    dbguard.stamp(db.conn)
    db.conn.execute("pragma journal_mode = off")
    db.conn.execute("pragma synchronous = off")
    with db.conn:
        db.table("search_keys").create(_SEARCH_KEY_COLUMNS)
        db.table("sources").create(
            {
                "key": str, "title": str, "author": str, "publisher": str, "date": str,
                "url": str, "kind": str, "lang": str, "note": str,
            },
            pk="key",
        )  # fmt: skip
        db.table("meta").create({"key": str, "value": str}, pk="key")
        if cedict:
            _write_general(db, progress)
        progress.stage("character tables (OpenCC, pypinyin)")
        t2s = traditional_to_simplified_table()
        db.table("t2s").create({"trad": str, "simp": str}, pk="trad")
        db.conn.executemany("insert into t2s values (?, ?)", t2s.items())
        db.table("pinyin_syllables").create({"syllable": str}, pk="syllable")
        db.conn.executemany(
            "insert into pinyin_syllables values (?)", ((s,) for s in pinyin_syllables())
        )
        db.table("zhuyin_syllables").create({"zhuyin": str, "pinyin": str}, pk="zhuyin")
        db.conn.executemany(
            "insert into zhuyin_syllables values (?, ?)",
            zhuyin_table(zhuyin_syllables()).items(),
        )
        progress.stage(f"research corpus ({len(documents)} documents)")
        write_corpus(db, documents, t2s)
        progress.stage("indexing the layers")
        db.table("search_keys").create_index(["kind", "key"])
        db.table("search_keys").create_index(["layer", "kind", "key"])  # curated-only scans
        if cedict:
            db.table("general").enable_fts(["gloss"], tokenize="porter", create_triggers=False)
        meta = {"layers": key, "general_sha": general_digest(db.conn)}
        db.conn.executemany("insert into meta values (?, ?)", meta.items())
    db.conn.execute("pragma journal_mode = delete")
    db.close()


def search_key(
    key: str,
    kind: str,
    concept: str,
    field: str,
    form: str,
    rank: int,
    status: str | None = None,
    tones: str | None = None,
    layer: str = "curated",
) -> SearchKey:
    """One row of the search_keys table."""
    return (key, kind, concept, layer, field, form, rank, status, tones)


def insert_keys(conn: sqlite3.Connection, keys: Iterable[SearchKey]) -> None:
    """Insert search keys, dropping empty ones and repeats within one concept (a Taiwan form
    equal to the simplified one, say)."""
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for row in keys:
        marker = (row[0], row[1], row[2])
        if row[0] and marker not in seen:
            seen.add(marker)
            unique.append(row)
    conn.executemany(f"insert into search_keys values ({', '.join('?' * 9)})", unique)


def _write_general(db: Any, progress: Progress) -> None:
    """The general layer: every CC-CEDICT entry, its search keys, and its source entry."""
    from glossary import cedict

    progress.stage(f"reading CC-CEDICT ({cedict.source_file()})")
    lines = cedict.read_lines()
    db.table("general").create(
        {
            "id": str, "simplified": str, "traditional": str,
            **dict.fromkeys(GENERAL_FORMS, str), "definitions": str, "gloss": str,
        },
        pk="id",
    )  # fmt: skip
    rows, keys = [], []
    with progress.bar("CC-CEDICT general layer", len(lines)) as advance:
        for entry in cedict.entries(lines, advance):
            rows.append(
                (
                    entry.id, entry.simplified, entry.traditional,
                    *(getattr(entry, name) for name in GENERAL_FORMS),
                    json.dumps(entry.definitions, ensure_ascii=False), entry.gloss,
                )
            )  # fmt: skip
            for form in (entry.simplified, *entry.traditional.split("/")):
                keys.append(
                    search_key(han_key(form), "han", entry.id, "zh", form, 0, layer="general")
                )
            keys.append(
                search_key(entry.pinyin_key, "pinyin", entry.id, "pinyin", entry.pinyin, 0,
                           tones=entry.tones, layer="general")
            )  # fmt: skip
            for rank, definition in enumerate(entry.definitions):
                key = english_key(definition)
                if definition.startswith("CL:") or not key or len(key) > 60:
                    continue
                keys.append(
                    search_key(key, "en", entry.id, "en", definition, 1 + rank, layer="general")
                )
                if key.startswith("to ") and len(key) > 3:  # verbs: "to develop" as "develop"
                    keys.append(
                        search_key(key[3:], "en", entry.id, "en", definition, 1 + rank,
                                   layer="general")
                    )  # fmt: skip
    progress.stage(f"writing {len(rows):,} general entries")
    db.conn.executemany(f"insert into general values ({', '.join('?' * 10)})", rows)
    insert_keys(db.conn, keys)
    db.table("sources").insert(
        {
            "key": "cc-cedict",
            "title": "CC-CEDICT",
            "author": cedict.ATTRIBUTION,
            "publisher": "MDBG",
            "url": cedict.SOURCE_URL,
            "kind": "dictionary",
            "lang": "zh,en",
            "note": f"{cedict.LICENCE} ({cedict.LICENCE_URL})",
        }
    )
