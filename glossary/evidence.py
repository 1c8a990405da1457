"""How far the termbase is attested: shares for `glossary stats`, the review sample's checklist.

Works on entry JSON (glossary.build.entry_dict) and source rows (key -> fields), so the
figures read the built database and need no term files.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Any

from glossary.fields import OFFICIAL, official_english
from glossary.normalize import without_quotes
from glossary.query import entry_forms
from glossary.vocabulary import ACCEPTED, AVOIDED

Sources = Mapping[str, Mapping[str, Any]]

# The questions a human reviewer answers for each sampled entry
CHECKLIST = (
    "The definition and the `since` date agree with a primary or official source.",
    "Each rendering tagged official is on the cited official English page (open the link).",
    "The evidence years and first/last years are right; a superseded rendering's "
    "replacement year is right.",
    "Each deprecated or superseded rendering says why it is avoided or where it occurs.",
    "Each context is a sentence (not a heading) quoted from its source and contains the term.",
    "Institutions: the current name and ministry, former names with their dates.",
    "The Taiwan and Hong Kong forms are the words used there (tw_word, hk_word, regional_note).",
)


def is_official_english(source: Mapping[str, Any] | None) -> bool:
    """An official source in English: kind official, "en" among its languages."""
    return source is not None and official_english(source.get("kind"), source.get("lang"))


def officially_attested(rendering: Mapping[str, Any], sources: Sources) -> bool:
    """The rendering has evidence from an official English source."""
    return any(is_official_english(sources.get(item["source"])) for item in rendering["evidence"])


def context_has_term(entry: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
    """A Chinese context contains one of the entry's Chinese forms (quotation marks inside the
    term, as in “三北”工程, do not hide it), an English one a rendering."""
    text = context["text"]
    if context["lang"] == "zh":
        bare = without_quotes(text)
        return any(without_quotes(form) in bare for form in entry_forms(entry))
    folded = text.casefold()
    return any(en["term"].casefold() in folded for en in entry["en"])


def _share(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def shares(entries: Iterable[Mapping[str, Any]], sources: Sources) -> dict[str, float]:
    """The evidence shares: renderings with evidence, official usage attested, concepts with
    an attested preferred or admitted rendering (and, of the others, those that say why they
    have none), contexts (all, and the Chinese ones) containing their term."""
    renderings = evidenced = official = attested = concepts = good = contexts = containing = 0
    chinese = chinese_containing = explained = 0
    for entry in entries:
        concepts += 1
        attested_here = any(
            en["status"] in ACCEPTED and officially_attested(en, sources) for en in entry["en"]
        )
        good += attested_here
        explained += not attested_here and bool(entry.get("no_official_english"))
        for en in entry["en"]:
            renderings += 1
            evidenced += bool(en["evidence"])
            if OFFICIAL in en["usage"]:
                official += 1
                attested += officially_attested(en, sources)
        for context in entry["context"]:
            has_term = context_has_term(entry, context)
            contexts += 1
            containing += has_term
            if context["lang"] == "zh":
                chinese += 1
                chinese_containing += has_term
    return {
        "renderings_with_evidence": _share(evidenced, renderings),
        "official_usage_attested": _share(attested, official),
        "concepts_with_attested_rendering": _share(good, concepts),
        "unattested_concepts_saying_why": _share(explained, concepts - good),
        "contexts_containing_their_term": _share(containing, contexts),
        "chinese_contexts_containing_their_term": _share(chinese_containing, chinese),
    }


def sample(ids: Iterable[str], size: int, seed: int) -> list[str]:
    """A reproducible random sample of concept ids (the same for the same ids and seed)."""
    ordered = sorted(ids)
    return sorted(random.Random(seed).sample(ordered, min(size, len(ordered))))


def _cited(key: str, sources: Sources) -> str:
    """A source as `title, publisher, date <url> [kind]`."""
    source = sources.get(key) or {}
    parts = [source.get(name) for name in ("title", "publisher", "date")]
    url = f" <{source['url']}>" if source.get("url") else ""
    kind = f" [{source.get('kind') or 'no kind'}]"
    return ", ".join(part for part in parts if part) + url + kind if source else key


def history(rendering: Mapping[str, Any]) -> str:
    """A rendering's dated history: `attested 2015–2020; replaced 2017` ('' if none)."""
    parts = []
    years = [rendering.get(key) for key in ("first_year", "last_year")]
    if any(year is not None for year in years):
        parts.append("attested " + "–".join(dict.fromkeys(str(y) for y in years if y is not None)))
    if rendering.get("replaced_in"):
        parts.append(f"replaced {rendering['replaced_in']}")
    return "; ".join(parts)


def flags(entry: Mapping[str, Any], sources: Sources) -> list[str]:
    """What the data itself shows is missing in an entry (the reviewer starts there)."""
    found = []
    for en in entry["en"]:
        if OFFICIAL in en["usage"] and not officially_attested(en, sources):
            found.append(f"'{en['term']}' is tagged official without official English evidence")
        if en["status"] in AVOIDED and not (en["note"] or en["evidence"] or en["replaced_in"]):
            found.append(f"{en['status']} '{en['term']}' gives no reason or evidence")
    for number, context in enumerate(entry["context"], start=1):
        if not context_has_term(entry, context):
            found.append(f"context {number} does not contain the term")
    return found


def review_text(entry: Mapping[str, Any], sources: Sources) -> str:
    """One entry laid out for a human reviewer, with the checklist to tick."""
    lines = [f"== {entry['id']}  ({', '.join(entry['domains'])})"]
    if entry.get("since"):
        lines.append(f"since: {entry['since']}")
    lines.append(f"definition: {entry['definition']}")
    if entry.get("note"):
        lines.append(f"note: {entry['note']}")
    for zh in entry["zh"]:
        regional = [f"TW {zh['tw']}", f"HK {zh['hk']}"]
        for key, name in (("tw_word", "TW"), ("hk_word", "HK")):
            if zh.get(key):
                regional.append(f"{name} word {zh[key]}")
        lines.append(f"zh: {zh['term']} [{zh['type']}] {zh['pinyin']}; {', '.join(regional)}")
        if zh.get("regional_note"):
            lines.append(f"    regional note: {zh['regional_note']}")
    for en in entry["en"]:
        usage = f" ({', '.join(en['usage'])})" if en["usage"] else ""
        dated = history(en)
        lines.append(f"en: {en['status']} '{en['term']}'{usage}" + (f"; {dated}" if dated else ""))
        if en["note"]:
            lines.append(f"    note: {en['note']}")
        for item in en["evidence"]:
            note = f" ({item['note']})" if item.get("note") else ""
            lines.append(f"    {item['year']}: {_cited(item['source'], sources)}{note}")
    for context in entry["context"]:
        lines.append(f"context ({context['lang']}): {context['text']}")
        lines.append(f"    — {_cited(context['source'], sources)}")
    for flag in flags(entry, sources):
        lines.append(f"! {flag}")
    lines += [f"[ ] {item}" for item in CHECKLIST]
    return "\n".join(lines) + "\n"
