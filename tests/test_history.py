"""Issue 17: source kinds, official attestation and rendering history, the evidence shares and
the review sample."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary import formats
from glossary.build import build_database, validate
from glossary.check import Checker, Segment, issue_line
from glossary.cli import cli
from glossary.evidence import context_has_term, shares
from glossary.formats import ExportContext
from glossary.lint import Linter, finding_line
from glossary.query import Glossary
from glossary.termfiles import TermbaseError
from tests.web.conftest import find
from web import create_app

DUAL = "economy/dual-circulation.toml"
OFFICIAL_SOURCE = """
[xinhua-2021]
title = "A report in English"
publisher = "Xinhua"
date = "2021-03-05"
url = "https://example.org/xinhua-2021"
kind = "official"
lang = "en"
"""
SUPERSEDED = """
[[en]]
term = "double cycle"
status = "superseded"
replaced_in = 2020
evidence = [{ source = "chan-2022", year = 2019 }, { source = "chan-2022", year = 2016 }]
"""


def run(terms: Path, *args: str) -> tuple[int, str, str]:
    """Run the CLI on a terms folder; (exit code, stdout, stderr)."""
    result = CliRunner().invoke(
        cli, ["--terms", str(terms), "--db", str(terms.parent / "g.db"), *args]
    )
    return result.exit_code, result.stdout, result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def dated(mini_terms: Path) -> Path:
    """The fixture termbase with an official English source attesting 'dual circulation' and a
    superseded 'double cycle' replaced in 2020."""
    with (mini_terms / "sources.toml").open("a", encoding="utf-8") as sources:
        sources.write(OFFICIAL_SOURCE)
    path = mini_terms / DUAL
    edit(path, 'source = "chan-2022"\n', 'source = "chan-2022"\nevidence = [{ source = '
         '"xinhua-2021", year = 2021 }, { source = "chan-2022", year = 2022 }]\n')  # fmt: skip
    edit(path, "\n[[context]]", SUPERSEDED + "\n[[context]]")
    return mini_terms


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ('kind = "blog"', "kind", "'blog' is not one of official, press, scholarly"),
        ('url = "ftp://example.org/x"', "url", "must be an http:// or https:// address"),
        ('date = "March 2022"', "date", "must be YYYY, YYYY-MM or YYYY-MM-DD"),
        ('lang = "English"', "lang", "must be language codes joined by commas"),
    ],
)
def test_a_bad_source_field_is_named_with_its_line(
    mini_terms: Path, line: str, field: str, message: str
) -> None:
    path = mini_terms / "sources.toml"
    key = line.split(" = ")[0]
    text = path.read_text(encoding="utf-8")
    if f"\n{key} = " in text.split("[example]")[0]:
        edit(path, next(x for x in text.splitlines() if x.startswith(f"{key} = ")), line)
    else:
        edit(path, 'author = "Thomas Chan"', f'author = "Thomas Chan"\n{line}')
    number = next(
        n for n, x in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if x == line
    )
    with pytest.raises(TermbaseError) as caught:
        validate(mini_terms)
    problems = [str(p) for p in caught.value.problems]
    assert any(
        p.startswith(f"{path}:{number}: chan-2022.{field}: ") and message in p for p in problems
    ), problems


def test_a_source_needs_a_kind(mini_terms: Path) -> None:
    edit(mini_terms / "sources.toml", 'kind = "seed"\n', "")
    with pytest.raises(TermbaseError) as caught:
        validate(mini_terms)
    assert any("chan-2022.kind: is required" in str(p) for p in caught.value.problems)


def test_the_bundled_sources_validate() -> None:
    from glossary.locations import bundled_terms

    termbase = validate(Path(bundled_terms()))
    assert {source.kind for source in termbase.sources.values()} <= {
        "official", "press", "scholarly", "reference", "seed", "user", "example"
    }  # fmt: skip


def test_validate_warns_about_official_usage_without_official_english_evidence(
    mini_terms: Path,
) -> None:
    code, out, err = run(mini_terms, "validate", "--no-cedict")
    assert code == 0, err
    assert (
        "'dual circulation' is tagged official but has no evidence from an official English" in err
    )
    assert f"{mini_terms / DUAL}:" in err
    assert "2 evidence warning(s)" in out  # and 'Yangtze River Delta'


def test_official_english_evidence_silences_the_warning(dated: Path) -> None:
    code, out, err = run(dated, "validate", "--no-cedict")
    assert code == 0, err
    assert "'dual circulation' is tagged official" not in err
    assert "1 evidence warning(s)" in out


def test_a_zh_source_does_not_attest_official_english(dated: Path) -> None:
    edit(dated / "sources.toml", 'kind = "official"\nlang = "en"', 'kind = "official"\nlang = "zh"')
    _, _, err = run(dated, "validate", "--no-cedict")
    assert "'dual circulation' is tagged official but has no evidence" in err


def test_a_superseded_rendering_without_note_evidence_or_year_is_warned(mini_terms: Path) -> None:
    edit(mini_terms / DUAL, "\n[[context]]", '\n[[en]]\nterm = "double cycle"\nstatus = '
         '"superseded"\n\n[[context]]')  # fmt: skip
    _, _, err = run(mini_terms, "validate", "--no-cedict")
    assert "superseded 'double cycle' has no note, evidence or replaced_in" in err
    edit(
        mini_terms / DUAL, 'status = "superseded"\n', 'status = "superseded"\nreplaced_in = 2017\n'
    )
    _, _, err = run(mini_terms, "validate", "--no-cedict")
    assert "double cycle" not in err


def test_replaced_in_belongs_to_superseded_renderings(mini_terms: Path) -> None:
    edit(
        mini_terms / DUAL,
        'note = "Literal calque."',
        'note = "Literal calque."\nreplaced_in = 2017',
    )
    with pytest.raises(TermbaseError) as caught:
        validate(mini_terms)
    assert any(
        "en[1].replaced_in: only a superseded rendering is replaced" in str(p)
        for p in caught.value.problems
    )


def test_the_history_is_in_the_json_tbx_and_csv(dated: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    build_database(dated, db, cedict=False)
    with Glossary(db) as glossary:
        entry = glossary.entry("dual-circulation")
        context = ExportContext(sources=glossary.sources(), domains=glossary.domains())
    assert entry is not None
    preferred, superseded = entry["en"][0], entry["en"][2]
    assert (preferred["first_year"], preferred["last_year"], preferred["replaced_in"]) == (
        2021, 2022, None,
    )  # fmt: skip
    assert (superseded["first_year"], superseded["last_year"], superseded["replaced_in"]) == (
        2016, 2019, 2020,
    )  # fmt: skip
    tbx = formats.get("tbx").dumps([entry], context)
    assert b"<note>Attested: 2016\xe2\x80\x932019</note>" in tbx
    assert b"<note>Replaced in official use: 2020</note>" in tbx
    loaded = formats.get("tbx").loads(tbx, "h.tbx")  # type: ignore[attr-defined]
    assert loaded.entries[0]["en"][2]["replaced_in"] == 2020
    data = formats.get("csv").dumps([entry], context)
    [row] = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert row["en history"] == (
        "dual circulation: attested 2021–2022; double cycle: attested 2016–2019; replaced 2020"
    )


def test_check_and_lint_name_the_year_of_replacement(dated: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    build_database(dated, db, cedict=False)
    with Glossary(db) as glossary:
        report = Checker(glossary).check([Segment(1, "促进双循环", "promote the double cycle")])
        [finding] = Linter(glossary).lint("We promote the double cycle.")
    [issue] = report.issues
    assert "found 'double cycle' (superseded in 2020); use 'dual circulation'" in issue_line(issue)
    assert issue.as_dict()["replaced_in"] == 2020
    assert "is superseded in 2020; use 'dual circulation'" in finding_line("t.txt", finding)


def test_the_entry_page_shows_the_timeline_and_the_evidence(dated: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    build_database(dated, db, cedict=False)
    app = create_app(
        {"TESTING": True, "GLOSSARY_TERMS": str(dated), "GLOSSARY_DB": str(db),
         "SUGGESTIONS_DB": str(tmp_path / "s.db"), "SECRET_KEY": "test"}
    )  # fmt: skip
    page = app.test_client().get("/term/dual-circulation").get_data(as_text=True)
    assert [e.text for e in find(page, "li", class_="timeline-year")] == [
        "2021", "2022", "2016", "2019", "2020 replaced",
    ]  # fmt: skip
    assert find(page, "span", "attested 2016–2019", class_="history-attested")
    assert find(page, "span", "replaced in official use in 2020", class_="history-replaced")
    xinhua = find(page, "span", class_="evidence-source")[0].text_content()
    assert xinhua.startswith("A report in English, Xinhua, 2021-03-05")
    [link] = find(page, "a", class_="evidence-link")
    assert link.get("href") == "https://example.org/xinhua-2021"


def test_stats_show_the_evidence_shares(dated: Path) -> None:
    code, out, _ = run(dated, "stats", "--json")
    assert code == 0
    figures = json.loads(out)
    assert figures["renderings_with_evidence"] == round(2 / 7, 4)
    assert figures["official_usage_attested"] == 0.5  # 'Yangtze River Delta' is not attested
    assert figures["concepts_with_attested_rendering"] == round(1 / 3, 4)
    assert 0 < figures["contexts_containing_their_term"] <= 1
    code, out, _ = run(dated, "stats")
    assert re.search(r"official-tagged renderings attested officially in English +50\.0%", out)


def test_a_concept_without_official_english_says_why(dated: Path) -> None:
    _, out, _ = run(dated, "stats", "--json")
    assert json.loads(out)["unattested_concepts_saying_why"] == 0
    chokehold = dated / "technology" / "chokehold.toml"
    edit(
        chokehold,
        'definition = "Dependence',
        'no_official_english = "Searched for in Xinhua and China Daily pages, 2026: none."\n'
        'definition = "Dependence',
    )
    code, out, _ = run(dated, "stats", "--json")
    assert code == 0
    assert json.loads(out)["unattested_concepts_saying_why"] == 0.5  # of the two unattested
    _, shown, _ = run(dated, "show", "chokehold")
    assert "No official English: Searched for in Xinhua" in shown
    app = create_app(
        {"TESTING": True, "GLOSSARY_TERMS": str(dated), "GLOSSARY_DB": str(dated.parent / "g.db"),
         "SUGGESTIONS_DB": str(dated.parent / "s.db"), "SECRET_KEY": "test"}
    )  # fmt: skip
    page = app.test_client().get("/term/chokehold").get_data(as_text=True)
    [said] = find(page, "p", class_="no-official-english")
    assert "Searched for in Xinhua and China Daily pages" in said.text_content()
    # a concept with an official attestation must not say it has none
    edit(
        dated / DUAL,
        'definition = "Development',
        'no_official_english = "None."\ndefinition = "Development',
    )
    _, out, err = run(dated, "validate", "--no-cedict")
    assert "says there is no official English, but a rendering has an official attestation" in (
        out + err
    )


def test_a_context_without_its_term_lowers_the_share(mini_terms: Path) -> None:
    _, out, _ = run(mini_terms, "stats", "--json")
    before = json.loads(out)["contexts_containing_their_term"]
    edit(mini_terms / DUAL, "Its dual circulation policies", "Its economic policies")
    _, out, _ = run(mini_terms, "stats", "--json")
    assert json.loads(out)["contexts_containing_their_term"] < before


def test_quotation_marks_inside_a_term_do_not_hide_it_in_a_context() -> None:
    entry = {"zh": [{"term": "三北工程"}], "en": []}
    assert context_has_term(entry, {"lang": "zh", "text": "“三北”工程攻坚战全面启动。"})
    assert not context_has_term(entry, {"lang": "zh", "text": "三北地区的工程。"})


def test_chinese_contexts_have_their_own_share() -> None:
    entry = {
        "zh": [{"term": "双循环"}],
        "en": [{"term": "dual circulation", "status": "preferred", "usage": [], "evidence": []}],
        "context": [
            {"lang": "zh", "text": "构建国内国际双循环。"},
            {"lang": "en", "text": "Its economic policies."},
        ],
    }
    figures = shares([entry], {})
    assert figures["contexts_containing_their_term"] == 0.5
    assert figures["chinese_contexts_containing_their_term"] == 1.0


def test_review_prints_a_reproducible_sample_with_a_checklist(dated: Path) -> None:
    code, first, _ = run(dated, "review", "--sample", "2", "--seed", "7")
    assert code == 0
    assert first.startswith("review sample: 2 of 3 entries, seed 7")
    assert first.count("== ") == 2
    assert first.count("[ ] ") == 2 * 7
    assert run(dated, "review", "--sample", "2", "--seed", "7")[1] == first
    seeds = {run(dated, "review", "--sample", "1", "--seed", str(s))[1] for s in range(8)}
    assert len(seeds) > 1  # the seed chooses
    everything = run(dated, "review", "--sample", "5")[1]
    assert everything.count("== ") == 3
    assert "2021: A report in English, Xinhua, 2021-03-05 <https://example.org/xinhua-2021>" in (
        everything
    )
    assert "en: superseded 'double cycle'; attested 2016–2019; replaced 2020" in everything


def test_review_flags_what_the_data_lacks(mini_terms: Path) -> None:
    _, out, _ = run(mini_terms, "review", "--sample", "3")
    assert "! 'dual circulation' is tagged official without official English evidence" in out
