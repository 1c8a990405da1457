"""Text normalisation shared by the build and by queries: pure Python, no OpenCC, no pypinyin."""

from __future__ import annotations

import re
import unicodedata

_TONED_VOWELS = {
    "ā": ("a", 1), "á": ("a", 2), "ǎ": ("a", 3), "à": ("a", 4),
    "ē": ("e", 1), "é": ("e", 2), "ě": ("e", 3), "è": ("e", 4),
    "ī": ("i", 1), "í": ("i", 2), "ǐ": ("i", 3), "ì": ("i", 4),
    "ō": ("o", 1), "ó": ("o", 2), "ǒ": ("o", 3), "ò": ("o", 4),
    "ū": ("u", 1), "ú": ("u", 2), "ǔ": ("u", 3), "ù": ("u", 4),
    "ǖ": ("v", 1), "ǘ": ("v", 2), "ǚ": ("v", 3), "ǜ": ("v", 4), "ü": ("v", 0),
    "ḿ": ("m", 2), "ń": ("n", 2), "ň": ("n", 3), "ǹ": ("n", 4),
    "ê": ("e", 0),
}  # fmt: skip

# Characters that are invisible or only steer layout: never part of a term.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                        "\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]")  # fmt: skip
_SPACE_RUN = re.compile(r"\s+")
_NOT_ALNUM_ASCII = re.compile("[^0-9A-Za-z]+")
_HAN_RANGES = (
    (0x3007, 0x3007),  # 〇, the ideographic zero of 二〇三五年
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)
_APOSTROPHES = "'’‘`´ʼ"
# Quotation marks and spaces that set off part of a term in running text (“三北”工程).
_QUOTES_AND_SPACES = re.compile(r"[\s“”‘’\"'「」『』《》〈〉]")


def is_han(char: str) -> bool:
    """True when the character is a CJK ideograph (BMP, extension A or the supplementary planes)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _HAN_RANGES)


def has_han(text: str) -> bool:
    """True when the text contains at least one CJK ideograph."""
    return any(is_han(char) for char in text)


def is_bopomofo(char: str) -> bool:
    """True for a zhuyin letter (the Bopomofo blocks)."""
    return "\u3105" <= char <= "\u312f" or "\u31a0" <= char <= "\u31bf"


def has_bopomofo(text: str) -> bool:
    """True when the text contains a zhuyin letter."""
    return any(is_bopomofo(char) for char in text)


def clean(text: str) -> str:
    """NFKC (full-width to half-width), invisible and control characters dropped, spaces folded."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp") else char
        for char in text
    )
    return _SPACE_RUN.sub(" ", text).strip()


def without_quotes(text: str) -> str:
    """The text without quotation marks and spaces, so 能耗“双控” reads as 能耗双控."""
    return _QUOTES_AND_SPACES.sub("", text)


def han_key(text: str) -> str:
    """The search key of a Chinese form: whitespace and punctuation dropped, Latin lowercased."""
    return "".join(
        char.lower()
        for char in clean(text)
        if not char.isspace() and unicodedata.category(char)[0] not in "PSZ"
    )


def english_key(text: str) -> str:
    """The search key of an English phrase: casefolded, hyphens and punctuation as spaces."""
    if text.isascii():  # the same key, faster (most text is ASCII: CC-CEDICT's 200,000 glosses)
        return _NOT_ALNUM_ASCII.sub(" ", text.lower().replace("'", "").replace("`", "")).strip()
    return _english_key(text)


def _english_key(text: str) -> str:
    """english_key for any text (Unicode folding, invisible characters dropped)."""
    text = clean(text).casefold()
    text = "".join("" if char in _APOSTROPHES else char for char in text)
    text = "".join(char if char.isalnum() else " " for char in text)
    return _SPACE_RUN.sub(" ", text).strip()


def _pinyin_letters(text: str) -> list[tuple[str, int]]:
    """Each letter of a pinyin string with the tone its mark carries (0 for none)."""
    out = []
    text = unicodedata.normalize("NFC", clean(text).lower()).replace("u:", "v")
    for char in text:
        if char in _TONED_VOWELS:
            out.append(_TONED_VOWELS[char])
            continue
        base = unicodedata.normalize("NFD", char)[0]
        out.append((base, 0))
    return out


def pinyin_key(text: str) -> str:
    """Toneless, separator-free pinyin: 'Shuāng xúnhuán', 'shuang1 xun2huan2' -> 'shuangxunhuan'."""
    return "".join(base for base, _ in _pinyin_letters(text) if base.isalpha() and base.isascii())


def pinyin_tones(text: str) -> str:
    """The tones a pinyin string carries, in order, as digits: 'shuāng xúnhuán' -> '122'."""
    tones = []
    for base, tone in _pinyin_letters(text):
        if tone:
            tones.append(str(tone))
        elif base in "12345":
            tones.append(base)
    return "".join(tones)


def looks_like_pinyin(text: str) -> bool:
    """True when the text is only Latin letters (tone marks allowed), tone digits and separators."""
    letters = _pinyin_letters(text)
    return bool(letters) and all(
        (base.isascii() and (base.isalpha() or base in "12345 '-")) or base in _APOSTROPHES
        for base, _ in letters
    )


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a character boundary."""
    return text if len(text) <= limit else text[:limit]
