"""The JSON API: the CLI's entry shape, clear errors, an OpenAPI document that tells the truth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from glossary.cli import cli


def cli_json(db: Path, *args: str) -> Any:
    terms = db.parent / "terms"  # the site_terms fixture the database was built from
    result = CliRunner().invoke(cli, ["--terms", str(terms), "--db", str(db), *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_search_returns_entries_in_the_cli_lookup_shape(client: FlaskClient, site_db: Path) -> None:
    response = client.get("/api/search?q=双循环")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["query"] == "双循环"
    assert body["count"] == len(body["results"]) >= 1
    assert body["results"] == cli_json(site_db, "lookup", "双循环", "--json", "--limit", "20")
    first = body["results"][0]
    assert first["id"] == "dual-circulation"
    assert first["match"] == {"kind": "exact", "field": "zh", "form": "双循环", "status": None}
    assert "双循环".encode() in response.data  # UTF-8, not \\u escapes


def test_search_shows_why_a_misspelt_query_matched(client: FlaskClient, site_db: Path) -> None:
    body = client.get("/api/search?q=shuangxunhun").get_json()
    first = body["results"][0]
    assert first["id"] == "dual-circulation"
    assert first["match"] == {
        "kind": "spelling",
        "field": "pinyin",
        "form": "shuāng xúnhuán",
        "status": None,
        "reason": "typo",
    }
    assert body["results"] == cli_json(site_db, "lookup", "shuangxunhun", "--json", "--limit", "20")


def test_search_honours_limit_and_rejects_bad_parameters(client: FlaskClient) -> None:
    assert client.get("/api/search?q=c&limit=1").get_json()["count"] <= 1
    for query in ("", "?limit=5", "?q=x&limit=0", "?q=x&limit=101", "?q=x&limit=abc"):
        response = client.get(f"/api/search{query}")
        assert response.status_code == 400, query
        assert "error" in response.get_json()
    assert client.get("/api/search?q=").get_json() == {
        "query": "",
        "count": 0,
        "total": 0,
        "results": [],
    }


def test_term_returns_the_entry_as_show_json_does(client: FlaskClient, site_db: Path) -> None:
    response = client.get("/api/term/chokehold")
    assert response.status_code == 200
    assert response.get_json() == cli_json(site_db, "show", "chokehold", "--json")
    missing = client.get("/api/term/nothing-here")
    assert missing.status_code == 404
    assert missing.get_json() == {"error": "no entry with id 'nothing-here'"}


def test_get_endpoints_may_be_called_from_any_origin(client: FlaskClient) -> None:
    assert client.get("/api/search?q=x").headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/").headers


def test_annotate_returns_matches_with_offsets(client: FlaskClient) -> None:
    text = "要解决卡脖子问题，推动双循环。"
    response = client.post("/api/annotate", json={"text": text})
    assert response.status_code == 200
    matches = response.get_json()["matches"]
    assert [(m["concept"], text[m["start"] : m["end"]]) for m in matches] == [
        ("chokehold", "卡脖子"),
        ("dual-circulation", "双循环"),
    ]
    assert matches[1]["pinyin"] == "shuāng xúnhuán"
    assert matches[1]["rendering"] == "dual circulation"


def test_annotate_finds_traditional_forms_and_terms_split_across_lines(client: FlaskClient) -> None:
    text = "推動國內國際雙\n循環，長三角一體化"
    matches = client.post("/api/annotate", json={"text": text}).get_json()["matches"]
    assert [(m["concept"], m["text"], m["term"]) for m in matches] == [
        ("dual-circulation", "國內國際雙\n循環", "国内国际双循环"),
        ("yangtze-river-delta", "長三角", "长三角"),
    ]
    assert all(text[m["start"] : m["end"]] == m["text"] for m in matches)


def test_post_endpoints_take_json_only(client: FlaskClient) -> None:
    as_form = client.post("/api/annotate", data={"text": "双循环"})
    assert as_form.status_code == 415
    assert as_form.get_json() == {"error": "send the body as application/json"}
    for body in ("[1, 2]", "not json", '{"text": 5}'):
        response = client.post("/api/annotate", data=body, content_type="application/json")
        assert response.status_code == 400, body


def test_check_takes_aligned_pairs(client: FlaskClient) -> None:
    pairs = [
        ["推动双循环。", "Promote double circulation."],
        ["要解决卡脖子问题。", "Solve the chokehold problem."],
        ["长三角", ""],
    ]
    report = client.post("/api/check", json={"pairs": pairs}).get_json()
    assert (report["segments"], report["terms"], report["untranslated"]) == (3, 2, [3])
    (issue,) = report["issues"]
    assert (issue["segment"], issue["kind"], issue["concept"]) == (
        1,
        "DEPRECATED",
        "dual-circulation",
    )
    assert (issue["found"], issue["expected"]) == ("double circulation", ["dual circulation"])
    for bad in ({"pairs": [["only one"]]}, {"pairs": "x"}, {"source": "甲", "translation": "a"}):
        response = client.post("/api/check", json=bad)
        assert response.status_code == 400, bad
        assert "pairs" in response.get_json()["error"]


def test_the_openapi_document_describes_every_api_route(app: Flask, client: FlaskClient) -> None:
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    documented = {
        (path.replace("{id}", "<concept_id>"), method.upper())
        for path, operations in document["paths"].items()
        for method in operations
    }
    served = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.rule != "/api/openapi.json"
        for method in rule.methods or ()
        if method in ("GET", "POST")
    }
    assert documented == served
    entry = client.get("/api/term/dual-circulation").get_json()
    schema = document["components"]["schemas"]["Entry"]
    assert set(schema["required"]) == set(entry)
    assert set(schema["properties"]["zh"]["items"]["required"]) == set(entry["zh"][0])
    assert set(schema["properties"]["en"]["items"]["required"]) == set(entry["en"][0])
