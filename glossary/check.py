"""Check a translation against the glossary: every term of a source segment rendered as agreed.

Segments come from line-aligned plain text files, TMX or XLIFF (read with translate-toolkit).
For each glossary term found in a source segment (see `glossary.annotate`):

- DEPRECATED: a deprecated or superseded rendering appears (the issue names the preferred one);
- NONSTANDARD: no accepted rendering, but a near miss: a phrase sharing most content words
  with one ("new development model" for "new development pattern"), or a word-for-word
  gloss of the Chinese through CC-CEDICT ("two circulations" for 双循环);
- MISSING: no preferred or admitted rendering of its concept appears in the target;
- OMISSION: most terms of the segment are missing and the target is under half the length
  the source suggests, or the target has fewer sentences and the missing terms are all
  those of whole source sentences: one issue for the segment instead of a MISSING per term.

A term found inside a longer Chinese word is not the term (超级计算 in 超级计算机,
人力资源和社会保障部 in …部门): the CC-CEDICT layer decides (`glossary.boundaries`).

Nested terms are reported at the longest term. An accepted rendering of the longest term
counts for the terms inside it; otherwise they are checked too, and a deprecated rendering
of a nested term is always reported (双循环 inside the full 新发展格局 slogan).

English is matched by an inflection fold (`glossary.english.fold`): case, hyphens, plurals,
-ed, -ing and the possessive do not matter; derivation does ("innovative" is not
"innovation"). An accepted multi-word rendering also matches loosely: its content words
within one sentence and a short window, in any order (inserted words, "trade of goods",
coordination: "changes and a pandemic both unseen in a century"; function words between
cost nothing). Where an avoided and an accepted rendering fold alike, the exact wording
decides (`fold_collisions` lists such pairs for `glossary validate`). Every issue is built
by `make_issue`, with its reason. An ignore file accepts known exceptions
(`read_ignore_file`).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from glossary.boundaries import WordEdges, named_before
from glossary.english import FUNCTION_WORDS, PhraseIndex, TargetWords, tokenize
from glossary.normalize import is_han
from glossary.textio import InputError, decode_text, read_bytes
from glossary.vocabulary import ACCEPTED, best

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from glossary.annotate import Annotation
    from glossary.english import Token
    from glossary.query import Glossary
    from glossary.termfiles import Termbase

MISSING = "MISSING"
DEPRECATED = "DEPRECATED"
NONSTANDARD = "NONSTANDARD"
OMISSION = "OMISSION"
KINDS = (MISSING, DEPRECATED, NONSTANDARD, OMISSION)
# Entries with this tag are titles of office (总书记, 国务院总理): written after a name,
# the English may give the holder's name alone, so the title is not required there.
TITLE_TAG = "title-of-office"


@dataclass(frozen=True, slots=True)
class Segment:
    """A source segment and its translation; `number` counts from 1 (the line, for text files)."""

    number: int
    source: str
    target: str
    unit_id: str = ""


@dataclass(frozen=True, slots=True)
class Rendering:
    """An English rendering of a concept, with its status and the note that explains it."""

    concept: str
    term: str
    status: str
    note: str = ""
    replaced_in: int | None = None  # the year a superseded rendering was replaced


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem with one term in one segment."""

    segment: int
    unit_id: str
    kind: str
    concept: str
    term: str  # the Chinese term as written in the source segment
    start: int  # its offsets in the source segment
    end: int
    expected: tuple[str, ...]  # the preferred and admitted renderings
    found: str  # the deprecated rendering as written in the target ('' for MISSING)
    found_status: str
    note: str  # why the rendering found is avoided
    replaced_in: int | None = None  # the year the rendering found was replaced
    reason: str = ""  # why the issue is reported, in one sentence
    inside: str = ""  # the longer term this one is nested in, as written

    def as_dict(self) -> dict[str, Any]:
        """The issue as a JSON object."""
        return {**asdict(self), "expected": list(self.expected)}


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """An accepted exception: a concept, optionally only in one segment or of one kind."""

    concept: str
    segment: int | None = None
    kind: str | None = None

    def covers(self, issue: Issue) -> bool:
        """True when this rule accepts the issue."""
        return (
            self.concept == issue.concept
            and self.segment in (None, issue.segment)
            and self.kind in (None, issue.kind)
        )


