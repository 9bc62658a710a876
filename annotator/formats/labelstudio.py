"""Label Studio JSON exports: a list of tasks (or one task object).

A task's text is ``data["text"]`` (or the one string in ``data``). Span
results (``type: labels``, ``value = {start, end, text, labels}``) of the
first annotation that was not cancelled arrive as annotation, and the task
as 'done'; ``predictions`` arrive as suggestions (origin
``suggested:labelstudio``) to accept or reject, never as annotation. Other
result types (choices, relations, text areas) are reported, not imported.
XPath spans on HTML (``hypertextlabels``) are refused: their offsets do not
point into a plain text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.formats.reader import BadInput, Item, RawSpan, Record, as_int, read_json_records

SUGGESTED = "suggested:labelstudio"
_SPAN_TYPES = ("labels",)


def _text_of(where: str, data: Any) -> str:
    if not isinstance(data, dict):
        raise BadInput(where, "the task has no 'data' object")
    text = data.get("text")
    if text is None:
        strings = [v for v in data.values() if isinstance(v, str)]
        text = strings[0] if len(strings) == 1 else None
    if not isinstance(text, str) or not text.strip():
        raise BadInput(where, "the task has no text (expected data.text or one string in data)")
    return text


def _spans(where: str, results: Any, origin: str, notes: list[str]) -> list[RawSpan]:
    spans = []
    for n, result in enumerate(results or [], 1):
        if not isinstance(result, dict):
            raise BadInput(where, f"result {n} must be an object")
        kind = result.get("type")
        if kind == "hypertextlabels":
            raise BadInput(
                where,
                "XPath spans on HTML (hypertextlabels) cannot be imported; "
                "export the project with plain-text offsets",
            )
        if kind not in _SPAN_TYPES:
            notes.append(f"Label Studio {kind or 'untyped'} results")
            continue
        value = result.get("value") or {}
        labels = value.get("labels") or []
        if "start" not in value or "end" not in value or not labels:
            raise BadInput(where, f"result {n} needs value.start, value.end and value.labels")
        if len(labels) > 1:
            notes.extend(["extra labels on a Label Studio span (the first is kept)"] * (len(labels) - 1))
        text = value.get("text")
        spans.append(
            RawSpan(
                start=as_int(value["start"], where, f"result {n} start"),
                end=as_int(value["end"], where, f"result {n} end"),
                label=str(labels[0]).strip(),
                text=text if isinstance(text, str) else None,
                origin=origin,
            )
        )
    return spans


def record_from(where: str, task: Any) -> Record:
    if not isinstance(task, dict):
        raise BadInput(where, f"expected a task object, got {type(task).__name__}")
    if "id" in task:
        where = f"{where} (task {task['id']})"
    text = _text_of(where, task.get("data"))
    notes: list[str] = []
    annotations = [
        a
        for a in task.get("annotations") or task.get("completions") or []
        if isinstance(a, dict) and not a.get("was_cancelled")
    ]
    spans: list[RawSpan] = []
    if annotations:
        spans += _spans(where, annotations[0].get("result"), "manual", notes)
        notes.extend(
            ["further Label Studio annotations of a task (the first is kept)"] * (len(annotations) - 1)
        )
    marked = {(s.start, s.end, s.label) for s in spans}
    for prediction in task.get("predictions") or []:
        if isinstance(prediction, dict):
            # A prediction the annotator already took over is not suggested twice.
            spans += [
                s
                for s in _spans(where, prediction.get("result"), SUGGESTED, notes)
                if (s.start, s.end, s.label) not in marked
            ]
    meta = dict(task["meta"]) if isinstance(task.get("meta"), dict) else {}
    if "id" in task:
        meta["labelstudio_id"] = task["id"]
    record = Record(where=where, text=text, spans=spans, meta=meta, notes=notes)
    record.done = bool(annotations)
    return record


def read(path: Path, *, encoding: str | None = None) -> Iterator[Item]:
    return read_json_records(path, record_from, encoding=encoding)
