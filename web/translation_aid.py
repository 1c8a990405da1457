"""The site's annotate and check pages over glossary.annotate and glossary.check.

Reading and aligning the user's text is glossary.service's, shared with the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from glossary.check import Segment
from glossary.query import Glossary
from web import limits


@dataclass(frozen=True)
class Highlight:
    """A run of the annotated text: plain (match None) or one glossary term found."""

    text: str
    match: dict[str, Any] | None = None


def annotate(glossary: Glossary, text: str) -> list[dict[str, Any]]:
    """Every glossary term found in `text`, as JSON-ready dicts (glossary.annotate)."""
    from glossary.annotate import annotate as find_terms

    limits.check_text(text)
    found = find_terms(glossary, text)
    limits.check_answer(found, limits.MAX_MATCHES, "glossary terms")
    return [item.as_dict() for item in found]


def highlights(text: str, matches: Iterable[dict[str, Any]]) -> list[Highlight]:
    """Cut a text into plain runs and matched terms; overlapping or bad offsets are skipped."""
    runs: list[Highlight] = []
    cursor = 0
    for match in sorted(matches, key=lambda m: (m["start"], -m["end"])):
        start, end = match["start"], match["end"]
        if not (isinstance(start, int) and isinstance(end, int)):
            continue
        if start < cursor or end <= start or end > len(text):
            continue
        if start > cursor:
            runs.append(Highlight(text[cursor:start]))
        runs.append(Highlight(text[start:end], match))
        cursor = end
    if cursor < len(text):
        runs.append(Highlight(text[cursor:]))
    return runs


def terms_found(matches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The distinct concepts among the matches, in order of first appearance, with counts."""
    found: dict[str, dict[str, Any]] = {}
    for match in matches:
        item = found.setdefault(match["concept"], {**match, "count": 0, "forms": []})
        item["count"] += 1
        if match["text"] not in item["forms"]:
            item["forms"].append(match["text"])
    return list(found.values())


@dataclass(frozen=True)
class CheckResult:
    """A check report: as JSON for tools, and its issues for the page."""

    report: dict[str, Any]
    issues: list[dict[str, Any]]


def check(glossary: Glossary, segments: list[Segment]) -> CheckResult:
    """Check aligned segments against the glossary (glossary.check)."""
    from glossary.check import Checker

    limits.check_pairs([(segment.source, segment.target) for segment in segments])
    report = Checker(glossary).check(segments)
    limits.check_answer(report.issues, limits.MAX_ISSUES, "issues")
    return CheckResult(report.as_dict(), [issue.as_dict() for issue in report.issues])


def segments_of(pairs: list[tuple[str, str]]) -> list[Segment]:
    """(source, translation) pairs as segments numbered from 1."""
    return [Segment(number, source, target) for number, (source, target) in enumerate(pairs, 1)]
