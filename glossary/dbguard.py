"""Which files the build may replace: only glossary databases of this schema or an older one.

A glossary database carries an SQLite `application_id` (GLSY) and a `user_version` (the
schema). `--db` pointing at a suggestions database, a text file or a database of a newer
schema is refused with a one-line reason, and the file is left untouched. The check reads
the 100-byte SQLite header, so it is cheap enough for every lookup.
"""

from __future__ import annotations

import os
import sqlite3

APPLICATION_ID = 0x474C5359  # "GLSY"
SCHEMA = 1  # PRAGMA user_version of the databases this code builds
_MAGIC = b"SQLite format 3\x00"


class ForeignDatabase(Exception):
    """A file the build must not replace (or the site must not read); the message says why."""


def stamp(conn: sqlite3.Connection) -> None:
    """Mark a database being built as ours, of this schema."""
    conn.execute(f"pragma application_id = {APPLICATION_ID}")
    conn.execute(f"pragma user_version = {SCHEMA}")


def _header(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(100)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ForeignDatabase(f"{path} is a folder, not a glossary database") from None
    except OSError as error:
        raise ForeignDatabase(f"{path}: cannot read ({error.strerror or error})") from None


def _legacy(path: str) -> bool:
    """A database built before the stamp: it has our meta table with a terms folder."""
    from glossary.dbfile import recorded_setting

    return recorded_setting(path, "terms_dir") is not None


def check(db_path: str | os.PathLike[str]) -> None:
    """Raise ForeignDatabase unless the file is missing, empty, or a glossary database we read."""
    path = os.fspath(db_path)
    header = _header(path)
    if not header:
        return  # missing or empty: nothing to lose
    what = f"{path} is not a glossary database"
    if not header.startswith(_MAGIC) or len(header) < 100:
        raise ForeignDatabase(f"{what} (not an SQLite file); refusing to replace it")
    version = int.from_bytes(header[60:64], "big")
    application = int.from_bytes(header[68:72], "big")
    if application == 0 and version == 0 and _legacy(path):
        return
    if application != APPLICATION_ID:
        raise ForeignDatabase(f"{what} (another application's SQLite file); refusing to use it")
    if version > SCHEMA:
        raise ForeignDatabase(
            f"{path} was built by a newer glossary (schema {version}; this one knows {SCHEMA}):"
            " upgrade policy-glossary, or pass another --db"
        )
