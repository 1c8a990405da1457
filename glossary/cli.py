"""The `glossary` command: a thin click layer over the library."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from glossary import __version__
from glossary.fields import PINYIN_NUMBERED
from glossary.safetext import dumps_for_terminal, for_terminal
from glossary.vocabulary import ACCEPTED, DEFAULT_IMPORTED, PREFERRED, STATUSES, TERMINAL_COLOURS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from glossary.query import Glossary
    from glossary.termfiles import FileProblem

REGIONAL_WORDS = (("tw_word", "Taiwan"), ("hk_word", "Hong Kong"))
EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2


@dataclass
class Settings:
    """Global options: the terms folder and the database built from it."""

    terms_option: Path | None
    db_option: Path | None
    _glossary: Glossary | None = field(default=None, repr=False)

    @property
    def terms(self) -> Path:
        from glossary.locations import resolve

        option = str(self.db_option) if self.db_option else None
        return Path(resolve(str(self.terms_option) if self.terms_option else None, option)[0])

    @property
    def db(self) -> Path:
        from glossary.locations import default_db

        return self.db_option or Path(default_db(self.terms))

    def glossary(self) -> Glossary:
        """The database, built first if it is missing or older than the term files."""
        if self._glossary is None:
            from glossary.progress import on_terminal
            from glossary.service import Unavailable, open_glossary

            try:
                self._glossary = open_glossary(self.terms, self.db, on_terminal)
            except Unavailable as failure:
                for line in failure.lines:
                    click.echo(line, err=True)
                sys.exit(failure.code)
        return self._glossary


def fail(*messages: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print each message as a one-line error to stderr and exit."""
    for message in messages:
        click.echo(f"error: {for_terminal(message)}", err=True)
    sys.exit(code)


def fail_with_problems(problems: list[FileProblem]) -> NoReturn:
    """Print every problem as `path:line: field: message` and exit 2."""
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) found", err=True)
    sys.exit(EXIT_BAD_INPUT)


def use_color() -> bool | None:
    """Colour only on a terminal, never when NO_COLOR is set (https://no-color.org)."""
    return False if os.environ.get("NO_COLOR") else None


def out(text: str = "", **style: Any) -> None:
    """Echo a line (control characters made visible), styled when colour is on."""
    text = for_terminal(text)
    click.echo(click.style(text, **style) if style else text, color=use_color())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--terms",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="GLOSSARY_TERMS",
    help="Folder of term files (default: the bundled termbase).",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GLOSSARY_DB",
    help="SQLite database built from the terms (default: beside terms/ or in user data).",
)
@click.version_option(__version__, prog_name="glossary")
@click.pass_context
def cli(ctx: click.Context, terms: Path | None, db: Path | None) -> None:
    """Chinese-English glossary of Chinese policy language."""
    ctx.obj = Settings(terms, db)


pass_settings = click.make_pass_decorator(Settings)


@cli.command()
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print entries as JSON.")
@click.option(
    "--limit",
    default=10,
    show_default=True,
    type=click.IntRange(1, 500),
    help="At most this many results.",
)
@pass_settings
def lookup(settings: Settings, query: str, as_json: bool, limit: int) -> None:
    """Look up a term by Chinese, pinyin (any tones) or English."""
    from glossary.render import print_lookup

    sys.exit(print_lookup(settings.glossary(), query, as_json, limit))


