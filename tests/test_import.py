"""`glossary import`: other people's glossaries into term files, safely and atomically."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from glossary.cli import cli
from glossary.locations import bundled_terms

TBX_DATA = Path(__file__).parent / "data" / "tbx"
ASTRONOMY = TBX_DATA / "sample_basic_DCA_astronomy_VALID.tbx"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder and its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def run(runner: CliRunner, terms: Path, *args: str) -> Result:
    return runner.invoke(cli, ["--terms", str(terms), "--db", str(terms.parent / "g.db"), *args])


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def empty_terms(tmp_path: Path) -> Path:
    """A termbase with the fixture's domains and sources and no concepts."""
    terms = tmp_path / "fresh" / "terms"
    terms.mkdir(parents=True)
    for name in ("domains.toml", "sources.toml"):
        shutil.copy(Path(__file__).parent / "data" / "mini_terms" / name, terms / name)
    return terms


# -- the official sample --------------------------------------------------------------


def test_the_tbx_basic_sample_imports_every_concept_as_a_draft(
    runner: CliRunner, mini_terms: Path
) -> None:
    """The sample is English, Spanish and Zulu: no concept can be a term file without Chinese,
    so each one becomes a draft beside terms/, complete with what the termbase can hold."""
    before = snapshot(mini_terms)
    result = run(runner, mini_terms, "import", str(ASTRONOMY), "--domain", "technology")
    assert result.exit_code == 0, result.output
    assert "45 concepts read: 0 new, 0 updated, 0 unchanged, 45 drafts" in result.output
    assert snapshot(mini_terms) == before  # nothing without Chinese enters the termbase

    drafts = mini_terms.parent / "drafts"
    files = sorted((drafts / "technology").glob("*.toml"))
    assert len(files) == 45
    open_cluster = (drafts / "technology" / "open-cluster.toml").read_text(encoding="utf-8")
    assert "it has no Chinese term" in open_cluster and "#   es: cúmulo abierto" in open_cluster
    data = tomllib.loads(open_cluster)
    assert data["definition"] == "A group of stars formed together in the spiral arms of a galaxy."
    assert data["en"][0] == {"term": "open cluster", "status": "preferred"}
    assert data["en"][1]["status"] == "superseded"  # supersededTerm-admn-sts
    assert data["tags"] == ["general"]  # a subject field the termbase does not know
    assert data["context"][0]["source"] in tomllib.loads(
        (drafts / "sources.toml").read_text(encoding="utf-8")
    )
    every_english = {
        t["term"] for f in files for t in tomllib.loads(f.read_text("utf-8")).get("en", [])
    }
    assert {"black hole", "supernova", "CNO cycle", "white dwarf"} <= every_english
    bibliography = (drafts / "technology" / "bally2005.toml").read_text(encoding="utf-8")
    assert "#   zu: Bally2005 (Author[s]: Bally, John and Hans Zinnecker" in bibliography


def test_the_sample_without_a_domain_names_the_entry(runner: CliRunner, mini_terms: Path) -> None:
    result = run(runner, mini_terms, "import", str(ASTRONOMY))
    assert result.exit_code == 2
    assert (
        f"{ASTRONOMY}:19: no domain of this termbase (the entry names 'General')" in result.output
    )


