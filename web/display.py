"""How entries are shown: pinyin split into syllables with tones, citations, grouping, sorting."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from glossary.fields import PINYIN_NUMBERED
from glossary.vocabulary import STATUSES, is_avoided, preferred_term

_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
_NUMBERED_SYLLABLE = re.compile(r"([a-zv]+)([1-5])")
ZH_TYPE_LABELS = {
    "fullForm": "full form",
    "shortForm": "short form",
    "abbreviation": "abbreviation",
    "variant": "variant",
    "phrase": "phrase",
}
LANG_TAGS = {"zh": "zh-Hans", "tw": "zh-Hant-TW", "hk": "zh-Hant-HK", "en": "en"}


@dataclass(frozen=True)
class Syllable:
    """A piece of a pinyin string: a syllable with its tone (1-5), or text between syllables."""

    text: str
    tone: int | None = None


def _fold(char: str) -> str:
    base = unicodedata.normalize("NFD", char.lower())[0]
    return "v" if base == "u" and "\u0308" in unicodedata.normalize("NFD", char) else base


def _tone_of(text: str) -> int:
    for char in unicodedata.normalize("NFD", text):
        if char in _TONE_MARKS:
            return _TONE_MARKS[char]
    return 5


def syllables(pinyin: str, numbered: str) -> list[Syllable]:
    """Split word-joined tone-marked pinyin into syllables, guided by the numbered form.

    The pieces always join back into `pinyin` exactly; a piece the numbered form does not
    explain (Latin letters, digits, separators) comes back without a tone.
    """
    pinyin = unicodedata.normalize("NFC", pinyin)
    folded = "".join(_fold(char) for char in pinyin)
    pieces: list[Syllable] = []
    cursor = 0
    for match in _NUMBERED_SYLLABLE.finditer(numbered.lower()):
        base = match.group(1)
        found = folded.find(base, cursor)
        if found < 0:
            break
        if found > cursor:
            pieces.append(Syllable(pinyin[cursor:found]))
        text = pinyin[found : found + len(base)]
        pieces.append(Syllable(text, _tone_of(text)))
        cursor = found + len(base)
    if cursor < len(pinyin):
        pieces.append(Syllable(pinyin[cursor:]))
    return pieces


def by_status(entry: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The entry's renderings grouped by status, in the order preferred, admitted, ..."""
    groups = [(status, [en for en in entry["en"] if en["status"] == status]) for status in STATUSES]
    return [(status, items) for status, items in groups if items]


def citation(source_key: str | None, sources: dict[str, dict[str, Any]]) -> str:
    """A source as a reader would cite it: author, title, publisher, date."""
    if not source_key:
        return ""
    source = sources.get(source_key)
    if source is None:
        return source_key
    parts = [source.get("author"), source.get("title"), source.get("publisher"), source.get("date")]
    return ". ".join(str(part).rstrip(".") for part in parts if part) + "."


def cite_entry(entry: dict[str, Any], url: str, site: str, version: str, today: str) -> str:
    """The "cite this entry" line."""
    zh = entry["zh"][0]["term"] if entry["zh"] else entry["id"]
    english = preferred_term(entry)
    name = f"{zh} ({english})" if english else zh
    return f"“{name}”. {site}, version {version}. {url} (accessed {today})."


def initial(entry: dict[str, Any]) -> str:
    """The pinyin initial letter of an entry's first Chinese term, a-z ('' if none)."""
    for zh in entry["zh"]:
        for char in zh.get("pinyin") or "":
            letter = _fold(char)
            if "a" <= letter <= "z":
                return letter
    return ""


def pinyin_sort_key(entry: dict[str, Any]) -> tuple[str, str]:
    """Sort entries by the numbered pinyin of their first Chinese term, then by id."""
    first = entry["zh"][0] if entry["zh"] else {}
    return (str(first.get(PINYIN_NUMBERED) or "").lower(), entry["id"])


MATCH_FIELD_LABELS = {
    "en": "English",
    "pinyin": "pinyin",
    "initials": "initials",
    "definition": "definition",
    "zhuyin": "zhuyin",
}
USAGE_LABELS = {
    "official": "official",
    "scholarly": "scholarly",
    "media": "media",
    "us-gov": "US government",
    "business": "business",
    "legal": "legal",
    "colloquial": "colloquial",
}
_HAN_RUN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
    r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u00b7]*"
)