@cli.command()
@click.argument("concept_id")
@click.option("--json", "as_json", is_flag=True, help="Print the entry as JSON.")
@pass_settings
def show(settings: Settings, concept_id: str, as_json: bool) -> None:
    """Show everything one entry holds."""
    entry = settings.glossary().entry(concept_id)
    if entry is None:
        not_an_id(settings.glossary(), concept_id)
    if as_json:
        click.echo(dumps_for_terminal(entry))
        return
    from glossary.evidence import history

    sources = settings.glossary().sources()
    out(entry["id"], bold=True)
    if entry.get("attribution"):
        out(f"  general dictionary layer: {entry['attribution']}")
    if entry["domains"]:
        since = f"   since: {entry['since']}" if entry["since"] else ""
        out(f"  domains: {', '.join(entry['domains'])}{since}")
    if entry["tags"]:
        out(f"  tags: {', '.join(entry['tags'])}")
    out()
    for zh in entry["zh"]:
        out(f"  {zh['term']}  [{zh['type']}]", bold=True)
        out(f"    pinyin {zh['pinyin']}   ({zh[PINYIN_NUMBERED]})   zhuyin {zh['zhuyin']}")
        out(f"    Taiwan {zh['tw']}   Hong Kong {zh['hk']}")
        words = [f"{name} word {zh[key]}" for key, name in REGIONAL_WORDS if zh.get(key)]
        if words:
            out(f"    {'   '.join(words)}")
        if zh.get("regional_note"):
            out(f"    {zh['regional_note']}", dim=True)
    out()
    for en in entry["en"]:
        usage = f" ({', '.join(en['usage'])})" if en["usage"] else ""
        source = f" [{en['source']}]" if en["source"] else ""
        out(f"  {en['status']:<11} {en['term']}{usage}{source}", fg=TERMINAL_COLOURS[en["status"]])
        if en["note"]:
            out(f"              {en['note']}")
        if dated := history(en):
            out(f"              {dated}")
        for item in en.get("evidence") or []:
            note = f" ({item['note']})" if item.get("note") else ""
            out(f"              used {item['year']} in {item['source']}{note}", dim=True)
    out()
    out(f"  {entry['definition']}")
    if entry["note"]:
        out(f"  Note: {entry['note']}")
    if entry.get("no_official_english"):
        out(f"  No official English: {entry['no_official_english']}", dim=True)
    if entry["related"]:
        out(f"  Related: {', '.join(entry['related'])}")
    if entry.get("components"):
        out(f"  Components: {' · '.join(entry['components'])}")
    for context in entry["context"]:
        cited = sources.get(context["source"], {})
        out()
        out(f"  “{context['text']}”")
        out(
            f"    — {cited.get('title', context['source'])}, {cited.get('date') or ''}".rstrip(
                ", "
            ),
            dim=True,
        )


def not_an_id(glossary: Glossary, text: str) -> NoReturn:
    """Exit 1 for an unknown id, pointing to `lookup` and to the nearest ids."""
    from glossary.model import ID_PATTERN
    from glossary.service import nearest_ids

    click.echo(f"error: no entry with id {for_terminal(repr(text))}", err=True)
    if not ID_PATTERN.match(text):
        shown = for_terminal(text if text.split() == [text] else repr(text))
        click.echo(f"to search by Chinese, pinyin or English: glossary lookup {shown}", err=True)
    nearest = nearest_ids(glossary, text, limit=3)
    if nearest:
        click.echo(f"nearest ids: {for_terminal(', '.join(nearest))}", err=True)
    sys.exit(EXIT_NOT_FOUND)


@cli.command()
@click.option(
    "--cedict/--no-cedict",
    default=True,
    show_default=True,
    help="Include the general dictionary layer (CC-CEDICT) beneath the curated glossary.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show the stages and a progress bar on stderr (default: when run in a terminal).",
)
@pass_settings
def build(settings: Settings, cedict: bool, progress: bool | None) -> None:
    """Compile the term files into the SQLite database (atomically)."""
    from glossary.build import build_database
    from glossary.cedict import CedictError
    from glossary.dbguard import ForeignDatabase
    from glossary.progress import on_terminal
    from glossary.termfiles import TermbaseError

    started = time.perf_counter()
    try:
        termbase = build_database(
            settings.terms, settings.db, cedict=cedict, progress=on_terminal(progress)
        )
    except (ForeignDatabase, CedictError) as error:
        fail(str(error))
    except TermbaseError as error:
        fail_with_problems(error.problems)
    except OSError as error:
        fail(f"cannot build {settings.db}: {error.strerror or error}")
    elapsed = time.perf_counter() - started
    click.echo(f"built {settings.db}: {len(termbase.concepts)} concepts in {elapsed:.1f} s")


@cli.command()
@click.option(
    "--cedict/--no-cedict",
    default=True,
    show_default=True,
    help="Also warn where curated pinyin or glosses differ from CC-CEDICT.",
)
@pass_settings
def validate(settings: Settings, cedict: bool) -> None:
    """Check every term file; report problems as path:line: field: message."""
    from glossary.build import validate as validate_terms
    from glossary.termfiles import TermbaseError

    try:
        termbase = validate_terms(settings.terms)
    except TermbaseError as error:
        fail_with_problems(error.problems)
    from glossary.formats.cells import formula_warnings

    for formula in formula_warnings(termbase):
        click.echo(f"warning: {formula}", err=True)
    evidence = evidence_warnings(termbase)
    for problem in evidence:
        click.echo(f"warning: {problem}", err=True)
    from glossary.check import fold_collisions

    for collision in fold_collisions(termbase):
        click.echo(f"warning: {collision}", err=True)
    warnings = []
    if cedict:
        from glossary.crosscheck import cedict_readings, crosscheck

        warnings = crosscheck(termbase, cedict_readings())
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"ok: {len(termbase.concepts)} concepts, {len(termbase.sources)} sources, "
        f"{len(termbase.domains)} domains; {len(evidence)} evidence warning(s)"
        + (f"; {len(warnings)} CC-CEDICT cross-check warning(s) to review" if cedict else "")
    )


