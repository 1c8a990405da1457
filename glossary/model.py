"""The termbase's data model and its validation rules: plain dataclasses, no I/O.

The fields of an entry are declared once, in glossary/fields.py; this module reads and
writes term files through that declaration.

How to add a field (say `evidence` on English renderings):

1. Declare it in glossary/fields.py (`EN_FIELDS`): name, kind, required, whether the build
   derives it, whether it is in the JSON and a column, its export label and the formats
   that carry it. The term-file parser, its messages, the canonical TOML order, the entry
   JSON, the database columns, the OpenAPI schema and the general layer's empty value
   follow from the declaration.
2. Add the attribute to the dataclass below (`EnTerm`), with a default, so old term files
   stay valid; tests/test_fields.py fails until the dataclass and the declaration agree.
   A kind the reader does not know yet (a list of tables, say) gets a reader in
   `_read_field`, and a check of its own in `check_references` if it cites something.
3. Show it where it should be seen: web/templates/term.html and `glossary show`.
4. Write it in the formats listed in its `formats` (tbx writer and reader, csv columns):
   tests/test_fields.py exports an entry with the field set and fails for each listed
   format that drops it. A JSON field that TBX has no place for is named in that file's
   `test_the_tbx_writer_covers_the_declared_fields`, so leaving it out is a decision.

Done this way: `evidence` on renderings (a "tables" kind) and `components` on concepts;
`replaced_in` on renderings with the derived `first_year` and `last_year` (properties of
`EnTerm`, in the JSON but not in term files); `tw_word`, `hk_word` and `regional_note` on
Chinese terms (the regional decisions glossary.regional asks for).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from glossary.fields import (
    CONCEPT_FIELDS,
    CONTEXT_FIELDS,
    EN_FIELDS,
    LANGS,
    OFFICIAL,
    SOURCE_KINDS,
    USAGES,
    YEARS,
    ZH_FIELDS,
    ZH_TYPES,
    Field,
    official_english,
    toml_keys,
)
from glossary.safetext import first_control
from glossary.vocabulary import ACCEPTED, SUPERSEDED, best

__all__ = ["LANGS", "USAGES", "ZH_TYPES"]

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG_PATTERN = ID_PATTERN
DATE_PATTERN = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
HAN_PATTERN = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

CONCEPT_KEYS = toml_keys(CONCEPT_FIELDS)
ZH_KEYS = toml_keys(ZH_FIELDS)
EN_KEYS = toml_keys(EN_FIELDS)
CONTEXT_KEYS = toml_keys(CONTEXT_FIELDS)
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
    tw_word: str | None = None
    hk_word: str | None = None
    regional_note: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Evidence:
    """A use of a rendering: the source (a key of sources.toml) and the year, with a note."""

    source: str
    year: int
    note: str | None = None


@dataclass(frozen=True)
class EnTerm:
    """An English rendering of a concept and its status."""

    term: str
    status: str
    usage: tuple[str, ...] = ()
    source: str | None = None
    note: str | None = None
    evidence: tuple[Evidence, ...] = ()
    replaced_in: int | None = None

    @property
    def first_year(self) -> int | None:
        """The first year of the rendering's evidence (None without evidence)."""
        return min((item.year for item in self.evidence), default=None)

    @property
    def last_year(self) -> int | None:
        """The last year of the rendering's evidence (None without evidence)."""
        return max((item.year for item in self.evidence), default=None)


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
    no_official_english: str | None = None
    related: tuple[str, ...] = ()
    components: tuple[str, ...] = ()

    @property
    def preferred(self) -> EnTerm | None:
        """The preferred rendering, else the first one that is not deprecated or superseded."""
        found: EnTerm | None = best(self.en, lambda rendering: rendering.status)
        return found


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

    def integer(self, key: str, required: bool = False) -> int | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(key, f"must be an integer, not {type(value).__name__}")
            return None
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


Check = Callable[["_Reader", Any], None]


def _check_id(reader: _Reader, value: str | None) -> None:
    if value is not None and not ID_PATTERN.match(value):
        reader.problem("id", f"{value!r} must be lowercase ascii words joined by hyphens")


def _check_tags(reader: _Reader, values: tuple[str, ...]) -> None:
    for tag in values:
        if not TAG_PATTERN.match(tag):
            reader.problem("tags", f"{tag!r} must be lowercase ascii words joined by hyphens")


def _check_date(reader: _Reader, value: str | None) -> None:
    if value is not None and not DATE_PATTERN.match(value):
        reader.problem("since", f"{value!r} must be YYYY, YYYY-MM or YYYY-MM-DD")


def _check_components(reader: _Reader, values: tuple[str, ...]) -> None:
    for value in values:
        if not value.strip() or value != value.strip():
            reader.problem("components", f"{value!r} must be a concept id or a literal item")


def _check_year(reader: _Reader, value: int | None) -> None:
    if value is not None and not YEARS[0] <= value <= YEARS[1]:
        reader.problem("year", f"{value} is not a year from {YEARS[0]} to {YEARS[1]}")


