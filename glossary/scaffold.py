"""A new, empty termbase: what `glossary init` writes, and what an import into an empty
folder starts from.

A termbase needs two files besides its term files: `sources.toml` (the bibliography) and
`domains.toml` (the domains, which name the folders). A new one has both with nothing in
them but comments that say what goes there, and a README pointing to how a term file is
written. `glossary validate`, `build` and `serve` work on it as it is (no concepts).
"""

from __future__ import annotations

import os
from pathlib import Path

from glossary.fields import SOURCE_KINDS
from glossary.locations import bundled_terms
from glossary.termfiles import DOMAINS_FILE, SOURCES_FILE, write_atomic

README_FILE = "README.md"

SOURCES_TEXT = f"""\
# Bibliography: every context and rendering cites one of these keys.
#
# [xinhua-2024]
# author = "Xinhua"
# title = "The title as published"
# publisher = "Xinhua News Agency"
# date = "2024-03"                # YYYY, YYYY-MM or YYYY-MM-DD
# url = "https://..."
# kind = "press"                  # {", ".join(SOURCE_KINDS)}
# lang = "zh,en"                  # the languages the source is in
"""

DOMAINS_TEXT = """\
# Domains: the first domain of a concept names its folder in this termbase.
# `glossary import` into a termbase without domains takes the subject fields its file names.
#
# [economy]
# name = "Economy and finance"
# zh = "经济与金融"
"""


def readme_text() -> str:
    """The new termbase's README: what the folder holds and where the full guide is."""
    guide = os.path.join(bundled_terms(), README_FILE)
    return f"""\
# Term files

A termbase of the Chinese-English policy glossary: one TOML file per concept, in the folder
of its first domain (`economy/dual-circulation.toml`); `{SOURCES_FILE}` is the bibliography
and `{DOMAINS_FILE}` the list of domains.

How to write a term file: {guide} (`terms/README.md` in the glossary's source).

    glossary --terms THIS-FOLDER import glossary.tbx   # TBX, CSV, TSV, XLSX or OmegaT
    glossary --terms THIS-FOLDER new 双循环 "dual circulation" --domain economy
    glossary --terms THIS-FOLDER validate
    glossary --terms THIS-FOLDER build
    glossary --terms THIS-FOLDER serve
"""


def files() -> dict[str, str]:
    """The files of a new termbase, by name, with their text."""
    return {SOURCES_FILE: SOURCES_TEXT, DOMAINS_FILE: DOMAINS_TEXT, README_FILE: readme_text()}


def is_new(root: Path) -> bool:
    """True for a folder that does not exist yet or is empty: a termbase to be made."""
    return not root.exists() or (root.is_dir() and not any(root.iterdir()))


class NotEmpty(Exception):
    """The folder already holds something: a termbase is made only in a new or empty one."""


def init(root: Path) -> list[Path]:
    """Write a new termbase's files into a new or empty folder; the paths written.

    NotEmpty when the folder holds anything (or is a file): nothing is written then.
    """
    root = Path(root)
    if not is_new(root):
        what = "a file" if not root.is_dir() else "not empty"
        raise NotEmpty(f"{root} is {what}: a termbase is made only in a new or empty folder")
    written = []
    for name, text in files().items():
        write_atomic(root / name, text)
        written.append(root / name)
    return written
