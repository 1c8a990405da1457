"""Several nodes, one truth: /healthz names the build, answers are cached by it, limits in Redis."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from glossary.build import build_database
from tests.servers import Redis
from web import create_app
from web.cache import CACHE_CONTROL, AnswerCache

ANNOTATE = {"text": "双循环"}


def test_healthz_names_the_build_its_concepts_and_the_start(client: FlaskClient) -> None:
    answer = client.get("/healthz")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["status"] == "ok"
    assert len(body["build"]) == 16 and int(body["build"], 16) >= 0
    assert body["concepts"] == 3
    assert body["started"].endswith("+00:00")
    assert answer.headers["Cache-Control"] == "no-store"


def test_two_copies_of_the_same_terms_give_one_build_id(tmp_path: Path) -> None:
    """Built apart (other folders, other times), the same term files give the same id."""
    from tests.conftest import MINI_TERMS

    ids = []
    for node in ("a", "b"):
        terms = tmp_path / node / "terms"
        shutil.copytree(MINI_TERMS, terms)
        build_database(terms, tmp_path / node / "g.db", cedict=False)
        app = create_app(_config(terms, tmp_path / node / "g.db", tmp_path / node / "s.db"))
        ids.append(app.test_client().get("/healthz").get_json()["build"])
    assert ids[0] == ids[1]
    edited = tmp_path / "b" / "terms"
    first = sorted(edited.rglob("*.toml"))[-1]
    first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build_database(edited, tmp_path / "b" / "g2.db", cedict=False)
    app = create_app(_config(edited, tmp_path / "b" / "g2.db", tmp_path / "b" / "s.db"))
    assert app.test_client().get("/healthz").get_json()["build"] != ids[0]


def test_healthz_is_503_without_a_valid_database(tmp_path: Path, mini_terms: Path) -> None:
    db = tmp_path / "missing.db"
    app = create_app(_config(mini_terms, db, tmp_path / "s.db", BUILD_ON_START=False))
    client = app.test_client()
    missing = client.get("/healthz")
    assert missing.status_code == 503
    assert missing.get_json()["status"] == "unavailable"
    db.write_bytes(b"not a database at all" * 100)
    other = create_app(_config(mini_terms, db, tmp_path / "s.db", BUILD_ON_START=False))
    assert other.test_client().get("/healthz").status_code == 503
    db.unlink()
    build_database(mini_terms, db, cedict=False)
    assert client.get("/healthz").status_code == 200  # the node recovers once it has one


@pytest.mark.parametrize(
    "path", ["/api/search?q=shuangxunhuan", "/api/term/dual-circulation"]
)  # /api/export has an ETag of its own parameters too (tests/web/test_downloads.py)
def test_answers_carry_an_etag_and_repeats_come_from_the_cache(
    client: FlaskClient, path: str
) -> None:
    build = client.get("/healthz").get_json()["build"]
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["ETag"] == f'"{build}"'
    assert first.headers["Cache-Control"] == CACHE_CONTROL
    cache: AnswerCache = client.application.extensions["glossary_answers"]
    hits = cache.hits
    again = client.get(path)
    assert cache.hits == hits + 1
    assert again.get_data() == first.get_data()
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["X-Content-Type-Options"] == "nosniff"  # the usual headers still
    unchanged = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304
    assert unchanged.get_data() == b""
    assert unchanged.headers["ETag"] == first.headers["ETag"]
    stale = client.get(path, headers={"If-None-Match": '"0000000000000000"'})
    assert stale.status_code == 200 and stale.get_data() == first.get_data()


def test_the_export_api_names_its_file_and_refuses_unknown_formats(client: FlaskClient) -> None:
    made = client.get("/api/export?format=csv&domain=economy")
    assert made.status_code == 200
    assert made.headers["Content-Disposition"] == 'attachment; filename="glossary-economy.csv"'
    assert client.get("/api/export?format=nope").status_code == 400
    assert client.get("/api/export?format=csv&q=zzzzzz").status_code == 404


def test_errors_and_pages_are_not_cached(client: FlaskClient) -> None:
    missing = client.get("/api/term/no-such-entry")
    assert missing.status_code == 404 and "ETag" not in missing.headers
    cache: AnswerCache = client.application.extensions["glossary_answers"]
    assert len(cache) == 0
    assert "ETag" not in client.get("/search?q=x").headers


def test_the_cache_is_bounded_and_keyed_by_the_build() -> None:
    cache = AnswerCache(max_entries=3, max_bytes=10)
    for n in range(5):
        cache.put(("b1", f"/q{n}"), b"x", {})
    assert len(cache) == 3 and cache.get(("b1", "/q0")) is None
    cache.put(("b1", "/big"), b"y" * 9, {})
    assert cache.size <= 10
    cache.put(("b2", "/q0"), b"z", {})
    assert len(cache) == 1 and cache.get(("b1", "/big")) is None  # a new build clears the rest


def test_rate_limits_held_in_redis_are_shared(config: dict[str, Any], redis: Redis) -> None:
    """Two apps (as two workers or two nodes) on one Redis share one count per client."""
    shared = {**config, "RATELIMIT_STORAGE_URI": redis.url, "RATE_LIMIT_POST": "4 per minute"}
    one, two = create_app(shared).test_client(), create_app(shared).test_client()
    statuses = [c.post("/api/annotate", json=ANNOTATE).status_code for c in [one, two] * 3]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_the_environment_names_the_rate_limit_storage(
    config: dict[str, Any], redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GLOSSARY_RATE_LIMIT_STORAGE", redis.url)
    app = create_app(config)
    assert app.config["RATELIMIT_STORAGE_URI"] == redis.url
    import redis as redis_client

    app.test_client().post("/api/annotate", json=ANNOTATE)
    assert redis_client.Redis.from_url(redis.url).keys("LIMITS:*")


def test_with_redis_down_limits_fall_back_to_each_worker(
    config: dict[str, Any], redis: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    """Fail open, logged: the site keeps taking suggestions, counted per worker meanwhile."""
    app = create_app(
        {**config, "RATELIMIT_STORAGE_URI": redis.url, "RATE_LIMIT_POST": "3 per minute"}
    )
    client = app.test_client()
    assert client.post("/api/annotate", json=ANNOTATE).status_code == 200
    redis.stop()
    with caplog.at_level(logging.WARNING):
        statuses = [client.post("/api/annotate", json=ANNOTATE).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]  # in-memory fallback: the limit still holds
    assert any("storage" in r.getMessage().lower() for r in caplog.records), caplog.text


def _config(terms: Path, db: Path, suggestions: Path, **more: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "GLOSSARY_TERMS": str(terms),
        "GLOSSARY_DB": str(db),
        "SUGGESTIONS_DB": str(suggestions),
        "SECRET_KEY": "test",
        **more,
    }
