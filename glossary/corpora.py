"""The research corpus: official Chinese texts, read from manifests and indexed at build time.

The bundled corpus (Government Work Reports 1954–2025, Party congress reports 9th–20th) lives
in `glossary/corpus/` with a `manifest.toml`; a researcher's own corpora are folders with a
manifest of the same shape, registered with `glossary corpus add DIR` in a `corpora.toml`
beside the database. The build stores every paragraph as written and folded to simplified
characters (one character for one, so offsets agree), with an FTS5 trigram index over the
folded text.
"""

from __future__ import annotations

import os
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.locations import PACKAGE_DIR
from glossary.usage import ToSimplified

MANIFEST = "manifest.toml"
REGISTRY = "corpora.toml"
YEARS = range(1900, 2101)
_DOCUMENT_FIELDS = {"file", "key", "year", "title", "kind", "lang", "url", "script"}


class CorpusError(ValueError):
    """A manifest or corpus text that cannot be used; the message names the file and field."""


@dataclass(frozen=True)
class Document:
    """One text of a corpus: its source key, year, title and where it is."""

    key: str
    year: int
    title: str
    path: Path
    kind: str = "text"
    lang: str = "zh"
    url: str = ""

    def metadata(self) -> dict[str, Any]:
        """The document as a row of the corpus_documents table."""
        return {
            "key": self.key,
            "year": self.year,
            "title": self.title,
            "kind": self.kind,
            "lang": self.lang,
            "url": self.url,
        }


def bundled_folder() -> Path:
    """The folder of the bundled corpus (inside the package)."""
    return Path(PACKAGE_DIR) / "corpus"


def read_manifest(folder: str | os.PathLike[str]) -> list[Document]:
    """The documents a corpus folder's manifest lists; CorpusError names the faulty entry."""
    folder = Path(folder)
    manifest = folder / MANIFEST
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorpusError(f"{manifest}: file is missing") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CorpusError(f"{manifest}: {error}") from None
    entries = data.get("document")
    if not isinstance(entries, list) or not entries:
        raise CorpusError(f"{manifest}: no [[document]] entries")
    documents = [_document(folder, manifest, n, entry) for n, entry in enumerate(entries, 1)]
    seen: set[tuple[str, str]] = set()
    for document in documents:
        if (document.key, document.lang) in seen:
            raise CorpusError(f"{manifest}: key: {document.key!r} is listed twice")
        seen.add((document.key, document.lang))
    return documents


