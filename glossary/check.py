"""Check a translation against the glossary: every term of a source segment rendered as agreed.

Segments come from line-aligned plain text files, TMX or XLIFF (read with translate-toolkit).
For each glossary term found in a source segment (see `glossary.annotate`):

- MISSING: no preferred or admitted rendering of its concept appears in the target;
- DEPRECATED: a deprecated or superseded rendering appears (the issue names the preferred one).

English is matched by word stems (`glossary.english`), so case, hyphenation, plurals and
inflection do not matter. An ignore file accepts known exceptions (`read_ignore_file`).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from glossary.english import PhraseIndex, tokenize
from glossary.textio import InputError, decode_text, read_bytes
from glossary.vocabulary import ACCEPTED, best

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from glossary.annotate import Annotation
    from glossary.english import Token
    from glossary.query import Glossary

MISSING = "MISSING"
DEPRECATED = "DEPRECATED"
KINDS = (MISSING, DEPRECATED)


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
                raise InputError(f"{where}: {value!r} is not MISSING or DEPRECATED")
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

        self.annotator = annotator_for(glossary)
        self.renderings = renderings_by_concept(glossary)
        self._indexes: dict[str, PhraseIndex[Rendering]] = {}

    def _index(self, concept: str) -> PhraseIndex[Rendering]:
        index = self._indexes.get(concept)
        if index is None:
            renderings = self.renderings.get(concept, [])
            index = self._indexes[concept] = PhraseIndex((r.term, r) for r in renderings)
        return index

    def check(self, segments: Iterable[Segment], ignore: Sequence[IgnoreRule] = ()) -> Report:
        """Every issue in the segments, minus those the ignore rules accept."""
        report = Report()
        for segment in segments:
            report.segments += 1
            annotations = self.annotator.annotate(segment.source)
            if not annotations:
                continue
            if not segment.target.strip():
                report.untranslated.append(segment.number)
                continue
            report.terms += len(annotations)
            tokens = tokenize(segment.target)
            seen = set()
            for annotation in annotations:
                if annotation.concept in seen:
                    continue
                seen.add(annotation.concept)
                issue = self._issue(segment, annotation, tokens)
                if issue is None:
                    continue
                if any(rule.covers(issue) for rule in ignore):
                    report.ignored += 1
                else:
                    report.issues.append(issue)
        return report

    def _issue(self, segment: Segment, annotation: Annotation, tokens: list[Token]) -> Issue | None:
        renderings = self.renderings.get(annotation.concept, [])
        expected = tuple(r.term for r in renderings if r.status in ACCEPTED)
        matches = self._index(annotation.concept).find(tokens)
        accepted = [m for m in matches if any(r.status in ACCEPTED for r in m.payloads)]
        avoided = [m for m in matches if m not in accepted]
        found, found_status, note = "", "", ""
        if avoided:
            kind = DEPRECATED
            first = avoided[0]
            found = segment.target[first.start : first.end]
            found_status = first.payloads[0].status
            note = first.payloads[0].note
        elif expected and not accepted:
            kind = MISSING
        else:
            return None
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
            first.payloads[0].replaced_in if avoided else None,
        )


def issue_line(issue: Issue) -> str:
    """One issue as one line of the readable report."""
    where = f"segment {issue.segment}" + (f" ({issue.unit_id})" if issue.unit_id else "")
    term = " ".join(issue.term.split())
    wanted = " or ".join(f"'{r}'" for r in issue.expected) or "(no accepted rendering)"
    if issue.kind == DEPRECATED:
        status = avoided_status(issue.found_status, issue.replaced_in)
        detail = f"found '{issue.found}' ({status}); use {wanted}"
        if issue.note:
            detail += f" — {issue.note}"
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
