"""Suggest, annotate and check in the browser's forms (annotate and check through stand-ins)."""

from __future__ import annotations

import io
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from glossary import service
from glossary.suggestions import SuggestionStore
from tests.web.conftest import csrf_token, find
from web.display import syllables
from web.translation_aid import highlights, terms_found


def stored(app: Flask) -> list[Any]:
    with SuggestionStore(app.config["SUGGESTIONS_DB"]) as store:
        return store.all()


def test_a_suggested_new_term_is_stored_and_thanked_for(app: Flask, client: FlaskClient) -> None:
    form = client.get("/suggest").get_data(as_text=True)
    assert find(form, "option", "Economy and finance", value="economy")
    [chan] = find(form, "option", value="chan-2022")
    assert chan.text_content().startswith("Thomas Chan.")
    assert 'value="example"' not in form  # a constructed example is not a source to cite
    token = csrf_token(client, "/suggest")
    response = client.post(
        "/suggest",
        data={
            "csrf_token": token,
            "kind": "new",
            "zh": "新质生产力",
            "en": "new quality productive forces",
            "domain": "economy",
            "definition": "Productive forces driven by innovation.",
            "source": "",
        },
    )
    assert response.status_code == 303
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your suggestion was received as number 1." in thanks
    [suggestion] = stored(app)
    assert (suggestion.kind, suggestion.zh, suggestion.domain) == ("new", "新质生产力", "economy")


def test_an_incomplete_suggestion_is_shown_again_with_its_problems(
    app: Flask, client: FlaskClient
) -> None:
    token = csrf_token(client, "/suggest")
    response = client.post(
        "/suggest", data={"csrf_token": token, "kind": "new", "zh": "abc", "source": ""}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert find(page, "li", "This field must contain Chinese characters.")
    [zh_errors] = find(page, "ul", class_="errors", id="zh-errors")
    assert "This field must contain Chinese characters." in zh_errors.text_content()
    [definition_errors] = find(page, "ul", class_="errors", id="definition-errors")
    assert "This field is required." in definition_errors.text_content()
    assert 'aria-describedby="definition-hint definition-errors"' in page
    assert stored(app) == []


def test_a_correction_must_name_an_existing_entry(app: Flask, client: FlaskClient) -> None:
    page = client.get("/suggest?concept=chokehold").get_data(as_text=True)
    [correction] = find(page, "input", name="kind", value="correction")
    assert correction.get("checked") is not None and correction.get("type") == "radio"
    assert 'name="concept" type="text" value="chokehold"' in page
    token = csrf_token(client, "/suggest")
    data = {"csrf_token": token, "kind": "correction", "note": "Also 'stranglehold'.", "source": ""}
    unknown = client.post("/suggest", data={**data, "concept": "no-such-entry"})
    assert "There is no entry &#39;no-such-entry&#39;." in unknown.get_data(as_text=True)
    known = client.post("/suggest", data={**data, "concept": "chokehold"})
    assert known.status_code == 303
    assert [s.concept for s in stored(app)] == ["chokehold"]


def test_a_filled_honeypot_is_not_stored(app: Flask, client: FlaskClient) -> None:
    token = csrf_token(client, "/suggest")
    data = {"csrf_token": token, "kind": "correction", "concept": "chokehold", "note": "x"}
    response = client.post("/suggest", data={**data, "source": "", "website": "http://spam"})
    assert response.status_code == 200
    assert stored(app) == []


def test_annotate_page_highlights_terms_and_offers_them_as_a_glossary(client: FlaskClient) -> None:
    token = csrf_token(client, "/annotate")
    text = "<b>要</b>解决卡脖子问题，\n推动双循环和双循环。"
    page = client.post("/annotate", data={"csrf_token": token, "text": text}).get_data(as_text=True)
    assert '&lt;b&gt;要&lt;/b&gt;解决<mark class="term-hit" tabindex="0"' in page
    assert find(page, "span", "qiǎ bózi", lang="zh-Latn-pinyin")
    assert find(page, "span", "chokehold", lang="en")
    assert "问题，\n推动<mark" in page  # line breaks kept
    assert find(page, "td", "2", class_="num")  # 双循环 twice
    assert 'name="ids" type="hidden" value="chokehold,dual-circulation"' in page
    assert 'action="/export"' in page


def test_annotate_reads_an_uploaded_text_file(client: FlaskClient) -> None:
    token = csrf_token(client, "/annotate")
    upload = (io.BytesIO("\ufeff长三角一体化".encode()), "text.txt")
    page = client.post(
        "/annotate",
        data={"csrf_token": token, "text": "", "upload": upload},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert 'data-concept="yangtze-river-delta"' in page
    page = client.post(
        "/annotate",
        data={"csrf_token": token, "upload": (io.BytesIO(b"\x81\x82"), "bad.txt")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "bad.txt: not UTF-8 text (byte 0x81 at offset 0)" in page


def test_check_page_reports_issues_per_line(client: FlaskClient) -> None:
    token = csrf_token(client, "/check")
    page = client.post(
        "/check",
        data={
            "csrf_token": token,
            "source": "甲\n推动双循环",
            "translation": "a\ndouble circulation",
        },
    ).get_data(as_text=True)
    assert "1 issue found." in page
    assert find(page, "span", "DEPRECATED", class_="kind-deprecated")
    assert find(page, "td", "dual circulation")
    misaligned = client.post(
        "/check", data={"csrf_token": token, "source": "甲\n乙", "translation": "a"}
    ).get_data(as_text=True)
    assert "the translation: 1 lines, but the source has 2" in misaligned


def test_highlights_cut_the_text_exactly_and_skip_overlaps() -> None:
    text = "推动双循环发展"
    matches = [
        {"start": 2, "end": 5, "concept": "a", "text": "双循环"},
        {"start": 3, "end": 5, "concept": "b", "text": "循环"},  # overlaps: skipped
        {"start": 6, "end": 99, "concept": "c", "text": "?"},  # out of range: skipped
    ]
    runs = highlights(text, matches)
    assert "".join(run.text for run in runs) == text
    assert [(run.text, run.match and run.match["concept"]) for run in runs] == [
        ("推动", None),
        ("双循环", "a"),
        ("发展", None),
    ]
    assert terms_found(matches[:1] * 2)[0]["count"] == 2


def test_aligned_segments_and_uploads() -> None:
    segments = service.align("zh", "甲\n乙\n", "en", "a\nb")
    assert [(s.source, s.target) for s in segments] == [("甲", "a"), ("乙", "b")]
    assert service.decode_text("\ufeff双循环".encode(), "f") == "双循环"
    assert service.decode_text("双循环".encode("utf-16"), "f") == "双循环"


def test_pinyin_syllables_join_back_exactly_with_their_tones() -> None:
    pieces = syllables("Yuè-Gǎng-Ào Dàwānqū", "yue4 gang3 ao4 da4wan1qu1")
    assert "".join(p.text for p in pieces) == "Yuè-Gǎng-Ào Dàwānqū"
    assert [(p.text, p.tone) for p in pieces if p.tone] == [
        ("Yuè", 4),
        ("Gǎng", 3),
        ("Ào", 4),
        ("Dà", 4),
        ("wān", 1),
        ("qū", 1),
    ]
    assert [(p.text, p.tone) for p in syllables("lǜsè", "lv4se4")] == [("lǜ", 4), ("sè", 4)]
    first = syllables("5G wǎngluò", "5g wang3luo4")[0]
    assert (first.text, first.tone) == ("5G ", None)
