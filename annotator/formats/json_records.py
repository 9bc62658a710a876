"""Reading the JSON values of a file in one pass, line by line: JSON Lines, pretty-printed objects, one array.

Every JSON-based importer (jsonl, Prodigy, doccano, Label Studio) reads its
records through ``iter_json_file``. The file is read in whole lines and each
value is parsed as soon as its lines are in, so the time is linear in the
file's size and the memory is that of the longest record, never the whole text
(a minified array on one line is the exception: its one line is its text).
Each value is named by the line it starts on (``FILE:LINE``, array items too;
an item sharing its line with another adds its column: ``FILE:1:245``).

A value that does not parse, or is nested too deeply for the parser, yields
``BadInput`` and reading goes on at the next line that starts a record, so
``--skip-invalid`` can go past it. Inside the array that makes up a file there
is no such next record: the rest of that array is not read, and the message
says so.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.formats.reader import _BINARY_BYTES, BadInput, read_text

Value = tuple[str, Any] | BadInput

_WHITESPACE = re.compile(r"[ \t\r\n]*")
# Encodings in which b"\n" is a newline and nothing else, so a file can be split into lines as bytes.
_LINE_SAFE = {"utf-8", "ascii", "latin-1", "iso8859-1", "iso8859-15", "cp1250", "cp1251", "cp1252"}
_HEAD = 8192
_CHUNK = 1 << 20
_TOO_DEEP = "arrays and objects nested too deeply to read"


def iter_json_file(path: Path, *, encoding: str | None = None) -> Iterator[Value]:
    """The JSON values of a file, read line by line (see the module docstring).

    Files that are not plain UTF-8 (or another ASCII-based encoding) text, and
    files ``read_text`` would refuse, are read whole through ``read_text``, so
    its checks and messages hold for every JSON format.
    """
    lines = _file_lines(path, encoding)
    if lines is None:
        yield from iter_json(path, read_text(path, encoding=encoding))
    else:
        yield from _scan(path, lines)


def iter_json(path: Path, text: str) -> Iterator[Value]:
    """The JSON values of a text already read (see the module docstring)."""
    return _scan(path, _text_lines(text))


def _text_lines(text: str) -> Iterator[str]:
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start) + 1 or n
        yield text[start:end]
        start = end


def _file_lines(path: Path, encoding: str | None) -> Iterator[str] | None:
    """The file's lines, decoded; None when the file must go through ``read_text``."""
    try:
        codec = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        return None
    if codec not in _LINE_SAFE:
        return None
    try:
        with path.open("rb") as file:
            head = file.read(_HEAD)
            # Let read_text judge anything unusual: an empty file, a BOM, control bytes.
            if head.startswith(codecs.BOM_UTF8):
                head = head[len(codecs.BOM_UTF8) :]
            if not head.strip() or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return None
            if len(head.translate(None, _BINARY_BYTES)) < len(head):
                return None
            # One decoding pass first (a fraction of the parse), so a byte that
            # does not decode refuses the whole file, with read_text's message.
            file.seek(0)
            decoder = codecs.getincrementaldecoder(codec)()
            for chunk in iter(lambda: file.read(_CHUNK), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return None
    return _decoded_lines(path, codec)


def _decoded_lines(path: Path, codec: str) -> Iterator[str]:
    with path.open("rb") as file:
        # A UTF-8 BOM is dropped whatever the encoding, as read_text drops it.
        if file.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
            file.seek(0)
        with io.TextIOWrapper(file, encoding=codec, newline="\n") as lines:
            try:
                yield from lines
            except UnicodeDecodeError:
                raise BadInput(str(path), "the file changed while it was being read") from None


class _Text:
    """The part of the file being parsed: whole lines, ``buf`` starting at a line start."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.buf = ""
        self.base = 1  # the line number of buf[0]
        self.ended = False
        # buf[:clean] holds no newline: a long line is searched once, not once per value on it.
        self.clean = 0

    def next_line(self) -> bool:
        """Replace the (read) buffer by the next line; False at the end of the file."""
        self.base += self.buf.count("\n")
        self.clean = 0
        for line in self.lines:
            self.buf = line
            return True
        self.buf = ""
        self.ended = True
        return False

    def extend(self) -> bool:
        """Add lines until the buffer has (at least) doubled; False when none are left."""
        want = max(len(self.buf), 4096)
        parts, grown = [self.buf], 0
        for line in self.lines:
            parts.append(line)
            grown += len(line)
            if grown >= want:
                break
        else:
            self.ended = True
        if grown:
            self.buf = "".join(parts)
        return grown > 0

    def keep_from_line_of(self, pos: int) -> int:
        """Forget the lines before the one holding ``pos``; returns pos in the new buffer."""
        start = self.buf.rfind("\n", self.clean, pos) + 1
        if start:
            self.base += self.buf.count("\n", 0, start)
            self.buf = self.buf[start:]
        self.clean = pos - start
        return pos - start

    def next_record(self, pos: int) -> int | None:
        """The position of the next line after ``pos`` that starts with ``{`` or ``[``."""
        buf = self.buf
        found = re.compile(r"\n[\[{]").search(buf, pos)
        if found is not None:
            return self.keep_from_line_of(found.start() + 1)
        while self.next_line():
            if self.buf[:1] in ("{", "["):
                return 0
        return None


def _problem(exc: json.JSONDecodeError, text: _Text, line: int) -> str:
    at_line = text.base + exc.lineno - 1
    at = f"line {at_line}, column {exc.colno}" if at_line != line else f"column {exc.colno}"
    # Some messages already end in "at" ("Invalid control character at").
    return f"not valid JSON ({exc.msg.removesuffix(' at')} at {at})"


def _scan(path: Path, lines: Iterator[str]) -> Iterator[Value]:
    decoder = json.JSONDecoder()
    decode, loads = decoder.raw_decode, decoder.decode
    match_whitespace = _WHITESPACE.match

    def whitespace_end(buf: str, pos: int = 0) -> int:
        found = match_whitespace(buf, pos)  # always matches (possibly nothing)
        return found.end() if found is not None else pos

    text = _Text(lines)
    pos = 0
    first = True
    # Inside the array that makes up the file: None (not in one), "item", "item or ]", ", or ]".
    array: str | None = None
    array_line = 0
    while True:
        buf = text.buf
        pos = whitespace_end(buf, pos)
        if pos >= len(buf):
            if array is None and not first:
                # JSON Lines: one value per line, parsed whole; any other line
                # (blank lines aside) goes through the general path below.
                base = text.base + buf.count("\n")
                text.buf, text.clean, pos = "", 0, 0
                for raw in text.lines:
                    stripped = raw.strip(" \t\r\n")
                    if stripped:
                        try:
                            value = loads(stripped)
                        except (ValueError, RecursionError):
                            text.buf = raw
                            break
                        yield f"{path}:{base}", value
                    base += 1
                else:
                    text.ended = True
                text.base = base
                if text.ended:
                    break
                continue
            if not text.next_line():
                break
            pos = 0
            continue
        pos = text.keep_from_line_of(pos)
        buf, line = text.buf, text.base
        char = buf[pos]
        if array is None and first and line == 1 and char == "[":
            array, array_line, first = "item or ]", line, False
            pos += 1
            continue
        if array is not None:
            if char == "]" and array != "item":
                array = None
                pos += 1
                continue
            if array == ", or ]":
                if char != ",":
                    column = f":{pos + 1}" if whitespace_end(buf) < pos else ""
                    yield BadInput(
                        f"{path}:{line}{column}",
                        f"not valid JSON (Expecting ',' delimiter at column {pos + 1}); "
                        "the rest of the array is not read",
                    )
                    return
                array = "item"
                pos += 1
                continue
        first = False
        try:
            value, end = decode(buf, pos)
        except json.JSONDecodeError as exc:
            if exc.pos >= len(buf) and not text.ended and text.extend():
                continue  # the value goes on in the next lines
            problem = _problem(exc, text, line)
        except RecursionError:
            problem = _TOO_DEEP
        else:
            if array is None:
                yield f"{path}:{line}", value
            else:
                # Text before the item on its line (the "[" or another item): name the column.
                column = f":{pos + 1}" if whitespace_end(buf) < pos else ""
                yield f"{path}:{line}{column}", value
                array = ", or ]"
            pos = end
            continue
        if array is not None:
            column = f":{pos + 1}" if whitespace_end(buf) < pos else ""
            yield BadInput(f"{path}:{line}{column}", f"{problem}; the rest of the array is not read")
            return
        yield BadInput(f"{path}:{line}", problem)
        # Go on at the next line that starts a record (JSON Lines: the next line).
        found = text.next_record(pos + 1)
        if found is None:
            return
        pos = found
    if array is not None:
        yield BadInput(
            f"{path}:{array_line}", "not valid JSON (the array is not closed: ']' missing at the end)"
        )