def evidence_warnings(termbase: Any) -> list[FileProblem]:
    """Sources lacking a publisher, date or language; renderings lacking their evidence."""
    from glossary.model import rendering_warnings
    from glossary.termfiles import iter_term_problems, source_problems

    found = source_problems(termbase)
    found += iter_term_problems(termbase, lambda c: rendering_warnings(c, termbase.sources))
    return found


@cli.command()
@click.argument("chinese")
@click.argument("english")
@click.option("--domain", required=True, help="Domain key (the folder under terms/).")
@click.option(
    "--definition",
    help="One or two sentences saying what the concept is (asked for on a terminal).",
)
@click.option("--id", "concept_id", help="Concept id (default: from the English).")
@click.option("--status", default=PREFERRED, show_default=True, type=click.Choice(ACCEPTED))
@pass_settings
def new(
    settings: Settings,
    chinese: str,
    english: str,
    domain: str,
    definition: str | None,
    concept_id: str | None,
    status: str,
) -> None:
    """Scaffold a term file with pinyin and Taiwan/Hong Kong drafts filled in."""
    if definition is None:
        if not sys.stdin.isatty():  # a script or a pipe: nobody to ask
            fail("missing option --definition (one or two sentences saying what the concept is)")
        definition = click.prompt("Definition")
    from glossary.chinese import forms_for
    from glossary.model import Concept, EnTerm, ZhTerm, concept_from_dict, concept_to_dict
    from glossary.service import id_from_english

    concept_id = concept_id or id_from_english(english) or None
    if not concept_id:
        fail("cannot make an id from the English; pass --id")
    forms = forms_for(chinese)
    draft = Concept(
        id=concept_id,
        domains=(domain,),
        definition=definition.strip(),
        zh=(ZhTerm(chinese, "fullForm", pinyin=forms.pinyin, tw=forms.tw, hk=forms.hk),),
        en=(EnTerm(english.strip(), status),),
    )
    checked, problems = concept_from_dict(concept_to_dict(draft))
    if problems or checked is None:
        fail("; ".join(f"{p.field}: {p.message}" for p in problems))
    from glossary import termtx

    with termtx.locked_or_exit(settings.terms):
        _new_locked(settings.terms, checked, domain)


