"""Usage over time and concordance: counts equal plain counts of the corpus texts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.corpora import CorpusError, add_folder, bundled_folder, read_manifest
from glossary.query import Glossary
from glossary.usage import Corpus, resolve
from tests.conftest import heavy_modules_imported

CORPUS = bundled_folder()


def plain_count(form: str, year: int) -> int:
    """Count a form in the raw texts of one year, as `str.count` does (the specification)."""
    documents = [d for d in read_manifest(CORPUS) if d.year == year and d.lang == "zh"]
    return sum(d.path.read_text(encoding="utf-8").count(form) for d in documents)


@pytest.fixture(scope="module")
def corpus(glossary: Glossary) -> Corpus:
    return Corpus(glossary.conn)


@pytest.mark.parametrize(
    ("form", "year"),
    [
        ("新发展格局", 2021),
        ("新发展格局", 2022),  # the 20th congress report and the 2022 report together
        ("小康社会", 2002),
        ("共同富裕", 1992),
        ("改革开放", 1988),
        ("双循环", 2025),
        ("发展", 2017),  # two characters: looked up without the trigram index
    ],
)
def test_a_forms_count_in_a_year_equals_a_plain_count(corpus: Corpus, form: str, year: int) -> None:
    assert corpus.form_counts(form).get(year, 0) == plain_count(form, year)
    assert plain_count(form, year) > 0


def test_the_traditional_1954_report_is_counted_through_folding(corpus: Corpus) -> None:
    raw = (CORPUS / "gwr_1954.zh.txt").read_text(encoding="utf-8")
    assert raw.count("社會主義") > 10
    assert corpus.form_counts("社会主义")[1954] == raw.count("社會主義")
    assert corpus.form_counts("社會主義")[1954] == raw.count("社會主義")


def test_concept_usage_counts_each_place_once(glossary: Glossary, corpus: Corpus) -> None:
    concept, forms = resolve(glossary, "双循环")
    assert concept == "dual-circulation"
    record = corpus.usage(forms, query="双循环", concept=concept)
    full, short = record["forms"]["国内国际双循环"], record["forms"]["双循环"]
    # every 双循环 of the corpus sits inside 国内国际双循环: the total counts the place once
    assert sum(short.values()) == sum(full.values()) == record["total"]
    assert record["first"] == min(full) and record["last"] == max(full)
    assert {d["key"] for d in record["documents"]} <= {d.key for d in read_manifest(CORPUS)}


def test_rates_are_per_ten_thousand_characters(corpus: Corpus) -> None:
    record = corpus.usage(["新发展格局"], query="新发展格局", concept=None)
    row = record["years"][2021]
    assert row["rate"] == round(row["count"] * 10_000 / row["chars"], 3)
    assert record["years"][1954]["count"] == 0


def test_the_concordance_returns_every_occurrence_in_time_order(corpus: Corpus) -> None:
    total = sum(
        d.path.read_text(encoding="utf-8").count("新质生产力")
        for d in read_manifest(CORPUS)
        if d.lang == "zh"
    )
    result = corpus.concordance(["新质生产力"], query="新质生产力", limit=1000, width=8)
    assert result["total"] == len(result["lines"]) == total > 0
    years = [line["year"] for line in result["lines"]]
    assert years == sorted(years)
    for line in result["lines"]:
        assert line["match"] == "新质生产力"
        assert len(line["left"]) <= 8 and len(line["right"]) <= 8


def test_concordance_filters_by_year_and_document(corpus: Corpus) -> None:
    everything = corpus.concordance(["高质量发展"], query="q", limit=0)["total"]
    recent = corpus.concordance(["高质量发展"], query="q", limit=0, start=2023)["total"]
    one = corpus.concordance(["高质量发展"], query="q", limit=500, doc="gwr-2024")
    assert 0 < recent < everything
    assert {line["doc"] for line in one["lines"]} == {"gwr-2024"}
    assert one["total"] == plain_count("高质量发展", 2024)


def test_concordance_shows_traditional_text_as_written(corpus: Corpus) -> None:
    lines = corpus.concordance(["社会主义"], query="q", doc="gwr-1954", limit=1)["lines"]
    assert lines[0]["match"] == "社會主義"


def test_collocates_name_the_verbs_that_govern_a_term(glossary: Glossary, corpus: Corpus) -> None:
    words = {row["term"] for row in glossary.general_forms()}
    result = corpus.collocates(["新发展格局"], words)
    left = dict(result["left"])
    assert left.get("构建", 0) >= 5  # 加快构建新发展格局
    assert sum(left.values()) <= corpus.concordance(["新发展格局"], query="q", limit=0)["total"]


def test_odd_queries_never_raise_and_count_truly(corpus: Corpus) -> None:
    texts = [d.path.read_text(encoding="utf-8") for d in read_manifest(CORPUS) if d.lang == "zh"]
    for query in ['"', "AND", "*", 'a"b', "）", "NEAR(", "x" * 200, "双", "：“"]:
        result = corpus.concordance([query], query=query, limit=0)
        assert result["total"] == sum(corpus.fold(text).count(query) for text in texts), query


def test_usage_cli_json_shape(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("usage", "新发展格局", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert set(record) >= {"query", "concept", "forms", "total", "first", "last", "documents"}
    assert record["concept"] == "new-development-pattern"
    assert record["forms"]["新发展格局"]["2021"] == plain_count("新发展格局", 2021)


def test_concordance_cli_text_and_json(invoke) -> None:  # type: ignore[no-untyped-def]
    text = invoke("concordance", "新质生产力", "--limit", "2")
    assert text.exit_code == 0 and "【新质生产力】" in text.output
    data = json.loads(invoke("concordance", "新质生产力", "--json", "--from", "2025").output)
    assert data["total"] == plain_count("新质生产力", 2025)
    assert {"left", "match", "right", "doc", "year", "paragraph"} <= set(data["lines"][0])
    assert invoke("concordance", "x", "--doc", "nope").exit_code == 2


def test_compare_cli_puts_terms_side_by_side(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("compare", "小康社会", "共同富裕", "中国式现代化", "--json")
    data = json.loads(result.output)
    assert [t["query"] for t in data["terms"]] == ["小康社会", "共同富裕", "中国式现代化"]
    modern = data["terms"][2]
    assert modern["first"] >= 2017 and modern["years"]["2022"]["count"] > 0


def test_a_researchers_corpus_is_added_and_searched(tmp_path: Path, mini_terms: Path) -> None:
    from click.testing import CliRunner

    from glossary.cli import cli

    texts = tmp_path / "my-texts"
    texts.mkdir()
    (texts / "a.txt").write_text(
        "第一段：数字丝绸之路。\n第二段：再说数字丝绸之路。\n", encoding="utf-8"
    )
    (texts / "manifest.toml").write_text(
        '[[document]]\nfile = "a.txt"\nkey = "my-2030"\nyear = 2030\ntitle = "Notes"\n',
        encoding="utf-8",
    )
    db = tmp_path / "g.db"
    runner = CliRunner()
    added = runner.invoke(
        cli, ["--terms", str(mini_terms), "--db", str(db), "corpus", "add", str(texts)]
    )
    assert added.exit_code == 0, added.output
    found = runner.invoke(
        cli, ["--terms", str(mini_terms), "--db", str(db), "usage", "数字丝绸之路", "--json"]
    )
    assert json.loads(found.output)["forms"]["数字丝绸之路"] == {"2030": 2}


def test_a_bad_manifest_is_refused_naming_the_field(tmp_path: Path) -> None:
    (tmp_path / "manifest.toml").write_text(
        '[[document]]\nfile = "missing.txt"\nkey = "k"\nyear = 2030\ntitle = "T"\n',
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"document 1: file: missing.txt does not exist"):
        add_folder(tmp_path / "g.db", tmp_path)
    (tmp_path / "manifest.toml").write_text(
        '[[document]]\nfile = "x"\nkey = "k"\nyear = "soon"\ntitle = "T"\n', encoding="utf-8"
    )
    with pytest.raises(CorpusError, match="year"):
        read_manifest(tmp_path)
    assert not (tmp_path / "corpora.toml").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["concordance", "新发展格局", "--limit", "3", "--width", "6"],
        ["concordance", "新质生产力", "--json", "--from=2024", "--doc", "gwr-2025"],
        ["usage", "双循环"],
        ["usage", "共同富裕", "--per", "1m", "--json"],
    ],
)
def test_the_fast_path_and_click_answer_research_commands_alike(
    bundled_db: Path,
    runner,
    args: list[str],  # type: ignore[no-untyped-def]
) -> None:
    from glossary.cli import cli
    from glossary.cli_research_fast import parse

    assert parse(["--db", str(bundled_db), *args]) is not None
    fast = subprocess.run(
        [sys.executable, "-m", "glossary", "--db", str(bundled_db), *args],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    slow = runner.invoke(cli, ["--db", str(bundled_db), *args])
    assert fast.returncode == slow.exit_code == 0, fast.stderr
    assert fast.stdout == slow.output


@pytest.mark.parametrize(
    "args",
    [
        ["concordance", "x", "--collocates"],
        ["concordance", "--help"],
        ["concordance", "x", "--limit", "-1"],
        ["usage", "a", "b"],
        ["lookup", "x"],
        ["--verbose", "usage", "x"],
    ],
)
def test_the_research_fast_path_leaves_the_unusual_to_click(args: list[str]) -> None:
    from glossary.cli_research_fast import parse

    assert parse(args) is None


def test_a_concordance_imports_neither_click_nor_the_build(bundled_db: Path) -> None:
    assert heavy_modules_imported("--db", str(bundled_db), "concordance", "新发展格局") == []


@pytest.mark.parametrize(
    "args", [["concordance", "发展", "--limit", "10000"], ["concordance", "发展", "--limit=9000"]]
)
def test_output_into_a_closed_pipe_ends_quietly(bundled_db: Path, args: list[str]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "glossary", "--db", str(bundled_db), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in errors and "BrokenPipe" not in errors
