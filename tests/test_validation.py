"""The loader checks every term file and reports every problem as path:line: field: message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from glossary.build import validate
from glossary.termfiles import TermbaseError, load_termbase


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(terms: Path) -> list[str]:
    with pytest.raises(TermbaseError) as caught:
        validate(terms)
    return [str(p) for p in caught.value.problems]


def test_the_fixture_termbase_is_valid(mini_terms: Path) -> None:
    termbase = validate(mini_terms)
    assert set(termbase.concepts) == {"dual-circulation", "chokehold", "yangtze-river-delta"}
    assert "chan-2022" in termbase.sources


def test_a_bad_status_names_file_line_and_field(mini_terms: Path) -> None:
    path = mini_terms / "economy" / "dual-circulation.toml"
    edit(path, 'status = "deprecated"', 'status = "depreciated"')
    line = path.read_text(encoding="utf-8").splitlines().index('status = "depreciated"') + 1
    assert problems_of(mini_terms) == [
        f"{path}:{line}: en[1].status: 'depreciated' is not one of "
        "preferred, admitted, deprecated, superseded"
    ]


def test_every_problem_is_reported_at_once(mini_terms: Path) -> None:
    economy = mini_terms / "economy" / "dual-circulation.toml"
    chokehold = mini_terms / "technology" / "chokehold.toml"
    edit(economy, 'type = "fullForm"', 'type = "longForm"')
    delta = mini_terms / "regional" / "yangtze-river-delta.toml"
    edit(
        delta, 'domains = ["regional"]\n', 'domains = ["regional"]\nrelated = ["no-such-concept"]\n'
    )
    edit(chokehold, 'source = "chan-2022"\n\n[[en]]', 'source = "nobody-2099"\n\n[[en]]')
    edit(chokehold, 'id = "chokehold"', 'id = "choke-hold"')
    found = "\n".join(problems_of(mini_terms))
    assert f"{chokehold}:17: en[0].source: unknown source 'nobody-2099'" in found
    assert "zh[1].type: 'longForm' is not one of fullForm" in found
    assert f"{chokehold}:1: id: 'choke-hold' must equal the file name 'chokehold'" in found
    assert f"{delta}:3: related: unknown concept id 'no-such-concept'" in found


def test_unknown_sources_and_related_ids_are_caught(mini_terms: Path) -> None:
    chokehold = mini_terms / "technology" / "chokehold.toml"
    edit(chokehold, 'source = "chan-2022"\n\n[[en]]', 'source = "nobody-2099"\n\n[[en]]')
    edit(chokehold, 'related = ["dual-circulation"]', 'related = ["dual-circulaton"]')
    found = problems_of(mini_terms)
    assert any(p.endswith("en[0].source: unknown source 'nobody-2099'") for p in found)
    assert any(p.endswith("related: unknown concept id 'dual-circulaton'") for p in found)


def test_pinyin_must_fit_the_characters(mini_terms: Path) -> None:
    path = mini_terms / "regional" / "yangtze-river-delta.toml"
    edit(path, 'pinyin = "Cháng Sānjiǎo"', 'pinyin = "Zhàng Sānjiǎo"')
    (problem,) = problems_of(mini_terms)
    assert problem.startswith(f"{path}:8: zh[0].pinyin: 'Zhàng Sānjiǎo' does not fit")
    assert "readings zhǎng, cháng" in problem


def test_pinyin_needs_one_syllable_per_character(mini_terms: Path) -> None:
    path = mini_terms / "regional" / "yangtze-river-delta.toml"
    edit(path, 'pinyin = "Cháng Sānjiǎo"', 'pinyin = "Cháng Sānjiǎo Jiāng"')
    (problem,) = problems_of(mini_terms)
    assert "more syllables than the 3 characters" in problem


def test_pinyin_without_tone_marks_is_refused(mini_terms: Path) -> None:
    path = mini_terms / "regional" / "yangtze-river-delta.toml"
    edit(path, 'pinyin = "Cháng Sānjiǎo"', 'pinyin = "Chang Sanjiao"')
    (problem,) = problems_of(mini_terms)
    assert "has no tone marks" in problem


def test_a_chinese_form_belongs_to_one_concept(mini_terms: Path) -> None:
    path = mini_terms / "technology" / "chokehold.toml"
    edit(path, 'term = "卡脖子"', 'term = "双循环"')
    edit(path, 'pinyin = "qiǎ bózi"', 'pinyin = "shuāng xúnhuán"')
    found = problems_of(mini_terms)
    assert any("zh[0].term: '双循环' already belongs to concept" in p for p in found)


def test_a_toml_syntax_error_gives_its_line(mini_terms: Path) -> None:
    path = mini_terms / "technology" / "chokehold.toml"
    edit(path, 'type = "phrase"', 'type = "phrase')
    (problem,) = problems_of(mini_terms)
    assert problem.startswith(f"{path}:8: invalid TOML")


def test_unknown_fields_and_missing_required_ones(mini_terms: Path) -> None:
    path = mini_terms / "technology" / "chokehold.toml"
    edit(path, 'status = "preferred"', 'staus = "preferred"')
    edit(
        path,
        'definition = "Dependence on foreign core technologies that a rival can cut off."\n',
        "",
    )
    found = problems_of(mini_terms)
    assert any(
        p.endswith(
            "en[0].staus: unknown field (allowed: term, status, usage, source, note, evidence, "
            "replaced_in)"
        )
        for p in found
    )
    assert any(p.endswith("en[0].status: is required") for p in found)
    assert any(p.endswith(":1: definition: is required") for p in found)


def test_the_first_domain_is_the_folder(mini_terms: Path) -> None:
    path = mini_terms / "technology" / "chokehold.toml"
    edit(path, 'domains = ["technology"]', 'domains = ["economy"]')
    (problem,) = problems_of(mini_terms)
    assert problem == f"{path}:2: domains: first domain 'economy' must be the folder 'technology'"


def test_not_utf8_is_a_clear_error(mini_terms: Path) -> None:
    path = mini_terms / "technology" / "chokehold.toml"
    path.write_bytes(path.read_bytes() + b'\nnote = "\xff"\n')
    (problem,) = problems_of(mini_terms)
    assert problem.endswith("is not valid UTF-8")


def test_load_without_pinyin_checks_is_pure_python(mini_terms: Path) -> None:
    termbase = load_termbase(mini_terms)
    assert termbase.concepts["chokehold"].preferred is not None
    assert termbase.concepts["chokehold"].preferred.term == "chokehold"


def test_validate_command_exits_2_with_no_traceback(mini_terms: Path, tmp_path: Path) -> None:
    path = mini_terms / "economy" / "dual-circulation.toml"
    edit(path, 'status = "deprecated"', 'status = "wrong"')
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "glossary",
            "--terms",
            str(mini_terms),
            "--db",
            str(tmp_path / "x.db"),
            "validate",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{path}:" in result.stderr and "en[1].status: 'wrong'" in result.stderr
    assert not (tmp_path / "x.db").exists()
