"""Import glossaries into the term files: plan first (a dry run shows the plan), then write.

An imported concept that shares a Chinese form with an existing concept is merged into it:
new Chinese forms, renderings, contexts, domains, tags and related ids are added; values
the existing file already has are kept (a differing value in the import is reported, never
written over). Every other concept becomes a new term file.

The termbase holds Chinese-English concepts: a concept with no Chinese term or no English
rendering (the TBX-Basic astronomy sample is English, Spanish and Zulu) cannot be a term
file. Such concepts are written as drafts: files of the same format, in a drafts folder
beside terms/ (not read by `glossary build`), with their terms in other languages listed
in comments, to be completed and moved into terms/ by an editor.

Nothing is written unless the whole result validates: the plan is written into a copy of
the terms folder and checked with `glossary.build.validate` first.

A new termbase: importing into a folder that does not exist yet, or is empty, makes the
termbase there (glossary.scaffold) with the imported concepts. A termbase without domains
(a new one, or one `glossary init` made) takes as its domains the subject fields the file
names, and the --domain given.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomli_w

from glossary import safetext, scaffold, termtx
from glossary.fields import CONTEXT_FIELDS, EN_FIELDS, ZH_FIELDS, Field, toml_keys
from glossary.formats import FormatError, Loaded
from glossary.formats.common import slug
from glossary.formats.common import text_or_none as clean_text
from glossary.model import (
    HAN_PATTERN,
    ID_PATTERN,
    TABLE_ITEMS,
    Concept,
    Context,
    Domain,
    EnTerm,
    ZhTerm,
    concept_from_dict,
    concept_to_dict,
)
from glossary.termfiles import (
    DOMAINS_FILE,
    SOURCES_FILE,
    Termbase,
    TermbaseError,
    concept_path,
    dumps_concept,
    load_termbase,
)
from glossary.vocabulary import DEFAULT_IMPORTED, STATUSES

MISSING_DEFINITION = "TODO: write a definition (imported from {name}, which has none)."
GENERIC_ID = re.compile(r"^[a-z]{0,2}-?\d+$")


@dataclass
class Change:
    """One file the import creates or rewrites, and what changes in it."""

    kind: str  # "create", "update" or "draft"
    path: Path
    concept_id: str
    text: str
    details: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    """Everything an import would write, and what it reports."""

    origin: str
    terms: Path
    drafts: Path
    changes: list[Change] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    new_sources: dict[str, dict[str, str]] = field(default_factory=dict)
    draft_sources: dict[str, dict[str, str]] = field(default_factory=dict)
    new_domains: dict[str, dict[str, str]] = field(default_factory=dict)
    ignored: dict[str, int] = field(default_factory=dict)
    read: int = 0
    scaffold: bool = False  # the terms folder is new: the import makes the termbase

    def count(self, kind: str) -> int:
        """How many files of one kind (create, update, draft) the plan writes."""
        return sum(1 for change in self.changes if change.kind == kind)

    def summary(self) -> str:
        """One line: how many concepts were read, created, updated, drafted, left as they were."""
        return (
            f"{self.read} concepts read: {self.count('create')} new, "
            f"{self.count('update')} updated, {len(self.unchanged)} unchanged, "
            f"{self.count('draft')} drafts"
        )


class _Sources:
    """Maps the sources an import cites to keys of the bibliography, adding new entries."""

    def __init__(self, termbase: Termbase, loaded: Loaded, origin: str):
        self.known = {key: _source_dict(source) for key, source in termbase.sources.items()}
        self.by_citation: dict[str, str] = {}
        for key, source in self.known.items():
            for text in (key, source["title"], _citation(source)):
                self.by_citation.setdefault(text.casefold(), key)
        self.carried = loaded.sources
        self.origin = origin
        self.added: dict[str, dict[str, str]] = {}

    def key_for(self, text: str | None) -> str:
        """The key of a cited source; an unknown citation becomes a new bibliography entry."""
        if not text:
            return self.import_source()
        text = " ".join(text.split())
        if text in self.known or text in self.added:
            return text
        if text in self.carried:
            values = {k: v for k, v in self.carried[text].items() if k != "key" and v}
            values.setdefault("title", text)
            self.added[text] = values
            return text
        found = self.by_citation.get(text.casefold())
        if found:
            return found
        key = self.unique(slug(text, 40) or "source")
        values = {"title": text, "kind": "user"}
        if re.match(r"^https?://\S+$", text):
            values["url"] = text
        self.added[key] = values
        self.by_citation[text.casefold()] = key
        return key

    def import_source(self) -> str:
        """The source cited by contexts that name none: the imported file itself."""
        name = Path(self.origin).name
        key = self.by_citation.get(f"imported from {name}".casefold())
        if key:
            return key
        key = self.unique("import-" + (slug(Path(self.origin).stem, 30) or "file"))
        self.added[key] = {"title": f"Imported from {name}", "kind": "user"}
        self.by_citation[f"imported from {name}".casefold()] = key
        return key

    def unique(self, key: str) -> str:
        """A key not used yet."""
        candidate, number = key, 2
        while candidate in self.known or candidate in self.added:
            candidate, number = f"{key}-{number}", number + 1
        return candidate


def _source_dict(source: Any) -> dict[str, str]:
    return {
        name: value
        for name in ("title", "author", "publisher", "date", "url", "kind", "lang", "note")
        if (value := getattr(source, name))
    }


def _citation(values: dict[str, str]) -> str:
    parts = [values.get(name) for name in ("author", "title", "publisher", "date")]
    return ", ".join(part for part in parts if part)


@dataclass
class _Import:
    """The state of one import, shared by its phases: read → match → merge → plan → write.

    `read_entry` turns a file's entry into a Concept of this termbase, `match` finds the
    existing concept it shares a Chinese form with, `merge` and `add` fold it into
    `merged`, `link_related` resolves the file's cross-references, `plan_changes` turns
    the result into the ImportPlan, and `apply_plan` writes it.
    """

    termbase: Termbase
    plan: ImportPlan
    sources: _Sources
    origin: str
    domain: str | None
    owners: dict[str, str] = field(default_factory=dict)  # Chinese form -> concept id
    used_ids: set[str] = field(default_factory=set)
    merged: dict[str, Concept] = field(default_factory=dict)
    touched: dict[str, list[str]] = field(default_factory=dict)  # updated id -> details
    lines: dict[str, int] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    drafts: list[tuple[Concept, dict[str, Any]]] = field(default_factory=list)
    file_ids: dict[str, str] = field(default_factory=dict)  # the file's id -> ours
    pending_related: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The imported file's name."""
        return Path(self.origin).name

    def own(self, concept: Concept) -> None:
        """Record the Chinese forms of a concept as taken by it."""
        for zh in concept.zh:
            for form in (zh.term, zh.tw, zh.hk):
                if form:
                    self.owners.setdefault(form, concept.id)

    def remember(self, entry: dict[str, Any], concept_id: str) -> None:
        """Map the file's id of an entry to the concept it became."""
        if entry.get("id"):
            self.file_ids[str(entry["id"])] = concept_id


