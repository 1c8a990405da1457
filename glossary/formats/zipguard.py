"""Zip archives (XLSX) checked before anything unpacks them: no zip bombs.

A workbook's central directory declares each member's compressed and uncompressed size;
Python's zipfile never inflates a member past its declared size. So refusing archives that
declare too much (a member, the total, the number of members) or compress suspiciously
well bounds the memory and time an import can take, before any XML is parsed.
"""

from __future__ import annotations

import io
import zipfile

MEGABYTE = 1024 * 1024
MAX_MEMBER = 64 * MEGABYTE  # uncompressed, one member (sheet, shared strings)
MAX_TOTAL = 256 * MEGABYTE  # uncompressed, all members
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # uncompressed / compressed, for members past RATIO_FLOOR
RATIO_FLOOR = 4 * MEGABYTE


class UnsafeArchive(ValueError):
    """An archive that declares more than we are willing to unpack; the message says what."""


def check(data: bytes) -> None:
    """Raise UnsafeArchive (or zipfile.BadZipFile) unless every declared size is within bounds."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnsafeArchive(f"{len(members)} members (at most {MAX_MEMBERS})")
        total = 0
        for info in members:
            size = info.file_size
            total += size
            if size > MAX_MEMBER:
                raise UnsafeArchive(
                    f"{info.filename} unpacks to {size / MEGABYTE:,.0f} MiB "
                    f"(at most {MAX_MEMBER // MEGABYTE} MiB a part)"
                )
            if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                raise UnsafeArchive(
                    f"{info.filename} is compressed {size // max(info.compress_size, 1):,} to 1 "
                    f"(a zip bomb? at most {MAX_RATIO} to 1)"
                )
        if total > MAX_TOTAL:
            raise UnsafeArchive(
                f"unpacks to {total / MEGABYTE:,.0f} MiB (at most {MAX_TOTAL // MEGABYTE} MiB)"
            )
