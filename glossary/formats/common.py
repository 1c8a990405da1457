"""What several formats share: language codes, citations, labels (statuses: glossary.vocabulary)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from glossary.formats import ExportContext, FormatError

# The language codes written in exports; CAT tools (memoQ, Trados, Phrase) know the
# region codes better than the script subtags (zh-Hans, zh-Hant-TW).
LANG_ZH, LANG_TW, LANG_HK, LANG_EN = "zh-CN", "zh-TW", "zh-HK", "en"

_LANG_SLOTS = {
    "zh": "zh",
    "zho": "zh",
    "chi": "zh",
    "zh-cn": "zh",
    "zh-hans": "zh",
    "zh-hans-cn": "zh",
    "zh-sg": "zh",
    "zh-hans-sg": "zh",
    "zh-chs": "zh",
    "cmn": "zh",
    "chinese": "zh",
    "chinese (prc)": "zh",
    "chinese (simplified)": "zh",
    "chinese simplified": "zh",
    "simplified chinese": "zh",
    "中文": "zh",
    "简体中文": "zh",
    "source": "zh",
    "zh-tw": "tw",
    "zh-hant-tw": "tw",
    "zh-hant": "tw",
    "zh-cht": "tw",
    "chinese (taiwan)": "tw",
    "chinese (traditional)": "tw",
    "traditional chinese": "tw",
    "繁體中文": "tw",
    "zh-hk": "hk",
    "zh-hant-hk": "hk",
    "zh-mo": "hk",
    "zh-hant-mo": "hk",
    "chinese (hong kong sar)": "hk",
    "chinese (hong kong)": "hk",
    "en": "en",
    "eng": "en",
    "english": "en",
    "target": "en",
    "英文": "en",
    "英语": "en",
}


def lang_slot(code: str | None) -> str | None:
    """Which slot a language code fills: zh (simplified), tw, hk, en, or None for others."""
    if not code:
        return None
    key = code.strip().replace("_", "-").lower()
    if key in _LANG_SLOTS:
        return _LANG_SLOTS[key]
    if re.match(r"^en(-[a-z0-9]+)*$", key):
        return "en"
    return None


def citation(key: str | None, context: ExportContext) -> str:
    """A readable citation for a source key: author, title, publisher, date (else the key)."""
    if not key:
        return ""
    source = context.sources.get(key)
    if not source:
        return key
    parts = [source.get(name) for name in ("author", "title", "publisher", "date")]
    return ", ".join(part for part in parts if part)


def domain_label(key: str, context: ExportContext) -> str:
    """The readable name of a domain key (the key itself when unknown)."""
    return str((context.domains.get(key) or {}).get("name") or key)


def sources_cited(entries: list[dict[str, Any]], evidence: bool = False) -> list[str]:
    """Every source key the entries cite, sorted (with `evidence`, their renderings' evidence
    too: for a format that carries it)."""
    items = [item for entry in entries for item in (*entry["en"], *entry["context"])]
    if evidence:
        items += [
            used for entry in entries for en in entry["en"] for used in en.get("evidence") or []
        ]
    return sorted({key for item in items if (key := item.get("source"))})


def split_list(cell: str | None, separator: str = ";") -> list[str]:
    """The values of a multi-valued cell (`a; b`), stripped, empty ones dropped."""
    if not cell:
        return []
    return [part.strip() for part in cell.split(separator) if part.strip()]


def text_or_none(value: Any) -> str | None:
    """A cell's text, stripped; None when empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def slug(text: str, limit: int = 60) -> str:
    """Lowercase ascii words joined by hyphens (for ids and source keys); may be empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out


def stable_zip(data: bytes) -> bytes:
    """A zip archive rewritten with fixed timestamps, so the same content gives the same bytes."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def decode_utf8(data: bytes, origin: str) -> str:
    """A file's text (UTF-8, a BOM allowed); FormatError naming the line of a bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FormatError(origin, line, "is not valid UTF-8") from None
