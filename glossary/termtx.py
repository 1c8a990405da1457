"""Writers of the terms folder: one at a time (a lock), and all or nothing (a journal).

`locked(terms)` serialises import, fmt, new and suggestions accept: an `flock` on the
terms folder itself (no lock file); a second writer says it is waiting, and gives up with
TermsBusy after GLOSSARY_LOCK_TIMEOUT seconds (default 60).

`commit(terms, writes)` writes several files as one change. The new contents are staged in
`terms/.journal/` (names that are never term files), then a manifest listing them is
written and renamed into place: that rename is the commit point. The staged files are then
moved over their targets and the journal removed. A process killed before the commit point
leaves a journal without manifest, which the next reader of the folder (`recover`, called by
`load_termbase`) deletes: the old termbase. Killed after it, the next reader finishes the
moves: the new termbase. Either way no staged file is left behind.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

JOURNAL = ".journal"
MANIFEST = "manifest.json"
DEFAULT_TIMEOUT = 60.0
_held: dict[str, int] = {}  # folders this process has locked, with nesting depth


class TermsBusy(Exception):
    """Another writer kept the terms folder locked for longer than we were willing to wait."""


def _timeout() -> float:
    try:
        return float(os.environ.get("GLOSSARY_LOCK_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


@contextlib.contextmanager
def locked(terms: str | os.PathLike[str], *, quiet: bool = False) -> Iterator[None]:
    """Hold the terms folder's writer lock (re-entrant within a process)."""
    import fcntl

    key = os.path.realpath(os.fspath(terms))
    if not os.path.isdir(key):
        yield  # no folder yet: nothing to protect (the command reports what is missing)
        return
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    fd = os.open(key, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            limit = _timeout()
            if not quiet:
                print(
                    f"waiting for another glossary command writing to {key} "
                    f"(up to {limit:g} s; GLOSSARY_LOCK_TIMEOUT sets it)",
                    file=sys.stderr,
                    flush=True,
                )
            deadline = time.monotonic() + limit
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise TermsBusy(
                            f"{key} is locked by another glossary command "
                            f"(waited {limit:g} s); try again when it has finished"
                        ) from None
                    time.sleep(0.05)
        _held[key] = 1
        try:
            recover(key)
            yield
        finally:
            del _held[key]
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextlib.contextmanager
def locked_or_exit(terms: str | os.PathLike[str]) -> Iterator[None]:
    """`locked`, for commands: a one-line error and exit 2 when the wait runs out."""
    try:
        with locked(terms):
            yield
    except TermsBusy as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_dead_scratch(prefix: str = "glossary-import-") -> None:
    for old in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        pid = old.name[len(prefix) :].split("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def scratch(prefix: str = "glossary-import-") -> Iterator[Path]:
    """A temporary folder named by our pid; folders of killed processes are removed first."""
    _remove_dead_scratch(prefix)
    with tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-") as temp:
        yield Path(temp)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit(terms: str | os.PathLike[str], writes: list[tuple[Path, bytes]]) -> None:
    """Write every (path, content) as one change: all of them, or (killed) none."""
    root = Path(terms)
    with locked(root, quiet=True):
        journal = root / JOURNAL
        shutil.rmtree(journal, ignore_errors=True)
        journal.mkdir()
        entries = []
        try:
            for number, (target, data) in enumerate(writes):
                staged = journal / f"{number:06d}.staged"
                staged.write_bytes(data)
                entries.append({"staged": staged.name, "target": os.path.abspath(target)})
            pending = journal / f"{MANIFEST}.part"
            with open(pending, "w", encoding="utf-8") as stream:
                json.dump(entries, stream)
                stream.flush()
                os.fsync(stream.fileno())
            _fsync_dir(journal)
            os.replace(pending, journal / MANIFEST)  # the commit point
            _fsync_dir(journal)
        except BaseException:
            shutil.rmtree(journal, ignore_errors=True)
            raise
        _apply(journal)


def _install(staged: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(staged, 0o644)
    try:
        os.replace(staged, target)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        # another file system (a --drafts folder elsewhere): copy beside the target first
        temp = target.with_name(f".{target.name}.journal.tmp")
        shutil.copyfile(staged, temp)
        os.replace(temp, target)
        staged.unlink()


def _apply(journal: Path) -> None:
    """Move every staged file over its target (idempotent), then remove the journal."""
    with open(journal / MANIFEST, encoding="utf-8") as stream:
        entries = json.load(stream)
    for entry in entries:
        staged = journal / entry["staged"]
        if staged.exists():
            _install(staged, Path(entry["target"]))
    (journal / MANIFEST).unlink()
    shutil.rmtree(journal, ignore_errors=True)


def recover(terms: str | os.PathLike[str]) -> None:
    """Finish a committed change a killed writer left, or discard an uncommitted one."""
    _remove_dead_scratch()
    journal = Path(terms) / JOURNAL
    if not journal.exists():
        return
    with locked(terms, quiet=True):
        if not journal.exists():
            return  # the writer we waited for finished it
        if (journal / MANIFEST).exists():
            _apply(journal)
        else:
            shutil.rmtree(journal, ignore_errors=True)
