"""`glossary lint`: deprecated and superseded renderings in English prose."""

from __future__ import annotations

import json
from pathlib import Path

from glossary.lint import Linter
from glossary.query import Glossary

DRAFT = """\
China's Double-Circulation strategy leans on domestic demand.
Its neck-strangling problems remain, and the One Belt One Road
strategy was renamed; the Belt and Road Initiative goes on.
"""


def test_every_avoided_rendering_is_found_with_the_preferred_one(aid_glossary: Glossary) -> None:
    findings = Linter(aid_glossary).lint(DRAFT)
    assert [(f.line, f.column, f.text, f.status, f.preferred) for f in findings] == [
        (1, 9, "Double-Circulation", "deprecated", "dual circulation"),
        (2, 5, "neck-strangling", "deprecated", "chokehold"),
        (2, 46, "One Belt One Road", "superseded", "Belt and Road Initiative"),
    ]
    assert all(DRAFT[f.start : f.end] == f.text for f in findings)
    assert findings[2].note == "The official English until 2015."


def test_a_preferred_rendering_is_not_reported_for_what_it_contains(
    aid_glossary: Glossary,
) -> None:
    linter = Linter(aid_glossary)
    assert linter.lint("the Belt and Road Initiative and dual circulation") == []
    (finding,) = linter.lint("the Belt and Road strategies")
    assert (finding.text, finding.rendering) == (
        "Belt and Road strategies",
        "Belt and Road strategy",
    )


def test_lint_prints_file_line_column_and_exits_1(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run("lint", str(draft))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{draft}:1:9: 'Double-Circulation' is deprecated; use 'dual circulation' "
        "[dual-circulation] — Literal calque."
    )
    assert f"{draft}: 3 deprecated rendering(s)" in result.output


def test_lint_json_and_stdin(run) -> None:  # type: ignore[no-untyped-def]
    result = run("lint", "-", "--format", "json", input="the neck-strangling issue\n")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["file"] == "<stdin>"
    assert document["findings"] == [
        {
            "start": 4,
            "end": 19,
            "line": 1,
            "column": 5,
            "text": "neck-strangling",
            "concept": "chokehold",
            "rendering": "neck-strangling",
            "status": "deprecated",
            "preferred": "chokehold",
            "note": "Literal calque.",
            "replaced_in": None,
        }
    ]


def test_clean_prose_exits_0(run) -> None:  # type: ignore[no-untyped-def]
    result = run("lint", "-", input="Dual circulation and the chokehold on chips.\n")
    assert result.exit_code == 0
    assert "<stdin>: 0 deprecated rendering(s)" in result.output
