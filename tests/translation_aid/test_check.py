"""`glossary check`: a translation checked against the glossary, segment by segment."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from glossary.check import (
    DEPRECATED,
    MISSING,
    Checker,
    IgnoreRule,
    Segment,
    issue_line,
    read_ignore_file,
    read_tmx,
    read_xliff,
)
from glossary.query import Glossary
from glossary.textio import InputError

SOURCE = """\
构建以国内大循环为主体、国内国际双循环相互促进的新发展格局。
攻克卡脖子难题。
双循环不是封闭的内循环。
推进一带一路建设。
今天天气很好。
"""
GOOD = """\
Foster a new development pattern with the dual-circulation strategy at its core.
Overcome the chokehold problems.
Dual Circulations are not a closed domestic cycle.
Advance the Belt and Road Initiative.
The weather is fine today.
"""
BAD = """\
Foster a new development pattern with double circulation at its core.
Overcome the bottleneck problems.
Dual circulation is not a closed internal circulation.
Advance the Belt and Road strategy.
The weather is fine today.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def segments(source: str, target: str) -> list[Segment]:
    lines = zip(source.splitlines(), target.splitlines(), strict=True)
    return [Segment(number, zh, en) for number, (zh, en) in enumerate(lines, 1)]


def test_a_faithful_translation_is_clean(aid_glossary: Glossary) -> None:
    report = Checker(aid_glossary).check(segments(SOURCE, GOOD))
    assert report.issues == []
    assert report.segments == 5
    assert report.terms == 5  # 双循环 twice, 卡脖子, 内循环, 一带一路


def test_missing_and_deprecated_renderings_are_reported(aid_glossary: Glossary) -> None:
    report = Checker(aid_glossary).check(segments(SOURCE, BAD))
    found = [(i.segment, i.kind, i.term, i.concept, i.found) for i in report.issues]
    assert found == [
        (1, DEPRECATED, "国内国际双循环", "dual-circulation", "double circulation"),
        (2, MISSING, "卡脖子", "chokehold", ""),
        (3, DEPRECATED, "内循环", "domestic-circulation", "internal circulation"),
        (4, DEPRECATED, "一带一路", "belt-and-road-initiative", "Belt and Road strategy"),
    ]
    deprecated = report.issues[0]
    assert deprecated.expected == ("dual circulation",)
    assert deprecated.note == "Literal calque."
    missing = report.issues[1]
    assert missing.expected == ("chokehold", "stranglehold")
    assert (missing.start, missing.end) == (2, 5)


def test_a_term_in_traditional_source_is_checked_too(aid_glossary: Glossary) -> None:
    report = Checker(aid_glossary).check(
        [Segment(1, "構建國內國際雙循環", "build double circulation")]
    )
    assert [(i.kind, i.term) for i in report.issues] == [(DEPRECATED, "國內國際雙循環")]


def test_untranslated_segments_are_counted_not_reported(aid_glossary: Glossary) -> None:
    report = Checker(aid_glossary).check([Segment(1, "双循环", ""), Segment(2, "天气", "")])
    assert report.issues == []
    assert report.untranslated == [1]


def test_ignore_rules_accept_known_exceptions(aid_glossary: Glossary) -> None:
    checker = Checker(aid_glossary)
    rules = [IgnoreRule("chokehold", 2, MISSING), IgnoreRule("domestic-circulation")]
    report = checker.check(segments(SOURCE, BAD), rules)
    assert [i.concept for i in report.issues] == ["dual-circulation", "belt-and-road-initiative"]
    assert report.ignored == 2
    elsewhere = checker.check(segments(SOURCE, BAD), [IgnoreRule("chokehold", 7)])
    assert "chokehold" in [i.concept for i in elsewhere.issues]


