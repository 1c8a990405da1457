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
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomli_w

from glossary import safetext, termtx
from glossary.formats import FormatError, Loaded
from glossary.formats.common import slug
from glossary.formats.common import text_or_none as clean_text
from glossary.model import (
    HAN_PATTERN,
    ID_PATTERN,
    STATUSES,
    Concept,
    Context,
    EnTerm,
    ZhTerm,
    concept_from_dict,
    concept_to_dict,
)
from glossary.termfiles import (
    SOURCES_FILE,
    Termbase,
    TermbaseError,
    concept_path,
    dumps_concept,
    load_termbase,
)

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
    ignored: dict[str, int] = field(default_factory=dict)
    read: int = 0

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
        values = {"title": text}
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
        self.added[key] = {"title": f"Imported from {name}", "kind": "import"}
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


def plan_import(
    loaded: Loaded,
    terms: Path,
    origin: str,
    *,
    domain: str | None = None,
    drafts: Path | None = None,
) -> ImportPlan:
    """What importing `loaded` into the terms folder would write; FormatError for a bad entry."""
    terms = Path(terms)
    termbase = load_termbase(terms)
    if domain is not None and domain not in termbase.domains:
        known = ", ".join(termbase.domains)
        raise FormatError(origin, None, f"unknown domain {domain!r} (one of {known})")
    plan = ImportPlan(origin, terms, Path(drafts) if drafts else terms.parent / "drafts")
    plan.read = len(loaded.entries)
    for entry in loaded.entries:  # ANSI escapes, BEL, NUL: refused, never written
        if found := safetext.find_control(entry):
            line = int(entry.get("line") or 0) or None
            raise FormatError(
                origin, line, f"{found[0]}: contains the control character {found[1]}"
            )
    plan.ignored = dict(loaded.ignored)
    sources = _Sources(termbase, loaded, origin)
    name = Path(origin).name

    owners: dict[str, str] = {}  # Chinese form -> existing concept id
    for concept in termbase.concepts.values():
        for zh in concept.zh:
            for form in (zh.term, zh.tw, zh.hk):
                if form:
                    owners.setdefault(form, concept.id)

    used_ids = set(termbase.concepts)
    merged: dict[str, Concept] = dict(termbase.concepts)
    touched: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    created: list[str] = []
    draft_concepts: list[tuple[Concept, dict[str, Any]]] = []
    file_ids: dict[str, str] = {}
    pending_related: list[tuple[str, list[str], int]] = []

    for entry in loaded.entries:
        line = int(entry.get("line") or 0)
        concept = _concept(entry, termbase, sources, origin, line, name)
        targets = {owners[f] for zh in concept.zh for f in (zh.term, zh.tw, zh.hk) if f in owners}
        if len(targets) > 1:
            raise FormatError(
                origin,
                line,
                "its Chinese forms belong to different concepts: " + ", ".join(sorted(targets)),
            )
        if not concept.domains and not targets:
            if domain is None:
                named = ", ".join(repr(d) for d in entry.get("domains") or []) or "none"
                raise FormatError(
                    origin,
                    line,
                    f"no domain of this termbase (the entry names {named}); pass --domain",
                )
            concept = replace(concept, domains=(domain,))
        if targets:
            target = targets.pop()
            details = touched.setdefault(target, [])
            merged[target] = _merge(merged[target], concept, details, plan.kept, line, origin)
            lines.setdefault(target, line)
            if entry.get("id"):
                file_ids[str(entry["id"])] = target
            pending_related.append((target, list(concept.related), line))
            continue
        if not concept.zh or not concept.en:
            concept = replace(concept, id=_unique(concept.id, used_ids))
            used_ids.add(concept.id)
            draft_concepts.append((concept, entry))
            if entry.get("id"):
                file_ids[str(entry["id"])] = concept.id
            continue
        concept = replace(concept, id=_unique(concept.id, used_ids))
        used_ids.add(concept.id)
        merged[concept.id] = concept
        created.append(concept.id)
        lines[concept.id] = line
        if entry.get("id"):
            file_ids[str(entry["id"])] = concept.id
        pending_related.append((concept.id, list(concept.related), line))
        for zh in concept.zh:
            for form in (zh.term, zh.tw, zh.hk):
                if form:
                    owners.setdefault(form, concept.id)

    for concept_id, related, _line in pending_related:
        resolved = []
        for ref in related:
            linked = file_ids.get(ref, ref if ref in merged else None)
            if linked is None:
                plan.ignored["crossReference to a concept not in the termbase"] = (
                    plan.ignored.get("crossReference to a concept not in the termbase", 0) + 1
                )
            elif linked != concept_id and linked not in resolved:
                resolved.append(linked)
        current = merged[concept_id]
        keep = [r for r in current.related if r not in resolved]
        base = termbase.concepts.get(concept_id)
        ordered = list(base.related) if base else []
        ordered += [r for r in (*keep, *resolved) if r not in ordered]
        if tuple(ordered) != current.related:
            merged[concept_id] = replace(current, related=tuple(ordered))
            if base is not None and set(ordered) - set(base.related):
                touched.setdefault(concept_id, []).append(
                    "+related " + ", ".join(sorted(set(ordered) - set(base.related)))
                )

    for concept_id in created:
        concept = merged[concept_id]
        plan.changes.append(
            Change(
                "create",
                concept_path(terms, concept),
                concept_id,
                dumps_concept(concept),
                [_describe(concept)],
            )
        )
    for concept_id, details in touched.items():
        if concept_id in created:
            continue
        before = termbase.concepts[concept_id]
        after = merged[concept_id]
        text = dumps_concept(after)
        if text == dumps_concept(before):
            plan.unchanged.append(concept_id)
        else:
            path = termbase.paths[concept_id]
            plan.changes.append(Change("update", path, concept_id, text, details))
    plan.new_sources = {
        key: value
        for key, value in sources.added.items()
        if _cited(key, (merged[c] for c in (*created, *touched)))
    }
    _plan_drafts(plan, draft_concepts, sources, name)
    _check(plan, termbase, merged, lines, origin)
    return plan


