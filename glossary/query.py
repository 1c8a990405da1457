"""The read API over the built database, used by the CLI, the site and the exporters.

Queries import neither OpenCC nor pypinyin: every form and key was computed by the build.
Search ranks exact > prefix > contained > fuzzy matches, curated before general; forgiving
matches (tier "spelling": a pinyin or English typo, words run together, u for ü) come
after all of those, and are sought only when no curated entry matches exactly and the
exact and prefix matches find fewer hits than asked for.
"""

from __future__ import annotations

import json
import os
import sqlite3
from bisect import bisect_right
from collections import namedtuple

from glossary.dbfile import readonly_uri
from glossary.fields import (
    CONCEPT_FIELDS,
    EN_FIELDS,
    GENERAL_FORMS,
    ZH_FIELDS,
    blank,
    json_keys,
)
from glossary.normalize import (
    clean,
    english_key,
    han_key,
    has_bopomofo,
    has_han,
    is_han,
    looks_like_pinyin,
    pinyin_key,
    pinyin_tones,
    truncate,
)
from glossary.vocabulary import ADMITTED, SEARCH_RANK, accepted_sql

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

    from glossary.dbfile import StrPath

TIERS = ("exact", "prefix", "contained", "fuzzy", "spelling")
SPELLING = "spelling"  # the forgiving tier: after every other tier of both layers
MAX_QUERY_CHARS = 200
MAX_TOKENS = 16
GENERAL_LIMIT = 100  # rows per general-layer query: CC-CEDICT fills the tail of a result list
GENERAL_PREFIX = "cedict:"
GENERAL_ATTRIBUTION = "CC-CEDICT (© MDBG and contributors), CC BY-SA 4.0"
_FIELD_ORDER = {"zh": 0, "tw": 0, "hk": 0, "en": 2, "pinyin": 3, "initials": 4, "definition": 5}
_LAYER_ORDER = {"curated": 0, "general": 1}


class Hit(
    namedtuple(
        "Hit",
        "concept layer tier field form rank status tones reason",
        defaults=(None, None, None),
    )
):
    """Why a concept matched a query: the tier, the field and form matched, and its status.

    `reason` says how a forgiving match differs from the query (glossary.spelling.REASONS).
    """

    __slots__ = ()

    def sort_key(self) -> tuple[Any, ...]:
        """Curated before general; then exact > prefix > contained > fuzzy; preferred first.

        Forgiving matches come after all the others, curated first, closest reason first."""
        return (
            self.tier == SPELLING,
            _LAYER_ORDER.get(self.layer, 9),
            TIERS.index(self.tier),
            _reason_order(self.reason),
            self.rank,
            _FIELD_ORDER.get(self.field, 9),
            len(self.form),
            self.concept,
        )

    def as_match(self) -> dict[str, Any]:
        """The `match` object of lookup JSON."""
        match = {"kind": self.tier, "field": self.field, "form": self.form, "status": self.status}
        if self.reason:
            match["reason"] = self.reason
        return match


def _reason_order(reason: str | None) -> int:
    """Where a reason ranks among forgiving matches; hits without one come after."""
    if not reason:
        return 99
    from glossary.spelling import REASONS

    return REASONS.index(reason)


