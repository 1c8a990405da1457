"""One-line errors instead of tracebacks for what the environment does to a command.

A full disk or a file-size limit (`ulimit -f`, which otherwise kills the process with
SIGXFSZ), a read-only folder, a database SQLite cannot write, and command-line arguments
that are not UTF-8 all end in `error: ...` on stderr and exit code 2.
"""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import sys
from collections.abc import Iterator

EXIT_BAD_INPUT = 2


def _fail(message: str) -> None:
    from glossary.safetext import for_terminal

    print(f"error: {for_terminal(message)}", file=sys.stderr)
    sys.exit(EXIT_BAD_INPUT)


@contextlib.contextmanager
def one_line_errors(args: list[str]) -> Iterator[None]:
    """Run a command; turn OS and SQLite errors, and undecodable arguments, into one line."""
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit raises EFBIG
    for number, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            _fail(f"argument {number} ({shown}) is not valid UTF-8")
    try:
        yield
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        _fail(f"{where}{error.strerror or error}")
    except sqlite3.Error as error:
        hint = " (is the disk full, or a file size limit reached?)" if "disk" in str(error) else ""
        _fail(f"database: {error}{hint}")
    except Exception as error:
        from glossary.termtx import TermsBusy  # imported only when needed: lookups start fast

        if isinstance(error, TermsBusy):
            _fail(str(error))
        raise
