"""Issue 11 #9: every serving thread sees a rebuilt database, and a broken one never hurts."""

from __future__ import annotations

import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import Flask

from glossary.build import build_database
from tests.conftest import MINI_TERMS
from web import create_app

THREADS = 8
NEW_TERM = """id = "new-quality-productive-forces"
domains = ["economy"]
definition = "Productive forces driven by innovation."

[[zh]]
term = "新质生产力"
type = "fullForm"

[[en]]
term = "new quality productive forces"
status = "preferred"
"""


def site(terms: Path, db: Path, tmp_path: Path) -> Flask:
    """The site over `db`, built by hand (no build on start)."""
    return create_app({"TESTING": True, "GLOSSARY_TERMS": str(terms), "GLOSSARY_DB": str(db),
                       "SUGGESTIONS_DB": str(tmp_path / "s.db"), "SECRET_KEY": "t",
                       "BUILD_ON_START": False, "RATELIMIT_ENABLED": False})  # fmt: skip


class Workers:
    """A fixed pool of threads, each with its own test client (as gunicorn's gthread has)."""

    def __init__(self, app: Flask):
        self.app = app
        self.pool = ThreadPoolExecutor(THREADS)
        self.barrier = threading.Barrier(THREADS)

    def each(self, path: str) -> list[tuple[int, str]]:
        """Every thread of the pool asks for `path` once (all at the same time)."""

        def ask() -> tuple[int, str]:
            self.barrier.wait(timeout=30)
            answer = self.app.test_client().get(path)
            return answer.status_code, answer.get_data(as_text=True)

        return list(self.pool.map(lambda _: ask(), range(THREADS)))


def deleted_handles(db: Path) -> int:
    """How many of this process's open files are the deleted `db`."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        count += target == f"{db} (deleted)"
    return count


def test_a_rebuilt_database_is_seen_by_every_thread(tmp_path: Path) -> None:
    terms = tmp_path / "terms"
    shutil.copytree(MINI_TERMS, terms)
    db = tmp_path / "glossary.db"
    build_database(terms, db, cedict=False)
    workers = Workers(site(terms, db, tmp_path))
    assert {s for s, _ in workers.each("/api/search?q=双循环")} == {200}
    assert {s for s, _ in workers.each("/api/search?q=新质生产力")} == {200}

    (terms / "economy" / "new-quality-productive-forces.toml").write_text(NEW_TERM, "utf-8")
    build_database(terms, db, cedict=False)
    answers = workers.each("/api/search?q=新质生产力")
    assert all("new quality productive forces" in body for _, body in answers), answers
    assert deleted_handles(db) == 0  # no thread pins the old file

    (tmp_path / "garbage").write_bytes(b"this is not a database\n" * 1000)
    os.replace(tmp_path / "garbage", db)  # a broken copy replaces it
    answers = workers.each("/api/search?q=新质生产力")
    assert {s for s, _ in answers} == {200}, answers
    assert all("new quality productive forces" in body for _, body in answers)
    annotated = workers.app.test_client().post("/api/annotate", json={"text": "发展新质生产力"})
    assert annotated.status_code == 200

    db.unlink()  # deleted while serving
    assert {s for s, _ in workers.each("/api/term/dual-circulation")} == {200}
    assert {s for s, _ in workers.each("/term/dual-circulation")} == {200}

    build_database(terms, db, cedict=False)  # and back
    assert {s for s, _ in workers.each("/api/term/new-quality-productive-forces")} == {200}
    workers.pool.shutdown()


def test_a_site_started_without_a_database_answers_503_then_recovers(tmp_path: Path) -> None:
    terms = tmp_path / "terms"
    shutil.copytree(MINI_TERMS, terms)
    db = tmp_path / "glossary.db"
    db.write_bytes(b"\x00" * 4096)
    client = site(terms, db, tmp_path).test_client()
    for path in ("/api/search?q=双循环", "/term/dual-circulation", "/"):
        assert client.get(path).status_code == 503
    db.unlink()
    assert client.get("/api/search?q=双循环").status_code == 503
    build_database(terms, db, cedict=False)
    assert client.get("/api/search?q=双循环").status_code == 200
