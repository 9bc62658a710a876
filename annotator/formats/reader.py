"""What every importer shares: raw records, clear input errors, reading files.

Importers turn files into ``Record`` items (an article's raw text and its
``RawSpan`` list, offsets against that raw text) and yield ``BadInput`` values
for records they cannot read, so ``--skip-invalid`` can go on past them. The
import driver (``annotator.formats.importing``) normalises newlines, checks,
maps labels, snaps and stores. ``check_encodable`` keeps lone surrogates
(half characters) out of every record before it reaches the store.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.model import MANUAL


class BadInput(Exception):
    """One problem with the input: ``where`` names the file (and line or record)."""

    def __init__(self, where: str, problem: str) -> None:
        # A file name or record id may hold a lone surrogate (a name's byte that is
        # not UTF-8): the message shows it escaped, so it can always be printed.
        super().__init__(f"{where}: {problem}".encode("utf-8", "backslashreplace").decode("utf-8"))
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


def read_text(path: Path, *, encoding: str | None = None, allow_empty: bool = False) -> str:
    """The file's text, or BadInput for a missing, binary, undecodable or empty file.

    Without ``encoding`` the file is UTF-8, unless it starts with a UTF-16 or
    UTF-32 byte order mark; a UTF-8 one is dropped. ``allow_empty`` returns
    '' for an empty file instead of refusing it.

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
    if encoding is None:
        # A byte order mark names the encoding; UTF-32's is tried first, as it starts with UTF-16's.
        encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    head = data[:8192]
    # UTF-16/32 text is full of NUL bytes; every other encoding is not.
    wide = encoding is not None and _is_wide(encoding)
    if not wide and (b"\x00" in head or len(head.translate(None, _BINARY_BYTES)) < len(head) * 0.9):
        marked = next((name for bom, name in _BOMS if data.startswith(bom)), None)
        if marked is not None:
            raise BadInput(
                str(path), f"starts with a {marked.upper()} byte order mark; leave out --encoding {encoding}"
            )
        raise BadInput(str(path), _binary_problem(head))
    try:
        text = data.decode(encoding or "utf-8")
    except LookupError:
        raise BadInput(str(path), f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BadInput(
            str(path),
            f"not valid {encoding or 'UTF-8'} (byte 0x{data[exc.start]:02x} at offset {exc.start}, "
            f"line {line}); give the file's encoding with --encoding, e.g. --encoding latin-1",
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        if allow_empty:
            return ""
        raise BadInput(str(path), "the file is empty")
    if wide and len(text[:4096].translate(_BINARY_CHARS)) < len(text[:4096]) * 0.9:
        raise BadInput(str(path), f"looks like a binary file, not {encoding} text")
    return text


# Byte order marks and the codec that reads past them (UTF-32's before UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_CHARS = dict.fromkeys(_BINARY_BYTES)


def _is_wide(encoding: str) -> bool:
    return any(n in encoding for n in ("16", "32"))


def _binary_problem(head: bytes) -> str:
    """'looks like a binary file', or a hint when the NUL bytes are those of UTF-16/32 text."""
    even, odd = head[0::2], head[1::2]
    quads = [head[i::4] for i in range(4)]
    if len(head) >= 8:
        for name, zeros, rest in (
            ("utf-32-le", quads[1] + quads[2] + quads[3], quads[0]),
            ("utf-32-be", quads[0] + quads[1] + quads[2], quads[3]),
            ("utf-16-le", odd, even),
            ("utf-16-be", even, odd),
        ):
            if zeros.count(0) >= len(zeros) * 0.9 and rest.count(0) <= len(rest) * 0.1:
                return f"looks like {name.upper()[:6]} text without a byte order mark; give --encoding {name}"
    return "looks like a binary file, not text"


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
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
            # A field of a type no check foresaw: still one line naming the record,
            # and --skip-invalid goes on past it.
            yield BadInput(item[0], f"cannot read the record ({type(exc).__name__}: {exc})")


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


# What SQLite can store as an INTEGER; a string of digits is a number too ("12").
_INT_RANGE = range(-(2**63) + 1, 2**63)
_DIGITS = re.compile(r"\s*-?[0-9]{1,18}\s*")


def as_int(value: Any, where: str, what: str) -> int:
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in _INT_RANGE:
        raise BadInput(where, f"{what} must be a whole number, got {_short_repr(value)}")
    return value


def as_str(value: Any, where: str, what: str, *, default: str | None = None) -> str | None:
    """``value`` when it is a string, ``default`` when it is missing (None); else BadInput."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise BadInput(where, f"{what} must be a string, got {_short_repr(value)}")
    return value


def as_list(value: Any, where: str, what: str) -> list[Any]:
    """``value`` when it is a list, [] when it is missing (None); else BadInput."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadInput(where, f"{what} must be a list, got {_short_repr(value)}")
    return value


def _short_repr(value: Any) -> str:
    """A value for a message: its repr when short, else its type."""
    shown = repr(value)
    return shown if len(shown) <= 40 else f"a {type(value).__name__} ({shown[:30]}...)"


# -- characters no text can hold ----------------------------------------------------------


def _surrogate_at(value: str) -> int | None:
    """Where ``value`` holds a lone surrogate (a JSON ``\\ud800`` escape): no text can hold one."""
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def check_encodable(record: Record) -> None:
    """Refuse a text holding a lone surrogate; replace those of other fields with U+FFFD.

    No text can hold a lone surrogate (a JSON ``\\ud800`` escape, or the
    stand-in Python uses for a file name byte that is not UTF-8) and SQLite
    cannot store one. Offsets point into the text, so a broken text is
    refused; in the title, metadata or a file name the character becomes ``\ufffd``.
    """
    at = _surrogate_at(record.text)
    if at is not None:
        raise BadInput(
            record.where,
            f"the text holds a lone surrogate U+{ord(record.text[at]):04X} at character {at} "
            "(a broken \\u escape?), which is not a character",
        )
    record.title, record.source, record.url, record.lang = (
        _replace_surrogates(v) for v in (record.title, record.source, record.url, record.lang)
    )
    if _meta_has_surrogate(record.meta):
        record.meta = json.loads(_replace_surrogates(json.dumps(record.meta, ensure_ascii=False)))


def _replace_surrogates(value: str) -> str:
    if _surrogate_at(value) is None:
        return value
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _meta_has_surrogate(meta: dict[str, Any]) -> bool:
    stack: list[Any] = [meta]
    while stack:  # meta nests: walked without recursion
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and _surrogate_at(value) is not None:
            return True
    return False
