"""One search for every spelling: characters, pinyin in any form, initials and English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.build import build_database
from glossary.model import Concept, EnTerm, ZhTerm
from glossary.normalize import _english_key, english_key
from glossary.query import Glossary
from glossary.termfiles import concept_path, dumps_concept

from .conftest import MINI_TERMS


def best(glossary: Glossary, query: str) -> tuple[str, str, str]:
    hits = glossary.search(query)
    assert hits, f"nothing found for {query!r}"
    return hits[0].concept, hits[0].tier, hits[0].field


@pytest.mark.parametrize(
    ("query", "concept"),
    [
        ("双循环", "dual-circulation"),
        ("雙循環", "dual-circulation"),
        ("国内国际双循环", "dual-circulation"),
        ("shuangxunhuan", "dual-circulation"),
        ("shuang1 xun2 huan2", "dual-circulation"),
        ("shuāng xúnhuán", "dual-circulation"),
        ("SHUANG XUNHUAN", "dual-circulation"),
        ("fēidì fūhuàqì", "enclave-incubator"),
        ("changsanjiao", "yangtze-river-delta"),
        ("长三角", "yangtze-river-delta"),
        ("長三角", "yangtze-river-delta"),
        ("ydyl", "belt-and-road-initiative"),
        ("一带一路", "belt-and-road-initiative"),
        ("一帶一路", "belt-and-road-initiative"),
        ("Dual-Circulation", "dual-circulation"),
        ("dual circulations", "dual-circulation"),
        ("indigenous innovation", "indigenous-innovation"),
        ("自主创新", "indigenous-innovation"),
        ("卡脖子", "chokehold"),
        ("小院高墙", "small-yard-high-fence"),
        ("small yard, high fence", "small-yard-high-fence"),
        ("粤港澳大湾区", "greater-bay-area"),
        ("粵港澳大灣區", "greater-bay-area"),
        ("持久战", "protracted-war"),
        ("内循环", "domestic-circulation"),
        ("外循环", "international-circulation"),
        ("ｄｕａｌ　ｃｉｒｃｕｌａｔｉｏｎ", "dual-circulation"),  # full-width
        ("双\u200b循环", "dual-circulation"),  # zero-width space inside
        ("双 循环", "dual-circulation"),  # a stray space, as in the seeds
    ],
)
def test_every_spelling_finds_the_entry(glossary: Glossary, query: str, concept: str) -> None:
    found, tier, _ = best(glossary, query)
    assert found == concept
    assert tier in ("exact", "prefix")


def test_a_deprecated_rendering_finds_the_entry_and_says_so(glossary: Glossary) -> None:
    (first, *_) = glossary.lookup("double circulation")
    assert first["id"] == "dual-circulation"
    assert first["match"] == {
        "kind": "exact",
        "field": "en",
        "form": "double circulation",
        "status": "deprecated",
    }
    assert first["layer"] == "curated"


def test_a_traditional_query_says_it_matched_the_taiwan_form(glossary: Glossary) -> None:
    hit = glossary.search("雙循環")[0]
    assert (hit.concept, hit.tier, hit.form) == ("dual-circulation", "exact", "雙循環")


def test_wrong_tones_rank_below_right_ones(glossary: Glossary) -> None:
    right = glossary.search("shuāng xúnhuán")[0]
    wrong = next(h for h in glossary.search("shuǎng xùnhuàn") if h.concept == "dual-circulation")
    assert right.tier == "exact"
    assert wrong.tier != "exact"


@pytest.fixture
def ranking_glossary(tmp_path: Path) -> Glossary:
    """Four concepts that a search for 循环 finds in each tier."""
    terms = tmp_path / "terms"
    shutil.copytree(MINI_TERMS, terms)
    for path in terms.glob("*/*.toml"):
        path.unlink()
    concepts = [
        ("circulation", "循环", "xúnhuán", "circulation"),
        ("circular-economy", "循环经济", "xúnhuán jīngjì", "circular economy"),
        ("dual-circulation", "双循环", "shuāng xúnhuán", "dual circulation"),
        ("loose-match", "循序渐进的环节", "xúnxù jiànjìn de huánjié", "step by step"),
    ]
    for concept_id, zh, pinyin, en in concepts:
        concept = Concept(
            id=concept_id,
            domains=("economy",),
            definition="Test concept.",
            zh=(ZhTerm(zh, "fullForm", pinyin=pinyin),),
            en=(EnTerm(en, "preferred"), EnTerm(f"{en} variant", "admitted")),
        )
        path = concept_path(terms, concept)
        path.parent.mkdir(exist_ok=True)
        path.write_text(dumps_concept(concept), encoding="utf-8")
    build_database(terms, tmp_path / "rank.db", cedict=False)
    return Glossary(tmp_path / "rank.db")


def test_ranking_is_exact_then_prefix_then_contained_then_fuzzy(ranking_glossary: Glossary) -> None:
    hits = ranking_glossary.search("循环")
    assert [(h.concept, h.tier) for h in hits] == [
        ("circulation", "exact"),
        ("circular-economy", "prefix"),
        ("dual-circulation", "contained"),
        ("loose-match", "fuzzy"),
    ]


def test_pinyin_ranking_follows_the_same_tiers(ranking_glossary: Glossary) -> None:
    hits = ranking_glossary.search("xunhuan")
    assert [(h.concept, h.tier) for h in hits][:3] == [
        ("circulation", "exact"),
        ("circular-economy", "prefix"),
        ("dual-circulation", "contained"),
    ]


def test_preferred_renderings_rank_above_admitted_ones(ranking_glossary: Glossary) -> None:
    hits = ranking_glossary.search("circulation variant")
    assert hits[0].status == "admitted"
    hits = ranking_glossary.search("dual circulation")
    assert (hits[0].concept, hits[0].status, hits[0].tier) == (
        "dual-circulation",
        "preferred",
        "exact",
    )


def sqlite_scan(glossary: Glossary, condition: str, part: str) -> list[tuple[str, str]]:
    return [
        (row["concept"], row["form"])
        for row in glossary.conn.execute(
            "select concept, form from search_keys where layer = 'curated' and kind = 'han' "
            f"and {condition} order by key, rowid",
            (part,),
        )
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="双循环国内经济发展大中", min_size=1, max_size=5))
def test_the_in_memory_key_scans_find_what_sqlite_finds(glossary: Glossary, part: str) -> None:
    keys = glossary.curated_keys("han")
    contained = [(h.concept, h.form) for h in keys.containing(part, "contained")]
    assert contained == sqlite_scan(glossary, "instr(key, ?) > 1", part)
    in_order = [(h.concept, h.form) for h in keys.with_subsequence(part, "fuzzy")]
    assert in_order == sqlite_scan(glossary, "key like ?", "%" + "%".join(part) + "%")


@pytest.mark.parametrize("query", ["循环", "双循环", "国内循环", "xunhuan", "经济发展", "雙循環"])
def test_a_resident_glossary_answers_as_a_one_shot_one_does(glossary: Glossary, query: str) -> None:
    with Glossary(glossary.path, resident=True) as resident:
        assert resident.search(query, limit=200) == glossary.search(query, limit=200)


@pytest.mark.parametrize(
    "query",
    [
        "NEAR(",
        "NEAR(a b",
        "*",
        '"',
        '"unbalanced',
        "a AND OR NOT",
        "'; drop table concepts; --",
        "%_%",
        "🙂",
        "\u200b\u200d\ufeff",
        "\x00\x01",
        "双循环" * 3000,
        "x" * 8192,
        "(dual) circulation^2 -",
        "",
        "   ",
    ],
)
def test_odd_input_never_raises(glossary: Glossary, query: str) -> None:
    assert isinstance(glossary.lookup(query), list)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_a_valid_query(glossary: Glossary, query: str) -> None:
    results = glossary.lookup(query, limit=5)
    assert len(results) <= 5


def test_the_general_layer_answers_everyday_words(glossary: Glossary) -> None:
    (first, *_) = glossary.lookup("电脑")
    assert first["layer"] == "general"
    assert first["id"] == "cedict:电脑:dian4nao3"
    assert "computer" in [en["term"] for en in first["en"]]
    assert first["zh"][0]["pinyin"] == "diànnǎo"
    assert first["zh"][0]["tw"] == "電腦"
    assert first["attribution"].startswith("CC-CEDICT")


def test_curated_entries_come_before_general_ones(glossary: Glossary) -> None:
    layers = [entry["layer"] for entry in glossary.lookup("循环", limit=50)]
    assert layers[0] == "curated" and "general" in layers
    assert layers == sorted(layers, key=["curated", "general"].index)


@pytest.mark.parametrize(
    ("query", "general_id"),
    [
        ("電腦", "cedict:电脑:dian4nao3"),
        ("diannao", "cedict:电脑:dian4nao3"),
        ("dian4 nao3", "cedict:电脑:dian4nao3"),
        ("nǚ'ér", "cedict:女儿:nv3er2"),
        ("nv3 er2", "cedict:女儿:nv3er2"),
        ("daughter", "cedict:女儿:nv3er2"),
    ],
)
def test_general_entries_are_found_by_every_spelling(
    glossary: Glossary, query: str, general_id: str
) -> None:
    hits = [h for h in glossary.search(query, limit=50) if h.layer == "general"]
    assert general_id in [h.concept for h in hits[:5]]


def test_a_search_with_no_hits_is_empty(glossary: Glossary) -> None:
    assert glossary.search("zzzqqqxxx") == []


# -- forgiving search: typos, words run together, u for ü, zhuyin ----------------------------


@pytest.mark.parametrize(
    ("query", "concept", "field", "reason"),
    [
        ("shaung xunhuan", "dual-circulation", "pinyin", "typo"),  # letters transposed
        ("shuangxunhun", "dual-circulation", "pinyin", "typo"),  # a letter missing
        ("shuangxxunhuan", "dual-circulation", "pinyin", "typo"),  # a letter extra
        ("shuangxunhuam", "dual-circulation", "pinyin", "typo"),  # a letter wrong
        ("duel circulation", "dual-circulation", "en", "typo"),
        ("dualcirculation", "dual-circulation", "en", "spacing"),  # words run together
        ("dual circ ulation", "dual-circulation", "en", "spacing"),  # a stray space
        ("smallyard high fence", "small-yard-high-fence", "en", "spacing"),
    ],
)
def test_a_misspelt_query_finds_the_entry_and_says_how_it_differs(
    glossary: Glossary, query: str, concept: str, field: str, reason: str
) -> None:
    (first, *_) = glossary.lookup(query)
    assert first["id"] == concept
    assert first["match"]["kind"] == "spelling"
    assert first["match"]["field"] == field
    assert first["match"]["reason"] == reason


def test_a_hyphen_or_another_word_order_finds_the_english_rendering(glossary: Glossary) -> None:
    assert glossary.search("dual-circulation")[0][:3] == ("dual-circulation", "curated", "exact")
    (first, *_) = glossary.lookup("circulation dual")
    assert first["id"] == "dual-circulation"
    assert first["match"] == {
        "kind": "fuzzy",
        "field": "en",
        "form": "dual circulation",
        "status": "preferred",
        "reason": "word order",
    }


def test_v_for_u_umlaut_is_an_ordinary_spelling(glossary: Glossary) -> None:
    for query in ("lvse fazhan", "lüse fazhan", "lu:se fazhan", "lv4 se4 fa1 zhan3"):
        assert best(glossary, query) == ("green-development", "exact", "pinyin")


def test_u_for_u_umlaut_comes_after_the_words_spelt_with_u(glossary: Glossary) -> None:
    hits = glossary.search("luse", limit=50)
    # 卢瑟 lúsè is spelt luse: it comes first, though only in the general layer
    assert (hits[0].concept, hits[0].tier) == ("cedict:卢瑟:lu2se4", "exact")
    green = next(h for h in hits if h.concept == "green-development")
    assert (green.tier, green.reason, green.form) == ("spelling", "u for ü", "lǜsè fāzhǎn")


@pytest.mark.parametrize(
    "query",
    ["shuangxunhuan", "lvse", "luse", "jinji", "dual circulation", "dualcirculation", "xunhuan"],
)
def test_forgiving_matches_never_come_before_exact_or_prefix_ones(
    glossary: Glossary, query: str
) -> None:
    tiers = [hit.tier for hit in glossary.search(query, limit=200)]
    assert tiers == sorted(tiers, key=lambda tier: tier == "spelling")


def test_typos_are_not_sought_when_an_entry_matches_exactly(glossary: Glossary) -> None:
    # the 13th and 15th plans are one letter away from the 14th: not offered in its stead
    hits = glossary.search("14th Five-Year Plan", limit=200)
    assert (hits[0].concept, hits[0].tier) == ("14th-five-year-plan", "exact")
    assert "spelling" not in {hit.tier for hit in hits}
    (first, *_) = glossary.search("14th five-year plna")
    assert (first.concept, first.tier, first.reason) == ("14th-five-year-plan", "spelling", "typo")


@pytest.mark.parametrize(
    "query",
    [
        "ㄕㄨㄤ ㄒㄩㄣˊ ㄏㄨㄢˊ",  # with tones, as written in Taiwan
        "ㄕㄨㄤㄒㄩㄣˊㄏㄨㄢˊ",  # syllables written together
        "ㄕㄨㄤ ㄒㄩㄣ ㄏㄨㄢ",  # tones left out
    ],
)
def test_zhuyin_finds_the_entry_and_shows_its_zhuyin(glossary: Glossary, query: str) -> None:
    (first, *_) = glossary.lookup(query)
    assert first["id"] == "dual-circulation"
    assert first["match"] == {
        "kind": "exact",
        "field": "zhuyin",
        "form": "ㄕㄨㄤ ㄒㄩㄣˊ ㄏㄨㄢˊ",
        "status": None,
    }


def test_zhuyin_with_other_tones_ranks_below_the_right_ones(glossary: Glossary) -> None:
    wrong = next(
        h for h in glossary.search("ㄕㄨㄤˇ ㄒㄩㄣˋ ㄏㄨㄢˋ") if h.concept == "dual-circulation"
    )
    assert wrong.tier != "exact"
    assert wrong.field == "zhuyin"


def test_zhuyin_reads_the_neutral_tone_dot_before_or_after(glossary: Glossary) -> None:
    for query in ("ㄉㄜ˙", "˙ㄉㄜ"):
        exact = [h.concept for h in glossary.search(query, limit=1000) if h.tier == "exact"]
        assert "cedict:的:de5" in exact


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_english_key_of_ascii_text_is_the_same_by_its_fast_path(text: str) -> None:
    assert english_key(text) == _english_key(text)
