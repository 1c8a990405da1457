"""The status vocabulary of English renderings, in one place.

Every other module takes the names, their order, their meaning (accepted or avoided), their
labels, colours and the TBX mapping from here, and the one rule for "the preferred
rendering of an entry" (`preferred_rendering`). A new status is one row of `_TABLE`.

No imports: the lookup fast path loads this module.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

# name, accepted, search rank, label on the site, terminal colour, TBX administrativeStatus.
# Rows are in file order (the order the site groups renderings in and messages list them).
# The search rank puts a superseded rendering (right once) above a deprecated one (never
# right) when both match a query equally well.
_TABLE = (
    ("preferred", True, 0, "Preferred", "green", "preferredTerm-admn-sts"),
    ("admitted", True, 1, "Admitted", "cyan", "admittedTerm-admn-sts"),
    ("deprecated", False, 3, "Avoid (deprecated)", "red", "deprecatedTerm-admn-sts"),
    ("superseded", False, 2, "Superseded", "yellow", "supersededTerm-admn-sts"),
)

STATUSES: tuple[str, ...] = tuple(row[0] for row in _TABLE)
PREFERRED, ADMITTED, DEPRECATED, SUPERSEDED = STATUSES
ACCEPTED: tuple[str, ...] = tuple(row[0] for row in _TABLE if row[1])  # in preference order
AVOIDED: tuple[str, ...] = tuple(row[0] for row in _TABLE if not row[1])
SEARCH_RANK: dict[str, int] = {row[0]: row[2] for row in _TABLE}
LABELS: dict[str, str] = {row[0]: row[3] for row in _TABLE}
TERMINAL_COLOURS: dict[str, str] = {row[0]: row[4] for row in _TABLE}
TBX_STATUS: dict[str, str] = {row[0]: row[5] for row in _TABLE}
DEFAULT_IMPORTED = ADMITTED  # the status of a rendering whose file says none

# What other tools write for these statuses (compared without spaces, lowercased).
_ALIASES = {
    **{value.lower(): status for status, value in TBX_STATUS.items()},
    **{status: status for status in STATUSES},
    "standardizedterm-admn-sts": PREFERRED,
    "legalterm-admn-sts": ADMITTED,
    "regulatedterm-admn-sts": ADMITTED,
    "approved": PREFERRED,
    "new": ADMITTED,
    "forbidden": DEPRECATED,
    "forbiddenterm-admn-sts": DEPRECATED,
    "notrecommended": DEPRECATED,
    "avoid": DEPRECATED,
    "obsolete": SUPERSEDED,
    "outdated": SUPERSEDED,
}


def status_from(value: str | None) -> str | None:
    """A status of the termbase for a status written by some tool; None if unknown."""
    if value is None:
        return None
    return _ALIASES.get(value.strip().replace(" ", "").lower())


def is_avoided(status: str | None) -> bool:
    """True for a status that marks a rendering not to use (deprecated, superseded)."""
    return status in AVOIDED


def best(renderings: Iterable[Any], status_of: Any = None) -> Any:
    """The preferred rendering, else the first admitted one, else None.

    The one rule for "the rendering of an entry". `renderings` are in file order; `status_of`
    reads a rendering's status (default: the `status` key of a mapping).
    """
    read = status_of or (lambda rendering: rendering["status"])
    ordered = list(renderings)
    for status in ACCEPTED:
        for rendering in ordered:
            if read(rendering) == status:
                return rendering
    return None


def preferred_rendering(entry: Mapping[str, Any]) -> dict[str, Any] | None:
    """An entry's preferred rendering, else its first admitted one (None if it has neither)."""
    found: dict[str, Any] | None = best(entry["en"])
    return found


def preferred_term(entry: Mapping[str, Any]) -> str:
    """The English of an entry's preferred rendering ('' if it has none)."""
    rendering = preferred_rendering(entry)
    return str(rendering["term"]) if rendering else ""


def with_status(entry: Mapping[str, Any], *statuses: str) -> list[dict[str, Any]]:
    """The renderings of an entry with one of the given statuses, in file order."""
    return [en for en in entry["en"] if en["status"] in statuses]


def accepted_sql(column: str = "status") -> tuple[str, str]:
    """SQL for the accepted statuses: an `in (...)` list and an `order by` term ranking them."""
    names = ", ".join(f"'{status}'" for status in ACCEPTED)
    ranking = " ".join(f"when '{status}' then {i}" for i, status in enumerate(ACCEPTED))
    return f"{column} in ({names})", f"case {column} {ranking} end"
