"""The read API over the built database, used by the CLI, the site and the exporters.

Queries import neither OpenCC nor pypinyin: every form and key was computed by the build.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import namedtuple

from glossary.dbfile import readonly_uri
from glossary.normalize import (
    clean,
    english_key,
    han_key,
    has_han,
    is_han,
    looks_like_pinyin,
    pinyin_key,
    pinyin_tones,
    truncate,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any

    from glossary.dbfile import StrPath

TIERS = ("exact", "prefix", "contained", "fuzzy")
MAX_QUERY_CHARS = 200
MAX_TOKENS = 16
_FIELD_ORDER = {"zh": 0, "tw": 0, "hk": 0, "en": 2, "pinyin": 3, "initials": 4, "definition": 5}
_LAYER_ORDER = {"curated": 0, "general": 1}


class Hit(namedtuple("Hit", "concept layer tier field form rank status", defaults=(None,))):
    """Why a concept matched a query: the tier, the field and form matched, and its status."""

    __slots__ = ()

    def sort_key(self) -> tuple[Any, ...]:
        """Exact > prefix > contained > fuzzy; then preferred forms, curated layer, short forms."""
        return (
            TIERS.index(self.tier),
            self.rank,
            _LAYER_ORDER.get(self.layer, 9),
            _FIELD_ORDER.get(self.field, 9),
            len(self.form),
            self.concept,
        )

    def as_match(self) -> dict[str, Any]:
        """The `match` object of lookup JSON."""
        return {"kind": self.tier, "field": self.field, "form": self.form, "status": self.status}


def connect(db_path: StrPath) -> sqlite3.Connection:
    """Open the database read-only."""
    conn = sqlite3.connect(readonly_uri(db_path), uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


class Glossary:
    """A read-only view of a built glossary database."""

    def __init__(self, db_path: StrPath):
        self.path = os.fspath(db_path)
        self.conn = connect(self.path)

    def close(self) -> None:
        """Close the database connection."""
        self.conn.close()

    def __enter__(self) -> Glossary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- search -------------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        """The concepts a query finds, best first, one hit (the best) per concept."""
        query = truncate(clean(str(text)), MAX_QUERY_CHARS)
        if not query or limit <= 0:
            return []
        hits: list[Hit] = []
        if has_han(query):
            hits += self._search_han(query)
        else:
            hits += self._search_english(query)
            if looks_like_pinyin(query):
                hits += self._search_pinyin(query)
        best: dict[str, Hit] = {}
        for hit in sorted(hits, key=Hit.sort_key):
            best.setdefault(hit.concept, hit)
        return list(best.values())[:limit]

    def lookup(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Search and return full entries, each with its `layer` and `match`."""
        hits = self.search(text, limit)
        entries = self._entries([hit.concept for hit in hits])
        out = []
        for hit in hits:
            entry = entries.get(hit.concept)
            if entry is not None:
                out.append({**entry, "layer": hit.layer, "match": hit.as_match()})
        return out

    def _keys(self, sql: str, params: Iterable[Any], tier: str) -> list[Hit]:
        rows = self.conn.execute(
            "select concept, layer, field, form, rank, status, tones from search_keys where " + sql,
            tuple(params),
        )
        return [
            Hit(
                row["concept"],
                row["layer"],
                tier,
                row["field"],
                row["form"],
                row["rank"],
                row["status"],
            )
            for row in rows
        ]

    def _exact_prefix_contained(self, kind: str, key: str, contained: bool = True) -> list[Hit]:
        hits = self._keys("kind = ? and key = ?", (kind, key), "exact")
        hits += self._keys(
            "kind = ? and key > ? and key < ?", (kind, key, key + "\U0010ffff"), "prefix"
        )
        if contained:
            hits += self._keys("kind = ? and instr(key, ?) > 1", (kind, key), "contained")
        return hits

    def simplify(self, text: str) -> str:
        """Traditional and regional characters mapped to simplified through the stored table."""
        chars = sorted({c for c in text if is_han(c)})
        if not chars:
            return text
        marks = ",".join("?" * len(chars))
        table = dict(
            self.conn.execute(
                f"select trad, simp from t2s where trad in ({marks})", chars
            ).fetchall()
        )
        return "".join(table.get(c, c) for c in text)

    def _search_han(self, query: str) -> list[Hit]:
        hits: list[Hit] = []
        for key in dict.fromkeys((han_key(query), han_key(self.simplify(query)))):
            if not key:
                continue
            hits += self._exact_prefix_contained("han", key)
            if 2 <= len(key) <= 16:
                pattern = "%" + "%".join(key) + "%"
                hits += self._keys("kind = 'han' and key like ?", (pattern,), "fuzzy")
        return hits

    def _search_pinyin(self, query: str) -> list[Hit]:
        key = pinyin_key(query)
        if not key:
            return []
        tones = pinyin_tones(query)
        hits = []
        for hit, stored in self._pinyin_rows(key):
            if tones and stored and len(tones) == len(stored) and tones != stored:
                hit = hit._replace(tier="fuzzy")  # right letters, other tones
            hits.append(hit)
        compact = query.replace(" ", "")
        if compact.isascii() and compact.isalpha() and 2 <= len(compact) <= 12:
            hits += self._keys("kind = 'initials' and key = ?", (compact.lower(),), "prefix")
        return hits

    def _pinyin_rows(self, key: str) -> Iterator[tuple[Hit, str | None]]:
        for tier, sql, params in (
            ("exact", "key = ?", (key,)),
            ("prefix", "key > ? and key < ?", (key, key + "\U0010ffff")),
            ("contained", "instr(key, ?) > 1", (key,)),
        ):
            rows = self.conn.execute(
                "select concept, layer, field, form, rank, status, tones from search_keys "
                f"where kind = 'pinyin' and {sql}",
                params,
            )
            for row in rows:
                hit = Hit(row["concept"], row["layer"], tier, "pinyin", row["form"], row["rank"])
                yield hit, row["tones"]

    def _search_english(self, query: str) -> list[Hit]:
        key = english_key(query)
        tokens = key.split()[:MAX_TOKENS]
        if not tokens:
            return []
        hits = self._exact_prefix_contained("en", key, contained=False)
        phrase = '"' + " ".join(tokens) + '"'
        rows = self.conn.execute(
            "select en_terms.concept, en_terms.term, en_terms.status, en_terms.key "
            "from en_terms_fts join en_terms on en_terms.rowid = en_terms_fts.rowid "
            "where en_terms_fts match ?",
            (phrase,),
        ).fetchall()
        for row in rows:
            same_length = len(row["key"].split()) == len(tokens)
            hits.append(self._en_hit(row, "exact" if same_length else "contained"))
        everywhere = " AND ".join(f'"{token}"' for token in tokens)
        for row in self.conn.execute(
            "select en_terms.concept, en_terms.term, en_terms.status, en_terms.key "
            "from en_terms_fts join en_terms on en_terms.rowid = en_terms_fts.rowid "
            "where en_terms_fts match ?",
            (everywhere,),
        ):
            hits.append(self._en_hit(row, "fuzzy"))
        for row in self.conn.execute(
            "select concepts.id, concepts.layer, concepts.en from concepts_fts "
            "join concepts on concepts.rowid = concepts_fts.rowid where concepts_fts match ? "
            "order by concepts_fts.rank limit 50",
            (everywhere,),
        ):
            hits.append(Hit(row["id"], row["layer"], "fuzzy", "definition", row["en"] or "", 5))
        return hits

    @staticmethod
    def _en_hit(row: sqlite3.Row, tier: str) -> Hit:
        status = row["status"]
        rank = {"preferred": 0, "admitted": 1, "superseded": 2, "deprecated": 3}.get(status, 4)
        return Hit(row["concept"], "curated", tier, "en", row["term"], rank, status)

    # -- entries ------------------------------------------------------------------------

    def _entries(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(f"select id, entry from concepts where id in ({marks})", ids)
        return {row["id"]: json.loads(row["entry"]) for row in rows}

    def entry(self, concept_id: str) -> dict[str, Any] | None:
        """One entry in the shared JSON shape, or None for an unknown id."""
        return self._entries([concept_id]).get(concept_id)

    def entries(
        self,
        *,
        domain: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        ids: Iterable[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Every entry by id, optionally filtered by domain, tag, rendering status or ids."""
        where, params = ["1 = 1"], []
        if domain:
            where.append("exists (select 1 from json_each(concepts.domains) where value = ?)")
            params.append(domain)
        if tag:
            where.append("id in (select concept from tags where tag = ?)")
            params.append(tag)
        if status:
            where.append("id in (select concept from en_terms where status = ?)")
            params.append(status)
        if ids is not None:
            wanted = list(dict.fromkeys(ids))
            if not wanted:
                return []
            where.append(f"id in ({','.join('?' * len(wanted))})")
            params += wanted
        rows = self.conn.execute(
            f"select entry from concepts where {' and '.join(where)} order by id", params
        )
        return [json.loads(row["entry"]) for row in rows]

    def chinese_forms(self) -> list[dict[str, Any]]:
        """Every Chinese term (concept, seq, term, tw, hk, pinyin) and its concept's rendering.

        `rendering` is the preferred English (else the first admitted one, else None) and
        `rendering_status` its status; rows come in concept and file order.
        """
        rows = self.conn.execute(
            "select zh_terms.concept, zh_terms.seq, zh_terms.term, zh_terms.type, zh_terms.tw, "
            "zh_terms.hk, zh_terms.pinyin, concepts.layer, best.term as rendering, "
            "best.status as rendering_status from zh_terms "
            "join concepts on concepts.id = zh_terms.concept "
            "left join en_terms as best on best.rowid = ("
            "  select rowid from en_terms where en_terms.concept = zh_terms.concept"
            "  and status in ('preferred', 'admitted')"
            "  order by status = 'admitted', seq limit 1) "
            "order by zh_terms.concept, zh_terms.seq"
        )
        return [dict(row) for row in rows]

    def renderings(self) -> list[dict[str, Any]]:
        """Every English rendering (concept, seq, term, status, note), in concept and file order."""
        rows = self.conn.execute(
            "select concept, seq, term, status, note from en_terms order by concept, seq"
        )
        return [dict(row) for row in rows]

    def t2s_table(self) -> dict[str, str]:
        """The whole traditional-to-simplified character table the build stored."""
        return dict(self.conn.execute("select trad, simp from t2s").fetchall())

    def meta(self) -> dict[str, str]:
        """What the database was built from (the meta table), to key caches on."""
        return dict(self.conn.execute("select key, value from meta").fetchall())

    def sources(self) -> dict[str, dict[str, Any]]:
        """The bibliography, by key."""
        rows = self.conn.execute("select * from sources order by key")
        return {row["key"]: dict(row) for row in rows}

    def domains(self) -> dict[str, dict[str, Any]]:
        """The domains, by key."""
        return {row["key"]: dict(row) for row in self.conn.execute("select * from domains")}

    def stats(self) -> dict[str, Any]:
        """Counts by domain and status, and the share of entries with checked data."""
        one = self.conn.execute
        concepts = one("select count(*) from concepts").fetchone()[0]

        def share(sql: str) -> float:
            count = one(sql).fetchone()[0]
            return round(count / concepts, 4) if concepts else 0.0

        return {
            "concepts": concepts,
            "chinese_terms": one("select count(*) from zh_terms").fetchone()[0],
            "english_renderings": one("select count(*) from en_terms").fetchone()[0],
            "contexts": one("select count(*) from contexts").fetchone()[0],
            "by_domain": dict(
                one(
                    "select domain, count(*) from concepts group by domain order by domain"
                ).fetchall()
            ),
            "by_status": dict(
                one(
                    "select status, count(*) from en_terms group by status order by status"
                ).fetchall()
            ),
            "with_definition": share("select count(*) from concepts where definition != ''"),
            "with_cited_context": share(
                "select count(distinct concept) from contexts where source != 'example'"
            ),
            "with_checked_pinyin": share("select count(*) from concepts where pinyin_checked"),
            "with_checked_regional_forms": share(
                "select count(*) from concepts where forms_checked"
            ),
        }


def entry_json(entry: dict[str, Any]) -> str:
    """An entry as pretty JSON, Chinese unescaped."""
    return json.dumps(entry, ensure_ascii=False, indent=2)
