"""The console-script entry point: answers `glossary lookup` without loading click.

A lookup is the command people run most, and it must start fast: importing click costs
more than the whole lookup. This module parses the plain `lookup` command line itself and
answers it with glossary.service (open the glossary) and glossary.render (print the
results); anything else (help, other commands, unusual options) goes to the click CLI in
cli.py, which answers `lookup` with the same two.
"""

from __future__ import annotations

import os
import sys

MAX_LIMIT = 500
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from glossary.progress import Progress
    from glossary.query import Glossary


def split_global_options(
    argv: list[str], commands: tuple[str, ...]
) -> tuple[dict[str, str], list[str]] | None:
    """`[--terms D] [--db F] COMMAND ...` as ({"terms": D, "db": F}, [COMMAND, ...]).

    None when another option comes first or no command of `commands` follows.
    """
    options: dict[str, str] = {}
    args = list(argv)
    while args and args[0] not in commands:
        name, _, value = args.pop(0).partition("=")
        if name not in ("--terms", "--db") or not (value or args):
            return None
        options[name[2:]] = value or args.pop(0)
    return (options, args) if args else None


def open_or_exit(terms_option: str | None, db_option: str | None) -> Glossary:
    """The glossary the options (else GLOSSARY_TERMS, GLOSSARY_DB) name; exit saying why not."""
    from glossary.locations import resolve
    from glossary.service import Unavailable, open_glossary

    terms, db = resolve(
        terms_option or os.environ.get("GLOSSARY_TERMS"), db_option or os.environ.get("GLOSSARY_DB")
    )
    try:
        return open_glossary(terms, db, _build_progress)
    except Unavailable as failure:
        for line in failure.lines:
            print(line, file=sys.stderr)
        sys.exit(failure.code)


def _build_progress() -> Progress:
    """The stages of a build the lookup needs, on a terminal (imported only then)."""
    from glossary.progress import on_terminal

    return on_terminal()


def parse_lookup(argv: list[str]) -> tuple[str | None, str | None, str, bool, int] | None:
    """Parse `[--terms D] [--db F] lookup QUERY [--json] [--limit N]`; None for anything else."""
    split = split_global_options(argv, ("lookup",))
    if split is None:
        return None
    options, args = split
    terms, db = options.get("terms"), options.get("db")
    query = None
    as_json, limit = False, 10
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
    """Run `glossary`; output into a closed pipe (`glossary ... | head`) ends quietly, and
    what the environment does to a command (a full disk, a read-only folder) in one line."""
    args = sys.argv[1:] if argv is None else argv
    from glossary.errors import one_line_errors

    with one_line_errors(args):
        try:
            _main(args)
        except BrokenPipeError:  # before one_line_errors, which would report it as an error
            # Python would complain again when it flushes stdout at exit: point it at nothing.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)


def _main(args: list[str]) -> None:
    """The fast path for a plain lookup or research command, the click CLI for everything else."""
    from glossary import cli_research_fast

    research = cli_research_fast.parse(args)
    if research is not None:
        code = cli_research_fast.run(research)
        if code >= 0:
            sys.exit(code)
    parsed = parse_lookup(args)
    if parsed is None:
        from glossary.cli import cli

        cli.main(args=args, prog_name="glossary")
        return
    from glossary.render import print_lookup

    terms_option, db_option, query, as_json, limit = parsed
    with open_or_exit(terms_option, db_option) as glossary:
        sys.exit(print_lookup(glossary, query, as_json, limit))
