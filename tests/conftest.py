"""Shared fixtures: a small fixture termbase, the bundled one and the general layer built once
per session, a CLI runner."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.build import build_database
from glossary.cli import cli
from glossary.locations import bundled_terms
from glossary.query import Glossary
from tests import servers

DATA = Path(__file__).parent / "data"
MINI_TERMS = DATA / "mini_terms"
SEEDS = DATA / "seeds"
CORPUS = Path(__file__).parent.parent / "glossary" / "corpus"


HEAVY_MODULES = ("pypinyin", "opencc", "flask", "click", "sqlite_utils")


def heavy_modules_imported(*argv: str) -> list[str]:
    """The heavy modules (build tools, click, Flask) that running `glossary ARGV...` imports."""
    code = (
        "import json, sys, runpy\n"
        f"sys.argv = ['glossary', *{list(argv)!r}]\n"
        "try:\n    runpy.run_module('glossary', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY_MODULES!r})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session", autouse=True)
def _layers_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache of compiled layers for the session (builds of every test, subprocesses too),
    apart from the user's own."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GLOSSARY_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def _no_general_layer_in_automatic_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Automatic builds in tests leave CC-CEDICT out (it costs seconds); the bundled fixture
    builds it explicitly."""
    monkeypatch.setenv("GLOSSARY_CEDICT", "0")


@pytest.fixture
def mini_terms(tmp_path: Path) -> Path:
    """A writable copy of the three-concept fixture termbase."""
    target = tmp_path / "terms"
    shutil.copytree(MINI_TERMS, target)
    return target


@pytest.fixture
def mini_db(mini_terms: Path, tmp_path: Path) -> Path:
    """The fixture termbase, built."""
    db = tmp_path / "mini.db"
    build_database(mini_terms, db, cedict=False)
    return db


@pytest.fixture(scope="session")
def general_terms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session copy of the three-concept fixture termbase (read-only use)."""
    target = tmp_path_factory.mktemp("general") / "terms"
    shutil.copytree(MINI_TERMS, target)
    return target


@pytest.fixture(scope="session")
def general_db(general_terms: Path) -> Path:
    """The fixture termbase over the CC-CEDICT general layer, built once per test session.

    The site tests and `annotate --all-words` share it (read-only): the general layer
    is the slowest part of a build.
    """
    db = general_terms.parent / "glossary.db"
    build_database(general_terms, db, cedict=True)
    return db


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory: pytest.TempPathFactory, general_db: Path) -> Path:
    """The bundled termbase, built once per test session (its general layer from the cache)."""
    db = tmp_path_factory.mktemp("bundled") / "glossary.db"
    build_database(Path(bundled_terms()), db, cedict=True)
    return db


@pytest.fixture(scope="session")
def glossary(bundled_db: Path) -> Iterator[Glossary]:
    """A read-only view of the bundled glossary."""
    with Glossary(bundled_db) as opened:
        yield opened


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner."""
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner, bundled_db: Path):  # type: ignore[no-untyped-def]
    """Run a CLI command against the bundled glossary."""

    def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, ["--db", str(bundled_db), *args], input=input)

    return run


@pytest.fixture(scope="session")
def postgres() -> Iterator[servers.Postgres]:
    """A real PostgreSQL cluster for the session (initdb in a temp folder, a free port)."""
    with servers.postgres_server() as cluster:
        yield cluster


@pytest.fixture
def pg_url(postgres: servers.Postgres) -> str:
    """The URL of a fresh, empty PostgreSQL database."""
    return postgres.new_database()


@pytest.fixture
def redis() -> Iterator[servers.Redis]:
    """A real redis-server on a free port, for one test."""
    with servers.redis_server() as server:
        yield server
