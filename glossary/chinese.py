"""Build-time Chinese forms: OpenCC regional variants, pypinyin drafts, pinyin checks, zhuyin.

Only `glossary build`, `validate` and `new` import this module: queries read the forms it
computes from the database.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Any

from glossary.normalize import _pinyin_letters, is_han

_DASHES_TO_SPACE = str.maketrans("-－—–", "    ")
_SEPARATORS = " -－—–'’·,，、;；:：.。!！?？()（）\"“”"


@dataclass(frozen=True)
class ChineseForms:
    """Every derived form of one Chinese term, and which of them were checked by hand."""

    term: str
    tw: str
    hk: str
    pinyin: str
    pinyin_numbered: str
    pinyin_key: str
    initials: str
    tones: str
    zhuyin: str
    syllables: tuple[str, ...]
    pinyin_checked: bool
    tw_checked: bool
    hk_checked: bool


class PinyinError(ValueError):
    """A pinyin string that does not fit the characters it is written for."""


@functools.cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_taiwan(text: str) -> str:
    """Draft Taiwan form (OpenCC s2twp: characters and Taiwan phrasing)."""
    return str(_converter("s2twp").convert(text))


def to_hongkong(text: str) -> str:
    """Draft Hong Kong form (OpenCC s2hk)."""
    return str(_converter("s2hk").convert(text))


def to_simplified(text: str) -> str:
    """Simplified form of a traditional text (OpenCC t2s)."""
    return str(_converter("t2s").convert(text))


def traditional_to_simplified_table() -> dict[str, str]:
    """Every traditional or regional variant character OpenCC maps to a different simplified one."""
    chars = [chr(code) for code in range(0x3400, 0xA000) if is_han(chr(code))]
    joined = "\n".join(chars)
    table: dict[str, str] = {}
    for config in ("t2s", "tw2s", "hk2s"):
        converted = str(_converter(config).convert(joined)).split("\n")
        for source, target in zip(chars, converted, strict=True):
            if target != source and len(target) == 1 and source not in table:
                table[source] = target
    return table


@functools.cache
def readings(char: str) -> tuple[str, ...]:
    """Every tone-marked reading pypinyin knows for a character (empty for non-Han)."""
    from pypinyin.pinyin_dict import pinyin_dict

    if char == "〇":  # the ideographic zero is not in pypinyin's character table
        return ("líng",)
    value = pinyin_dict.get(ord(char))
    return tuple(value.split(",")) if value else ()


def _syllable(reading: str) -> tuple[str, int]:
    letters = _pinyin_letters(reading)
    tone = next((t for _, t in letters if t), 0)
    return "".join(base for base, _ in letters), tone


def _candidates(char: str) -> set[tuple[str, int]]:
    if not is_han(char):
        return {(char.lower(), 0)}
    found = set()
    for reading in readings(char):
        base, tone = _syllable(reading)
        found.add((base, tone))
        found.add((base, 0))  # the neutral tone is possible in compounds
    return found


def _matches(letters: list[tuple[str, int, int]], li: int, base: str, tone: int) -> bool:
    window = letters[li : li + len(base)]
    if len(window) != len(base) or "".join(b for b, _, _ in window) != base:
        return False
    marks = [t for _, t, _ in window if t]
    return len(marks) <= 1 and (marks[0] if marks else 0) == tone


def split_pinyin(term: str, pinyin: str) -> list[tuple[str, int, int, str, int]]:
    """Align a pinyin string with the characters of a term, one syllable per character.

    Returns, for each character, the character, the span of its syllable in `pinyin` and
    the syllable's toneless letters and tone. Raises PinyinError when no alignment exists.
    """
    chars = [
        c for c in unicodedata.normalize("NFC", term) if c not in _SEPARATORS and not c.isspace()
    ]
    letters: list[tuple[str, int, int]] = []  # (base letter, tone, index in pinyin)
    text = unicodedata.normalize("NFC", pinyin)
    for index, char in enumerate(text):
        if char in _SEPARATORS or char.isspace():
            continue
        for base, tone in _pinyin_letters(char)[:1]:
            letters.append((base, tone, index))
    if any(is_han(c) for c in chars) and not any(tone for _, tone, _ in letters):
        raise PinyinError("has no tone marks (write them: shuāng xúnhuán)")

    @functools.cache
    def align(ci: int, li: int) -> tuple[tuple[int, str, int], ...] | None:
        if ci == len(chars):
            return () if li == len(letters) else None
        for base, tone in sorted(_candidates(chars[ci]), key=lambda c: -len(c[0])):
            if _matches(letters, li, base, tone):
                rest = align(ci + 1, li + len(base))
                if rest is not None:
                    return ((li, base, tone), *rest)
        return None

    found = align(0, 0)
    if found is None:
        raise PinyinError(_explain_misfit(chars, letters, text))
    spans = []
    for position, (li, base, tone) in enumerate(found):
        end_li = found[position + 1][0] if position + 1 < len(found) else len(letters)
        spans.append((chars[position], letters[li][2], letters[end_li - 1][2] + 1, base, tone))
    return spans


def _explain_misfit(chars: list[str], letters: list[tuple[str, int, int]], text: str) -> str:
    """Say where, reading left to right, the pinyin stops fitting the characters."""
    reachable = {0}
    for ci, char in enumerate(chars):
        following = {
            li + len(base)
            for li in reachable
            for base, tone in _candidates(char)
            if _matches(letters, li, base, tone)
        }
        if not following:
            rest = text[letters[min(reachable)][2] :] if min(reachable) < len(letters) else ""
            options = ", ".join(readings(char)) or char
            return (
                f"does not fit the characters: no syllable for {char!r} (character {ci + 1} "
                f"of {len(chars)}, readings {options}) at {rest.strip()!r}"
            )
        reachable = following
    if len(letters) not in reachable:
        extra = text[letters[max(reachable)][2] :] if max(reachable) < len(letters) else ""
        return f"has more syllables than the {len(chars)} characters: {extra.strip()!r} left over"
    return f"does not fit the characters ({len(chars)} syllables expected)"


def draft_pinyin(term: str) -> str:
    """A pypinyin draft of a term's pinyin: tone marks, one syllable per character."""
    from pypinyin import Style, pinyin

    parts = []
    for (item,) in pinyin(term, style=Style.TONE, errors="default"):
        kept = "".join(char for char in item if char not in _SEPARATORS and not char.isspace())
        if kept:
            parts.append(kept)
    return " ".join(parts)


