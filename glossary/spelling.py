"""Forgiving search: the keys a misspelt query may have meant, and zhuyin read as pinyin.

A one-letter typo (a letter transposed, missing, extra or wrong) is found by symmetric
deletion: the build stores every key of the curated layer with each one-letter deletion of
it (`typo_variants`); a query looks up itself and its own one-letter deletions
(`query_variants`), and `reason` keeps the candidates truly one edit away. English
phrases are also stored with their words joined (`joined`), so "dualcirculation" and
"dual circ ulation" meet "dual circulation". The table stores a 32-bit hash of each
variant (`variant_hash`) and the key's number, a quarter of the size of the text; a
hash that collides only brings a candidate that `reason` then turns away.

Zhuyin (ㄕㄨㄤ ㄒㄩㄣˊ ㄏㄨㄢˊ) is read syllable by syllable through a table the build
derives with pypinyin (`zhuyin_syllables` in the database); `read_zhuyin` needs only that
table, so a query imports nothing heavy.

Pure Python and the standard library only: the lookup fast path imports this module.
"""

from __future__ import annotations

import zlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

MIN_TYPO_LENGTH = 4  # shorter keys have too many neighbours one letter away to be useful
MAX_TYPO_LENGTH = 64  # longer queries are pasted text, not typed words
SPACING = "spacing"
TYPO = "typo"
U_FOR_UE = "u for ü"
WORD_ORDER = "word order"
REASONS = (WORD_ORDER, SPACING, U_FOR_UE, TYPO)  # the order forgiving matches rank in

_TONE_MARKS = {"ˉ": 1, "ˊ": 2, "ˇ": 3, "ˋ": 4, "˙": 5}
_NEUTRAL = "˙"


def deletions(key: str) -> set[str]:
    """Every string one character shorter than `key`."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def typo_variants(key: str) -> set[str]:
    """What the build stores for a key: the key and its one-letter deletions (none if short)."""
    if not MIN_TYPO_LENGTH <= len(key) <= MAX_TYPO_LENGTH:
        return set()
    return {key, *deletions(key)}


def query_variants(key: str) -> list[str]:
    """What a query looks up among the stored variants: itself and its one-letter deletions."""
    if not MIN_TYPO_LENGTH - 1 <= len(key) <= MAX_TYPO_LENGTH + 1:
        return []
    return sorted({key, *deletions(key)})


def joined(key: str) -> str:
    """An English key with its spaces dropped: the form words written together take."""
    return key.replace(" ", "")


def variant_hash(kind: str, how: str, variant: str) -> int:
    """The number the spelling table stores for a variant ("typo" or "joined") of a key."""
    return zlib.crc32(f"{kind}\t{how}\t{variant}".encode())


def index_hashes(kind: str, key: str) -> set[int]:
    """What the build stores for a key: its typo variants and, for a phrase, its words joined."""
    hashes = {variant_hash(kind, "typo", variant) for variant in typo_variants(key)}
    if kind == "en" and " " in key:
        hashes.add(variant_hash(kind, "joined", joined(key)))
    return hashes


def lookup_hashes(kind: str, key: str) -> list[int]:
    """What a query looks up: the hashes of its typo variants and of its words joined."""
    hashes = {variant_hash(kind, "typo", variant) for variant in query_variants(key)}
    if kind == "en" and len(joined(key)) >= MIN_TYPO_LENGTH:
        hashes.add(variant_hash(kind, "joined", joined(key)))
    return sorted(hashes)


def reason(query: str, key: str) -> str | None:
    """Why `key` may be what `query` meant, if one edit apart (else None).

    "spacing" for a space missing or extra, "u for ü" for u typed where the key has ü
    (written v), "typo" for any other letter transposed, missing, extra or wrong.
    """
    if query == key:
        return None
    if joined(query) == joined(key):
        return SPACING
    if len(query) == len(key):
        diff = [i for i in range(len(key)) if query[i] != key[i]]
        if len(diff) == 1:
            i = diff[0]
            return U_FOR_UE if (query[i], key[i]) == ("u", "v") else TYPO
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            i, j = diff
            return TYPO if (query[i], query[j]) == (key[j], key[i]) else None
        return None
    shorter, longer = sorted((query, key), key=len)
    if len(longer) - len(shorter) != 1:
        return None
    i = next((i for i in range(len(shorter)) if shorter[i] != longer[i]), len(shorter))
    if shorter[i:] != longer[i + 1 :]:
        return None
    return SPACING if longer[i] == " " else TYPO


def u_for_ue(key: str) -> list[str]:
    """A pinyin key with u read as ü after l or n ("luse" -> "lvse"): each one, then all."""
    spots = [i + 1 for i in range(len(key) - 1) if key[i] in "ln" and key[i + 1] == "u"][:4]
    variants = [key[:i] + "v" + key[i + 1 :] for i in spots]
    if len(spots) > 1:
        chars = list(key)
        for i in spots:
            chars[i] = "v"
        variants.append("".join(chars))
    return variants


def zhuyin_table(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The toneless zhuyin of each pinyin syllable, one syllable per zhuyin spelling.

    Where two pinyin spellings share a zhuyin (yo and io), the one in standard spelling wins:
    a syllable on its own starts with y or w, never i, u or ü.
    """
    table: dict[str, str] = {}
    for zhuyin, syllable in sorted(pairs, key=lambda pair: (pair[1][0] in "iuv", pair[1])):
        table.setdefault(zhuyin, syllable)
    return table


def read_zhuyin(text: str, table: Mapping[str, str]) -> tuple[str, str] | None:
    """Zhuyin as (toneless pinyin key, tone digits), or None if the text is not zhuyin.

    Syllables may be written together or apart; tone marks follow their syllable, and the
    neutral-tone dot may come before it (as in Taiwan) or after. Without any tone mark the
    tones are left open (""); with some, a syllable without a mark is first tone.
    """
    longest = max(map(len, table), default=0)
    syllables: list[list[str | int]] = []  # [pinyin, tone]
    dot_before = False
    i = 0
    text = text.strip()
    while i < len(text):
        char = text[i]
        if char in _TONE_MARKS:
            # a dot that opens a word, or comes straight after another mark, marks what follows
            opens = not syllables or text[i - 1].isspace() or text[i - 1] in _TONE_MARKS
            if char == _NEUTRAL and opens:
                dot_before = True
            elif syllables and syllables[-1][1] == 0:
                syllables[-1][1] = _TONE_MARKS[char]
            else:
                return None
            i += 1
            continue
        if char.isspace() or char in "'’-":
            i += 1
            continue
        for size in range(min(longest, len(text) - i), 0, -1):
            syllable = table.get(text[i : i + size])
            if syllable is not None:
                syllables.append([syllable, 5 if dot_before else 0])
                dot_before = False
                i += size
                break
        else:
            return None
    if not syllables:
        return None
    key = "".join(str(pinyin) for pinyin, _ in syllables)
    if all(tone == 0 for _, tone in syllables):
        return key, ""
    return key, "".join(str(tone or 1) for _, tone in syllables)
