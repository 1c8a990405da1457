"""Find the glossary's Chinese terms in a text, with offsets into the original text.

One Aho–Corasick automaton (pyahocorasick) holds every Chinese form of the glossary:
simplified, Taiwan and Hong Kong. Forms and text go through the same folding, character
by character: NFKC (full-width to half-width, compatibility and Kangxi-radical forms to
ordinary characters), Latin lowercased, traditional characters mapped to simplified through
the table the build stored, dashes unified, and whitespace, line breaks, invisible
characters and quotation marks dropped. The folded text keeps a map back to the original,
so every match is reported as `text[start:end]` of the text as given: `双 循环` across a
stray space, `雙循環` in traditional text, `内循环` glued to romanisation.

Overlaps are resolved leftmost-longest: scanning from the left, the longest form that
starts at the first matching position wins, and the scan goes on after it.
"""

from __future__ import annotations

import gc
import glob
import hashlib
import os
import pickle
import re
import tempfile
import unicodedata
from bisect import bisect_right
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from glossary.normalize import is_han

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from glossary.query import Glossary

_QUOTES = frozenset("\"'`“”‘’‛‟„‚「」『』﹁﹂﹃﹄〝〞〟＂＇")
_DROP_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
_DASH = "-"


def _dropped(char: str) -> bool:
    """Characters that never separate the parts of a term: spaces, invisibles, quotes."""
    code = ord(char)
    return (
        char.isspace()
        or char in _QUOTES
        or unicodedata.category(char) in _DROP_CATEGORIES
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0xE0100 <= code <= 0xE01EF
    )


class CharacterFolding:
    """The character folding shared by glossary forms and the texts searched for them."""

    def __init__(self, t2s: dict[str, str]):
        self.t2s = t2s
        self._folded: dict[str, str] = {}

    def fold_char(self, char: str) -> str:
        """What one character of the original text becomes in the search text (maybe nothing)."""
        folded = self._folded.get(char)
        if folded is None:
            parts = []
            if not _dropped(char):
                for part in unicodedata.normalize("NFKC", char):
                    if _dropped(part):
                        continue
                    if unicodedata.category(part) == "Pd" or part == "\u2212":
                        parts.append(_DASH)
                        continue
                    for lower in part.lower():
                        parts.append(self.t2s.get(lower, lower))
            folded = self._folded[char] = "".join(parts)
        return folded

    def key(self, form: str) -> str:
        """A glossary form as the automaton stores it."""
        return "".join(self.fold_char(char) for char in form)

    def fold(self, text: str, alphabet: frozenset[str] | None = None) -> FoldedText:
        """The search text for `text`, with the map back to the original offsets.

        With the `alphabet` of the automaton's keys, characters whose folding cannot change
        a match are left alone: a character outside the alphabet stops a match whatever it
        becomes. Only dropped characters and those that fold into the alphabet are changed.
        """
        changes: dict[str, str] = {}
        for char in set(text):
            folded = self.fold_char(char)
            if folded != char and (
                alphabet is None
                or not folded
                or char in alphabet
                or any(part in alphabet for part in folded)
            ):
                changes[char] = folded
        if not changes:
            return FoldedText(text)
        if sum(len(folded) == 1 for folded in changes.values()) > _FEW:
            # Many characters to replace (traditional text): one pass of str.translate for
            # the one-to-one replacements, then the runs of dropped or expanding characters.
            same = {ord(char): folded for char, folded in changes.items() if len(folded) == 1}
            text = text.translate(same)
            changes = {char: folded for char, folded in changes.items() if len(folded) != 1}
            if not changes:
                return FoldedText(text)
        return _fold_runs(text, changes)


_FEW = 64  # distinct one-to-one replacements above which str.translate is the faster way


