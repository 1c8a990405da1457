"""OmegaT glossary: UTF-8, tab-separated `source<TAB>target<TAB>comment`, one pair a line.

OmegaT shows every glossary line whose source occurs in the segment, so the export writes
one line per Chinese form and acceptable rendering (preferred and admitted), the Taiwan and
Hong Kong forms too when they differ from the simplified one (for traditional source
texts). Deprecated and superseded renderings are never offered as a target: the comment
names them. The comment is a few parts joined by " | ":

    双循环	dual circulation	shuāng xúnhuán | preferred | deprecated: double circulation | …
    雙循環	dual circulation	Taiwan and Hong Kong form of 双循环 | shuāng xúnhuán | preferred

Lines starting with `#` are comments (OmegaT ignores them). The reader groups lines that
share a source or a target into one concept. A cell a spreadsheet would read as a formula
gets a leading apostrophe, as in the CSV export (glossary.formats.cells), and loses it again
on import.
"""

from __future__ import annotations

from typing import Any, ClassVar

from glossary.formats import ExportContext, FormatError, Loaded, cells, record
from glossary.formats.common import decode_utf8, split_list
from glossary.vocabulary import ACCEPTED, AVOIDED, DEFAULT_IMPORTED, STATUSES
from glossary.vocabulary import with_status as renderings

HEADER = "# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
PART = " | "
REGIONS = {
    "Taiwan form of ": ("tw",),
    "Hong Kong form of ": ("hk",),
    "Taiwan and Hong Kong form of ": ("tw", "hk"),
}


def _cell(text: str) -> str:
    return cells.neutralise(" ".join(text.replace("\t", " ").split()))


def avoided_notes(entry: dict[str, Any]) -> list[str]:
    """`deprecated: A; B`, `superseded: C`: the renderings a translator should not use."""
    return [
        f"{status}: " + "; ".join(en["term"] for en in renderings(entry, status))
        for status in AVOIDED
        if renderings(entry, status)
    ]


def concept_lines(entry: dict[str, Any]) -> list[str]:
    """The glossary lines of one concept."""
    targets = renderings(entry, *ACCEPTED)
    avoided = avoided_notes(entry)
    lines = []
    first = True
    for zh in entry["zh"]:
        for en in targets:
            parts = [zh.get("pinyin") or "", en["status"], *avoided]
            if first and entry.get("definition"):
                parts.append("definition: " + entry["definition"])
            first = False
            lines.append([zh["term"], en["term"], parts])
    for zh in entry["zh"]:
        tw, hk = zh.get("tw") or zh["term"], zh.get("hk") or zh["term"]
        forms = []
        if tw != zh["term"] and tw == hk:
            forms = [("Taiwan and Hong Kong form of ", tw)]
        else:
            candidates = (("Taiwan form of ", tw), ("Hong Kong form of ", hk))
            forms = [(label, form) for label, form in candidates if form != zh["term"]]
        for label, form in forms:
            for en in targets:
                parts = [label + zh["term"], zh.get("pinyin") or "", en["status"]]
                lines.append([form, en["term"], parts])
    return [
        "\t".join((_cell(source), _cell(target), _cell(PART.join(p for p in parts if p))))
        for source, target, parts in lines
    ]