class CuratedKeys:
    """The curated layer's search keys of one kind, held in memory as one string, a key a line.

    The contained and subsequence scans look at every curated key; SQLite spends about half a
    microsecond a row on them, which made them most of an uncached search. Here the first is a
    few scans of one string in C, the second reads only the keys holding every character.
    """

    def __init__(self, rows: list[tuple[Any, ...]]):
        self.rows = rows  # (key, concept, layer, field, form, rank, status, tones), by key
        self.starts = []
        offset = 0
        for row in rows:
            self.starts.append(offset)
            offset += len(row[0]) + 1
        self.text = "".join(row[0] + "\n" for row in rows)
        self._rows_with: dict[str, set[int]] | None = None

    def rows_with(self) -> dict[str, set[int]]:
        """Each character -> the rows whose key holds it (built on first use)."""
        if self._rows_with is None:
            self._rows_with = {}
            for index, row in enumerate(self.rows):
                for char in row[0]:
                    self._rows_with.setdefault(char, set()).add(index)
        return self._rows_with

    def _hit(self, index: int, tier: str) -> Hit:
        _key, concept, layer, field, form, rank, status, tones = self.rows[index]
        return Hit(concept, layer, tier, field, form, rank, status, tones)

    def containing(self, part: str, tier: str) -> list[Hit]:
        """Keys containing `part` other than at their start (as SQL's instr(key, part) > 1)."""
        hits = []
        found = self.text.find(part) if part and "\n" not in part else -1
        while found >= 0:
            index = bisect_right(self.starts, found) - 1
            if found > self.starts[index]:  # the first occurrence in this key
                hits.append(self._hit(index, tier))
            if index + 1 == len(self.starts):
                break
            found = self.text.find(part, self.starts[index + 1])
        return hits

    def with_subsequence(self, part: str, tier: str) -> list[Hit]:
        """Keys holding the characters of `part` in order (as SQL's like '%a%b%' on the
        lowercased keys): only the keys holding every character are read."""
        postings = [self.rows_with().get(char, set()) for char in set(part)]
        if not part or not all(postings):
            return []
        candidates = set.intersection(*sorted(postings, key=len))
        hits = []
        for index in sorted(candidates):
            key, position = self.rows[index][0], -1
            for char in part:
                position = key.find(char, position + 1)
                if position < 0:
                    break
            else:
                hits.append(self._hit(index, tier))
        return hits