def _fold_runs(text: str, changes: dict[str, str]) -> FoldedText:
    """Apply `changes` run by run, recording where the folded text stops running parallel."""
    pattern = re.compile("[" + "".join(re.escape(char) for char in changes) + "]+")
    pieces = []
    n_starts, o_starts, widths = [0], [0], [0]
    last = shift = 0  # shift: offset in the folded text minus offset in the original
    resized = False
    for run in pattern.finditer(text):
        pieces.append(text[last : run.start()])
        for offset, char in enumerate(run.group(), run.start()):
            folded = changes[char]
            pieces.append(folded)
            width = len(folded)
            if width == 1:
                continue
            resized = True
            if width:  # one character became several: a segment of its own
                n_starts.append(offset + shift)
                o_starts.append(offset)
                widths.append(width)
            shift += width - 1
            if n_starts[-1] == offset + 1 + shift and not widths[-1]:
                o_starts[-1] = offset + 1  # resized after resized: move the resume point
            else:
                n_starts.append(offset + 1 + shift)
                o_starts.append(offset + 1)
                widths.append(0)
        last = run.end()
    pieces.append(text[last:])
    if not resized:
        return FoldedText("".join(pieces))
    return FoldedText("".join(pieces), n_starts, o_starts, widths)


class FoldedText:
    """A folded search text and the map from its offsets back to the original text's."""

    def __init__(
        self,
        text: str,
        n_starts: list[int] | None = None,
        o_starts: list[int] | None = None,
        widths: list[int] | None = None,
    ):
        self.text = text
        self._n_starts = n_starts
        self._o_starts = o_starts or []
        self._widths = widths or []  # 0: runs in parallel; n: one character that became n

    def offset_tables(self) -> tuple[list[int], list[int]] | None:
        """For each search-text offset, the original offset a span may start at, and the one
        it may end at (-1 inside a character that became several); None when they agree.

        `original_span` for many spans at the cost of two lists the text's length."""
        if self._n_starts is None:
            return None
        size = len(self.text)
        starts, ends = [-1] * size, [-1] * (size + 1)
        bounds = [*self._n_starts[1:], size]
        for n_start, n_end, o_start, width in zip(
            self._n_starts, bounds, self._o_starts, self._widths, strict=True
        ):
            if width:
                starts[n_start], ends[n_start + width] = o_start, o_start + 1
            else:
                starts[n_start:n_end] = range(o_start, o_start + n_end - n_start)
                ends[n_start + 1 : n_end + 1] = range(o_start + 1, o_start + 1 + n_end - n_start)
        return starts, ends

    def original_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The original span of the search text's [start, end); None if it cuts an expansion."""
        if self._n_starts is None:
            return start, end
        segment = bisect_right(self._n_starts, start) - 1
        width = self._widths[segment]
        if width and start != self._n_starts[segment]:
            return None
        original_start = self._o_starts[segment] + (0 if width else start - self._n_starts[segment])
        last = end - 1
        segment = bisect_right(self._n_starts, last) - 1
        width = self._widths[segment]
        if width and end != self._n_starts[segment] + width:
            return None
        original_last = self._o_starts[segment] + (0 if width else last - self._n_starts[segment])
        return original_start, original_last + 1


class Annotation(NamedTuple):
    """One glossary term found in a text: `text[start:end]` is the span as written there."""

    start: int
    end: int
    text: str
    concept: str
    term: str  # the simplified form of the glossary term
    form: str  # the form the text used: the simplified, Taiwan or Hong Kong one
    pinyin: str
    rendering: str  # the preferred English rendering ('' when the concept has none)
    status: str  # the status of that rendering: preferred, admitted or ''
    layer: str = "curated"  # or "general": a CC-CEDICT word (annotate_all_words)

    def as_dict(self) -> dict[str, Any]:
        """The annotation as a JSON object."""
        return self._asdict()


class _Form(NamedTuple):
    concept: str
    term: str
    variants: tuple[str, ...]
    pinyin: str
    rendering: str
    status: str
    layer: str
    length: int  # of the key in the search text
    word_start: bool  # starts with a Latin letter or digit: must not follow one
    word_end: bool


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off for a block that allocates many acyclic objects.

    Loading the general layer (120,000 forms) and segmenting a text into words (one tuple
    a word) would otherwise set off full collections over everything already loaded."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# tuple.__new__ bound to the classes: a named tuple built from a tuple without the Python
# __new__ frame its class adds (all-words annotation makes one per word of the text)
_new_annotation = partial(tuple.__new__, Annotation)
_new_form = partial(tuple.__new__, _Form)


