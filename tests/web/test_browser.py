"""The site in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium).

`.ci/run` installs Chromium with apt-get; never `playwright install` (no internet here).
Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from glossary.suggestions import SuggestionStore
from tests.web.test_research import plain_total as research_total

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    """The Playwright driver (its bundled Node.js; the browser is Debian's)."""
    assert CHROMIUM.exists(), (
        "install Chromium: sh tests/install-browser.sh (the README's test command does)"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def browser(playwright: Any, tmp_path: Path) -> Iterator[Any]:
    """A fresh Chromium profile; fails the test on any Content-Security-Policy violation."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        viewport={"width": 1200, "height": 900},
    )
    context.set_default_timeout(10_000)
    violations: list[str] = []
    context.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        yield context
    finally:
        context.close()
    assert violations == []


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_as_you_type_and_keyboard(browser: Any, live_server: str) -> None:
    page = browser.new_page()
    page.goto(live_server + "/")
    assert page.evaluate("document.activeElement.id") == "q"  # focused on load
    page.keyboard.type("shuangxun")
    result = page.locator("#live-results a.result-link").first
    result.wait_for()
    assert result.get_attribute("href") == "/term/dual-circulation"
    assert "dual circulation" in result.inner_text()
    domain = page.locator("#live-results .domain").first
    assert domain.inner_text() == "Economy and finance"
    screenshot(page, "search-as-you-type")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/term/dual-circulation"
    page.keyboard.press("Enter")
    page.wait_for_url("**/term/dual-circulation")
    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press("/")  # the shortcut focuses the search box from any page
    assert page.evaluate("document.activeElement.id") == "header-q"


def test_a_deprecated_rendering_is_flagged_while_typing(browser: Any, live_server: str) -> None:
    page = browser.new_page()
    page.goto(live_server + "/search")
    page.fill("#q", "double circulation")
    note = page.locator("#results .match-note").first
    note.wait_for()
    assert "is deprecated" in (note.text_content() or "")
    assert "use “dual circulation”" in note.inner_text()


def test_a_misspelt_query_says_did_you_mean_while_typing(browser: Any, live_server: str) -> None:
    page = browser.new_page()
    page.goto(live_server + "/search")
    page.fill("#q", "shaung xunhuan")
    note = page.locator("#results .match-forgiving").first
    note.wait_for()
    assert note.inner_text() == "did you mean “shuāng xúnhuán”? (typo)"
    assert note.get_attribute("data-match") == "spelling"


def test_general_dictionary_results_are_set_apart_while_typing(
    browser: Any, live_server: str
) -> None:
    page = browser.new_page()
    page.goto(live_server + "/search")
    page.fill("#q", "循环")
    heading = page.locator("#results h2.layer-heading")
    heading.wait_for()
    assert "General dictionary" in heading.inner_text()
    assert page.locator("#results ol.results-curated li").count() >= 1
    general = page.locator("#results ol.results-general .badge.layer-general").first
    assert general.inner_text() == "CC-CEDICT"
    screenshot(page, "search-general-layer")


def test_term_page_with_tone_colours_remembered(browser: Any, live_server: str) -> None:
    page = browser.new_page()
    page.goto(live_server + "/term/yangtze-river-delta")
    assert page.title().startswith("长三角 Yangtze River Delta")
    assert page.locator("button.copy").first.is_visible()
    toggle = page.locator(".tone-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('tones')")
    assert page.locator(".tone-toggle").get_attribute("aria-pressed") == "true"
    colour = page.locator(".entry-pinyin .t1").first.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(198, 40, 40)"
    screenshot(page, "term-page")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "term-page-phone")


def test_annotate_highlights_terms(browser: Any, live_server: str) -> None:
    page = browser.new_page()
    assert page.goto(live_server + "/annotate").status == 200
    page.fill("#text", "要解决卡脖子问题，\n加快构建国内国际双循环。")
    page.click("main button[type=submit]")
    hits = page.locator("mark.term-hit")
    hits.first.wait_for()
    concepts = {hits.nth(i).get_attribute("data-concept") for i in range(hits.count())}
    assert {"chokehold", "dual-circulation"} <= concepts
    hits.first.focus()
    assert hits.first.locator(".tip").is_visible()
    assert "qiǎ bózi" in hits.first.locator(".tip").inner_text()
    screenshot(page, "annotate")


def test_a_suggestion_is_submitted(browser: Any, live_server: str, app: Flask) -> None:
    page = browser.new_page()
    page.goto(live_server + "/suggest")
    assert page.locator("fieldset.for-correction").is_hidden()  # a new term is the default
    page.fill("#zh", "新质生产力")
    page.fill("#pinyin", "xīn zhì shēngchǎnlì")
    page.fill("#en", "new quality productive forces")
    page.select_option("#domain", "economy")
    page.fill("#definition", "Productive forces driven by innovation.")
    page.fill("#note", "Official English since 2023.")
    screenshot(page, "suggest-form")
    page.click("form.suggest-form button[type=submit]")
    page.get_by_text("Your suggestion was received as number 1.").wait_for()
    screenshot(page, "suggest-thanks")
    with SuggestionStore(app.config["SUGGESTIONS_DB"]) as store:
        [suggestion] = store.all()
    assert (suggestion.zh, suggestion.en) == ("新质生产力", "new quality productive forces")


def test_research_pages_in_the_browser(browser: Any, live_server: str) -> None:
    tab = browser.new_page()
    tab.goto(live_server + "/term/dual-circulation")
    assert tab.locator("section.usage svg.chart").is_visible()
    screenshot(tab, "term-usage-chart")
    tab.locator("section.usage a", has_text="Every occurrence in context").click()
    tab.wait_for_url("**/corpus?q=dual-circulation")
    assert tab.locator("table.kwic mark").count() == research_total("国内国际双循环")
    screenshot(tab, "corpus")
    tab.goto(live_server + "/compare")
    tab.locator("form.filters input[name=q]").nth(0).fill("小康社会")
    tab.locator("form.filters input[name=q]").nth(1).fill("共同富裕")
    tab.get_by_role("button", name="Compare").click()
    assert tab.locator("svg text.legend").all_text_contents() == ["小康社会", "共同富裕"]
    screenshot(tab, "compare")
    tab.set_viewport_size({"width": 390, "height": 800})
    for path in (
        "/corpus?q=新发展格局",
        "/compare?q=小康社会&q=共同富裕",
        "/term/dual-circulation",
    ):
        tab.goto(live_server + path)
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


SLOGAN = "加快构建以国内大循环为主体、国内国际双循环相互促进的新发展格局。"
SLOGAN_EN = (
    "We will accelerate efforts to foster a new development pattern in which domestic "
    "circulation is the mainstay and double circulation reinforces itself."
)


def test_check_reports_a_nested_deprecated_rendering(
    browser: Any, config: dict[str, object], bundled_db: Path
) -> None:
    from werkzeug.serving import make_server

    from glossary.locations import bundled_terms
    from web import create_app

    app = create_app(
        {**config, "GLOSSARY_TERMS": str(bundled_terms()), "GLOSSARY_DB": str(bundled_db)}
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/check")
        page.fill("#source", SLOGAN)
        page.fill("#translation", SLOGAN_EN)
        page.click("main button[type=submit]")
        row = page.locator("table.report tr.issue-deprecated").first
        row.wait_for()
        text = row.inner_text()
        assert "国内国际双循环" in text  # the Chinese term as written
        assert "dual-circulation" in text
        assert "double circulation" in text
        assert "is deprecated" in text  # the reason
        screenshot(page, "check-nested-deprecated")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
