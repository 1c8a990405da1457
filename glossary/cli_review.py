"""The reviewer's commands: regional vocabulary decisions and a random sample to fact-check."""

from __future__ import annotations

import json

import click

from glossary.cli import Settings, fail_with_problems, out

pass_settings = click.make_pass_decorator(Settings)


@click.command()
@click.option("--undecided", is_flag=True, help="Only the cases without a decision.")
@click.option("--json", "as_json", is_flag=True, help="Print the cases as JSON.")
@pass_settings
def regional(settings: Settings, undecided: bool, as_json: bool) -> None:
    """List where Taiwan or Hong Kong may use another word, and the decisions."""
    from glossary.regional import case_line, cases
    from glossary.termfiles import TermbaseError, load_termbase

    try:
        termbase = load_termbase(settings.terms)
    except TermbaseError as error:
        fail_with_problems(error.problems)
    found = cases(termbase)
    shown = [case for case in found if not (undecided and case.decided)]
    if as_json:
        click.echo(json.dumps([c.as_dict() for c in shown], ensure_ascii=False, indent=2))
        return
    for case in shown:
        out(case_line(case))
    decided = sum(case.decided for case in found)
    out(f"{len(found)} regional difference(s): {decided} decided, {len(found) - decided} undecided")


@click.command()
@click.option("--sample", "size", default=10, show_default=True, type=click.IntRange(1, 500),
              help="How many random entries.")  # fmt: skip
@click.option("--seed", default=0, show_default=True, type=int,
              help="The random seed: the same seed gives the same entries.")  # fmt: skip
@pass_settings
def review(settings: Settings, size: int, seed: int) -> None:
    """Print random entries with a checklist for a reviewer (one seed, one sample)."""
    from glossary.evidence import review_text, sample

    glossary = settings.glossary()
    entries = {entry["id"]: entry for entry in glossary.curated_entries()}
    sources = glossary.sources()
    chosen = sample(entries, size, seed)
    out(f"review sample: {len(chosen)} of {len(entries)} entries, seed {seed}")
    for concept_id in chosen:
        out()
        click.echo(review_text(entries[concept_id], sources), nl=False)


COMMANDS = (regional, review)
