"""A termbase of one's own: `glossary init`, or an import into a new folder, then the usual
validate, build, lookup and serve."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tomllib
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from glossary.cli import cli
from tests.servers import free_port, wait_for_port


def on(runner: CliRunner, terms: Path, *args: str) -> Result:
    """`glossary --terms TERMS --db TERMS.db ARGS...`"""
    return runner.invoke(cli, ["--terms", str(terms), "--db", f"{terms}.db", *args])


@pytest.fixture
def exported_tbx(invoke, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A TBX file exported from the bundled termbase: the concepts tagged dual-circulation."""
    path = tmp_path / "dual-circulation.tbx"
    result = invoke("export", "--format", "tbx", "--tag", "dual-circulation", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_init_makes_a_termbase_that_validates_and_builds(runner: CliRunner, tmp_path: Path) -> None:
    terms = tmp_path / "my-terms"
    result = runner.invoke(cli, ["init", str(terms)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in terms.iterdir()) == ["README.md", "domains.toml", "sources.toml"]
    assert "terms/README.md" in (terms / "README.md").read_text("utf-8")
    assert tomllib.loads((terms / "domains.toml").read_text("utf-8")) == {}
    validated = on(runner, terms, "validate", "--no-cedict")
    assert validated.exit_code == 0, validated.output
    assert "ok: 0 concepts, 0 sources, 0 domains" in validated.output
    built = on(runner, terms, "build", "--no-cedict")
    assert built.exit_code == 0, built.output
    assert on(runner, terms, "lookup", "双循环").exit_code == 1  # empty, and says so
    new = on(runner, terms, "new", "双循环", "dual circulation", "--domain", "economy",
             "--definition", "A development pattern.")  # fmt: skip
    assert new.exit_code == 2
    assert f"unknown domain 'economy': add it to {terms / 'domains.toml'} first" in new.output
    with (terms / "domains.toml").open("a", encoding="utf-8") as domains:
        domains.write('\n[economy]\nname = "Economy"\n')
    new = on(runner, terms, "new", "双循环", "dual circulation", "--domain", "economy",
             "--definition", "A development pattern.")  # fmt: skip
    assert new.exit_code == 0, new.output
    assert on(runner, terms, "validate", "--no-cedict").exit_code == 0


def test_init_refuses_a_folder_that_holds_anything(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert f"error: {tmp_path} is not empty" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_then_import_build_lookup_and_serve(
    runner: CliRunner, tmp_path: Path, exported_tbx: Path
) -> None:
    terms = tmp_path / "terms"
    assert runner.invoke(cli, ["init", str(terms)]).exit_code == 0
    imported = on(runner, terms, "import", str(exported_tbx))
    assert imported.exit_code == 0, imported.output
    assert "6 concepts read: 6 new" in imported.output
    assert "added domain economy-and-finance (Economy and finance)" in imported.output
    assert (terms / "economy-and-finance" / "dual-circulation.toml").exists()
    assert on(runner, terms, "validate", "--no-cedict").exit_code == 0
    assert on(runner, terms, "build", "--no-cedict").exit_code == 0
    found = on(runner, terms, "lookup", "双循环", "--json")
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)[0]["id"] == "dual-circulation"

    # serve builds its own database from the new termbase, as on a first start
    port = free_port()
    command = [sys.executable, "-m", "glossary", "--terms", str(terms),
               "--db", str(tmp_path / "served.db"), "serve", "--port", str(port),
               "--workers", "1"]  # fmt: skip
    with (tmp_path / "serve.log").open("w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=os.environ)
        try:
            wait_for_port(port, 120)
            query = urllib.parse.quote("双循环")
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q={query}") as answer:
                assert json.load(answer)["results"][0]["id"] == "dual-circulation"
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


@pytest.mark.parametrize("made", [False, True], ids=["missing-folder", "empty-folder"])
def test_import_into_a_new_folder_makes_the_termbase(
    runner: CliRunner, tmp_path: Path, exported_tbx: Path, made: bool
) -> None:
    terms = tmp_path / "new" / "terms"
    if made:
        terms.mkdir(parents=True)
    dry = on(runner, terms, "import", str(exported_tbx), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"would make a new termbase in {terms}" in dry.output
    assert terms.exists() == made and not (made and any(terms.iterdir()))  # nothing written

    result = on(runner, terms, "import", str(exported_tbx))
    assert result.exit_code == 0, result.output
    assert {"README.md", "domains.toml", "sources.toml"} <= {p.name for p in terms.iterdir()}
    sources = tomllib.loads((terms / "sources.toml").read_text("utf-8"))
    evidence = tomllib.loads((terms / "economy-and-finance" / "dual-circulation.toml").read_text())
    cited = {used["source"] for en in evidence["en"] for used in en.get("evidence", [])}
    assert cited and cited <= set(sources)  # the evidence keeps its sources
    validated = on(runner, terms, "validate", "--no-cedict")
    assert validated.exit_code == 0, validated.output


def test_a_new_termbase_takes_the_domain_given_when_the_file_names_none(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "mine.csv"
    source.write_text("zh-CN,en\n双循环,dual circulation\n", encoding="utf-8")
    terms = tmp_path / "terms"
    without = on(runner, terms, "import", str(source))
    assert without.exit_code == 2
    assert "pass --domain" in without.output
    assert not terms.exists()
    result = on(runner, terms, "import", str(source), "--domain", "economy")
    assert result.exit_code == 0, result.output
    assert tomllib.loads((terms / "domains.toml").read_text("utf-8")) == {
        "economy": {"name": "economy"}
    }
    assert (terms / "economy" / "dual-circulation.toml").exists()
    # from now on the termbase has domains: an unknown one is an error, as anywhere
    again = on(runner, terms, "import", str(source), "--domain", "trade")
    assert again.exit_code == 2
    assert "unknown domain 'trade' (one of economy)" in again.output