def plan_import(
    loaded: Loaded,
    terms: Path,
    origin: str,
    *,
    domain: str | None = None,
    drafts: Path | None = None,
) -> ImportPlan:
    """What importing `loaded` into the terms folder would write; FormatError for a bad entry."""
    state = _start(loaded, Path(terms), origin, domain, drafts)
    for entry in loaded.entries:
        line = int(entry.get("line") or 0)
        concept = _concept(entry, state.termbase, state.sources, origin, line, state.name)
        target = _match(state, concept, line)
        concept = _with_domain(state, concept, entry, target, line)
        if target is not None:
            _merge_into(state, target, concept, entry, line)
        elif not concept.zh or not concept.en:
            _add_draft(state, concept, entry)
        else:
            _add_new(state, concept, entry, line)
    _link_related(state)
    _plan_changes(state)
    _plan_drafts(state.plan, state.drafts, state.sources, state.name)
    _check(state.plan, state.termbase, state.merged, state.lines, origin)
    return state.plan


def _start(
    loaded: Loaded, terms: Path, origin: str, domain: str | None, drafts: Path | None
) -> _Import:
    """Read the termbase and set up the state of an import."""
    if terms.is_dir():
        termtx.recover(terms)  # a killed import into a new folder leaves only its journal
    new = scaffold.is_new(terms)
    termbase = Termbase(root=terms) if new else load_termbase(terms)
    adopted = {} if termbase.domains else _domains_named(loaded, domain)
    termbase.domains.update(adopted)
    if domain is not None and domain not in termbase.domains:
        known = ", ".join(termbase.domains)
        raise FormatError(origin, None, f"unknown domain {domain!r} (one of {known})")
    plan = ImportPlan(origin, terms, Path(drafts) if drafts else terms.parent / "drafts")
    plan.scaffold = new
    plan.new_domains = {key: {"name": d.name} for key, d in adopted.items()}
    plan.read = len(loaded.entries)
    _refuse_controls(loaded, origin)
    plan.ignored = dict(loaded.ignored)
    state = _Import(termbase, plan, _Sources(termbase, loaded, origin), origin, domain)
    for concept in termbase.concepts.values():
        state.own(concept)
    state.used_ids = set(termbase.concepts)
    state.merged = dict(termbase.concepts)
    return state


