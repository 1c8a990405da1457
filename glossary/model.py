"""The termbase's data model and its validation rules: plain dataclasses, no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from glossary.safetext import first_control

STATUSES = ("preferred", "admitted", "deprecated", "superseded")
ZH_TYPES = ("fullForm", "shortForm", "abbreviation", "variant", "phrase")
USAGES = ("official", "scholarly", "media", "us-gov", "business", "legal", "colloquial")
LANGS = ("zh", "en")

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG_PATTERN = ID_PATTERN
DATE_PATTERN = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
HAN_PATTERN = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

CONCEPT_KEYS = ("id", "domains", "tags", "since", "definition", "note", "related")
ZH_KEYS = ("term", "type", "pinyin", "tw", "hk", "note")
EN_KEYS = ("term", "status", "usage", "source", "note")
CONTEXT_KEYS = ("text", "lang", "source")
SOURCE_KEYS = ("author", "title", "publisher", "date", "url", "kind", "lang", "note")
DOMAIN_KEYS = ("name", "zh")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: a dotted field path (`en[1].status`) and a message."""

    field: str
    message: str


@dataclass(frozen=True)
class ZhTerm:
    """A Chinese term of a concept, with optional hand-checked pinyin and regional forms."""

    term: str
    type: str
    pinyin: str | None = None
    tw: str | None = None
    hk: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class EnTerm:
    """An English rendering of a concept and its status."""

    term: str
    status: str
    usage: tuple[str, ...] = ()
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Context:
    """A real sentence that uses the concept, quoted verbatim from a source."""

    text: str
    lang: str
    source: str


@dataclass(frozen=True)
class Concept:
    """One entry of the termbase: a concept with its Chinese terms and English renderings."""

    id: str
    domains: tuple[str, ...]
    definition: str
    zh: tuple[ZhTerm, ...]
    en: tuple[EnTerm, ...]
    context: tuple[Context, ...] = ()
    tags: tuple[str, ...] = ()
    since: str | None = None
    note: str | None = None
    related: tuple[str, ...] = ()

    @property
    def preferred(self) -> EnTerm | None:
        """The preferred rendering, else the first one that is not deprecated or superseded."""
        for wanted in ("preferred", "admitted"):
            for rendering in self.en:
                if rendering.status == wanted:
                    return rendering
        return None


@dataclass(frozen=True)
class Source:
    """A bibliography entry that contexts and renderings cite by key."""

    key: str
    title: str
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    kind: str | None = None
    lang: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Domain:
    """A subject field; the first domain of a concept is its folder."""

    key: str
    name: str
    zh: str | None = None


