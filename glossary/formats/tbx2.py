"""TBX v2 (`martif`, TBX-Basic 2008 style with `tig`), for CAT tools that predate TBX v3.

The mapping is the one of tbx.py with v2's element names (termEntry, langSet, tig,
refObjectList). The reader takes both `tig` and `ntig` term sections. This export keeps
everything the importer reads back; OmegaT, whose TBX reader ignores administrativeStatus,
gets its own shape (tbx2_omegat.py).
"""

from __future__ import annotations

from typing import Any, ClassVar

from glossary.formats import ExportContext, Loaded
from glossary.formats.tbx import V2, TbxReader, TbxWriter, is_martif


class Tbx2Format:
    """TBX v2 martif (TBX-Basic 2008) for older CAT tools; translate-toolkit reads it."""

    name: ClassVar[str] = "tbx2"
    extension: ClassVar[str] = ".tbx"
    mimetype: ClassVar[str] = "application/x-tbx"
    label: ClassVar[str] = "TBX v2 (martif) for older CAT tools"
    reads: ClassVar[tuple[str, ...]] = (".tbx", ".xml")

    def claims(self, data: bytes) -> bool:
        """A TBX v2 martif document."""
        return is_martif(data)

    def dumps(self, entries: list[dict[str, Any]], context: ExportContext) -> bytes:
        """The entries as a TBX v2 martif document."""
        return TbxWriter(V2).document(entries, context)

    def loads(self, data: bytes, origin: str) -> Loaded:
        """Concepts of a TBX file (v2 or v3; tig or ntig)."""
        return TbxReader(origin).read(data)
