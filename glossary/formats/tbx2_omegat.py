"""TBX v2 shaped for OmegaT: only what a translator should type, each form once, short notes.

OmegaT (3.6 and later) reads a TBX v2 `martif` file with its own reader, which knows
nothing of administrativeStatus: every English term of an entry becomes a translation of
every Chinese term whose language matches the project's ("zh" for zh-CN, zh-TW and zh-HK
alike), and every note, definition and context of the entry, and the status codes of the
English terms, are joined into one comment shown with each pair. The full `tbx2` export
(for the round trip and for tools that honour the status) therefore reads badly there.
This shape writes, per concept:

- the preferred and admitted renderings as English terms (no status codes);
- the Chinese terms, then a Taiwan or Hong Kong form only when it is spelled differently
  from every form already written (OmegaT would list the same pair twice);
- as notes: `preferred: X` when there are several acceptable renderings, the renderings to
  avoid (`deprecated: A; B`, `superseded: C`, as the OmegaT TSV comment names them), and
  each Chinese term's pinyin; no definition, contexts, evidence or sources.

It is still TBX-Basic v2 (our importer reads it as `tbx2`, keeping what it holds).
"""

from __future__ import annotations

from typing import Any, ClassVar

from glossary.formats import ExportContext
from glossary.formats.common import LANG_EN, LANG_HK, LANG_TW, LANG_ZH
from glossary.formats.omegat import avoided_notes
from glossary.formats.tbx import PINYIN_NOTE, V2, TbxWriter, xml_id
from glossary.vocabulary import ACCEPTED
from glossary.vocabulary import with_status as renderings


class OmegatTbxWriter(TbxWriter):
    """TBX v2 with the acceptable renderings only, distinct forms and short notes."""

    def __init__(self) -> None:
        super().__init__(V2)

    def cited(self, entries: list[dict[str, Any]]) -> list[str]:
        """No bibliography: the shape cites no sources."""
        return []

    def concept(
        self, body: Any, entry: dict[str, Any], exported: set[str], context: ExportContext
    ) -> None:
        """One concept entry, as OmegaT should show it."""
        accepted = list(dict.fromkeys(en["term"] for en in renderings(entry, *ACCEPTED)))
        node = self.el(body, self.dialect.entry, id=xml_id(entry["id"]))
        if len(accepted) > 1:
            self.el(node, "note", f"preferred: {accepted[0]}")
        for note in avoided_notes(entry):
            self.el(node, "note", note)
        seen: set[str] = set()
        for lang, key in ((LANG_ZH, "term"), (LANG_TW, "tw"), (LANG_HK, "hk")):
            forms = []
            for term in entry["zh"]:
                form = term.get(key) or term["term"]
                if form not in seen:
                    seen.add(form)
                    forms.append((form, term))
            if not forms:
                continue
            lang_set = self.el(node, self.dialect.lang, lang=lang)
            for form, term in forms:
                tig = self.term(lang_set, form, term["type"])
                if lang == LANG_ZH and term.get("pinyin"):
                    self.el(tig, "note", PINYIN_NOTE + term["pinyin"])
        if accepted:
            en = self.el(node, self.dialect.lang, lang=LANG_EN)
            for rendering in accepted:
                self.term(en, rendering, None)


class Tbx2OmegatFormat:
    """TBX v2 for OmegaT: acceptable renderings only, each form once, short notes."""

    name: ClassVar[str] = "tbx2-omegat"
    extension: ClassVar[str] = ".tbx"
    mimetype: ClassVar[str] = "application/x-tbx"
    label: ClassVar[str] = "TBX v2 for OmegaT (acceptable renderings only, short notes)"

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The entries as a TBX v2 martif document shaped for OmegaT's glossary reader."""
        return OmegatTbxWriter().document(entries, context)
