"""The research commands: usage over time, concordance, comparison, and a researcher's corpora."""

from __future__ import annotations

from typing import Any

import click

from glossary import research_text
from glossary.cli import Settings, fail, out
from glossary.safetext import dumps_for_terminal
from glossary.usage import MAX_LIMIT, Corpus, rate, resolve

pass_settings = click.make_pass_decorator(Settings)


def parse_per(value: str) -> int:
    """The --per option as a number of characters (10k -> 10000)."""
    try:
        return research_text.parse_per(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def open_corpus(settings: Settings) -> Corpus:
    """The corpus of the glossary database; exit 2 when the database has none indexed."""
    corpus = Corpus(settings.glossary().conn)
    if not corpus.available:
        fail(f"{settings.db}: no corpus indexed; rebuild with `glossary build`")
    return corpus


def usage_of(settings: Settings, corpus: Corpus, query: str, per: int) -> dict[str, Any]:
    """The usage record of a concept or a literal string."""
    concept, forms = resolve(settings.glossary(), query)
    if not forms:
        fail("the query is empty")
    return corpus.usage(forms, query=query, concept=concept, per=per)


per_option = click.option(
    "--per",
    default="10k",
    show_default=True,
    help="Normalise counts per this many characters of text (10k, 1m, 500).",
)


@click.command()
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@per_option
@pass_settings
def usage(settings: Settings, query: str, as_json: bool, per: str) -> None:
    """Counts per year of a concept's forms (or a string) in the corpus."""
    corpus = open_corpus(settings)
    record = usage_of(settings, corpus, query, parse_per(per))
    if as_json:
        click.echo(dumps_for_terminal(record))
        return
    for line in research_text.usage_lines(record, per):
        out(line)


@click.command()
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print the lines as JSON.")
@click.option(
    "--limit", default=50, show_default=True, type=click.IntRange(0, MAX_LIMIT),
    help="At most this many lines (0: only the count).",
)  # fmt: skip
@click.option("--width", default=20, show_default=True, type=click.IntRange(0, 500),
              help="Characters of context on each side.")  # fmt: skip
@click.option("--from", "start", type=int, help="First year.")
@click.option("--to", "end", type=int, help="Last year.")
@click.option("--doc", help="Only this document (its source key, e.g. gwr-2024).")
@click.option("--collocates", is_flag=True, help="The most frequent words left and right.")
@pass_settings
def concordance(
    settings: Settings, query: str, as_json: bool, limit: int, width: int,
    start: int | None, end: int | None, doc: str | None, collocates: bool,
) -> None:  # fmt: skip
    """Every occurrence of a concept (or a string) in context, in time order."""
    corpus = open_corpus(settings)
    glossary = settings.glossary()
    concept, forms = resolve(glossary, query)
    if not forms:
        fail("the query is empty")
    if doc is not None and doc not in {d["key"] for d in corpus.documents()}:
        fail(f"--doc: no document {doc!r} in the corpus")
    if collocates:
        words = {row["term"] for row in glossary.chinese_forms()}
        words |= {row["term"] for row in glossary.general_forms()}
        result: dict[str, Any] = {"query": query, "concept": concept}
        result.update(corpus.collocates(forms, words))
        if as_json:
            click.echo(dumps_for_terminal(result))
            return
        for side in ("left", "right"):
            out(f"{side}: " + ", ".join(f"{word} {n}" for word, n in result[side]))
        return
    lines = corpus.concordance(
        forms, query=query, limit=limit, width=width, start=start, end=end, doc=doc
    )
    lines["concept"] = concept
    if as_json:
        click.echo(dumps_for_terminal(lines))
        return
    for line in research_text.concordance_lines(lines, width):
        out(line)


@click.command()
@click.argument("queries", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@per_option
@pass_settings
def compare(settings: Settings, queries: tuple[str, ...], as_json: bool, per: str) -> None:
    """Per-year counts of several concepts or strings side by side."""
    corpus = open_corpus(settings)
    base = parse_per(per)
    records = [usage_of(settings, corpus, query, base) for query in queries]
    if as_json:
        terms = [
            {key: record[key] for key in ("query", "concept", "total", "first", "last", "years")}
            for record in records
        ]
        click.echo(dumps_for_terminal({"per": base, "terms": terms}))
        return
    out("year  " + "  ".join(q.rjust(max(8, len(q) * 2)) for q in queries))
    for year, chars in corpus.year_sizes().items():
        counts = [r["years"][year]["count"] for r in records]
        if any(counts):
            out(f"{year}  " + "  ".join(
                f"{n} ({rate(n, chars, base):.2f})".rjust(max(8, len(q) * 2))
                for n, q in zip(counts, queries, strict=True)
            ))  # fmt: skip
    out(
        "total "
        + "  ".join(
            str(r["total"]).rjust(max(8, len(q) * 2)) for r, q in zip(records, queries, strict=True)
        )
    )


@click.group()
def corpus() -> None:
    """The texts usage and concordance search: list them, add your own."""


@corpus.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the documents as JSON.")
@pass_settings
def corpus_list(settings: Settings, as_json: bool) -> None:
    """List the indexed documents: key, year, size and title."""
    documents = open_corpus(settings).documents()
    if as_json:
        click.echo(dumps_for_terminal(documents))
        return
    for d in documents:
        out(f"{d['key']:20} {d['year']}  {d['chars']:8,} chars  {d['title']}")


@corpus.command("add")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@pass_settings
def corpus_add(settings: Settings, folder: str) -> None:
    """Add a folder of texts (with a manifest.toml) to the index, and rebuild."""
    from glossary.build import build_database
    from glossary.corpora import CorpusError, add_folder
    from glossary.dbguard import ForeignDatabase, check

    try:
        check(settings.db)  # refused before the folder is registered for it
        documents = add_folder(settings.db, folder)
        build_database(settings.terms, settings.db)
    except (CorpusError, ForeignDatabase) as error:
        fail(str(error))
    out(f"added {len(documents)} document(s) from {folder}; {settings.db} rebuilt")


COMMANDS = (usage, concordance, compare, corpus)