def _domains_named(loaded: Loaded, domain: str | None) -> dict[str, Domain]:
    """The domains of a termbase that has none: the file's subject fields, and --domain."""
    found: dict[str, Domain] = {}
    if domain is not None and ID_PATTERN.match(domain):
        found[domain] = Domain(domain, domain)
    for entry in loaded.entries:
        for raw in entry.get("domains") or []:
            name = " ".join(str(raw).split())
            key = slug(name)
            if key and key not in found:
                found[key] = Domain(key, name)
    return found


def _refuse_controls(loaded: Loaded, origin: str) -> None:
    """FormatError for the first entry with a control character (ANSI escapes, BEL, NUL)."""
    for entry in loaded.entries:
        if found := safetext.find_control(entry):
            line = int(entry.get("line") or 0) or None
            raise FormatError(
                origin, line, f"{found[0]}: contains the control character {found[1]}"
            )


def _match(state: _Import, concept: Concept, line: int) -> str | None:
    """The existing concept that has one of the concept's Chinese forms (None if none does)."""
    forms = {f for zh in concept.zh for f in (zh.term, zh.tw, zh.hk) if f}
    targets = {state.owners[f] for f in forms if f in state.owners}
    if len(targets) > 1:
        owners = ", ".join(sorted(targets))
        raise FormatError(
            state.origin, line, f"its Chinese forms belong to different concepts: {owners}"
        )
    return targets.pop() if targets else None


def _with_domain(
    state: _Import, concept: Concept, entry: dict[str, Any], target: str | None, line: int
) -> Concept:
    """A new concept without a domain of ours takes --domain (an error without it)."""
    if concept.domains or target is not None:
        return concept
    if state.domain is None:
        named = ", ".join(repr(d) for d in entry.get("domains") or []) or "none"
        raise FormatError(
            state.origin,
            line,
            f"no domain of this termbase (the entry names {named}); pass --domain",
        )
    return replace(concept, domains=(state.domain,))


def _merge_into(
    state: _Import, target: str, concept: Concept, entry: dict[str, Any], line: int
) -> None:
    """Fold an imported concept into the existing one it shares a Chinese form with."""
    details = state.touched.setdefault(target, [])
    kept = state.plan.kept
    state.merged[target] = _merge(state.merged[target], concept, details, kept, line, state.origin)
    state.lines.setdefault(target, line)
    state.remember(entry, target)
    state.pending_related.append((target, list(concept.related)))


def _add_draft(state: _Import, concept: Concept, entry: dict[str, Any]) -> None:
    """Keep a concept without Chinese or English for a draft file."""
    concept = replace(concept, id=_unique(concept.id, state.used_ids))
    state.used_ids.add(concept.id)
    state.drafts.append((concept, entry))
    state.remember(entry, concept.id)


def _add_new(state: _Import, concept: Concept, entry: dict[str, Any], line: int) -> None:
    """Add a concept as a new term file (its id made unique)."""
    concept = replace(concept, id=_unique(concept.id, state.used_ids))
    state.used_ids.add(concept.id)
    state.merged[concept.id] = concept
    state.created.append(concept.id)
    state.lines[concept.id] = line
    state.remember(entry, concept.id)
    state.pending_related.append((concept.id, list(concept.related)))
    state.own(concept)


UNRESOLVED = "crossReference to a concept not in the termbase"


