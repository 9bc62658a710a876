"""Prodigy task JSONL: one task per article, every layer in ``spans``.

A task has Prodigy's keys (``text``, ``meta``, ``_input_hash``,
``_task_hash``, ``tokens`` with ``ws``, ``spans`` with ``token_start`` and an
inclusive ``token_end``, ``answer: "accept"``, ``_view_id: "spans_manual"``,
the view that allows overlapping spans). Each span also says ``layer``;
quote spans add ``role`` and ``quote_id`` (spans sharing it form one quote)
and a source linked to its speaker adds ``entity_id``, naming the ``id`` of
the entity span. Prodigy ignores extra span keys; ``annotator import
--format prodigy`` reads them back.

The hashes are 32-bit signed MurmurHash3 values of the task's text (input)
and of the input hash plus its spans (task), the shape Prodigy uses; Prodigy's
own function is not public, so the numbers are not Prodigy's.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from annotator.formats.export_model import Prepared
from annotator.model import CONTENT, ENTITY, Span


def _hash(text: str) -> int:
    from murmurhash import mrmr  # type: ignore[import-untyped]  # no type information shipped

    return int(mrmr.hash(text))


def task_hashes(text: str, spans: list[dict[str, Any]]) -> tuple[int, int]:
    import srsly  # type: ignore[import-untyped]  # srsly ships no type information

    input_hash = _hash(srsly.json_dumps({"text": text}, sort_keys=True))
    task_hash = _hash(str(input_hash) + srsly.json_dumps({"spans": spans}, sort_keys=True))
    return input_hash, task_hash


def build_task(nlp: Any, item: Prepared) -> dict[str, Any]:
    """The Prodigy task for one article; tokens are split where a span cuts one (tokens.split_doc)."""
    from annotator.formats.tokens import split_doc

    text = item.article.text
    marked = item.all_spans()
    doc, _, _ = split_doc(nlp, text, (s.start for s in marked), (s.end for s in marked))
    tokens = [
        {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
        for t in doc
    ]
    placed = item.place(doc, nlp.lang)
    linked = {q.speaker_entity.id for q in item.quotes if q.speaker_entity is not None}

    def entry(s: Span, **extra: Any) -> dict[str, Any]:
        t = placed[id(s)]
        return {
            "start": s.start,
            "end": s.end,
            "token_start": t.start,
            "token_end": t.end - 1,
            "label": s.label,
            "layer": s.layer,
            **extra,
        }

    spans = []
    for e in item.entities:
        spans.append(entry(e, id=e.id) if e.id in linked else entry(e))
    for q in item.quotes:
        for s in q.spans():
            extra: dict[str, Any] = {"role": s.role, "quote_id": q.id}
            if s.role != CONTENT and q.speaker_entity is not None and s.entity_id == q.speaker_entity.id:
                extra["entity_id"] = s.entity_id
            spans.append(entry(s, **extra))
    spans.extend(entry(s) for s in item.boilerplate)
    spans.sort(key=lambda d: (d["start"], -d["end"], d["layer"] != ENTITY))
    input_hash, task_hash = task_hashes(text, spans)
    return {
        "text": text,
        "meta": item.meta(),
        "_input_hash": input_hash,
        "_task_hash": task_hash,
        "tokens": tokens,
        "spans": spans,
        "answer": "accept",
        "_view_id": "spans_manual",
        "_annotator_id": item.annotator,
    }


class ProdigyWriter:
    """``<split>.jsonl`` per split (``all.jsonl`` when not split)."""

    def __init__(self, out_dir: Path, splits: list[str], *, lang: str) -> None:
        from annotator.formats.tokens import blank

        self.nlp = blank(lang)
        self.files: dict[str, IO[str]] = {
            name: (out_dir / f"{name}.jsonl").open("w", encoding="utf-8") for name in splits
        }

    def add(self, item: Prepared) -> None:
        self.put(self.encode(item))

    def encode(self, item: Prepared) -> tuple[str, str]:
        """(split, line): the work a worker process can do (a writer of no splits opens nothing)."""
        import srsly

        return item.split, srsly.json_dumps(build_task(self.nlp, item)) + "\n"

    def put(self, encoded: tuple[str, str]) -> None:
        split, line = encoded
        self.files[split].write(line)

    def close(self) -> None:
        for f in self.files.values():
            f.close()

    abort = close