def _new_locked(terms: Path, checked: Any, domain: str) -> None:
    """Write the new concept's file unless it conflicts with the termbase (under the lock)."""
    from glossary.service import conflict
    from glossary.termfiles import concept_path, dumps_concept, load_termbase, write_atomic

    known = load_termbase(terms) if (terms / "domains.toml").exists() else None
    if known is not None:
        if domain not in known.domains:
            if not known.domains:
                fail(f"unknown domain {domain!r}: add it to {terms / 'domains.toml'} first")
            fail(f"unknown domain {domain!r} (one of {', '.join(known.domains)})")
        found = conflict(known, checked)
        if found is not None:
            fail(found[1])
    path = concept_path(terms, checked)
    write_atomic(path, dumps_concept(checked))
    click.echo(f"wrote {path}")
    click.echo(
        "pinyin and Taiwan/Hong Kong forms are drafts: check them, then add contexts with sources."
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_settings
def stats(settings: Settings, as_json: bool) -> None:
    """Counts by domain and status, and how much of the data is checked."""
    figures = settings.glossary().stats()
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    out(
        f"{figures['concepts']} concepts, {figures['chinese_terms']} Chinese terms, "
        f"{figures['english_renderings']} English renderings, {figures['contexts']} contexts"
    )
    out(f"general layer (CC-CEDICT): {figures['general_entries']} entries")
    out()
    out("by domain:", bold=True)
    for domain, count in figures["by_domain"].items():
        out(f"  {domain:<14}{count:>5}")
    out("renderings by status:", bold=True)
    for status, count in figures["by_status"].items():
        out(f"  {status:<14}{count:>5}")
    out("share of concepts with:", bold=True)
    for key, label in (
        ("with_definition", "a definition"),
        ("with_cited_context", "a cited context"),
        ("with_checked_pinyin", "hand-checked pinyin"),
        ("with_checked_regional_forms", "hand-checked Taiwan/HK forms"),
    ):
        out(f"  {label:<30}{figures[key]:>7.1%}")
    out("evidence:", bold=True)
    for key, label in (
        ("renderings_with_evidence", "renderings with evidence"),
        ("official_usage_attested", "official-tagged renderings attested officially in English"),
        ("concepts_with_attested_rendering", "concepts with an attested preferred/admitted"),
        ("unattested_concepts_saying_why", "  of the others, saying why (no_official_english)"),
        ("contexts_containing_their_term", "contexts containing their term"),
        ("chinese_contexts_containing_their_term", "  of which Chinese contexts"),
    ):
        out(f"  {label:<58}{figures[key]:>7.1%}")


@cli.command("fmt")
@click.option(
    "--check", is_flag=True, help="Only report files that are not canonical; exit 1 if any."
)
@pass_settings
def fmt_command(settings: Settings, check: bool) -> None:
    """Rewrite term files in canonical form (fixed key order and layout)."""
    from glossary import termtx

    with contextlib.ExitStack() as writing:
        if not check:
            writing.enter_context(termtx.locked_or_exit(settings.terms))
        _fmt_locked(settings.terms, check)


def _fmt_locked(terms: Path, check: bool) -> None:
    from glossary.model import concept_from_dict
    from glossary.termfiles import (
        dumps_concept,
        locate_problems,
        read_toml,
        term_file_paths,
        write_atomic,
    )

    problems: list[FileProblem] = []
    changed = []
    for path in term_file_paths(terms):
        data, text, file_problems = read_toml(path)
        if data is None:
            problems += file_problems
            continue
        concept, concept_problems = concept_from_dict(data)
        if concept is None:
            problems += locate_problems(path, text, concept_problems)
            continue
        canonical = dumps_concept(concept)
        if canonical != text:
            changed.append(path)
            if not check:
                write_atomic(path, canonical)
    if problems:
        fail_with_problems(problems)
    for path in changed:
        click.echo(f"{'would reformat' if check else 'reformatted'} {path}")
    if check and changed:
        sys.exit(1)


# Each filter of `export`: (option name, help, the glossary.service.Selection field it sets).
# Adding a filter is one line here and one field of Selection.
EXPORT_FILTERS: list[tuple[str, str, str]] = [
    ("domain", "Only concepts in this domain.", "domain"),
    ("tag", "Only concepts with this tag.", "tag"),
    ("status", f"Only concepts with a rendering of this status ({', '.join(STATUSES)}).", "status"),
    ("query", "Only concepts this search finds (characters, pinyin or English).", "query"),
    ("from_text", "Only concepts found in this Chinese text (a file, or - for stdin).", "text"),
]


def export_filters(command: Any) -> Any:
    """Add one --NAME option per export filter."""
    for name, help_text, _ in reversed(EXPORT_FILTERS):
        command = click.option(f"--{name.replace('_', '-')}", name, help=help_text)(command)
    return command


@cli.command()
@click.option(
    "--format",
    "format_name",
    default="json",
    show_default=True,
    help="Export format: tbx, tbx2, omegat, tbx2-omegat, csv, xlsx, json, md, html or anki.",
)
@click.option(
    "-o", "--output", default="-", show_default=True, help="Output file, or - for stdout."
)
@export_filters
@pass_settings
def export(settings: Settings, format_name: str, output: str, **filters: str | None) -> None:
    """Export the glossary for CAT tools, spreadsheets, print and Anki."""
    from glossary import formats, service

    if format_name not in formats.names():
        fail(f"unknown format {format_name!r} (one of {', '.join(formats.names())})")
    chosen: dict[str, Any] = {field: filters.get(name) for name, _, field in EXPORT_FILTERS}
    glossary = settings.glossary()
    problems = service.filter_problems(glossary, service.Selection(**chosen))
    if problems:  # a misspelt filter is an error, not an empty file
        fail(*problems)
    if chosen["text"]:
        chosen["text"] = read_input(chosen["text"])[1]
    selection = service.Selection(**chosen)
    made = run_export(glossary, format_name, selection)
    write_output(output, [made.data], f"{len(made.entries)} concepts")


def run_export(
    glossary: Glossary, format_name: str, selection: Any, title: str | None = None
) -> Any:
    """The service's export; exit 2 naming the formats when there is no such format."""
    from glossary import service

    try:
        return service.export(glossary, format_name, selection, title)
    except KeyError as error:
        fail(str(error.args[0]))


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--terms",
    "terms_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Terms folder to import into (default: the global --terms).",
)
@click.option("--domain", help="Domain for concepts whose subject field names none of ours.")
@click.option(
    "--dry-run", is_flag=True, help="Show what would be created or changed; write nothing."
)
@click.option(
    "--format",
    "format_name",
    help="tbx, tbx2, csv, tsv, omegat or xlsx (default: from the file name).",
)
@click.option(
    "--drafts",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for concepts without Chinese or English (default: drafts/ beside terms/).",
)
@pass_settings
def import_command(
    settings: Settings,
    file: Path,
    terms_dir: Path | None,
    domain: str | None,
    dry_run: bool,
    format_name: str | None,
    drafts: Path | None,
) -> None:
    """Import a TBX, CSV, TSV, XLSX or OmegaT glossary into the term files."""
    from glossary import formats, termtx

    terms = terms_dir or settings.terms
    from glossary.textio import InputError, read_stream

    try:
        with open(file, "rb") as stream:  # capped: `import /dev/zero` stops at 64 MiB
            data = read_stream(stream, str(file), binary=True)
    except InputError as error:
        fail(str(error))
    if format_name:
        reader = formats.importers().get(format_name)
        if reader is None:
            fail(f"cannot import format {format_name!r} (one of {', '.join(formats.importers())})")
    else:
        reader = formats.importer_for(file.name, data)
        if reader is None:
            fail(f"{file}: unknown file type; pass --format")
    with contextlib.ExitStack() as writing:
        if not dry_run:  # plan and write under the lock: no concurrent writer is lost
            writing.enter_context(termtx.locked_or_exit(terms))
        _import_locked(reader, data, file, terms, domain, dry_run, drafts)


