"""Finding English renderings in English text, tolerant of case, hyphens and inflection.

Words are compared by an inflection fold (`fold`), which undoes inflection only, never
derivation:

- case and the possessive: "China's", "countries'" meet "china", "country";
- plural and third person: "circulations", "policies", "boxes" meet "circulation",
  "policy", "box";
- -ed and -ing: "opened", "opening", "planned", "deepening" meet "open", "plan", "deepen";
- but not derivation: "innovative" does not meet "innovation", "circulating" does not meet
  "circulation", "strategic" does not meet "strategy".

Words are compared by token rather than by character, so "dual-circulation", "dual
circulation" and "Dual Circulation" all match the rendering "dual circulation". A phrase
may also be written closed up or split ("chokehold", "choke-hold", "highfence" for "high
fence"): a run of words matches when the words joined match the phrase joined. A match
never spans a sentence break.

`PhraseIndex` finds phrases written as they are listed (inflected); `loose_match` also
accepts the looser forms a translator writes for an accepted rendering (see there).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable

T = TypeVar("T")

_TOKENS = re.compile(
    r"(?P<word>[^\W_]+(?:['’][^\W_]+)*)"
    r"|(?P<stop>[.!?;:。！？；：]+(?=[\s\"'”’)\]]|$)|\n[^\S\n]*\n)"
)


_VOWEL = re.compile("[aeiouy]")
_DOUBLE = re.compile(r"([bcdfgklmnprtvz])\1$")
_KEEP_S = ("ss", "us", "is", "ics")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """A lowercased word with its inflection undone: the key words are compared by.

    Plural, third person, past and -ing forms and the possessive fold to one key; the key
    also drops a final e and a doubled final consonant, so "changes", "changed" and
    "change" meet, and "planned" meets "plan". Derived words keep their suffix.
    """
    word = word.casefold().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if (len(word) > 4 and word.endswith("ies")) or (len(word) > 4 and word.endswith("ied")):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_S):
        word = word[:-1]
    elif word.endswith("ed") and _VOWEL.search(word[:-2]) and len(word) > 5:
        word = word[:-2]
    elif word.endswith("ing") and _VOWEL.search(word[:-3]) and len(word) > 5:
        word = word[:-3]
    if len(word) > 3 and word.endswith("e") and not word.endswith(("ee", "ie", "ye")):
        word = word[:-1]
    return _DOUBLE.sub(r"\1", word) if len(word) > 3 else word


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a text: its offsets, lowercased form, inflection fold and its sentence."""

    start: int
    end: int
    lower: str
    stem: str  # the inflection fold (`fold`)
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
        tokens.append(Token(match.start(), match.end(), lower, fold(lower), sentence))
    return tokens


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[T]):
    """Where a phrase was found: offsets, the payloads of every phrase that fits (`exact`:
    those written word for word, which decide between phrases that fold alike)."""

    start: int
    end: int
    payloads: tuple[T, ...]
    exact: tuple[T, ...] = ()


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
                written = self._by_words.get(words, [])
                found = [*self._by_stems.get(stems, ()), *written]
                if found:
                    candidates.append((first, last, tuple(dict.fromkeys(found)), tuple(written)))
        matches: list[PhraseMatch[T]] = []
        reached = 0
        for first, last, payloads, exact in sorted(candidates, key=lambda c: (c[0], -c[1])):
            if first < reached:
                continue
            reached = last + 1
            matches.append(PhraseMatch(tokens[first].start, tokens[last].end, payloads, exact))
        return matches


_FUNCTION = (
    "a an the of in on for to and or with by at as from into its their our his her this that"
)
FUNCTION_WORDS = frozenset([*_FUNCTION.split(), "these", "those", "both", "well"])
POSSESSIVE_PRONOUNS = frozenset(["my", "your", "his", "her", "its", "our", "their"])
WINDOW = 6  # content words a loose match may span beyond the rendering's content words