def _cited(key: str, concepts: Any) -> bool:
    return any(
        item.source == key for concept in concepts for item in (*concept.en, *concept.context)
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
    from glossary.chinese import draft_pinyin, to_hongkong, to_taiwan

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
        zh_terms.append(
            ZhTerm(term, zh.get("type") or "fullForm", pinyin, tw, hk, clean_text(zh.get("note")))
        )

    en_terms = []
    for en in entry.get("en") or []:
        term = clean_text(en.get("term"))
        if term is None:
            continue
        status = en.get("status") or "admitted"
        if status not in STATUSES:
            raise FormatError(origin, int(en.get("line") or line), f"unknown status {status!r}")
        source = clean_text(en.get("source"))
        en_terms.append(
            EnTerm(
                term,
                status,
                tuple(u for u in en.get("usage") or () if u),
                sources.key_for(source) if source else None,
                clean_text(en.get("note")),
            )
        )
    contexts = tuple(
        Context(text, item["lang"], sources.key_for(clean_text(item.get("source"))))
        for item in entry.get("context") or []
        if (text := clean_text(item.get("text")))
    )

    concept_id = _concept_id(entry, en_terms, line)
    return Concept(
        id=concept_id,
        domains=tuple(domains),
        definition=clean_text(entry.get("definition")) or MISSING_DEFINITION.format(name=name),
        zh=tuple(_dedupe(zh_terms, lambda t: t.term)),
        en=tuple(_dedupe(en_terms, lambda t: t.term.casefold())),
        context=tuple(_dedupe(list(contexts), lambda c: c.text)),
        tags=tuple(tags),
        since=clean_text(entry.get("since")),
        note=clean_text(entry.get("note")),
        related=tuple(dict.fromkeys(str(r) for r in entry.get("related") or [])),
    )


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
    where = f"{origin}:{line}"

    def keep(what: str, old_value: Any, new_value: Any) -> Any:
        if old_value and new_value and old_value != new_value:
            kept.append(
                f"{where}: {old.id}: kept {what} {old_value!r} (the file has {new_value!r})"
            )
        if not old_value and new_value:
            details.append(f"+{what} {new_value!r}")
            return new_value
        return old_value

    zh = list(old.zh)
    for term in new.zh:
        index = next((i for i, z in enumerate(zh) if z.term == term.term), None)
        if index is None:
            if any(term.term in (z.tw, z.hk) for z in zh):
                continue
            zh.append(term)
            details.append(f"+zh {term.term!r}")
            continue
        current = zh[index]
        zh[index] = replace(
            current,
            pinyin=keep(f"pinyin of {term.term}", current.pinyin, term.pinyin),
            tw=keep(f"Taiwan form of {term.term}", current.tw, term.tw),
            hk=keep(f"Hong Kong form of {term.term}", current.hk, term.hk),
            note=keep(f"note on {term.term}", current.note, term.note),
        )
    en = list(old.en)
    for rendering in new.en:
        found = next(
            (i for i, e in enumerate(en) if e.term.casefold() == rendering.term.casefold()), None
        )
        if found is None:
            en.append(rendering)
            details.append(f"+en {rendering.term!r} ({rendering.status})")
            continue
        existing = en[found]
        if existing.status != rendering.status:
            kept.append(
                f"{where}: {old.id}: kept {rendering.term!r} {existing.status} "
                f"(the file has {rendering.status})"
            )
        en[found] = replace(
            existing,
            usage=existing.usage or rendering.usage,
            source=keep(f"source of {existing.term}", existing.source, rendering.source),
            note=keep(f"note on {existing.term}", existing.note, rendering.note),
        )
    contexts = list(old.context)
    for item in new.context:
        if all(c.text != item.text for c in contexts):
            contexts.append(item)
            details.append(f"+context {item.text[:40]!r}")
    definition = old.definition
    if new.definition != old.definition and not new.definition.startswith("TODO: "):
        kept.append(f"{where}: {old.id}: kept the existing definition")
    domains = old.domains + tuple(d for d in new.domains if d not in old.domains)
    tags = old.tags + tuple(t for t in new.tags if t not in old.tags)
    for value, what in ((domains[len(old.domains) :], "domain"), (tags[len(old.tags) :], "tag")):
        details += [f"+{what} {v}" for v in value]
    return replace(
        old,
        zh=tuple(zh),
        en=tuple(en),
        context=tuple(contexts),
        definition=definition,
        domains=domains,
        tags=tags,
        since=keep("since", old.since, new.since),
        note=keep("note", old.note, new.note),
    )


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
        for key in cited:
            if key in sources.added:
                plan.draft_sources[key] = sources.added[key]


def sources_text(existing: str, added: dict[str, dict[str, str]]) -> str:
    """A bibliography file's text with new entries appended (existing text kept as it is)."""
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
    from glossary.build import validate

    for change in plan.changes:
        if change.kind == "draft":
            continue
        concept = merged[change.concept_id]
        _, problems = concept_from_dict(concept_to_dict(concept))
        if problems:
            problem = problems[0]
            raise FormatError(origin, lines.get(concept.id), f"{problem.field}: {problem.message}")
    if not any(change.kind != "draft" for change in plan.changes):
        return
    with termtx.scratch() as temp:
        copy = temp / "terms"
        shutil.copytree(plan.terms, copy)
        for change in plan.changes:
            if change.kind != "draft":
                target = copy / change.path.relative_to(plan.terms)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(change.text, encoding="utf-8")
        bibliography = copy / SOURCES_FILE
        bibliography.write_text(
            sources_text(bibliography.read_text(encoding="utf-8"), plan.new_sources),
            encoding="utf-8",
        )
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


def apply_plan(plan: ImportPlan) -> None:
    """Write the planned files as one change: all of them, or (killed midway) none."""
    writes: list[tuple[Path, str]] = []
    if plan.new_sources:
        path = plan.terms / SOURCES_FILE
        writes.append((path, sources_text(path.read_text(encoding="utf-8"), plan.new_sources)))
    if plan.draft_sources:
        path = plan.drafts / SOURCES_FILE
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        fresh = {k: v for k, v in plan.draft_sources.items() if f"[{k}]" not in existing}
        writes.append((path, sources_text(existing, fresh)))
    writes += [(change.path, change.text) for change in plan.changes]
    termtx.commit(plan.terms, [(path, text.encode("utf-8")) for path, text in writes])