def test_the_ignore_file_format(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "accepted.txt",
        "# exceptions agreed with the client\n"
        "dual-circulation\n"
        "chokehold 12        # the client's house style\n"
        "chokehold * missing\n"
        "\n"
        "belt-and-road-initiative 3 DEPRECATED\n",
    )
    assert read_ignore_file(path) == [
        IgnoreRule("dual-circulation"),
        IgnoreRule("chokehold", 12),
        IgnoreRule("chokehold", None, MISSING),
        IgnoreRule("belt-and-road-initiative", 3, DEPRECATED),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("chokehold twelve", "'twelve' is neither a segment number nor '*'"),
        ("chokehold 12 WRONG", "'WRONG' is not one of MISSING, DEPRECATED, NONSTANDARD, OMISSION"),
        ("chokehold 12 MISSING extra", "expected CONCEPT-ID [SEGMENT|*] [MISSING|DEPRECATED]"),
    ],
)
def test_a_malformed_ignore_rule_names_its_line(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path, "accepted.txt", f"# header\n{line}\n")
    with pytest.raises(InputError) as error:
        read_ignore_file(path)
    assert str(error.value) == f"{path}:2: {message}"


# -- TMX and XLIFF -------------------------------------------------------------------------

TMX = """\
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" datatype="plaintext" segtype="sentence"
          adminlang="en" srclang="zh-CN" o-tmf="none"/>
  <body>
    <tu tuid="t1">
      <tuv xml:lang="zh-CN"><seg>构建国内国际双循环</seg></tuv>
      <tuv xml:lang="en-US"><seg>build double circulation</seg></tuv>
    </tu>
    <tu tuid="t2">
      <tuv xml:lang="en-GB"><seg>the chokehold &amp; its cure</seg></tuv>
      <tuv xml:lang="zh-Hans"><seg>卡脖子</seg></tuv>
    </tu>
    <tu tuid="t3">
      <tuv xml:lang="zh-TW"><seg>一帶一路</seg></tuv>
      <tuv xml:lang="en"><seg>One Belt, One Road</seg></tuv>
    </tu>
  </body>
</tmx>
"""

XLIFF_12 = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="report.docx" source-language="zh-CN" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="p1"><source>构建国内国际双循环</source><target>build dual circulation</target></trans-unit>
      <trans-unit id="p2"><source>攻克卡脖子难题</source><target>overcome bottlenecks</target></trans-unit>
      <trans-unit id="p3"><source>推进一带一路建设</source></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF_20 = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en">
  <file id="f1">
    <unit id="u1"><segment><source>构建国内国际双循环</source><target>double circulation</target></segment></unit>
    <unit id="u2"><segment><source>卡脖子</source><target>chokehold</target></segment></unit>
  </file>