class TargetWords:
    """The words of a translation, indexed by fold, for loose matches and near misses."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.positions: dict[str, list[int]] = {}
        self.content: list[int] = []  # content words before each token, for loose windows
        count = 0
        for number, token in enumerate(self.tokens):
            self.positions.setdefault(token.stem, []).append(number)
            self.content.append(count)
            count += token.lower not in FUNCTION_WORDS

    def token_span(self, start: int, end: int) -> tuple[int, int]:
        """The tokens first..last within the character offsets start..end."""
        inside = [i for i, t in enumerate(self.tokens) if t.start >= start and t.end <= end]
        return (inside[0], inside[-1]) if inside else (0, -1)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets of the tokens first..last."""
        return self.tokens[first].start, self.tokens[last].end

    def loose_match(self, phrase: list[Token]) -> tuple[int, int] | None:
        """Token span where a multi-word phrase is written loosely, or None.

        Its content words (all but articles, prepositions and conjunctions), in any order,
        within one sentence and a window of its content words plus `WINDOW` (counted in
        content words: function words between cost nothing): words inserted ("the key
        core technologies"), function words changed ("trade of goods" for "trade in
        goods"), parts apart ("standing committee session of the 13th National People's
        Congress") and coordination ("global changes and a pandemic both unseen in a
        century" for "changes unseen in a century"; "strength in science and technology,
        as well as in space" for "strength in space").
        """
        content = list(dict.fromkeys(t.stem for t in phrase if t.lower not in FUNCTION_WORDS))
        if len(content) < 2 or any(word not in self.positions for word in content):
            return None
        best = self._cover(content, len(content) + WINDOW, self.content)
        return (best[0], best[1]) if best and best[2] == len(content) else None

    def other_possessor(self, phrase: list[Token]) -> tuple[int, int] | None:
        """Token span where a phrase led by "people's" is written with another possessor.

        民生 is "people's wellbeing", but 改善妇女民生 is "improve their lives" and 农民民生
        "farmers' wellbeing": the Chinese names whose, and the English says it with a
        possessive pronoun or noun in place of "people's".
        """
        if len(phrase) < 2 or phrase[0].lower != "people's":
            return None
        rest = [token.stem for token in phrase[1:]]
        for first in self.positions.get(rest[0], ()):
            last = first + len(rest) - 1
            if first == 0 or last >= len(self.tokens):
                continue
            words = self.tokens[first - 1 : last + 1]
            if len({token.sentence for token in words}) > 1:
                continue
            if [token.stem for token in words[1:]] == rest and self._possessive(words[0]):
                return first - 1, last
        return None

    def _possessive(self, token: Token) -> bool:
        word = token.lower
        if word in POSSESSIVE_PRONOUNS or (word.endswith("'s") and len(word) > 2):
            return True
        # a plural possessive: the tokens leave out the apostrophe after "farmers"
        return word.endswith("s") and self.text[token.end : token.end + 1] in ("'", "’")

    def near_miss(self, phrase: list[Token]) -> tuple[int, int] | None:
        """Token span of a phrase that shares most (not all) content words with `phrase`."""
        content = list(dict.fromkeys(t.stem for t in phrase if t.lower not in FUNCTION_WORDS))
        if len(content) < 2:
            return None
        best = self._cover(content, len(phrase) + 2)
        if not best or best[2] * 2 <= len(content) or best[2] < 2 or best[2] == len(content):
            return None
        first, last, _ = best
        # stretch over the words that stand where the missing ones would
        order = [t.stem for t in phrase if t.lower not in FUNCTION_WORDS]
        present = {self.tokens[i].stem for i in range(first, last + 1)}
        if order[-1] not in present:
            last = self._stretch(last, 1)
        if order[0] not in present:
            first = self._stretch(first, -1)
        return first, last

    def _stretch(self, index: int, step: int) -> int:
        nxt = index + step
        if 0 <= nxt < len(self.tokens):
            token = self.tokens[nxt]
            if token.sentence == self.tokens[index].sentence and token.lower not in FUNCTION_WORDS:
                return nxt
        return index

    def _cover(
        self, content: list[str], width: int, numbering: list[int] | None = None
    ) -> tuple[int, int, int] | None:
        """The smallest window (first, last, words) holding the most of `content`.

        The window is `width` tokens, or `width` content words when `numbering` counts them.
        """
        at = numbering or range(len(self.tokens))
        hits = sorted(
            (position, word) for word in content for position in self.positions.get(word, ())
        )
        best: tuple[int, int, int] | None = None
        for anchor, (start, _) in enumerate(hits):
            sentence = self.tokens[start].sentence
            seen: dict[str, int] = {}
            for position, word in hits[anchor:]:
                if at[position] - at[start] >= width or self.tokens[position].sentence != sentence:
                    break
                seen.setdefault(word, position)
            count = len(seen)
            last = max(seen.values())
            if best is None or (count, start - last) > (best[2], best[0] - best[1]):
                best = (start, last, count)
        return best
