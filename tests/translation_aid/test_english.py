"""Finding English renderings in prose: case, hyphens, plurals and inflection do not matter."""

from __future__ import annotations

import pytest

from glossary.english import PhraseIndex, tokenize

INDEX = PhraseIndex(
    [
        ("dual circulation", "dual"),
        ("dual circulation strategy", "dual-strategy"),
        ("chokehold", "chokehold"),
        ("small yard, high fence", "yard"),
        ("high fence", "fence"),
        ("People's Republic of China", "prc"),
    ]
)


def found(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(text[m.start : m.end], m.payloads) for m in INDEX.find(tokenize(text))]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("the dual circulation policy", "dual circulation"),
        ("the Dual Circulation policy", "Dual Circulation"),
        ("the dual-circulation policy", "dual-circulation"),
        ("THE DUAL CIRCULATIONS VS. DECOUPLING", "DUAL CIRCULATIONS"),
        ("dual\ncirculation", "dual\ncirculation"),  # a line break from PDF extraction
        ("a choke-hold on chips", "choke-hold"),  # a closed compound written open
        ("chokeholds", "chokeholds"),
        ("a small yard with a highfence", "highfence"),  # hyphenation damage
        ("the People’s Republic of China", "People’s Republic of China"),
    ],
)
def test_a_rendering_is_found_however_it_is_written(text: str, written: str) -> None:
    assert [match for match, _ in found(text)] == [written]


def test_the_longest_rendering_wins() -> None:
    assert found("its dual-circulation strategies") == [
        ("dual-circulation strategies", ("dual-strategy",))
    ]
    assert found("small yard, high fence") == [("small yard, high fence", ("yard",))]


def test_a_rendering_never_spans_a_sentence_break() -> None:
    assert found("It is dual. Circulation follows.") == []
    assert found("We need a high\n\nfence") == []


def test_words_inside_longer_words_do_not_match() -> None:
    assert found("individual circulation") == []  # 'dual' is inside 'individual'


def test_tokens_keep_their_offsets() -> None:
    text = "Dual-Circulations, twice"
    tokens = tokenize(text)
    assert [(text[t.start : t.end], t.stem) for t in tokens] == [
        ("Dual", "dual"),
        ("Circulations", "circulation"),  # the inflection fold
        ("twice", "twic"),
    ]