def connect(db_path: StrPath) -> sqlite3.Connection:
    """Open the database read-only."""
    conn = sqlite3.connect(readonly_uri(db_path), uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


class Glossary:
    """A read-only view of a built glossary database."""

    def __init__(self, db_path: StrPath, resident: bool = False):
        """Open a built database; `resident` (a long-lived process, as the site) holds the
        curated keys in memory for the scans of every search, which a one-shot command would
        spend more time loading than scanning."""
        self.path = os.fspath(db_path)
        self.resident = resident
        self.conn = connect(self.path)
        self._zhuyin: dict[str, str] | None = None  # zhuyin -> pinyin, read at the first use
        self.has_general = bool(
            self.conn.execute(
                "select 1 from sqlite_master where type = 'table' and name = 'general'"
            ).fetchone()
        )
        self._curated_keys: dict[str, CuratedKeys] = {}

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
        elif has_bopomofo(query):  # read as typed: NFKC would split the neutral-tone dot
            hits += self._search_zhuyin(truncate(str(text), MAX_QUERY_CHARS))
        else:
            hits += self._search_english(query)
            pinyin = looks_like_pinyin(query)
            if pinyin:
                hits += self._search_pinyin(query)
            if self._wants_forgiving(hits, limit):
                hits += self._search_forgiving(query, pinyin)
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
                match = hit.as_match()
                if hit.field == "zhuyin":  # show the zhuyin of the reading found
                    readings = (zh for zh in entry["zh"] if zh.get("pinyin") == hit.form)
                    match["form"] = next((zh.get("zhuyin") or "" for zh in readings), hit.form)
                out.append({**entry, "layer": hit.layer, "match": match})
        return out

    def _keys(
        self, where: str, params: Iterable[Any], tier: str, layer: str | None = None
    ) -> list[Hit]:
        """Search-key rows as hits; the general layer's rows are capped."""
        sql = "select concept, layer, field, form, rank, status, tones from search_keys where "
        params = tuple(params)
        if layer is None:
            sql += where
        elif layer == "curated":  # matches the (layer, kind, key) index: scans curated rows only
            sql += f"layer = 'curated' and {where}"
        else:
            # capped in index order: a one-letter prefix must not sort a hundred thousand rows
            sql += f"layer = 'general' and {where} limit {GENERAL_LIMIT}"
        rows = self.conn.execute(sql, params)
        return [Hit(r[0], r[1], tier, r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def curated_keys(self, kind: str) -> CuratedKeys:
        """The curated layer's search keys of one kind, loaded once per connection."""
        keys = self._curated_keys.get(kind)
        if keys is None:
            rows = self.conn.execute(
                "select key, concept, layer, field, form, rank, status, tones from search_keys "
                "where layer = 'curated' and kind = ? order by key, rowid",
                (kind,),
            )
            keys = self._curated_keys[kind] = CuratedKeys([tuple(row) for row in rows])
        return keys

    def _tiers(self, kind: str, key: str, contained: bool = True) -> list[Hit]:
        """Exact hits in both layers, prefix hits (general capped), contained ones if curated."""
        hits = self._keys("kind = ? and key = ?", (kind, key), "exact")
        prefix = ("kind = ? and key > ? and key < ?", (kind, key, key + "\U0010ffff"), "prefix")
        hits += self._keys(*prefix, layer="curated")
        if self.has_general:
            hits += self._keys(*prefix, layer="general")
        if contained:
            hits += self._contained(kind, key)
        return hits

    def _contained(self, kind: str, key: str) -> list[Hit]:
        """Curated keys holding `key` other than at their start: a scan of the curated layer,
        in memory for a resident glossary, else in SQLite."""
        if self.resident:
            return self.curated_keys(kind).containing(key, "contained")
        return self._keys("kind = ? and instr(key, ?) > 1", (kind, key), "contained", "curated")

    def _in_order(self, key: str) -> list[Hit]:
        """Curated Chinese keys holding the characters of `key` in order (fuzzy hits)."""
        if self.resident:
            return self.curated_keys("han").with_subsequence(key, "fuzzy")
        pattern = "%" + "%".join(key) + "%"
        return self._keys("kind = 'han' and key like ?", (pattern,), "fuzzy", "curated")

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
            hits += self._tiers("han", key)
            if 2 <= len(key) <= 16:
                hits += self._in_order(key)
        return hits

    def _search_pinyin(self, query: str) -> list[Hit]:
        key = pinyin_key(query)
        if not key:
            return []
        hits = self._pinyin_tiers(key, pinyin_tones(query))
        compact = query.replace(" ", "")
        if compact.isascii() and compact.isalpha() and 2 <= len(compact) <= 12:
            hits += self._keys("kind = 'initials' and key = ?", (compact.lower(),), "prefix")
        return hits

    def _pinyin_tiers(self, key: str, tones: str, field: str = "pinyin") -> list[Hit]:
        """The pinyin tiers of a toneless key; hits with other tones than the query's are fuzzy."""
        hits = []
        for hit in self._tiers("pinyin", key):
            stored = hit.tones
            if tones and stored and len(tones) == len(stored) and tones != stored:
                hit = hit._replace(tier="fuzzy")  # right letters, other tones
            hits.append(hit._replace(field=field))
        return hits

    def _search_zhuyin(self, query: str) -> list[Hit]:
        """Zhuyin read as pinyin through the build's syllable table, then searched as pinyin."""
        from glossary.spelling import read_zhuyin

        if self._zhuyin is None:
            rows = self.conn.execute("select zhuyin, pinyin from zhuyin_syllables").fetchall()
            self._zhuyin = dict(rows)
        read = read_zhuyin(query, self._zhuyin)
        if read is None:
            return []
        return self._pinyin_tiers(*read, field="zhuyin")

    @staticmethod
    def _wants_forgiving(hits: list[Hit], limit: int) -> bool:
        """Seek forgiving matches only when no curated entry matched exactly and the exact and
        prefix matches leave the list short (so an exact lookup pays nothing for them)."""
        if any(hit.tier == "exact" and hit.layer == "curated" for hit in hits):
            return False
        return len({hit.concept for hit in hits if hit.tier in ("exact", "prefix")}) < limit

    def _search_forgiving(self, query: str, pinyin: bool) -> list[Hit]:
        """Keys one typo away from the query (pinyin, English), English words run together or
        split, u typed for ü: all in the tier after every other one, each with its reason."""
        from glossary.spelling import U_FOR_UE, u_for_ue

        hits = self._spelling_hits("en", self._near_keys("en", english_key(query)))
        if pinyin:
            key = pinyin_key(query)
            hits += self._spelling_hits("pinyin", self._near_keys("pinyin", key))
            for variant in u_for_ue(key):
                for hit in self._tiers("pinyin", variant, contained=False):
                    hits.append(hit._replace(tier=SPELLING, reason=U_FOR_UE))
        return hits

    def _near_keys(self, kind: str, key: str) -> dict[str, str]:
        """Stored keys of `kind` one edit from `key` (symmetric deletion) or with its words
        joined alike, each with the reason."""
        from glossary.spelling import lookup_hashes, reason

        hashes = lookup_hashes(kind, key)
        if not hashes:
            return {}
        marks = ",".join("?" * len(hashes))
        rows = self.conn.execute(
            "select distinct spelling_keys.key from spelling "
            "join spelling_keys on spelling_keys.id = spelling.key "
            f"where spelling.hash in ({marks}) and spelling_keys.kind = ?",
            (*hashes, kind),
        )
        near = {}
        for (candidate,) in rows:
            why = reason(key, candidate)
            if why:
                near[candidate] = why
        return near

    def _spelling_hits(self, kind: str, near: Mapping[str, str]) -> list[Hit]:
        """The search-key rows of the keys `near` holds, as forgiving hits with their reason."""
        if not near:
            return []
        marks = ",".join("?" * len(near))
        rows = self.conn.execute(
            "select concept, layer, field, form, rank, status, tones, key from search_keys "
            f"where kind = ? and key in ({marks}) "
            f"order by layer != 'curated' limit {GENERAL_LIMIT}",
            (kind, *near),
        )
        return [Hit(r[0], r[1], SPELLING, r[2], r[3], r[4], r[5], r[6], near[r[7]]) for r in rows]

    def _search_english(self, query: str) -> list[Hit]:
        key = english_key(query)
        tokens = key.split()[:MAX_TOKENS]
        if not tokens:
            return []
        hits = self._tiers("en", key, contained=False)
        phrase = '"' + " ".join(tokens) + '"'
        rows = self.conn.execute(
            "select en_terms.concept, en_terms.term, en_terms.status, en_terms.key "
            "from en_terms_fts join en_terms on en_terms.rowid = en_terms_fts.rowid "
            "where en_terms_fts match ?",
            (phrase,),
        ).fetchall()
        for row in rows:
            # same length, stems equal ("dual circulations"): next to exact, not exact
            same_length = len(row["key"].split()) == len(tokens)
            hits.append(self._en_hit(row, "prefix" if same_length else "contained"))
        everywhere = " AND ".join(f'"{token}"' for token in tokens)
        for row in self.conn.execute(
            "select en_terms.concept, en_terms.term, en_terms.status, en_terms.key "
            "from en_terms_fts join en_terms on en_terms.rowid = en_terms_fts.rowid "
            "where en_terms_fts match ?",
            (everywhere,),
        ):
            hit = self._en_hit(row, "fuzzy")
            if len(tokens) > 1 and sorted(row["key"].split()) == sorted(tokens):
                from glossary.spelling import WORD_ORDER  # the same words in another order

                hit = hit._replace(reason=WORD_ORDER)
            hits.append(hit)
        for row in self.conn.execute(
            "select concepts.id, concepts.layer, concepts.en from concepts_fts "
            "join concepts on concepts.rowid = concepts_fts.rowid where concepts_fts match ? "
            "order by concepts_fts.rank limit 50",
            (everywhere,),
        ):
            hits.append(Hit(row["id"], row["layer"], "fuzzy", "definition", row["en"] or "", 5))
        if self.has_general:
            for row in self.conn.execute(
                "select general.id, general.gloss from general_fts join general "
                "on general.rowid = general_fts.rowid where general_fts match ? "
                f"order by general_fts.rank limit {GENERAL_LIMIT}",
                (phrase,),
            ):
                hits.append(Hit(row["id"], "general", "contained", "en", row["gloss"], 2))
        return hits

    @staticmethod
    def _en_hit(row: sqlite3.Row, tier: str) -> Hit:
        status = row["status"]
        rank = SEARCH_RANK.get(status, 4)
        return Hit(row["concept"], "curated", tier, "en", row["term"], rank, status)

    # -- entries ------------------------------------------------------------------------

    def _entries(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        curated = [i for i in ids if not i.startswith(GENERAL_PREFIX)]
        general = [i for i in ids if i.startswith(GENERAL_PREFIX)]
        found: dict[str, dict[str, Any]] = {}
        if curated:
            marks = ",".join("?" * len(curated))
            sql = f"select id, entry from concepts where id in ({marks})"
            rows = self.conn.execute(sql, curated)
            found.update((row["id"], json.loads(row["entry"])) for row in rows)
        if general and self.has_general:
            marks = ",".join("?" * len(general))
            rows = self.conn.execute(f"select * from general where id in ({marks})", general)
            found.update((row["id"], general_entry(row)) for row in rows)
        return found

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
        where, params = self._filters(domain, tag, status, ids)
        rows = self.conn.execute(f"select entry from concepts where {where} order by id", params)
        return [json.loads(row["entry"]) for row in rows]

    def entry_ids(
        self,
        *,
        domain: str | None = None,
        tag: str | None = None,
        status: str | None = None,
        ids: Iterable[str] | None = None,
    ) -> list[str]:
        """The ids `entries` would return for the same filters, without reading the entries."""
        where, params = self._filters(domain, tag, status, ids)
        rows = self.conn.execute(f"select id from concepts where {where} order by id", params)
        return [row["id"] for row in rows]

    @staticmethod
    def _filters(
        domain: str | None, tag: str | None, status: str | None, ids: Iterable[str] | None
    ) -> tuple[str, list[Any]]:
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
            where.append(f"id in ({','.join('?' * len(wanted))})" if wanted else "0")
            params += wanted
        return " and ".join(where), params

    def chinese_forms(self) -> list[dict[str, Any]]:
        """Every Chinese term (concept, seq, term, tw, hk, pinyin) and its concept's rendering.

        `rendering` is the preferred English (else the first admitted one, else None) and
        `rendering_status` its status; rows come in concept and file order.
        """
        accepted, ranking = accepted_sql()
        rows = self.conn.execute(
            "select zh_terms.concept, zh_terms.seq, zh_terms.term, zh_terms.type, zh_terms.tw, "
            "zh_terms.hk, zh_terms.pinyin, concepts.layer, best.term as rendering, "
            "best.status as rendering_status from zh_terms "
            "join concepts on concepts.id = zh_terms.concept "
            "left join en_terms as best on best.rowid = ("
            "  select rowid from en_terms where en_terms.concept = zh_terms.concept"
            f"  and {accepted}"
            f"  order by {ranking}, seq limit 1) "
            "order by zh_terms.concept, zh_terms.seq"
        )
        return [dict(row) for row in rows]

    def general_forms(self) -> list[dict[str, Any]]:
        """Every general-layer headword, in the shape of `chinese_forms`, for segmentation.

        A headword with several readings (长 cháng, zhǎng) is one row: the readings joined
        by " / " and the gloss of the first reading (shortened).
        """
        if not self.has_general:
            return []
        # per headword, the reading with the most senses first (要 yào before yāo), then
        # dictionary order
        rows = self.conn.execute(
            "select id as concept, 0 as seq, simplified as term, 'fullForm' as type, "
            "traditional as tw, traditional as hk, pinyin, 'general' as layer, "
            "gloss as rendering, '' as rendering_status from general "
            "order by simplified, json_array_length(definitions) desc, rowid"
        )
        forms: list[dict[str, Any]] = []
        for row in rows:
            if forms and forms[-1]["term"] == row["term"]:
                forms[-1]["pinyin"] += " / " + row["pinyin"]
                continue
            form = dict(row)
            form["tw"] = form["hk"] = (form["tw"] or "").split("/")[0]
            form["rendering"] = short_gloss(form["rendering"] or "")
            forms.append(form)
        return forms

    def general_definitions(self, word: str) -> list[str] | None:
        """The CC-CEDICT senses of a simplified headword (all readings), or None if it has none."""
        if not self.has_general or not word:
            return None
        rows = self.conn.execute(  # a range on the id index: ids are "cedict:WORD:reading"
            "select definitions from general where id >= ? and id < ?",
            (f"{GENERAL_PREFIX}{word}:", f"{GENERAL_PREFIX}{word};"),
        ).fetchall()
        if not rows:
            return None
        return [sense for row in rows for sense in json.loads(row[0])]

    def renderings(self) -> list[dict[str, Any]]:
        """Every English rendering (concept, seq, term, status, note, replaced_in), in order."""
        rows = self.conn.execute(
            "select concept, seq, term, status, note, replaced_in from en_terms "
            "order by concept, seq"
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

    def tags(self) -> list[str]:
        """Every tag an entry has, sorted."""
        return [row[0] for row in self.conn.execute("select distinct tag from tags order by tag")]

    def domains(self) -> dict[str, dict[str, Any]]:
        """The domains, by key."""
        return {row["key"]: dict(row) for row in self.conn.execute("select * from domains")}

    def stats(self) -> dict[str, Any]:
        """Counts by domain and status, and the share of entries with checked data."""
        from glossary.evidence import shares as evidence_shares

        def count(sql: str) -> int:
            return int(self.conn.execute(sql).fetchone()[0])

        def counts_by(sql: str) -> dict[str, int]:
            return dict(self.conn.execute(sql).fetchall())

        concepts = count("select count(*) from concepts")

        def share(sql: str) -> float:
            return round(count(sql) / concepts, 4) if concepts else 0.0

        return {
            "concepts": concepts,
            "chinese_terms": count("select count(*) from zh_terms"),
            "english_renderings": count("select count(*) from en_terms"),
            "contexts": count("select count(*) from contexts"),
            "general_entries": count("select count(*) from general") if self.has_general else 0,
            "by_domain": counts_by(
                "select domain, count(*) from concepts group by domain order by domain"
            ),
            "by_status": counts_by(
                "select status, count(*) from en_terms group by status order by status"
            ),
            "with_definition": share("select count(*) from concepts where definition != ''"),
            "with_cited_context": share(
                "select count(distinct concept) from contexts where source != 'example'"
            ),
            "with_checked_pinyin": share("select count(*) from concepts where pinyin_checked"),
            "with_checked_regional_forms": share(
                "select count(*) from concepts where forms_checked"
            ),
            **evidence_shares(self.curated_entries(), self.sources()),
        }

    def curated_entries(self) -> list[dict[str, Any]]:
        """Every curated entry's JSON, in id order."""
        rows = self.conn.execute("select entry from concepts where layer = 'curated' order by id")
        return [json.loads(row[0]) for row in rows]


def entry_forms(entry: Mapping[str, Any]) -> list[str]:
    """Every Chinese form of an entry: each term's simplified, Taiwan and Hong Kong forms, once."""
    forms = (f for zh in entry["zh"] for f in (zh["term"], zh.get("tw"), zh.get("hk")))
    return list(dict.fromkeys(f for f in forms if f))


def short_gloss(gloss: str, limit: int = 60) -> str:
    """The first senses of a CC-CEDICT gloss, cut at a sense boundary near `limit` chars."""
    senses = [sense.strip() for sense in gloss.split(";") if sense.strip()]
    out = ""
    for sense in senses:
        candidate = f"{out}; {sense}" if out else sense
        if out and len(candidate) > limit:
            break
        out = candidate
    return out


_GENERAL_ZH_FORMS = [name for name in GENERAL_FORMS if name in json_keys(ZH_FIELDS)]


def general_entry(row: sqlite3.Row) -> dict[str, Any]:
    """A CC-CEDICT row in the shared entry shape, its renderings attributed to CC-CEDICT."""
    definitions = json.loads(row["definitions"])
    zh = {
        **blank(ZH_FIELDS),
        "term": row["simplified"],
        "type": "fullForm",
        "tw": row["traditional"],
        "hk": row["traditional"],
        **{name: row[name] for name in _GENERAL_ZH_FORMS},
    }
    en = [
        {**blank(EN_FIELDS), "term": d, "status": ADMITTED, "source": "cc-cedict"}
        for d in definitions
        if not d.startswith("CL:")
    ]
    return {
        **blank(CONCEPT_FIELDS),
        "id": row["id"],
        "definition": row["gloss"],
        "zh": [zh],
        "en": en,
        "context": [],
        "attribution": GENERAL_ATTRIBUTION,
    }
