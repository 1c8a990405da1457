"""Downloads by URL: /export?format=... and /api/export, with ETags; the database file."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from glossary import formats
from tests.web.conftest import find
from web.openapi import openapi_document


@pytest.mark.parametrize("path", ["/export", "/api/export"])
@pytest.mark.parametrize("name", formats.names())
def test_every_format_downloads_by_url_with_an_etag(
    client: FlaskClient, path: str, name: str
) -> None:
    exporter = formats.get(name)
    response = client.get(f"{path}?format={name}&domain=economy")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == exporter.mimetype
    disposition = f'attachment; filename="glossary-economy{exporter.extension}"'
    assert response.headers["Content-Disposition"] == disposition
    assert response.data
    etag = response.headers["ETag"]
    again = client.get(f"{path}?format={name}&domain=economy", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    other = client.get(f"{path}?format={name}")
    assert other.headers["ETag"] != etag  # another selection, another tag
    assert client.get(f"{path}?format={name}", headers={"If-None-Match": etag}).status_code == 200


def test_the_filters_choose_the_entries(client: FlaskClient) -> None:
    def ids(query: str) -> list[str]:
        response = client.get("/export?format=json&" + query)
        assert response.status_code == 200, (query, response.status_code)
        return [entry["id"] for entry in json.loads(response.data)["entries"]]

    assert ids("") == ["chokehold", "dual-circulation", "yangtze-river-delta"]
    assert ids("domain=economy") == ["dual-circulation"]
    assert ids("q=%E9%95%BF%E4%B8%89%E8%A7%92") == ["yangtze-river-delta"]  # 长三角
    assert ids("ids=chokehold,nope") == ["chokehold"]
    assert ids("status=deprecated") == ["chokehold", "dual-circulation"]
    assert ids("domain=&status=&tag=&q=") == ids("")  # an empty field is no filter
    response = client.get("/export?format=json&status=preferred&domain=economy")
    assert 'filename="glossary-economy-preferred.json"' in response.headers["Content-Disposition"]
    searched = client.get("/export?format=csv&q=%E9%95%BF")
    assert searched.headers["Content-Disposition"] == 'attachment; filename="glossary-search.csv"'


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("format=exe", "unknown format 'exe': one of tbx, tbx2, omegat, tbx2-omegat, csv"),
        ("", "format is required: one of tbx, tbx2"),
        ("format=json&domain=nowhere", "unknown domain 'nowhere': one of economy, technology"),
        ("format=json&status=good", "one of preferred, admitted, deprecated, superseded"),
        ("format=json&tag=no-such-tag", "unknown tag 'no-such-tag'"),
        ("format=json&domian=economy", "unknown parameter domian (the parameters are format"),
        ("format=json&format=csv", "format is given 2 times"),
        ("format=json&q=" + "x" * 201, "q is longer than 200 characters"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_the_valid_values(
    client: FlaskClient, query: str, says: str
) -> None:
    api = client.get("/api/export?" + query)
    assert api.status_code == 400
    assert says in api.get_json()["error"]
    page = client.get("/export?" + (query or "format="))
    assert page.status_code == 400
    [description] = find(page.get_data(as_text=True), "p", class_="error-description")
    assert says in description.text_content()


def test_filters_that_take_nothing_are_a_404(client: FlaskClient) -> None:
    api = client.get("/api/export?format=json&q=qqqzzz")
    assert api.status_code == 404
    assert api.get_json() == {"error": "no entries match these filters"}
    page = client.get("/export?format=json&q=qqqzzz")
    assert page.status_code == 404
    text = page.get_data(as_text=True)
    assert "No entries match these filters." in text
    assert find(text, "input", id="q", value="qqqzzz")  # the form keeps what was asked


def test_the_export_page_is_a_get_form_with_links(client: FlaskClient) -> None:
    page = client.get("/export").get_data(as_text=True)
    [form] = find(page, "form", class_="export-form")
    assert form.get("method") == "get" and form.get("action") == "/export"
    assert not form.xpath(".//input[@name='csrf_token']")  # a GET form: links, no token
    names = {field.get("name") for field in form.xpath(".//select|.//input")}
    assert names == {"format", "domain", "status", "tag", "q"}
    for name in formats.names():
        assert find(page, "a", href=f"/export?format={name}"), name
    [database] = find(page, "a", "Download the SQLite database")
    assert database.get("href") == "/download/policy-glossary.sqlite"
    [note] = find(page, "p", class_="licence-note")
    assert "CC-CEDICT" in note.text_content()
    assert "Creative Commons Attribution-ShareAlike 4.0" in note.text_content()


def test_the_database_downloads_as_sqlite(client: FlaskClient) -> None:
    url = "/download/policy-glossary.sqlite"
    with client.head(url) as head:
        assert head.status_code == 200
        assert head.mimetype == "application/vnd.sqlite3"
        assert head.headers["Content-Disposition"] == "attachment; filename=policy-glossary.sqlite"
        etag = head.headers["ETag"]
    with client.head(url, headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304
    with client.get(url, headers={"Range": "bytes=0-15"}) as start:
        assert start.status_code == 206
        assert start.data == b"SQLite format 3\x00"


def test_the_api_document_describes_the_export() -> None:
    operation = openapi_document()["paths"]["/api/export"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters) == {"format", "domain", "status", "tag", "q", "ids"}
    assert parameters["format"]["schema"]["enum"] == formats.names()
    assert parameters["format"]["required"] is True
    content = operation["responses"]["200"]["content"]
    assert {f.mimetype for f in formats.registry().values()} == set(content)
    assert {"200", "304", "400", "404"} <= set(operation["responses"])