def _cuts_word(text: str, span: tuple[int, int], form: _Form) -> bool:
    """The span starts or ends inside a word of Latin letters or digits."""
    start, end = span
    return (form.word_start and start > 0 and _is_word_char(text[start - 1])) or (
        form.word_end and end < len(text) and _is_word_char(text[end])
    )


def _is_word_char(char: str) -> bool:
    """A letter or digit of an alphabetic script (Han characters have no word boundaries)."""
    folded = unicodedata.normalize("NFKC", char)
    return bool(folded) and folded[-1].isalnum() and not is_han(folded[-1])


def _compact(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFKC", text) if not _dropped(char))


class Annotator:
    """Finds every glossary form in texts; build it once per database (see `annotator_for`)."""

    def __init__(
        self, forms: list[dict[str, Any]], t2s: dict[str, str], singles_apart: bool = False
    ):
        """`singles_apart` keeps one-character keys out of the automaton, in `singles`: a
        dictionary has thousands, and each would be a match at nearly every character."""
        import ahocorasick

        self.folding = CharacterFolding(t2s)
        self.automaton = ahocorasick.Automaton()
        self.forms: list[_Form] = []
        self.singles: dict[str, int] = {}
        seen: dict[str, int] = {}
        # Simplified forms first, so that a Taiwan or Hong Kong form never takes the key of
        # another concept's simplified term.
        for field in ("term", "tw", "hk"):
            for row in forms:
                key = self.folding.key(row[field] or "")
                if not key or key in seen:
                    continue
                seen[key] = len(self.forms)
                self.forms.append(
                    _Form(
                        concept=row["concept"],
                        term=row["term"],
                        variants=tuple(dict.fromkeys((row["term"], row["tw"], row["hk"]))),
                        pinyin=row["pinyin"] or "",
                        rendering=row["rendering"] or "",
                        status=row["rendering_status"] or "",
                        layer=row.get("layer") or "curated",
                        length=len(key),
                        word_start=_is_word_char(key[0]),
                        word_end=_is_word_char(key[-1]),
                    )
                )
                if singles_apart and len(key) == 1:
                    self.singles[key] = seen[key]
                else:
                    self.automaton.add_word(key, seen[key])
        if len(self.automaton):
            self.automaton.make_automaton()
        self.lengths = [form.length for form in self.forms]
        # the forms that begin or end with a Latin letter or digit (checked for cut words)
        self.latin = frozenset(
            i for i, form in enumerate(self.forms) if form.word_start or form.word_end
        )
        self.alphabet = frozenset("".join(seen))

    def __len__(self) -> int:
        return len(self.forms)

    def __getstate__(self) -> dict[str, Any]:
        # the forms as plain tuples: unpickling 120,000 named tuples runs a Python
        # __new__ for each, a quarter of `annotate --all-words`' start-up
        return {**self.__dict__, "forms": [tuple(form) for form in self.forms]}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.forms = list(map(_new_form, state["forms"]))

    def annotate(self, text: str) -> list[Annotation]:
        """Every glossary term in the text, leftmost-longest, in order of position."""
        return [outer for outer, _ in self.annotate_nested(text, nested=False)]

    def annotate_nested(
        self,
        text: str,
        nested: bool = True,
        cuts: Callable[[str, int, int], str] | None = None,
    ) -> list[tuple[Annotation, list[Annotation]]]:
        """Each leftmost-longest term with the terms inside it (other concepts, in order).

        `cuts(text, start, end)` names a longer word a match would cut (see
        `glossary.boundaries`); such a match is skipped and the next candidate tried.
        """
        if not self.forms or not text:
            return []
        folded, candidates = self._candidates(text)
        forms = self.forms
        found: list[tuple[Annotation, list[Annotation]]] = []
        reached = 0
        for start, negative_length, index in candidates:
            end = start - negative_length
            if start < reached:
                if nested and found and end <= reached:
                    outer, inner = found[-1]
                    span = self._span(text, folded, start, end, forms[index])
                    concepts = {outer.concept, *(a.concept for a in inner)}
                    if (
                        span is not None
                        and forms[index].concept not in concepts
                        and not (cuts and cuts(text, *span))
                    ):
                        inner.append(self._annotation(text, span, forms[index]))
                continue
            span = self._span(text, folded, start, end, forms[index])
            if span is None or (cuts and cuts(text, *span)):
                continue
            reached = end
            found.append((self._annotation(text, span, forms[index]), []))
        return found

    def annotate_outside(self, text: str, taken: list[tuple[int, int]]) -> list[Annotation]:
        """Leftmost-longest terms of the stretches of text outside the sorted `taken` spans.

        One pass over the whole text: the same words as annotating each stretch on its own.
        The longest key starting at each position is noted first; a shorter one is looked
        up only where the longest one cuts a word or a taken span.
        """
        if not self.forms or not text:
            return []
        folded = self.folding.fold(text, self.alphabet)
        search = folded.text
        longest = [0] * len(search)
        which = [0] * len(search)
        lengths = self.lengths
        if len(self.automaton):
            for end, index in self.automaton.iter(search):
                length = lengths[index]
                start = end + 1 - length
                if length > longest[start]:
                    longest[start] = length
                    which[start] = index
        singles = self.singles
        forms = self.forms
        latin = self.latin
        tables = folded.offset_tables()
        span_starts, span_ends = tables or (range(len(search)), range(len(search) + 1))
        annotation = self._annotation
        taken = [*taken, (len(text) + 1, len(text) + 1)]  # a sentinel past the end
        ahead = 0  # the first taken span not yet passed
        found = []
        position = 0
        size = len(search)
        while position < size:
            length = longest[position]
            if length:
                index = which[position]
            else:
                index = singles.get(search[position], -1)
                length = index >= 0
            span = None
            while length:
                span = (span_starts[position], span_ends[position + length])
                if span[0] < 0 or span[1] < 0:
                    span = None  # it cuts a character the folding expanded
                elif index in latin and _cuts_word(text, span, forms[index]):
                    span = None
                else:
                    while taken[ahead][1] <= span[0]:
                        ahead += 1
                    if taken[ahead][0] <= span[0]:
                        # inside a taken span, so is every key starting here: go to its end
                        position = self._past(tables, position, taken[ahead][1]) - 1
                        length = 0
                        break
                    if taken[ahead][0] >= span[1]:
                        break
                length, index = self._shorter(search, position, length)
            if length and span is not None:
                found.append(annotation(text, span, forms[index]))
                position += length
            else:
                position += 1
        return found

    @staticmethod
    def _past(tables: tuple[list[int], list[int]] | None, position: int, end: int) -> int:
        """The first search-text offset at or after `position` whose original offset is `end`
        or later (the folding drops and expands characters, so the two drift apart)."""
        if tables is None:
            return max(position, end)
        starts = tables[0]
        while position < len(starts) and starts[position] < end:
            position += 1
        return position

    def _shorter(self, search: str, position: int, length: int) -> tuple[int, int]:
        """The next-longest key starting at `position`, shorter than `length`: (0, -1) if none."""
        for size in range(length - 1, 0, -1):
            key = search[position : position + size]
            index = self.singles.get(key, -1) if size == 1 else -1
            if index < 0 and len(self.automaton):
                index = self.automaton.get(key, -1)
            if index >= 0:
                return size, index
        return 0, -1

    def _candidates(self, text: str) -> tuple[FoldedText, list[tuple[int, int, int]]]:
        """The folded text and every form found in it: (start, -length, form), sorted."""
        folded = self.folding.fold(text, self.alphabet)
        forms = self.forms
        candidates = sorted(
            (end + 1 - forms[index].length, -forms[index].length, index)
            for end, index in self.automaton.iter(folded.text)
        )
        return folded, candidates

    @staticmethod
    def _span(
        text: str, folded: FoldedText, start: int, end: int, form: _Form
    ) -> tuple[int, int] | None:
        """The original span of a candidate, or None if it cuts a character or a word."""
        span = folded.original_span(start, end)
        if span is None or _cuts_word(text, span, form):
            return None
        return span

    @staticmethod
    def _annotation(text: str, span: tuple[int, int], form: _Form) -> Annotation:
        written = text[span[0] : span[1]]
        if written in form.variants:
            used = written
        else:
            compact = _compact(written)
            used = next((v for v in form.variants if v and _compact(v) == compact), form.term)
        return _new_annotation(
            (
                span[0],
                span[1],
                written,
                form.concept,
                form.term,
                used,
                form.pinyin,
                form.rendering,
                form.status,
                form.layer,
            )
        )


_CACHE: dict[tuple[Any, ...], Annotator] = {}
# the pickled Annotator's shape (3: one-character keys apart, forms as tuples, `latin`)
GENERAL_CACHE_FORMAT = 3
_CACHE_SIZE = 8  # annotators: the bundled database's two layers, a test's, a user's own


def annotator_for(glossary: Glossary, layer: str = "curated") -> Annotator:
    """The annotator of a database's curated (or general) layer, built once per process."""
    path = os.path.realpath(glossary.path)
    identity = getattr(glossary, "file_identity", None)  # the site's pool knows the file it opened
    if identity is None:
        stat = os.stat(path)
        identity = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    key = (path, layer, *identity, tuple(sorted(glossary.meta().items())))
    annotator = _CACHE.get(key)
    if annotator is None:
        for stale in [k for k in _CACHE if k[:2] == (path, layer)]:
            del _CACHE[stale]
        while len(_CACHE) >= _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]  # the oldest
        if layer == "curated":
            annotator = Annotator(glossary.chinese_forms(), glossary.t2s_table())
        else:
            annotator = _general_annotator(glossary, path, key)
        _CACHE[key] = annotator
    return annotator


