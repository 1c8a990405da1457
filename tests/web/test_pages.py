"""The HTML pages, read as a translator would read them."""

from __future__ import annotations

import json
import re

from flask.testing import FlaskClient

from tests.web.conftest import csrf_token, find


def text_of(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)


def test_home_has_a_focused_search_box_that_searches_as_you_type(client: FlaskClient) -> None:
    page = text_of(client, "/")
    assert re.search(r'<input id="q" name="q" type="search"[^>]* autofocus', page)
    assert 'data-live-search data-api="/api/search"' in page
    assert 'action="/search" method="get"' in page  # a plain form without JavaScript
    assert "3 concepts" in page
    assert "<kbd>/</kbd>" in page


def test_search_finds_a_term_by_characters_traditional_pinyin_and_english(
    client: FlaskClient,
) -> None:
    for query in ("双循环", "雙循環", "shuangxunhuan", "shuang1 xun2huan2", "dual circulation"):
        page = text_of(client, f"/search?q={query}")
        assert 'href="/term/dual-circulation"' in page, query
        assert find(page, "span", "双循环", class_="zh", lang="zh-Hans")
        assert find(page, "span", "雙循環", class_="result-trad", lang="zh-Hant")
        assert find(page, "span", "dual circulation", class_="result-en")
        assert find(page, "span", "preferred", class_="status-preferred")
        assert ">Economy and finance</a>" in page


def test_search_for_a_deprecated_rendering_says_which_to_use(client: FlaskClient) -> None:
    page = text_of(client, "/search?q=double+circulation")
    assert "“double circulation” is" in page
    assert find(page, "span", "deprecated", class_="status-deprecated")
    assert "use “dual circulation”" in page


def test_search_for_a_misspelt_term_says_did_you_mean(client: FlaskClient) -> None:
    for query, meant, reason in (
        ("shaung+xunhuan", "shuāng xúnhuán", "typo"),
        ("dualcirculation", "dual circulation", "spacing"),
    ):
        page = text_of(client, f"/search?q={query}")
        assert 'href="/term/dual-circulation"' in page
        assert f"did you mean “{meant}”? ({reason})" in page
        assert 'class="match-note match-forgiving" data-match="spelling"' in page


def test_search_by_zhuyin_says_it_matched_zhuyin(client: FlaskClient) -> None:
    page = text_of(client, "/search?q=ㄕㄨㄤ ㄒㄩㄣˊ ㄏㄨㄢˊ")
    assert 'href="/term/dual-circulation"' in page
    assert "matched zhuyin: ㄕㄨㄤ ㄒㄩㄣˊ ㄏㄨㄢˊ" in page


def test_search_says_when_nothing_is_found(client: FlaskClient) -> None:
    page = text_of(client, "/search?q=qqqzzz")
    assert "Nothing found for “qqqzzz”" in page


def test_pinyin_is_split_into_syllables_with_tone_classes(client: FlaskClient) -> None:
    page = text_of(client, "/search?q=changsanjiao")
    assert (
        '<span class="pinyin" lang="zh-Latn-pinyin"><span class="t2">Cháng</span> '
        '<span class="t1">Sān</span><span class="t3">jiǎo</span></span>'
    ) in page


def test_term_page_shows_everything_the_entry_holds(client: FlaskClient) -> None:
    page = text_of(client, "/term/dual-circulation")
    assert "<title>双循环 dual circulation · " in page
    # every Chinese form, with pinyin three ways and the regional forms
    for form in ("双循环", "国内国际双循环"):
        assert find(page, "span", form, class_="zh-big", lang="zh-Hans")
    assert find(page, "span", "shuāng", class_="t1")
    assert "guo2nei4 guo2ji4 shuang1 xun2huan2" in page
    assert find(page, "dd", "ㄕㄨㄤ ㄒㄩㄣˊ ㄏㄨㄢˊ", lang="zh-Bopo")
    assert find(page, "span", "國內國際雙循環", class_="zh", lang="zh-Hant-TW")
    assert find(page, "span", "雙循環", class_="zh", lang="zh-Hant-HK")
    # renderings grouped by status, with usage, notes and sources
    preferred = page.index("<h3>Preferred</h3>")
    deprecated = page.index("<h3>Avoid (deprecated)</h3>")
    assert preferred < page.index('"en-term">dual circulation</span>') < deprecated
    assert deprecated < page.index('"en-term">double circulation</span>')
    assert find(page, "span", "official", class_="usage-item")
    assert "Literal calque." in page
    assert "Attested in: Thomas Chan. Guangdong Province&#39;s tech development" in page
    # definition, context with its citation, related terms with Chinese and English
    assert "domestic economy is the mainstay" in page
    assert 'Its <mark class="context-term">dual circulation</mark> policies are its means' in page
    assert "— Thomas Chan. Guangdong Province&#39;s tech development" in page
    assert re.search(r'href="/term/chokehold"><span class="zh" lang="zh-Hans">卡脖子</span>', page)
    assert find(page, "span", "chokehold", class_="related-en")
    # copy buttons and a citation line naming the entry's address
    assert 'data-copy="双循环"' in page
    assert 'data-copy="shuāng xúnhuán"' in page
    assert "“双循环 (dual circulation)”. Chinese Policy Glossary, version" in page
    assert " /term/dual-circulation (accessed " in page  # no Host header (issue 11 #10)
    assert 'href="/suggest?concept=dual-circulation"' in page


