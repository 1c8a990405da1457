"""`evidence` on English renderings: where and when a rendering was used (source key, year)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary import formats
from glossary.build import build_database, validate
from glossary.cli import cli
from glossary.formats import ExportContext
from glossary.model import Evidence
from glossary.query import Glossary
from glossary.termfiles import TermbaseError, dumps_concept, load_termbase
from tests.web.conftest import find
from web import create_app

DUAL = "economy/dual-circulation.toml"
EVIDENCE = """source = "chan-2022"
evidence = [
  { source = "chan-2022", year = 2022, note = "p. 3" },
  { source = "example", year = 2020 },
]
"""


@pytest.fixture
def evidenced(mini_terms: Path) -> Path:
    """The fixture termbase with evidence on the preferred rendering of dual-circulation."""
    path = mini_terms / DUAL
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('source = "chan-2022"\n', EVIDENCE, 1), encoding="utf-8")
    return mini_terms


def test_evidence_is_read_and_written_back_canonically(evidenced: Path) -> None:
    termbase = load_termbase(evidenced)
    rendering = termbase.concepts["dual-circulation"].en[0]
    assert rendering.evidence == (Evidence("chan-2022", 2022, "p. 3"), Evidence("example", 2020))
    text = (evidenced / DUAL).read_text(encoding="utf-8")
    assert dumps_concept(termbase.concepts["dual-circulation"]) == text


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ('[{ source = "no-such-source", year = 2020 }]',
         "en[0].evidence[0].source: unknown source 'no-such-source'"),
        ('[{ source = "chan-2022", year = 1948 }]',
         "en[0].evidence[0].year: 1948 is not a year from 1949 to 2100"),
        ('[{ source = "chan-2022", year = 2101 }]',
         "en[0].evidence[0].year: 2101 is not a year from 1949 to 2100"),
        ('[{ source = "chan-2022", year = "2020" }]',
         "en[0].evidence[0].year: must be an integer, not str"),
        ('[{ source = "chan-2022" }]', "en[0].evidence[0].year: is required"),
        ('[{ source = "chan-2022", year = 2020, page = 3 }]',
         "en[0].evidence[0].page: unknown field (allowed: source, year, note)"),
        ('"chan-2022 2020"', "en[0].evidence: must be a list of tables"),
    ],
)  # fmt: skip
def test_bad_evidence_is_refused_with_its_field(
    mini_terms: Path, evidence: str, message: str
) -> None:
    path = mini_terms / DUAL
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('source = "chan-2022"\n', f'source = "chan-2022"\nevidence = {evidence}\n', 1),
        encoding="utf-8",
    )
    with pytest.raises(TermbaseError) as caught:
        validate(mini_terms)
    assert any(message in str(problem) for problem in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]


def test_evidence_is_in_the_entry_json_show_and_the_page(evidenced: Path, tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    build_database(evidenced, db, cedict=False)
    with Glossary(db) as glossary:
        entry = glossary.entry("dual-circulation")
    assert entry is not None
    assert entry["en"][0]["evidence"] == [
        {"source": "chan-2022", "year": 2022, "note": "p. 3"},
        {"source": "example", "year": 2020, "note": None},
    ]
    assert entry["en"][1]["evidence"] == []
    shown = CliRunner().invoke(cli, ["--db", str(db), "show", "dual-circulation"])
    assert "used 2022 in chan-2022 (p. 3)" in shown.output
    assert "used 2020 in example" in shown.output
    as_json = CliRunner().invoke(cli, ["--db", str(db), "show", "dual-circulation", "--json"])
    assert json.loads(as_json.output)["en"][0]["evidence"] == entry["en"][0]["evidence"]
    app = create_app(
        {"TESTING": True, "GLOSSARY_TERMS": str(evidenced), "GLOSSARY_DB": str(db),
         "SUGGESTIONS_DB": str(tmp_path / "s.db"), "SECRET_KEY": "test"}
    )  # fmt: skip
    page = app.test_client().get("/term/dual-circulation").get_data(as_text=True)
    assert [e.text for e in find(page, "span", class_="evidence-year")] == ["2020", "2022"]
    chan = find(page, "span", class_="evidence-source")[1]  # in the order of the years
    assert chan.text_content().startswith("Guangdong Province's tech development")
    assert find(page, "span", "p. 3", class_="evidence-note")


def test_evidence_goes_to_tbx_notes_and_comes_back(evidenced: Path, tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    build_database(evidenced, db, cedict=False)
    with Glossary(db) as glossary:
        entries = glossary.entries()
        context = ExportContext(sources=glossary.sources(), domains=glossary.domains())
    data = formats.get("tbx").dumps(entries, context)
    assert b"<note>evidence: chan-2022 2022: p. 3</note>" in data
    assert b"<note>evidence: example 2020</note>" in data
    loaded = formats.get("tbx").loads(data, "g.tbx")  # type: ignore[attr-defined]
    [dual] = [e for e in loaded.entries if e["id"] == "dual-circulation"]
    assert dual["en"][0]["evidence"] == [
        {"source": "chan-2022", "year": 2022, "note": "p. 3"},
        {"source": "example", "year": 2020, "note": None},
    ]
    assert "note" not in dual["en"][0]  # evidence notes are not the rendering's note


def test_evidence_has_a_csv_column(evidenced: Path, tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    build_database(evidenced, db, cedict=False)
    with Glossary(db) as glossary:
        data = formats.get("csv").dumps(glossary.entries(ids=["dual-circulation"]), ExportContext())
    [row] = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert row["en evidence"] == "dual circulation: chan-2022 2022; dual circulation: example 2020"
