"""What one annotate or check request may cost: text size, segments, and answer size.

Annotation and checking cost time in proportion to the text, and their answers grow with
the terms found; a request past these limits gets a 413 that names the limit, so a client
can split its text. The limits are in the OpenAPI document (`x-limits`) and web/README.md.
"""

from __future__ import annotations

from typing import Any

from flask import abort

MAX_TEXT_CHARS = 50_000  # characters of text to annotate; of source plus target to check
MAX_SEGMENTS = 1_000  # segment pairs in one check
MAX_MATCHES = 5_000  # glossary terms in one annotate answer
MAX_ISSUES = 5_000  # issues in one check answer

LIMITS = {
    "max_text_chars": MAX_TEXT_CHARS,
    "max_segments": MAX_SEGMENTS,
    "max_matches": MAX_MATCHES,
    "max_issues": MAX_ISSUES,
}


def too_large(message: str) -> None:
    """Stop the request with a 413 that says which limit it passed."""
    abort(413, description=f"{message}; send the text in smaller parts")


def check_text(text: str) -> None:
    """413 for a text to annotate longer than MAX_TEXT_CHARS."""
    if len(text) > MAX_TEXT_CHARS:
        too_large(f"the text has {len(text):,} characters (at most {MAX_TEXT_CHARS:,})")


def check_pairs(pairs: list[tuple[str, str]]) -> None:
    """413 for more than MAX_SEGMENTS pairs or MAX_TEXT_CHARS characters in all."""
    if len(pairs) > MAX_SEGMENTS:
        too_large(f"{len(pairs):,} segments (at most {MAX_SEGMENTS:,})")
    total = sum(len(source) + len(target) for source, target in pairs)
    if total > MAX_TEXT_CHARS:
        too_large(f"the segments have {total:,} characters (at most {MAX_TEXT_CHARS:,})")


def check_answer(items: list[Any], limit: int, what: str) -> None:
    """413 when an answer would list more than `limit` items."""
    if len(items) > limit:
        too_large(f"the answer would list more than {limit:,} {what}")