def test_an_unknown_term_is_a_friendly_404(client: FlaskClient) -> None:
    page = text_of(client, "/term/no-such-term", status=404)
    assert "<h1>Not found</h1>" in page
    assert "Try searching for the term instead" in page
    assert "Perhaps one of these" not in page  # nothing is near


def test_a_misspelt_id_or_a_chinese_term_points_to_the_entry(client: FlaskClient) -> None:
    for path in ("/term/dual-circulaton", "/term/双循环", "/term/shuang-xunhuan"):
        page = text_of(client, path, status=404)
        assert "Perhaps one of these" in page, path
        assert '<a href="/term/dual-circulation">双循环</a> dual circulation' in page, path


def test_browse_by_domain_and_by_pinyin_initial(client: FlaskClient) -> None:
    index = text_of(client, "/browse")
    assert 'href="/browse/domain/economy"' in index
    letters = re.findall(r'href="/browse/pinyin/([a-z])"', index)
    assert letters == ["c", "q", "s"]  # Cháng Sānjiǎo, qiǎ bózi, shuāng xúnhuán
    economy = text_of(client, "/browse/domain/economy")
    assert "<h1>Economy and finance" in economy
    assert 'href="/term/dual-circulation"' in economy
    assert 'href="/term/chokehold"' not in economy
    q_entries = text_of(client, "/browse/pinyin/q")
    assert 'href="/term/chokehold"' in q_entries
    assert "1 entry" in q_entries
    text_of(client, "/browse/domain/nowhere", status=404)
    text_of(client, "/browse/pinyin/ab", status=404)
    text_of(client, "/browse/pinyin/1", status=404)


def test_about_names_the_sources_and_the_licences(client: FlaskClient) -> None:
    page = text_of(client, "/about")
    assert "<code>chan-2022</code>" in page
    assert "Report on the Work of the Government" in page
    assert "LTAC Global" in page
    assert re.search(r"<tr><td>Flask</td><td>[\d.]+</td><td>[^<]*BSD", page)
    assert "MIT" in page


def test_favicon_and_static_files(client: FlaskClient) -> None:
    with client.get("/favicon.ico") as icon:
        assert icon.status_code == 200
        assert icon.mimetype == "image/svg+xml"
        assert "<svg" in icon.get_data(as_text=True)
    with client.get("/static/site.js") as script:
        assert script.status_code == 200
        assert "search as you type" in script.get_data(as_text=True)


def test_export_downloads_the_filtered_entries(client: FlaskClient) -> None:
    form = text_of(client, "/export")
    assert '<option value="json">JSON' in form
    token = csrf_token(client, "/annotate")  # the annotate page posts /export
    everything = client.post("/export", data={"csrf_token": token, "format": "json"})
    assert everything.status_code == 200
    assert everything.headers["Content-Disposition"] == 'attachment; filename="glossary.json"'
    ids = [entry["id"] for entry in json.loads(everything.data)["entries"]]
    assert ids == ["chokehold", "dual-circulation", "yangtze-river-delta"]

    economy = client.post(
        "/export", data={"csrf_token": token, "format": "json", "domain": "economy"}
    )
    assert economy.headers["Content-Disposition"] == 'attachment; filename="glossary-economy.json"'
    assert [e["id"] for e in json.loads(economy.data)["entries"]] == ["dual-circulation"]

    chosen = client.post(
        "/export", data={"csrf_token": token, "format": "json", "ids": "chokehold,nope"}
    )
    assert [e["id"] for e in json.loads(chosen.data)["entries"]] == ["chokehold"]

    searched = client.post("/export", data={"csrf_token": token, "format": "json", "q": "长三角"})
    assert [e["id"] for e in json.loads(searched.data)["entries"]] == ["yangtze-river-delta"]


def test_export_says_when_no_entry_matches(client: FlaskClient) -> None:
    token = csrf_token(client, "/annotate")  # the annotate page posts /export
    response = client.post(
        "/export", data={"csrf_token": token, "format": "json", "tag": "no-such-tag"}
    )
    assert response.status_code == 200
    assert "No entries match these filters." in response.get_data(as_text=True)


def test_export_rejects_an_unknown_format(client: FlaskClient) -> None:
    token = csrf_token(client, "/annotate")  # the annotate page posts /export
    response = client.post("/export", data={"csrf_token": token, "format": "exe"})
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_general_dictionary_results_come_last_under_their_own_heading(client: FlaskClient) -> None:
    page = text_of(client, "/search?q=循环")
    curated = page.index('class="results results-curated"')
    heading = page.index('<h2 class="layer-heading">General dictionary')
    general = page.index('class="results results-general"')
    assert curated < heading < general
    assert "CC BY-SA 4.0" in page[heading:general]
    assert page.count('<span class="badge layer-general"') >= 1


def test_an_everyday_word_has_a_general_entry_with_attribution(client: FlaskClient) -> None:
    page = text_of(client, "/search?q=电脑")
    assert 'href="/term/cedict:%E7%94%B5%E8%84%91:dian4nao3"' in page
    entry = text_of(client, "/term/cedict:电脑:dian4nao3")
    assert "From the general dictionary layer" in entry
    assert "CC-CEDICT (© MDBG and contributors), CC BY-SA 4.0" in entry
    assert find(entry, "span", "computer", class_="en-term")


def test_about_names_the_general_dictionary_and_its_licence(client: FlaskClient) -> None:
    page = text_of(client, "/about")
    assert "CC-CEDICT" in page and "Attribution-ShareAlike 4.0" in page