</xliff>
"""


def test_tmx_units_pair_the_chinese_and_english_variants(tmp_path: Path) -> None:
    units = read_tmx(write(tmp_path, "memory.tmx", TMX))
    assert units == [
        Segment(1, "构建国内国际双循环", "build double circulation", "t1"),
        Segment(2, "卡脖子", "the chokehold & its cure", "t2"),
        Segment(3, "一帶一路", "One Belt, One Road", "t3"),
    ]


def test_a_tmx_file_is_checked(aid_glossary: Glossary, tmp_path: Path) -> None:
    report = Checker(aid_glossary).check(read_tmx(write(tmp_path, "memory.tmx", TMX)))
    assert [(i.segment, i.unit_id, i.kind, i.found_status) for i in report.issues] == [
        (1, "t1", DEPRECATED, "deprecated"),
        (3, "t3", DEPRECATED, "superseded"),
    ]


def test_xliff_12_and_20_files_are_read(tmp_path: Path) -> None:
    old = read_xliff(write(tmp_path, "report.xlf", XLIFF_12))
    assert [(s.number, s.unit_id, s.target) for s in old] == [
        (1, "p1", "build dual circulation"),
        (2, "p2", "overcome bottlenecks"),
        (3, "p3", ""),
    ]
    new = read_xliff(write(tmp_path, "report2.xlf", XLIFF_20))
    assert [(s.unit_id, s.source, s.target) for s in new] == [
        ("u1", "构建国内国际双循环", "double circulation"),
        ("u2", "卡脖子", "chokehold"),
    ]


def test_an_xliff_file_is_checked(aid_glossary: Glossary, tmp_path: Path) -> None:
    report = Checker(aid_glossary).check(read_xliff(write(tmp_path, "report.xlf", XLIFF_12)))
    assert [(i.segment, i.kind, i.concept) for i in report.issues] == [(2, MISSING, "chokehold")]
    assert report.untranslated == [3]


def test_an_english_to_chinese_xliff_is_refused(tmp_path: Path) -> None:
    reverse = XLIFF_12.replace('source-language="zh-CN" target-language="en"',
                               'source-language="en" target-language="zh-CN"')  # fmt: skip
    with pytest.raises(InputError, match=r"report.xlf: the source language is en, not Chinese"):
        read_xliff(write(tmp_path, "report.xlf", reverse))


def test_a_chinese_to_french_file_is_refused(tmp_path: Path) -> None:
    french = XLIFF_12.replace('target-language="en"', 'target-language="fr"')
    with pytest.raises(InputError, match=r"report.xlf: the target language is fr, not English"):
        read_xliff(write(tmp_path, "report.xlf", french))
    memory = TMX.replace('xml:lang="en-US"', 'xml:lang="fr"').replace(
        'xml:lang="en-GB"', 'xml:lang="fr"'
    )
    memory = memory.replace('xml:lang="en"', 'xml:lang="fr"')
    with pytest.raises(InputError, match=r"memory.tmx: no translation unit has an English variant"):
        read_tmx(write(tmp_path, "memory.tmx", memory))


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "TOP SECRET")
    hostile = TMX.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>',
    ).replace("build double circulation", "build &x;")
    try:
        units = read_tmx(write(tmp_path, "hostile.tmx", hostile))
    except InputError:
        return  # refusing the file is fine too
    assert all("TOP SECRET" not in unit.target for unit in units)


def test_an_entity_expansion_bomb_is_refused(tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    )
    bomb = TMX.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx [{entities}]>',
    ).replace("build double circulation", "&a9;")
    with pytest.raises(InputError, match="not a readable TMX file"):
        read_tmx(write(tmp_path, "bomb.tmx", bomb))


# -- the command -------------------------------------------------------------------------


def test_check_exits_0_when_clean(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source, target = write(tmp_path, "zh.txt", SOURCE), write(tmp_path, "en.txt", GOOD)
    result = run("check", "--source", str(source), "--target", str(target))
    assert result.exit_code == 0, result.output
    assert result.output == "0 issue(s) in 0 of 5 segments; 5 glossary terms checked\n"


def test_check_reports_issues_and_exits_1(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source, target = write(tmp_path, "zh.txt", SOURCE), write(tmp_path, "en.txt", BAD)
    result = run("check", "--source", str(source), "--target", str(target))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "segment 1: DEPRECATED 国内国际双循环 [dual-circulation]: found 'double circulation' "
        "(deprecated); use 'dual circulation' — Literal calque."
    )
    assert (
        lines[1]
        == "segment 2: MISSING 卡脖子 [chokehold]: expected 'chokehold' or 'stranglehold'; found none"
    )
    assert lines[-1] == "4 issue(s) in 4 of 5 segments; 5 glossary terms checked"


def test_check_json_for_tools(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source, target = write(tmp_path, "zh.txt", SOURCE), write(tmp_path, "en.txt", BAD)
    ignore = write(tmp_path, "ignore.txt", "chokehold 2\n")
    result = run("check", "--source", str(source), "--target", str(target), "--ignore",
                 str(ignore), "--format", "json")  # fmt: skip
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ignored"] == 1
    assert [issue["kind"] for issue in report["issues"]] == [DEPRECATED] * 3
    assert report["issues"][2] == {
        "segment": 4,
        "unit_id": "",
        "kind": "DEPRECATED",
        "concept": "belt-and-road-initiative",
        "term": "一带一路",
        "start": 2,
        "end": 6,
        "expected": ["Belt and Road Initiative", "Belt and Road"],
        "found": "Belt and Road strategy",
        "found_status": "deprecated",
        "note": "Official English avoids 'strategy'.",
        "replaced_in": None,
        "reason": "'Belt and Road strategy' is deprecated: Official English avoids 'strategy'.",
        "inside": "",
    }


def test_check_reads_tmx_and_xliff(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tmx = run("check", "--tmx", str(write(tmp_path, "m.tmx", TMX)))
    assert tmx.exit_code == 1
    assert "segment 1 (t1): DEPRECATED" in tmx.output
    xliff = run("check", "--xliff", str(write(tmp_path, "m.xlf", XLIFF_20)))
    assert xliff.exit_code == 1
    assert "segment 1 (u1): DEPRECATED" in xliff.output
    old_xliff = run("check", "--xliff", str(write(tmp_path, "m12.xlf", XLIFF_12)))
    assert old_xliff.output.splitlines()[0] == (
        "segment 2 (p2): MISSING 卡脖子 [chokehold]: expected 'chokehold' or 'stranglehold'; found none"
    )


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"zh.txt": SOURCE, "en.txt": GOOD + "One line too many.\n"},
         "en.txt: 6 lines, but {zh.txt} has 5: the files are not line-aligned"),
        ({"zh.txt": "", "en.txt": GOOD}, "zh.txt: empty file"),
        ({"zh.txt": SOURCE, "en.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
         "en.txt: binary file (NUL bytes), expected UTF-8 text"),
        ({"zh.txt": SOURCE.encode("gb18030"), "en.txt": GOOD}, "zh.txt: not UTF-8 text"),
    ],
)  # fmt: skip
def test_bad_plain_text_input_exits_2(
    run, tmp_path: Path, files: dict[str, str | bytes], message: str
) -> None:  # type: ignore[no-untyped-def]
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (tmp_path / name).write_bytes(data)
    result = run(
        "check", "--source", str(tmp_path / "zh.txt"), "--target", str(tmp_path / "en.txt")
    )
    assert result.exit_code == 2
    assert message.replace("{zh.txt}", str(tmp_path / "zh.txt")) in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("option", "content", "message"),
    [
        ("--tmx", "<tmx><body><tu>", "not a readable TMX file"),
        ("--tmx", '<?xml version="1.0"?><other/>', "not a readable TMX file"),
        ("--tmx", TMX.replace("<tu tuid", "<tux tuid").replace("</tu>", "</tux>"), "no translation units"),
        ("--tmx", "", "empty file"),
        ("--xliff", "plain text, not XML", "not a readable XLIFF file"),
        ("--xliff", b"\x00\x01\x02", "binary file"),
    ],
)  # fmt: skip
def test_bad_tmx_and_xliff_exit_2(
    run, tmp_path: Path, option: str, content: str | bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "input.xml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    result = run("check", option, str(path))
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {path}: {message}")
    assert len(result.output.strip().splitlines()) == 1


def test_check_needs_exactly_one_kind_of_input(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tmx = str(write(tmp_path, "m.tmx", TMX))
    assert run("check").exit_code == 2
    assert run("check", "--tmx", tmx, "--xliff", tmx).exit_code == 2
    assert run("check", "--source", tmx).exit_code == 2
    both_stdin = run("check", "--source", "-", "--target", "-", input="双循环\n")
    assert both_stdin.exit_code == 2
    assert "only one of --source and --target can be - (stdin)" in both_stdin.output


def test_an_unknown_concept_in_the_ignore_file_is_a_warning(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source, target = write(tmp_path, "zh.txt", SOURCE), write(tmp_path, "en.txt", GOOD)
    ignore = write(tmp_path, "ignore.txt", "no-such-concept\n")
    result = run("check", "--source", str(source), "--target", str(target), "--ignore", str(ignore))
    assert result.exit_code == 0
    assert f"warning: {ignore}: no concept 'no-such-concept'" in result.output


# -- issue 13: nested terms, inflection, loose matches, collisions, near misses, omissions


def test_inflection_folds_but_derivation_does_not() -> None:
    from glossary.english import fold

    assert fold("innovations") == fold("innovation") != fold("innovative")
    assert fold("policies") == fold("policy")
    assert fold("China's") == fold("china")
    assert fold("planned") == fold("plan")
    assert fold("deepening") == fold("deepen")
    assert fold("circulating") != fold("circulation")


def test_loose_matches_accept_inserted_words_and_coordination() -> None:
    from glossary.english import TargetWords, tokenize

    words = TargetWords("Facing global changes and a pandemic both unseen in a century, we act.")
    assert words.loose_match(tokenize("changes unseen in a century")) is not None
    words = TargetWords(
        "the 37th standing committee session of the 13th National People's Congress"
    )
    phrase = tokenize("Standing Committee of the National People's Congress")
    assert words.loose_match(phrase) is not None
    words = TargetWords("Standing firm. The committee met the National People's Congress.")
    assert words.loose_match(phrase) is None  # not across a sentence break


def test_a_nested_deprecated_rendering_is_reported(aid_glossary: Glossary) -> None:
    report = Checker(aid_glossary).check(
        [
            Segment(
                1,
                "构建国内国际双循环和内循环",
                "We build double circulation and internal circulation.",
            )
        ]
    )
    kinds = {(issue.concept, issue.kind) for issue in report.issues}
    assert ("dual-circulation", "DEPRECATED") in kinds
    assert ("domestic-circulation", "DEPRECATED") in kinds
    assert all(issue.reason for issue in report.issues)


NEW_PATTERN = """\
id = "new-development-pattern"
domains = ["economy"]
definition = "A development pattern with the domestic market as the mainstay."

