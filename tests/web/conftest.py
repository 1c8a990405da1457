"""Fixtures for the site: the fixture termbase built once, an app per test, a live server."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import html
from werkzeug.serving import make_server

from web import create_app

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(scope="session")
def site_terms(general_terms: Path) -> Path:
    """The three-concept fixture termbase (read-only use)."""
    return general_terms


@pytest.fixture(scope="session")
def site_db(general_db: Path) -> Path:
    """The fixture termbase over the general layer, shared with the other tests."""
    return general_db


@pytest.fixture
def config(site_terms: Path, site_db: Path, tmp_path: Path) -> dict[str, object]:
    """The test configuration: fixture glossary, a fresh suggestions database."""
    return {
        "TESTING": True,
        "GLOSSARY_TERMS": str(site_terms),
        "GLOSSARY_DB": str(site_db),
        "SUGGESTIONS_DB": str(tmp_path / "suggestions.db"),
        "SECRET_KEY": "test",
    }


@pytest.fixture
def app(config: dict[str, object]) -> Flask:
    """The site over the fixture glossary."""
    return create_app(config)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client (keeps the session cookie, as a browser does)."""
    return app.test_client()


def csrf_token(client: FlaskClient, path: str) -> str:
    """Load a form page and return its CSRF token."""
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    found = TOKEN.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The site served by werkzeug on a free local port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def find(page: str, tag: str, text: str | None = None, **attrs: str) -> list[Any]:
    """The elements of a page with this tag, these attributes and (if given) this text.

    `class_` matches one of the element's classes; other attributes match exactly; `text` is
    the element's text with whitespace runs folded, matched exactly.
    """
    found = []
    for element in html.fromstring(page).iter(tag):
        if text is not None and " ".join(element.text_content().split()) != text:
            continue
        classes = (element.get("class") or "").split()
        if "class_" in attrs and attrs["class_"] not in classes:
            continue
        if any(element.get(k) != v for k, v in attrs.items() if k != "class_"):
            continue
        found.append(element)
    return found
