"""The layering rules of DESIGN.md, checked on the source: one vocabulary, one declaration,
the site apart from the command line."""

from __future__ import annotations

import ast
from pathlib import Path

from glossary.vocabulary import STATUSES

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted([*(ROOT / "glossary").rglob("*.py"), *(ROOT / "web").rglob("*.py")])


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _modules_quoting(words: set[str]) -> list[str]:
    """The modules with a string literal that is, or (in SQL) quotes, one of the words."""
    found = []
    for path in MODULES:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                if value in words or any(f"'{word}'" in value for word in words):
                    found.append(str(path.relative_to(ROOT)))
                    break
    return found


def test_status_names_are_spelled_in_at_most_two_modules() -> None:
    assert _modules_quoting(set(STATUSES)) == ["glossary/vocabulary.py"]


def test_the_numbered_pinyin_field_is_named_in_at_most_three_modules() -> None:
    named = [
        str(path.relative_to(ROOT))
        for path in MODULES
        if "pinyin_numbered" in path.read_text(encoding="utf-8")
    ]
    assert len(named) <= 3, named
    assert "glossary/fields.py" in named


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_site_imports_nothing_from_the_command_line() -> None:
    for path in (ROOT / "web").rglob("*.py"):
        assert not _imports(path) & {"glossary.cli", "glossary.launcher", "click"}, path


def test_the_library_imports_neither_the_site_nor_the_command_line() -> None:
    for path in (ROOT / "glossary").rglob("*.py"):
        if path.name.startswith("cli") or path.name in ("launcher.py", "__main__.py"):
            continue  # the command line: cli.py and its parts (cli_research.py)
        imported = _imports(path)
        assert not {name for name in imported if name == "web" or name.startswith("web.")}, path
        assert not imported & {"glossary.cli", "glossary.launcher", "flask"}, path
