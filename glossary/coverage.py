"""How much of a text the glossary covers: its term-like phrases and its characters.

The phrases are those `glossary.candidates` finds (the same extraction, boundary statistics
and filters), covered ones included; a phrase is covered when it equals or is part of a
glossary form (simplified, Taiwan or Hong Kong), and counted apart when it is a whole form.
The characters are the Han characters of the text, covered when a glossary term found by
`annotate` spans them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from glossary.candidates import Document, Extractor
from glossary.normalize import is_han

if TYPE_CHECKING:
    from glossary.query import Glossary


@dataclass(frozen=True)
class Coverage:
    """Counts and shares of covered phrases (distinct and by occurrence) and characters."""

    files: list[str]
    phrases: int
    covered_phrases: int
    term_phrases: int  # of the covered ones, those that are glossary terms (not only parts)
    occurrences: int
    covered_occurrences: int
    characters: int
    covered_characters: int

    @staticmethod
    def _share(part: int, whole: int) -> float:
        return round(part / whole, 4) if whole else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The report as a JSON object, shares as fractions (0.4231)."""
        return {
            "files": self.files,
            "phrases": self.phrases,
            "covered_phrases": self.covered_phrases,
            "phrase_share": self._share(self.covered_phrases, self.phrases),
            "term_phrases": self.term_phrases,
            "term_share": self._share(self.term_phrases, self.phrases),
            "occurrences": self.occurrences,
            "covered_occurrences": self.covered_occurrences,
            "occurrence_share": self._share(self.covered_occurrences, self.occurrences),
            "characters": self.characters,
            "covered_characters": self.covered_characters,
            "character_share": self._share(self.covered_characters, self.characters),
        }

    def text(self) -> str:
        """The report for people, one figure a line."""
        shares = self.as_dict()
        return (
            f"{', '.join(self.files)}\n"
            f"phrases     {self.covered_phrases:>8,} of {self.phrases:>8,} covered"
            f"  {shares['phrase_share']:.1%}\n"
            f"  terms     {self.term_phrases:>8,} of {self.phrases:>8,} are whole glossary terms"
            f"  {shares['term_share']:.1%}\n"
            f"occurrences {self.covered_occurrences:>8,} of {self.occurrences:>8,} covered"
            f"  {shares['occurrence_share']:.1%}\n"
            f"characters  {self.covered_characters:>8,} of {self.characters:>8,} covered"
            f"  {shares['character_share']:.1%}\n"
        )


def coverage(glossary: Glossary, documents: Sequence[Document], min_count: int = 3) -> Coverage:
    """The share of the texts' term-like phrases, and of their characters, the glossary covers."""
    from glossary.annotate import annotate

    extractor = Extractor(glossary)
    phrases = extractor.phrases(documents, min_count)
    characters = covered_characters = 0
    for document in documents:
        text = document.text
        characters += sum(map(is_han, text))
        for found in annotate(glossary, text):
            covered_characters += sum(map(is_han, text[found.start : found.end]))
    return Coverage(
        files=[document.name for document in documents],
        phrases=len(phrases),
        covered_phrases=sum(phrase.covered for phrase in phrases),
        term_phrases=sum(phrase.term for phrase in phrases),
        occurrences=sum(phrase.count for phrase in phrases),
        covered_occurrences=sum(phrase.count for phrase in phrases if phrase.covered),
        characters=characters,
        covered_characters=covered_characters,
    )