def _link_related(state: _Import) -> None:
    """Resolve the file's cross-references to our ids; existing related ids keep their order."""
    for concept_id, related in state.pending_related:
        resolved: list[str] = []
        for ref in related:
            linked = state.file_ids.get(ref, ref if ref in state.merged else None)
            if linked is None:
                state.plan.ignored[UNRESOLVED] = state.plan.ignored.get(UNRESOLVED, 0) + 1
            elif linked != concept_id and linked not in resolved:
                resolved.append(linked)
        _set_related(state, concept_id, resolved)


def _set_related(state: _Import, concept_id: str, resolved: list[str]) -> None:
    current = state.merged[concept_id]
    keep = [r for r in current.related if r not in resolved]
    base = state.termbase.concepts.get(concept_id)
    ordered = list(base.related) if base else []
    ordered += [r for r in (*keep, *resolved) if r not in ordered]
    if tuple(ordered) == current.related:
        return
    state.merged[concept_id] = replace(current, related=tuple(ordered))
    if base is not None and set(ordered) - set(base.related):
        added = ", ".join(sorted(set(ordered) - set(base.related)))
        state.touched.setdefault(concept_id, []).append(f"+related {added}")


def _plan_changes(state: _Import) -> None:
    """The files to create and to update, and the sources they cite that are new."""
    plan, merged, terms = state.plan, state.merged, state.plan.terms
    for concept_id in state.created:
        concept = merged[concept_id]
        text = dumps_concept(concept)
        path = concept_path(terms, concept)
        plan.changes.append(Change("create", path, concept_id, text, [_describe(concept)]))
    for concept_id, details in state.touched.items():
        if concept_id in state.created:
            continue
        text = dumps_concept(merged[concept_id])
        if text == dumps_concept(state.termbase.concepts[concept_id]):
            plan.unchanged.append(concept_id)
        else:
            path = state.termbase.paths[concept_id]
            plan.changes.append(Change("update", path, concept_id, text, details))
    written = [merged[c] for c in (*state.created, *state.touched)]
    plan.new_sources = {
        key: value for key, value in state.sources.added.items() if _cited(key, written)
    }
    used = {
        domain
        for concept in (*written, *(c for c, _ in state.drafts))
        for domain in concept.domains
    }
    plan.new_domains = {key: value for key, value in plan.new_domains.items() if key in used}


def _cited(key: str, concepts: Any) -> bool:
    return any(
        item.source == key
        for concept in concepts
        for item in (*concept.en, *concept.context, *(e for en in concept.en for e in en.evidence))
    )


def _unique(concept_id: str, used: set[str]) -> str:
    candidate, number = concept_id, 2
    while candidate in used:
        candidate, number = f"{concept_id}-{number}", number + 1
    return candidate


def _concept(
    entry: dict[str, Any],
    termbase: Termbase,
    sources: _Sources,
    origin: str,
    line: int,
    name: str,
) -> Concept:
    """An imported entry as a Concept of this termbase (domains, sources and ids resolved)."""
    domains, tags = _domains_and_tags(entry, termbase)
    en_terms = _en_terms(entry, sources, origin, line)
    return Concept(
        id=_concept_id(entry, en_terms, line),
        domains=tuple(domains),
        definition=clean_text(entry.get("definition")) or MISSING_DEFINITION.format(name=name),
        zh=tuple(_dedupe(_zh_terms(entry, origin, line), lambda t: t.term)),
        en=tuple(_dedupe(en_terms, lambda t: t.term.casefold())),
        context=tuple(_dedupe(_contexts(entry, sources), lambda c: c.text)),
        tags=tuple(tags),
        since=clean_text(entry.get("since")),
        note=clean_text(entry.get("note")),
        related=tuple(dict.fromkeys(str(r) for r in entry.get("related") or [])),
    )


def _domains_and_tags(entry: dict[str, Any], termbase: Termbase) -> tuple[list[str], list[str]]:
    """The entry's subject fields that are our domains; the others become tags, with its tags."""
    names = {d.name.casefold(): key for key, d in termbase.domains.items()}
    domains: list[str] = []
    tags: list[str] = []
    for raw in entry.get("domains") or []:
        key = raw if raw in termbase.domains else names.get(raw.casefold())
        if key is None:
            tag = slug(raw)
            if tag and tag not in tags:
                tags.append(tag)
        elif key not in domains:
            domains.append(key)
    for raw in entry.get("tags") or []:
        tag = slug(raw)
        if tag and tag not in tags:
            tags.append(tag)
    return domains, tags