[[zh]]
term = "新发展格局"
type = "fullForm"

[[en]]
term = "new development pattern"
status = "preferred"

[[en]]
term = "new development paradigm"
status = "admitted"
"""


def test_a_near_miss_is_named_as_nonstandard(aid_terms: Path, tmp_path: Path) -> None:
    from glossary.build import build_database

    (aid_terms / "economy" / "new-development-pattern.toml").write_text(NEW_PATTERN, "utf-8")
    build_database(aid_terms, tmp_path / "g.db", cedict=False)
    with Glossary(tmp_path / "g.db") as glossary:
        checker = Checker(glossary)
        clean = checker.check([Segment(1, "新发展格局", "a new pattern of development")])
        report = checker.check([Segment(1, "构建新发展格局", "We build a new development model.")])
    assert clean.issues == []  # inserted words, another order
    assert [(i.kind, i.found) for i in report.issues] == [("NONSTANDARD", "new development model")]
    assert "found 'new development model', expected 'new development pattern'" in issue_line(
        report.issues[0]
    )


def test_an_omission_is_one_issue(aid_glossary: Glossary) -> None:
    source = "我们要发展内循环、外循环和一带一路，这是一个很长很长很长很长很长很长的句子，说明了很多很多的事情。"
    report = Checker(aid_glossary).check([Segment(1, source, "We act.")])
    assert [issue.kind for issue in report.issues] == ["OMISSION"]
    assert report.as_dict()["issues"][0]["kind"] == "OMISSION"


def test_a_collision_is_decided_by_exact_wording(aid_terms: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from glossary.build import build_database
    from glossary.cli import cli

    path = aid_terms / "economy" / "domestic-circulation.toml"
    text = (
        path.read_text("utf-8")
        + '\n[[en]]\nterm = "domestic circulations"\nstatus = "deprecated"\n'
    )
    path.write_text(text, "utf-8")
    build_database(aid_terms, tmp_path / "g.db", cedict=False)
    with Glossary(tmp_path / "g.db") as glossary:
        checker = Checker(glossary)
        bad = checker.check([Segment(1, "内循环", "the domestic circulations")])
        good = checker.check([Segment(1, "内循环", "the domestic circulation")])
    assert [issue.kind for issue in bad.issues] == ["DEPRECATED"]
    assert good.issues == []
    result = CliRunner().invoke(cli, ["--terms", str(aid_terms), "validate", "--no-cedict"])
    assert (
        "deprecated 'domestic circulations' and preferred 'domestic circulation'" in result.output
    )


def test_a_word_for_word_calque_is_named(general_db: Path) -> None:
    with Glossary(general_db) as glossary:
        report = Checker(glossary).check(
            [Segment(1, "构建双循环", "We build the two circulations.")]
        )
    assert [(i.kind, i.found) for i in report.issues] == [("NONSTANDARD", "two circulations")]


SUPERCOMPUTING = """\
id = "supercomputing"
domains = ["technology"]
definition = "High-performance computing."

