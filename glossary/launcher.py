"""The console-script entry point: answers `glossary lookup` without loading click.

A lookup is the command people run most, and it must start fast: importing click costs
more than the whole lookup. This module parses the plain `lookup` command line itself;
anything else (help, other commands, unusual options) goes to the click CLI in cli.py,
which answers `lookup` with the same `run_lookup`.
"""

from __future__ import annotations

import json
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from glossary.query import Glossary

EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2
MAX_LIMIT = 500


class LookupFailed(Exception):
    """The database could not be opened or built; `lines` say why, `code` is the exit code."""

    def __init__(self, lines: list[str], code: int = EXIT_BAD_INPUT):
        super().__init__("\n".join(lines))
        self.lines = lines
        self.code = code


def open_glossary(terms: str | os.PathLike[str], db: str | os.PathLike[str]) -> Glossary:
    """Open the database, building it first if it is missing or older than the term files."""
    from glossary.dbfile import is_stale, remove_abandoned_temps
    from glossary.dbguard import ForeignDatabase, check
    from glossary.query import Glossary

    try:
        check(db)  # a suggestions database, a text file, a newer schema: never touched
    except ForeignDatabase as error:
        raise LookupFailed([f"error: {error}"]) from error
    remove_abandoned_temps(db)  # a killed build's temporary file
    if is_stale(terms, db):
        from glossary.build import ensure_database
        from glossary.termfiles import TermbaseError

        try:
            ensure_database(terms, db)
        except TermbaseError as error:
            lines = [str(p) for p in error.problems]
            raise LookupFailed([*lines, f"{len(lines)} problem(s) found"]) from error
        except OSError as error:
            raise LookupFailed([f"error: cannot build {db}: {error.strerror or error}"]) from error
    return Glossary(db)


def run_lookup(glossary: Glossary, query: str, as_json: bool, limit: int) -> int:
    """Print the results of a lookup; return the exit code (1 when nothing is found)."""
    from glossary.render import result_lines, wants_color
    from glossary.safetext import for_terminal, json_for_terminal, terminal_safe

    results = glossary.lookup(query, limit)
    if as_json:
        print(json_for_terminal(json.dumps(results, ensure_ascii=False, indent=2)))
    else:
        for line in result_lines(terminal_safe(results), wants_color(sys.stdout)):
            print(line)
    if not results:
        if not as_json:
            print(for_terminal(f"nothing found for {query!r}"), file=sys.stderr)
        return EXIT_NOT_FOUND
    return 0


def parse_lookup(argv: list[str]) -> tuple[str | None, str | None, str, bool, int] | None:
    """Parse `[--terms D] [--db F] lookup QUERY [--json] [--limit N]`; None for anything else."""
    terms = db = query = None
    as_json, limit = False, 10
    args = list(argv)
    while args and args[0] != "lookup":
        option = args.pop(0)
        name, _, value = option.partition("=")
        if name not in ("--terms", "--db"):
            return None
        if not value:
            if not args:
                return None
            value = args.pop(0)
        if name == "--terms":
            terms = value
        else:
            db = value
    if not args:
        return None
    args.pop(0)
    positional_only = False
    while args:
        arg = args.pop(0)
        if positional_only or not arg.startswith("-") or arg == "-":
            if query is not None:
                return None
            query = arg
        elif arg == "--":
            positional_only = True
        elif arg == "--json":
            as_json = True
        elif arg.split("=", 1)[0] == "--limit":
            value = arg.partition("=")[2] or (args.pop(0) if args else "")
            if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
                return None
            limit = int(value)
        else:
            return None
    if query is None:
        return None
    return terms, db, query, as_json, limit


def main(argv: list[str] | None = None) -> None:
    """Run `glossary`: the fast path for a plain lookup, the click CLI for everything else."""
    args = sys.argv[1:] if argv is None else argv
    from glossary.errors import one_line_errors

    with one_line_errors(args):
        _main(args)


def _main(args: list[str]) -> None:
    parsed = parse_lookup(args)
    if parsed is None:
        from glossary.cli import cli

        cli.main(args=args, prog_name="glossary")
        return
    from glossary.locations import resolve

    terms_option, db_option, query, as_json, limit = parsed
    terms, db = resolve(
        terms_option or os.environ.get("GLOSSARY_TERMS"), db_option or os.environ.get("GLOSSARY_DB")
    )
    try:
        glossary = open_glossary(terms, db)
    except LookupFailed as failure:
        for line in failure.lines:
            print(line, file=sys.stderr)
        sys.exit(failure.code)
    with glossary:
        sys.exit(run_lookup(glossary, query, as_json, limit))
