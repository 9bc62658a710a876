"""Which of our JSON formats a file holds (``annotator import --format auto``), from its records.

``sniff_json`` looks at a file's first records and names the format of the
first one that tells (Label Studio, Prodigy, doccano or our JSON Lines), or
says what is wrong: ``NotOurs`` for valid JSON of no format we read, which a
folder import ignores, and BadInput for JSON that does not parse.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from annotator.formats.json_records import iter_json_file
from annotator.formats.reader import BadInput


class NotOurs(BadInput):
    """A JSON file that parses but is none of our formats (ignored in a folder)."""


# How many records sniffing looks at before it gives up on a file.
_SNIFF_RECORDS = 100


def sniff_json(path: Path, encoding: str | None) -> str | BadInput:
    """The JSON format of a file from its first telling record, or BadInput saying why it is none.

    Records that do not parse or are not objects are passed over (the reader
    reports them, and ``--skip-invalid`` skips them); a file that cannot be
    read at all is left to the reader too, so its error is raised (or
    skipped) where every other file's is.
    """
    first: BadInput | None = None
    broken: BadInput | None = None
    try:
        # Line by line: only the first records are read, the file is never held whole.
        for item in itertools.islice(iter_json_file(path, encoding=encoding), _SNIFF_RECORDS):
            if isinstance(item, BadInput):
                broken = broken or item
                continue
            where, value = item
            found = _format_of_value(where, value[0] if isinstance(value, list) and value else value)
            if isinstance(found, str):
                return found
            first = first or found
    except BadInput:
        return "jsonl"  # unreadable: the reader raises (or skips) it where every other file's is
    # JSON that does not parse is an error even in a folder; valid JSON of no format of ours is not.
    return broken or first or NotOurs(str(path), "holds no JSON records")


def _format_of_value(where: str, value: Any) -> str | NotOurs:
    if not isinstance(value, dict):
        return NotOurs(
            where,
            f"not a JSON object (got {_json_type(value)}); each record must be an object "
            'holding the article, e.g. {"text": "..."}',
        )
    if "data" in value and {"annotations", "predictions", "completions"} & value.keys():
        return "labelstudio"
    if {"answer", "_input_hash", "_task_hash", "_view_id"} & value.keys():
        return "prodigy"
    if "entities" in value or _triples(value.get("label")) or _triples(value.get("labels")):
        return "doccano"
    if isinstance(value.get("text"), str):
        return "jsonl"
    strings = [k for k, v in value.items() if isinstance(v, str)]
    lists = [k for k, v in value.items() if _triples(v)]
    if len(strings) == 1 and len(lists) == 1:
        return "doccano"
    if "text" in value:
        return NotOurs(where, f"'text' must be a string, got {_json_type(value['text'])}")
    return NotOurs(
        where,
        "a JSON object of no format we read (no 'text' string, doccano 'label'/'entities', "
        "Label Studio 'data' or Prodigy 'answer'); give --format",
    )


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _triples(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, list) and len(v) == 3 for v in value)