def _document(folder: Path, manifest: Path, n: int, entry: Any) -> Document:
    where = f"{manifest}: document {n}"
    if not isinstance(entry, dict):
        raise CorpusError(f"{where}: not a table")
    unknown = set(entry) - _DOCUMENT_FIELDS
    if unknown:
        raise CorpusError(f"{where}: {sorted(unknown)[0]}: unknown field")
    for name in ("file", "key", "title"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise CorpusError(f"{where}: {name}: required text")
    year = entry.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or year not in YEARS:
        raise CorpusError(f"{where}: year: a year from {YEARS.start} to {YEARS.stop - 1}")
    path = (folder / entry["file"]).resolve()
    if folder.resolve() not in path.parents:
        raise CorpusError(f"{where}: file: must be inside {folder}")
    if not path.is_file():
        raise CorpusError(f"{where}: file: {entry['file']} does not exist")
    return Document(
        key=entry["key"],
        year=year,
        title=entry["title"],
        path=path,
        kind=str(entry.get("kind", "text")),
        lang=str(entry.get("lang", "zh")),
        url=str(entry.get("url", "")),
    )


def registry_path(db_path: str | os.PathLike[str]) -> Path:
    """The list of a researcher's corpus folders used by the database at db_path."""
    return Path(db_path).parent / REGISTRY


def registered_folders(db_path: str | os.PathLike[str]) -> list[Path]:
    """The corpus folders added with `glossary corpus add` for this database."""
    registry = registry_path(db_path)
    if not registry.is_file():
        return []
    try:
        data = tomllib.loads(registry.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CorpusError(f"{registry}: {error}") from None
    folders = data.get("folders", [])
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        raise CorpusError(f"{registry}: folders: a list of folder paths")
    return [Path(f) for f in folders]


def add_folder(db_path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> list[Document]:
    """Register a corpus folder for this database after checking its manifest and texts."""
    import tomli_w

    folder = Path(folder).resolve()
    documents = read_manifest(folder)
    bundled = {d.key for d in read_manifest(bundled_folder())}
    for document in documents:
        if document.key in bundled:
            raise CorpusError(f"{folder / MANIFEST}: key: {document.key!r} is a bundled text")
        read_paragraphs(document)
    folders = [f for f in registered_folders(db_path) if f != folder] + [folder]
    registry = registry_path(db_path)
    registry.parent.mkdir(parents=True, exist_ok=True)
    temp = registry.with_name(f".{registry.name}.tmp")
    temp.write_text(tomli_w.dumps({"folders": [str(f) for f in folders]}), encoding="utf-8")
    os.replace(temp, registry)
    return documents


def all_documents(db_path: str | os.PathLike[str]) -> list[Document]:
    """The bundled documents and those of every registered folder, keys unique."""
    documents = read_manifest(bundled_folder())
    for folder in registered_folders(db_path):
        documents += read_manifest(folder)
    keys = [(d.key, d.lang) for d in documents]
    duplicate = next((k for k in keys if keys.count(k) > 1), None)
    if duplicate:
        raise CorpusError(f"corpus key {duplicate[0]!r} is used by two documents")
    return documents


def read_paragraphs(document: Document) -> list[str]:
    """The document's paragraphs (one a line), blank lines dropped; CorpusError if unreadable."""
    try:
        text = document.path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CorpusError(f"{document.path}: not UTF-8 text") from None
    if "\x00" in text:
        raise CorpusError(f"{document.path}: binary file (NUL byte)")
    return [line.strip() for line in text.splitlines() if line.strip()]


def write_corpus(db: Any, documents: list[Document], t2s: dict[str, str]) -> None:
    """Index the documents into the database being built (tables corpus_*)."""
    to_simplified = ToSimplified(t2s.items())
    db["corpus_documents"].create(
        {"key": str, "year": int, "title": str, "kind": str, "lang": str, "url": str,
         "chars": int, "paragraphs": int},
        pk="key",
    )  # fmt: skip
    db["corpus_paragraphs"].create(
        {"id": int, "doc": str, "year": int, "n": int, "text": str, "folded": str},
        pk="id",
        foreign_keys=[("doc", "corpus_documents", "key")],
    )
    rows: list[dict[str, Any]] = []
    chinese = [d for d in documents if d.lang == "zh"]
    for document in sorted(chinese, key=lambda d: (d.year, d.key)):
        paragraphs = read_paragraphs(document)
        db["corpus_documents"].insert(
            {
                **document.metadata(),
                "chars": sum(len(p) for p in paragraphs),
                "paragraphs": len(paragraphs),
            }
        )
        for n, text in enumerate(paragraphs, 1):
            rows.append(
                {"id": len(rows) + 1, "doc": document.key, "year": document.year, "n": n,
                 "text": text, "folded": to_simplified.fold(text)}
            )  # fmt: skip
    db["corpus_paragraphs"].insert_all(rows)
    db.conn.execute("create index corpus_paragraphs_year on corpus_paragraphs(year, doc, n)")
    db.conn.execute(
        "create virtual table corpus_fts using fts5(folded, content='corpus_paragraphs', "
        "content_rowid='id', tokenize='trigram')"
    )
    db.conn.execute("insert into corpus_fts(corpus_fts) values ('rebuild')")
    # The trigram index cannot look up two characters (台独, 双减): a postings list of the
    # two-character sequences of each paragraph answers those without a scan.
    db.conn.execute(
        "create table corpus_bigrams (bigram text, para integer, primary key (bigram, para)) "
        "without rowid"
    )
    postings: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        folded, para = row["folded"], row["id"]
        for bigram in {folded[i : i + 2] for i in range(len(folded) - 1)}:
            postings[bigram].append(para)
    # in key order, each bigram's paragraphs as one JSON list: a million rows appended fast
    db.conn.executemany(
        "insert into corpus_bigrams select ?, value from json_each(?)",
        (
            (bigram, f"[{','.join(map(str, postings[bigram]))}]")
            for bigram in sorted(postings)
            if not bigram.isspace()
        ),
    )