def _import_locked(
    reader: Any, data: bytes, file: Path, terms: Path, domain: str | None, dry_run: bool,
    drafts: Path | None,
) -> None:  # fmt: skip
    from glossary.formats import FormatError
    from glossary.importer import apply_plan, plan_import
    from glossary.termfiles import TermbaseError

    try:
        loaded = reader.loads(data, str(file))
        plan = plan_import(loaded, terms, str(file), domain=domain, drafts=drafts)
    except FormatError as error:
        fail(str(error))
    except TermbaseError as error:
        fail_with_problems(error.problems)
    verbs = {"create": ("create", "created"), "update": ("update", "updated"),
             "draft": ("write draft", "wrote draft")}  # fmt: skip
    for change in plan.changes:
        future, past = verbs[change.kind]
        action = f"would {future}" if dry_run else past
        click.echo(f"{action} {change.path}: {'; '.join(change.details)}")
    for key in sorted({**plan.new_sources, **plan.draft_sources}):
        click.echo(f"{'would add' if dry_run else 'added'} source {key}")
    for key, table in plan.new_domains.items():
        click.echo(f"{'would add' if dry_run else 'added'} domain {key} ({table['name']})")
    if plan.scaffold:
        click.echo(f"{'would make' if dry_run else 'made'} a new termbase in {terms}")
    for line in plan.kept:
        click.echo(line)
    if plan.ignored:
        click.echo(
            "not imported (the termbase has no place for them): "
            + ", ".join(f"{what} ×{count}" for what, count in plan.ignored.items())
        )
    if not dry_run:
        apply_plan(plan)
    click.echo(("dry run: " if dry_run else "") + plan.summary())


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Make a new, empty termbase in FOLDER (which must be new or empty)."""
    from glossary.scaffold import NotEmpty
    from glossary.scaffold import init as make

    try:
        written = make(folder)
    except NotEmpty as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write {folder}: {error.strerror or error}")
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(
        f"next: glossary --terms {folder} import FILE (or new ZH EN --domain KEY, once "
        f"{folder / 'domains.toml'} names the domains); then validate and build"
    )


def suggestions_path(settings: Settings, option: str | None) -> str:
    """The suggestions database (a path or a postgresql:// URL), else beside the glossary."""
    from glossary.suggestions import default_store_path

    return option or default_store_path(settings.db)


SUGGESTIONS_OPTION = click.option(
    "--suggestions",
    "suggestions_db",
    envvar="GLOSSARY_SUGGESTIONS",
    help="Suggestions database: a file, or a postgresql:// URL shared by several nodes "
    "(default: a file beside the glossary database).",
)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port."
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (about one per core).",
)
@click.option(
    "--threads",
    default=0,
    show_default=True,
    type=click.IntRange(0, 64),
    help="0: asynchronous workers that slow clients cannot hold; N: N threads per worker "
    "(only behind a buffering reverse proxy).",
)
@click.option("--access-log", is_flag=True, help="Log every request to stdout.")
@SUGGESTIONS_OPTION
@pass_settings
def serve(
    settings: Settings,
    host: str,
    port: int,
    workers: int,
    threads: int,
    access_log: bool,
    suggestions_db: str | None,
) -> None:
    """Run the lookup site under gunicorn (the database is built first if needed)."""
    from glossary.dbfile import is_stale

    if is_stale(settings.terms, settings.db):
        # build in a child process: the server's processes never carry the build's memory
        import multiprocessing

        child = multiprocessing.get_context("spawn").Process(
            target=open_database, args=(str(settings.terms), str(settings.db))
        )
        child.start()
        child.join()
        if child.exitcode:
            sys.exit(child.exitcode)
    from web import create_app
    from web.server import serve as run_server

    app = create_app(
        {
            "GLOSSARY_TERMS": str(settings.terms),
            "GLOSSARY_DB": str(settings.db),
            "SUGGESTIONS_DB": str(suggestions_path(settings, suggestions_db)),
            "BUILD_ON_START": False,
        }
    )
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Open http://{shown}:{port}/ in a browser (Ctrl-C stops the server).", err=True)
    run_server(app, host, port, workers, threads, access_log)


