"""A printable glossary in Markdown: concepts by domain, sources at the end."""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any, ClassVar

from glossary.fields import PINYIN_NUMBERED
from glossary.formats import ExportContext
from glossary.formats.common import citation, domain_label, sources_cited
from glossary.vocabulary import PREFERRED, is_avoided, preferred_rendering

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text: str) -> str:
    """Text with Markdown's special characters escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def by_domain(
    entries: list[dict[str, Any]], context: ExportContext
) -> list[tuple[str, list[dict[str, Any]]]]:
    """Entries grouped under the name of their first domain, domains in termbase order."""
    order = {key: index for index, key in enumerate(context.domains)}

    def first(entry: dict[str, Any]) -> str:
        return str(entry["domains"][0]) if entry["domains"] else ""

    def sort_key(entry: dict[str, Any]) -> tuple[int, str, str]:
        main = entry["zh"][0]
        spelled = main.get(PINYIN_NUMBERED) or main["term"]
        return (order.get(first(entry), len(order)), first(entry), spelled.lower())

    ordered = sorted(entries, key=sort_key)
    return [(domain_label(key, context), list(group)) for key, group in groupby(ordered, key=first)]


class MarkdownFormat:
    """A printable Markdown glossary."""

    name: ClassVar[str] = "md"
    extension: ClassVar[str] = ".md"
    mimetype: ClassVar[str] = "text/markdown"
    label: ClassVar[str] = "Markdown, a printable glossary"

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The entries as a Markdown document."""
        out = [f"# {md(context.title)}", "", f"{len(entries)} concepts.", ""]
        for domain, group in by_domain(entries, context):
            out += [f"## {md(domain)}", ""]
            for entry in group:
                out += self.concept(entry, context)
        cited = [key for key in sources_cited(entries)]
        if cited:
            out += ["## Sources", ""]
            out += [f"- `{key}`: {md(citation(key, context))}" for key in cited]
            out.append("")
        return "\n".join(out).encode("utf-8")

    @staticmethod
    def concept(entry: dict[str, Any], context: ExportContext) -> list[str]:
        """The lines of one concept."""
        main = entry["zh"][0]
        best = preferred_rendering(entry)
        title = f"### {md(main['term'])} {md(main.get('pinyin') or '')}"
        if best:
            title += f" — {md(best['term'])}"
        lines = [title, "", f'<a id="{entry["id"]}"></a>', ""]
        forms = []
        for zh in entry["zh"]:
            extra = [zh.get("pinyin") or ""]
            if zh.get("tw") and zh["tw"] != zh["term"]:
                extra.append(f"Taiwan {zh['tw']}")
            if zh.get("hk") and zh["hk"] != zh["term"]:
                extra.append(f"Hong Kong {zh['hk']}")
            forms.append(f"{md(zh['term'])} ({md('; '.join(e for e in extra if e))}, {zh['type']})")
        lines.append("- **Chinese:** " + " · ".join(forms))
        english = []
        for en in entry["en"]:
            term = md(en["term"])
            term = f"**{term}**" if en["status"] == PREFERRED else term
            if is_avoided(en["status"]):
                term = f"~~{term}~~"
            details = [en["status"], *en.get("usage", [])]
            if en.get("note"):
                details.append(md(en["note"]))
            english.append(f"{term} ({'; '.join(details)})")
        lines.append("- **English:** " + " · ".join(english))
        lines.append(f"- **Definition:** {md(entry.get('definition') or '')}")
        if entry.get("note"):
            lines.append(f"- **Note:** {md(entry['note'])}")
        if entry.get("since"):
            lines.append(f"- **Since:** {md(entry['since'])}")
        if entry["tags"]:
            lines.append("- **Tags:** " + ", ".join(md(t) for t in entry["tags"]))
        if entry["related"]:
            lines.append(
                "- **Related:** " + ", ".join(f"[{md(r)}](#{r})" for r in entry["related"])
            )
        for item in entry["context"]:
            lines += ["", f"> {md(item['text'])}", f"> — {md(citation(item['source'], context))}"]
        lines.append("")
        return lines
