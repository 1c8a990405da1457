"""Usage over time in the indexed corpus: counts per year, concordance lines, collocates.

Counting rules. A form's count in a year is the plain count of that form (non-overlapping,
left to right) in the folded text of that year's documents, so it equals `text.count(form)`.
A concept's total counts each place once: where one of its forms contains another
(国内国际双循环 and 双循环), the longest form starting at a place is counted and the shorter
one inside it is not counted again for the total (it still counts in its own form's row).

Imports neither click, OpenCC, pypinyin nor typing or dataclasses: the research commands
start fast.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, namedtuple

from glossary.normalize import is_han
from glossary.query import entry_forms

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any

PER_CHARS = 10_000
MAX_NEEDLE = 50
MAX_LIMIT = 10_000


class ToSimplified:
    """Folds traditional characters to simplified ones, one for one, so offsets agree.

    The build folds the corpus with it and queries fold their forms with it, from the same
    traditional-to-simplified pairs (the database's t2s table).
    """

    def __init__(self, t2s: Iterable[tuple[str, str]]):
        self.table = {ord(t): s for t, s in t2s if len(t) == 1 and len(s) == 1}

    def fold(self, text: str) -> str:
        """The text with every traditional character replaced by its simplified one."""
        return text.translate(self.table)


class Occurrence(namedtuple("Occurrence", "paragraph doc year n start end")):
    """One place a form occurs: the paragraph, and where in it (offsets in characters)."""

    __slots__ = ()


class Corpus:
    """The corpus tables of a built glossary database."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        tables = {name for (name,) in conn.execute("select name from sqlite_master")}
        self.available = "corpus_paragraphs" in tables
        self._has_bigrams = "corpus_bigrams" in tables
        self._folding = ToSimplified(())  # filled character by character (see fold)

    def fold(self, text: str) -> str:
        """Traditional characters to simplified, one for one, as the index folds its text.

        Reads only the text's own characters from the t2s table: a query is a few characters,
        and reading the whole table would cost more than the search.
        """
        table = self._folding.table
        unseen = [char for char in set(text) if ord(char) not in table]
        if unseen:
            marks = ",".join("?" * len(unseen))
            rows = self.conn.execute(f"select trad, simp from t2s where trad in ({marks})", unseen)
            table.update(ToSimplified(rows).table)
            table.update({ord(char): char for char in unseen if ord(char) not in table})
        return self._folding.fold(text)

    def documents(self) -> list[dict[str, Any]]:
        """Every indexed document (key, year, title, kind, url, chars), in time order."""
        if not self.available:
            return []
        rows = self.conn.execute(
            "select key, year, title, kind, url, chars, paragraphs from corpus_documents "
            "where paragraphs > 0 order by year, key"
        )
        return [dict(zip(_DOC_COLUMNS, row, strict=True)) for row in rows]

    def year_sizes(self) -> dict[int, int]:
        """Characters of text per year."""
        if not self.available:
            return {}
        rows = self.conn.execute(
            "select year, sum(chars) from corpus_documents group by year order by year"
        )
        return {year: chars for year, chars in rows if chars}

    def _matching(
        self, needle: str, *, start: int | None, end: int | None, doc: str | None
    ) -> tuple[str, list[Any]]:
        """FROM and WHERE clauses selecting the paragraphs (alias p) whose text has needle."""
        where: list[str] = []
        params: list[Any] = []
        if "\x00" in needle:  # no corpus text has one (FTS5 would end the query string there)
            return "from corpus_paragraphs p where 0", []
        if len(needle) >= 3:
            source = "corpus_fts join corpus_paragraphs p on p.id = corpus_fts.rowid"
            where.append("corpus_fts match ?")
            params.append('"' + needle.replace('"', '""') + '"')
        elif len(needle) == 2 and self._has_bigrams:
            source = "corpus_bigrams b join corpus_paragraphs p on p.id = b.para"
            where.append("b.bigram = ?")
            params.append(needle)
        else:  # one character: scan the folded text
            source = "corpus_paragraphs p"
        where.append("instr(p.folded, ?) > 0")
        params.append(needle)
        for condition, value in (("p.year >= ?", start), ("p.year <= ?", end), ("p.doc = ?", doc)):
            if value is not None:
                where.append(condition)
                params.append(value)
        return f"from {source} where {' and '.join(where)}", params

    def _paragraphs(
        self, needle: str, *, start: int | None, end: int | None, doc: str | None
    ) -> list[tuple[int, str, int, int, str, str]]:
        """The paragraphs whose folded text contains needle: (id, doc, year, n, text, folded)."""
        clauses, params = self._matching(needle, start=start, end=end, doc=doc)
        sql = f"select p.id, p.doc, p.year, p.n, p.text, p.folded {clauses}"
        return self.conn.execute(sql, params).fetchall()

    def _count(self, needle: str, clauses: str, params: list[Any], group: str = "") -> Any:
        """Plain counts of needle in the selected paragraphs, computed inside SQLite."""
        count = "(length(p.folded) - length(replace(p.folded, ?, ''))) / ?"
        select = f"select {group + ', ' if group else ''}coalesce(sum({count}), 0) {clauses}"
        rows = self.conn.execute(
            select + (f" group by {group}" if group else ""), [needle, len(needle), *params]
        )
        return rows.fetchall() if group else rows.fetchone()[0]

    def _page_of_one_form(
        self, needle: str, *, offset: int, limit: int, start: int | None, end: int | None,
        doc: str | None,
    ) -> tuple[int, list[tuple[Occurrence, str]]]:  # fmt: skip
        """The total and one page of occurrences of a single form, reading no more than needed."""
        clauses, params = self._matching(needle, start=start, end=end, doc=doc)
        total = self._count(needle, clauses, params)
        page: list[tuple[Occurrence, str]] = []
        if limit == 0 or offset >= total:
            return total, page
        rows = self.conn.execute(
            f"select p.id, p.doc, p.year, p.n, p.text, p.folded {clauses} "
            "order by p.year, p.doc, p.n",
            params,
        )
        seen = 0
        for pid, key, year, n, text, folded in rows:
            at = folded.find(needle)
            while at >= 0:
                if seen >= offset:
                    page.append((Occurrence(pid, key, year, n, at, at + len(needle)), text))
                    if len(page) == limit:
                        return total, page
                seen += 1
                at = folded.find(needle, at + len(needle))
        return total, page

    def occurrences(
        self,
        forms: Iterable[str],
        *,
        start: int | None = None,
        end: int | None = None,
        doc: str | None = None,
    ) -> tuple[list[Occurrence], dict[int, tuple[str, str, int, int, str]]]:
        """Every place any of the forms occurs (longest form first at a place), in time order.

        Also returns the paragraphs by id: (doc, text, year, n, folded).
        """
        wanted = _forms(self.fold(form) for form in forms)
        paragraphs: dict[int, tuple[str, str, int, int, str]] = {}
        for form in wanted:
            for pid, key, year, n, text, folded in self._paragraphs(
                form, start=start, end=end, doc=doc
            ):
                paragraphs[pid] = (key, text, year, n, folded)
        found = [
            Occurrence(pid, key, year, n, at, at + length)
            for pid, (key, _text, year, n, folded) in paragraphs.items()
            for at, length in _longest_matches(folded, wanted)
        ]
        found.sort(key=lambda o: (o.year, o.doc, o.n, o.start))
        return found, paragraphs

    def form_counts(self, form: str) -> dict[int, int]:
        """A form's plain count per year (every year with at least one occurrence)."""
        folded = self.fold(form).strip()[:MAX_NEEDLE]
        if not folded:
            return {}
        clauses, params = self._matching(folded, start=None, end=None, doc=None)
        rows = self._count(folded, clauses, params, group="p.year")
        return {year: count for year, count in sorted(map(tuple, rows)) if count}

    def usage(
        self, forms: list[str], *, query: str, concept: str | None, per: int = PER_CHARS
    ) -> dict[str, Any]:
        """Counts per year of each form and of the concept as a whole, with first and last year."""
        wanted = _forms(self.fold(form) for form in forms)
        found, _paragraphs = self.occurrences(wanted)
        sizes = self.year_sizes()
        totals: Counter[int] = Counter(o.year for o in found)
        by_doc: Counter[str] = Counter(o.doc for o in found)
        documents = [{**d, "count": by_doc[d["key"]]} for d in self.documents() if by_doc[d["key"]]]
        return {
            "query": query,
            "concept": concept,
            "forms": {form: self.form_counts(form) for form in wanted},
            "per": per,
            "years": {
                year: {
                    "count": totals[year],
                    "chars": chars,
                    "rate": rate(totals[year], chars, per),
                }
                for year, chars in sizes.items()
            },
            "total": len(found),
            "first": found[0].year if found else None,
            "last": found[-1].year if found else None,
            "documents": documents,
        }

    def concordance(
        self,
        forms: list[str],
        *,
        query: str,
        limit: int = 100,
        offset: int = 0,
        width: int = 30,
        start: int | None = None,
        end: int | None = None,
        doc: str | None = None,
    ) -> dict[str, Any]:
        """Keyword-in-context lines for every occurrence, in time order (a page of them)."""
        limit = max(0, min(limit, MAX_LIMIT))
        wanted = _forms(self.fold(form) for form in forms)
        if len(wanted) == 1:
            total, page = self._page_of_one_form(
                wanted[0], offset=offset, limit=limit, start=start, end=end, doc=doc
            )
        else:
            found, paragraphs = self.occurrences(wanted, start=start, end=end, doc=doc)
            total = len(found)
            page = [(o, paragraphs[o.paragraph][1]) for o in found[offset : offset + limit]]
        titles = {d["key"]: d["title"] for d in self.documents()} if page else {}
        lines = [
            {
                "left": text[max(0, o.start - width) : o.start],
                "match": text[o.start : o.end],
                "right": text[o.end : o.end + width],
                "doc": o.doc,
                "title": titles.get(o.doc, ""),
                "year": o.year,
                "paragraph": o.n,
                "start": o.start,
            }
            for o, text in page
        ]
        return {"query": query, "total": total, "offset": offset, "lines": lines}

    def collocates(
        self, forms: list[str], words: set[str], *, top: int = 10
    ) -> dict[str, list[tuple[str, int]]]:
        """The most frequent words immediately left and right of the forms, with counts."""
        found, paragraphs = self.occurrences(forms)
        left: Counter[str] = Counter()
        right: Counter[str] = Counter()
        longest = max((len(w) for w in words), default=1)
        for o in found:
            folded = paragraphs[o.paragraph][4]
            before = _word_before(folded, o.start, words, longest)
            after = _word_after(folded, o.end, words, longest)
            if before:
                left[before] += 1
            if after:
                right[after] += 1
        return {"left": left.most_common(top), "right": right.most_common(top)}


def rate(count: int, chars: int, per: int = PER_CHARS) -> float:
    """Occurrences per `per` characters of text."""
    return round(count * per / chars, 3) if chars else 0.0


def resolve(glossary: Any, query: str) -> tuple[str | None, list[str]]:
    """The concept a query names (by id, or an exact form or rendering) and the forms to count.

    A query that names no concept is counted as a literal string.
    """
    query = query.strip()
    entry = glossary.entry(query) if query else None
    if entry is None and query:
        exact = [h for h in glossary.search(query, limit=5) if h.tier == "exact"]
        curated = [h for h in exact if h.layer == "curated"]
        entry = glossary.entry(curated[0].concept) if curated else None
    if entry is None:
        return None, [query] if query else []
    return entry["id"], entry_forms(entry)


_DOC_COLUMNS = ("key", "year", "title", "kind", "url", "chars", "paragraphs")


def _forms(forms: Iterable[str]) -> list[str]:
    """Distinct non-empty forms, longest first (so a place is matched by its longest form)."""
    distinct = dict.fromkeys(f.strip()[:MAX_NEEDLE] for f in forms if f and f.strip())
    return sorted(distinct, key=lambda f: (-len(f), f))


def _longest_matches(text: str, forms: list[str]) -> Iterator[tuple[int, int]]:
    """(start, length) of each place a form occurs, longest form first, never overlapping."""
    at = 0
    while at < len(text):
        hits = [(text.find(form, at), -len(form)) for form in forms]
        hits = [hit for hit in hits if hit[0] >= 0]
        if not hits:
            return
        start, negative_length = min(hits)
        yield start, -negative_length
        at = start - negative_length


def _word_before(text: str, end: int, words: set[str], longest: int) -> str | None:
    """The longest dictionary word ending at end (else the one Han character there)."""
    if end == 0 or not is_han(text[end - 1]):
        return None
    for size in range(min(longest, end), 1, -1):
        if text[end - size : end] in words:
            return text[end - size : end]
    return text[end - 1]


def _word_after(text: str, start: int, words: set[str], longest: int) -> str | None:
    """The longest dictionary word starting at start (else the one Han character there)."""
    if start >= len(text) or not is_han(text[start]):
        return None
    for size in range(min(longest, len(text) - start), 1, -1):
        if text[start : start + size] in words:
            return text[start : start + size]
    return text[start]
