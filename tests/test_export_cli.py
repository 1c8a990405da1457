"""`glossary export` with filters, as a translator preparing a CAT-tool glossary would run it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.cli import EXPORT_FILTERS, cli


def exported_ids(runner: CliRunner, mini_terms: Path, *args: str) -> list[str]:
    result = runner.invoke(
        cli,
        ["--terms", str(mini_terms), "--db", str(mini_terms.parent / "g.db"),
         "export", "--format", "json", "-o", "-", *args],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return [entry["id"] for entry in json.loads(result.output)["entries"]]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["chokehold", "dual-circulation", "yangtze-river-delta"]),
        (("--domain", "economy"), ["dual-circulation"]),
        (("--status", "deprecated"), ["chokehold", "dual-circulation"]),
        (("--query", "卡脖子"), ["chokehold"]),
        (("--query", "shuangxunhuan"), ["dual-circulation"]),
        (("--domain", "economy", "--status", "deprecated"), ["dual-circulation"]),
        (("--domain", "regional", "--status", "deprecated"), []),
    ],
)
def test_filters_narrow_the_export(
    runner: CliRunner, mini_terms: Path, args: tuple[str, ...], expected: list[str]
) -> None:
    assert exported_ids(runner, mini_terms, *args) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--domain", "nope"),
            "unknown domain 'nope': one of economy, technology, trade, regional",
        ),
        (("--domain", "economics"), "unknown domain 'economics' (did you mean 'economy'?)"),
        (("--tag", "no-such-tag"), "unknown tag 'no-such-tag': the termbase has no tags"),
        (("--status", "approved"), "unknown status 'approved': one of preferred, admitted"),
    ],
)
def test_an_unknown_filter_exits_2_naming_the_valid_values_and_writes_nothing(
    runner: CliRunner, mini_terms: Path, args: tuple[str, ...], message: str
) -> None:
    out = mini_terms.parent / "glossary.csv"
    result = runner.invoke(
        cli,
        ["--terms", str(mini_terms), "--db", str(mini_terms.parent / "g.db"),
         "export", "--format", "csv", "-o", str(out), *args],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert f"error: {message}" in result.output
    assert not out.exists()


def test_every_unknown_filter_is_named_on_its_own_line(runner: CliRunner, mini_terms: Path) -> None:
    result = runner.invoke(
        cli,
        ["--terms", str(mini_terms), "--db", str(mini_terms.parent / "g.db"),
         "export", "--domain", "nope", "--status", "good", "--tag", "x"],
    )  # fmt: skip
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert [line.split("'")[0] for line in errors] == [
        "error: unknown domain ",
        "error: unknown tag ",
        "error: unknown status ",
    ]


def test_every_filter_is_an_option_of_export() -> None:
    options = {param.name for param in cli.commands["export"].params}
    assert {name for name, _, _ in EXPORT_FILTERS} <= options


def test_export_writes_a_file_in_any_format(runner: CliRunner, mini_terms: Path) -> None:
    out = mini_terms.parent / "glossary.tbx"
    result = runner.invoke(
        cli,
        ["--terms", str(mini_terms), "--db", str(mini_terms.parent / "g.db"),
         "export", "--format", "tbx", "-o", str(out), "--domain", "technology"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "1 concepts" in result.output
    assert "卡脖子" in out.read_text("utf-8") and "双循环" not in out.read_text("utf-8")


def test_from_text_exports_the_terms_a_document_uses(
    runner: CliRunner, mini_terms: Path, tmp_path: Path
) -> None:
    document = tmp_path / "report.txt"
    document.write_text("要解决卡脖子问题，推动國內國際雙\n循環。", encoding="utf-8")
    assert exported_ids(runner, mini_terms, "--from-text", str(document)) == [
        "chokehold",
        "dual-circulation",
    ]
    assert exported_ids(
        runner, mini_terms, "--from-text", str(document), "--domain", "economy"
    ) == ["dual-circulation"]
    missing = runner.invoke(
        cli,
        ["--terms", str(mini_terms), "--db", str(mini_terms.parent / "g.db"), "export",
         "--from-text", str(tmp_path / "none.txt")],
    )  # fmt: skip
    assert missing.exit_code == 2
    assert "none.txt: cannot read" in missing.output
