"""The research views on the site: usage chart, concordance, comparison, and their JSON."""

from __future__ import annotations

import csv
import io
from typing import Any

import lxml.html
from flask.testing import FlaskClient

from glossary.corpora import bundled_folder, read_manifest


def page(client: FlaskClient, path: str, status: int = 200) -> Any:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return lxml.html.fromstring(response.get_data(as_text=True))


def plain_total(form: str) -> int:
    return sum(
        d.path.read_text(encoding="utf-8").count(form)
        for d in read_manifest(bundled_folder())
        if d.lang == "zh"
    )


def test_an_entry_page_charts_its_usage_with_a_table(client: FlaskClient) -> None:
    html = page(client, "/term/dual-circulation")
    (section,) = html.cssselect("section.usage")
    svg = section.cssselect("svg.chart")
    assert svg and svg[0].get("role") == "img"
    assert section.cssselect("svg title")[0].text.startswith("Use of 双循环")
    rows = section.cssselect("table tbody tr")
    counted = sum(int(row.cssselect("td")[0].text) for row in rows)
    assert counted == plain_total("国内国际双循环") > 0
    links = [a.get("href") for a in section.cssselect("p a")]
    assert "/corpus?q=dual-circulation" in links


def test_the_concordance_page_highlights_every_occurrence(client: FlaskClient) -> None:
    html = page(client, "/corpus?q=新质生产力")
    marks = html.cssselect("table.kwic mark")
    assert [m.text for m in marks] == ["新质生产力"] * plain_total("新质生产力")
    assert html.cssselect("a[href^='/corpus.csv?q=']")


def test_the_concordance_filters_and_pages(client: FlaskClient) -> None:
    first = page(client, "/corpus?q=改革&from=2000&to=2005")
    years = {int(td.text_content().split()[0]) for td in first.cssselect("td.where")}
    assert years and min(years) >= 2000 and max(years) <= 2005
    later = first.cssselect("a[rel=next]")
    assert later, "more than one page of 改革 in 2000–2005"
    second = page(client, later[0].get("href"))
    assert second.cssselect("a[rel=prev]")
    one_doc = page(client, "/corpus?q=改革&doc=gwr-2003")
    assert {td.text_content().split()[1] for td in one_doc.cssselect("td.where")} == {"gwr-2003"}


def test_the_concordance_downloads_as_csv(client: FlaskClient) -> None:
    response = client.get("/corpus.csv?q=新质生产力")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["year", "document", "paragraph", "left", "match", "right"]
    assert len(rows) - 1 == plain_total("新质生产力")
    assert {row[4] for row in rows[1:]} == {"新质生产力"}


def test_compare_draws_several_terms(client: FlaskClient) -> None:
    html = page(client, "/compare?q=小康社会&q=共同富裕&q=中国式现代化")
    legend = [t.text for t in html.cssselect("svg text.legend")]
    assert legend == ["小康社会", "共同富裕", "中国式现代化"]
    totals = [td.text_content().split(",")[0] for td in html.cssselect("tfoot td")]
    assert totals == [str(plain_total(q)) for q in ("小康社会", "共同富裕", "中国式现代化")]


def test_an_unknown_document_matches_nothing_in_the_api(client: FlaskClient) -> None:
    result = client.get("/api/concordance?q=新发展格局&doc=nope").get_json()
    assert result["total"] == 0 and result["lines"] == []


def test_research_json_endpoints(client: FlaskClient) -> None:
    usage = client.get("/api/usage?q=双循环").get_json()
    assert usage["concept"] == "dual-circulation"
    assert usage["total"] == plain_total("国内国际双循环")
    lines = client.get("/api/concordance?q=新发展格局&limit=3&width=5").get_json()
    assert lines["total"] == plain_total("新发展格局") and len(lines["lines"]) == 3
    assert all(len(line["left"]) <= 5 for line in lines["lines"])
    both = client.get("/api/compare?q=小康社会&q=共同富裕").get_json()
    assert [t["total"] for t in both["terms"]] == [plain_total("小康社会"), plain_total("共同富裕")]
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {"/api/usage", "/api/concordance", "/api/compare"} <= set(paths)


def test_bad_research_parameters_get_400_not_500(client: FlaskClient) -> None:
    for path in (
        "/api/usage",
        "/api/concordance?q=x&limit=-1",
        "/api/concordance?q=x&from=19x",
        "/corpus?q=x&doc=nope",
        "/api/compare",
        "/api/compare?" + "&".join(["q=a"] * 7),
        "/corpus?q=" + "长" * 51,
        "/corpus.csv",
    ):
        assert client.get(path).status_code == 400, path


def test_the_openapi_document_names_the_documents_the_concordance_accepts(
    client: FlaskClient,
) -> None:
    paths = client.get("/api/openapi.json").get_json()["paths"]
    doc = next(p for p in paths["/api/concordance"]["get"]["parameters"] if p["name"] == "doc")
    keys = {d.key for d in read_manifest(bundled_folder())}
    assert set(doc["schema"]["enum"]) == keys and "nope" not in keys


def test_a_query_with_a_nul_character_finds_nothing_without_an_error(client: FlaskClient) -> None:
    for path in ("/api/concordance?q=%E6%94%B9%E9%9D%A9%00", "/api/usage?q=%00%E6%94%B9%E9%9D%A9"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.get_json()["total"] == 0, path
