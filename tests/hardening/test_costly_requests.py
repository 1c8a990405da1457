"""Issue 11 #8: annotate and check refuse costly requests early with a 413 naming the limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from web import create_app, limits

SENTENCE = "加快构建以国内大循环为主体、国内国际双循环相互促进的新发展格局，攻克卡脖子难题。"
ENGLISH = "Accelerate the double circulation pattern and overcome chokehold problems. "


@pytest.fixture
def client(bundled_db: Path, tmp_path: Path) -> FlaskClient:
    """The site over the bundled glossary (its real cost), rate limits off."""
    from glossary.locations import bundled_terms

    app = create_app({"TESTING": True, "GLOSSARY_TERMS": bundled_terms(),
                      "GLOSSARY_DB": str(bundled_db), "BUILD_ON_START": False,
                      "SUGGESTIONS_DB": str(tmp_path / "s.db"), "SECRET_KEY": "t",
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})  # fmt: skip
    return app.test_client()


def test_a_3_7_megabyte_check_is_refused_at_once(client: FlaskClient) -> None:
    pairs = [[SENTENCE * 17, ENGLISH * 17]] * 1100  # about 3.7 MB of JSON, under the 4 MiB cap
    started = time.perf_counter()
    answer = client.post("/api/check", json={"pairs": pairs})
    assert answer.status_code == 413
    assert time.perf_counter() - started < 3
    assert "at most 1,000" in answer.get_data(as_text=True)
    one_segment = [[SENTENCE * 1500, ENGLISH * 1500]]
    answer = client.post("/api/check", json={"pairs": one_segment})
    assert answer.status_code == 413
    assert f"at most {limits.MAX_TEXT_CHARS:,}" in answer.get_data(as_text=True)


def test_annotate_caps_the_text(client: FlaskClient) -> None:
    text = SENTENCE * (limits.MAX_TEXT_CHARS // len(SENTENCE) + 1)
    answer = client.post("/api/annotate", json={"text": text})
    assert answer.status_code == 413
    assert "characters (at most" in answer.get_data(as_text=True)
    page = client.post("/annotate", data={"text": text})
    assert page.status_code == 413


def test_the_largest_accepted_requests_stay_cheap(client: FlaskClient) -> None:
    text = SENTENCE * (limits.MAX_TEXT_CHARS // len(SENTENCE) // 4)
    started = time.perf_counter()
    answer = client.post("/api/annotate", json={"text": text})
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    count = len(SENTENCE) // 2
    pairs = [[SENTENCE, ENGLISH]] * (limits.MAX_TEXT_CHARS // (len(SENTENCE) + len(ENGLISH)))
    answer = client.post("/api/check", json={"pairs": pairs[: limits.MAX_SEGMENTS]})
    assert answer.status_code in (200, 413)
    assert time.perf_counter() - started < 20
    assert len(answer.data) < 20 * 1024 * 1024 and count > 0


def test_too_many_matches_is_a_413_not_a_huge_answer(client: FlaskClient) -> None:
    dense = "双循环" * (limits.MAX_MATCHES + 10)
    assert len(dense) <= limits.MAX_TEXT_CHARS
    answer = client.post("/api/annotate", json={"text": dense})
    assert answer.status_code == 413
    assert "more than 5,000 glossary terms" in answer.get_data(as_text=True)


def test_the_openapi_document_states_the_limits(client: FlaskClient) -> None:
    document = client.get("/api/openapi.json").get_json()
    annotate = document["paths"]["/api/annotate"]["post"]
    assert "50,000 characters" in annotate["responses"]["413"]["description"]
    schema = annotate["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["text"]["maxLength"] == limits.MAX_TEXT_CHARS
    check = document["paths"]["/api/check"]["post"]
    pairs = check["requestBody"]["content"]["application/json"]["schema"]["properties"]["pairs"]
    assert pairs["maxItems"] == limits.MAX_SEGMENTS
