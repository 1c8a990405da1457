"""Lint English prose for deprecated and superseded renderings, suggesting the preferred one.

A phrase is reported only when every rendering it could be is avoided: a phrase that is
deprecated for one concept but preferred or admitted for another is fine English. Longer
renderings win over the shorter ones inside them ("Belt and Road Initiative" is not
reported for a deprecated "Belt and Road").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from glossary.check import avoided_status, best_rendering, renderings_by_concept
from glossary.english import PhraseIndex, tokenize
from glossary.textio import LineIndex
from glossary.vocabulary import AVOIDED

if TYPE_CHECKING:
    from glossary.query import Glossary


@dataclass(frozen=True, slots=True)
class Finding:
    """An avoided rendering in the text, with what to write instead."""

    start: int
    end: int
    line: int
    column: int
    text: str  # as written in the text
    concept: str
    rendering: str  # the glossary's avoided rendering
    status: str  # deprecated or superseded
    preferred: str  # '' when the concept has no accepted rendering
    note: str
    replaced_in: int | None = None  # the year a superseded rendering was replaced

    def as_dict(self) -> dict[str, Any]:
        """The finding as a JSON object."""
        return asdict(self)


class Linter:
    """Finds avoided renderings of one glossary in English texts."""

    def __init__(self, glossary: Glossary):
        by_concept = renderings_by_concept(glossary)
        self.preferred = {concept: best_rendering(rs) for concept, rs in by_concept.items()}
        self.index = PhraseIndex((r.term, r) for rs in by_concept.values() for r in rs)

    def lint(self, text: str) -> list[Finding]:
        """Every avoided rendering in the text, in order."""
        lines = LineIndex(text)
        findings = []
        for match in self.index.find(tokenize(text)):
            if any(r.status not in AVOIDED for r in match.payloads):
                continue
            line, column = lines.position(match.start)
            for rendering in match.payloads:
                findings.append(
                    Finding(
                        match.start,
                        match.end,
                        line,
                        column,
                        text[match.start : match.end],
                        rendering.concept,
                        rendering.term,
                        rendering.status,
                        self.preferred.get(rendering.concept, ""),
                        rendering.note,
                        rendering.replaced_in,
                    )
                )
        return findings


def finding_line(name: str, finding: Finding) -> str:
    """One finding as `file:line:column: message`."""
    advice = f"use '{finding.preferred}'" if finding.preferred else "no accepted rendering"
    note = f" — {finding.note}" if finding.note else ""
    return (
        f"{name}:{finding.line}:{finding.column}: '{' '.join(finding.text.split())}' is "
        f"{avoided_status(finding.status, finding.replaced_in)}; {advice} [{finding.concept}]{note}"
    )