def _zh_terms(entry: dict[str, Any], origin: str, line: int) -> list[ZhTerm]:
    """The entry's Chinese terms; forms equal to the build's drafts are left to the build."""
    from glossary.chinese import draft_pinyin, to_hongkong, to_taiwan

    zh_terms = []
    for zh in entry.get("zh") or []:
        term = clean_text(zh.get("term"))
        zh_line = int(zh.get("line") or line)
        if term is None:
            continue
        if not HAN_PATTERN.search(term):
            raise FormatError(origin, zh_line, f"Chinese term {term!r} has no Chinese characters")
        pinyin, tw, hk = (clean_text(zh.get(k)) for k in ("pinyin", "tw", "hk"))
        try:
            if pinyin is not None and pinyin == draft_pinyin(term):
                pinyin = None  # the draft the build would write anyway: not a checked value
        except Exception as error:  # pragma: no cover - pypinyin refuses very odd input
            raise FormatError(origin, zh_line, f"{term!r}: {error}") from None
        if tw is not None and tw == to_taiwan(term):
            tw = None
        if hk is not None and hk == to_hongkong(term):
            hk = None
        resolved = {"term": term, "type": zh.get("type") or "fullForm", "pinyin": pinyin}
        zh_terms.append(ZhTerm(**{**_as_declared(zh, ZH_FIELDS), **resolved, "tw": tw, "hk": hk}))
    return zh_terms


def _en_terms(entry: dict[str, Any], sources: _Sources, origin: str, line: int) -> list[EnTerm]:
    """The entry's English renderings, statuses checked and sources resolved to keys."""
    en_terms = []
    for en in entry.get("en") or []:
        term = clean_text(en.get("term"))
        if term is None:
            continue
        status = en.get("status") or DEFAULT_IMPORTED
        if status not in STATUSES:
            raise FormatError(origin, int(en.get("line") or line), f"unknown status {status!r}")
        source = clean_text(en.get("source"))
        declared = _as_declared(en, EN_FIELDS)
        resolved = {
            "term": term,
            "status": status,
            "usage": tuple(u for u in en.get("usage") or () if u),
            "source": sources.key_for(source) if source else None,
            "evidence": tuple(
                replace(used, source=sources.key_for(used.source))
                for used in declared.get("evidence", ())
            ),
        }
        en_terms.append(EnTerm(**{**declared, **resolved}))
    return en_terms


def _contexts(entry: dict[str, Any], sources: _Sources) -> list[Context]:
    """The entry's contexts, their sources resolved to keys (the file itself if none)."""
    return [
        Context(
            **{
                **_as_declared(item, CONTEXT_FIELDS),
                "text": text,
                "source": sources.key_for(clean_text(item.get("source"))),
            }
        )
        for item in entry.get("context") or []
        if (text := clean_text(item.get("text")))
    ]


def _as_declared(item: dict[str, Any], fields: tuple[Field, ...]) -> dict[str, Any]:
    """The term-file fields (glossary.fields) of one record as read: text cleaned, lists as
    tuples. The caller overrides the fields it resolves (ids, statuses, sources); a field
    added to the declaration is carried without a change here."""
    values: dict[str, Any] = {}
    for declared in fields:
        if not declared.toml:
            continue
        value = item.get(declared.name)
        if declared.kind == "strings":
            values[declared.name] = tuple(value or ())
        elif declared.kind == "tables":
            keys = toml_keys(declared.items)
            item_class = TABLE_ITEMS[declared.name]
            values[declared.name] = tuple(
                item_class(**{k: v for k, v in item.items() if k in keys}) for item in value or ()
            )
        elif isinstance(value, str):
            values[declared.name] = clean_text(value)
        elif value is not None:
            values[declared.name] = value
    return values


def _dedupe(items: list[Any], key: Any) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


def _concept_id(entry: dict[str, Any], en_terms: list[EnTerm], line: int) -> str:
    """The file's id when it is one of ours, else one made from the English."""
    given = clean_text(entry.get("id"))
    if given and ID_PATTERN.match(given) and not GENERIC_ID.match(given):
        return given
    ranked = sorted(en_terms, key=lambda t: STATUSES.index(t.status))
    for term in [t.term for t in ranked] + [o["term"] for o in entry.get("other") or []]:
        made = slug(term)
        if made:
            return made
    return f"imported-{line}"


