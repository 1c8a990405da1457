"""An Anki deck (.apkg, built with genanki): one note per concept, two cards each.

The model and deck ids are fixed and each note's guid derives from the concept id, so
importing a newer export into Anki updates the notes instead of duplicating them.
"""

from __future__ import annotations

import io
from html import escape
from typing import Any, ClassVar

from glossary.formats import ExportContext
from glossary.formats.common import citation, stable_zip
from glossary.vocabulary import ACCEPTED, AVOIDED, preferred_rendering
from glossary.vocabulary import with_status as renderings

MODEL_ID = 1_607_392_319
DECK_ID = 2_059_400_110
TIMESTAMP = 1_700_000_000.0  # fixed: the same entries give the same deck, byte for byte
FIELDS = (
    "Chinese",
    "Pinyin",
    "English",
    "Traditional",
    "Definition",
    "Other",
    "Avoid",
    "Context",
    "Id",
)
CSS = """.card { font-family: "Noto Sans", sans-serif; font-size: 20px; text-align: center; }
.zh { font-size: 40px; } .pinyin { color: #666; } .avoid { color: #8b0000; }
.small { font-size: 15px; text-align: left; }"""
FRONT_ZH = '<div class="zh" lang="zh-CN">{{Chinese}}</div>'
BACK_ZH = (
    '{{FrontSide}}<hr id="answer"><div class="pinyin">{{Pinyin}}</div>'
    '<div class="en">{{English}}</div><div lang="zh-TW">{{Traditional}}</div>'
    '<div class="small">{{Definition}}</div><div class="small">{{Other}}</div>'
    '{{#Avoid}}<div class="small avoid">Avoid: {{Avoid}}</div>{{/Avoid}}'
    '<div class="small">{{Context}}</div>'
)
FRONT_EN = '<div class="en">{{English}}</div><div class="small">{{Definition}}</div>'
BACK_EN = (
    '{{FrontSide}}<hr id="answer"><div class="zh" lang="zh-CN">{{Chinese}}</div>'
    '<div class="pinyin">{{Pinyin}}</div><div lang="zh-TW">{{Traditional}}</div>'
)


def note_fields(entry: dict[str, Any], context: ExportContext) -> list[str]:
    """The field values (HTML, escaped) of one concept's note."""
    main = entry["zh"][0]
    best = preferred_rendering(entry) or entry["en"][0]
    traditional = " / ".join(dict.fromkeys(f for f in (main.get("tw"), main.get("hk")) if f))
    other_zh = [f"{zh['term']} {zh.get('pinyin') or ''}".strip() for zh in entry["zh"][1:]]
    other_en = [en["term"] for en in renderings(entry, *ACCEPTED) if en is not best]
    other = []
    if other_zh:
        other.append("Also: " + escape("; ".join(other_zh)))
    if other_en:
        other.append("Also rendered: " + escape("; ".join(other_en)))
    contexts = "<br>".join(
        f"{escape(c['text'])} <i>({escape(citation(c['source'], context))})</i>"
        for c in entry["context"][:2]
    )
    return [
        escape(main["term"]),
        escape(main.get("pinyin") or ""),
        escape(best["term"]),
        escape(traditional if traditional != main["term"] else ""),
        escape(entry.get("definition") or ""),
        "<br>".join(other),
        escape("; ".join(en["term"] for en in renderings(entry, *AVOIDED))),
        contexts,
        escape(entry["id"]),
    ]


class AnkiFormat:
    """An Anki deck: Chinese to English and English to Chinese cards for every concept."""

    name: ClassVar[str] = "anki"
    extension: ClassVar[str] = ".apkg"
    mimetype: ClassVar[str] = "application/apkg"
    label: ClassVar[str] = "Anki deck (.apkg)"

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The entries as an .apkg package."""
        import genanki

        model = genanki.Model(
            MODEL_ID,
            "Policy glossary (Chinese-English)",
            fields=[{"name": name} for name in FIELDS],
            templates=[
                {"name": "Chinese → English", "qfmt": FRONT_ZH, "afmt": BACK_ZH},
                {"name": "English → Chinese", "qfmt": FRONT_EN, "afmt": BACK_EN},
            ],
            css=CSS,
            sort_field_index=0,
        )
        deck = genanki.Deck(DECK_ID, context.title)
        for entry in entries:
            tags = [d.replace(" ", "_") for d in (*entry["domains"], *entry["tags"])]
            deck.add_note(
                genanki.Note(
                    model=model,
                    fields=note_fields(entry, context),
                    tags=tags,
                    guid=genanki.guid_for("policy-glossary", entry["id"]),
                )
            )
        stream = io.BytesIO()
        genanki.Package(deck).write_to_file(stream, timestamp=TIMESTAMP)
        return stable_zip(stream.getvalue())
