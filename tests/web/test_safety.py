"""Safe on the open internet: escaping, CSRF, headers, size caps, rate limits, no 5xx."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import csrf_token
from web import create_app

PAGES = [
    "/",
    "/search?q=双循环",
    "/term/dual-circulation",
    "/browse",
    "/browse/domain/economy",
    "/browse/pinyin/s",
    "/export",
    "/suggest",
    "/about",
    "/term/missing",
]
FORMS = ["/suggest", "/export", "/annotate", "/check"]


def test_every_page_sends_the_security_headers(client: FlaskClient) -> None:
    for path in [*PAGES, "/api/search?q=x", "/api/term/x", "/static/site.css"]:
        with client.get(path) as response:
            headers = response.headers
            policy = headers["Content-Security-Policy"]
            assert "script-src 'self'" in policy, path
            assert "frame-ancestors 'none'" in policy
            assert "unsafe-inline" not in policy
            assert headers["X-Content-Type-Options"] == "nosniff"
            assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
            assert headers["X-Frame-Options"] == "DENY"


def test_pages_need_no_inline_script_or_style(client: FlaskClient) -> None:
    for path in PAGES:
        page = client.get(path).get_data(as_text=True)
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
        assert scripts, path
        assert all(
            'src="/static/' in attributes and not body.strip() for attributes, body in scripts
        )
        assert not re.search(r"<[^>]+\sstyle=", page), path
        assert not re.search(r"<[^>]+\son[a-z]+=", page), path
        assert "<style" not in page


def test_what_a_visitor_types_is_escaped(client: FlaskClient) -> None:
    attack = '<script>alert("x")</script>'
    page = client.get("/search", query_string={"q": attack}).get_data(as_text=True)
    assert attack not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    missing = client.get("/term/%3Cimg%20src%3Dx%3E").get_data(as_text=True)
    assert "<img src=x>" not in missing


@pytest.mark.parametrize("path", FORMS)
def test_a_post_without_a_csrf_token_is_refused(client: FlaskClient, path: str) -> None:
    response = client.post(path, data={"text": "双循环", "format": "json", "kind": "new"})
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.get_data(as_text=True)


def test_a_post_with_a_forged_token_is_refused(client: FlaskClient) -> None:
    csrf_token(client, "/suggest")  # a real session exists, but the token is wrong
    response = client.post("/suggest", data={"csrf_token": "forged", "kind": "new"})
    assert response.status_code == 400


def test_every_form_carries_a_csrf_token(client: FlaskClient) -> None:
    for path in FORMS:
        page = client.get(path).get_data(as_text=True)
        forms = re.findall(r'<form[^>]*method="post".*?</form>', page, re.S)
        assert forms or path == "/export", path  # the export page builds links: a GET form
        assert all('name="csrf_token"' in form for form in forms), path


def test_bodies_above_the_cap_are_refused_with_a_friendly_page(config: dict[str, Any]) -> None:
    app = create_app({**config, "MAX_CONTENT_LENGTH": 1000, "MAX_FORM_MEMORY_SIZE": 1000})
    client = app.test_client()
    token = csrf_token(client, "/suggest")
    page = client.post("/suggest", data={"csrf_token": token, "note": "x" * 5000})
    assert page.status_code == 413
    assert "<h1>Too large</h1>" in page.get_data(as_text=True)
    api = client.post("/api/annotate", json={"text": "双" * 5000})
    assert api.status_code == 413
    assert "error" in api.get_json()


def test_the_default_cap_is_a_few_megabytes(app: Flask) -> None:
    assert 2 * 1024 * 1024 <= app.config["MAX_CONTENT_LENGTH"] <= 8 * 1024 * 1024


def test_post_endpoints_are_rate_limited(config: dict[str, Any]) -> None:
    app = create_app({**config, "RATE_LIMIT_POST": "3 per minute"})
    client = app.test_client()
    statuses = [client.post("/api/annotate", json={"text": "x"}).status_code for _ in range(4)]
    assert 429 not in statuses[:3]
    assert statuses[3] == 429
    page = client.post("/suggest", data={})
    assert page.status_code in (400, 429)  # each endpoint counts on its own
    for _ in range(3):
        page = client.post("/suggest", data={})
    assert page.status_code == 429
    assert "<h1>Too many requests</h1>" in page.get_data(as_text=True)
    assert client.get("/search?q=x").status_code == 200  # reading is not limited


ROUTES = [
    "/",
    "/search",
    "/term/",
    "/browse/domain/",
    "/browse/pinyin/",
    "/api/search",
    "/api/term/",
    "/export",
    "/suggest",
    "/annotate",
    "/check",
    "/",
]


@settings(
    max_examples=300,
    deadline=None,
    # one app for every example: these GET requests change nothing between examples
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    route=st.sampled_from(ROUTES),
    tail=st.text(max_size=30),
    params=st.dictionaries(
        st.sampled_from(["q", "limit", "concept", "format", "domain", "x"]),
        st.text(max_size=60),
        max_size=3,
    ),
    raw=st.binary(max_size=20),
)
def test_no_query_string_or_path_gives_a_server_error(
    client: FlaskClient, route: str, tail: str, params: dict[str, str], raw: bytes
) -> None:
    # a path starting "//" would be read by the test client as a host name, not sent as a path
    path = "/" + (route + quote(tail, safe="/")).lstrip("/")
    query = urlencode(params) + ("&q=" + quote_from_bytes(raw) if raw else "")
    with client.get(path, query_string=query) as response:
        assert response.status_code < 500, (path, query, response.status_code)
