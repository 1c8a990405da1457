"""TBX-Basic, TBX v3 (ISO 30042:2019), DCA style: the termbase for CAT tools, and its reader.

Mapping (the same for TBX v2 `martif`, see tbx2.py, with v2's element names):

- concept id: `conceptEntry/@id` (prefixed `_` when it starts with a digit: an xsd:ID)
- domains: `descrip type="subjectField"` (the domain's name), one per domain
- tags: `admin type="projectSubset"`; since: `note` "First attested: 2020-05";
  the concept's note: `note`
- related: `ref type="crossReference" target="<id>"` (to concepts in the same file)
- Chinese terms: `langSec xml:lang="zh-CN"`, `termNote type="termType"`, `note` "Pinyin: …"
- Taiwan and Hong Kong forms: `langSec` `zh-TW` and `zh-HK`, one `termSec` per Chinese
  term in the same order
- definition: `descrip type="definition"` in the English `langSec`
- English renderings: `langSec xml:lang="en"`, `termNote type="administrativeStatus"`
  (preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts,
  supersededTerm-admn-sts), `admin type="source"`, `note` "Usage: …", and one `note`
  "evidence: SOURCE-KEY YEAR[: note]" per attestation
- contexts: a `descripGrp` of `descrip type="context"` and `admin type="source"`, in the
  `termSec` of the term the sentence uses (the DCA rules allow contexts only there)
- sources: `admin type="source" target="src-<key>"` holding the readable citation; the
  bibliography as `refObjectSec type="source"` in `back`, one `refObject` per source

Region codes (zh-CN, zh-TW, zh-HK) rather than script subtags: both are valid xml:lang
values for the core schema, the DCA Schematron does not restrict languages, and CAT tools
(memoQ, Trados, Phrase) map the region codes to their Chinese variants without a dialog.
The reader accepts zh-Hans, zh-Hant-TW and the other common spellings as well.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, ClassVar

from glossary import safetext
from glossary.formats import ExportContext, FormatError, Loaded, record
from glossary.formats.common import (
    LANG_EN,
    LANG_HK,
    LANG_TW,
    LANG_ZH,
    citation,
    domain_label,
    lang_slot,
    sources_cited,
)
from glossary.formats.xmlsafe import parse_xml
from glossary.vocabulary import TBX_STATUS, status_from

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_PIS = (
    'href="https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng" '
    'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"',
    'href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
    'TBX-Basic_DCA.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"',
)
PINYIN_NOTE, USAGE_NOTE, SINCE_NOTE = "Pinyin: ", "Usage: ", "First attested: "
NO_OFFICIAL_NOTE = "No official English: "
EVIDENCE_NOTE = "evidence: "
REPLACED_NOTE, ATTESTED_NOTE = "Replaced in official use: ", "Attested: "
# A Chinese term's regional decisions, as notes: (JSON key, note prefix)
REGIONAL_NOTES = (
    ("tw_word", "Taiwan word: "),
    ("hk_word", "Hong Kong word: "),
    ("regional_note", "Regional note: "),
)
EVIDENCE = re.compile(
    r"^evidence: (?P<source>[a-z0-9-]+) (?P<year>\d{4})(?:: (?P<note>.+))?$", re.S
)
SOURCE_ID_PREFIX = "src-"
ZH_TYPES = {
    "fullForm": "fullForm",
    "shortForm": "shortForm",
    "abbreviation": "abbreviation",
    "acronym": "abbreviation",
    "initialism": "abbreviation",
    "variant": "variant",
    "phrase": "phrase",
    "phraseologicalUnit": "phrase",
}
SOURCE_ITEMS = ("key", "title", "author", "publisher", "date", "url", "kind", "lang", "note")


@dataclass(frozen=True)
class Dialect:
    """Element names that differ between TBX v3 and TBX v2 (martif)."""

    namespace: str | None
    root: str
    header: str
    entry: str
    lang: str
    term: str
    back_list: str
    version: str


V3 = Dialect(
    TBX_NAMESPACE,
    "tbx",
    "tbxHeader",
    "conceptEntry",
    "langSec",
    "termSec",
    "refObjectSec",
    "TBX v3",
)
V2 = Dialect(
    None, "martif", "martifHeader", "termEntry", "langSet", "tig", "refObjectList", "TBX v2"
)


def xml_id(concept_id: str) -> str:
    """A concept id as an xsd:ID (an NCName cannot start with a digit)."""
    return f"_{concept_id}" if concept_id[:1].isdigit() else concept_id


def concept_id_from_xml(value: str | None) -> str | None:
    """The concept id an xsd:ID was written for."""
    if not value:
        return None
    return value[1:] if value.startswith("_") else value


class TbxWriter:
    """Writes entries as TBX in one dialect."""

    def __init__(self, dialect: Dialect):
        from lxml import etree

        self.dialect = dialect
        self.etree = etree

    def el(self, parent: Any, name: str, text: str | None = None, **attrs: str) -> Any:
        """A child element in the dialect's namespace."""
        ns = self.dialect.namespace
        child = self.etree.SubElement(parent, f"{{{ns}}}{name}" if ns else name)
        for key, value in attrs.items():
            child.set(XML_LANG if key == "lang" else key, value)
        if text is not None:
            child.text = text
        return child

    def document(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The whole TBX file."""
        entries = safetext.clean(entries)  # XML cannot carry control characters
        d = self.dialect
        etree = self.etree
        nsmap = {None: d.namespace} if d.namespace else None
        root = etree.Element(f"{{{d.namespace}}}{d.root}" if d.namespace else d.root, nsmap=nsmap)
        root.set("type", "TBX-Basic")
        if d is V3:
            root.set("style", "dca")
        root.set(XML_LANG, LANG_EN)
        header = self.el(root, d.header)
        file_desc = self.el(header, "fileDesc")
        self.el(self.el(file_desc, "titleStmt"), "title", context.title)
        self.el(
            self.el(file_desc, "sourceDesc"),
            "p",
            "Chinese-English policy terminology exported by policy-glossary",
        )
        if d is V2:
            self.el(self.el(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
        text = self.el(root, "text")
        exported = {entry["id"] for entry in entries}
        cited = self.cited(entries)
        if entries or d is V2:
            body = self.el(text, "body")
            for entry in entries:
                self.concept(body, entry, exported, context)
        known = [key for key in cited if key in context.sources]
        if known:
            back = self.el(text, "back")
            listing = self.el(back, d.back_list, type="source")
            for key in known:
                ref_object = self.el(listing, "refObject", id=SOURCE_ID_PREFIX + key)
                values = {"key": key, **context.sources[key]}
                for item in SOURCE_ITEMS:
                    if values.get(item):
                        self.el(ref_object, "item", str(values[item]), type=item)
        if d is V3:
            for pi in SCHEMA_PIS:
                root.addprevious(etree.PI("xml-model", pi))
        return bytes(
            etree.tostring(
                root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True
            )
        )

    def cited(self, entries: list[dict[str, Any]]) -> list[str]:
        """The source keys the bibliography in `back` lists: every key the entries name."""
        return sources_cited(entries, evidence=True)

    def concept(
        self, body: Any, entry: dict[str, Any], exported: set[str], context: ExportContext
    ) -> None:
        """One concept entry."""
        d = self.dialect
        node = self.el(body, d.entry, id=xml_id(entry["id"]))
        for domain in entry["domains"]:
            self.el(node, "descrip", domain_label(domain, context), type="subjectField")
        for tag in entry["tags"]:
            self.el(node, "admin", tag, type="projectSubset")
        if entry.get("since"):
            self.el(node, "note", SINCE_NOTE + entry["since"])
        if entry.get("note"):
            self.el(node, "note", entry["note"])
        if entry.get("no_official_english"):
            self.el(node, "note", NO_OFFICIAL_NOTE + entry["no_official_english"])
        for related in entry["related"]:
            if related in exported:
                self.el(node, "ref", related, type="crossReference", target=xml_id(related))
        contexts = self.place_contexts(entry)
        zh = self.el(node, d.lang, lang=LANG_ZH)
        for index, term in enumerate(entry["zh"]):
            sec = self.term(zh, term["term"], term["type"])
            if term.get("pinyin"):
                self.el(sec, "note", PINYIN_NOTE + term["pinyin"])
            if term.get("note"):
                self.el(sec, "note", term["note"])
            for key, prefix in REGIONAL_NOTES:
                if term.get(key):
                    self.el(sec, "note", prefix + term[key])
            self.contexts(sec, contexts.get(("zh", index), []), context)
        for lang, key in ((LANG_TW, "tw"), (LANG_HK, "hk")):
            regional = self.el(node, d.lang, lang=lang)
            for term in entry["zh"]:
                self.term(regional, term.get(key) or term["term"], term["type"])
        en = self.el(node, d.lang, lang=LANG_EN)
        if entry.get("definition"):
            self.el(self.el(en, "descripGrp"), "descrip", entry["definition"], type="definition")
        for index, rendering in enumerate(entry["en"]):
            sec = self.term(en, rendering["term"], None)
            self.el(sec, "termNote", TBX_STATUS[rendering["status"]], type="administrativeStatus")
            if rendering.get("source"):
                self.source(sec, rendering["source"], context)
            if rendering.get("usage"):
                self.el(sec, "note", USAGE_NOTE + ", ".join(rendering["usage"]))
            if rendering.get("note"):
                self.el(sec, "note", rendering["note"])
            for item in rendering.get("evidence") or []:
                self.el(sec, "note", evidence_note(item))
            years = [rendering.get(key) for key in ("first_year", "last_year")]
            if any(year is not None for year in years):
                dated = "–".join(dict.fromkeys(str(y) for y in years if y is not None))
                self.el(sec, "note", ATTESTED_NOTE + dated)
            if rendering.get("replaced_in") is not None:
                self.el(sec, "note", f"{REPLACED_NOTE}{rendering['replaced_in']}")
            self.contexts(sec, contexts.get(("en", index), []), context)

    def term(self, parent: Any, text: str, term_type: str | None) -> Any:
        """A term section (termSec in v3, tig in v2) with its term and type."""
        sec = self.el(parent, self.dialect.term)
        self.el(sec, "term", text)
        if term_type:
            self.el(sec, "termNote", term_type, type="termType")
        return sec

    def source(self, parent: Any, key: str, context: ExportContext) -> None:
        """An admin source: the readable citation, pointing to the bibliography entry."""
        if key in context.sources:
            self.el(
                parent,
                "admin",
                citation(key, context),
                type="source",
                target=SOURCE_ID_PREFIX + key,
            )
        else:
            self.el(parent, "admin", key, type="source")

    def contexts(self, sec: Any, contexts: list[dict[str, Any]], context: ExportContext) -> None:
        """Context sentences with their sources, inside a term section."""
        for item in contexts:
            group = self.el(sec, "descripGrp")
            self.el(group, "descrip", item["text"], type="context")
            if item.get("source"):
                self.source(group, item["source"], context)

    @staticmethod
    def place_contexts(entry: dict[str, Any]) -> dict[tuple[str, int], list[dict[str, Any]]]:
        """Which term section each context goes in: a term the sentence uses, else the first."""
        placed: dict[tuple[str, int], list[dict[str, Any]]] = {}
        for item in entry["context"]:
            lang = "zh" if item["lang"] == "zh" else "en"
            text = item["text"].casefold()
            terms = [t["term"].casefold() for t in entry[lang]]
            used = [i for i, term in enumerate(terms) if term in text]
            placed.setdefault((lang, used[0] if used else 0), []).append(item)
        return placed


def evidence_note(item: dict[str, Any]) -> str:
    """A rendering's evidence as a TBX note: `evidence: SOURCE-KEY YEAR[: note]`."""
    note = f": {item['note']}" if item.get("note") else ""
    return f"{EVIDENCE_NOTE}{item['source']} {item['year']}{note}"


def evidence_from_note(note: str) -> dict[str, Any] | None:
    """The evidence an `evidence_note` wrote (None for any other note)."""
    found = EVIDENCE.match(note)
    if found is None:
        return None
    return {"source": found["source"], "year": int(found["year"]), "note": found["note"]}


def regional_from_note(note: str) -> tuple[str, str] | None:
    """The regional decision a Chinese term's note holds: (key, value), else None."""
    for key, prefix in REGIONAL_NOTES:
        if note.startswith(prefix) and note.removeprefix(prefix).strip():
            return key, note.removeprefix(prefix).strip()
    return None


def local(node: Any) -> str:
    """An element's name without its namespace."""
    tag = node.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def text_of(node: Any) -> str:
    """An element's text with inline markup flattened and runs of whitespace joined."""
    return " ".join("".join(node.itertext()).split())


class TbxReader:
    """Reads TBX v3 (conceptEntry/langSec/termSec) and v2 (termEntry/langSet/tig or ntig)."""

    def __init__(self, origin: str):
        self.origin = origin
        self.ignored: Counter[str] = Counter()

    def fail(self, node: Any, message: str) -> FormatError:
        """An error at an element's line."""
        return FormatError(self.origin, getattr(node, "sourceline", None), message)

    def read(self, data: bytes) -> Loaded:
        """Every concept entry of the file."""
        root = parse_xml(data, self.origin).getroot()
        if local(root) not in ("tbx", "martif"):
            raise self.fail(root, f"not a TBX file: the root element is <{local(root)}>")
        loaded = Loaded()
        for node in root.iter():
            if local(node) in ("refObject",) and node.get("id"):
                loaded.sources[node.get("id")] = self.source_item(node)
        entries = [n for n in root.iter() if local(n) in ("conceptEntry", "termEntry")]
        for node in entries:
            loaded.entries.append(self.entry(node, loaded.sources))
        loaded.sources = {
            value["key"]: value for value in loaded.sources.values() if value.get("key")
        }
        loaded.ignored = dict(sorted(self.ignored.items()))
        return loaded

    @staticmethod
    def source_item(node: Any) -> dict[str, Any]:
        """A bibliography entry from a refObject's items."""
        values = {}
        for item in node.iter():
            if local(item) == "item" and item.get("type") in SOURCE_ITEMS:
                values[item.get("type")] = text_of(item)
        return values

    def entry(self, node: Any, back: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """One concept entry as an entry-shaped dict."""
        entry = record(node.sourceline, id=concept_id_from_xml(node.get("id")), notes=[])
        definitions: dict[str, str] = {}
        self.aux(node, entry, definitions, back, "concept")
        slots: dict[str, list[dict[str, Any]]] = {"zh": [], "tw": [], "hk": []}
        for lang_node in [c for c in node if local(c) in ("langSec", "langSet")]:
            code = lang_node.get(XML_LANG) or lang_node.get("lang") or ""
            slot = lang_slot(code)
            self.aux(lang_node, entry, definitions, back, slot or code)
            for sec in [c for c in lang_node if local(c) in ("termSec", "tig", "ntig")]:
                term = self.term(sec, slot, entry, back)
                if slot is None:
                    entry["other"].append(
                        {"lang": code, "term": term["term"], "note": term.get("note")}
                    )
                    self.ignored[f"terms in {code}"] += 1
                elif slot == "en":
                    entry["en"].append(term)
                else:
                    slots[slot].append(term)
        entry["zh"] = self.pair_regional(node, slots)
        entry["definition"] = definitions.get("en") or definitions.get("concept")
        if entry["definition"] is None and definitions:
            self.ignored["definitions in other languages"] += len(definitions)
        notes = entry.pop("notes")
        entry["note"] = "\n".join(notes) if notes else None
        return entry

    def aux(
        self,
        node: Any,
        entry: dict[str, Any],
        definitions: dict[str, str],
        back: dict[str, dict[str, Any]],
        level: str,
    ) -> None:
        """Concept- and language-level information: subject fields, definitions, notes, refs."""
        for child in node:
            name = local(child)
            if name in ("langSec", "langSet", "termSec", "tig", "ntig"):
                continue
            kind = child.get("type")
            if name in ("descripGrp", "adminGrp"):
                self.aux(child, entry, definitions, back, level)
            elif name == "descrip" and kind == "subjectField":
                entry["domains"].append(text_of(child))
            elif name == "descrip" and kind == "definition":
                definitions.setdefault(level, text_of(child))
            elif name == "admin" and kind in ("projectSubset", "customerSubset"):
                entry["tags"].append(text_of(child))
            elif name == "note" and level == "concept":
                value = text_of(child)
                if value.startswith(SINCE_NOTE):
                    entry["since"] = value.removeprefix(SINCE_NOTE).strip()
                elif value.startswith(NO_OFFICIAL_NOTE):
                    entry["no_official_english"] = value.removeprefix(NO_OFFICIAL_NOTE).strip()
                else:
                    entry["notes"].append(value)
            elif name == "ref" and kind == "crossReference":
                target = concept_id_from_xml(child.get("target"))
                if target:
                    entry["related"].append(target)
            else:
                self.ignored[kind or name] += 1

    def term(
        self, sec: Any, slot: str | None, entry: dict[str, Any], back: dict[str, dict[str, Any]]
    ) -> dict[str, Any]:
        """One term section (termSec, tig or ntig) as a zh or en term dict."""
        term_node = next((n for n in sec.iter() if local(n) == "term"), None)
        term = text_of(term_node) if term_node is not None else ""
        if not term:
            raise self.fail(sec, f"<{local(sec)}> has no term text")
        value: dict[str, Any] = {"term": term, "line": sec.sourceline}
        notes: list[str] = []
        for child in sec.iter():
            name, kind = local(child), child.get("type")
            if child is sec or child is term_node or name in ("termGrp", "descripGrp"):
                continue
            if name == "termNote" and kind == "administrativeStatus":
                status = status_from(text_of(child))
                if status is None:
                    raise self.fail(child, f"unknown administrativeStatus {text_of(child)!r}")
                value["status"] = status
            elif name == "termNote" and kind == "termType" and slot in ("zh", "tw", "hk"):
                value["type"] = ZH_TYPES.get(text_of(child), "variant")
            elif name == "note":
                note = text_of(child)
                if note.startswith(PINYIN_NOTE) and slot == "zh":
                    value["pinyin"] = note.removeprefix(PINYIN_NOTE).strip()
                elif note.startswith(USAGE_NOTE) and slot == "en":
                    value["usage"] = [u.strip() for u in note[len(USAGE_NOTE) :].split(",")]
                elif slot == "en" and (evidence := evidence_from_note(note)) is not None:
                    value.setdefault("evidence", []).append(evidence)
                elif slot == "en" and note.startswith(ATTESTED_NOTE):
                    continue  # derived from the evidence
                elif slot == "en" and re.fullmatch(re.escape(REPLACED_NOTE) + r"\d{4}", note):
                    value["replaced_in"] = int(note.removeprefix(REPLACED_NOTE))
                elif slot == "zh" and (regional := regional_from_note(note)) is not None:
                    value[regional[0]] = regional[1]
                else:
                    notes.append(note)
            elif name == "admin" and kind == "source":
                if local(child.getparent()) == "descripGrp":
                    continue  # a context's source, read with the context
                value["source"] = self.source_ref(child, back)
            elif name == "descrip" and kind == "context":
                group = child.getparent()
                source = next(
                    (
                        self.source_ref(n, back)
                        for n in group
                        if local(group) == "descripGrp"
                        and local(n) == "admin"
                        and n.get("type") == "source"
                    ),
                    None,
                )
                lang = {"zh": "zh", "tw": "zh", "hk": "zh", "en": "en"}.get(slot or "")
                if lang is None:
                    self.ignored["contexts in other languages"] += 1
                else:
                    entry["context"].append(
                        {"text": text_of(child), "lang": lang, "source": source}
                    )
            else:
                self.ignored[kind or name] += 1
        if notes:
            value["note"] = "\n".join(notes)
        return value

    @staticmethod
    def source_ref(node: Any, back: dict[str, dict[str, Any]]) -> str:
        """A source: the key of the bibliography entry it points to, else its text."""
        target = node.get("target")
        if target and target in back and back[target].get("key"):
            return str(back[target]["key"])
        return text_of(node)

    def pair_regional(
        self, node: Any, slots: dict[str, list[dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        """Chinese terms with their Taiwan and Hong Kong forms attached.

        Regional sections written by this tool list one term per Chinese term in the same
        order; otherwise a regional term is matched to the Chinese term it simplifies to,
        and a regional term with no simplified counterpart becomes a Chinese term itself.
        """
        zh = [
            {**t, "type": t.get("type", "fullForm" if i == 0 else "variant")}
            for i, t in enumerate(slots["zh"])
        ]
        for key in ("tw", "hk"):
            regional = slots[key]
            if not regional:
                continue
            same_types = [t.get("type") for t in regional] == [t.get("type") for t in slots["zh"]]
            if zh and len(regional) == len(zh) and same_types:
                for term, form in zip(zh, regional, strict=True):
                    term[key] = form["term"]
                continue
            from glossary.chinese import to_simplified

            for form in regional:
                simplified = to_simplified(form["term"])
                match = next((t for t in zh if t["term"] == simplified), None)
                if match is None:
                    match = {
                        "term": simplified,
                        "type": form.get("type", "fullForm" if not zh else "variant"),
                        "line": form["line"],
                    }
                    zh.append(match)
                match.setdefault(key, form["term"])
        if not zh and (slots["tw"] or slots["hk"]):
            raise self.fail(node, "regional Chinese terms could not be read")
        return zh


def is_martif(data: bytes) -> bool:
    """Whether a TBX file is a v2 `martif` document (its root named near the start)."""
    return b"<martif" in data[:4096]


class TbxFormat:
    """TBX-Basic (TBX v3, ISO 30042:2019, DCA style), validated against the official schemas."""

    name: ClassVar[str] = "tbx"
    extension: ClassVar[str] = ".tbx"
    mimetype: ClassVar[str] = "application/x-tbx"
    label: ClassVar[str] = "TBX-Basic v3 (ISO 30042:2019) for CAT tools"
    reads: ClassVar[tuple[str, ...]] = (".tbx", ".xml")

    def claims(self, data: bytes) -> bool:
        """A TBX v3 document (not a v2 martif one)."""
        return not is_martif(data)

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The entries as a TBX-Basic v3 DCA document."""
        return TbxWriter(V3).document(entries, context)

    def loads(self, data: bytes, origin: str) -> Loaded:
        """Concepts of a TBX file (v3 or v2; tig or ntig)."""
        return TbxReader(origin).read(data)
