"""The parts of forgiving search that need no database: one-edit reasons and reading zhuyin."""

from __future__ import annotations

import pytest

from glossary.chinese import zhuyin_syllables
from glossary.spelling import query_variants, read_zhuyin, reason, typo_variants, zhuyin_table


@pytest.mark.parametrize(
    ("query", "key", "why"),
    [
        ("shaungxunhuan", "shuangxunhuan", "typo"),  # transposed
        ("shuangxunhun", "shuangxunhuan", "typo"),  # missing
        ("shuangxxunhuan", "shuangxunhuan", "typo"),  # extra
        ("shuangxunhuam", "shuangxunhuan", "typo"),  # wrong
        ("luse", "lvse", "u for ü"),
        ("dualcirculation", "dual circulation", "spacing"),
        ("dual circ ulation", "dual circulation", "spacing"),
        ("dualcirc ulation", "dual circulation", "spacing"),  # two edits, but the same words
        ("shaungxunhuna", "shuangxunhuan", None),  # two typos
        ("shuangxunhuan", "shuangxunhuan", None),  # the same key is no typo
        ("abcd", "bcda", None),
    ],
)
def test_reason_says_how_a_key_is_one_edit_from_the_query(
    query: str, key: str, why: str | None
) -> None:
    assert reason(query, key) == why


def test_symmetric_deletion_meets_every_one_edit_typo() -> None:
    stored = typo_variants("shuangxunhuan")
    for typo in ("shaungxunhuan", "shuangxunhun", "shuangxxunhuan", "shuangxunhuam"):
        assert stored & set(query_variants(typo)), typo
    assert typo_variants("ma") == set()  # too short: every key is a typo of it


@pytest.fixture(scope="module")
def table() -> dict[str, str]:
    return zhuyin_table(zhuyin_syllables())


@pytest.mark.parametrize(
    ("zhuyin", "read"),
    [
        ("ㄕㄨㄤ ㄒㄩㄣˊ ㄏㄨㄢˊ", ("shuangxunhuan", "122")),
        ("ㄕㄨㄤㄒㄩㄣㄏㄨㄢ", ("shuangxunhuan", "")),
        ("ㄌㄩˋ ㄙㄜˋ", ("lvse", "44")),
        ("ㄐㄩㄥ", ("jiong", "")),
        ("˙ㄉㄜ", ("de", "5")),
        ("ㄉㄜ˙", ("de", "5")),
        ("ㄓㄨㄥ ㄍㄨㄛˊ", ("zhongguo", "12")),
        ("ㄕㄨㄤ x", None),
        ("ˊ", None),
    ],
)
def test_zhuyin_is_read_as_pinyin(
    table: dict[str, str], zhuyin: str, read: tuple[str, str] | None
) -> None:
    assert read_zhuyin(zhuyin, table) == read