def general_cache_path(db_path: str, key: tuple[Any, ...]) -> str:
    """Where the general layer's compiled automaton is kept: beside the database, by build."""
    digest = hashlib.sha256(repr((GENERAL_CACHE_FORMAT, key)).encode()).hexdigest()[:16]
    return f"{db_path}.general-{digest}.pickle"


def _general_annotator(glossary: Glossary, path: str, key: tuple[Any, ...]) -> Annotator:
    """The general layer's annotator, from its file on disk when this build has one.

    Building it (120,000 CC-CEDICT headwords) takes seconds; loading the file a fraction of
    that. The file is written atomically beside the database, named by a digest of the
    database's identity and build metadata, so a rebuilt database never reads a stale one;
    files of older builds are removed. A folder that cannot be written is no error.
    """
    cache = general_cache_path(path, key)
    try:
        with open(cache, "rb") as file, paused_gc():
            loaded = pickle.load(file)
            # kept for the process's life: out of the collector's sight, or the next
            # collection would walk its 400,000 objects
            gc.freeze()
        if isinstance(loaded, Annotator):
            return loaded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    annotator = Annotator(glossary.general_forms(), glossary.t2s_table(), singles_apart=True)
    folder = os.path.dirname(path)
    try:
        for old in glob.glob(glob.escape(path) + ".general-*.pickle"):
            os.unlink(old)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            pickle.dump(annotator, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache)
    except OSError:
        pass
    return annotator


def annotate(glossary: Glossary, text: str, nested: bool = False) -> list[Annotation]:
    """Every glossary term in a Chinese text (simplified or traditional), with offsets.

    With `nested`, the terms inside longer ones follow each longer term.
    """
    if not nested:
        return annotator_for(glossary).annotate(text)
    return [
        found
        for outer, inner in annotator_for(glossary).annotate_nested(text)
        for found in (outer, *inner)
    ]


def annotate_all_words(glossary: Glossary, text: str, nested: bool = False) -> list[Annotation]:
    """Every word of a text: the glossary's terms first, the general dictionary in between.

    Curated terms are found as by `annotate`; each stretch of text between them is then
    segmented longest-match-first with the general layer (CC-CEDICT), whose annotations
    carry layer "general", the word's readings as pinyin and a short gloss as rendering.
    Without a general layer in the database this is `annotate`.
    """
    curated = annotate(glossary, text, nested=nested)
    if not glossary.has_general:
        return curated
    general = annotator_for(glossary, "general")
    with paused_gc():
        words = general.annotate_outside(text, [(term.start, term.end) for term in curated])
    return sorted([*curated, *words], key=lambda found: found.start)
