"""The narrow interface the site uses for annotation and checking (see web/README.md).

glossary.annotate and glossary.check are written on other branches. When a module is not
installed the site answers 501 "not available yet" instead of guessing results.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import abort

from glossary.query import Glossary

MATCH_FIELDS = ("start", "end", "text", "concept", "form", "pinyin", "rendering")
ISSUE_FIELDS = ("segment", "concept", "kind", "expected", "found")


def _feature(module: str, function: str) -> Callable[..., Any] | None:
    """`module.function` if the module is installed, else None (errors inside it propagate)."""
    try:
        if importlib.util.find_spec(module) is None:
            return None
    except ModuleNotFoundError:
        return None
    found = getattr(importlib.import_module(module), function, None)
    return found if callable(found) else None


def annotate_available() -> bool:
    """True when glossary.annotate.annotate_text is installed."""
    return _feature("glossary.annotate", "annotate_text") is not None


def check_available() -> bool:
    """True when glossary.check.check_pairs is installed."""
    return _feature("glossary.check", "check_pairs") is not None


def require(module: str, function: str, what: str) -> Callable[..., Any]:
    """The feature's function, or abort with 501 naming what is missing."""
    found = _feature(module, function)
    if found is None:
        abort(501, description=f"{what} is not available yet ({module} is not installed).")
    return found


@dataclass(frozen=True)
class Highlight:
    """A run of the annotated text: plain (match None) or one glossary term found."""

    text: str
    match: dict[str, Any] | None = None


def match_dict(match: Any) -> dict[str, Any]:
    """A match object as JSON-ready fields (start, end, text, concept, form, pinyin, rendering)."""
    return {name: getattr(match, name, None) for name in MATCH_FIELDS}


def annotate(glossary: Glossary, text: str) -> list[dict[str, Any]]:
    """Every glossary term found in `text` (glossary.annotate.annotate_text), as dicts."""
    annotate_text = require("glossary.annotate", "annotate_text", "Annotation")
    return [match_dict(m) for m in annotate_text(glossary, text)]


def highlights(text: str, matches: Iterable[dict[str, Any]]) -> list[Highlight]:
    """Cut a text into plain runs and matched terms; overlapping or bad offsets are skipped."""
    runs: list[Highlight] = []
    cursor = 0
    for match in sorted(matches, key=lambda m: (m["start"], -m["end"])):
        start, end = match["start"], match["end"]
        if not (isinstance(start, int) and isinstance(end, int)):
            continue
        if start < cursor or end <= start or end > len(text):
            continue
        if start > cursor:
            runs.append(Highlight(text[cursor:start]))
        runs.append(Highlight(text[start:end], match))
        cursor = end
    if cursor < len(text):
        runs.append(Highlight(text[cursor:]))
    return runs


def terms_found(matches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The distinct concepts among the matches, in order of first appearance, with counts."""
    found: dict[str, dict[str, Any]] = {}
    for match in matches:
        item = found.setdefault(match["concept"], {**match, "count": 0, "forms": []})
        item["count"] += 1
        if match["text"] not in item["forms"]:
            item["forms"].append(match["text"])
    return list(found.values())


@dataclass(frozen=True)
class CheckResult:
    """A check report: as JSON for tools (report.to_json()), and its issues for the page."""

    report: dict[str, Any]
    issues: list[dict[str, Any]]


def check(glossary: Glossary, pairs: list[tuple[str, str]]) -> CheckResult:
    """Check aligned (source, translation) pairs with glossary.check.check_pairs."""
    check_pairs = require("glossary.check", "check_pairs", "Checking")
    report = check_pairs(glossary, pairs)
    data = report.to_json()
    if isinstance(data, str | bytes):
        data = json.loads(data)
    issues = [
        {name: getattr(issue, name, None) for name in ISSUE_FIELDS} for issue in report.issues
    ]
    return CheckResult(data if isinstance(data, dict) else {"report": data}, issues)


def aligned_pairs(source: str, translation: str) -> list[tuple[str, str]]:
    """Pair the lines of two texts (line N with line N); ValueError if the counts differ."""
    source_lines = source.rstrip("\r\n").splitlines()
    target_lines = translation.rstrip("\r\n").splitlines()
    if len(source_lines) != len(target_lines):
        raise ValueError(
            f"the source has {len(source_lines)} lines and the translation "
            f"{len(target_lines)}: align them line by line"
        )
    return list(zip(source_lines, target_lines, strict=True))


def decode_upload(data: bytes) -> str:
    """An uploaded text file as str: UTF-8 (with or without BOM) or UTF-16 with BOM."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError("the file is not UTF-8 text") from error
