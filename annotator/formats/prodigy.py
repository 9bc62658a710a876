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

from annotator.formats.jsonl import record_from
from annotator.formats.reader import BadInput, Item, iter_json, read_text

_HASHES = ("_input_hash", "_task_hash")


def read(path: Path, *, encoding: str | None = None) -> Iterator[Item]:
    text = read_text(path, encoding=encoding)
    for item in iter_json(path, text):
        if isinstance(item, BadInput):
            yield item
            continue
        where, value = item
        try:
            record = record_from(where, value)
        except BadInput as exc:
            yield exc
            continue
        answer = value.get("answer", "accept")
        if answer != "accept":
            record.skip = f"answer {answer!r} (only accepted tasks are imported)"
        else:
            record.done = "answer" in value
        prodigy = {k: value[k] for k in _HASHES if k in value}
        if prodigy:
            record.meta["prodigy"] = prodigy
        yield record
