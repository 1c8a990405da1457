"""Fixtures for annotate, check, lint and extract: the fixture termbase plus a few concepts.

The bundled termbase changes while it is curated, so these tests build their own: the
three concepts of tests/data/mini_terms and the ones below, written as a curator would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from glossary.build import build_database
from glossary.cli import cli
from glossary.query import Glossary

EXTRA_CONCEPTS = {
    "economy/domestic-circulation.toml": """\
id = "domestic-circulation"
domains = ["economy"]
definition = "The domestic side of the dual circulation pattern: production, distribution and consumption inside China."

[[zh]]
term = "内循环"
type = "shortForm"
pinyin = "nèi xúnhuán"
tw = "內循環"
hk = "內循環"

[[en]]
term = "domestic circulation"
status = "preferred"

[[en]]
term = "domestic cycle"
status = "admitted"

[[en]]
term = "internal circulation"
status = "deprecated"
note = "Not the official wording."
""",
    "economy/international-circulation.toml": """\
id = "international-circulation"
domains = ["economy"]
definition = "The external side of the dual circulation pattern: trade and investment with the rest of the world."

[[zh]]
term = "外循环"
type = "shortForm"
pinyin = "wài xúnhuán"
tw = "外循環"
hk = "外循環"

[[en]]
term = "international circulation"
status = "preferred"

[[en]]
term = "international cycle"
status = "admitted"
""",
    "economy/belt-and-road-initiative.toml": """\
id = "belt-and-road-initiative"
domains = ["economy"]
definition = "China's programme of infrastructure and trade links across Eurasia and beyond, launched in 2013."

[[zh]]
term = "一带一路"
type = "shortForm"
pinyin = "yī dài yī lù"
tw = "一帶一路"
hk = "一帶一路"

[[en]]
term = "Belt and Road Initiative"
status = "preferred"

[[en]]
term = "Belt and Road"
status = "admitted"

[[en]]
term = "One Belt, One Road"
status = "superseded"
note = "The official English until 2015."

[[en]]
term = "Belt and Road strategy"
status = "deprecated"
note = "Official English avoids 'strategy'."
""",
    "technology/5g-network.toml": """\
id = "5g-network"
domains = ["technology"]
definition = "Fifth-generation mobile network."

[[zh]]
term = "5G网络"
type = "fullForm"
pinyin = "5G wǎngluò"
tw = "5G網路"
hk = "5G網絡"

[[en]]
term = "5G network"
status = "preferred"
""",
}


@pytest.fixture
def aid_terms(mini_terms: Path) -> Path:
    """The fixture termbase with the concepts above added."""
    for name, text in EXTRA_CONCEPTS.items():
        (mini_terms / name).write_text(text, encoding="utf-8")
    return mini_terms


@pytest.fixture
def aid_db(aid_terms: Path, tmp_path: Path) -> Path:
    """The extended fixture termbase, built."""
    db = tmp_path / "aid.db"
    build_database(aid_terms, db, cedict=False)
    return db


@pytest.fixture
def aid_glossary(aid_db: Path) -> Iterator[Glossary]:
    """A read-only view of the extended fixture termbase."""
    with Glossary(aid_db) as opened:
        yield opened


@pytest.fixture
def run(aid_terms: Path, aid_db: Path):  # type: ignore[no-untyped-def]
    """Run a CLI command against the extended fixture termbase."""

    def invoke(*args: str, input: str | bytes | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(
            cli, ["--terms", str(aid_terms), "--db", str(aid_db), *args], input=input
        )

    return invoke
