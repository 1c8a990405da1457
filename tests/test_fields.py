"""The entry's one declaration (glossary.fields) and everything derived from it stay in step.

Each test derives what it expects from the declaration, so a field added there and
forgotten somewhere (the dataclass, the JSON, the API schema, a format) fails here.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from glossary import formats
from glossary.fields import (
    CONCEPT_FIELDS,
    CONTEXT_FIELDS,
    EN_FIELDS,
    PARTS,
    ZH_FIELDS,
    Field,
    columns,
    json_keys,
    labels,
    toml_keys,
)
from glossary.formats import ExportContext
from glossary.formats.csv_format import COLUMNS
from glossary.model import Concept, Context, EnTerm, ZhTerm
from glossary.query import Glossary
from web.openapi import ENTRY

MODELS = {"zh": ZhTerm, "en": EnTerm, "context": Context}


@pytest.fixture
def entry(mini_db: Path) -> dict[str, Any]:
    with Glossary(mini_db) as glossary:
        found = glossary.entry("dual-circulation")
    assert found is not None
    return found


def test_the_dataclasses_hold_exactly_the_term_file_fields() -> None:
    concept = [f.name for f in dataclasses.fields(Concept) if f.name not in dict(PARTS)]
    assert set(concept) == set(toml_keys(CONCEPT_FIELDS))
    for part, fields in PARTS:
        assert [f.name for f in dataclasses.fields(MODELS[part])] == list(toml_keys(fields)), part


def test_the_entry_json_has_the_declared_keys(entry: dict[str, Any], mini_db: Path) -> None:
    assert list(entry) == [*json_keys(CONCEPT_FIELDS), *dict(PARTS)]
    for part, fields in PARTS:
        for item in entry[part]:
            assert list(item) == list(json_keys(fields)), part


def test_a_general_layer_entry_has_the_same_keys(glossary: Glossary) -> None:
    general = glossary.entry("cedict:电脑:dian4nao3")
    assert general is not None
    assert list(general) == [*json_keys(CONCEPT_FIELDS), *dict(PARTS), "attribution"]
    for part, fields in PARTS:
        for item in general[part]:
            assert list(item) == list(json_keys(fields)), part


def test_the_openapi_schema_describes_the_declared_keys() -> None:
    properties = ENTRY["properties"]
    assert list(properties) == [*json_keys(CONCEPT_FIELDS), *dict(PARTS)]
    for part, fields in PARTS:
        assert list(properties[part]["items"]["properties"]) == list(json_keys(fields)), part


def test_the_tables_have_the_declared_columns(mini_db: Path) -> None:
    conn = sqlite3.connect(mini_db)
    try:
        for table, fields in (
            ("concepts", CONCEPT_FIELDS),
            ("zh_terms", ZH_FIELDS),
            ("en_terms", EN_FIELDS),
            ("contexts", CONTEXT_FIELDS),
        ):
            names = {row[1] for row in conn.execute(f"pragma table_info({table})")}
            assert {f.name for f in columns(fields)} <= names, table
    finally:
        conn.close()


def test_the_csv_header_has_every_declared_label() -> None:
    assert set(labels(CONCEPT_FIELDS)) <= set(COLUMNS)


def _marked(entry: dict[str, Any], part: str | None, declared: Field) -> tuple[dict[str, Any], str]:
    """The entry with one field set to a value no export writes by chance."""
    marker = f"zqx{declared.name.replace('_', '')}mark"
    value: Any = [marker] if declared.kind == "strings" else marker
    if declared.kind == "tables":  # one item, its text fields marked, its numbers plausible
        value = [{f.name: marker if f.kind == "text" else 2000 for f in declared.items}]
    changed = copy.deepcopy(entry)
    items = [changed] if part is None else changed[part]
    if declared.kind == "choice":  # a value none of the items has yet
        used = {item[declared.name] for item in items}
        value = marker = next(c for c in reversed(declared.choices) if c not in used)
    for item in items:
        item[declared.name] = value
    return changed, marker


def _text(format_name: str, entries: list[dict[str, Any]]) -> str:
    data = formats.get(format_name).dumps(entries, ExportContext())
    if format_name != "xlsx":
        return data.decode("utf-8")
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return json.dumps(
        [[cell for cell in row] for sheet in book for row in sheet.iter_rows(values_only=True)],
        ensure_ascii=False,
        default=str,
    )


COVERAGE = [
    (part, declared, format_name)
    for part, fields in [(None, CONCEPT_FIELDS), *PARTS]
    for declared in fields
    for format_name in declared.formats
]


@pytest.mark.parametrize(
    "part, declared, format_name",
    COVERAGE,
    ids=[f"{part or 'concept'}.{f.name}-{name}" for part, f, name in COVERAGE],
)
def test_every_format_writes_the_fields_declared_for_it(
    entry: dict[str, Any], part: str | None, declared: Field, format_name: str
) -> None:
    if part == "context" and not entry["context"]:
        entry["context"] = [{"text": "a", "lang": "en", "source": "example"}]
    changed, marker = _marked(entry, part, declared)
    # related ids are written for concepts exported together: export the one it points to
    others = [{**entry, "id": marker}] if declared.name == "related" else []
    before, after = _text(format_name, [entry, *others]), _text(format_name, [changed, *others])
    if declared.kind == "choice":  # written as a place (a column, a language section)
        assert after != before
    else:
        assert after.count(marker) > before.count(marker)


def test_the_tbx_writer_covers_the_declared_fields() -> None:
    tbx = {(part, f.name) for part, fields in [(None, CONCEPT_FIELDS), *PARTS] for f in fields
           if "tbx" in f.formats}  # fmt: skip
    json_fields = {(part, f.name) for part, fields in [(None, CONCEPT_FIELDS), *PARTS]
                   for f in fields if f.json}  # fmt: skip
    # everything the JSON holds goes to TBX, except the forms TBX has no place for
    assert json_fields - tbx == {
        (None, "since"),
        (None, "components"),
        ("zh", "pinyin_numbered"),
        ("zh", "zhuyin"),
    }