[[zh]]
term = "超级计算"
type = "fullForm"

[[en]]
term = "supercomputing"
status = "preferred"
"""

MINISTRY = """\
id = "ministry-of-human-resources-and-social-security"
domains = ["economy"]
definition = "The State Council ministry for employment, wages and social insurance."

[[zh]]
term = "人力资源和社会保障部"
type = "fullForm"

[[en]]
term = "Ministry of Human Resources and Social Security"
status = "preferred"
"""


@pytest.fixture
def edges_db(aid_terms: Path, tmp_path: Path) -> Path:
    """The extended fixture termbase with two terms that occur inside longer words, over
    the CC-CEDICT layer."""
    from glossary.build import build_database

    (aid_terms / "technology" / "supercomputing.toml").write_text(SUPERCOMPUTING, "utf-8")
    ministry = aid_terms / "economy" / "ministry-of-human-resources-and-social-security.toml"
    ministry.write_text(MINISTRY, "utf-8")
    db = tmp_path / "edges.db"
    build_database(aid_terms, db, cedict=True)  # the CC-CEDICT layer from the layers cache
    return db


def test_a_term_inside_a_longer_word_is_not_checked(edges_db: Path) -> None:
    with Glossary(edges_db) as glossary:
        report = Checker(glossary).check(
            [
                Segment(1, "建设超级计算机。", "We will build supercomputers."),
                Segment(2, "人力资源和社会保障部门可以约谈。", "The departments may meet."),
                Segment(3, "发展超级计算。", "We will develop computers."),
                Segment(4, "人力资源和社会保障部发布。", "The ministry issued it."),
            ]
        )
    assert [(i.segment, i.kind, i.term) for i in report.issues] == [
        (3, MISSING, "超级计算"),
        (4, MISSING, "人力资源和社会保障部"),
    ]


def test_word_edges_follow_the_general_layer(edges_db: Path, aid_db: Path) -> None:
    from glossary.boundaries import WordEdges

    with Glossary(edges_db) as glossary:
        edges = WordEdges(glossary)
        assert edges.cut_word("超级计算机", 0, 4) == "超级计算机"  # the term's word + 机
        assert edges.cut_word("保障部门可以", 0, 3) == "部门"  # its last word 部 + 门
        assert edges.cut_word("一九五七年", 1, 3) == "五七"  # 九五 (a plan) in a year
        # the next character starts a word of its own: 大胜 is not taken in 大胜利
        assert edges.cut_word("二十大胜利召开", 0, 3) == ""
        # a postposition: 发展中 "developing" is not taken in 在高质量发展中
        assert edges.cut_word("高质量发展中促进", 0, 5) == ""
        # a longer word that adds a whole word is no cut: 经济 + 发展
        assert edges.cut_word("实体经济发展", 0, 4) == ""
        assert edges.cut_word("超级计算", 0, 4) == ""  # nothing after the match
    with Glossary(aid_db) as glossary:  # no general layer: no word boundaries known
        assert WordEdges(glossary).cut_word("超级计算机", 0, 4) == ""


def test_loose_windows_count_content_words() -> None:
    from glossary.english import TargetWords, tokenize

    phrase = tokenize("strength in space")
    words = TargetWords("to boost its strength in science and technology, as well as in space")
    assert words.loose_match(phrase) is not None  # coordination: function words cost nothing
    words = TargetWords(
        "strength grew in farming, fishing, mining, steel, textiles, shipping, banking and space"
    )
    assert words.loose_match(phrase) is None  # too many words between


def test_a_sentence_left_untranslated_is_one_omission(aid_glossary: Glossary) -> None:
    source = "我们坚持双循环。推进一带一路建设，发展内循环。"
    english = "We will firmly uphold the dual circulation pattern in all our work this year."
    checker = Checker(aid_glossary)
    report = checker.check([Segment(1, source, english)])
    assert [(i.kind, i.term) for i in report.issues] == [("OMISSION", "一带一路、内循环")]
    assert "sentence 2" in report.issues[0].reason
    # both sentences translated, the terms left out: one MISSING each
    report = checker.check([Segment(1, source, english + " We act on the rest.")])
    assert [i.kind for i in report.issues] == [MISSING, MISSING]


GENERAL_SECRETARY = """\
id = "general-secretary"
domains = ["economy"]
tags = ["title-of-office"]
definition = "The Party's top leadership post."

