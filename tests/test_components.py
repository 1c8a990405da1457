"""`components` of a concept: the parts of a numbered formula, concept ids or literal items."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.build import build_database, validate
from glossary.cli import cli
from glossary.query import Glossary
from glossary.termfiles import TermbaseError, dumps_concept, load_termbase
from tests.web.conftest import find
from web import create_app

DUAL = "economy/dual-circulation.toml"


def with_components(terms: Path, components: str) -> Path:
    """The fixture termbase with `components = ...` on dual-circulation."""
    path = terms / DUAL
    text = path.read_text(encoding="utf-8")
    text = text.replace("\n[[zh]]", f"components = {components}\n\n[[zh]]", 1)
    path.write_text(text, encoding="utf-8")
    return terms


COMPONENTS = '["chokehold", "international circulation", "内循环"]'


def test_components_keep_their_order_and_canonical_place(mini_terms: Path) -> None:
    terms = with_components(mini_terms, COMPONENTS)
    concept = load_termbase(terms).concepts["dual-circulation"]
    assert concept.components == ("chokehold", "international circulation", "内循环")
    validate(terms)
    text = (terms / DUAL).read_text(encoding="utf-8")
    assert dumps_concept(concept) == text


@pytest.mark.parametrize(
    ("components", "message"),
    [
        ('["no-such-concept"]', "components: unknown concept id 'no-such-concept'"),
        ('["dual-circulation"]', "components: a concept cannot be a component of itself"),
        ('[" padded "]', "components: ' padded ' must be a concept id or a literal item"),
        ('"chokehold"', "components: must be a list of strings"),
    ],
)
def test_bad_components_are_refused(mini_terms: Path, components: str, message: str) -> None:
    terms = with_components(mini_terms, components)
    with pytest.raises(TermbaseError) as caught:
        validate(terms)
    assert any(message in str(p) for p in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]


def test_components_are_in_the_json_and_linked_on_the_page(
    mini_terms: Path, tmp_path: Path
) -> None:
    terms = with_components(mini_terms, COMPONENTS)
    db = tmp_path / "g.db"
    build_database(terms, db, cedict=False)
    with Glossary(db) as glossary:
        entry = glossary.entry("dual-circulation")
        other = glossary.entry("chokehold")
    assert entry is not None and other is not None
    assert entry["components"] == ["chokehold", "international circulation", "内循环"]
    assert other["components"] == []
    shown = CliRunner().invoke(cli, ["--db", str(db), "show", "dual-circulation"])
    assert "Components: chokehold · international circulation · 内循环" in shown.output
    app = create_app(
        {"TESTING": True, "GLOSSARY_TERMS": str(terms), "GLOSSARY_DB": str(db),
         "SUGGESTIONS_DB": str(tmp_path / "s.db"), "SECRET_KEY": "test"}
    )  # fmt: skip
    page = app.test_client().get("/term/dual-circulation").get_data(as_text=True)
    [listed] = find(page, "ol", class_="components")
    items = listed.findall("li")
    assert [item.text_content().split() for item in items] == [
        ["卡脖子", "chokehold"],
        ["international", "circulation"],
        ["内循环"],
    ]
    assert items[0].find("a").get("href") == "/term/chokehold"
    assert items[1].find("a") is None and items[2].find("a") is None
