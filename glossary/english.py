"""Finding English renderings in English text, tolerant of case, hyphens and inflection.

Words are compared by their Snowball (Porter2) stems, so "Circulations", "circulation"
and "circulating" meet, and by token rather than by character, so "dual-circulation",
"dual circulation" and "Dual Circulation" all match the rendering "dual circulation". A
phrase may also be written closed up or split ("chokehold", "choke-hold", "highfence"
for "high fence"): a run of words matches when the words joined match the phrase joined.
A match never spans a sentence break.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable

T = TypeVar("T")

_TOKENS = re.compile(
    r"(?P<word>[^\W_]+(?:['’][^\W_]+)*)"
    r"|(?P<stop>[.!?;:。！？；：]+(?=[\s\"'”’)\]]|$)|\n[^\S\n]*\n)"
)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball English stem of a lowercased word."""
    return str(_stemmer().stemWord(word))


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a text: its offsets, lowercased form, stem and the sentence it is in."""

    start: int
    end: int
    lower: str
    stem: str
    sentence: int


def tokenize(text: str) -> list[Token]:
    """The words of a text, with offsets into it."""
    tokens = []
    sentence = 0
    for match in _TOKENS.finditer(text):
        word = match.group("word")
        if word is None:
            sentence += 1
            continue
        if not word.isascii():
            word = unicodedata.normalize("NFKC", word)
        lower = word.casefold().replace("’", "'")
        tokens.append(Token(match.start(), match.end(), lower, stem(lower), sentence))
    return tokens


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[T]):
    """Where a phrase was found: character offsets and the payloads of every phrase that fits."""

    start: int
    end: int
    payloads: tuple[T, ...]


class PhraseIndex(Generic[T]):
    """A set of phrases, each with a payload, to find in tokenized text."""

    def __init__(self, phrases: Iterable[tuple[str, T]]):
        self._by_stems: dict[str, list[T]] = {}
        self._by_words: dict[str, list[T]] = {}
        self._prefixes: set[str] = set()
        self._longest = 0
        for phrase, payload in phrases:
            words = tokenize(phrase)
            if not words:
                continue
            for table, key in (
                (self._by_stems, "".join(token.stem for token in words)),
                (self._by_words, "".join(token.lower for token in words)),
            ):
                table.setdefault(key, []).append(payload)
                self._prefixes.update(key[:end] for end in range(1, len(key) + 1))
            self._longest = max(self._longest, len(words))

    def find(self, tokens: list[Token]) -> list[PhraseMatch[T]]:
        """Every phrase in the tokens, leftmost-longest, without overlaps."""
        candidates = []
        reach = self._longest + 1  # a phrase split once more than it is written
        for first, token in enumerate(tokens):
            stems = words = ""
            for last in range(first, min(len(tokens), first + reach)):
                if tokens[last].sentence != token.sentence:
                    break
                stems += tokens[last].stem
                words += tokens[last].lower
                if stems not in self._prefixes and words not in self._prefixes:
                    break
                found = [*self._by_stems.get(stems, ()), *self._by_words.get(words, ())]
                if found:
                    candidates.append((first, last, tuple(dict.fromkeys(found))))
        matches: list[PhraseMatch[T]] = []
        reached = 0
        for first, last, payloads in sorted(candidates, key=lambda c: (c[0], -c[1])):
            if first < reached:
                continue
            reached = last + 1
            matches.append(PhraseMatch(tokens[first].start, tokens[last].end, payloads))
        return matches
