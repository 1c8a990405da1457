"""Chinese forms: pinyin alignment, numbered and toneless keys, zhuyin, regional drafts, traps."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from glossary.chinese import PinyinError, draft_pinyin, forms_for, to_hongkong, to_taiwan
from glossary.normalize import pinyin_key
from glossary.query import Glossary
from glossary.termfiles import load_termbase

TRAPS = Path(__file__).parent / "data" / "traps"


def load_traps() -> list[dict[str, str]]:
    traps = []
    for path in sorted(TRAPS.glob("*.toml")):
        for trap in tomllib.loads(path.read_text(encoding="utf-8")).get("trap", []):
            traps.append({**trap, "file": path.name})
    return traps


def test_every_form_is_derived_from_the_checked_pinyin() -> None:
    forms = forms_for("国内国际双循环", "guónèi guójì shuāng xúnhuán", tw="國內國際雙循環")
    assert forms.pinyin == "guónèi guójì shuāng xúnhuán"
    assert forms.pinyin_numbered == "guo2nei4 guo2ji4 shuang1 xun2huan2"
    assert forms.pinyin_key == "guoneiguojishuangxunhuan"
    assert forms.initials == "gngjsxh"
    assert forms.tones == "2424122"
    assert forms.zhuyin == "ㄍㄨㄛˊ ㄋㄟˋ ㄍㄨㄛˊ ㄐㄧˋ ㄕㄨㄤ ㄒㄩㄣˊ ㄏㄨㄢˊ"
    assert (forms.tw, forms.tw_checked, forms.hk_checked) == ("國內國際雙循環", True, False)


def test_neutral_tone_latin_letters_and_capitals() -> None:
    assert forms_for("卡脖子", "qiǎ bózi").pinyin_numbered == "qia3 bo2zi5"
    assert forms_for("5G网络", "5G wǎngluò").pinyin_numbered == "5G wang3luo4"
    delta = forms_for("粤港澳大湾区", "Yuè-Gǎng-Ào Dàwānqū")
    assert delta.pinyin_key == "yuegangaodawanqu"
    assert delta.pinyin_numbered == "yue4 gang3 ao4 da4wan1qu1"


@pytest.mark.parametrize(
    ("term", "pinyin", "message"),
    [
        ("长三角", "Chǎng Sānjiǎo", "no syllable for '长'"),
        ("长三角", "Cháng Sān", "no syllable for '角'"),
        ("双循环", "shuāng xúnhuán huán", "more syllables than the 3 characters"),
        ("双循环", "shuang xunhuan", "has no tone marks"),
    ],
)
def test_pinyin_that_does_not_fit_is_refused(term: str, pinyin: str, message: str) -> None:
    with pytest.raises(PinyinError, match=message):
        forms_for(term, pinyin)


def test_drafts_come_from_pypinyin_and_opencc() -> None:
    assert draft_pinyin("双循环") == "shuāng xún huán"
    assert to_taiwan("双循环") == "雙迴圈"  # the s2twp phrase table's wrong answer, hence traps
    assert to_hongkong("创新型产业集群") == "創新型產業集羣"


def test_the_issue_traps_are_listed() -> None:
    traps = {
        (t["term"], key): t[key] for t in load_traps() for key in ("pinyin", "tw", "hk") if key in t
    }
    assert traps[("长三角", "pinyin")] == "Cháng Sānjiǎo"
    assert pinyin_key(traps[("锻长板", "pinyin")]) == "duanchangban"
    assert traps[("双循环", "tw")] == "雙循環"
    assert "羣" not in traps[("创新型产业集群", "hk")]


def test_every_trap_is_a_real_trap() -> None:
    """Each listed value differs from the draft it corrects, so the list documents real errors."""
    for trap in load_traps():
        if "pinyin" in trap:
            assert pinyin_key(trap["pinyin"]) != pinyin_key(draft_pinyin(trap["term"])) or (
                forms_for(trap["term"], trap["pinyin"]).tones != forms_for(trap["term"]).tones
            ), trap
        if "tw" in trap:
            assert trap["tw"] != to_taiwan(trap["term"]), trap
        if "hk" in trap:
            assert trap["hk"] != to_hongkong(trap["term"]), trap


def test_the_build_honours_every_trap(glossary: Glossary) -> None:
    rows = {
        row["term"]: row
        for row in glossary.conn.execute("select term, pinyin, tw, hk from zh_terms")
    }
    for trap in load_traps():
        assert trap["term"] in rows, f"{trap['file']}: {trap['term']} is not in the termbase"
        row = rows[trap["term"]]
        for key in ("pinyin", "tw", "hk"):
            if key in trap:
                assert row[key] == trap[key], (trap["file"], trap["term"], key)


def test_every_override_of_a_wrong_draft_is_in_the_traps_list() -> None:
    """A hand-written value that corrects a draft belongs in tests/data/traps (and so is tested)."""
    from glossary.locations import bundled_terms

    listed = {(t["term"], key) for t in load_traps() for key in ("pinyin", "tw", "hk") if key in t}
    missing = []
    for concept in load_termbase(Path(bundled_terms())).concepts.values():
        for zh in concept.zh:
            checked = forms_for(zh.term, zh.pinyin, zh.tw, zh.hk)
            draft = forms_for(zh.term)
            corrected = (checked.pinyin_key, checked.tones) != (draft.pinyin_key, draft.tones)
            if zh.pinyin and corrected and (zh.term, "pinyin") not in listed:
                missing.append(f"{concept.id}: {zh.term} pinyin {zh.pinyin}")
            if zh.tw and zh.tw != draft.tw and (zh.term, "tw") not in listed:
                missing.append(f"{concept.id}: {zh.term} tw {zh.tw}")
            if zh.hk and zh.hk != draft.hk and (zh.term, "hk") not in listed:
                missing.append(f"{concept.id}: {zh.term} hk {zh.hk}")
    assert not missing, "not in tests/data/traps:\n" + "\n".join(missing)
