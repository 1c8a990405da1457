"""Reading the texts that annotate, check, lint and extract work on: UTF-8, or a clear error."""

from __future__ import annotations

import codecs
import os
import re
from bisect import bisect_right


class InputError(Exception):
    """Input that cannot be used; the message is one line that names the file."""


STDIN_NAME = "<stdin>"


def decode_text(data: bytes, name: str) -> str:
    """Bytes as text: UTF-8 (a BOM is dropped) or UTF-16 with a BOM; InputError otherwise.

    An empty (or whitespace-only) input and a binary one are errors, so that a wrong file
    name or a PDF passed by mistake fails loudly instead of reporting nothing.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(f"{name}: not valid UTF-16 text ({error.reason})") from None
    else:
        if b"\x00" in data:
            raise InputError(f"{name}: binary file (NUL bytes), expected UTF-8 text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            byte = data[error.start]
            raise InputError(
                f"{name}: not UTF-8 text (byte 0x{byte:02x} at offset {error.start})"
            ) from None
    if not text.strip():
        raise InputError(f"{name}: empty file")
    return text


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes; InputError naming the file when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise InputError(f"{os.fspath(path)}: cannot read ({error.strerror or error})") from None


class LineIndex:
    """Line and column (both from 1, columns in characters) of offsets into one text."""

    def __init__(self, text: str):
        self._starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, column) of a character offset."""
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