@dataclass
class Report:
    """What a check found."""

    segments: int = 0
    untranslated: list[int] = field(default_factory=list)
    terms: int = 0
    issues: list[Issue] = field(default_factory=list)
    ignored: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The report as a JSON object."""
        return {
            "segments": self.segments,
            "untranslated": self.untranslated,
            "terms": self.terms,
            "ignored": self.ignored,
            "issues": [issue.as_dict() for issue in self.issues],
        }


# -- reading -----------------------------------------------------------------------------


def aligned_segments(
    source_name: str, source_text: str, target_name: str, target_text: str
) -> list[Segment]:
    """Segments from two line-aligned texts; InputError when their line counts differ."""
    source_lines, target_lines = _lines(source_text), _lines(target_text)
    if len(source_lines) != len(target_lines):
        raise InputError(
            f"{target_name}: {len(target_lines)} lines, but {source_name} has "
            f"{len(source_lines)}: the files are not line-aligned"
        )
    return [
        Segment(number, zh, en)
        for number, (zh, en) in enumerate(zip(source_lines, target_lines, strict=True), 1)
    ]


def _lines(text: str) -> list[str]:
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def read_tmx(path: str | os.PathLike[str]) -> list[Segment]:
    """Segments from a TMX file: the Chinese variant of each unit and its English one."""
    from translate.storage import tmx

    store = _parse(path, "TMX", tmx.tmxfile)
    segments = []
    has_english = False
    for number, unit in enumerate(store.units, 1):
        by_lang: dict[str, str] = {}
        for node in unit.getlanguageNodes():
            lang = _language(node.get("{http://www.w3.org/XML/1998/namespace}lang"))
            by_lang.setdefault(lang, unit.getNodeText(node) or "")
        if "zh" not in by_lang:
            raise InputError(f"{os.fspath(path)}: translation unit {number} has no Chinese text")
        unit_id = unit.xmlelement.get("tuid") or ""
        segments.append(Segment(number, by_lang["zh"], by_lang.get("en", ""), unit_id))
        has_english = has_english or "en" in by_lang
    segments = _nonempty(segments, path)
    if not has_english:
        raise InputError(f"{os.fspath(path)}: no translation unit has an English variant")
    return segments


def read_xliff(path: str | os.PathLike[str]) -> list[Segment]:
    """Segments from an XLIFF 1.2 or 2.0 file whose source language is Chinese."""
    from translate.storage import xliff, xliff2

    data = _read_xml(path)
    try:
        store = _parse(path, "XLIFF", xliff.xlifffile, data)
    except InputError as error:
        if "XLIFF 2" not in str(error):
            raise
        store = _parse(path, "XLIFF", xliff2.Xliff2File, data)
    language = _language(store.getsourcelanguage())
    if language not in ("zh", ""):
        raise InputError(f"{os.fspath(path)}: the source language is {language}, not Chinese")
    language = _language(store.gettargetlanguage())
    if language not in ("en", ""):
        raise InputError(f"{os.fspath(path)}: the target language is {language}, not English")
    segments = [
        Segment(number, str(unit.source or ""), str(unit.target or ""), _unit_id(unit))
        for number, unit in enumerate(
            (unit for unit in store.units if not unit.isheader()), start=1
        )
    ]
    return _nonempty(segments, path)


def _unit_id(unit: Any) -> str:
    """The id of an XLIFF unit (translate-toolkit prefixes XLIFF 1.2 ids with the file name)."""
    return str(unit.getid() or "").split("\x04")[-1]


def _language(tag: str | None) -> str:
    return (tag or "").replace("_", "-").split("-")[0].lower()


def _read_xml(path: str | os.PathLike[str]) -> bytes:
    data = read_bytes(path)
    decode_text(data, os.fspath(path))  # empty and binary files get the usual message
    return data


def _parse(path: str | os.PathLike[str], kind: str, parser: Any, data: bytes | None = None) -> Any:
    if data is None:
        data = _read_xml(path)
    try:
        return parser.parsestring(data)
    except Exception as error:  # lxml, translate-toolkit and assertions all raise their own
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(f"{os.fspath(path)}: not a readable {kind} file ({reason})") from None


def _nonempty(segments: list[Segment], path: str | os.PathLike[str]) -> list[Segment]:
    if not segments:
        raise InputError(f"{os.fspath(path)}: no translation units")
    return segments


def read_ignore_file(path: str | os.PathLike[str]) -> list[IgnoreRule]:
    """The rules of an ignore file; InputError naming the line of a malformed rule.

    One rule per line, `#` starts a comment: `CONCEPT-ID [SEGMENT|*] [MISSING|DEPRECATED]`.
    A rule accepts the issues of that concept, in that segment (every segment for `*` or
    none) and of that kind (both kinds when none is given).
    """
    data = read_bytes(path)
    text = decode_text(data, os.fspath(path)) if data.strip() else ""
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        where = f"{os.fspath(path)}:{number}"
        concept, *rest = fields
        segment: int | None = None
        kind: str | None = None
        if rest and rest[0].upper() not in KINDS:
            value = rest.pop(0)
            if not (value == "*" or value.isdigit()):
                raise InputError(f"{where}: {value!r} is neither a segment number nor '*'")
            segment = None if value == "*" else int(value)
        if rest:
            value = rest.pop(0)
            if value.upper() not in KINDS:
                raise InputError(f"{where}: {value!r} is not one of {', '.join(KINDS)}")
            kind = value.upper()
        if rest:
            raise InputError(f"{where}: expected CONCEPT-ID [SEGMENT|*] [MISSING|DEPRECATED]")
        rules.append(IgnoreRule(concept, segment, kind))
    return rules


# -- checking ----------------------------------------------------------------------------


def renderings_by_concept(glossary: Glossary) -> dict[str, list[Rendering]]:
    """Every English rendering of the glossary, by concept, in file order."""
    renderings: dict[str, list[Rendering]] = {}
    for row in glossary.renderings():
        renderings.setdefault(row["concept"], []).append(
            Rendering(
                row["concept"], row["term"], row["status"], row["note"] or "", row["replaced_in"]
            )
        )
    return renderings


def best_rendering(renderings: Iterable[Rendering]) -> str:
    """The preferred rendering, else the first admitted one, else ''."""
    found = best(renderings, lambda rendering: rendering.status)
    return found.term if found else ""


class Checker:
    """Checks segments against one glossary."""

    def __init__(self, glossary: Glossary):
        from glossary.annotate import annotator_for

        self.glossary = glossary
        self.annotator = annotator_for(glossary)
        self.edges = WordEdges(glossary, self.annotator.folding.fold_char)
        self.renderings = renderings_by_concept(glossary)
        self.titles = frozenset(glossary.entry_ids(tag=TITLE_TAG))
        self._indexes: dict[str, PhraseIndex[Rendering]] = {}
        self._phrases: dict[str, list[tuple[Rendering, list[Token]]]] = {}
        self._glosses: dict[str, list[frozenset[str]]] = {}

    def _index(self, concept: str) -> PhraseIndex[Rendering]:
        index = self._indexes.get(concept)
        if index is None:
            renderings = self.renderings.get(concept, [])
            index = self._indexes[concept] = PhraseIndex((r.term, r) for r in renderings)
        return index

    def _accepted_phrases(self, concept: str) -> list[tuple[Rendering, list[Token]]]:
        phrases = self._phrases.get(concept)
        if phrases is None:
            phrases = self._phrases[concept] = [
                (r, tokenize(r.term))
                for r in self.renderings.get(concept, [])
                if r.status in ACCEPTED
            ]
        return phrases

    def check(self, segments: Iterable[Segment], ignore: Sequence[IgnoreRule] = ()) -> Report:
        """Every issue in the segments, minus those the ignore rules accept."""
        report = Report()
        for segment in segments:
            report.segments += 1
            groups = self.annotator.annotate_nested(segment.source, cuts=self.edges.cut_word)
            if not groups:
                continue
            if not segment.target.strip():
                report.untranslated.append(segment.number)
                continue
            report.terms += len(groups)
            for issue in self._segment_issues(segment, groups):
                if any(rule.covers(issue) for rule in ignore):
                    report.ignored += 1
                else:
                    report.issues.append(issue)
        return report

    def _segment_issues(
        self, segment: Segment, groups: list[tuple[Annotation, list[Annotation]]]
    ) -> list[Issue]:
        """The issues of one segment: nested terms, near misses and omissions resolved."""
        words = TargetWords(segment.target)
        issues: list[Issue] = []
        missing: list[Annotation] = []
        rendered: list[tuple[int, int]] = []  # token spans of renderings found
        seen: set[str] = set()
        expected: list[Annotation] = []  # the outer terms that have accepted renderings
        for outer, inner in groups:
            for annotation in (outer, *inner):
                nested = annotation is not outer
                if annotation.concept in seen:
                    continue
                seen.add(annotation.concept)
                verdict = self._verdict(annotation.concept, words)
                rendered += verdict.spans
                if verdict.avoided is not None:
                    issues.append(self._deprecated(segment, annotation, verdict.avoided, outer))
                    continue
                if verdict.accepted or not self._expected(annotation.concept):
                    continue
                if nested and self._expected(outer.concept):
                    continue  # a nested term without its rendering: reported at the outer one
                if annotation.concept in self.titles and named_before(
                    segment.source, annotation.start
                ):
                    continue  # 阮富仲总书记 is "Trong": English may name the holder alone
                missing.append(annotation)
            if self._expected(outer.concept):
                expected.append(outer)
        kept_missing = []
        for annotation in missing:
            found = self._near_miss(annotation, words, rendered)
            if found:
                issues.append(
                    make_issue(
                        segment,
                        annotation,
                        NONSTANDARD,
                        self._expected(annotation.concept),
                        found=found,
                    )
                )
            else:
                kept_missing.append(annotation)
        omission = self._omission(segment, kept_missing, expected, words)
        if omission is not None:
            issues.append(omission)
        else:
            issues += [
                make_issue(segment, a, MISSING, self._expected(a.concept)) for a in kept_missing
            ]
        return sorted(issues, key=lambda issue: issue.start)

    def _expected(self, concept: str) -> tuple[str, ...]:
        return tuple(r.term for r in self.renderings.get(concept, []) if r.status in ACCEPTED)

    def _verdict(self, concept: str, words: TargetWords) -> _Verdict:
        """Accepted or avoided renderings of a concept in the target."""
        accepted = False
        avoided = None
        spans = []
        for match in self._index(concept).find(words.tokens):
            good = [r for r in match.payloads if r.status in ACCEPTED]
            bad = [r for r in match.payloads if r.status not in ACCEPTED]
            if good and bad:  # they fold alike: the exact wording decides
                exact_bad = [r for r in match.exact if r.status not in ACCEPTED]
                good, bad = ([], exact_bad) if exact_bad else (good, [])
            if bad and avoided is None:
                avoided = (words.text[match.start : match.end], bad[0])
            if good:
                accepted = True
                spans.append(words.token_span(match.start, match.end))
        if not accepted:
            for _, phrase in self._accepted_phrases(concept):
                span = words.loose_match(phrase) or words.other_possessor(phrase)
                if span is not None:
                    accepted = True
                    spans.append(span)
                    break
        return _Verdict(accepted, avoided, spans)

    def _deprecated(
        self,
        segment: Segment,
        annotation: Annotation,
        avoided: tuple[str, Rendering],
        outer: Annotation,
    ) -> Issue:
        found, rendering = avoided
        return make_issue(
            segment,
            annotation,
            DEPRECATED,
            self._expected(annotation.concept),
            found=found,
            found_status=rendering.status,
            note=rendering.note,
            inside="" if annotation is outer else outer.text,
            replaced_in=rendering.replaced_in,
        )

    def _near_miss(
        self, annotation: Annotation, words: TargetWords, rendered: list[tuple[int, int]]
    ) -> str:
        """What the translator wrote instead of an accepted rendering, or ''."""
        taken = {i for first, last in rendered for i in range(first, last + 1)}
        for _, phrase in self._accepted_phrases(annotation.concept):
            span = words.near_miss(phrase)
            if span is not None and not all(i in taken for i in range(span[0], span[1] + 1)):
                return words.text[slice(*words.span(*span))]
        span = self._calque(annotation.term, words)
        if span is not None and not all(i in taken for i in range(span[0], span[1] + 1)):
            return words.text[slice(*words.span(*span))]
        return ""

    def _calque(self, term: str, words: TargetWords) -> tuple[int, int] | None:
        """Token span of a word-for-word gloss of `term` (through CC-CEDICT), or None."""
        glosses = self._glosses.get(term)
        if glosses is None:
            glosses = self._glosses[term] = word_glosses(self.edges, term)
        for skip in range(len(glosses) - 1):  # the whole term, else its last words
            span = _gloss_run(glosses[skip:], words)
            if span is not None:
                return span
        return None

    def _omission(
        self,
        segment: Segment,
        missing: list[Annotation],
        expected: list[Annotation],
        words: TargetWords,
    ) -> Issue | None:
        """One OMISSION for a segment whose translation leaves a part of it out.

        Either most of its terms are missing and the translation is under half the usual
        length, or the translation has fewer sentences than the source and the missing
        terms are all the terms of whole source sentences (a sentence left untranslated).
        """
        if len(missing) < OMISSION_TERMS:
            return None
        han = sum(is_han(char) for char in segment.source)
        expected_words = han * WORDS_PER_HAN
        if len(missing) * 2 > len(expected) and len(words.tokens) < (
            expected_words * OMISSION_SHORT
        ):
            note = (
                f"{len(missing)} of {len(expected)} terms have no rendering and the translation "
                f"has {len(words.tokens)} words where about {expected_words:.0f} are usual"
            )
        else:
            dropped = _dropped_sentences(segment.source, missing, expected, words)
            if not dropped:
                return None
            note = (
                "the translation has fewer sentences than the source and no rendering of "
                f"any term of its {dropped}"
            )
        first, last = missing[0], missing[-1]
        return Issue(
            segment.number,
            segment.unit_id,
            OMISSION,
            "",
            "、".join(a.text for a in missing),
            first.start,
            last.end,
            (),
            "",
            "",
            note,
            reason=note,
        )


def _dropped_sentences(
    source: str, missing: list[Annotation], expected: list[Annotation], words: TargetWords
) -> str:
    """The source sentences ("sentence 2") whose terms all went missing, if the translation
    has fewer sentences than the source and no term is missing elsewhere; else ''."""
    text = source.rstrip()
    ends = [m.end() for m in _ZH_SENTENCE_END.finditer(text) if m.end() < len(text)]
    sentences = len(ends) + 1
    english = len({token.sentence for token in words.tokens})
    if english >= sentences:
        return ""

    def sentence(annotation: Annotation) -> int:
        return bisect_right(ends, annotation.start)

    gone = {sentence(a) for a in missing}
    kept = {sentence(a) for a in expected if a not in missing}
    if gone & kept or len(gone) > sentences - english:
        return ""
    numbers = sorted(n + 1 for n in gone)
    return ("sentence " if len(numbers) == 1 else "sentences ") + ", ".join(map(str, numbers))


_ZH_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)]*")


@dataclass(frozen=True, slots=True)
class _Verdict:
    accepted: bool
    avoided: tuple[str, Rendering] | None
    spans: list[tuple[int, int]]


WORDS_PER_HAN = 0.6  # English words per Chinese character in the official set (about)
OMISSION_SHORT = 0.5  # a translation under half that length leaves something out
OMISSION_TERMS = 2  # at least this many terms missing


def _glossed(fold: str, gloss: frozenset[str]) -> bool:
    """A folded word is a gloss word, or shares its first five letters with one."""
    return fold in gloss or (len(fold) >= 5 and fold[:5] in {g[:5] for g in gloss if len(g) >= 5})


def _gloss_run(glosses: list[frozenset[str]], words: TargetWords) -> tuple[int, int] | None:
    """Token span of words glossing each Chinese word in turn (function words between)."""
    tokens = words.tokens
    for first in range(len(tokens)):
        position, matched = first, 0
        while matched < len(glosses) and position < len(tokens):
            token = tokens[position]
            if token.sentence != tokens[first].sentence:
                break
            if _glossed(token.stem, glosses[matched]):
                matched += 1
                position += 1
            elif matched and _glossed(token.stem, glosses[matched - 1]):
                position += 1  # a Chinese word glossed in several English ones
            elif matched and token.lower in FUNCTION_WORDS and position - first < 2 * len(glosses):
                position += 1
            else:
                break
        if matched == len(glosses):
            return first, position - 1
    return None


def word_glosses(edges: WordEdges, term: str) -> list[frozenset[str]]:
    """The term cut into CC-CEDICT words, longest first, each as its folded gloss words."""
    found = []
    for word in edges.general_words(term) if edges.glossary.has_general else []:
        words: set[str] = set()
        for definition in edges.senses(word) or []:
            if definition.startswith(("CL:", "surname", "variant of", "old variant")):
                continue
            definition = re.sub(r"\([^)]*\)", " ", definition)
            words.update(t.stem for t in tokenize(definition) if t.lower not in FUNCTION_WORDS)
        found.append(frozenset(words))
    return found


def fold_collisions(termbase: Termbase) -> list[str]:
    """Warnings for an avoided and an accepted rendering of one concept that fold alike.

    The check tells such a pair apart by the exact wording only ("opening-up" and "opening
    up" do; "opened up" does not), so a curator should know about it.
    """
    warnings = []
    for concept in termbase.concepts.values():
        by_key: dict[str, list[Any]] = {}
        for en in concept.en:
            key = "".join(token.stem for token in tokenize(en.term))
            by_key.setdefault(key, []).append(en)
        for group in by_key.values():
            good = [en for en in group if en.status in ACCEPTED]
            bad = [en for en in group if en.status not in ACCEPTED]
            for avoided in bad:
                for accepted in good:
                    warnings.append(
                        f"{termbase.paths.get(concept.id, concept.id)}: {avoided.status} "
                        f"'{avoided.term}' and {accepted.status} '{accepted.term}' differ only "
                        "in inflection; the check tells them apart by exact wording"
                    )
    return warnings


# -- the report: every issue is made here -----------------------------------------------


def make_issue(
    segment: Segment,
    annotation: Annotation,
    kind: str,
    expected: tuple[str, ...],
    *,
    found: str = "",
    found_status: str = "",
    note: str = "",
    inside: str = "",
    replaced_in: int | None = None,
) -> Issue:
    """An issue of one term: what was expected, what was found and why it is reported."""
    return Issue(
        segment.number,
        segment.unit_id,
        kind,
        annotation.concept,
        annotation.text,
        annotation.start,
        annotation.end,
        expected,
        found,
        found_status,
        note,
        reason=issue_reason(kind, found, avoided_status(found_status, replaced_in), note, inside),
        inside=inside,
        replaced_in=replaced_in,
    )


def issue_reason(kind: str, found: str, found_status: str, note: str, inside: str = "") -> str:
    """Why an issue is reported, in one sentence."""
    where = f" (inside {inside})" if inside else ""
    if kind == DEPRECATED:
        return f"'{found}' is {found_status}{where}" + (f": {note}" if note else "")
    if kind == NONSTANDARD:
        return f"'{found}' is close to an accepted rendering but not one the glossary lists"
    return "no accepted rendering in the translation"


def issue_line(issue: Issue) -> str:
    """One issue as one line of the readable report."""
    where = f"segment {issue.segment}" + (f" ({issue.unit_id})" if issue.unit_id else "")
    term = " ".join(issue.term.split())
    wanted = " or ".join(f"'{r}'" for r in issue.expected) or "(no accepted rendering)"
    if issue.kind == DEPRECATED:
        status = avoided_status(issue.found_status, issue.replaced_in)
        detail = f"found '{issue.found}' ({status}); use {wanted}"
        if issue.inside:
            detail += f" (inside {' '.join(issue.inside.split())})"
        if issue.note:
            detail += f" — {issue.note}"
    elif issue.kind == NONSTANDARD:
        detail = f"found '{' '.join(issue.found.split())}', expected {wanted}"
    elif issue.kind == OMISSION:
        return f"{where}: {issue.kind} {term}: {issue.reason}"
    else:
        detail = f"expected {wanted}; found none"
    return f"{where}: {issue.kind} {term} [{issue.concept}]: {detail}"


def avoided_status(status: str, replaced_in: int | None) -> str:
    """An avoided rendering's status, with the year it was replaced: `superseded in 2017`."""
    return f"{status} in {replaced_in}" if replaced_in else status


def report_text(report: Report) -> str:
    """The readable report: one line per issue, then a summary."""
    lines = [issue_line(issue) for issue in report.issues]
    summary = (
        f"{len(report.issues)} issue(s) in {len({i.segment for i in report.issues})} of "
        f"{report.segments} segments; {report.terms} glossary terms checked"
    )
    if report.ignored:
        summary += f"; {report.ignored} ignored"
    if report.untranslated:
        summary += f"; {len(report.untranslated)} untranslated segment(s) skipped"
    return "\n".join([*lines, summary]) + "\n"
