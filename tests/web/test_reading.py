"""What a reader sees: entry pages, counts that agree, Chinese tagged with its language,
colours with enough contrast."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from glossary.locations import bundled_terms
from tests.web.conftest import find
from web import create_app
from web.display import Piece, Run, context_rows, han_runs, highlight

CSS = Path(__file__).resolve().parents[2] / "web" / "static" / "site.css"


def page_of(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def test_the_headword_has_its_traditional_form_beside_it(client: FlaskClient) -> None:
    page = page_of(client, "/term/dual-circulation")
    [h1] = find(page, "h1")
    assert [(s.get("lang"), s.text) for s in h1.iter("span")] == [
        ("zh-Hans", "双循环"),
        ("zh-Hant-TW", "雙循環"),  # the Hong Kong form is the same: shown once
        (None, "dual circulation"),
    ]


def test_one_copy_button_per_distinct_form_and_none_for_avoided_renderings(
    client: FlaskClient,
) -> None:
    page = page_of(client, "/term/dual-circulation")
    copied = Counter(button.get("data-copy") for button in find(page, "button", class_="copy"))
    cite = next(text for text in copied if text.startswith("“双循环"))
    del copied[cite]
    assert copied == Counter(
        {
            "双循环": 1,
            "雙循環": 1,  # Taiwan and Hong Kong write it alike
            "shuāng xúnhuán": 1,
            "国内国际双循环": 1,
            "國內國際雙循環": 1,
            "guónèi guójì shuāng xúnhuán": 1,
            "dual circulation": 1,
        }
    )
    assert "double circulation" not in copied  # deprecated: nothing to copy


def test_the_search_page_has_a_heading_and_the_true_count(client: FlaskClient) -> None:
    page = page_of(client, "/search?q=%E9%9B%BB%E8%85%A6")  # 電腦
    [h1] = find(page, "h1")
    assert h1.text_content() == "Search the glossary"
    assert len(find(page, "li", class_="result")) == 13
    [line] = find(page, "p", class_="count-line")
    assert line.text_content() == "13 results for “電腦”"
    assert line.xpath(".//span[@lang]")[0].get("lang") == "zh-Hant"
    api = client.get("/api/search?q=%E9%9B%BB%E8%85%A6&limit=10").get_json()
    assert (api["count"], api["total"]) == (10, 13)
    many = page_of(client, "/search?q=%E7%94%B5")  # 电: more than the page shows
    [line] = find(many, "p", class_="count-line")
    total = client.get("/api/search?q=%E7%94%B5&limit=1").get_json()["total"]
    assert total > 100
    assert line.text_content() == f"{total} results for “电” (the first 100 shown)"


def counts_agree(client: FlaskClient) -> int:
    """Check that each domain's count on /browse and / is the number its page lists."""
    total = 0
    for path in ("/browse", "/"):
        for link in find(page_of(client, path), "a"):
            href = link.get("href") or ""
            if href.startswith("/browse/domain/"):
                [count] = link.xpath(".//span[@class='count']/text()")
                listed = page_of(client, href).count('<li><a href="/term/')
                assert int(count) == listed, (path, href)
                total += int(count)
    return total


def test_domain_counts_agree_between_browse_and_the_domain_pages(client: FlaskClient) -> None:
    assert counts_agree(client) == 3 * 2


def test_live_search_and_match_notes_name_fields_in_words(client: FlaskClient) -> None:
    page = page_of(client, "/search?q=dual+circ")
    assert "matched English: dual circulation" in page
    [avoid] = find(page, "span", class_="avoid")
    assert avoid.text_content() == "avoid: double circulation"


def test_chinese_runs_in_english_text_are_tagged(client: FlaskClient) -> None:
    assert han_runs("Short for 国内国际双循环 (see it).") == [
        Run("Short for "),
        Run("国内国际双循环", "zh-Hans"),
        Run(" (see it)."),
    ]
    traditional = han_runs("The 雙循環 in Taiwan", simplify=lambda t: t.replace("雙", "双"))
    assert traditional[1] == Run("雙循環", "zh-Hant")
    assert han_runs("no Chinese") == [Run("no Chinese")]


def test_contexts_pair_chinese_and_english_from_one_source_with_the_term_marked() -> None:
    entry: dict[str, Any] = {
        "zh": [{"term": "双循环", "tw": "雙循環", "hk": "雙循環"}],
        "en": [{"term": "dual circulation", "status": "preferred"}],
        "context": [
            {"text": "促进国内国际双循环。", "lang": "zh", "source": "a"},
            {"text": "Dual circulation alone.", "lang": "en", "source": "b"},
            {"text": "Promote dual circulation.", "lang": "en", "source": "a"},
        ],
    }
    rows = context_rows(entry)
    assert [(row["source"], bool(row["zh"]), bool(row["en"])) for row in rows] == [
        ("a", True, True),
        ("b", False, True),
    ]
    assert rows[0]["zh"] == [Piece("促进国内国际"), Piece("双循环", hit=True), Piece("。")]
    assert rows[1]["en"][0] == Piece("Dual circulation", hit=True)  # any case
    assert highlight("no term here", []) == [Piece("no term here")]


@pytest.fixture
def bundled_client(config: dict[str, Any], bundled_db: Path) -> FlaskClient:
    """The site over the bundled glossary (built once per session)."""
    app = create_app({**config, "GLOSSARY_TERMS": bundled_terms(), "GLOSSARY_DB": str(bundled_db)})
    return app.test_client()


def test_bundled_entries_read_well(bundled_client: FlaskClient) -> None:
    page = page_of(bundled_client, "/term/dual-circulation")
    # the note quotes the slogan in Chinese: tagged, so it is drawn as Chinese
    assert find(
        page, "span", "以国内大循环为主体、国内国际双循环相互促进的新发展格局", lang="zh-Hans"
    )
    # an entry id and a source key in a note are links with readable labels
    [note] = find(page, "section", class_="translator-note")
    [see] = note.xpath(".//a[@href='/term/new-development-pattern']")
    assert see.xpath("span[@lang='zh-Hans']/text()") == ["新发展格局"]
    [seed] = note.xpath(".//a[@href='/about#source-lodz-gba-2021']")
    assert seed.text_content() == "University of Lodz 2021"
    [pair] = find(
        page_of(bundled_client, "/term/cpc-central-committee"), "figure", class_="context-pair"
    )
    quotes = pair.xpath(".//blockquote")
    assert [q.get("lang") for q in quotes] == ["zh-Hans", "en"]
    assert all(q.xpath(".//mark[@class='context-term']") for q in quotes)
    # an entry in several domains is listed, and counted, in each (on /browse and on /)
    assert counts_agree(bundled_client) > 2 * len(list(Path(bundled_terms()).glob("*/*.toml")))
    usage = page_of(bundled_client, "/term/political-bureau-of-the-cpc-central-committee")
    assert find(usage, "span", "US government", class_="usage-item")
    assert not find(usage, "span", "us-gov", class_="usage-item")


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_tone_and_status_colours_meet_wcag_aa_on_every_background() -> None:
    colours = dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-f]{6})\b", CSS.read_text()))
    text = ["t1", "t2", "t3", "t4", "t5", "muted", "link", "preferred", "admitted"]
    text += ["deprecated", "superseded", "accent"]
    for background in ("paper", "tint", "active"):
        for name in text:
            ratio = contrast(colours[name], colours[background])
            assert ratio >= 4.5, (name, background, round(ratio, 2))
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