def _merge(
    old: Concept, new: Concept, details: list[str], kept: list[str], line: int, origin: str
) -> Concept:
    """An existing concept with what an imported one adds; existing values always win."""
    merging = _Merging(old, details, kept, f"{origin}:{line}")
    if new.definition != old.definition and not new.definition.startswith("TODO: "):
        kept.append(f"{merging.where}: {old.id}: kept the existing definition")
    domains = old.domains + tuple(d for d in new.domains if d not in old.domains)
    tags = old.tags + tuple(t for t in new.tags if t not in old.tags)
    for value, what in ((domains[len(old.domains) :], "domain"), (tags[len(old.tags) :], "tag")):
        details += [f"+{what} {v}" for v in value]
    return replace(
        old,
        zh=merging.zh(new.zh),
        en=merging.en(new.en),
        context=merging.contexts(new.context),
        domains=domains,
        tags=tags,
        since=merging.keep("since", old.since, new.since),
        note=merging.keep("note", old.note, new.note),
    )


class _Merging:
    """Folds the parts of an imported concept into an existing one, reporting as it goes."""

    def __init__(self, old: Concept, details: list[str], kept: list[str], where: str):
        self.old, self.details, self.kept, self.where = old, details, kept, where

    def keep(self, what: str, old_value: Any, new_value: Any) -> Any:
        """The existing value, else the new one; a differing new value is reported as kept."""
        if old_value and new_value and old_value != new_value:
            where = f"{self.where}: {self.old.id}"
            self.kept.append(f"{where}: kept {what} {old_value!r} (the file has {new_value!r})")
        if not old_value and new_value:
            self.details.append(f"+{what} {new_value!r}")
            return new_value
        return old_value

    def zh(self, terms: tuple[ZhTerm, ...]) -> tuple[ZhTerm, ...]:
        """New Chinese terms added; known ones completed (pinyin, regional forms, note)."""
        zh = list(self.old.zh)
        for term in terms:
            index = next((i for i, z in enumerate(zh) if z.term == term.term), None)
            if index is None:
                if not any(term.term in (z.tw, z.hk) for z in zh):
                    zh.append(term)
                    self.details.append(f"+zh {term.term!r}")
                continue
            current, name = zh[index], term.term
            zh[index] = replace(
                current,
                pinyin=self.keep(f"pinyin of {name}", current.pinyin, term.pinyin),
                tw=self.keep(f"Taiwan form of {name}", current.tw, term.tw),
                hk=self.keep(f"Hong Kong form of {name}", current.hk, term.hk),
                note=self.keep(f"note on {name}", current.note, term.note),
            )
        return tuple(zh)

    def en(self, renderings: tuple[EnTerm, ...]) -> tuple[EnTerm, ...]:
        """New renderings added; known ones keep their status and gain usage, source, note."""
        en = list(self.old.en)
        for rendering in renderings:
            key = rendering.term.casefold()
            found = next((i for i, e in enumerate(en) if e.term.casefold() == key), None)
            if found is None:
                en.append(rendering)
                self.details.append(f"+en {rendering.term!r} ({rendering.status})")
                continue
            existing = en[found]
            if existing.status != rendering.status:
                self.kept.append(
                    f"{self.where}: {self.old.id}: kept {rendering.term!r} {existing.status} "
                    f"(the file has {rendering.status})"
                )
            en[found] = replace(
                existing,
                usage=existing.usage or rendering.usage,
                source=self.keep(f"source of {existing.term}", existing.source, rendering.source),
                note=self.keep(f"note on {existing.term}", existing.note, rendering.note),
            )
        return tuple(en)

    def contexts(self, contexts: tuple[Context, ...]) -> tuple[Context, ...]:
        """Contexts whose text is new, added."""
        merged = list(self.old.context)
        for item in contexts:
            if all(c.text != item.text for c in merged):
                merged.append(item)
                self.details.append(f"+context {item.text[:40]!r}")
        return tuple(merged)


def _describe(concept: Concept) -> str:
    best = concept.preferred
    return f"{concept.zh[0].term} {best.term if best else ''}".strip()


