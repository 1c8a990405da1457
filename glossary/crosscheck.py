"""Cross-check curated terms against CC-CEDICT: differing pinyin, disagreeing glosses.

These are warnings for an editor to review, not errors: CC-CEDICT is a general
dictionary and policy usage often narrows or shifts a word's everyday sense.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from glossary.model import Concept, Problem
from glossary.normalize import is_han
from glossary.termfiles import FileProblem, Termbase, iter_term_problems

_STOPWORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
     "to", "with", "sb", "sth", "etc", "abbr"]
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Reading:
    """A CC-CEDICT reading of a headword: toneless key, tones, display pinyin, glosses."""

    key: str
    tones: str
    pinyin: str
    definitions: tuple[str, ...]


def cedict_readings() -> Mapping[str, tuple[Reading, ...]]:
    """Every CC-CEDICT reading by simplified headword (read once per process, read-only)."""
    return _readings()


@functools.cache
def _readings() -> MappingProxyType[str, tuple[Reading, ...]]:
    from glossary import cedict

    readings: dict[str, list[Reading]] = {}
    for entry in cedict.entries():
        readings.setdefault(entry.simplified, []).append(
            Reading(entry.pinyin_key, entry.tones, entry.pinyin, entry.definitions)
        )
    return MappingProxyType({word: tuple(found) for word, found in readings.items()})


def content_words(text: str) -> set[str]:
    """Lower-case words of an English gloss without function words (crude plural folding)."""
    words = set()
    for word in _WORD.findall(text.lower()):
        if word in _STOPWORDS or len(word) < 3:
            continue
        words.add(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return words


def crosscheck(termbase: Termbase, readings: Mapping[str, Sequence[Reading]]) -> list[FileProblem]:
    """Warnings where curated pinyin or glosses differ from CC-CEDICT for the same word."""
    from glossary.chinese import forms_for

    def check(concept: Concept) -> list[Problem]:
        problems = []
        ours = set().union(*(content_words(en.term) for en in concept.en))
        for index, zh in enumerate(concept.zh):
            theirs = readings.get(zh.term)
            if not theirs:
                continue
            forms = forms_for(zh.term, zh.pinyin, zh.tw, zh.hk)
            matching = [r for r in theirs if r.key == forms.pinyin_key]
            # digits and Latin letters: CC-CEDICT spells them out (2025 èrlíng'èrwǔ)
            if all(is_han(c) for c in zh.term) and not any(
                _same_tones(r.tones, forms.tones) for r in matching
            ):
                options = " or ".join(sorted({r.pinyin for r in theirs}))
                problems.append(
                    Problem(
                        f"zh[{index}].pinyin",
                        f"{forms.pinyin!r} differs from CC-CEDICT {options!r}",
                    )
                )
            glosses = [d for r in theirs for d in r.definitions if not d.startswith("CL:")]
            if ours and glosses and not ours & set().union(*(content_words(g) for g in glosses)):
                problems.append(
                    Problem(
                        f"zh[{index}].term",
                        f"renderings share no word with CC-CEDICT's gloss of {zh.term}: "
                        + "; ".join(glosses[:4]),
                    )
                )
        return problems

    return list(iter_term_problems(termbase, check))


def _same_tones(cedict_tones: str, our_tones: str) -> bool:
    """Tones agree, a neutral tone on either side matching anything (CC-CEDICT varies there)."""
    if len(cedict_tones) != len(our_tones):
        return False
    return all(a == b or "5" in (a, b) for a, b in zip(cedict_tones, our_tones, strict=True))
