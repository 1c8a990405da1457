"""The bundled termbase: real terms, verbatim contexts, the seed documents covered."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

from glossary.locations import bundled_terms
from glossary.normalize import without_quotes
from glossary.query import Glossary
from glossary.termfiles import Termbase, load_termbase

from .conftest import CORPUS, DATA, SEEDS

STARTER_TERMS = {
    "双循环": "dual-circulation",
    "国内国际双循环": "dual-circulation",
    "内循环": "domestic-circulation",
    "外循环": "international-circulation",
    "卡脖子": "chokehold",
    "自主创新": "indigenous-innovation",
    "小院高墙": "small-yard-high-fence",
    "一带一路": "belt-and-road-initiative",
    "粤港澳大湾区": "greater-bay-area",
    "长三角": "yangtze-river-delta",
    "持久战": "protracted-war",
    "飞地孵化器": "enclave-incubator",
}


@cache
def termbase() -> Termbase:
    return load_termbase(Path(bundled_terms()))


def squeeze(text: str) -> str:
    """Only whitespace from the extraction may differ between a context and its source."""
    return re.sub(r"\s+", "", text)


@cache
def source_texts() -> dict[tuple[str, str], str]:
    """Every quotable text by (source key, language)."""
    texts: dict[tuple[str, str], str] = {}
    index = (SEEDS / "INDEX.md").read_text(encoding="utf-8")
    for file_name, key in re.findall(r"^\| (\S+\.txt) \| (\S+) \|", index, flags=re.M):
        texts[(key, "en")] = squeeze((SEEDS / file_name).read_text(encoding="utf-8"))
    for path in CORPUS.glob("*.txt"):
        stem, lang = path.name.removesuffix(".txt").rsplit(".", 1)
        key = stem.replace("_", "-")
        texts[(key, lang)] = squeeze(path.read_text(encoding="utf-8"))
    return texts


def test_there_are_at_least_forty_concepts() -> None:
    assert len(termbase().concepts) >= 40


@pytest.mark.parametrize(("term", "concept_id"), sorted(STARTER_TERMS.items()))
def test_each_starter_term_is_complete(term: str, concept_id: str) -> None:
    concept = termbase().concepts[concept_id]
    (zh,) = [zh for zh in concept.zh if zh.term == term]
    assert zh.pinyin and zh.tw and zh.hk, f"{term}: pinyin and regional forms checked by hand"
    assert concept.en and all(en.status for en in concept.en)
    assert any(c.source != "example" for c in concept.context), f"{concept_id}: no cited context"


def test_every_quoted_context_is_verbatim_in_its_source() -> None:
    texts = source_texts()
    unchecked = []
    for concept in termbase().concepts.values():
        for index, context in enumerate(concept.context):
            if context.source == "example":
                continue
            # seeds are English documents that quote Chinese: look in the seed whatever the lang
            text = texts.get((context.source, context.lang)) or texts.get((context.source, "en"))
            if text is None:
                unchecked.append(f"{concept.id} context[{index}]: no text for {context.source}")
                continue
            assert squeeze(context.text) in text, (
                f"{concept.id} context[{index}] is not verbatim in {context.source}: "
                f"{context.text[:80]}"
            )
    assert not unchecked, "\n".join(unchecked)


def test_nearly_every_concept_has_a_cited_context() -> None:
    """Outside the institutions (which the reports seldom name) nearly every concept has one."""
    concepts = [c for c in termbase().concepts.values() if c.domains[0] != "institutions"]
    cited = [c for c in concepts if any(x.source != "example" for x in c.context)]
    assert len(cited) / len(concepts) >= 0.97


def test_an_institution_goes_without_a_context_only_where_no_text_names_it() -> None:
    """A body that a corpus text or seed names gets that sentence (部门/部队 are other words)."""
    texts = "".join(source_texts().values())
    named = []
    for concept in termbase().concepts.values():
        if concept.domains[0] != "institutions" or concept.context:
            continue
        forms = {f for zh in concept.zh for f in (zh.term, zh.tw, zh.hk) if f}
        named += [
            f"{concept.id}: {f}" for f in forms if re.search(re.escape(f) + "(?![门队])", texts)
        ]
    assert not named, "\n".join(named)


def test_every_central_institution_is_in_the_termbase() -> None:
    groups = tomllib.loads((DATA / "institutions.toml").read_text(encoding="utf-8"))["group"]
    by_form = {zh.term: c for c in termbase().concepts.values() for zh in c.zh}
    missing = []
    for group in groups:
        for name in group["members"]:
            concept = by_form.get(name)
            if concept is None or concept.domains[0] != "institutions":
                missing.append(f"{group['name']}: {name}")
            elif not any(en.status in ("preferred", "admitted") for en in concept.en):
                missing.append(f"{group['name']}: {name} has no accepted English name")
    assert not missing, "\n".join(missing)


def test_a_rendering_cites_a_source_only_where_the_source_uses_it() -> None:
    texts = source_texts()
    for concept in termbase().concepts.values():
        for en in concept.en:
            if en.source and (en.source, "en") in texts:
                haystack = texts[(en.source, "en")].casefold().replace("-", "")
                needle = squeeze(en.term).casefold().replace("-", "")
                assert needle in haystack, f"{concept.id}: {en.term!r} is not in {en.source}"


def seed_terms() -> list[dict[str, str]]:
    path = DATA / "seed_terms.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))["term"]


def test_every_seed_term_is_in_the_termbase() -> None:
    texts = source_texts()
    concepts = termbase().concepts
    for item in seed_terms():
        assert item["id"] in concepts, (
            f"seed term {item['as_written']!r} ({item['seed']}): no {item['id']}"
        )
        seed = texts[(item["seed"], "en")].casefold()
        assert squeeze(item["as_written"]).casefold() in seed, item


def test_every_seed_term_has_a_context_from_its_seed() -> None:
    concepts = termbase().concepts
    missing = sorted(
        f"{item['seed']}: {item['id']} ({item['as_written']!r})"
        for item in seed_terms()
        if not any(c.source == item["seed"] for c in concepts[item["id"]].context)
    )
    assert not missing, "no context quoted from the seed that uses the term:\n" + "\n".join(missing)


def test_the_seed_list_covers_every_seed() -> None:
    seeds = {item["seed"] for item in seed_terms()}
    assert seeds == {"chan-2022", "lodz-gba-2021", "cp-signals-2021", "jin-2021", "koreatimes-2024"}


def test_the_database_agrees_with_the_files(glossary: Glossary) -> None:
    assert glossary.stats()["concepts"] == len(termbase().concepts)


HEADING = re.compile(
    r"^[（(]?[一二三四五六七八九十]+[）)、]|^第[一二三四五六七八九十百]+[章节部分条、]|^[一二三四五六七八九十]是"
)


def test_there_are_at_least_fifteen_hundred_concepts() -> None:
    assert len(termbase().concepts) >= 1500


def test_every_chinese_context_contains_one_of_its_entrys_forms() -> None:
    """Quotation marks and spaces inside a term (“三北”工程) do not hide it."""
    missing = []
    for concept in termbase().concepts.values():
        forms = {without_quotes(f) for zh in concept.zh for f in (zh.term, zh.tw, zh.hk) if f}
        for index, context in enumerate(concept.context):
            if context.lang == "zh" and not any(f in without_quotes(context.text) for f in forms):
                missing.append(f"{concept.id} context[{index}]: {context.text[:40]}")
    assert not missing, "\n".join(missing)


def test_headings_and_list_labels_are_not_contexts() -> None:
    headings = [
        f"{concept.id}: {context.text[:40]}"
        for concept in termbase().concepts.values()
        for context in concept.context
        if context.lang == "zh" and HEADING.match(context.text.strip())
    ]
    assert not headings, "\n".join(headings)


def test_at_most_three_contexts_of_a_concept_come_from_one_source() -> None:
    crowded = []
    for concept in termbase().concepts.values():
        sources = [context.source for context in concept.context]
        crowded += [f"{concept.id}: {s}" for s in set(sources) if sources.count(s) > 3]
    assert not crowded, "\n".join(crowded)


def test_no_context_repeats_another_of_its_concept() -> None:
    repeated = [
        f"{concept.id}: {a.text[:40]}"
        for concept in termbase().concepts.values()
        for i, a in enumerate(concept.context)
        for j, b in enumerate(concept.context)
        if i != j and squeeze(a.text) in squeeze(b.text)
    ]
    assert not repeated, "\n".join(repeated)


def test_a_concept_without_official_english_says_so() -> None:
    """Either a preferred or admitted rendering has an official English attestation, or
    `no_official_english` says where it was looked for (or why there is none)."""
    from glossary.model import officially_attested_concept

    sources = termbase().sources
    silent = [
        concept.id
        for concept in termbase().concepts.values()
        if not concept.no_official_english and not officially_attested_concept(concept, sources)
    ]
    assert not silent, "\n".join(silent)


def test_every_avoided_rendering_says_why_or_where() -> None:
    """A deprecated or superseded rendering has a note (why it is avoided), evidence (where
    it occurs) or the year it was replaced."""
    from glossary.vocabulary import AVOIDED

    unexplained = [
        f"{concept.id}: {rendering.term}"
        for concept in termbase().concepts.values()
        for rendering in concept.en
        if rendering.status in AVOIDED
        and not (rendering.note or rendering.evidence or rendering.replaced_in)
    ]
    assert not unexplained, "\n".join(unexplained)