@dataclass
class _Reader:
    """Reads typed fields out of a parsed TOML table, collecting problems as it goes."""

    data: Mapping[str, Any]
    prefix: str
    problems: list[Problem] = field(default_factory=list)

    def path(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path(key), message))

    def unknown_keys(self, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        for key in self.data:
            if key not in allowed:
                self.problem(key, f"unknown field (allowed: {', '.join(allowed)})")

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return None
        if not isinstance(value, str):
            self.problem(key, f"must be a string, not {type(value).__name__}")
            return None
        if not value.strip():
            self.problem(key, "must not be empty")
            return None
        if value != value.strip():
            self.problem(key, "has leading or trailing whitespace")
        if control := first_control(value):
            self.problem(key, f"contains the control character {control}; remove it")
        return value

    def choice(self, key: str, allowed: tuple[str, ...], required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and value not in allowed:
            self.problem(key, f"{value!r} is not one of {', '.join(allowed)}")
            return None
        return value

    def strings(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, "must be a list of strings")
            return ()
        if required and not value:
            self.problem(key, "must not be empty")
        if len(set(value)) != len(value):
            self.problem(key, "has duplicate values")
        if control := next(filter(None, map(first_control, value)), None):
            self.problem(key, f"contains the control character {control}; remove it")
        return tuple(value)

    def tables(self, key: str) -> list[Mapping[str, Any]]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(key, f"must be an array of tables ([[{key}]])")
            return []
        return value


def concept_from_dict(data: Mapping[str, Any]) -> tuple[Concept | None, list[Problem]]:
    """Check the shape and values of one parsed term file; return the concept and problems."""
    top = _Reader(data, "")
    top.unknown_keys((*CONCEPT_KEYS, "zh", "en", "context"))
    concept_id = top.text("id", required=True)
    if concept_id is not None and not ID_PATTERN.match(concept_id):
        top.problem("id", f"{concept_id!r} must be lowercase ascii words joined by hyphens")
    domains = top.strings("domains", required=True)
    tags = top.strings("tags")
    for tag in tags:
        if not TAG_PATTERN.match(tag):
            top.problem("tags", f"{tag!r} must be lowercase ascii words joined by hyphens")
    since = top.text("since")
    if since is not None and not DATE_PATTERN.match(since):
        top.problem("since", f"{since!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    definition = top.text("definition", required=True)
    note = top.text("note")
    related = top.strings("related")

    zh_terms = []
    zh_tables = top.tables("zh")
    if not zh_tables:
        top.problem("zh", "at least one [[zh]] term is required")
    for index, table in enumerate(zh_tables):
        reader = _Reader(table, f"zh[{index}]", top.problems)
        reader.unknown_keys(ZH_KEYS)
        term = reader.text("term", required=True)
        if term is not None and not HAN_PATTERN.search(term):
            reader.problem("term", f"{term!r} contains no Chinese characters")
        zh_terms.append(
            ZhTerm(
                term=term or "",
                type=reader.choice("type", ZH_TYPES) or "",
                pinyin=reader.text("pinyin"),
                tw=reader.text("tw"),
                hk=reader.text("hk"),
                note=reader.text("note"),
            )
        )

    en_terms = []
    en_tables = top.tables("en")
    if not en_tables:
        top.problem("en", "at least one [[en]] rendering is required")
    for index, table in enumerate(en_tables):
        reader = _Reader(table, f"en[{index}]", top.problems)
        reader.unknown_keys(EN_KEYS)
        usage = reader.strings("usage")
        for value in usage:
            if value not in USAGES:
                reader.problem("usage", f"{value!r} is not one of {', '.join(USAGES)}")
        en_terms.append(
            EnTerm(
                term=reader.text("term", required=True) or "",
                status=reader.choice("status", STATUSES) or "",
                usage=usage,
                source=reader.text("source"),
                note=reader.text("note"),
            )
        )

    contexts = []
    for index, table in enumerate(top.tables("context")):
        reader = _Reader(table, f"context[{index}]", top.problems)
        reader.unknown_keys(CONTEXT_KEYS)
        contexts.append(
            Context(
                text=reader.text("text", required=True) or "",
                lang=reader.choice("lang", LANGS) or "",
                source=reader.text("source", required=True) or "",
            )
        )

    _check_duplicates(top, "zh", [t.term for t in zh_terms], "term")
    _check_duplicates(top, "en", [t.term.casefold() for t in en_terms], "rendering")

    if top.problems or concept_id is None or definition is None:
        return None, top.problems
    return (
        Concept(
            id=concept_id,
            domains=domains,
            definition=definition,
            zh=tuple(zh_terms),
            en=tuple(en_terms),
            context=tuple(contexts),
            tags=tags,
            since=since,
            note=note,
            related=related,
        ),
        [],
    )


def _check_duplicates(reader: _Reader, key: str, values: list[str], what: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value and value in seen:
            reader.problem(f"{key}[{index}].term", f"duplicate {what} {value!r}")
        seen.add(value)


def check_references(
    concept: Concept,
    concept_ids: set[str],
    source_keys: set[str],
    domain_keys: set[str],
) -> list[Problem]:
    """Check a concept's links to other concepts, sources and domains."""
    problems = []
    for domain in concept.domains:
        if domain not in domain_keys:
            problems.append(Problem("domains", f"unknown domain {domain!r}"))
    for related in concept.related:
        if related == concept.id:
            problems.append(Problem("related", "a concept cannot be related to itself"))
        elif related not in concept_ids:
            problems.append(Problem("related", f"unknown concept id {related!r}"))
    for index, rendering in enumerate(concept.en):
        if rendering.source is not None and rendering.source not in source_keys:
            problems.append(Problem(f"en[{index}].source", f"unknown source {rendering.source!r}"))
    for index, context in enumerate(concept.context):
        if context.source not in source_keys:
            problems.append(
                Problem(f"context[{index}].source", f"unknown source {context.source!r}")
            )
    return problems


def source_from_dict(key: str, data: Any) -> tuple[Source | None, list[Problem]]:
    """Check one bibliography entry of sources.toml."""
    if not isinstance(data, dict):
        return None, [Problem(key, "must be a table")]
    reader = _Reader(data, key)
    reader.unknown_keys(SOURCE_KEYS)
    if not ID_PATTERN.match(key):
        reader.problems.append(Problem(key, "source key must be lowercase words joined by hyphens"))
    title = reader.text("title", required=True)
    values = {name: reader.text(name) for name in SOURCE_KEYS if name != "title"}
    date = values.get("date")
    if date is not None and not DATE_PATTERN.match(date):
        reader.problem("date", f"{date!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    if reader.problems or title is None:
        return None, reader.problems
    return Source(key=key, title=title, **values), []


def domain_from_dict(key: str, data: Any) -> tuple[Domain | None, list[Problem]]:
    """Check one domain of domains.toml."""
    if not isinstance(data, dict):
        return None, [Problem(key, "must be a table")]
    reader = _Reader(data, key)
    reader.unknown_keys(DOMAIN_KEYS)
    if not ID_PATTERN.match(key):
        reader.problems.append(Problem(key, "domain key must be lowercase words joined by hyphens"))
    name = reader.text("name", required=True)
    zh = reader.text("zh")
    if reader.problems or name is None:
        return None, reader.problems
    return Domain(key=key, name=name, zh=zh), []


def concept_to_dict(concept: Concept) -> dict[str, Any]:
    """The canonical TOML-ready mapping of a concept: fixed key order, empty fields left out."""
    data: dict[str, Any] = {"id": concept.id, "domains": list(concept.domains)}
    if concept.tags:
        data["tags"] = list(concept.tags)
    if concept.since:
        data["since"] = concept.since
    data["definition"] = concept.definition
    if concept.note:
        data["note"] = concept.note
    if concept.related:
        data["related"] = list(concept.related)
    data["zh"] = [_compact(t.__dict__, ZH_KEYS) for t in concept.zh]
    data["en"] = [_compact(t.__dict__, EN_KEYS) for t in concept.en]
    if concept.context:
        data["context"] = [_compact(c.__dict__, CONTEXT_KEYS) for c in concept.context]
    return data


def _compact(values: Mapping[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in order:
        value = values.get(key)
        if value in (None, (), []):
            continue
        out[key] = list(value) if isinstance(value, tuple) else value
    return out
