"""The site on a desktop and on a phone, in Chromium: no page wider than the screen, Chinese
text tagged with its language, tap targets, Back and input methods in the live search.

Screenshots of every page at both widths go to tests/artifacts/layout-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web import test_browser
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, screenshot

# the browser fixtures of test_browser (Debian's Chromium, CSP violations fail the test)
playwright = test_browser.playwright
browser = test_browser.browser

WIDTHS = {"desktop": 1280, "phone": 390}
PAGES = {
    "home": "/",
    "search": "/search?q=circulation",
    "term": "/term/dual-circulation",
    "general-term": "/term/cedict:电脑:dian4nao3",
    "browse": "/browse",
    "domain": "/browse/domain/economy",
    "export": "/export",
    "suggest": "/suggest",
    "about": "/about",
    "corpus": "/corpus?q=新发展格局",
    "compare": "/compare?q=小康社会&q=共同富裕",
}
# Every text node with Chinese characters must sit in an element whose language is Chinese.
UNTAGGED_CHINESE = """() => {
  const han = /[\\u3400-\\u9fff\\uf900-\\ufaff]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const bad = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!han.test(node.textContent)) continue;
    const parent = node.parentElement;
    if (parent.closest("script, style, svg")) continue;
    const tagged = parent.closest("[lang]");
    const lang = tagged ? tagged.getAttribute("lang") : "";
    if (!/^zh(-Hans|-Hant|-HK|-TW|-CN)?(-TW|-HK)?$/.test(lang)) bad.push(node.textContent.trim().slice(0, 40) + " [" + lang + "]");
  }
  return bad;
}"""
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def phone_or_desktop(playwright: Any, tmp_path: Path, request: Any) -> Iterator[Any]:
    """A Chromium page at the width the test asks for (request.param names it)."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        viewport={"width": WIDTHS[request.param], "height": 844},
    )
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def submit_annotate(page: Any, base: str) -> None:
    page.goto(base + "/annotate")
    page.fill("#text", "要解决卡脖子问题，\n加快构建国内国际双循环。长三角一体化发展。")
    page.click("main form.stacked-form button[type=submit]")
    page.locator("mark.term-hit").first.wait_for()


def submit_check(page: Any, base: str) -> None:
    page.goto(base + "/check")
    page.fill("#source", "加快构建国内国际双循环。\n要解决卡脖子问题。")
    page.fill("#translation", "Build the double circulation pattern.\nSolve the problem.")
    page.click("main form.stacked-form button[type=submit]")
    page.locator("table.report").wait_for()


@pytest.mark.parametrize("phone_or_desktop", list(WIDTHS), indirect=True)
def test_no_page_is_wider_than_the_screen(phone_or_desktop: Any, live_server: str) -> None:
    page = phone_or_desktop
    width = page.viewport_size["width"]
    visits: list[tuple[str, Any]] = [
        (name, lambda path=path: page.goto(live_server + path)) for name, path in PAGES.items()
    ]
    visits.append(("annotate", lambda: submit_annotate(page, live_server)))
    visits.append(("check", lambda: submit_check(page, live_server)))
    wide = []
    for name, visit in visits:
        visit()
        if page.evaluate(OVERFLOW) > 0:
            wide.append((name, page.evaluate("document.documentElement.scrollWidth")))
        screenshot(page, f"layout-{name}-{width}")
    assert wide == [], f"wider than {width} px"


@pytest.mark.parametrize("phone_or_desktop", ["desktop"], indirect=True)
def test_every_chinese_run_has_a_chinese_lang(phone_or_desktop: Any, live_server: str) -> None:
    page = phone_or_desktop
    untagged = {}
    for name, path in PAGES.items():
        page.goto(live_server + path)
        untagged[name] = page.evaluate(UNTAGGED_CHINESE)
    page.goto(live_server + "/")
    page.fill("#q", "循环")
    page.locator("#live-results .results-general").wait_for()
    untagged["live results"] = page.evaluate(UNTAGGED_CHINESE)
    submit_annotate(page, live_server)
    untagged["annotate"] = page.evaluate(UNTAGGED_CHINESE)
    assert {name: bad for name, bad in untagged.items() if bad} == {}
    # Taiwan and Hong Kong forms are drawn with traditional Chinese fonts, not Japanese ones
    page.goto(live_server + "/term/dual-circulation")
    taiwan = page.locator("span.zh[lang=zh-Hant-TW]").first
    assert "TC" in taiwan.evaluate("e => getComputedStyle(e).fontFamily")


