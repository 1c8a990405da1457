"""The TBX export against the official TBX v3 schemas, and read by a real client.

The DCA Schematron declares queryBinding="xslt2", which lxml cannot run. The validator
below compiles it with lxml's bundled ISO Schematron skeleton (XSLT 1 stylesheets, with
the binding rewritten to `xslt`), labels the generated stylesheet 2.0 and runs it in
Saxon (saxonche), which evaluates the XPath 2 the rules use (`matches()`, `local-name()`).
The astronomy sample is the positive control; the official bad test file and a broken
export are the negative controls that show the validator can fail.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, isoschematron

from glossary import formats
from glossary.formats import ExportContext
from glossary.query import Glossary

TBX_DATA = Path(__file__).parent / "data" / "tbx"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
NS = {"t": "urn:iso:std:iso:30042:ed-2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Schematron:
    """An ISO Schematron schema with XPath 2 rules, run by Saxon."""

    def __init__(self, schema: Path):
        from saxonche import PySaxonProcessor

        skeleton = Path(isoschematron.__file__).parent / "resources/xsl/iso-schematron-xslt1"
        tree = etree.parse(str(schema))
        tree.getroot().set("queryBinding", "xslt")
        for step in ("iso_dsdl_include.xsl", "iso_abstract_expand.xsl", "iso_svrl_for_xslt1.xsl"):
            tree = etree.XSLT(etree.parse(str(skeleton / step)))(tree)
        tree.getroot().set("version", "2.0")
        self.processor = PySaxonProcessor(license=False)
        self.stylesheet = self.processor.new_xslt30_processor().compile_stylesheet(
            stylesheet_text=etree.tostring(tree, encoding="unicode")
        )

    def failures(self, document: bytes) -> list[str]:
        """The message of every failed assertion."""
        node = self.processor.parse_xml(xml_text=document.decode("utf-8-sig"))
        report = etree.fromstring(self.stylesheet.transform_to_string(xdm_node=node).encode())
        return [
            " ".join(f.findtext(f"{SVRL}text").split()) for f in report.iter(f"{SVRL}failed-assert")
        ]


@pytest.fixture(scope="module")
def dca() -> Schematron:
    """The TBX-Basic DCA Schematron."""
    return Schematron(TBX_DATA / "basic_dialect_DCA.sch")


@pytest.fixture(scope="module")
def core() -> etree.RelaxNG:
    """The TBX v3 core structure RelaxNG schema."""
    return etree.RelaxNG(etree.parse(str(TBX_DATA / "core_TBXcoreStructV03.rng")))


@pytest.fixture
def mini_export(mini_db: Path) -> tuple[list[dict[str, Any]], ExportContext]:
    with Glossary(mini_db) as glossary:
        return glossary.entries(), ExportContext(glossary.sources(), glossary.domains())


@pytest.fixture
def tbx(mini_export: Any) -> bytes:
    return formats.get("tbx").dumps(*mini_export)


def test_the_validator_passes_the_official_sample_and_fails_the_official_bad_file(
    dca: Schematron, core: etree.RelaxNG
) -> None:
    good = (TBX_DATA / "sample_basic_DCA_astronomy_VALID.tbx").read_bytes()
    assert core.validate(etree.fromstring(good))
    assert dca.failures(good) == []
    bad = dca.failures((TBX_DATA / "testfiles_basic_bad.tbx").read_bytes())
    assert any("Permitted type value(s)" in message for message in bad)


def test_the_export_is_valid_tbx_basic(tbx: bytes, dca: Schematron, core: etree.RelaxNG) -> None:
    assert core.validate(etree.fromstring(tbx)), core.error_log
    assert dca.failures(tbx) == []


def test_the_bundled_glossary_exports_valid_tbx_basic(
    glossary: Glossary, dca: Schematron, core: etree.RelaxNG
) -> None:
    data = formats.get("tbx").dumps(
        glossary.entries(), ExportContext(glossary.sources(), glossary.domains())
    )
    assert core.validate(etree.fromstring(data)), core.error_log
    assert dca.failures(data) == []


def test_an_empty_export_is_valid_too(dca: Schematron, core: etree.RelaxNG) -> None:
    data = formats.get("tbx").dumps([], ExportContext())
    assert core.validate(etree.fromstring(data)), core.error_log
    assert dca.failures(data) == []


def test_a_broken_export_fails_both_schemas(
    tbx: bytes, dca: Schematron, core: etree.RelaxNG
) -> None:
    wrong_status = tbx.replace(b"deprecatedTerm-admn-sts", b"forbiddenTerm-admn-sts")
    assert any("administrativeStatus" in m for m in dca.failures(wrong_status))
    dangling = re.sub(rb'target="chokehold"', b'target="nowhere"', tbx)
    # An IDREF to no ID: the core schema catches it (the DCA rule for @target never fires
    # on <ref>, an earlier rule of the same pattern, tbx:*[@type], matches it first).
    assert not core.validate(etree.fromstring(dangling))
    wrong_dialect = tbx.replace(b'style="dca"', b'style="dct"', 1)
    assert any("should be declared as 'dca'" in m for m in dca.failures(wrong_dialect))
    context_on_concept = tbx.replace(b'type="definition"', b'type="context"', 1)
    assert any("/context/ may only appear" in m for m in dca.failures(context_on_concept))


def test_statuses_regional_forms_and_links_are_carried(tbx: bytes) -> None:
    root = etree.fromstring(tbx)
    entry = root.find(".//t:conceptEntry[@id='dual-circulation']", NS)
    assert entry.findtext("t:descrip[@type='subjectField']", namespaces=NS) == "Economy and finance"
    assert entry.find("t:ref[@type='crossReference']", NS).get("target") == "chokehold"
    langs = {sec.get(XML_LANG): sec for sec in entry.findall("t:langSec", NS)}
    assert list(langs) == ["zh-CN", "zh-TW", "zh-HK", "en"]
    assert [t.text for t in langs["zh-TW"].iterfind(".//t:term", NS)] == [
        "雙循環",
        "國內國際雙循環",
    ]
    statuses = {
        sec.findtext("t:term", namespaces=NS): sec.findtext(
            "t:termNote[@type='administrativeStatus']", namespaces=NS
        )
        for sec in langs["en"].findall("t:termSec", NS)
    }
    assert statuses == {
        "dual circulation": "preferredTerm-admn-sts",
        "double circulation": "deprecatedTerm-admn-sts",
    }
    assert "Pinyin: shuāng xúnhuán" in [n.text for n in langs["zh-CN"].iter(f"{{{NS['t']}}}note")]
    context = langs["en"].xpath(".//t:descripGrp[t:descrip[@type='context']]", namespaces=NS)[0]
    source = context.find("t:admin[@type='source']", NS)
    assert source.get("target") == "src-chan-2022" and source.text.startswith("Thomas Chan")
    assert root.find(".//t:refObject[@id='src-chan-2022']", NS) is not None


def test_translate_toolkit_reads_the_tbx2_export(mini_export: Any) -> None:
    """translate-toolkit reads TBX v2 (martif); its reader does not know TBX v3 yet."""
    from translate.storage.tbx import tbxfile

    data = formats.get("tbx2").dumps(*mini_export)
    store = tbxfile.parsestring(data, sourcelanguage="zh-CN", targetlanguage="en")
    units = {unit.source: unit for unit in store.units}
    assert set(units) == {"卡脖子", "双循环", "长三角"}
    unit = units["双循环"]
    assert [t.text for t in unit.get_source_terms()] == ["双循环", "国内国际双循环"]
    targets = {t.text: t.deprecated for t in unit.get_target_terms()}
    assert targets == {"dual circulation": False, "double circulation": True}
    assert unit.target == "dual circulation"


def test_translate_toolkit_cannot_read_tbx_v3(tbx: bytes) -> None:
    """Why the client test uses the v2 export: this fails once translate-toolkit learns v3."""
    from translate.storage.tbx import tbxfile

    with pytest.raises(AssertionError):
        tbxfile.parsestring(tbx)


def test_the_tbx2_omegat_export_holds_only_what_a_translator_should_type(
    mini_export: Any,
) -> None:
    """TBX v2 for OmegaT: acceptable renderings, each Chinese form once, short notes; still
    a martif file that translate-toolkit and our own importer read."""
    from translate.storage.tbx import tbxfile

    data = formats.get("tbx2-omegat").dumps(*mini_export)
    root = etree.fromstring(data)
    assert root.tag == "martif" and root.find("text/back") is None  # no bibliography
    entry = root.find("text/body/termEntry[@id='dual-circulation']")
    assert [n.text for n in entry.findall("note")] == ["deprecated: double circulation"]
    terms = {
        lang_set.get(XML_LANG): [t.text for t in lang_set.iter("term")]
        for lang_set in entry.findall("langSet")
    }
    assert terms == {
        "zh-CN": ["双循环", "国内国际双循环"],
        "zh-TW": ["雙循環", "國內國際雙循環"],  # Hong Kong spells them the same: no zh-HK
        "en": ["dual circulation"],
    }
    assert entry.find("langSet/tig/note").text == "Pinyin: shuāng xúnhuán"
    assert not entry.xpath(".//termNote[@type='administrativeStatus'] | .//descrip")

    store = tbxfile.parsestring(data, sourcelanguage="zh-CN", targetlanguage="en")
    assert {unit.source: unit.target for unit in store.units}["双循环"] == "dual circulation"
    loaded = formats.get("tbx2").loads(data, "omegat.tbx")  # type: ignore[attr-defined]
    concept = next(e for e in loaded.entries if e["id"] == "dual-circulation")
    assert [en["term"] for en in concept["en"]] == ["dual circulation"]
    assert [(zh["term"], zh.get("tw")) for zh in concept["zh"]] == [
        ("双循环", "雙循環"),
        ("国内国际双循环", "國內國際雙循環"),
    ]