_ZHUYIN = None


def _to_zhuyin(syllable: str) -> str:
    global _ZHUYIN
    if _ZHUYIN is None:
        from pypinyin.style.bopomofo import BopomofoConverter

        _ZHUYIN = BopomofoConverter()
    return str(_ZHUYIN.to_bopomofo(syllable))


def _tone_marked(base: str, tone: int) -> str:
    from pypinyin.contrib.tone_convert import to_tone

    return str(to_tone(f"{base}{tone}" if tone else base))


def forms_for(
    term: str, pinyin: str | None = None, tw: str | None = None, hk: str | None = None
) -> ChineseForms:
    """Every form of a Chinese term: hand-written values win, drafts fill the gaps.

    Raises PinyinError when a hand-written pinyin does not fit the characters.
    """
    display = pinyin if pinyin is not None else draft_pinyin(term)
    spans = split_pinyin(term, display)
    numbered_parts: list[str] = []
    cursor = 0
    for char, start, end, base, tone in spans:
        numbered_parts.append(display[cursor:start].lower())
        numbered_parts.append(f"{base}{tone or 5}" if is_han(char) else display[start:end])
        cursor = end
    numbered_parts.append(display[cursor:].lower())
    han = [(base, tone) for char, _, _, base, tone in spans if is_han(char)]
    zhuyin = " ".join(
        _to_zhuyin(_tone_marked(base, tone)) if _is_syllable(base) else base for base, tone in han
    )
    return ChineseForms(
        term=term,
        tw=tw if tw is not None else to_taiwan(term),
        hk=hk if hk is not None else to_hongkong(term),
        pinyin=display,
        pinyin_numbered=" ".join("".join(numbered_parts).translate(_DASHES_TO_SPACE).split()),
        pinyin_key="".join(base for _, _, _, base, _ in spans if base.isalnum()),
        initials="".join(
            base[0] if is_han(char) else base for char, _, _, base, _ in spans if base.isalnum()
        ),
        tones="".join(str(tone or 5) for _, tone in han),
        zhuyin=zhuyin,
        syllables=tuple(base for base, _ in han),
        pinyin_checked=pinyin is not None,
        tw_checked=tw is not None,
        hk_checked=hk is not None,
    )


def _is_syllable(base: str) -> bool:
    return base in _all_syllables()


@functools.cache
def _all_syllables() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    found = set()
    for value in pinyin_dict.values():
        for reading in value.split(","):
            found.add(_syllable(reading)[0])
    return frozenset(found)


def pinyin_syllables() -> list[str]:
    """Every toneless pinyin syllable pypinyin knows (ü written v), for query parsing."""
    return sorted(_all_syllables())


def zhuyin_syllables() -> list[tuple[str, str]]:
    """(toneless zhuyin, pinyin syllable) for every syllable pypinyin knows, for zhuyin queries."""
    pairs = []
    for syllable in pinyin_syllables():
        if not (syllable.isascii() and syllable.isalpha()):
            continue  # pypinyin lists a few tone-marked oddities (m̄, ē) among its syllables
        zhuyin = "".join(c for c in _to_zhuyin(syllable) if c not in "ˉˊˇˋ˙")
        if zhuyin and zhuyin.isalpha() and not zhuyin.isascii():
            pairs.append((zhuyin, syllable))
    return pairs