def open_database(terms: str, db: str) -> None:
    """Build the database if it is missing or stale; exit 2 with the reasons if it cannot be."""
    from glossary.progress import on_terminal
    from glossary.service import Unavailable, open_glossary

    try:
        open_glossary(terms, db, on_terminal).close()
    except Unavailable as failure:
        for line in failure.lines:
            click.echo(line, err=True)
        sys.exit(failure.code)


@cli.group()
@SUGGESTIONS_OPTION
@click.pass_context
def suggestions(ctx: click.Context, suggestions_db: str | None) -> None:
    """Review suggestions sent from the site: list, show, accept, reject."""
    ctx.meta["suggestions_db"] = suggestions_path(ctx.ensure_object(Settings), suggestions_db)


def open_store() -> Any:
    """The suggestions database of the current command."""
    from glossary.suggestions import SuggestionError, SuggestionStore

    try:
        return SuggestionStore(click.get_current_context().meta["suggestions_db"])
    except SuggestionError as error:
        fail(str(error))


@suggestions.command("list")
@click.option(
    "--status",
    type=click.Choice(["open", "accepted", "rejected", "all"]),
    default="open",
    show_default=True,
    help="Which suggestions to list.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the suggestions as JSON.")
def suggestions_list(status: str, as_json: bool) -> None:
    """List suggestions, one per line: number, date, status, summary."""
    from dataclasses import asdict

    with open_store() as store:
        found = store.all(None if status == "all" else status)
    if as_json:
        click.echo(dumps_for_terminal([asdict(s) for s in found]))
        return
    for suggestion in found:
        out(
            f"{suggestion.id:>5}  {suggestion.created[:10]}  {suggestion.status:<9} "
            f"{suggestion.title()}"
        )
    if not found:
        click.echo(f"no {'' if status == 'all' else status + ' '}suggestions", err=True)


@suggestions.command("show")
@click.argument("number", type=int)
def suggestions_show(number: int) -> None:
    """Show every field of one suggestion."""
    from dataclasses import asdict

    with open_store() as store:
        suggestion = store.get(number)
    if suggestion is None:
        fail(f"no suggestion with number {number}", code=EXIT_NOT_FOUND)
    for name, value in asdict(suggestion).items():
        if value not in ("", None):
            out(f"{name + ':':<13}{value}")


@suggestions.command("accept")
@click.argument("number", type=int)
@click.option("--id", "concept_id", help="Concept id for a new term (default: from the English).")
@click.option(
    "--status",
    default=DEFAULT_IMPORTED,
    show_default=True,
    type=click.Choice(STATUSES),
    help="Status of the suggested rendering.",
)
@click.option("--source", help="Source key (in sources.toml) for the suggested context.")
@click.option("--note", default="", help="A note for the record (why accepted).")
@pass_settings
def suggestions_accept(
    settings: Settings,
    number: int,
    concept_id: str | None,
    status: str,
    source: str | None,
    note: str,
) -> None:
    """Write the suggested term file (validated) and mark the suggestion accepted."""
    from glossary import termtx
    from glossary.suggestions import SuggestionError, accept
    from glossary.termfiles import TermbaseError

    with termtx.locked_or_exit(settings.terms), open_store() as store:
        try:
            path = accept(
                store,
                number,
                settings.terms,
                concept_id=concept_id,
                status=status,
                source=source,
                note=note,
            )
        except SuggestionError as error:
            fail(str(error))
        except TermbaseError as error:
            fail_with_problems(error.problems)
    click.echo(f"wrote {path}")
    click.echo("check the file (pinyin, Taiwan/Hong Kong forms), then run glossary validate.")


@suggestions.command("reject")
@click.argument("number", type=int)
@click.option("--note", default="", help="Why it was rejected (kept with the suggestion).")
def suggestions_reject(number: int, note: str) -> None:
    """Mark a suggestion rejected."""
    from glossary.suggestions import SuggestionError

    with open_store() as store:
        try:
            store.review(number, "rejected", note)
        except SuggestionError as error:
            fail(str(error))
    click.echo(f"rejected suggestion {number}")


# -- translation aid: annotate, check, lint, extract --------------------------------------


def read_input(path: str) -> tuple[str, str]:
    """The name and text of FILE, or of stdin for '-'; exit 2 when it is not usable text."""
    from glossary.service import decode_text
    from glossary.textio import STDIN_NAME, InputError, read_bytes, read_stream

    try:
        if path == "-":
            return STDIN_NAME, decode_text(read_stream(sys.stdin.buffer, STDIN_NAME), STDIN_NAME)
        return path, decode_text(read_bytes(path), path)
    except InputError as error:
        fail(str(error))


