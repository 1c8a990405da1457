"""A printable glossary as one self-contained HTML page: no scripts, no external files."""

from __future__ import annotations

from html import escape
from typing import Any, ClassVar

from glossary.formats import ExportContext
from glossary.formats.common import citation, sources_cited
from glossary.formats.markdown import by_domain
from glossary.vocabulary import preferred_rendering

STYLE = """
:root { color-scheme: light; --muted: #555; --rule: #ccc; }
body { font: 11pt/1.45 "Noto Serif", Georgia, serif; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; color: #111; }
:lang(zh-Hans), :lang(zh-CN) { font-family: "Noto Serif CJK SC", "Source Han Serif SC", serif; }
:lang(zh-Hant-TW), :lang(zh-TW) { font-family: "Noto Serif CJK TC", "Source Han Serif TC", serif; }
:lang(zh-Hant-HK), :lang(zh-HK) { font-family: "Noto Serif CJK HK", "Source Han Serif HK", serif; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; }
h2 { border-bottom: 2px solid #111; margin-top: 2.5rem; page-break-after: avoid; }
nav ol { columns: 2; padding-left: 1.2rem; }
article { border-bottom: 1px solid var(--rule); padding: .6rem 0; break-inside: avoid; }
article h3 { margin: 0; font-size: 1.25rem; }
.pinyin { font-style: italic; color: var(--muted); font-weight: normal; }
dl { display: grid; grid-template-columns: 7.5rem 1fr; gap: .15rem .8rem; margin: .4rem 0; }
dt { color: var(--muted); }
dd { margin: 0; }
.status { font-size: .8em; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.preferred .term { font-weight: bold; }
.deprecated .term, .superseded .term { text-decoration: line-through; color: #8b0000; }
blockquote { margin: .4rem 0 .4rem 1rem; padding-left: .8rem; border-left: 3px solid var(--rule); }
blockquote cite { display: block; color: var(--muted); font-size: .9em; }
ul.renderings { margin: 0; padding-left: 1.1rem; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-before: page; }
  h2:first-of-type { break-before: auto; }
}
"""


def e(text: Any) -> str:
    """Escaped text (quotes too, so it is safe inside attributes)."""
    return escape(str(text), quote=True)


class HtmlFormat:
    """A self-contained, printable HTML glossary."""

    name: ClassVar[str] = "html"
    extension: ClassVar[str] = ".html"
    mimetype: ClassVar[str] = "text/html"
    label: ClassVar[str] = "HTML, a printable glossary in one file"

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The entries as one HTML page with its style sheet inline."""
        groups = by_domain(entries, context)
        out = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{e(context.title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            f"<h1>{e(context.title)}</h1>",
            f"<p>{len(entries)} concepts.</p>",
        ]
        if groups:
            out.append('<nav aria-label="Domains"><ol>')
            out += [
                f'<li><a href="#domain-{i}">{e(name)}</a></li>'
                for i, (name, _) in enumerate(groups)
            ]
            out.append("</ol></nav>")
        for index, (name, group) in enumerate(groups):
            out.append(f'<section><h2 id="domain-{index}">{e(name)}</h2>')
            for entry in group:
                out += self.concept(entry, context)
            out.append("</section>")
        cited = sources_cited(entries)
        if cited:
            out.append('<section><h2 id="sources">Sources</h2><ul>')
            out += [f'<li id="source-{e(k)}">{e(citation(k, context))}</li>' for k in cited]
            out.append("</ul></section>")
        out += ["</body>", "</html>", ""]
        return "\n".join(out).encode("utf-8")

    @staticmethod
    def concept(entry: dict[str, Any], context: ExportContext) -> list[str]:
        """The article of one concept."""
        main = entry["zh"][0]
        best = preferred_rendering(entry)
        heading = (
            f'<h3><span lang="zh-CN">{e(main["term"])}</span> '
            f'<span class="pinyin">{e(main.get("pinyin") or "")}</span>'
            + (f" — {e(best['term'])}" if best else "")
            + "</h3>"
        )
        rows = []
        for zh in entry["zh"]:
            forms = [
                f'<span lang="zh-CN">{e(zh["term"])}</span>',
                f'<span class="pinyin">{e(zh.get("pinyin") or "")}</span>',
            ]
            if zh.get("tw") and zh["tw"] != zh["term"]:
                forms.append(f'Taiwan <span lang="zh-TW">{e(zh["tw"])}</span>')
            if zh.get("hk") and zh["hk"] != zh["term"]:
                forms.append(f'Hong Kong <span lang="zh-HK">{e(zh["hk"])}</span>')
            rows.append(f"<dt>{e(zh['type'])}</dt><dd>{' · '.join(forms)}</dd>")
        items = []
        for en in entry["en"]:
            usage = f" ({e(', '.join(en['usage']))})" if en.get("usage") else ""
            note = f" — {e(en['note'])}" if en.get("note") else ""
            items.append(
                f'<li class="{e(en["status"])}"><span class="term">{e(en["term"])}</span> '
                f'<span class="status">{e(en["status"])}</span>{usage}{note}</li>'
            )
        rows.append(f'<dt>English</dt><dd><ul class="renderings">{"".join(items)}</ul></dd>')
        rows.append(f"<dt>Definition</dt><dd>{e(entry.get('definition') or '')}</dd>")
        if entry.get("note"):
            rows.append(f"<dt>Note</dt><dd>{e(entry['note'])}</dd>")
        if entry.get("since"):
            rows.append(f"<dt>Since</dt><dd>{e(entry['since'])}</dd>")
        if entry["tags"]:
            rows.append(f"<dt>Tags</dt><dd>{e(', '.join(entry['tags']))}</dd>")
        if entry["related"]:
            links = ", ".join(f'<a href="#{e(r)}">{e(r)}</a>' for r in entry["related"])
            rows.append(f"<dt>Related</dt><dd>{links}</dd>")
        quotes = [
            f'<blockquote lang="{"zh-CN" if c["lang"] == "zh" else "en"}">{e(c["text"])}'
            f'<cite lang="en">{e(citation(c["source"], context))}</cite></blockquote>'
            for c in entry["context"]
        ]
        return [
            f'<article id="{e(entry["id"])}">',
            heading,
            f"<dl>{''.join(rows)}</dl>",
            *quotes,
            "</article>",
        ]
