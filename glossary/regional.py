"""Regional vocabulary: where Taiwan or Hong Kong may use another word, and what was decided.

OpenCC converts characters (s2tw, s2hk) and, with its phrase tables (s2twp, s2hkp), words:
软件 becomes 軟件 character by character but 軟體 as Taiwan's word. Where the two differ,
or a term file names a regional word, the term file must record a decision on the Chinese
term: the word the region uses (`tw_word`, `hk_word`), or a `regional_note` saying why the
phrase conversion is rejected (雙迴圈 for 双循环) or how the region renders the term.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from glossary.termfiles import Termbase, locate

# region: (its name, the character-only OpenCC configuration, the phrase configuration)
REGIONS = {
    "tw": ("Taiwan", "s2tw", "s2twp"),
    "hk": ("Hong Kong", "s2hk", "s2hkp"),
}


@dataclass(frozen=True)
class Case:
    """One Chinese term whose regional word needs a decision, and the decision if made."""

    concept: str
    index: int  # of the Chinese term in the concept's [[zh]]
    term: str
    region: str  # tw or hk
    characters: str  # OpenCC's character-only conversion
    phrase: str  # OpenCC's phrase conversion
    word: str | None  # the regional word the term file gives
    note: str | None  # the term file's regional_note
    path: str
    line: int

    @property
    def decided(self) -> bool:
        """The term file gives the region's word or a regional note."""
        return bool(self.word or self.note)

    def as_dict(self) -> dict[str, Any]:
        """The case as a JSON object."""
        return {**asdict(self), "decided": self.decided}


def convert(config: str, text: str) -> str:
    """OpenCC's conversion of a text; a phrase configuration OpenCC lacks converts nothing more."""
    from glossary.chinese import _converter

    try:
        return str(_converter(config).convert(text))
    except Exception:  # an older OpenCC without s2hkp: fall back to the characters
        fallback = {phrase: chars for chars, phrase in (r[1:] for r in REGIONS.values())}
        if config in fallback:
            return convert(fallback[config], text)
        raise


def cases(termbase: Termbase) -> list[Case]:
    """Every Chinese term of the termbase whose Taiwan or Hong Kong word needs a decision."""
    found = []
    for concept_id in sorted(termbase.concepts):
        concept = termbase.concepts[concept_id]
        path = termbase.paths[concept_id]
        text: str | None = None
        for index, zh in enumerate(concept.zh):
            for region, (_, chars_config, phrase_config) in REGIONS.items():
                characters = convert(chars_config, zh.term)
                phrase = convert(phrase_config, zh.term)
                word = zh.tw_word if region == "tw" else zh.hk_word
                if characters == phrase and not word:
                    continue
                if text is None:
                    text = Path(path).read_text(encoding="utf-8")
                line = locate(text, f"zh[{index}].term")
                found.append(
                    Case(concept_id, index, zh.term, region, characters, phrase, word,
                         zh.regional_note, str(path), line)
                )  # fmt: skip
    return found


def case_line(case: Case) -> str:
    """One case as `path:line: term region: characters → phrase; decision`."""
    name = REGIONS[case.region][0]
    if case.word:
        decision = f"decided: {name} word {case.word}"
    elif case.note:
        decision = f"decided: {case.note}"
    else:
        decision = "UNDECIDED: add tw_word/hk_word or regional_note"
    return (
        f"{case.path}:{case.line}: {case.term} [{case.concept}] {name}: characters "
        f"{case.characters}, phrase {case.phrase}; {decision}"
    )