class OmegatFormat:
    """An OmegaT glossary file (UTF-8 TSV: source, target, comment)."""

    name: ClassVar[str] = "omegat"
    extension: ClassVar[str] = ".txt"
    mimetype: ClassVar[str] = "text/tab-separated-values"
    label: ClassVar[str] = "OmegaT glossary (UTF-8 TSV: source, target, comment)"
    reads: ClassVar[tuple[str, ...]] = (".txt", ".utf8")

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The entries as OmegaT glossary lines."""
        lines = [line for entry in entries for line in concept_lines(entry)]
        return (HEADER + "".join(line + "\n" for line in lines)).encode("utf-8")

    def loads(self, data: bytes, origin: str) -> Loaded:
        """Glossary lines grouped into concepts (lines sharing a source or a target)."""
        text = decode_utf8(data, origin)
        rows = []
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip() or raw.startswith("#"):
                continue
            found = [cells.restore(cell.strip()) for cell in raw.split("\t")]  # our own exports
            if len(found) < 2 or not found[0] or not found[1]:
                raise FormatError(origin, number, "a glossary line needs a source and a target")
            if len(found) > 3:
                raise FormatError(origin, number, f"{len(found)} tab-separated cells (at most 3)")
            rows.append((number, found[0], found[1], found[2] if len(found) == 3 else ""))
        return Loaded(entries=_group(rows, origin))


def _parse_comment(comment: str, origin: str, line: int) -> dict[str, Any]:
    parsed: dict[str, Any] = {"avoid": []}
    parts = comment.split(PART) if comment else []
    for index, part in enumerate(parts):
        part = part.strip()
        region = next((label for label in REGIONS if part.startswith(label)), None)
        if region:
            parsed["region"] = (REGIONS[region], part.removeprefix(region).strip())
        elif part in STATUSES:
            parsed["status"] = part
        elif any(part.startswith(f"{status}: ") for status in AVOIDED):
            status, _, terms = part.partition(": ")
            parsed["avoid"] += [(term, status) for term in split_list(terms)]
        elif part.startswith("definition: "):
            parsed["definition"] = PART.join([part, *parts[index + 1 :]]).removeprefix(
                "definition: "
            )
            break
        elif "pinyin" not in parsed and index == (1 if "region" in parsed else 0):
            parsed["pinyin"] = part
        else:
            parsed.setdefault("note", []).append(part)
    return parsed


def _group(rows: list[tuple[int, str, str, str]], origin: str) -> list[dict[str, Any]]:
    """Lines that share a source or a target belong to one concept (union-find)."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    parsed = [_parse_comment(comment, origin, line) for line, _, _, comment in rows]
    keys: dict[tuple[str, str], int] = {}
    for index, (_, source, target, _) in enumerate(rows):
        region = parsed[index].get("region")
        for key in (("zh", region[1] if region else source), ("en", target.casefold())):
            if key in keys:
                parent[find(index)] = find(keys[key])
            else:
                keys[key] = index
    groups: dict[int, list[int]] = {}
    for index in range(len(rows)):
        groups.setdefault(find(index), []).append(index)
    entries = []
    for members in groups.values():
        entry = record(rows[members[0]][0])
        zh: dict[str, dict[str, Any]] = {}
        en: dict[str, dict[str, Any]] = {}
        regional: list[tuple[tuple[str, ...], str, str]] = []
        notes: list[str] = []
        for index in members:
            line, source, target, _ = rows[index]
            info = parsed[index]
            if "region" in info:
                regional.append((info["region"][0], info["region"][1], source))
            else:
                term = zh.setdefault(
                    source,
                    {
                        "term": source,
                        "type": "fullForm" if not zh else "variant",
                        "line": line,
                    },
                )
                if info.get("pinyin"):
                    term.setdefault("pinyin", info["pinyin"])
            en.setdefault(target, {"term": target, "status": info.get("status", DEFAULT_IMPORTED)})
            for avoided, status in info["avoid"]:
                en.setdefault(avoided, {"term": avoided, "status": status})
            if info.get("definition") and not entry["definition"]:
                entry["definition"] = info["definition"]
            notes += [n for n in info.get("note", []) if n not in notes]
        for slots, simplified, form in regional:
            found = zh.get(simplified)
            if found is None:
                raise FormatError(
                    origin, entry["line"], f"regional form {form!r} of unknown term {simplified!r}"
                )
            for slot in slots:
                found[slot] = form
        entry["zh"], entry["en"] = list(zh.values()), list(en.values())
        entry["note"] = "\n".join(notes) or None
        entries.append(entry)
    return entries
