"""`glossary candidates` and `glossary coverage` on real texts: the 2024 and 2025 Government
Work Reports of the bundled corpus, checked against the glossary itself."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from glossary.annotate import annotate
from glossary.candidates import (
    Document,
    Extractor,
    bundled_documents,
    document_year,
    segment,
)
from glossary.coverage import coverage
from glossary.query import Glossary

from .conftest import CORPUS

REPORTS = ["gwr_2024.zh.txt", "gwr_2025.zh.txt"]
FUNCTION_WORDS = set("的了和与及等是在对把要也而并或被将从向于")  # one character each
KEYS = ["phrase", "count", "documents", "years", "first", "last", "examples"]


@pytest.fixture(scope="module")
def reports() -> list[Document]:
    """The 2024 and 2025 Government Work Reports."""
    return [
        Document(path, Path(path).read_text(encoding="utf-8"), document_year(path))
        for path in bundled_documents(REPORTS)
    ]


@pytest.fixture(scope="module")
def listed(glossary: Glossary, reports: list[Document]) -> list[dict]:
    """Every candidate of the two reports, best first, as JSON items."""
    return [c.as_dict() for c in Extractor(glossary).candidates(reports, limit=None)]


def glossary_forms(glossary: Glossary) -> set[str]:
    """Every simplified, Taiwan and Hong Kong form of the curated glossary."""
    return {
        form
        for row in glossary.chinese_forms()
        for form in (row["term"], row["tw"], row["hk"])
        if form
    }


def test_the_top_50_are_not_covered_by_the_glossary(
    glossary: Glossary, reports: list[Document], listed: list[dict]
) -> None:
    forms = glossary_forms(glossary)
    top = [item["phrase"] for item in listed[:50]]
    assert len(top) == 50
    for phrase in top:
        assert not any(phrase in form for form in forms), phrase
        assert not any(a.start == 0 and a.end == len(phrase) for a in annotate(glossary, phrase))
    # not vacuous: without the coverage filter, glossary terms would rank among the top 50
    ranked = Extractor(glossary).phrases(reports)
    covered = [p.phrase for p in ranked[:50] if p.covered]
    assert len(covered) >= 10
    assert all(any(phrase in form for form in forms) for phrase in covered)


def test_counts_are_integers_equal_to_a_plain_count(
    reports: list[Document], listed: list[dict]
) -> None:
    assert listed
    for item in listed:
        plain = sum(len(re.findall(re.escape(item["phrase"]), d.text)) for d in reports)
        assert type(item["count"]) is int
        assert item["count"] == plain >= 3
        assert item["documents"] == sum(item["phrase"] in d.text for d in reports)


def test_json_items_have_exactly_the_documented_shape(invoke) -> None:  # type: ignore[no-untyped-def]
    files = [str(CORPUS / name) for name in REPORTS]
    result = invoke("candidates", *files, "--format", "json", "--limit", "20")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert len(items) == 20
    for item in items:
        assert list(item) == KEYS
        assert 2 <= len(item["phrase"]) <= 12
        assert all(type(item[key]) is int for key in ("count", "documents", "years"))
        assert 1 <= item["documents"] <= 2 and 1 <= item["years"] <= 2
        assert 2024 <= item["first"] <= item["last"] <= 2025
        assert 1 <= len(item["examples"]) <= 3
        for example in item["examples"]:
            assert item["phrase"] in example and len(example) <= len(item["phrase"]) + 26
            assert "\n" not in example


def test_fragments_that_only_occur_inside_a_longer_candidate_are_dropped(
    reports: list[Document], listed: list[dict]
) -> None:
    phrases = [item["phrase"] for item in listed]
    # 各族人民 and 全国各族 occur (7 times each) only inside 全国各族人民
    text = "\n".join(d.text for d in reports)
    assert text.count("各族人民") == text.count("全国各族") == text.count("全国各族人民")
    assert "全国各族人民" in phrases[:50]
    assert "各族人民" not in phrases and "全国各族" not in phrases
    # every listed phrase occurs somewhere outside the longer listed phrases that contain it
    for phrase in phrases:
        longer = [other for other in phrases if phrase in other and other != phrase]
        for document in reports:
            inside = [
                range(m.start(), m.end())
                for other in longer
                for m in re.finditer(re.escape(other), document.text)
            ]
            for m in re.finditer(re.escape(phrase), document.text):
                if not any(m.start() in r and m.end() - 1 in r for r in inside):
                    break
            else:
                continue
            break
        else:
            pytest.fail(f"{phrase} only occurs inside {longer}")


def test_numbers_dates_and_function_word_debris_are_not_listed(
    glossary: Glossary, listed: list[dict]
) -> None:
    numeral = re.compile("[〇零一二三四五六七八九十百千万亿两几多余半第0-9年月日号个项次亿元%]+")
    for item in listed:
        phrase = item["phrase"]
        assert not numeral.fullmatch(phrase), phrase
        assert not re.match("^[的了与及]", phrase) and not re.search("[的了与及]$", phrase)
        words = segment(phrase)[0]
        assert words[0] not in FUNCTION_WORDS and words[-1] not in FUNCTION_WORDS, phrase
    # texts made for it: a year, a date, a percentage, phrases glued to function words
    lines = ["二〇二四年三月五日，百分之五的增长，三十多万人的目标，为了攻坚和发展的。"] * 4
    lines += ["我们要把攻坚和发展的事情做好", "工作和发展的方向", "改革和发展的成果"]
    found = Extractor(glossary).candidates([Document("made.txt", "\n".join(lines))], None, 2)
    phrases = {candidate.phrase for candidate in found}
    for debris in [
        "二〇二四年",
        "三月五日",
        "百分之五",
        "三十多万",
        "发展的",
        "和发展",
        "为了攻坚",
    ]:
        assert debris not in phrases


def test_years_come_from_the_manifest_then_the_file_name(tmp_path: Path) -> None:
    assert document_year(str(CORPUS / "cpc_congress_20.zh.txt")) == 2022
    assert document_year(str(CORPUS / "gwr_1954.zh.txt")) == 1954
    assert document_year(str(tmp_path / "speech-2019-03.txt")) == 2019
    assert document_year(str(tmp_path / "notes.txt")) is None
    assert document_year(str(tmp_path / "cpc_congress_20.zh.txt")) is None


def test_text_listing_limit_and_min_count(invoke) -> None:  # type: ignore[no-untyped-def]
    files = [str(CORPUS / name) for name in REPORTS]
    result = invoke("candidates", *files, "--limit", "5", "--min-count", "6")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 5 and lines[0].split()[0] == "1"
    counts = [int(re.search(r"(\d+)×", line).group(1)) for line in lines]  # type: ignore[union-attr]
    assert min(counts) >= 6


def test_bad_input_is_refused(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    for command in ("candidates", "coverage"):
        result = invoke(command, str(empty))
        assert result.exit_code == 2 and "empty file" in result.output
    assert invoke("candidates").exit_code == 2  # FILE is required


def test_coverage_reports_phrase_and_character_shares(
    invoke, glossary: Glossary, reports: list[Document], listed: list[dict]
) -> None:  # type: ignore[no-untyped-def]
    report = coverage(glossary, reports).as_dict()
    assert report["phrases"] - report["covered_phrases"] == len(listed)
    assert 0 < report["term_phrases"] < report["covered_phrases"]
    assert 0 < report["phrase_share"] < 1 and 0 < report["character_share"] < 1
    assert report["covered_characters"] < report["characters"]
    files = [str(CORPUS / name) for name in REPORTS]
    result = invoke("coverage", *files, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["phrase_share"] == report["phrase_share"]
    text = invoke("coverage", *files)
    assert text.exit_code == 0 and "phrases" in text.output and "characters" in text.output