def _check_han(reader: _Reader, value: str | None, key: str = "term") -> None:
    if value is not None and not HAN_PATTERN.search(value):
        reader.problem(key, f"{value!r} contains no Chinese characters")


def _check_replaced_in(reader: _Reader, value: int | None) -> None:
    if value is not None and not YEARS[0] <= value <= YEARS[1]:
        reader.problem("replaced_in", f"{value} is not a year from {YEARS[0]} to {YEARS[1]}")
    elif value is not None and reader.data.get("status") != SUPERSEDED:
        reader.problem("replaced_in", "only a superseded rendering is replaced")


# Checks beyond the declared kind, run right after a field is read: (part, field) -> check
_CHECKS: dict[tuple[str, str], Check] = {
    ("", "id"): _check_id,
    ("", "tags"): _check_tags,
    ("", "since"): _check_date,
    ("", "components"): _check_components,
    ("zh", "term"): _check_han,
    ("zh", "tw_word"): lambda reader, value: _check_han(reader, value, "tw_word"),
    ("zh", "hk_word"): lambda reader, value: _check_han(reader, value, "hk_word"),
    ("en", "replaced_in"): _check_replaced_in,
    ("evidence", "year"): _check_year,
}
# The model's class for the items of each "tables" field
TABLE_ITEMS: dict[str, type] = {"evidence": Evidence}


def _read_field(reader: _Reader, declared: Field) -> Any:
    """One declared field's value from a table (problems recorded on the reader)."""
    name, choices = declared.name, declared.choices
    if declared.kind == "strings":
        values = reader.strings(name, declared.required)
        for value in values:
            if choices and value not in choices:
                reader.problem(name, f"{value!r} is not one of {', '.join(choices)}")
        return values
    if declared.kind == "choice":
        return reader.choice(name, choices, declared.required)
    if declared.kind == "int":
        return reader.integer(name, declared.required)
    if declared.kind == "tables":
        return _read_tables(reader, declared)
    return reader.text(name, declared.required)


def _read_tables(reader: _Reader, declared: Field) -> tuple[Any, ...]:
    """A list of inline tables ([{...}, ...]) as a tuple of the model's objects."""
    value = reader.data.get(declared.name)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        reader.problem(declared.name, "must be a list of tables ({ key = value, ... })")
        return ()
    items = []
    for index, table in enumerate(value):
        item = _Reader(table, reader.path(f"{declared.name}[{index}]"), reader.problems)
        item.unknown_keys(toml_keys(declared.items))
        values = _filled(_read_fields(item, declared.items, declared.name), declared.items)
        items.append(TABLE_ITEMS[declared.name](**values))
    return tuple(items)


def _read_fields(reader: _Reader, fields: tuple[Field, ...], part: str) -> dict[str, Any]:
    """Every term-file field of one table, checked, by name."""
    values = {}
    for declared in fields:
        if declared.toml:
            values[declared.name] = value = _read_field(reader, declared)
            check = _CHECKS.get((part, declared.name))
            if check is not None:
                check(reader, value)
    return values


def _filled(values: dict[str, Any], fields: tuple[Field, ...]) -> dict[str, Any]:
    """Required text left unreadable becomes '' (the problem is recorded already)."""
    required = {declared.name for declared in fields if declared.required}
    return {
        name: "" if value is None and name in required else value for name, value in values.items()
    }


def _read_part(top: _Reader, part: str, fields: tuple[Field, ...]) -> list[dict[str, Any]]:
    """The checked values of each table of one array of tables ([[zh]], [[en]], [[context]])."""
    out = []
    for index, table in enumerate(top.tables(part)):
        reader = _Reader(table, f"{part}[{index}]", top.problems)
        reader.unknown_keys(toml_keys(fields))
        out.append(_filled(_read_fields(reader, fields, part), fields))
    return out


