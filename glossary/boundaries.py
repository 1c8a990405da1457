"""Chinese word boundaries from the general layer: where a term found in a text cuts a word.

Chinese is written without spaces, so a glossary term can be found inside a longer word:
超级计算 (supercomputing) inside 超级计算机 (supercomputer), 人力资源和社会保障部 (the
ministry) inside 人力资源和社会保障部门 (the departments), 九五 (the Ninth Five-Year Plan)
inside the year 一九五七. Such a match is not the term.

The rule looks at the end of the match. The term is cut into CC-CEDICT words, longest
first (`general_words`); when its last word and the one character after the match form a
longer CC-CEDICT word (部 + 门 = 部门, 超级计算 + 机 = 超级计算机), the match cuts that
word, unless

- that character begins a word of its own with what follows (党的二十大胜利: 胜利 is a
  word, so 大胜 is not taken), or
- it is a character that ordinarily follows a phrase, a postposition or particle
  (高质量发展中: 中 "in", not 发展中 "developing"; 实行利改税后: 后 "after"), or
- the longer word is a proper name (all its senses capitalised: 大和 Yamato).

A longer word that adds a whole word is not a cut: 非公有制经济发展 is the non-public
sector's development, not a term inside 经济发展. Without a general layer nothing is cut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from glossary.normalize import is_han

if TYPE_CHECKING:
    from collections.abc import Callable

    from glossary.query import Glossary

LONGEST_WORD = 8  # characters: longer CC-CEDICT headwords are set phrases, not words
# characters that follow a phrase rather than end a word: postpositions, particles,
# conjunctions and the commonest verbs after a subject
PHRASE_FOLLOWERS = frozenset("中后前时里上下是要和与及或的地得了着过等都也就在为把被将")


class WordEdges:
    """Decides whether a match in a text cuts a longer general-layer word (see the module)."""

    def __init__(self, glossary: Glossary, fold: Callable[[str], str] = lambda char: char):
        self.glossary = glossary
        self.fold = fold  # a character of the text as the dictionary writes it (simplified)
        self._senses: dict[str, list[str] | None] = {}
        self._words: dict[str, list[str]] = {}

    def senses(self, word: str) -> list[str] | None:
        """The CC-CEDICT senses of a word, or None when it is not a headword."""
        if word not in self._senses:
            self._senses[word] = self.glossary.general_definitions(word)
        return self._senses[word]

    def general_words(self, term: str) -> list[str]:
        """The term cut into CC-CEDICT words, longest first (an unknown character alone)."""
        words = self._words.get(term)
        if words is None:
            words = self._words[term] = []
            start = 0
            while start < len(term):
                end = min(len(term), start + LONGEST_WORD)
                while end > start + 1 and self.senses(term[start:end]) is None:
                    end -= 1
                words.append(term[start:end])
                start = end
        return words

    def cut_word(self, text: str, start: int, end: int) -> str:
        """The longer word that the match text[start:end] cuts at its end, or ''."""
        if not self.glossary.has_general or end >= len(text) or end <= start:
            return ""
        follower = self.fold(text[end])
        if len(follower) != 1 or not is_han(follower) or follower in PHRASE_FOLLOWERS:
            return ""
        term = "".join(self.fold(char) for char in text[start:end])
        longer = self.general_words(term)[-1] + follower
        senses = self.senses(longer)
        if senses is None or all(sense[:1].isupper() for sense in senses):
            return ""
        after = "".join(self.fold(char) for char in text[end : end + LONGEST_WORD])
        if any(self.senses(after[:size]) is not None for size in range(2, len(after) + 1)):
            return ""
        return longer


NAME_WINDOW = 8  # characters before a title in which to look for the holder's name


def named_before(text: str, start: int) -> str:
    """The personal name that ends right where text[start:] begins, or ''.

    A title written after a name (阮富仲总书记, 习近平总书记) belongs to that person.
    CC-CEDICT lists few names, so this asks jieba's part-of-speech tagger, whose `nr`
    tags mark personal names, foreign ones included (阮富仲, 拜登).
    """
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)  # jieba logs its dictionary loading on every first use
    before = text[max(0, start - NAME_WINDOW) : start]
    words = list(jieba.posseg.cut(before)) if before else []
    if words and words[-1].flag.startswith("nr") and len(words[-1].word) > 1:
        return str(words[-1].word)
    return ""
