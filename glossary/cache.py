"""The build's cache folder: what a build derives from inputs that rarely change, kept for the
next build (the compiled layers in glossary.layers, the Chinese forms of each term here).

The folder is GLOSSARY_CACHE_DIR, else the user's cache folder. Every file in it is named
by a key of everything it was made from, so a stale file is never read: it is replaced.
Nothing in it is needed: a build that cannot write it compiles everything itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.dbfile import flocked
from glossary.locations import PACKAGE_DIR

if TYPE_CHECKING:
    from glossary.chinese import ChineseForms

FormsKey = tuple[str, str | None, str | None, str | None]  # term, pinyin, tw, hk as written


def cache_dir() -> Path:
    """The cache folder: GLOSSARY_CACHE_DIR, else the user's cache folder."""
    chosen = os.environ.get("GLOSSARY_CACHE_DIR", "").strip()
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_dir

    from glossary.locations import APP_NAME

    return Path(user_cache_dir(APP_NAME, appauthor=False))


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the cache folder's lock (a lock file in it): one process compiles at a time."""
    with flocked(folder / "cache.lock", os.O_RDWR | os.O_CREAT):
        yield


def code_digest(*modules: str) -> str:
    """A SHA-256 of these glossary modules' source: an edited module makes its cache stale."""
    digest = hashlib.sha256()
    for module in modules:
        with open(os.path.join(PACKAGE_DIR, f"{module}.py"), "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def tool_versions() -> str:
    """The installed OpenCC and pypinyin (read without importing them: pypinyin takes 0.5 s)."""
    from importlib.metadata import version

    return f"opencc {version('opencc')}, pypinyin {version('pypinyin')}"


def _forms_file() -> Path:
    versions = f"{tool_versions()} {code_digest('chinese', 'normalize')}"
    return cache_dir() / f"forms-{hashlib.sha256(versions.encode()).hexdigest()[:16]}.json"


def load_forms() -> dict[FormsKey, ChineseForms]:
    """The Chinese forms derived by earlier builds (empty when there are none to read)."""
    from glossary.chinese import ChineseForms

    try:
        rows = json.loads(_forms_file().read_text(encoding="utf-8"))
        return {
            (row["term"], *row["written"]): ChineseForms(
                **{**row["forms"], "syllables": tuple(row["forms"]["syllables"])}
            )
            for row in rows
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def save_forms(forms: dict[FormsKey, ChineseForms]) -> None:
    """Keep the forms this build derived for the next one (quietly skipped if it cannot)."""
    rows = [
        {"term": key[0], "written": key[1:], "forms": value.__dict__}
        for key, value in forms.items()
    ]
    with contextlib.suppress(OSError):
        path = _forms_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".forms-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(rows, file, ensure_ascii=False)
            os.replace(name, path)
        finally:
            Path(name).unlink(missing_ok=True)
        for other in path.parent.glob("forms-*.json"):  # of other versions: never read again
            if other != path:
                other.unlink(missing_ok=True)
