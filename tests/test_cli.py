"""The `glossary` command line, used as a translator would."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import click
import pytest

from glossary.cli import cli
from glossary.fields import CONCEPT_FIELDS, json_keys
from glossary.launcher import parse_lookup
from tests.conftest import heavy_modules_imported


def run_glossary(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_every_command_has_a_one_line_help(runner) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(cli, click.Group)
    assert len(cli.commands) >= 8
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), f"{name} has no help"
        assert len(command.help.strip().splitlines()[0]) <= 80
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help.strip().splitlines()[0] in result.output


def test_lookup_prints_an_aligned_listing(bundled_db: Path) -> None:
    result = run_glossary("--db", str(bundled_db), "lookup", "循环", "--limit", "5")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("双循环") for line in lines)
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    from glossary.render import width

    second_column = [width(re.match(r"\S+\s+", line).group()) for line in lines if line[0] != " "]
    assert len(second_column) >= 2
    assert len(set(second_column)) == 1  # the Chinese column is padded to one width


def test_lookup_warns_about_a_deprecated_rendering(bundled_db: Path) -> None:
    result = run_glossary("--db", str(bundled_db), "lookup", "double circulation")
    assert result.returncode == 0
    assert "'double circulation' is deprecated; preferred: 'dual circulation'" in result.stdout


def test_lookup_of_a_misspelt_term_says_how_it_matched(bundled_db: Path) -> None:
    result = run_glossary("--db", str(bundled_db), "lookup", "shaung xunhuan", "--limit", "1")
    assert result.returncode == 0
    assert result.stdout.split() == [
        "双循环", "shuāng", "xúnhuán", "dual", "circulation", "economy", "spelling:pinyin", "(typo)"
    ]  # fmt: skip
    result = run_glossary("--db", str(bundled_db), "lookup", "dualcirculation", "--json")
    (entry, *_) = json.loads(result.stdout)
    assert (entry["id"], entry["match"]["kind"]) == ("dual-circulation", "spelling")
    assert entry["match"]["reason"] == "spacing"


def test_lookup_exits_1_when_nothing_is_found(bundled_db: Path) -> None:
    result = run_glossary("--db", str(bundled_db), "lookup", "qqqzzzxxx")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "nothing found for 'qqqzzzxxx'" in result.stderr


def test_lookup_json_is_the_entry_shape_with_layer_and_match(bundled_db: Path) -> None:
    result = run_glossary("--db", str(bundled_db), "lookup", "卡脖子", "--json", "--limit", "1")
    (entry,) = json.loads(result.stdout)
    assert list(entry) == [*json_keys(CONCEPT_FIELDS), "zh", "en", "context", "layer", "match"]
    assert entry["id"] == "chokehold"
    assert entry["match"]["kind"] == "exact"
    assert {"term", "type", "tw", "hk", "pinyin", "pinyin_numbered", "zhuyin"} <= set(
        entry["zh"][0]
    )
    assert {"term", "status", "usage", "source", "note"} <= set(entry["en"][0])
    assert {"text", "lang", "source"} == set(entry["context"][0])


def test_colour_on_a_terminal_unless_no_color(
    bundled_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from glossary.render import result_lines, wants_color

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert wants_color(Terminal())  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_color(Terminal())  # type: ignore[arg-type]
    from glossary.query import Glossary

    with Glossary(bundled_db) as glossary:
        results = glossary.lookup("卡脖子", 1)
    assert "\x1b[1m" in result_lines(results, color=True)[0]
    assert "\x1b[" not in result_lines(results, color=False)[0]


def test_the_fast_path_and_click_print_the_same(bundled_db: Path, runner) -> None:  # type: ignore[no-untyped-def]
    fast = run_glossary("--db", str(bundled_db), "lookup", "shuangxunhuan", "--limit", "3")
    slow = runner.invoke(cli, ["--db", str(bundled_db), "lookup", "shuangxunhuan", "--limit", "3"])
    assert fast.stdout == slow.output
    assert fast.returncode == slow.exit_code == 0


@pytest.mark.parametrize(
    ("argv", "parsed"),
    [
        (["lookup", "双循环"], (None, None, "双循环", False, 10)),
        (
            ["--db", "x.db", "lookup", "--json", "ydyl", "--limit=3"],
            (None, "x.db", "ydyl", True, 3),
        ),
        (["--terms=t", "lookup", "--", "-x"], ("t", None, "-x", False, 10)),
        (["lookup", "--help"], None),
        (["lookup", "a", "b"], None),
        (["lookup", "a", "--limit", "0"], None),
        (["show", "x"], None),
        (["--verbose", "lookup", "x"], None),
    ],
)
def test_the_fast_path_parses_only_plain_lookups(argv: list[str], parsed: object) -> None:
    assert parse_lookup(argv) == parsed


def test_a_lookup_imports_neither_pypinyin_nor_opencc_nor_flask(bundled_db: Path) -> None:
    assert heavy_modules_imported("--db", str(bundled_db), "lookup", "双循环") == []


def test_show_prints_the_whole_entry(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("show", "dual-circulation")
    assert result.exit_code == 0
    for expected in (
        "双循环",
        "雙循環",
        "shuāng xúnhuán",
        "preferred",
        "deprecated",
        "double circulation",
    ):
        assert expected in result.output
    as_json = json.loads(invoke("show", "dual-circulation", "--json").output)
    assert as_json["id"] == "dual-circulation"


def test_show_an_unknown_id_exits_1(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("show", "no-such-thing")
    assert result.exit_code == 1
    assert "no entry with id 'no-such-thing'" in result.output


def test_show_a_chinese_term_points_to_lookup_and_the_nearest_ids(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("show", "双循环")
    assert result.exit_code == 1
    assert "glossary lookup 双循环" in result.output
    assert "nearest ids: dual-circulation" in result.output
    misspelt = invoke("show", "dual-circulaton")
    assert misspelt.exit_code == 1
    assert "nearest ids: dual-circulation" in misspelt.output
    assert "lookup" not in misspelt.output  # it looks like an id: no need to explain ids


def test_an_unknown_tag_suggests_the_tags_spelt_alike(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("export", "--tag", "finanse", "-o", str(tmp_path / "x.json"))
    assert result.exit_code == 2
    assert "unknown tag 'finanse' (did you mean 'finance'?): one of 13th-five-year-plan" in (
        result.output
    )
    assert not (tmp_path / "x.json").exists()


def test_stats_counts_by_domain_and_status(invoke) -> None:  # type: ignore[no-untyped-def]
    figures = json.loads(invoke("stats", "--json").output)
    assert figures["concepts"] >= 40
    assert sum(figures["by_domain"].values()) == figures["concepts"]
    assert set(figures["by_status"]) <= {"preferred", "admitted", "deprecated", "superseded"}
    assert 0 < figures["with_cited_context"] <= 1
    text = invoke("stats").output
    assert "by domain:" in text and "hand-checked pinyin" in text


def test_export_json_holds_every_entry(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "all.json"
    result = invoke("export", "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    figures = json.loads(invoke("stats", "--json").output)
    assert len(document["entries"]) == figures["concepts"]
    assert "chan-2022" in document["sources"]
    to_stdout = invoke("export", "--format", "json", "-o", "-")
    assert json.loads(to_stdout.output)["entries"] == document["entries"]


def test_export_refuses_an_unknown_format(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("export", "--format", "doc")
    assert result.exit_code == 2
    assert "unknown format 'doc'" in result.output


def test_new_scaffolds_a_valid_term_file(runner, mini_terms: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "db.sqlite"
    result = runner.invoke(
        cli,
        ["--terms", str(mini_terms), "--db", str(db), "new", "新质生产力", "new quality productive forces",
         "--domain", "economy", "--definition", "Productivity driven by innovation."],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = mini_terms / "economy" / "new-quality-productive-forces.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["zh"][0] == {
        "term": "新质生产力",
        "type": "fullForm",
        "pinyin": "xīn zhì shēng chǎn lì",
        "tw": "新質生產力",
        "hk": "新質生產力",
    }
    assert (
        runner.invoke(cli, ["--terms", str(mini_terms), "--db", str(db), "validate"]).exit_code == 0
    )
    again = runner.invoke(
        cli,
        ["--terms", str(mini_terms), "--db", str(db), "new", "新质生产力", "other", "--domain", "economy",
         "--definition", "x"],
    )  # fmt: skip
    assert again.exit_code == 2
    assert "already belongs to 'new-quality-productive-forces'" in again.output


def test_new_without_a_terminal_asks_for_the_definition_option(
    mini_terms: Path, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "glossary", "--terms", str(mini_terms), "--db", str(tmp_path / "db"),
         "new", "新质生产力", "new quality productive forces", "--domain", "economy"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 2
    assert "error: missing option --definition" in result.stderr
    assert "Aborted" not in result.stderr
    assert not (mini_terms / "economy" / "new-quality-productive-forces.toml").exists()


def test_import_help_names_every_format_it_reads(runner) -> None:  # type: ignore[no-untyped-def]
    from glossary import formats

    summary = runner.invoke(cli, ["import", "--help"]).output.split("Options:")[0]
    named = {"tbx2": "TBX", "omegat": "OmegaT"}
    for name in formats.importers():
        assert named.get(name, name.upper()) in summary, name


def test_fmt_rewrites_and_check_reports(runner, mini_terms: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = mini_terms / "technology" / "chokehold.toml"
    canonical = path.read_text(encoding="utf-8")
    path.write_text(
        canonical.replace('domains = ["technology"]', 'domains = [ "technology" ]'),
        encoding="utf-8",
    )
    args = ["--terms", str(mini_terms), "--db", str(tmp_path / "db")]
    check = runner.invoke(cli, [*args, "fmt", "--check"])
    assert check.exit_code == 1
    assert f"would reformat {path}" in check.output
    assert runner.invoke(cli, [*args, "fmt"]).exit_code == 0
    assert path.read_text(encoding="utf-8") == canonical
    assert runner.invoke(cli, [*args, "fmt", "--check"]).exit_code == 0


def test_the_bundled_term_files_are_canonical(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["fmt", "--check"])
    assert result.exit_code == 0, result.output


def test_environment_variables_choose_terms_and_database(mini_terms: Path, tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = run_glossary(
        "lookup", "卡脖子", env={"GLOSSARY_TERMS": str(mini_terms), "GLOSSARY_DB": str(db)}
    )
    assert result.returncode == 0, result.stderr
    assert db.exists()


def test_a_database_named_alone_keeps_the_terms_it_was_built_from(mini_db: Path) -> None:
    before = mini_db.read_bytes()
    result = run_glossary("--db", str(mini_db), "lookup", "卡脖子")
    assert result.returncode == 0, result.stderr
    assert "chokehold" in result.stdout
    assert mini_db.read_bytes() == before  # not rebuilt from the bundled terms
    assert run_glossary("--db", str(mini_db), "lookup", "一带一路").returncode == 1


def test_lookup_answers_everyday_words_from_the_general_layer(bundled_db: Path) -> None:
    result = run_glossary("--db", str(bundled_db), "lookup", "电脑", "--limit", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["电脑", "diànnǎo", "computer", "(general)", "exact:zh"]
