"""Issue 11 #7: 32 slow clients (a header byte every 2 s) do not stop `glossary serve`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from glossary.build import build_database
from tests.hardening.slowloris import attack
from tests.web.test_serve import free_port


@contextmanager
def serving(terms: Path, db: Path, tmp_path: Path, *options: str) -> Iterator[int]:
    """`glossary serve` (2 workers, the given options) until the block ends; yields the port."""
    port = free_port()
    command = [sys.executable, "-m", "glossary", "--terms", str(terms), "--db", str(db),
               "serve", "--port", str(port), "--workers", "2", *options]  # fmt: skip
    log_path = tmp_path / f"serve-{port}.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                  env={**os.environ, "GLOSSARY_CEDICT": "0"})  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/api/search?q=x", timeout=2
                    ):
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(log_path.read_text()) from None
                    time.sleep(0.2)
            yield port
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


def test_slow_clients_hold_thread_workers(mini_terms: Path, tmp_path: Path) -> None:
    """The attack, reproduced: 2 workers x 4 threads are all held by 32 slow clients."""
    db = tmp_path / "glossary.db"
    build_database(mini_terms, db, cedict=False)
    with serving(mini_terms, db, tmp_path, "--threads", "4") as port:
        latencies = attack("127.0.0.1", port, connections=32, seconds=6)
    assert max(latencies) > 2


def test_the_default_server_answers_probes_under_slow_clients(
    mini_terms: Path, tmp_path: Path
) -> None:
    db = tmp_path / "glossary.db"
    build_database(mini_terms, db, cedict=False)
    with serving(mini_terms, db, tmp_path) as port:
        latencies = attack("127.0.0.1", port, connections=32, seconds=10)
    assert len(latencies) >= 10
    assert max(latencies) < 2, latencies