def _plan_drafts(
    plan: ImportPlan,
    drafts: list[tuple[Concept, dict[str, Any]]],
    sources: _Sources,
    name: str,
) -> None:
    for concept, entry in drafts:
        missing = " and no ".join(
            what
            for what, empty in (
                ("Chinese term", not concept.zh),
                ("English rendering", not concept.en),
            )
            if empty
        )
        header = [
            f"# Draft imported from {name} (line {entry.get('line')}): it has no {missing}.",
            "# Complete it, then move it into terms/" + concept.domains[0] + "/ "
            "(with any sources it cites from drafts/sources.toml).",
        ]
        if entry.get("other"):
            header.append("# Terms in other languages in the imported file:")
            for other in entry["other"]:
                note = "; ".join((other.get("note") or "").splitlines())
                header.append(
                    f"#   {other['lang']}: {other['term']}" + (f" ({note})" if note else "")
                )
        text = "\n".join(header) + "\n" + dumps_concept(concept)
        path = plan.drafts / concept.domains[0] / f"{concept.id}.toml"
        plan.changes.append(Change("draft", path, concept.id, text, [f"no {missing}"]))
        cited = [e.source for e in concept.en] + [c.source for c in concept.context]
        cited += [used.source for e in concept.en for used in e.evidence]
        for key in cited:
            if key in sources.added:
                plan.draft_sources[key] = sources.added[key]


def sources_text(existing: str, added: dict[str, dict[str, str]]) -> str:
    """A bibliography (or domains) file's text with new entries appended (existing text kept)."""
    if not added:
        return existing
    block = tomli_w.dumps({key: added[key] for key in sorted(added)})
    separator = "" if not existing or existing.endswith("\n\n") else "\n"
    if existing and not existing.endswith("\n"):
        separator = "\n\n"
    return existing + separator + block


def _check(
    plan: ImportPlan,
    termbase: Termbase,
    merged: dict[str, Concept],
    lines: dict[str, int],
    origin: str,
) -> None:
    """Validate the result as `glossary validate` would, in a copy of the terms folder."""

    for change in plan.changes:
        if change.kind == "draft":
            continue
        concept = merged[change.concept_id]
        _, problems = concept_from_dict(concept_to_dict(concept))
        if problems:
            problem = problems[0]
            raise FormatError(origin, lines.get(concept.id), f"{problem.field}: {problem.message}")
    if any(change.kind != "draft" for change in plan.changes):
        _validate_in_copy(plan, lines, origin)


def _validate_in_copy(plan: ImportPlan, lines: dict[str, int], origin: str) -> None:
    """Write the plan into a copy of the terms folder and validate it there."""
    from glossary.build import validate

    with termtx.scratch() as temp:  # removed by the next reader if this process is killed
        copy = temp / "terms"
        if plan.scaffold:
            copy.mkdir()
        else:
            shutil.copytree(plan.terms, copy)
        writes = _table_files(plan)
        writes += [(change.path, change.text) for change in plan.changes if change.kind != "draft"]
        for path, text in writes:
            target = copy / path.relative_to(plan.terms)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            validate(copy)
        except TermbaseError as error:
            first = error.problems[0]
            concept_id = first.path.stem
            raise FormatError(
                origin,
                lines.get(concept_id),
                f"{concept_id}: {first.field + ': ' if first.field else ''}{first.message}",
            ) from None


def _table_files(plan: ImportPlan) -> list[tuple[Path, str]]:
    """The bibliography and the domains as the plan leaves them; a new termbase's every file."""
    added = {SOURCES_FILE: plan.new_sources, DOMAINS_FILE: plan.new_domains}
    if plan.scaffold:
        return [
            (plan.terms / name, sources_text(text, added.get(name, {})))
            for name, text in scaffold.files().items()
        ]
    writes = []
    for name, entries in added.items():
        path = plan.terms / name
        if entries:
            writes.append((path, sources_text(path.read_text(encoding="utf-8"), entries)))
    return writes


def apply_plan(plan: ImportPlan) -> None:
    """Write the planned files as one change: all of them, or (killed midway) none."""
    writes = _table_files(plan)
    if plan.scaffold:
        plan.terms.mkdir(parents=True, exist_ok=True)
    if plan.draft_sources:
        path = plan.drafts / SOURCES_FILE
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        fresh = {k: v for k, v in plan.draft_sources.items() if f"[{k}]" not in existing}
        writes.append((path, sources_text(existing, fresh)))
    writes += [(change.path, change.text) for change in plan.changes]
    termtx.commit(plan.terms, [(path, text.encode("utf-8")) for path, text in writes])
