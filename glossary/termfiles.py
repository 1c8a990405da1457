"""Reading and writing the term files: TOML in, dataclasses out, errors with file and line."""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from glossary.model import (
    Concept,
    Domain,
    Problem,
    Source,
    check_references,
    concept_from_dict,
    concept_to_dict,
    domain_from_dict,
    source_from_dict,
)

SOURCES_FILE = "sources.toml"
DOMAINS_FILE = "domains.toml"


@dataclass(frozen=True)
class FileProblem:
    """A problem located in a file: prints as `path:line: field: message`."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class TermbaseError(Exception):
    """The term files have problems; `problems` lists every one of them."""

    def __init__(self, problems: list[FileProblem]):
        super().__init__(f"{len(problems)} problem(s) in the term files")
        self.problems = problems


@dataclass
class Termbase:
    """Everything in terms/: concepts (with the file each came from), sources and domains."""

    root: Path
    concepts: dict[str, Concept] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)


def term_file_paths(root: Path) -> list[Path]:
    """Every concept file under a terms folder, sorted (one level of domain folders)."""
    return sorted(p for p in root.glob("*/*.toml") if not p.name.startswith("."))


def read_toml(path: Path) -> tuple[dict[str, Any] | None, str, list[FileProblem]]:
    """Parse a TOML file; on failure return the problem with the line tomllib reports."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, "", [FileProblem(path, 1, "", f"cannot read: {error.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, "", [FileProblem(path, line, "", "is not valid UTF-8")]
    try:
        return tomllib.loads(text), text, []
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = int(match.group(1)) if match else 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        return None, text, [FileProblem(path, line, "", f"invalid TOML: {message}")]


def locate(text: str, field_path: str) -> int:
    """The line of a field path (`en[1].status`, `related`) in a term file's text; 1 if unknown."""
    table, index, key = None, 0, field_path
    match = re.match(r"^(\w+)\[(\d+)\](?:\.(\w+))?", field_path)
    if match:
        table, index, key = match.group(1), int(match.group(2)), match.group(3) or ""
    else:
        key = field_path.split(".")[0]
    lines = text.splitlines()
    start, end = 0, len(lines)
    if table is not None:
        headers = [i for i, line in enumerate(lines) if line.strip() == f"[[{table}]]"]
        if index >= len(headers):
            return headers[-1] + 1 if headers else 1
        start = headers[index]
        following = [
            i for i, line in enumerate(lines) if i > start and line.lstrip().startswith("[")
        ]
        end = following[0] if following else len(lines)
        if not key:
            return start + 1
    else:
        headers = [i for i, line in enumerate(lines) if line.lstrip().startswith("[")]
        end = headers[0] if headers else len(lines)
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=')
    for i in range(start, end):
        if pattern.match(lines[i]):
            return i + 1
    return start + 1


def locate_problems(path: Path, text: str, problems: list[Problem]) -> list[FileProblem]:
    """Attach the line of each problem's field in a term file."""
    return [FileProblem(path, locate(text, p.field), p.field, p.message) for p in problems]


def _read_table_file(path: Path, parse: Any) -> tuple[dict[str, Any], list[FileProblem]]:
    data, text, problems = read_toml(path)
    items: dict[str, Any] = {}
    if data is None:
        return items, problems
    for key, value in data.items():
        item, item_problems = parse(key, value)
        if item_problems:
            problems += [
                FileProblem(path, _field_line(text, key, p.field), p.field, p.message)
                for p in item_problems
            ]
        else:
            items[key] = item
    return items, problems


def _header_line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() in (f"[{key}]", f'["{key}"]'):
            return number
    return 1


def _field_line(text: str, key: str, field_path: str) -> int:
    """The line of a field (`key.name`) in table `[key]` of a file; else the header's line."""
    header = _header_line(text, key)
    name = field_path.removeprefix(f"{key}.")
    if name == field_path:
        return header
    pattern = re.compile(rf'^\s*"?{re.escape(name)}"?\s*=')
    for number, line in enumerate(text.splitlines()[header:], start=header + 1):
        if line.lstrip().startswith("["):
            break
        if pattern.match(line):
            return number
    return header


def source_problems(termbase: Termbase) -> list[FileProblem]:
    """Warnings about sources.toml: sources without a publisher, date or language."""
    from glossary.model import source_warnings

    path = termbase.root / SOURCES_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return [
        FileProblem(path, _field_line(text, key, p.field) if text else 1, p.field, p.message)
        for key, source in termbase.sources.items()
        for p in source_warnings(source)
    ]


def load_termbase(root: Path) -> Termbase:
    """Load and validate a terms folder; raise TermbaseError listing every problem found."""
    root = Path(root)
    from glossary.termtx import recover

    recover(root)  # finish or discard a change a killed writer left
    termbase = Termbase(root=root)
    problems: list[FileProblem] = []
    if not root.is_dir():
        raise TermbaseError([FileProblem(root, 1, "", "terms folder not found")])
    for name, parse, target in (
        (SOURCES_FILE, source_from_dict, termbase.sources),
        (DOMAINS_FILE, domain_from_dict, termbase.domains),
    ):
        path = root / name
        if not path.exists():
            problems.append(FileProblem(path, 1, "", "file is missing"))
            continue
        items, item_problems = _read_table_file(path, parse)
        target.update(items)
        problems += item_problems

    texts: dict[str, str] = {}
    known_ids: set[str] = set()  # ids of files with problems still count as existing
    for path in term_file_paths(root):
        known_ids.add(path.stem)
        data, text, file_problems = read_toml(path)
        problems += file_problems
        if data is None:
            continue
        concept, concept_problems = concept_from_dict(data)
        problems += locate_problems(path, text, concept_problems)
        if concept is None:
            continue
        if concept.id != path.stem:
            problems.append(
                FileProblem(
                    path,
                    locate(text, "id"),
                    "id",
                    f"{concept.id!r} must equal the file name {path.stem!r}",
                )
            )
        if concept.domains and concept.domains[0] != path.parent.name:
            problems.append(
                FileProblem(
                    path,
                    locate(text, "domains"),
                    "domains",
                    f"first domain {concept.domains[0]!r} must be the folder {path.parent.name!r}",
                )
            )
        if concept.id in termbase.concepts:
            other = termbase.paths[concept.id]
            problems.append(
                FileProblem(
                    path, locate(text, "id"), "id", f"{concept.id!r} is also used by {other}"
                )
            )
            continue
        termbase.concepts[concept.id] = concept
        termbase.paths[concept.id] = path
        texts[concept.id] = text

    concept_ids = set(termbase.concepts) | known_ids
    owners: dict[str, str] = {}
    for concept_id, concept in termbase.concepts.items():
        path, text = termbase.paths[concept_id], texts[concept_id]
        reference_problems = check_references(
            concept, concept_ids, set(termbase.sources), set(termbase.domains)
        )
        problems += locate_problems(path, text, reference_problems)
        for index, zh in enumerate(concept.zh):
            owner = owners.setdefault(zh.term, concept_id)
            if owner != concept_id:
                field_path = f"zh[{index}].term"
                problems.append(
                    FileProblem(
                        path,
                        locate(text, field_path),
                        field_path,
                        f"{zh.term!r} already belongs to concept {owner!r}",
                    )
                )
    if problems:
        raise TermbaseError(sorted(problems, key=lambda p: (str(p.path), p.line)))
    return termbase


def iter_term_problems(termbase: Termbase, check: Any) -> Iterator[FileProblem]:
    """Run `check(concept) -> list[Problem]` over every concept, locating what it reports."""
    for concept_id, concept in termbase.concepts.items():
        path = termbase.paths[concept_id]
        problems = check(concept)
        if problems:
            yield from locate_problems(path, path.read_text(encoding="utf-8"), problems)


def dumps_concept(concept: Concept) -> str:
    """The canonical text of a term file: fixed key order, inline arrays, one table per term."""
    data = concept_to_dict(concept)
    tables = {key: data.pop(key) for key in ("zh", "en", "context") if key in data}
    blocks = [_toml_lines(data)]
    for key, rows in tables.items():
        blocks += [f"[[{key}]]\n" + _toml_lines(row) for row in rows]
    return "\n".join(blocks)


def _toml_lines(table: dict[str, Any]) -> str:
    return "".join(f"{key} = {_toml_value(value)}\n" for key, value in table.items())


def _toml_value(value: Any) -> str:
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return "[\n" + "".join(f"  {_toml_value(item)},\n" for item in value) + "]"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    # tomli_w knows TOML's string escapes; take the value part of a one-key document
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def write_atomic(path: Path, text: str) -> None:
    """Write a text file (UTF-8, LF) atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write a file by way of a temporary file in the same folder, so a reader never sees half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def concept_path(root: Path, concept: Concept) -> Path:
    """Where a concept's file lives: terms/<first domain>/<id>.toml."""
    return Path(root) / concept.domains[0] / f"{concept.id}.toml"
