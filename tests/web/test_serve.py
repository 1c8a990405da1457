"""`glossary serve`: the site under gunicorn as a user starts it; many suggestions at once."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from glossary.suggestions import SuggestionStore
from tests.web.conftest import TOKEN

SUGGESTIONS = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(mini_terms: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`glossary serve --workers 2` on the fixture termbase (no database yet: serve builds it)."""
    port = free_port()
    suggestions = tmp_path / "suggestions.db"
    command = [sys.executable, "-m", "glossary", "--terms", str(mini_terms)]
    command += ["--db", str(tmp_path / "glossary.db"), "serve", "--port", str(port)]
    command += ["--workers", "2", "--suggestions", str(suggestions)]
    env = {**os.environ, "GLOSSARY_RATE_LIMIT": "100000 per minute"}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / "serve.log").read_text()) from None
                time.sleep(0.2)
        yield base, suggestions
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def test_serve_builds_the_database_and_answers_lookups(served: tuple[str, Path]) -> None:
    base, _ = served
    query = urllib.parse.quote("双循环")
    with urllib.request.urlopen(f"{base}/api/search?q={query}") as response:
        body = json.load(response)
    assert body["results"][0]["id"] == "dual-circulation"
    with urllib.request.urlopen(f"{base}/term/dual-circulation") as response:
        assert "<title>双循环 dual circulation" in response.read().decode()
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def send_suggestion(base: str, number: int, send_to: str | None = None) -> int:
    """A visitor loads the form and sends it (to `send_to` if given), with their own cookie."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(base + "/suggest", timeout=60) as page:
        found = TOKEN.search(page.read().decode())
    assert found
    data = urllib.parse.urlencode(
        {
            "csrf_token": found.group(1),
            "kind": "correction",
            "concept": "dual-circulation",
            "note": f"suggestion number {number}",
            "source": "",
        }
    ).encode()
    with opener.open((send_to or base) + "/suggest", data=data, timeout=60) as response:
        assert re.search(r"received as number \d+", response.read().decode())
        return int(response.status)


def test_hundreds_of_concurrent_suggestions_all_arrive(served: tuple[str, Path]) -> None:
    base, suggestions = served
    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(pool.map(lambda n: send_suggestion(base, n), range(SUGGESTIONS)))
    assert statuses == [200] * SUGGESTIONS
    with SuggestionStore(suggestions) as store:
        notes = {s.note for s in store.all()}
    assert notes == {f"suggestion number {n}" for n in range(SUGGESTIONS)}


def test_ci_runs_the_readme_test_command_last() -> None:
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = (
        "sh tests/install-browser.sh && python3 -m venv .venv && "
        ".venv/bin/pip install -e '.[test]' && .venv/bin/pytest"
    )
    assert f"```sh\n{command}\n```" in readme
    ci = (root / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == command
    installer = (root / "tests" / "install-browser.sh").read_text(encoding="utf-8")
    assert "apt-get install -y -qq $missing" in installer
    for package in ("chromium", "fonts-noto-cjk", "postgresql", "redis-server"):
        assert f'missing="$missing {package}"' in installer
    assert "glossary serve" in readme.split("```sh")[1]  # the first command runs the site


def test_serve_refuses_to_start_on_broken_term_files(mini_terms: Path, tmp_path: Path) -> None:
    path = mini_terms / "technology" / "chokehold.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"preferred"', '"best"'), encoding="utf-8"
    )
    command = [sys.executable, "-m", "glossary", "--terms", str(mini_terms), "--db",
               str(tmp_path / "glossary.db"), "serve", "--port", str(free_port())]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"{path}:" in result.stderr and "'best' is not one of" in result.stderr
    assert "Open http" not in result.stderr
    assert not (tmp_path / "glossary.db").exists()