[[zh]]
term = "总书记"
type = "shortForm"
pinyin = "zǒngshūjì"
tw = "總書記"
hk = "總書記"

[[en]]
term = "General Secretary"
status = "preferred"

[[en]]
term = "Party Chief"
status = "deprecated"
note = "Press shorthand."
"""

WELLBEING = """\
id = "peoples-wellbeing"
domains = ["economy"]
definition = "The living conditions of the people."

[[zh]]
term = "民生"
type = "fullForm"
pinyin = "mínshēng"
tw = "民生"
hk = "民生"

[[en]]
term = "people's wellbeing"
status = "preferred"

[[en]]
term = "people's lives"
status = "admitted"
"""


@pytest.fixture
def titles_glossary(aid_terms: Path, tmp_path: Path) -> Iterator[Glossary]:
    """The extended fixture termbase with a title of office and a "people's ..." concept."""
    from glossary.build import build_database

    (aid_terms / "economy" / "general-secretary.toml").write_text(GENERAL_SECRETARY, "utf-8")
    (aid_terms / "economy" / "peoples-wellbeing.toml").write_text(WELLBEING, "utf-8")
    db = tmp_path / "titles.db"
    build_database(aid_terms, db, cedict=False)
    with Glossary(db) as glossary:
        yield glossary


def test_a_title_after_a_name_may_be_left_to_the_name(titles_glossary: Glossary) -> None:
    report = Checker(titles_glossary).check(
        [
            Segment(
                1, "代表了对阮富仲总书记的友好感情。", "It represents friendship toward Trong."
            ),
            Segment(2, "总书记强调要坚持党的领导。", "He stressed the Party's leadership."),
            Segment(3, "阮富仲总书记会见了客人。", "Party Chief Trong met the guests."),
        ]
    )
    # after a name the title is not required; alone it is; a deprecated one is always reported
    assert [(i.segment, i.kind) for i in report.issues] == [(2, MISSING), (3, DEPRECATED)]


def test_another_possessor_stands_for_peoples(titles_glossary: Glossary) -> None:
    checker = Checker(titles_glossary)
    report = checker.check(
        [
            Segment(1, "靠发展改善妇女民生。", "Development will improve their lives."),
            Segment(2, "改善农民民生。", "We will improve farmers' wellbeing."),
            Segment(3, "改善农民民生。", "We will improve farmer's wellbeing."),
            Segment(4, "保障和改善民生。", "We will ensure and improve lives."),
            Segment(5, "保障和改善民生。", "Their work improves. Lives matter."),
        ]
    )
    # a bare "lives" is not enough, nor a possessor in another sentence
    assert [(i.segment, i.kind) for i in report.issues] == [(4, MISSING), (5, MISSING)]