def concept_from_dict(data: Mapping[str, Any]) -> tuple[Concept | None, list[Problem]]:
    """Check the shape and values of one parsed term file; return the concept and problems."""
    top = _Reader(data, "")
    top.unknown_keys((*CONCEPT_KEYS, "zh", "en", "context"))
    values = _read_fields(top, CONCEPT_FIELDS, "")
    if not top.tables("zh"):
        top.problem("zh", "at least one [[zh]] term is required")
    zh_terms = [ZhTerm(**v) for v in _read_part(top, "zh", ZH_FIELDS)]
    if not top.tables("en"):
        top.problem("en", "at least one [[en]] rendering is required")
    en_terms = [EnTerm(**v) for v in _read_part(top, "en", EN_FIELDS)]
    contexts = [Context(**v) for v in _read_part(top, "context", CONTEXT_FIELDS)]

    _check_duplicates(top, "zh", [t.term for t in zh_terms], "term")
    _check_duplicates(top, "en", [t.term.casefold() for t in en_terms], "rendering")

    if top.problems or values["id"] is None or values["definition"] is None:
        return None, top.problems
    concept = Concept(**values, zh=tuple(zh_terms), en=tuple(en_terms), context=tuple(contexts))
    return concept, []


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
    for component in concept.components:
        if not ID_PATTERN.match(component):
            continue  # a literal item ("green development", "创新"), not an id
        if component == concept.id:
            problems.append(Problem("components", "a concept cannot be a component of itself"))
        elif component not in concept_ids:
            problems.append(
                Problem(
                    "components",
                    f"unknown concept id {component!r} (a literal item is written as it "
                    "reads, with its spaces, capitals or characters)",
                )
            )
    for index, rendering in enumerate(concept.en):
        if rendering.source is not None and rendering.source not in source_keys:
            problems.append(Problem(f"en[{index}].source", f"unknown source {rendering.source!r}"))
        for number, evidence in enumerate(rendering.evidence):
            if evidence.source not in source_keys:
                where = f"en[{index}].evidence[{number}].source"
                problems.append(Problem(where, f"unknown source {evidence.source!r}"))
    for index, context in enumerate(concept.context):
        if context.source not in source_keys:
            problems.append(
                Problem(f"context[{index}].source", f"unknown source {context.source!r}")
            )
    return problems


LANG_PATTERN = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?(?:,[a-z]{2,3}(?:-[A-Za-z]{2,4})?)*$")
URL_PATTERN = re.compile(r"^https?://[^\s/]+\S*$")
# What a source should give beyond its title and kind (a warning of `glossary validate`
# where it is missing; a constructed example has no date, publisher or language)
SOURCE_EXPECTED = ("publisher", "date", "lang")


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
    date, url, lang, kind = values["date"], values["url"], values["lang"], values["kind"]
    if date is not None and not DATE_PATTERN.match(date):
        reader.problem("date", f"{date!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    if url is not None and not URL_PATTERN.match(url):
        reader.problem("url", f"{url!r} must be an http:// or https:// address")
    if lang is not None and not LANG_PATTERN.match(lang):
        reader.problem("lang", f"{lang!r} must be language codes joined by commas (zh,en)")
    if kind is None and "kind" not in data:
        reader.problem("kind", f"is required (one of {', '.join(SOURCE_KINDS)})")
    elif kind is not None and kind not in SOURCE_KINDS:
        reader.problem("kind", f"{kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    if reader.problems or title is None:
        return None, reader.problems
    return Source(key=key, title=title, **values), []


def source_warnings(source: Source) -> list[Problem]:
    """What a source lacks that a reader needs to find it (publisher, date, language)."""
    if source.kind == "example":
        return []
    return [
        Problem(f"{source.key}.{name}", "is missing")
        for name in SOURCE_EXPECTED
        if getattr(source, name) is None
    ]


def is_official_english(source: Source | None) -> bool:
    """An official source in English (its kind official, "en" among its languages)."""
    return source is not None and official_english(source.kind, source.lang)


def has_official_evidence(rendering: EnTerm, sources: Mapping[str, Source]) -> bool:
    """The rendering has an attestation from an official English source."""
    return any(is_official_english(sources.get(item.source)) for item in rendering.evidence)


def officially_attested_concept(concept: Concept, sources: Mapping[str, Source]) -> bool:
    """A preferred or admitted rendering of the concept has official English evidence."""
    return any(
        rendering.status in ACCEPTED and has_official_evidence(rendering, sources)
        for rendering in concept.en
    )


def rendering_warnings(concept: Concept, sources: Mapping[str, Source]) -> list[Problem]:
    """Evidence rules the data is still catching up with (warnings, not errors).

    A rendering whose usage says official needs an attestation from an official English
    source; a superseded rendering needs a note, evidence or the year it was replaced; a
    concept saying it has no official English must not have an attested rendering.
    """
    problems = []
    if concept.no_official_english and officially_attested_concept(concept, sources):
        problems.append(
            Problem(
                "no_official_english",
                "says there is no official English, but a rendering has an official attestation",
            )
        )
    for index, rendering in enumerate(concept.en):
        if OFFICIAL in rendering.usage and not has_official_evidence(rendering, sources):
            problems.append(
                Problem(
                    f"en[{index}].usage",
                    f"{rendering.term!r} is tagged official but has no evidence from an "
                    "official English source",
                )
            )
        if rendering.status == SUPERSEDED and not (
            rendering.note or rendering.evidence or rendering.replaced_in
        ):
            problems.append(
                Problem(
                    f"en[{index}].status",
                    f"superseded {rendering.term!r} has no note, evidence or replaced_in",
                )
            )
    return problems


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
    data = _compact(concept.__dict__, CONCEPT_KEYS)
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
        if isinstance(value, tuple):
            value = [_compact(v.__dict__, tuple(v.__dict__)) if _is_item(v) else v for v in value]
        out[key] = value
    return out


def _is_item(value: Any) -> bool:
    """An item of a list of tables (a model dataclass such as Evidence)."""
    return hasattr(value, "__dataclass_fields__")