@pytest.mark.parametrize("phone_or_desktop", ["phone"], indirect=True)
def test_tap_targets_are_at_least_44_pixels(phone_or_desktop: Any, live_server: str) -> None:
    page = phone_or_desktop
    page.goto(live_server + "/term/dual-circulation")
    buttons = page.locator("button.copy, .tone-toggle")
    assert buttons.count() >= 5
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (index, box)
    # no line break inside a term: each one is a single line box
    for selector in ("span.zh", "span.en-term", "span.entry-zh"):
        terms = page.locator(selector)
        for index in range(terms.count()):
            lines = terms.nth(index).evaluate(
                "e => Math.round(e.getBoundingClientRect().height"
                " / parseFloat(getComputedStyle(e).lineHeight))"
            )
            assert lines == 1, (selector, index)
    screenshot(page, "term-phone-tap-targets")


@pytest.mark.parametrize("phone_or_desktop", ["phone"], indirect=True)
def test_live_results_stay_above_the_on_screen_keyboard(
    phone_or_desktop: Any, live_server: str
) -> None:
    page = phone_or_desktop
    page.goto(live_server + "/")
    page.fill("#q", "shuangxun")
    result = page.locator("#live-results a.result-link").first
    result.wait_for()
    keyboard_top = 844 * 0.55  # a phone keyboard covers about the lower 45% of the screen
    assert result.bounding_box()["y"] + 40 < keyboard_top
    screenshot(page, "home-phone-live-results")


def test_live_results_say_the_true_count_and_what_to_avoid(browser: Any, live_server: str) -> None:
    page = browser.new_page()
    total = page.request.get(live_server + "/api/search?q=%E9%9B%BB%E8%85%A6&limit=1").json()
    assert total["total"] == 13  # 電腦: more than the ten shown while typing
    total = 13
    page.goto(live_server + "/")
    page.fill("#q", "電腦")
    line = page.locator("#live-results .count-line")
    line.wait_for()
    assert line.inner_text().startswith(f"{total} results for “電腦”")
    assert page.locator("#live-results li.result").count() == 10
    see_all = page.locator("#live-results a.see-all")
    assert see_all.inner_text() == f"see all {total}"
    see_all.click()
    page.wait_for_url("**/search?q=*")
    assert page.locator("main h1").inner_text() == "Search the glossary"
    assert page.locator("#results li.result").count() == total
    assert page.locator("#results .count-line").inner_text().startswith(f"{total} results")
    page.fill("#q", "shuangxunhuan")
    avoid = page.locator("#results .avoid").first
    avoid.wait_for()
    assert avoid.inner_text() == "avoid: double circulation"
    page.fill("#q", "dual circ")
    page.locator("#results .match-note", has_text="matched English: dual circulation").wait_for()
    screenshot(page, "live-results-avoid")


@pytest.mark.parametrize("start", ["/", "/search"])
def test_back_restores_the_query(browser: Any, live_server: str, start: str) -> None:
    page = browser.new_page()
    page.goto(live_server + start)
    page.fill("#q", "shuangxun")
    result = page.locator(".live-results a.result-link").first
    result.wait_for()
    page.wait_for_function("location.search === '?q=shuangxun'")
    result.click()
    page.wait_for_url("**/term/dual-circulation")
    page.go_back()
    page.wait_for_function("document.querySelector('#q').value === 'shuangxun'")
    assert page.locator(".live-results a.result-link").first.get_attribute("href") == (
        "/term/dual-circulation"
    )


def test_an_input_method_searches_once_per_committed_word(browser: Any, live_server: str) -> None:
    page = browser.new_page()
    page.goto(live_server + "/")
    searches: list[str] = []
    page.on("request", lambda r: searches.append(r.url) if "/api/search" in r.url else None)
    page.focus("#q")
    cdp = page.context.new_cdp_session(page)
    for step in ("s", "sh", "shu", "shua", "shuan", "shuang", "shuangx", "shuangxun"):
        cdp.send("Input.imeSetComposition", {"text": step, "selectionStart": len(step),
                                             "selectionEnd": len(step)})  # fmt: skip
        page.wait_for_timeout(60)
    page.wait_for_timeout(400)  # longer than the typing pause the live search waits for
    assert page.input_value("#q") == "shuangxun"
    assert searches == []  # nothing while the word is being composed
    cdp.send("Input.insertText", {"text": "双循"})
    page.locator("#live-results a.result-link").first.wait_for()
    page.wait_for_timeout(300)
    assert len(searches) == 1 and "q=%E5%8F%8C%E5%BE%AA" in searches[0]


def test_touch_screens_are_not_told_to_press_slash(playwright: Any, live_server: str) -> None:
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        for touch, shown in ((True, False), (False, True)):
            context = chromium.new_context(
                viewport={"width": 1024, "height": 800}, has_touch=touch, is_mobile=touch
            )
            page = context.new_page()
            page.goto(live_server + "/")
            assert page.locator("#search-hint .keys").is_visible() is shown, touch
            assert page.locator("footer .keys").is_visible() is shown, touch
            context.close()
    finally:
        chromium.close()