def write_output(output: str, chunks: Iterable[bytes], summary: str = "") -> None:
    """Write to stdout for '-' as the chunks come, else to a file, atomically."""
    if output == "-":
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
        return
    from glossary.termfiles import write_bytes_atomic

    data = b"".join(chunks)
    write_bytes_atomic(Path(output), data)
    click.echo(f"wrote {output} ({summary + ', ' if summary else ''}{len(data):,} bytes)", err=True)


def text_or_json(help: str) -> Any:
    """The --format option of a report: text for people, JSON for tools."""
    return click.option(
        "--format",
        "format_name",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help,
    )


@cli.command()
@click.argument("file")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["text", "json", "tsv", "html"]),
    default="text",
    show_default=True,
    help="text: a listing; json and tsv: for tools; html: a page with pinyin over each term.",
)
@click.option(
    "-o", "--output", default="-", show_default=True, help="Output file, or - for stdout."
)
@click.option(
    "--all-words",
    is_flag=True,
    help="Also every other word: pinyin and a short gloss from the general layer (CC-CEDICT).",
)
@click.option("--nested", is_flag=True, help="Also list the terms inside longer terms.")
@pass_settings
def annotate(
    settings: Settings, file: str, format_name: str, output: str, all_words: bool, nested: bool
) -> None:
    """Find every glossary term in a Chinese text.

    FILE is the text, or - for stdin. Simplified and traditional text; terms split by
    line breaks or stray spaces are found too. Offsets count characters of the text as
    given: text[start:end] is the term.
    """
    from glossary.annotate import annotate as find_terms
    from glossary.annotate import annotate_all_words, paused_gc
    from glossary.annotate_output import RENDERERS

    name, text = read_input(file)
    with paused_gc():  # one tuple a word, no cycles: collections would only rescan them
        if all_words:
            annotations = annotate_all_words(settings.glossary(), text, nested=nested)
        else:
            annotations = find_terms(settings.glossary(), text, nested=nested)
        chunks = RENDERERS[format_name](name, text, annotations)
        if format_name == "text":  # a listing for people: no raw escape sequences from the text
            chunks = (for_terminal(chunk) for chunk in chunks)
        write_output(output, (chunk.encode("utf-8") for chunk in chunks))


@cli.command()
@click.option("--source", "source_file", metavar="FILE", help="Chinese text, one segment a line.")
@click.option(
    "--target", "target_file", metavar="FILE", help="English translation, line-aligned with it."
)
@click.option("--tmx", "tmx_file", metavar="FILE", help="A TMX file with Chinese and English.")
@click.option(
    "--xliff", "xliff_file", metavar="FILE", help="An XLIFF 1.2 or 2.0 file from Chinese."
)
@click.option(
    "--ignore",
    "ignore_file",
    metavar="FILE",
    help="Accepted exceptions: lines of CONCEPT-ID [SEGMENT|*] [MISSING|DEPRECATED].",
)
@text_or_json("A readable report, or JSON for tools.")
@pass_settings
def check(
    settings: Settings,
    source_file: str | None,
    target_file: str | None,
    tmx_file: str | None,
    xliff_file: str | None,
    ignore_file: str | None,
    format_name: str,
) -> None:
    """Check a translation against the glossary.

    \b
    For every glossary term in a source segment:
      MISSING     no preferred or admitted rendering is in the target segment
      DEPRECATED  a deprecated or superseded rendering is (the preferred one is named)
    Case, hyphens, plurals and inflection do not matter. Exit 0 when clean, 1 when
    issues are found, 2 on bad input.

    \b
    Ignore file (--ignore): one accepted exception per line, '#' starts a comment.
      dual-circulation          never report this concept
      chokehold 12              not in segment 12
      chokehold * MISSING       never report it as missing
      chokehold 12 DEPRECATED   not as deprecated in segment 12
    Segments are numbered from 1: lines of --source, units of --tmx and --xliff.
    """
    from glossary.check import (
        Checker,
        read_ignore_file,
        read_tmx,
        read_xliff,
        report_text,
    )
    from glossary.service import align
    from glossary.textio import InputError

    inputs = [bool(source_file or target_file), bool(tmx_file), bool(xliff_file)]
    if sum(inputs) != 1:
        raise click.UsageError("give --source and --target, or --tmx, or --xliff")
    try:
        if tmx_file:
            segments = read_tmx(tmx_file)
        elif xliff_file:
            segments = read_xliff(xliff_file)
        else:
            if not (source_file and target_file):
                raise click.UsageError("--source and --target go together")
            if source_file == target_file == "-":
                raise click.UsageError("only one of --source and --target can be - (stdin)")
            segments = align(*read_input(source_file), *read_input(target_file))
        ignore = read_ignore_file(ignore_file) if ignore_file else []
    except InputError as error:
        fail(str(error))
    glossary = settings.glossary()
    known = {entry["id"] for entry in glossary.entries(ids=[rule.concept for rule in ignore])}
    for rule in ignore:
        if rule.concept not in known:
            click.echo(f"warning: {ignore_file}: no concept {rule.concept!r}", err=True)
    report = Checker(glossary).check(segments, ignore)
    if format_name == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(for_terminal(report_text(report)), nl=False)
    sys.exit(1 if report.issues else 0)


