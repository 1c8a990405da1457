"""Where the term files and the database live, in a checkout and in an installed package.

Uses os.path rather than pathlib: the lookup fast path imports this module.
"""

from __future__ import annotations

import os

PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))
APP_NAME = "policy-glossary"


def bundled_terms() -> str:
    """The term files shipped with the package (inside the wheel) or beside it (a checkout)."""
    inside = os.path.join(PACKAGE_DIR, "terms")
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(PACKAGE_DIR), "terms")


def user_data_dir() -> str:
    """The user's data folder for this application (XDG on Linux)."""
    from platformdirs import user_data_dir as platform_user_data_dir

    return str(platform_user_data_dir(APP_NAME, appauthor=False))


def default_db(terms: str | os.PathLike[str]) -> str:
    """The database for a terms folder: next to terms/ in a checkout, else the user data folder."""
    terms = os.path.realpath(os.fspath(terms))
    parent = os.path.dirname(terms)
    if os.path.isfile(os.path.join(parent, "pyproject.toml")) and os.access(parent, os.W_OK):
        return os.path.join(parent, "glossary.db")
    if terms == os.path.realpath(bundled_terms()):
        return os.path.join(user_data_dir(), "glossary.db")
    import hashlib

    digest = hashlib.sha256(terms.encode()).hexdigest()[:10]
    return os.path.join(user_data_dir(), f"glossary-{digest}.db")


def resolve(terms: str | None, db: str | None) -> tuple[str, str]:
    """The terms folder and database to use, given the options (or environment) set.

    A database named without a terms folder is used with the folder it was built from, when
    that folder still exists, so that `--db other.db` never rebuilds it from other terms.
    """
    if not terms and db:
        from glossary.dbfile import recorded_setting

        recorded = recorded_setting(db, "terms_dir")
        if recorded and os.path.isdir(recorded):
            terms = recorded
    terms = terms or bundled_terms()
    return terms, db or default_db(terms)
