"""`glossary annotate`: glossary terms in Chinese texts, with offsets into the text as given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary import annotate as annotate_module
from glossary.annotate import Annotator, CharacterFolding, annotate, annotator_for
from glossary.query import Glossary
from tests.conftest import SEEDS

SEED_TERMS = {
    "000_f5f7d437b946f303.txt": [
        ("卡脖子", "chokehold"),
        ("卡脖子", "chokehold"),
        ("双循环", "dual-circulation"),
        ("國內國際雙循環", "dual-circulation"),  # traditional, inside 「」
    ],
    "001_6f69eaa4f9ed676a.txt": [
        ("内循环", "domestic-circulation"),  # glued to romanisation: "nei xunhuan内循环"
        ("外循环", "international-circulation"),
        ("双 循环", "dual-circulation"),  # a stray space: "国内国外双 循环"
    ],
    "002_dbed9ad5d5a22d98.txt": [("长三角", "yangtze-river-delta")],
    "003_75ad6565804de6b3.txt": [],
    "004_c4bc175ff0a38ba4.txt": [],
}


def positions(text: str, spans: list[str]) -> list[tuple[int, int]]:
    """Where each span occurs, in order, found by plain string search."""
    found, cursor = [], 0
    for span in spans:
        start = text.index(span, cursor)
        found.append((start, start + len(span)))
        cursor = start + len(span)
    return found


@pytest.mark.parametrize("seed", sorted(SEED_TERMS))
def test_each_seed_has_its_terms_found_at_the_right_offsets(
    aid_glossary: Glossary, seed: str
) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    expected = SEED_TERMS[seed]
    annotations = annotate(aid_glossary, text)
    assert [(a.text, a.concept) for a in annotations] == expected
    assert [(a.start, a.end) for a in annotations] == positions(text, [e[0] for e in expected])
    for annotation in annotations:
        assert text[annotation.start : annotation.end] == annotation.text


def test_a_term_split_by_a_line_break_is_one_term(aid_glossary: Glossary) -> None:
    text = "坚持扩大内需，构建国内国际双\n循环相互促进的新发展格局"
    (found,) = annotate(aid_glossary, text)
    assert found.text == "国内国际双\n循环"
    assert found.term == "国内国际双循环"
    assert found.pinyin == "guónèi guójì shuāng xúnhuán"
    assert found.rendering == "dual circulation"
    assert found.status == "preferred"


def test_the_longest_form_wins(aid_glossary: Glossary) -> None:
    found = annotate(aid_glossary, "国内国际双循环与双循环")
    assert [(a.text, a.term) for a in found] == [
        ("国内国际双循环", "国内国际双循环"),
        ("双循环", "双循环"),
    ]


def test_traditional_text_reports_the_regional_form_used(aid_glossary: Glossary) -> None:
    text = "香港報章：「國內國際雙循環」與長三角，以及5G網絡和5G網路。"
    found = annotate(aid_glossary, text)
    assert [(a.text, a.form, a.term) for a in found] == [
        ("國內國際雙循環", "國內國際雙循環", "国内国际双循环"),
        ("長三角", "長三角", "长三角"),
        ("5G網絡", "5G網絡", "5G网络"),  # the Hong Kong form
        ("5G網路", "5G網路", "5G网络"),  # the Taiwan form
    ]


def test_full_width_and_spaced_latin_matches(aid_glossary: Glossary) -> None:
    (found,) = annotate(aid_glossary, "建设５Ｇ 网络。")
    assert (found.text, found.concept) == ("５Ｇ 网络", "5g-network")


def test_latin_at_the_edge_of_a_form_needs_a_word_boundary(aid_glossary: Glossary) -> None:
    assert annotate(aid_glossary, "建成15G网络") == []
    assert [a.text for a in annotate(aid_glossary, "the 5G网络 and 5G网络")] == ["5G网络", "5G网络"]


def test_nothing_found_in_english_or_empty_text(aid_glossary: Glossary) -> None:
    assert annotate(aid_glossary, "") == []
    assert annotate(aid_glossary, "dual circulation, chokehold") == []


def test_the_annotator_is_built_once_per_database(aid_glossary: Glossary, aid_db: Path) -> None:
    first = annotator_for(aid_glossary)
    with Glossary(aid_db) as again:
        assert annotator_for(again) is first


def test_a_rebuilt_database_gets_a_new_annotator(
    aid_glossary: Glossary, aid_terms: Path, aid_db: Path
) -> None:
    from glossary.build import build_database

    before = annotator_for(aid_glossary)
    (aid_terms / "technology" / "chokepoint-technology.toml").write_text(
        'id = "chokepoint-technology"\ndomains = ["technology"]\n'
        'definition = "A technology whose foreign supply can be cut off."\n\n'
        '[[zh]]\nterm = "卡脖子技术"\ntype = "phrase"\npinyin = "qiǎ bózi jìshù"\n\n'
        '[[en]]\nterm = "chokepoint technology"\nstatus = "preferred"\n',
        encoding="utf-8",
    )
    build_database(aid_terms, aid_db, cedict=False)
    with Glossary(aid_db) as rebuilt:
        assert annotator_for(rebuilt) is not before
        assert [a.text for a in annotate(rebuilt, "攻克卡脖子技术")] == ["卡脖子技术"]


# -- the folding shared by forms and texts ----------------------------------------------

T2S = {"雙": "双", "環": "环", "國": "国", "內": "内", "際": "际", "網": "网", "絡": "络"}


@pytest.mark.parametrize(
    ("char", "folded"),
    [
        ("双", "双"),
        ("雙", "双"),  # traditional to simplified through the stored table
        ("Ｇ", "g"),  # full-width to half-width, lowercased
        ("G", "g"),
        ("５", "5"),
        ("⼀", "一"),  # a Kangxi radical from a PDF extraction
        (" ", ""),
        ("\n", ""),
        ("\u3000", ""),  # ideographic space
        ("\u200b", ""),  # zero-width space
        ("“", ""),
        ("「", ""),
        ("—", "-"),
        ("－", "-"),
        ("…", "..."),  # expands to three characters
        ("㍱", "hpa"),
        ("，", ","),
    ],
)
def test_folding_one_character(char: str, folded: str) -> None:
    assert CharacterFolding(T2S).fold_char(char) == folded


def test_an_expansion_is_matched_whole_or_not_at_all() -> None:
    forms = [form_row("hpa单位", "hpa"), form_row("pa单位", "pa")]
    annotator = Annotator(forms, {})
    assert [(a.text, a.concept) for a in annotator.annotate("㍱单位")] == [("㍱单位", "hpa")]
    assert [(a.text, a.concept) for a in annotator.annotate("1 Pa单位")] == [("Pa单位", "pa")]


# -- properties: offsets always map back -------------------------------------------------


def form_row(term: str, concept: str, tw: str | None = None) -> dict[str, str | None]:
    """A row as Glossary.chinese_forms returns it."""
    return {
        "concept": concept,
        "seq": 0,
        "term": term,
        "type": "fullForm",
        "tw": tw or term,
        "hk": tw or term,
        "pinyin": "",
        "layer": "curated",
        "rendering": concept,
        "rendering_status": "preferred",
    }


FORMS = [
    form_row("双循环", "dual", "雙循環"),
    form_row("国内国际双循环", "dual-full", "國內國際雙循環"),
    form_row("内循环", "domestic", "內循環"),
    form_row("循环经济", "circular"),
    form_row("5G网络", "5g", "5G網絡"),
    form_row("pa单位", "pa"),  # starts inside the expansion of ㍱ (hpa)
    form_row("单位hpa", "unit-hpa"),  # ends with it
    form_row("单位..", "unit-dots"),  # ends inside the expansion of … (...)
    form_row("单位", "unit"),
    form_row("互联网+", "internet-plus"),
]
PIECES = [
    *"双循环国内际外经济网络单位互联+雙環國內際網絡的，。",
    *[
        "双循环",
        "國內國際雙循環",
        "循环经济",
        "5G网络",
        "互联网+",
        "单位",
        "㍱单位",
        "单位㍱",
        "单位…",
        "pa",
    ],
    *[" ", "\n", "\u3000", "\u200b", "“", "」", "—", "…", "㍱", "Ｇ", "５", "g", "5", "İ", "x"],
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def reference_annotate(annotator: Annotator, text: str) -> list[tuple[int, int, str]]:
    """Leftmost-longest by brute force over a character-by-character fold of the text."""
    units = []  # (folded char, original index, first of its fold, last of its fold)
    for index, char in enumerate(text):
        folded = annotator.folding.fold_char(char)
        for position, part in enumerate(folded):
            units.append((part, index, position == 0, position == len(folded) - 1))
    search = "".join(unit[0] for unit in units)
    keys = sorted(
        (
            (annotator.folding.key(v), row["concept"])
            for row in FORMS
            for v in (row["term"], row["tw"])
        ),
        key=lambda pair: -len(pair[0]),
    )

    def word(char: str) -> bool:
        import unicodedata

        last = unicodedata.normalize("NFKC", char)[-1:]
        return last.isalnum() and not ("\u4e00" <= last <= "\u9fff")

    found, position = [], 0
    while position < len(search):
        for key, concept in keys:
            end = position + len(key)
            if not search.startswith(key, position):
                continue
            if not (units[position][2] and units[end - 1][3]):
                continue
            start, stop = units[position][1], units[end - 1][1] + 1
            if word(key[0]) and start > 0 and word(text[start - 1]):
                continue
            if word(key[-1]) and stop < len(text) and word(text[stop]):
                continue
            found.append((start, stop, concept))
            position = end
            break
        else:
            position += 1
    return found


ANNOTATOR = Annotator(FORMS, T2S)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_offsets_always_map_back_into_the_original_text(text: str) -> None:
    found = ANNOTATOR.annotate(text)
    assert [(a.start, a.end, a.concept) for a in found] == reference_annotate(ANNOTATOR, text)
    previous_end = 0
    for annotation in found:
        assert previous_end <= annotation.start < annotation.end <= len(text)
        assert text[annotation.start : annotation.end] == annotation.text
        assert ANNOTATOR.folding.key(annotation.text) == ANNOTATOR.folding.key(annotation.term)
        assert ANNOTATOR.folding.fold_char(annotation.text[0])  # never starts or ends on a space
        assert ANNOTATOR.folding.fold_char(annotation.text[-1])
        previous_end = annotation.end


@settings(max_examples=200, deadline=None)
@given(texts)
def test_offsets_map_back_when_the_text_is_folded_in_one_pass_too(text: str) -> None:
    # Texts with many characters to replace (traditional text) take the str.translate path.
    few = annotate_module._FEW
    annotate_module._FEW = 0
    try:
        found = ANNOTATOR.annotate(text)
    finally:
        annotate_module._FEW = few
    assert [(a.start, a.end, a.concept) for a in found] == reference_annotate(ANNOTATOR, text)


@settings(max_examples=200, deadline=None)
@given(
    before=texts,
    after=texts,
    gaps=st.lists(st.sampled_from([" ", "\n", "\r\n", "\u3000", "\u200b", " \n  "]), max_size=6),
    data=st.data(),
)
def test_a_term_is_found_whatever_whitespace_is_inside_it(
    before: str, after: str, gaps: list[str], data: st.DataObject
) -> None:
    term = "国内国际双循环"
    pieces = list(term)
    for gap in gaps:
        pieces.insert(data.draw(st.integers(1, len(pieces) - 1)), gap)
    written = "".join(pieces)
    text = "。" + before + "。" + written + "。" + after + "。"
    found = [a for a in ANNOTATOR.annotate(text) if a.text == written]
    assert found, (text, ANNOTATOR.annotate(text))
    assert found[0].start == text.index(written, len(before) + 2)


BOTH_CIRCULATIONS = """\
id = "both-circulations"
domains = ["economy"]
definition = "Domestic and international circulation named together."

[[zh]]
term = "内循环和外循环"
type = "fullForm"

[[en]]
term = "domestic and international circulation"
status = "preferred"
"""


def test_nested_terms_are_listed_after_the_longer_one(run, aid_terms: Path) -> None:  # type: ignore[no-untyped-def]
    (aid_terms / "economy" / "both-circulations.toml").write_text(BOTH_CIRCULATIONS, "utf-8")
    plain = run("annotate", "-", "--format", "json", input="发展内循环和外循环")
    nested = run("annotate", "-", "--nested", "--format", "json", input="发展内循环和外循环")
    concepts = [a["concept"] for a in json.loads(plain.output)["annotations"]]
    assert concepts == ["both-circulations"]
    concepts = [a["concept"] for a in json.loads(nested.output)["annotations"]]
    assert concepts == ["both-circulations", "domestic-circulation", "international-circulation"]
    html = run("annotate", "-", "--nested", "--format", "html", input="发展内循环和外循环")
    assert html.output.count("<ruby") == 1  # nested terms only in the table
