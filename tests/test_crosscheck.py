"""`glossary validate` cross-checks curated pinyin and glosses against CC-CEDICT."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.crosscheck import cedict_readings, content_words, crosscheck
from glossary.termfiles import load_termbase


@pytest.fixture(scope="module")
def readings():  # type: ignore[no-untyped-def]
    return cedict_readings()


def test_the_fixture_termbase_agrees_with_cc_cedict(mini_terms: Path, readings) -> None:  # type: ignore[no-untyped-def]
    assert crosscheck(load_termbase(mini_terms), readings) == []


def test_a_polyphone_read_wrongly_is_flagged(mini_terms: Path, readings) -> None:  # type: ignore[no-untyped-def]
    path = mini_terms / "regional" / "yangtze-river-delta.toml"
    # fits the characters (长 can be zhǎng), so only the dictionary can catch it
    path.write_text(
        path.read_text(encoding="utf-8").replace("Cháng Sānjiǎo", "Zhǎng Sānjiǎo"), encoding="utf-8"
    )
    (warning,) = crosscheck(load_termbase(mini_terms), readings)
    assert str(warning) == (
        f"{path}:8: zh[0].pinyin: 'Zhǎng Sānjiǎo' differs from CC-CEDICT 'Cháng Sānjiǎo'"
    )


def test_a_rendering_unrelated_to_the_dictionary_gloss_is_listed(
    mini_terms: Path, readings
) -> None:  # type: ignore[no-untyped-def]
    path = mini_terms / "technology" / "chokehold.toml"
    text = path.read_text(encoding="utf-8")
    text = (
        text.replace('term = "chokehold"', 'term = "umbrella policy"')
        .replace('"neck-strangling"', '"rain cover"')
        .replace('"stranglehold"', '"sunshade"')
    )
    path.write_text(text, encoding="utf-8")
    (warning,) = crosscheck(load_termbase(mini_terms), readings)
    assert "renderings share no word with CC-CEDICT's gloss of 卡脖子" in str(warning)


def test_content_words_ignore_function_words_and_plurals() -> None:
    assert content_words("The Belt and Road Initiatives") == {"belt", "road", "initiative"}


def test_validate_prints_the_warnings_and_still_succeeds(
    runner, mini_terms: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from glossary.cli import cli

    path = mini_terms / "regional" / "yangtze-river-delta.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Cháng Sānjiǎo", "Zhǎng Sānjiǎo"), encoding="utf-8"
    )
    result = runner.invoke(
        cli, ["--terms", str(mini_terms), "--db", str(tmp_path / "db"), "validate"]
    )
    assert result.exit_code == 0
    assert "warning:" in result.output and "differs from CC-CEDICT" in result.output
    assert "1 CC-CEDICT cross-check warning(s) to review" in result.output
    quiet = runner.invoke(
        cli, ["--terms", str(mini_terms), "--db", str(tmp_path / "db"), "validate", "--no-cedict"]
    )
    assert "CC-CEDICT" not in quiet.output