@cli.command()
@click.argument("file")
@text_or_json("file:line:column lines, or JSON for tools.")
@pass_settings
def lint(settings: Settings, file: str, format_name: str) -> None:
    """Find deprecated renderings in English text.

    FILE is an English text, or - for stdin. Each deprecated or superseded rendering is
    reported with the preferred one. Exit 1 when any is found, 2 on bad input.
    """
    from glossary.lint import Linter, finding_line

    name, text = read_input(file)
    findings = Linter(settings.glossary()).lint(text)
    if format_name == "json":
        document = {"file": name, "findings": [finding.as_dict() for finding in findings]}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(for_terminal(finding_line(name, finding)))
        click.echo(for_terminal(f"{name}: {len(findings)} deprecated rendering(s)"), err=True)
    sys.exit(1 if findings else 0)


@cli.command()
@click.argument("file")
@click.option("--format", "format_name", default="json", show_default=True, help="Export format.")
@click.option(
    "-o", "--output", default="-", show_default=True, help="Output file, or - for stdout."
)
@pass_settings
def extract(settings: Settings, file: str, format_name: str, output: str) -> None:
    """Export the glossary entries a Chinese text uses.

    FILE is the text, or - for stdin: a document glossary, in order of first appearance,
    with the same exporters as `export`.
    """
    from glossary import formats, service

    if format_name not in formats.names():
        fail(f"unknown format {format_name!r} (one of {', '.join(formats.names())})")
    name, text = read_input(file)
    selection = service.Selection(text=text, text_order=True)
    made = run_export(settings.glossary(), format_name, selection, f"Glossary for {name}")
    write_output(output, [made.data])
    click.echo(f"{name}: {len(made.entries)} glossary entries", err=True)


# -- term candidates: phrases the glossary does not cover yet ----------------------------


def read_documents(files: tuple[str, ...]) -> list[Any]:
    """The texts of FILE... as documents, each with its year when known (see candidates)."""
    from glossary.candidates import Document, document_year

    documents = []
    for path in files:
        name, text = read_input(path)
        documents.append(Document(name, text, None if path == "-" else document_year(path)))
    return documents


MIN_COUNT_OPTION = click.option(
    "--min-count",
    default=3,
    show_default=True,
    type=click.IntRange(2, None),
    help="Only phrases occurring at least this often.",
)


@cli.command()
@click.argument("files", metavar="FILE...", nargs=-1, required=True)
@text_or_json("A ranked listing, or JSON for tools.")
@click.option(
    "--limit", default=100, show_default=True, type=click.IntRange(1, None), help="At most N."
)
@MIN_COUNT_OPTION
@pass_settings
def candidates(
    settings: Settings, files: tuple[str, ...], format_name: str, limit: int, min_count: int
) -> None:
    """Rank phrases of Chinese texts that the glossary does not cover yet."""
    from glossary.candidates import Extractor, listing

    documents = read_documents(files)
    found = Extractor(settings.glossary()).candidates(documents, limit, min_count)
    if format_name == "json":
        items = [candidate.as_dict() for candidate in found]
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
    else:
        click.echo(listing(found), nl=False)


@cli.command()
@click.argument("files", metavar="FILE...", nargs=-1, required=True)
@text_or_json("A short report, or JSON for tools.")
@MIN_COUNT_OPTION
@pass_settings
def coverage(settings: Settings, files: tuple[str, ...], format_name: str, min_count: int) -> None:
    """Share of a text's term-like phrases and characters that the glossary covers."""
    from glossary.coverage import coverage as measure

    report = measure(settings.glossary(), read_documents(files), min_count)
    if format_name == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.text(), nl=False)


def main() -> None:
    """Entry point for the console script."""
    cli(prog_name="glossary")


from glossary.cli_research import COMMANDS as _RESEARCH_COMMANDS  # noqa: E402
from glossary.cli_review import COMMANDS as _REVIEW_COMMANDS  # noqa: E402

for _command in (*_RESEARCH_COMMANDS, *_REVIEW_COMMANDS):
    cli.add_command(_command)
