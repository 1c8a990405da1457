"""Regional vocabulary (issue 17.4): every Chinese term whose Taiwan or Hong Kong word may differ
from its character conversion has a decision in its term file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.build import build_database, validate
from glossary.cli import cli
from glossary.locations import bundled_terms
from glossary.query import Glossary
from glossary.regional import cases
from glossary.termfiles import TermbaseError, load_termbase
from tests.conftest import MINI_TERMS

SOFTWARE = """id = "software"
domains = ["technology"]
definition = "Programs for computers."

[[zh]]
term = "软件"
type = "fullForm"
pinyin = "ruǎnjiàn"

[[en]]
term = "software"
status = "preferred"
"""


def regional(terms: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--terms", str(terms), "regional", *args])
    return result.exit_code, result.output


def test_every_regional_difference_of_the_fixture_termbase_is_decided() -> None:
    found = cases(load_termbase(MINI_TERMS))
    assert [(c.term, c.region, c.phrase) for c in found] == [
        ("双循环", "tw", "雙迴圈"),
        ("国内国际双循环", "tw", "國內國際雙迴圈"),
    ]
    assert [c for c in found if not c.decided] == []


def test_every_regional_difference_of_the_bundled_termbase_is_decided() -> None:
    found = cases(load_termbase(Path(bundled_terms())))
    undecided = [f"{c.concept}: {c.term} ({c.region} {c.phrase})" for c in found if not c.decided]
    assert not undecided, f"{len(undecided)} of {len(found)} undecided:\n" + "\n".join(undecided)
    # the common cases are among them (issue 17: 軟體 for 软件, 雷射 for 激光 ...)
    decided = {(c.term, c.region) for c in found}
    assert {("软件", "tw"), ("互联网", "tw"), ("信息技术", "tw"), ("集成电路", "tw")} <= decided


def test_an_undecided_difference_is_listed_until_the_file_decides(mini_terms: Path) -> None:
    path = mini_terms / "technology" / "software.toml"
    path.write_text(SOFTWARE, encoding="utf-8")
    code, out = regional(mini_terms, "--undecided")
    assert code == 0
    assert f"{path}:6: 软件 [software] Taiwan: characters 軟件, phrase 軟體; UNDECIDED" in out
    assert "双循环" not in out  # decided
    assert out.rstrip().endswith("3 regional difference(s): 2 decided, 1 undecided")
    path.write_text(SOFTWARE.replace('pinyin = "ruǎnjiàn"\n', 'pinyin = "ruǎnjiàn"\ntw_word = "軟體"\n'),
                    encoding="utf-8")  # fmt: skip
    code, out = regional(mini_terms)
    assert "软件 [software] Taiwan: characters 軟件, phrase 軟體; decided: Taiwan word 軟體" in out
    assert out.rstrip().endswith("3 regional difference(s): 3 decided, 0 undecided")
    assert regional(mini_terms, "--undecided")[1].startswith("3 regional difference(s)")


def test_a_regional_word_opencc_does_not_know_is_listed_as_decided(mini_terms: Path) -> None:
    path = mini_terms / "technology" / "laser.toml"
    laser = (
        SOFTWARE.replace("software", "laser").replace("软件", "激光").replace("ruǎnjiàn", "jīguāng")
    )
    path.write_text(laser.replace('"jīguāng"\n', '"jīguāng"\ntw_word = "雷射"\n'), encoding="utf-8")
    code, out = regional(mini_terms, "--json")
    assert code == 0
    [case] = [c for c in json.loads(out) if c["concept"] == "laser"]
    assert (case["region"], case["word"], case["decided"]) == ("tw", "雷射", True)


def test_regional_words_are_checked_searched_and_shown(mini_terms: Path, tmp_path: Path) -> None:
    path = mini_terms / "technology" / "software.toml"
    path.write_text(SOFTWARE.replace('"ruǎnjiàn"\n', '"ruǎnjiàn"\ntw_word = "ruanti"\n'),
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(TermbaseError) as caught:
        validate(mini_terms)
    assert any(
        "zh[0].tw_word: 'ruanti' contains no Chinese" in str(p) for p in caught.value.problems
    )
    path.write_text(SOFTWARE.replace('"ruǎnjiàn"\n', '"ruǎnjiàn"\ntw_word = "軟體"\n'),
                    encoding="utf-8")  # fmt: skip
    db = tmp_path / "r.db"
    build_database(mini_terms, db, cedict=False)
    with Glossary(db) as glossary:
        entry = glossary.entry("software")
        assert entry is not None and entry["zh"][0]["tw_word"] == "軟體"
        assert [(hit.concept, hit.form) for hit in glossary.search("軟體")][:1] == [
            ("software", "軟體")
        ]
    shown = CliRunner().invoke(cli, ["--db", str(db), "show", "software"]).output
    assert "Taiwan word 軟體" in shown
