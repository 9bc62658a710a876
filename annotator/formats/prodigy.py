"""Prodigy task JSONL (``ner_manual``, ``ner``, ``spans_manual`` ...).

``spans`` carry character offsets (``token_start``/``token_end`` are ignored:
spans are snapped to our own tokens). ``answer: accept`` tasks arrive as
annotated and 'done' for the importing annotator, even without spans (an
accepted task with no entity says there is none); ``reject`` and ``ignore``
tasks are reported and skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.formats.jsonl import record_from
from annotator.formats.reader import Item, Record, as_str, read_json_records

_HASHES = ("_input_hash", "_task_hash")


def read(path: Path, *, encoding: str | None = None) -> Iterator[Item]:
    return read_json_records(path, _task_record, encoding=encoding)


def _task_record(where: str, value: Any) -> Record:
    """A Prodigy task: our JSONL record plus its answer and hashes."""
    record = record_from(where, value)
    answer = as_str(value.get("answer"), where, "'answer'", default="accept")
    if answer != "accept":
        record.skip = f"answer {answer!r} (only accepted tasks are imported)"
    else:
        record.done = "answer" in value
    prodigy = {k: value[k] for k in _HASHES if k in value}
    if prodigy:
        record.meta["prodigy"] = prodigy
    return record
