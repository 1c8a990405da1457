"""The read methods of Glossary that annotate, check and lint build on."""

from __future__ import annotations

from pathlib import Path

from glossary.build import build_database
from glossary.query import Glossary


def test_chinese_forms_carry_regional_forms_pinyin_and_the_best_rendering(
    aid_glossary: Glossary,
) -> None:
    rows = {(row["concept"], row["term"]): row for row in aid_glossary.chinese_forms()}
    full = rows[("dual-circulation", "国内国际双循环")]
    assert (full["tw"], full["hk"], full["pinyin"]) == (
        "國內國際雙循環",
        "國內國際雙循環",
        "guónèi guójì shuāng xúnhuán",
    )
    assert (full["rendering"], full["rendering_status"]) == ("dual circulation", "preferred")
    assert rows[("5g-network", "5G网络")]["hk"] == "5G網絡"


def test_without_a_preferred_rendering_the_first_admitted_one_stands_in(
    aid_terms: Path, tmp_path: Path
) -> None:
    (aid_terms / "economy" / "common-prosperity.toml").write_text(
        'id = "common-prosperity"\ndomains = ["economy"]\n'
        'definition = "Shared affluence as a goal of development."\n\n'
        '[[zh]]\nterm = "共同富裕"\ntype = "fullForm"\npinyin = "gòngtóng fùyù"\n\n'
        '[[en]]\nterm = "shared wealth"\nstatus = "deprecated"\n\n'
        '[[en]]\nterm = "common prosperity"\nstatus = "admitted"\n\n'
        '[[en]]\nterm = "collective prosperity"\nstatus = "admitted"\n',
        encoding="utf-8",
    )
    db = tmp_path / "admitted.db"
    build_database(aid_terms, db, cedict=False)
    with Glossary(db) as glossary:
        (row,) = [r for r in glossary.chinese_forms() if r["concept"] == "common-prosperity"]
    assert (row["rendering"], row["rendering_status"]) == ("common prosperity", "admitted")


def test_renderings_come_in_file_order_with_status_and_note(aid_glossary: Glossary) -> None:
    rows = [r for r in aid_glossary.renderings() if r["concept"] == "belt-and-road-initiative"]
    assert [(r["term"], r["status"]) for r in rows] == [
        ("Belt and Road Initiative", "preferred"),
        ("Belt and Road", "admitted"),
        ("One Belt, One Road", "superseded"),
        ("Belt and Road strategy", "deprecated"),
    ]
    assert rows[2]["note"] == "The official English until 2015."


def test_the_stored_character_table_and_build_meta(aid_glossary: Glossary, aid_terms: Path) -> None:
    table = aid_glossary.t2s_table()
    assert (table["雙"], table["環"], table["國"]) == ("双", "环", "国")
    assert "双" not in table  # simplified characters map to themselves: not stored
    assert aid_glossary.meta()["terms_dir"] == str(aid_terms.resolve())
