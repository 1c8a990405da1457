"""`annotate --all-words`: every word of a text, glossary terms first, CC-CEDICT between."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from glossary.annotate import Annotator, annotate, annotate_all_words
from glossary.query import Glossary, short_gloss

from ..conftest import SEEDS

TEXT = "我们要构建国内国际双\n循环，解决卡脖子问题，他的女儿在長江邊上學。"


@pytest.fixture(scope="module")
def layered(general_db: Path) -> Iterator[Glossary]:
    """The fixture termbase with the general layer built beneath it (shared, read-only)."""
    with Glossary(general_db) as opened:
        yield opened


def test_every_word_gets_pinyin_and_a_gloss(layered: Glossary) -> None:
    words = annotate_all_words(layered, TEXT)
    assert [(w.text, w.layer) for w in words] == [
        ("我们", "general"),
        ("要", "general"),
        ("构建", "general"),
        ("国内国际双\n循环", "curated"),
        ("解决", "general"),
        ("卡脖子", "curated"),
        ("问题", "general"),
        ("他", "general"),
        ("的", "general"),
        ("女儿", "general"),
        ("在", "general"),
        ("長江", "general"),
        ("邊", "general"),
        ("上學", "general"),
    ]
    by_text = {w.text: w for w in words}
    assert by_text["女儿"].pinyin == "nǚ'ér"
    assert by_text["女儿"].rendering == "daughter"
    assert by_text["要"].pinyin.startswith("yào")  # the reading with the most senses first
    assert "yāo" in by_text["要"].pinyin
    assert by_text["長江"].term == "长江"  # traditional text, simplified headword
    assert all(TEXT[w.start : w.end] == w.text for w in words)


def test_glossary_terms_take_priority_over_dictionary_words(layered: Glossary) -> None:
    curated = annotate(layered, TEXT)
    everything = annotate_all_words(layered, TEXT)
    assert [w for w in everything if w.layer == "curated"] == curated
    spans = sorted((w.start, w.end) for w in everything)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))


def test_the_words_of_a_seed_text_cover_its_chinese(layered: Glossary) -> None:
    text = (SEEDS / "001_6f69eaa4f9ed676a.txt").read_text(encoding="utf-8")
    words = annotate_all_words(layered, text)
    covered = {i for w in words for i in range(w.start, w.end)}
    han = [i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff"]
    assert han and all(i in covered for i in han)


def test_without_a_general_layer_it_is_plain_annotation(aid_glossary: Glossary) -> None:
    assert annotate_all_words(aid_glossary, TEXT) == annotate(aid_glossary, TEXT)


def test_short_glosses_stop_at_a_sense_boundary() -> None:
    assert short_gloss("to want; to need; to ask for; will; shall; about to; need to; to wish") == (
        "to want; to need; to ask for; will; shall; about to; need to"
    )
    assert short_gloss("a single very long sense " * 5).startswith("a single")


def test_the_cli_flag(layered: Glossary, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from glossary.cli import cli

    source = tmp_path / "text.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "words.json"
    result = CliRunner().invoke(
        cli,
        ["--db", str(layered.path), "annotate", str(source), "--all-words", "--format", "json",
         "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    records = json.loads(out.read_text(encoding="utf-8"))["annotations"]
    assert {r["layer"] for r in records} == {"curated", "general"}
    html = CliRunner().invoke(
        cli, ["--db", str(layered.path), "annotate", str(source), "--all-words", "--format", "html"]
    )
    assert '<ruby class="word"' in html.output and '<ruby class="term"' in html.output


def test_the_general_automaton_is_kept_on_disk_by_build(layered: Glossary) -> None:
    from glossary import annotate as annotating

    annotating._CACHE.clear()
    first = annotate_all_words(layered, TEXT)
    [cache] = Path(layered.path).parent.glob(Path(layered.path).name + ".general-*.pickle")
    annotating._CACHE.clear()
    assert annotate_all_words(layered, TEXT) == first  # read back from the file
    assert Path(layered.path).parent.glob(Path(layered.path).name + ".general-*.pickle")
    assert cache.exists()


def longest_first(general: Annotator, text: str, taken: list[tuple[int, int]]) -> list[tuple]:
    """The segmentation `annotate_outside` must give, the slow way: at each position of the
    folded text, every key from the longest down, the first one that fits."""
    folded = general.folding.fold(text, general.alphabet)
    search = folded.text
    keys = {general.folding.key(form.variants[0]) for form in general.forms}
    keys |= {general.folding.key(v) for form in general.forms for v in form.variants if v}
    words, position = [], 0
    while position < len(search):
        for size in range(min(8, len(search) - position), 0, -1):
            key = search[position : position + size]
            index = general.singles.get(key) if size == 1 else None
            if index is None:
                index = general.automaton.get(key, None)
            if index is None:
                continue
            span = general._span(text, folded, position, position + size, general.forms[index])
            if span is None or any(s < span[1] and span[0] < e for s, e in taken):
                continue
            words.append((span, general.forms[index].term))
            position += size
            break
        else:
            position += 1
    return words


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        "“十二五”规划胜利完成，“十三五”开局良好。",  # quotation marks the folding drops
        "要构建国内国际双\n循环解决问题。",  # a glossary term that the folding shortens
        "推进5G网络和AI大模型，ＧＤＰ增长５％。",  # full-width letters and digits it changes
        "他們在長江邊上學習，參與「一帶一路」建設。",  # traditional characters
    ],
)
def test_the_one_pass_segmentation_is_leftmost_longest(layered: Glossary, text: str) -> None:
    from glossary.annotate import annotator_for

    general = annotator_for(layered, "general")
    assert general.singles and all(len(key) > 1 for key in general.automaton)
    taken = [(term.start, term.end) for term in annotate(layered, text)]
    words = general.annotate_outside(text, taken)
    assert [((w.start, w.end), w.term) for w in words] == longest_first(general, text, taken)
