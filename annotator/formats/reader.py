"""What every importer shares: raw records, clear input errors, reading files.

Importers turn files into ``Record`` items (an article's raw text and its
``RawSpan`` list, offsets against that raw text) and yield ``BadInput`` values
for records they cannot read, so ``--skip-invalid`` can go on past them. The
import driver (``annotator.formats.importing``) normalises newlines, checks,
maps labels, snaps and stores.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.model import MANUAL


class BadInput(Exception):
    """One problem with the input: ``where`` names the file (and line or record)."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


@dataclass(slots=True)
class RawSpan:
    """A span as a file states it, before checks, label mapping and snapping.

    ``text`` is the span text the file stores beside the offsets (checked
    against them); ``layer`` is None when the label's schema layer decides.
    """

    start: int
    end: int
    label: str
    text: str | None = None
    layer: str | None = None
    role: str | None = None
    quote_id: int | None = None
    origin: str = MANUAL
    id: int | None = None
    entity_id: int | None = None
    # Where the file states this span (file:line), when finer than the record.
    where: str | None = None


@dataclass(slots=True)
class Record:
    """One article to import, as read: text (``\\r\\n`` not yet normalised) and spans."""

    where: str
    text: str
    spans: list[RawSpan] = field(default_factory=list)
    title: str = ""
    source: str = ""
    url: str = ""
    lang: str = "en"
    meta: dict[str, Any] = field(default_factory=dict)
    # Records a file marks as not for import (Prodigy reject/ignore): reported, skipped.
    skip: str | None = None
    # The file says a person finished this record (Prodigy accept, a Label Studio
    # annotation): 'done' even when it holds no spans (no entity is evidence too).
    done: bool = False
    # Things dropped on purpose (relations, event triggers ...), summed up in the report.
    notes: list[str] = field(default_factory=list)


Item = Record | BadInput

# Control characters that never occur in text files (tab, newlines, form feed excepted).
_BINARY_BYTES = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"


def read_text(path: Path, *, encoding: str | None = None) -> str:
    """The file's text, or BadInput for a missing, binary, undecodable or empty file.

    Newlines are left exactly as stored (no universal-newline translation), so
    offsets a format gives against ``\\r\\n`` text can still be converted.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(str(path), "no such file or folder") from None
    except IsADirectoryError:
        raise BadInput(str(path), "is a folder, expected a file") from None
    except OSError as exc:
        raise BadInput(str(path), f"cannot read ({exc.strerror})") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if not data.strip():
        raise BadInput(str(path), "the file is empty")
    head = data[:8192]
    # UTF-16/32 text is full of NUL bytes; every other encoding is not.
    wide = encoding is not None and any(n in encoding for n in ("16", "32"))
    if not wide and (b"\x00" in head or len(head.translate(None, _BINARY_BYTES)) < len(head) * 0.9):
        raise BadInput(str(path), "looks like a binary file, not text")
    try:
        return data.decode(encoding or "utf-8")
    except LookupError:
        raise BadInput(str(path), f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BadInput(
            str(path),
            f"not valid {encoding or 'UTF-8'} (byte 0x{data[exc.start]:02x} at offset {exc.start}, "
            f"line {line}); give the file's encoding with --encoding, e.g. --encoding latin-1",
        ) from None


def line_of(text: str, pos: int) -> int:
    """The line ``pos`` is on (counts from the start: for one position, not in a loop)."""
    return text.count("\n", 0, pos) + 1


def iter_json(path: Path, text: str) -> Iterator[tuple[str, Any] | BadInput]:
    """JSON values of a text: JSON Lines, pretty-printed objects, or one array (``json_records``)."""
    from annotator.formats.json_records import iter_json as scan

    return scan(path, text)


def read_json_records(
    path: Path, build: Callable[[str, Any], Record], *, encoding: str | None = None
) -> Iterator[Item]:
    """The records of a JSON file: ``build(where, value)`` for each value of the file.

    The file is read line by line (``json_records.iter_json_file``), never
    held whole. A value that does not parse, or that ``build`` refuses with
    BadInput, yields that BadInput and reading goes on (``--skip-invalid``
    decides).
    """
    from annotator.formats.json_records import iter_json_file

    for item in iter_json_file(path, encoding=encoding):
        if isinstance(item, BadInput):
            yield item
            continue
        try:
            yield build(*item)
        except BadInput as exc:
            yield exc
        except RecursionError:
            yield BadInput(item[0], "arrays and objects nested too deeply to read")


def newline_map(raw: str) -> tuple[str, list[int] | None]:
    """The normalised text and, if it changed length, old offset -> new offset.

    Only ``\\r\\n`` shrinks (a lone ``\\r`` becomes ``\\n`` in place), so the
    map is None for text without ``\\r\\n`` (the common case costs nothing).
    """
    if "\r" not in raw:
        return raw, None
    from annotator.model.article import normalise_newlines

    text = normalise_newlines(raw)
    if len(text) == len(raw):
        return text, None
    mapping = [0] * (len(raw) + 1)
    removed = 0
    for i in range(len(raw) + 1):
        mapping[i] = i - removed
        if i < len(raw) and raw[i] == "\r" and raw.startswith("\n", i + 1):
            removed += 1
    return text, mapping


def as_int(value: Any, where: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        raise BadInput(where, f"{what} must be a whole number, got {value!r}")
    return value