@dataclass(frozen=True)
class Run:
    """A piece of text: Chinese (with its language tag) or not (lang ''); `href` when it is
    an entry's id or a source's key, shown as a link labelled with `text`."""

    text: str
    lang: str = ""
    href: str = ""


def han_runs(text: str, simplify: Any = None) -> list[Run]:
    """Split text into Chinese runs (tagged zh-Hans, or zh-Hant when `simplify` changes them)
    and the text between them, so that English prose can tag every Chinese run it quotes."""
    runs: list[Run] = []
    cursor = 0
    for match in _HAN_RUN.finditer(text):
        if match.start() > cursor:
            runs.append(Run(text[cursor : match.start()]))
        run = match.group()
        traditional = simplify is not None and simplify(run) != run
        runs.append(Run(run, "zh-Hant" if traditional else "zh-Hans"))
        cursor = match.end()
    if cursor < len(text):
        runs.append(Run(text[cursor:]))
    return runs


@dataclass(frozen=True)
class Piece:
    """A piece of a quoted context: `hit` when it is one of the entry's own terms."""

    text: str
    hit: bool = False


def highlight(text: str, terms: list[str], ignore_case: bool = False) -> list[Piece]:
    """The text in pieces, each occurrence of a term (longest first) marked as a hit."""
    wanted = sorted({t for t in terms if t}, key=len, reverse=True)
    if not wanted:
        return [Piece(text)]
    pattern = re.compile("|".join(re.escape(t) for t in wanted), re.I if ignore_case else 0)
    pieces: list[Piece] = []
    cursor = 0
    for match in pattern.finditer(text):
        if match.start() > cursor:
            pieces.append(Piece(text[cursor : match.start()]))
        pieces.append(Piece(match.group(), hit=True))
        cursor = match.end()
    if cursor < len(text):
        pieces.append(Piece(text[cursor:]))
    return pieces


def context_rows(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The entry's contexts as rows: a Chinese context and an English one from the same source
    side by side (a translation pair), others alone; each with the entry's terms highlighted.

    A row is {"source": key, "zh": pieces or None, "en": pieces or None}.
    """
    zh_terms = [form[key] for form in entry["zh"] for key in ("term", "tw", "hk") if form.get(key)]
    en_terms = [en["term"] for en in entry["en"]]
    rows: list[dict[str, Any]] = []
    open_rows: dict[str, dict[str, Any]] = {}
    for context in entry.get("context", []):
        lang = "zh" if context["lang"] == "zh" else "en"
        terms, fold = (zh_terms, False) if lang == "zh" else (en_terms, True)
        pieces = highlight(context["text"], terms, ignore_case=fold)
        row = open_rows.get(context["source"])
        if row is not None and row[lang] is None:
            row[lang] = pieces
            del open_rows[context["source"]]
            continue
        row = {"source": context["source"], "zh": None, "en": None, lang: pieces}
        rows.append(row)
        open_rows[context["source"]] = row
    return rows


def copy_targets(entry: dict[str, Any]) -> set[str]:
    """The strings that get a Copy button: each distinct Chinese form and pinyin once, and the
    renderings to use (none for deprecated or superseded ones)."""
    return {en["term"] for en in entry["en"] if not is_avoided(en["status"])} | {
        form[key] for form in entry["zh"] for key in ("term", "tw", "hk", "pinyin") if form.get(key)
    }


# An entry id after "see" (a cross-reference in a note), or a source key (they end in a year).
_KEY_LIKE = re.compile(
    r"(?<=\bsee )[a-z0-9]+(?:-[a-z0-9]+)+(?![\w/-])"
    r"|(?<![\w/.-])[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:19|20)\d\d(?![\w/-])",
    re.IGNORECASE,
)


def readable_runs(
    text: str,
    simplify: Any,
    labels: Any,
) -> list[Run]:
    """English prose in runs: Chinese runs tagged, and the entry ids it refers to ("see
    new-development-pattern") and the source keys it names ("lodz-gba-2021") replaced by
    links with readable labels.

    `labels(keys)` maps each key it knows to (href, label); unknown keys stay as written.
    """
    keys = _KEY_LIKE.findall(text)
    known: dict[str, tuple[str, str]] = labels(keys) if keys else {}
    runs: list[Run] = []
    cursor = 0
    for match in _KEY_LIKE.finditer(text):
        if match.group() not in known:
            continue
        runs += han_runs(text[cursor : match.start()], simplify)
        href, label = known[match.group()]
        runs.append(Run(label, href=href))
        cursor = match.end()
    runs += han_runs(text[cursor:], simplify)
    return [run for run in runs if run.text]