def test_a_dry_run_shows_the_plan_and_writes_nothing(runner: CliRunner, mini_terms: Path) -> None:
    before = snapshot(mini_terms.parent)
    result = run(
        runner, mini_terms, "import", str(ASTRONOMY), "--domain", "technology", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert "would write draft" in result.output and "open-cluster.toml" in result.output
    assert "dry run: 45 concepts read" in result.output
    assert "not imported (the termbase has no place for them)" in result.output
    assert snapshot(mini_terms.parent) == before


# -- Chinese glossaries: TBX v2 (tig and ntig), v3, CSV, TSV, OmegaT ---------------------

MARTIF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>a colleague's glossary</p></sourceDesc></fileDesc>
</martifHeader>
<text><body>
<termEntry id="e1">
  <descrip type="subjectField">Economy and finance</descrip>
  <langSet xml:lang="zh-CN">
    <ntig><termGrp><term>共同富裕</term><termNote type="termType">fullForm</termNote></termGrp>
      <note>Pinyin: gòngtóng fùyù</note></ntig>
  </langSet>
  <langSet xml:lang="zh-TW"><tig><term>共同富裕</term></tig></langSet>
  <langSet xml:lang="en">
    <descrip type="definition">Prosperity shared by the whole population.</descrip>
    <tig><term>common prosperity</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <ntig><termGrp><term>shared wealth</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termGrp>
      <note>Loose paraphrase.</note></ntig>
  </langSet>
</termEntry>
</body></text></martif>
"""


def test_tbx_v2_with_tig_and_ntig_creates_term_files(runner: CliRunner, empty_terms: Path) -> None:
    source = write(empty_terms.parent / "colleague.tbx", MARTIF)
    result = run(runner, empty_terms, "import", str(source))
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
    data = tomllib.loads((empty_terms / "economy" / "common-prosperity.toml").read_text("utf-8"))
    assert data["zh"] == [{"term": "共同富裕", "type": "fullForm", "pinyin": "gòngtóng fùyù"}]
    assert data["en"] == [
        {"term": "common prosperity", "status": "preferred"},
        {"term": "shared wealth", "status": "deprecated", "note": "Loose paraphrase."},
    ]
    assert data["definition"] == "Prosperity shared by the whole population."
    assert run(runner, empty_terms, "validate").exit_code == 0


def test_a_memoq_style_csv_maps_by_header_names(runner: CliRunner, empty_terms: Path) -> None:
    source = write(
        empty_terms.parent / "memoq.csv",
        "\ufeffEntry_Subject,Chinese (PRC),English,English_Def,Forbidden\n"
        "Trade and investment,一带一路,Belt and Road Initiative,"
        "China's programme of overland and maritime infrastructure and trade links.,"
        "One Belt One Road\n",
    )
    result = run(runner, empty_terms, "import", str(source))
    assert result.exit_code == 0, result.output
    data = tomllib.loads(
        (empty_terms / "trade" / "belt-and-road-initiative.toml").read_text("utf-8")
    )
    assert data["en"] == [
        {"term": "Belt and Road Initiative", "status": "admitted"},
        {"term": "One Belt One Road", "status": "deprecated"},
    ]
    assert data["domains"] == ["trade"]


def test_tsv_and_omegat_glossaries_import(runner: CliRunner, empty_terms: Path) -> None:
    tsv = write(
        empty_terms.parent / "list.tsv",
        "zh\ten\tnote\n新质生产力\tnew quality productive forces\tofficial\n",
    )
    omegat = write(
        empty_terms.parent / "project-glossary.txt",
        "# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
        "小院高墙\tsmall yard, high fence\txiǎoyuàn gāoqiáng | preferred\n"
        "小院高墙\tsmall yard, high wall\tadmitted\n",
    )
    assert run(runner, empty_terms, "import", str(tsv), "--domain", "economy").exit_code == 0
    result = run(runner, empty_terms, "import", str(omegat), "--domain", "technology")
    assert result.exit_code == 0, result.output
    data = tomllib.loads(
        (empty_terms / "technology" / "small-yard-high-fence.toml").read_text("utf-8")
    )
    assert data["zh"][0]["pinyin"] == "xiǎoyuàn gāoqiáng"  # a draft would be written apart
    assert [(e["term"], e["status"]) for e in data["en"]] == [
        ("small yard, high fence", "preferred"),
        ("small yard, high wall", "admitted"),
    ]
    assert (empty_terms / "economy" / "new-quality-productive-forces.toml").exists()
    assert run(runner, empty_terms, "validate").exit_code == 0


# -- merging ---------------------------------------------------------------------------


def test_a_concept_that_shares_a_chinese_form_is_merged_never_overwritten(
    runner: CliRunner, mini_terms: Path
) -> None:
    path = mini_terms / "economy" / "dual-circulation.toml"
    before = tomllib.loads(path.read_text("utf-8"))
    source = write(
        mini_terms.parent / "more.csv",
        "zh-TW,en,en status,definition,en deprecated\n"
        "雙循環,twin circulation,admitted,Some other wording.,dual circulation\n",
    )
    dry = run(runner, mini_terms, "import", str(source), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"would update {path}: +en 'twin circulation' (admitted)" in dry.output
    assert (
        "dual-circulation: kept 'dual circulation' preferred (the file has deprecated)"
        in dry.output
    )
    assert "dual-circulation: kept the existing definition" in dry.output

    result = run(runner, mini_terms, "import", str(source))
    assert result.exit_code == 0, result.output
    after = tomllib.loads(path.read_text("utf-8"))
    assert after["definition"] == before["definition"]
    assert after["en"][: len(before["en"])] == before["en"]
    assert after["en"][-1] == {"term": "twin circulation", "status": "admitted"}
    assert after["zh"] == before["zh"]  # 雙循環 is the Taiwan form of 双循环, not a new term
    assert run(runner, mini_terms, "validate").exit_code == 0


def test_forms_of_two_concepts_in_one_entry_stop_the_import(
    runner: CliRunner, mini_terms: Path
) -> None:
    source = write(mini_terms.parent / "mixed.csv", "zh-CN,zh other forms,en\n双循环,卡脖子,x\n")
    result = run(runner, mini_terms, "import", str(source))
    assert result.exit_code == 2
    assert (
        f"{source}:2: its Chinese forms belong to different concepts: chokehold, dual-circulation"
        in result.output
    )


# -- safety ----------------------------------------------------------------------------

HOSTILE = {
    "external-entity.tbx": """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<martif type="TBX"><text><body><termEntry id="a"><langSet xml:lang="zh-CN">
<tig><term>&secret;</term></tig></langSet></termEntry></body></text></martif>
""",
    "billion-laughs.tbx": """<?xml version="1.0"?>
<!DOCTYPE martif [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<martif type="TBX"><text><body><termEntry id="a"><langSet xml:lang="en">
<tig><term>&lol9;</term></tig></langSet></termEntry></body></text></martif>
""",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused_with_exit_2(runner: CliRunner, mini_terms: Path, name: str) -> None:
    source = write(mini_terms.parent / name, HOSTILE[name])
    before = snapshot(mini_terms.parent)
    result = run(runner, mini_terms, "import", str(source), "--domain", "economy")
    assert result.exit_code == 2
    assert "refused" in result.output and "entit" in result.output
    assert "root:" not in result.output  # /etc/passwd was never read
    assert snapshot(mini_terms.parent) == before


def test_malformed_xml_names_the_line(runner: CliRunner, mini_terms: Path) -> None:
    result = run(runner, mini_terms, "import", str(TBX_DATA / "testfiles_poorly_formed_xml.tbx"),
                 "--domain", "economy")  # fmt: skip
    assert result.exit_code == 2
    assert (
        "testfiles_poorly_formed_xml.tbx:" in result.output
        and "not well-formed XML" in result.output
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bad-status.csv",
            "zh-CN,en,en status\n共同富裕,common prosperity,preferred\n"
            "新质生产力,new forces,approvedish\n",
            ":3: en status: unknown status 'approvedish'",
        ),
        (
            "bad-pinyin.csv",
            "zh-CN,en,pinyin\n共同富裕,common prosperity,gòngtóng fùyù\n"
            "长三角新区,new area,zhǎng\n",
            ":3: new-area: zh[0].pinyin: 'zhǎng' does not fit the characters",
        ),
        (
            "not-chinese.csv",
            "zh-CN,en\n共同富裕,common prosperity\nhello,world\n",
            ":3: Chinese term 'hello' has no Chinese characters",
        ),
        (
            "bad-status.tbx",
            MARTIF.replace("deprecatedTerm-admn-sts", "mostlyFineTerm-admn-sts"),
            ":19: unknown administrativeStatus 'mostlyFineTerm-admn-sts'",
        ),
    ],
)
def test_a_bad_row_stops_the_import_and_nothing_is_written(
    runner: CliRunner, mini_terms: Path, name: str, content: str, message: str
) -> None:
    source = write(mini_terms.parent / name, content)
    before = snapshot(mini_terms.parent)
    result = run(runner, mini_terms, "import", str(source), "--domain", "economy")
    assert result.exit_code == 2, result.output
    assert f"{source}{message}" in result.output
    assert snapshot(mini_terms.parent) == before


# -- round trips -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tbx", "tbx2", "csv", "xlsx", "omegat"])
def test_export_import_export_keeps_what_the_format_holds(
    runner: CliRunner, mini_terms: Path, empty_terms: Path, name: str
) -> None:
    first = mini_terms.parent / f"first.{name}"
    assert run(runner, mini_terms, "export", "--format", name, "-o", str(first)).exit_code == 0

    same = run(runner, mini_terms, "import", str(first), "--format", name)
    assert same.exit_code == 0, same.output
    assert "0 new, 0 updated, 3 unchanged" in same.output  # importing its own export: no change

    imported = run(
        runner, empty_terms, "import", str(first), "--format", name, "--domain", "economy"
    )
    assert imported.exit_code == 0, imported.output
    assert "3 new" in imported.output
    second = empty_terms.parent / f"second.{name}"
    assert run(runner, empty_terms, "export", "--format", name, "-o", str(second)).exit_code == 0
    if name == "omegat":  # no concept ids in OmegaT: the same lines, concepts in another order
        assert sorted(first.read_text("utf-8").splitlines()) == sorted(
            second.read_text("utf-8").splitlines()
        )
    else:
        assert second.read_bytes() == first.read_bytes()


@pytest.mark.parametrize("name", ["csv", "xlsx"])
def test_the_bundled_termbase_imports_its_own_spreadsheet_export_unchanged(
    invoke, tmp_path: Path, name: str
) -> None:  # type: ignore[no-untyped-def]
    """Notes, definitions and forms come back as they went out: no value differs ("kept")."""
    exported = tmp_path / f"glossary.{name}"
    assert invoke("export", "--format", name, "-o", str(exported)).exit_code == 0
    copy = tmp_path / "terms"
    shutil.copytree(bundled_terms(), copy)
    result = invoke("--terms", str(copy), "import", str(exported), "--dry-run")
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if "kept" in line] == []
    assert " 0 new, 0 updated, " in result.output and " 0 drafts" in result.output


def test_notes_of_avoided_renderings_keep_their_semicolons(
    runner: CliRunner, empty_terms: Path
) -> None:
    source = write(
        empty_terms.parent / "notes.csv",
        "zh-CN,en,en deprecated,en deprecated note\n"
        "数字经济,digital economy,numerical economy; number economy,"
        '"Calque of 数字; reads as arithmetic.\nAlso a calque, and wrong."\n',
    )
    assert run(runner, empty_terms, "import", str(source), "--domain", "economy").exit_code == 0
    data = tomllib.loads((empty_terms / "economy" / "digital-economy.toml").read_text("utf-8"))
    assert [(en["term"], en.get("note")) for en in data["en"]] == [
        ("digital economy", None),
        ("numerical economy", "Calque of 数字; reads as arithmetic."),
        ("number economy", "Also a calque, and wrong."),
    ]
    again = empty_terms.parent / "again.csv"
    assert run(runner, empty_terms, "export", "--format", "csv", "-o", str(again)).exit_code == 0
    assert '"Calque of 数字; reads as arithmetic.\nAlso a calque, and wrong."' in (
        again.read_text("utf-8")
    )


def test_notes_joined_by_semicolons_as_older_exports_wrote_them_still_import(
    runner: CliRunner, empty_terms: Path
) -> None:
    source = write(
        empty_terms.parent / "old.csv",
        "zh-CN,en,en deprecated,en deprecated note\n"
        "数字经济,digital economy,numerical economy; number economy,A calque; Wrong too\n",
    )
    assert run(runner, empty_terms, "import", str(source), "--domain", "economy").exit_code == 0
    data = tomllib.loads((empty_terms / "economy" / "digital-economy.toml").read_text("utf-8"))
    assert [en.get("note") for en in data["en"]] == [None, "A calque", "Wrong too"]


TBX3_REGIONAL = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="c1">
  <langSec xml:lang="zh-Hans"><termSec><term>数字经济</term></termSec></langSec>
  <langSec xml:lang="zh-Hant-TW">
    <termSec><term>數位經濟</term></termSec>
    <termSec><term>數字經濟</term></termSec>
  </langSec>
  <langSec xml:lang="en-GB"><termSec><term>digital economy</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
</conceptEntry>
</body></text></tbx>
"""


def test_script_subtags_and_unpaired_regional_terms_are_understood(
    runner: CliRunner, empty_terms: Path
) -> None:
    source = write(empty_terms.parent / "regional.tbx", TBX3_REGIONAL)
    result = run(runner, empty_terms, "import", str(source), "--domain", "economy")
    assert result.exit_code == 0, result.output
    data = tomllib.loads((empty_terms / "economy" / "digital-economy.toml").read_text("utf-8"))
    # 數字經濟 simplifies to the Mainland term: its Taiwan form (the same as OpenCC's draft,
    # so not written down); 數位經濟 is Taiwan wording of its own: a new variant.
    assert [zh["term"] for zh in data["zh"]] == ["数字经济", "数位经济"]
    assert [zh["type"] for zh in data["zh"]] == ["fullForm", "variant"]
    assert data["en"] == [{"term": "digital economy", "status": "preferred"}]


def test_an_id_taken_by_another_concept_gets_a_suffix(runner: CliRunner, mini_terms: Path) -> None:
    source = write(mini_terms.parent / "other.csv", "id,zh-CN,en\nchokehold,扼喉,chokehold\n")
    result = run(runner, mini_terms, "import", str(source), "--domain", "technology")
    assert result.exit_code == 0, result.output
    assert (mini_terms / "technology" / "chokehold-2.toml").exists()
    assert run(runner, mini_terms, "validate").exit_code == 0


def test_the_import_format_comes_from_the_registry() -> None:
    from glossary import formats

    for name, importer in formats.importers().items():
        for ending in importer.reads:
            data = b'<martif type="TBX">' if name == "tbx2" else b"<tbx>"
            found = formats.importer_for(f"glossary{ending.upper()}", data)
            assert found is not None and found.name == name, (name, ending)
    assert formats.importer_for("glossary.tbx", b"<tbx>").name == "tbx"  # type: ignore[union-attr]
    assert formats.importer_for("glossary.doc", b"") is None
