"""The outputs of `glossary annotate`: a plain listing, JSON, TSV and a self-contained HTML page."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from glossary.render import pad, width
from glossary.textio import LineIndex

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from glossary.annotate import Annotation

TSV_COLUMNS = (
    "start", "end", "line", "column", "text", "concept", "term", "form", "pinyin",
    "rendering", "status", "layer",
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_BREAKS = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")  # what str.splitlines splits on


def one_line(text: str) -> str:
    """A span shown on one line: every run of whitespace (line breaks too) as one space."""
    return _SPACES.sub(" ", text).strip()


def records(text: str, annotations: list[Annotation]) -> Iterator[dict[str, Any]]:
    """Each annotation as a JSON object, with the line and column where it starts."""
    lines = LineIndex(text)
    for annotation in annotations:
        line, column = lines.position(annotation.start)
        position = {
            "start": annotation.start,
            "end": annotation.end,
            "line": line,
            "column": column,
        }
        yield position | annotation.as_dict()


def as_text(name: str, text: str, annotations: list[Annotation]) -> Iterator[str]:
    """An aligned listing: line:column, the span, pinyin, preferred rendering and concept id."""
    rows = [
        (
            f"{record['line']}:{record['column']}",
            one_line(record["text"]),
            record["pinyin"],
            record["rendering"] or "(no preferred rendering)",
            f"[{record['concept']}]",
        )
        for record in records(text, annotations)
    ]
    if not rows:
        yield f"{name}: no glossary terms found\n"
        return
    widths = [max(width(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        cells = [pad(cell, cells) for cell, cells in zip(row[:4], widths, strict=True)]
        yield "  ".join([*cells, row[4]]) + "\n"
    concepts = len({annotation.concept for annotation in annotations})
    yield f"{name}: {len(annotations)} terms, {concepts} concepts\n"


def as_json(name: str, text: str, annotations: list[Annotation]) -> Iterator[str]:
    """A JSON document: the file, its length in characters and one annotation a line."""
    summary = {
        "file": name,
        "characters": len(text),
        "terms": len(annotations),
        "concepts": len({annotation.concept for annotation in annotations}),
    }
    yield json.dumps(summary, ensure_ascii=False, indent=2)[:-2] + ',\n  "annotations": ['
    separator = "\n    "
    for record in records(text, annotations):
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n    "
    yield "\n  ]\n}\n" if annotations else "]\n}\n"


def as_tsv(name: str, text: str, annotations: list[Annotation]) -> Iterator[str]:
    """Tab-separated values with a header row; whitespace inside a span shown as one space."""
    yield "\t".join(TSV_COLUMNS) + "\n"
    position = LineIndex(text).position
    rows = []
    for annotation in annotations:
        # the columns: start, end, line, column, then the annotation's own fields in order
        line, column = position(annotation.start)
        fields = annotation[2:]
        row = f"{annotation.start}\t{annotation.end}\t{line}\t{column}\t" + "\t".join(fields)
        if not "".join(fields).isprintable() and any(_BREAKS.search(f) for f in fields):
            # a tab or line break inside a cell (isprintable first: the common case, in C)
            cells = (one_line(f) if _BREAKS.search(f) else f for f in fields)
            row = "\t".join([*row.split("\t", 4)[:4], *cells])
        rows.append(row)
        if len(rows) == TSV_ROWS_A_CHUNK:
            yield "\n".join(rows) + "\n"
            rows = []
    if rows:
        yield "\n".join(rows) + "\n"


TSV_ROWS_A_CHUNK = 4096  # rows joined before they are written: a write a row is slow

_CSS = """
body { font: 18px/1.9 "Noto Serif CJK SC", "Source Han Serif SC", serif; margin: 2rem auto;
       max-width: 52rem; padding: 0 1rem; color: #1d1d1f; background: #fffdf8; }
h1 { font-size: 1.3rem; margin-bottom: 0.2rem; }
.summary { color: #555; font-size: 0.9rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.term { background: #fff1c1; border-bottom: 2px solid #d9a400; cursor: help; }
.term rt, .word rt { font-size: 0.55em; color: #7a5a00; }
.word { cursor: help; }
.word rt { color: #666; }
.gloss { display: none; font-size: 0.7em; color: #0b5394; margin: 0 0.2em; }
#show-gloss:checked ~ .text .gloss { display: inline; }
table { border-collapse: collapse; margin-top: 2rem; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; }
"""


def as_html(name: str, text: str, annotations: list[Annotation]) -> Iterator[str]:
    """A self-contained page: the text with <ruby> pinyin and the rendering on every term."""
    esc = html.escape
    parts = []
    position = 0
    for annotation in annotations:
        if annotation.start < position:
            continue  # a term nested in the one before (annotate --nested): in the table only
        parts.append(esc(text[position : annotation.start]))
        rendering = annotation.rendering or "no preferred rendering"
        title = f"{rendering} — {annotation.term} [{annotation.concept}]"
        kind = "term" if annotation.layer == "curated" else "word"  # a CC-CEDICT word
        parts.append(
            f'<ruby class="{kind}" title="{esc(title)}" data-concept="{esc(annotation.concept)}">'
            # over the text, only the first of several readings (the table lists them all)
            f"{esc(one_line(annotation.text))}<rt>{esc(annotation.pinyin.split(' / ')[0])}</rt>"
            "</ruby>"
            f'<span class="gloss">{esc(annotation.rendering)}</span>'
        )
        position = annotation.end
    parts.append(esc(text[position:]))
    counts = Counter(annotation.concept for annotation in annotations)
    first: dict[str, Annotation] = {}
    for annotation in annotations:
        first.setdefault(annotation.concept, annotation)
    table_rows = "".join(
        f"<tr><td>{esc(a.term)}</td><td>{esc(a.pinyin)}</td><td>{esc(a.rendering)}</td>"
        f"<td>{esc(concept)}</td><td>{counts[concept]}</td></tr>"
        for concept, a in first.items()
    )
    yield (
        "<!DOCTYPE html>\n"
        '<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Glossary terms in {esc(name)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>Glossary terms in {esc(name)}</h1>\n"
        f'<p class="summary">{len(annotations)} terms, {len(counts)} concepts. '
        "Hover over a term for its rendering.</p>\n"
        '<input type="checkbox" id="show-gloss"> '
        '<label for="show-gloss">Show English renderings in the text</label>\n'
        f'<div class="text">{"".join(parts)}</div>\n'
        "<table>\n<thead><tr><th>term</th><th>pinyin</th><th>rendering</th><th>concept</th>"
        f"<th>count</th></tr></thead>\n<tbody>{table_rows}</tbody>\n</table>\n"
        "</body>\n</html>\n"
    )


RENDERERS: dict[str, Callable[[str, str, list[Annotation]], Iterator[str]]] = {
    "text": as_text,
    "json": as_json,
    "tsv": as_tsv,
    "html": as_html,
}
