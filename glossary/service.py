"""What the command line and the site both do, written once, so they answer alike.

- open the glossary, building it first when it is missing or older than the term files;
- select entries (domain, tag, status, ids, a query, the terms a text uses; one cap on hits);
- export the selection in any format;
- decode the text a user gives and align a source with its translation line by line;
- the rules for adding a concept (`new` and `suggestions accept`): an id made from the
  English, and what counts as a conflict with the termbase.

glossary/cli.py and web/ call this module; neither calls the other. Imports are made where
they are needed: the lookup fast path (glossary/launcher.py) loads this module too.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from glossary.check import Segment
    from glossary.formats import Format
    from glossary.model import Concept
    from glossary.progress import Progress
    from glossary.query import Glossary
    from glossary.termfiles import Termbase

EXIT_BAD_INPUT = 2
QUERY_HIT_CAP = 10_000  # at most this many search hits choose the entries of an export


class Unavailable(Exception):
    """The database could not be opened or built; `lines` say why, `code` is the exit code."""

    def __init__(self, lines: list[str], code: int = EXIT_BAD_INPUT):
        super().__init__("\n".join(lines))
        self.lines = lines
        self.code = code


def open_glossary(
    terms: str | os.PathLike[str],
    db: str | os.PathLike[str],
    progress: Callable[[], Progress] | None = None,
) -> Glossary:
    """Open the database, building it first if it is missing or older than the term files
    (reporting the build's stages to what `progress()` gives: called only if it builds)."""
    from glossary.dbfile import is_stale, remove_abandoned_temps
    from glossary.dbguard import ForeignDatabase, check
    from glossary.query import Glossary

    try:
        check(db)  # a suggestions database, a text file, a newer schema: never touched
    except ForeignDatabase as error:
        raise Unavailable([f"error: {error}"]) from error
    remove_abandoned_temps(db)  # a killed build's temporary file
    if is_stale(terms, db):
        from glossary.build import ensure_database
        from glossary.cedict import CedictError
        from glossary.termfiles import TermbaseError

        try:
            ensure_database(terms, db, progress=progress() if progress else None)
        except TermbaseError as error:
            lines = [str(p) for p in error.problems]
            raise Unavailable([*lines, f"{len(lines)} problem(s) found"]) from error
        except OSError as error:
            raise Unavailable([f"error: cannot build {db}: {error.strerror or error}"]) from error
        except CedictError as error:
            raise Unavailable([f"error: {error}"]) from error
    return Glossary(db)


# -- selecting entries ----------------------------------------------------------------------


class Selection:
    """Which entries to take: every filter given narrows the choice; none given takes all.

    `text` is a Chinese text: only the concepts it uses. Entries come by id, or, with
    `text_order`, in the order the text first uses them (a document glossary).
    """

    def __init__(
        self,
        *,
        domain: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        ids: list[str] | None = None,
        query: str | None = None,
        text: str | None = None,
        text_order: bool = False,
    ):
        self.domain, self.tag, self.status = domain or None, tag or None, status or None
        self.ids = ids
        self.query, self.text = query or None, text or None
        self.text_order = text_order


FILTERS = ("domain", "tag", "status")  # the Selection fields whose values the termbase names


def filter_choices(glossary: Glossary) -> dict[str, list[str]]:
    """The values each filter may take: the termbase's domains and tags, the statuses."""
    from glossary.vocabulary import STATUSES

    return {"domain": list(glossary.domains()), "tag": glossary.tags(), "status": list(STATUSES)}


def filter_problems(glossary: Glossary, selection: Selection) -> list[str]:
    """One line per filter given a value the termbase does not have, naming the valid ones.

    A misspelt filter would otherwise select nothing and pass for an empty result.
    """
    from difflib import get_close_matches

    problems = []
    for name, valid in filter_choices(glossary).items():
        given = getattr(selection, name)
        if given is None or given in valid:
            continue
        close = get_close_matches(given, valid, n=3, cutoff=0.75)
        hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
        choices = f"one of {', '.join(valid)}" if valid else f"the termbase has no {name}s"
        problems.append(f"unknown {name} {given!r}{hint}: {choices}")
    return problems


def nearest_ids(glossary: Glossary, text: str, limit: int = 5) -> list[str]:
    """Concept ids for what someone took for an id: ids spelt alike, then what a search finds."""
    from difflib import get_close_matches

    alike = get_close_matches(text.strip().lower(), glossary.entry_ids(), n=limit, cutoff=0.75)
    found = [hit.concept for hit in glossary.search(text, limit=limit)]
    return list(dict.fromkeys([*alike, *found]))[:limit]


def concepts_in_text(glossary: Glossary, text: str) -> list[str]:
    """The ids of the glossary concepts a Chinese text uses, in order of first appearance."""
    from glossary.annotate import annotate

    return list(dict.fromkeys(found.concept for found in annotate(glossary, text)))


def select_ids(glossary: Glossary, selection: Selection) -> list[str]:
    """The ids of the entries a selection takes, by id (or in text order, if asked)."""
    chosen: list[str] | None = selection.ids
    if selection.query:
        hits = [hit.concept for hit in glossary.search(selection.query, limit=QUERY_HIT_CAP)]
        chosen = _narrow(chosen, hits)
    if selection.text:
        chosen = _narrow(concepts_in_text(glossary, selection.text), chosen)
    found = glossary.entry_ids(
        domain=selection.domain, tag=selection.tag, status=selection.status, ids=chosen
    )
    if not (selection.text and selection.text_order and chosen is not None):
        return found
    kept = set(found)
    return [concept for concept in chosen if concept in kept]


def _narrow(ordered: list[str] | None, allowed: list[str] | None) -> list[str] | None:
    """`ordered` kept in its order, less what `allowed` leaves out (None: no restriction)."""
    if ordered is None:
        return allowed
    if allowed is None:
        return ordered
    keep = set(allowed)
    return [concept for concept in ordered if concept in keep]


def select_entries(glossary: Glossary, selection: Selection) -> list[dict[str, Any]]:
    """The entries a selection takes, in the order of `select_ids`."""
    ids = select_ids(glossary, selection)
    by_id = {entry["id"]: entry for entry in glossary.entries(ids=ids)}
    return [by_id[concept] for concept in ids if concept in by_id]


class Export:
    """An export made: the format, the entries it holds and the file's bytes."""

    def __init__(self, format: Format, entries: list[dict[str, Any]], data: bytes):
        self.format, self.entries, self.data = format, entries, data


def export(
    glossary: Glossary, format_name: str, selection: Selection, title: str | None = None
) -> Export:
    """Export the selected entries; KeyError naming the formats when there is no such format."""
    from glossary import formats
    from glossary.formats import ExportContext

    try:
        exporter = formats.get(format_name)
    except KeyError:
        raise KeyError(
            f"unknown format {format_name!r} (one of {', '.join(formats.names())})"
        ) from None
    entries = select_entries(glossary, selection)
    context = ExportContext(sources=glossary.sources(), domains=glossary.domains())
    if title:
        context = ExportContext(context.sources, context.domains, title)
    return Export(exporter, entries, exporter.dumps(entries, context))


# -- text from users ------------------------------------------------------------------------


def decode_text(data: bytes, name: str) -> str:
    """A user's file as text: UTF-8 (BOM dropped) or UTF-16 with BOM; InputError otherwise.

    Binary (NUL bytes), undecodable and empty input are refused, with one line naming `name`.
    """
    from glossary.textio import decode_text as decode

    return decode(data, name)


def align(source_name: str, source: str, target_name: str, target: str) -> list[Segment]:
    """Line n of the source with line n of the translation; trailing blank lines dropped.

    InputError when the line counts differ.
    """
    from glossary.check import aligned_segments

    return aligned_segments(source_name, source, target_name, target)


# -- adding a concept -----------------------------------------------------------------------


def id_from_english(english: str) -> str:
    """A concept id made from an English rendering ('' when it has no usable word)."""
    from glossary.normalize import english_key

    return "-".join(english_key(english).split())


def conflict(termbase: Termbase, concept: Concept) -> tuple[str, str] | None:
    """Why a new concept cannot join the termbase, or None.

    ("id", message) when its id is taken, ("zh", message) when another concept has one of
    its Chinese terms.
    """
    if concept.id in termbase.concepts:
        return "id", f"{termbase.paths[concept.id]}: id {concept.id!r} exists already"
    terms = {zh.term for zh in concept.zh}
    for other in termbase.concepts.values():
        taken = [zh.term for zh in other.zh if zh.term in terms]
        if taken:
            where = termbase.paths[other.id]
            return "zh", f"{where}: {taken[0]!r} already belongs to {other.id!r}"
    return None
