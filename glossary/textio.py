"""Reading the texts that annotate, check, lint and extract work on: UTF-8, or a clear error."""

from __future__ import annotations

import codecs
import os
import re
from bisect import bisect_right
from typing import BinaryIO


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


MAX_INPUT_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024


def read_stream(
    stream: BinaryIO, name: str, limit: int = MAX_INPUT_BYTES, *, binary: bool = False
) -> bytes:
    """Read a stream in chunks: InputError at the first NUL byte (unless UTF-16) or past `limit`.

    So `lint /dev/zero` or a multi-gigabyte file fails after one chunk, not after reading it all.
    """
    chunks: list[bytes] = []
    total = 0
    utf16: bool | None = None
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        if utf16 is None:
            utf16 = binary or chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if not utf16 and b"\x00" in chunk:
            raise InputError(f"{name}: binary file (NUL bytes), expected UTF-8 text")
        total += len(chunk)
        if total > limit:
            raise InputError(f"{name}: larger than {limit // (1024 * 1024)} MiB; split it")
        chunks.append(chunk)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes (see `read_stream`); InputError naming the file when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return read_stream(handle, os.fspath(path))
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
