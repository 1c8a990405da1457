"""The database file's freshness: what it was built from, and whether the terms changed since.

Kept apart from the build, and free of heavy imports, so that a lookup can check
freshness cheaply.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections import namedtuple

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Iterator

SCHEMA_VERSION = "2"
StrPath = str | os.PathLike[str]


class Fingerprint(
    namedtuple("Fingerprint", "terms newest files schema", defaults=(SCHEMA_VERSION,))
):
    """What the database was built from: the terms folder and its newest change."""

    __slots__ = ()

    def as_meta(self) -> dict[str, str]:
        """The fingerprint as rows of the meta table."""
        return {
            "terms_dir": self.terms,
            "terms_newest_ns": str(self.newest),
            "terms_files": str(self.files),
            "schema_version": self.schema,
        }


def readonly_uri(path: StrPath) -> str:
    """An SQLite URI that opens a file read-only (characters special in URIs escaped)."""
    absolute = os.path.abspath(os.fspath(path))
    escaped = absolute.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{escaped}?mode=ro"


def fingerprint(terms: StrPath) -> Fingerprint:
    """Stat the terms folder: any edit, addition or removal changes the fingerprint."""
    root = os.path.realpath(os.fspath(terms))
    newest, files = 0, 0
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            newest = max(newest, os.stat(folder).st_mtime_ns)
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir():
                        stack.append(entry.path)
                    elif entry.name.endswith(".toml"):
                        files += 1
                        newest = max(newest, entry.stat().st_mtime_ns)
        except OSError:
            continue
    return Fingerprint(root, newest, files)


def recorded_setting(db_path: StrPath, key: str) -> str | None:
    """A value from an existing database's meta table (None if absent or unreadable)."""
    try:
        conn = sqlite3.connect(readonly_uri(db_path), uri=True)
        try:
            row = conn.execute("select value from meta where key = ?", (key,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return None if row is None else str(row[0])


def built_from(db_path: StrPath) -> Fingerprint | None:
    """The fingerprint recorded in an existing database, or None if there is none to read."""
    if not os.path.exists(db_path):
        return None
    try:
        conn = sqlite3.connect(readonly_uri(db_path), uri=True)
        try:
            rows = dict(conn.execute("select key, value from meta").fetchall())
        finally:
            conn.close()
        return Fingerprint(
            rows["terms_dir"],
            int(rows["terms_newest_ns"]),
            int(rows["terms_files"]),
            rows["schema_version"],
        )
    except (sqlite3.Error, KeyError, ValueError):
        return None


def is_stale(terms: StrPath, db_path: StrPath) -> bool:
    """True when the database is missing, unreadable, or built from other term files.

    A database copied from another machine (another folder, other times) is fresh when the
    term files it was built from have the same content (the SHA-256 the build recorded).
    """
    recorded = built_from(db_path)
    if recorded == fingerprint(terms):
        return False
    if recorded is None or recorded.schema != SCHEMA_VERSION:
        return True
    sha = recorded_setting(db_path, "terms_sha")
    return sha is None or sha != terms_digest(terms)


def remove_abandoned_temps(db_path: StrPath) -> int:
    """Remove temporary files of builds that were killed; return how many were removed.

    A running build holds the lock on the database's folder (see glossary.build), so a temp
    file found while that lock is free belongs to no one.
    """
    folder, name = os.path.split(os.path.abspath(os.fspath(db_path)))
    prefix = f".{name}."
    try:
        leftovers = [e for e in os.listdir(folder) if e.startswith(prefix) and e.endswith(".tmp")]
    except OSError:
        return 0
    if not leftovers:
        return 0
    import fcntl

    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0  # a build is running: its temp file is in use
        for leftover in leftovers:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(folder, leftover))
        return len(leftovers)
    finally:
        os.close(fd)


def terms_digest(terms: StrPath) -> str:
    """A SHA-256 of the term files' paths (relative, sorted) and bytes: the same on every copy."""
    import hashlib

    root = os.path.realpath(os.fspath(terms))
    digest = hashlib.sha256()
    found = []
    for folder, _dirs, files in os.walk(root):
        found += [os.path.join(folder, name) for name in files if name.endswith(".toml")]
    for path in sorted(found):
        relative = os.path.relpath(path, root).replace(os.sep, "/")
        with open(path, "rb") as handle:
            data = handle.read()
        digest.update(f"{relative}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def general_digest(conn: sqlite3.Connection) -> str:
    """A SHA-256 of the general layer's rows ('' when the database has none)."""
    import hashlib

    found = conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = 'general'"
    ).fetchone()
    if not found:
        return ""
    digest = hashlib.sha256()
    for row in conn.execute("select * from general order by id"):
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def build_id(terms_sha: str, general_sha: str, schema: str = SCHEMA_VERSION) -> str:
    """The build id: a fingerprint of the term files and the general layer (16 hex digits)."""
    import hashlib

    text = f"schema {schema}\nterms {terms_sha}\ngeneral {general_sha}\n"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@contextlib.contextmanager
def flocked(path: StrPath, flags: int = os.O_RDONLY) -> Iterator[None]:
    """Hold an exclusive flock on a file or folder (opened with `flags`), waiting for it;
    a no-op where fcntl is missing."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    fd = os.open(path, flags, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
