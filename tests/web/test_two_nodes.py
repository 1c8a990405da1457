"""Two `glossary serve` nodes (real gunicorn) on one PostgreSQL and one Redis, as behind a balancer."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from glossary.build import build_database
from glossary.suggestions import SuggestionStore
from tests.servers import Redis, free_port
from tests.web.test_serve import send_suggestion

LIMIT = 12
SUGGESTIONS = 10


@pytest.fixture
def nodes(
    mini_terms: Path, tmp_path: Path, pg_url: str, redis: Redis
) -> Iterator[tuple[list[str], str]]:
    """Two nodes, each with its own copy of one database, two workers each; their base URLs."""
    build_database(mini_terms, tmp_path / "built.db", cedict=False)
    env = {
        **os.environ,
        "GLOSSARY_SUGGESTIONS": pg_url,
        "GLOSSARY_RATE_LIMIT_STORAGE": redis.url,
        "GLOSSARY_RATE_LIMIT": f"{LIMIT} per minute",
        "GLOSSARY_SECRET_KEY": "one secret for every node",
    }
    servers, logs, bases = [], [], []
    for node in ("a", "b"):
        db = tmp_path / node / "glossary.db"
        db.parent.mkdir()
        shutil.copy(tmp_path / "built.db", db)
        port = free_port()
        command = [sys.executable, "-m", "glossary", "--terms", str(mini_terms), "--db", str(db)]
        command += ["serve", "--port", str(port), "--workers", "2", "--threads", "2"]
        log = (tmp_path / f"{node}.log").open("w")
        logs.append(log)
        servers.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for server, base, node in zip(servers, bases, "ab", strict=True):
            _wait(server, base, tmp_path / f"{node}.log")
        yield bases, pg_url
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
        for log in logs:
            log.close()


def _wait(server: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(log.read_text()) from None
            time.sleep(0.2)


def annotate(base: str) -> int:
    """POST /api/annotate once; the status."""
    request = urllib.request.Request(
        base + "/api/annotate",
        data=json.dumps({"text": "双循环"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def get_json(url: str) -> tuple[dict[str, object], str]:
    """A JSON answer and its ETag."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response), str(response.headers["ETag"])


def test_two_nodes_share_suggestions_limits_and_the_build(
    nodes: tuple[list[str], str],
) -> None:
    bases, pg_url = nodes
    health = [get_json(base + "/healthz")[0] for base in bases]
    assert health[0]["build"] == health[1]["build"] and health[0]["concepts"] == 3
    etags = {get_json(base + "/api/search?q=shuangxunhuan")[1] for base in bases}
    assert etags == {f'"{health[0]["build"]}"'}  # a CDN sees one answer, whichever node

    with ThreadPoolExecutor(max_workers=4) as pool:  # the form from one node, sent to the other
        statuses = list(
            pool.map(
                lambda n: send_suggestion(bases[n % 2], n, send_to=bases[(n + 1) % 2]),
                range(SUGGESTIONS),
            )
        )
    assert statuses == [200] * SUGGESTIONS
    with SuggestionStore(pg_url) as store:
        stored = store.all()
    assert sorted(s.note for s in stored) == sorted(
        f"suggestion number {n}" for n in range(SUGGESTIONS)
    )  # every one arrived, once
    assert len({s.id for s in stored}) == SUGGESTIONS

    # One count for both nodes and all four workers: LIMIT answers, then 429 wherever sent.
    answers = [annotate(bases[n % 2]) for n in range(2 * LIMIT)]
    assert answers == [200] * LIMIT + [429] * LIMIT
