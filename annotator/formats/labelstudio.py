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

from annotator.formats.reader import (
    BadInput,
    Item,
    RawSpan,
    Record,
    as_int,
    as_list,
    as_str,
    read_json_records,
)

SUGGESTED = "suggested:labelstudio"
_SPAN_TYPES = ("labels",)


def _text_of(where: str, data: Any) -> str:
    if not isinstance(data, dict):
        raise BadInput(where, "the task has no 'data' object")
    text = data.get("text")
    if text is None:
        strings = [v for v in data.values() if isinstance(v, str)]
        text = strings[0] if len(strings) == 1 else None
    elif not isinstance(text, str):
        raise BadInput(where, f"data.text must be a string, got {type(text).__name__}")
    if not isinstance(text, str) or not text.strip():
        raise BadInput(where, "the task has no text (expected data.text or one string in data)")
    return text


def _labels(where: str, n: int, labels: Any) -> list[str]:
    """value.labels: a list of label names; a lone name (``"labels": "PERSON"``) is one label."""
    if isinstance(labels, str):
        labels = [labels]
    if not labels:
        raise BadInput(where, f"result {n} needs value.start, value.end and value.labels")
    if not isinstance(labels, list):
        raise BadInput(where, f"result {n}: value.labels must be a list of label names, got {labels!r}")
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise BadInput(where, f"result {n}: value.labels must hold label names, got {label!r}")
    return [label.strip() for label in labels]


def _spans(where: str, results: Any, origin: str, notes: list[str], *, of: str) -> list[RawSpan]:
    spans = []
    for n, result in enumerate(as_list(results, where, f"the 'result' of {of}"), 1):
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
            notes.append(f"Label Studio {kind if isinstance(kind, str) and kind else 'untyped'} results")
            continue
        value = result.get("value") or {}
        if not isinstance(value, dict):
            raise BadInput(where, f"result {n}: value must be an object, got {type(value).__name__}")
        if "start" not in value or "end" not in value:
            raise BadInput(where, f"result {n} needs value.start, value.end and value.labels")
        labels = _labels(where, n, value.get("labels"))
        if len(labels) > 1:
            notes.extend(["extra labels on a Label Studio span (the first is kept)"] * (len(labels) - 1))
        spans.append(
            RawSpan(
                start=as_int(value["start"], where, f"result {n} start"),
                end=as_int(value["end"], where, f"result {n} end"),
                label=labels[0],
                text=as_str(value.get("text"), where, f"result {n} value.text"),
                origin=origin,
            )
        )
    return spans


def _objects(where: str, task: dict[str, Any], *keys: str) -> list[dict[str, Any]]:
    """The task's list under the first of ``keys`` it has (annotations, predictions), all objects."""
    key = next((k for k in keys if task.get(k)), keys[0])
    items = as_list(task.get(key), where, f"'{key}'")
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise BadInput(where, f"{key} {n} must be an object, got {type(item).__name__}")
    return items


def record_from(where: str, task: Any) -> Record:
    if not isinstance(task, dict):
        raise BadInput(where, f"expected a task object, got {type(task).__name__}")
    if "id" in task:
        ident = task["id"]
        where = f"{where} (task {ident if isinstance(ident, int | str) else repr(ident)})"
    text = _text_of(where, task.get("data"))
    notes: list[str] = []
    annotations = [
        a for a in _objects(where, task, "annotations", "completions") if not a.get("was_cancelled")
    ]
    spans: list[RawSpan] = []
    if annotations:
        spans += _spans(where, annotations[0].get("result"), "manual", notes, of="the annotation")
        notes.extend(
            ["further Label Studio annotations of a task (the first is kept)"] * (len(annotations) - 1)
        )
    marked = {(s.start, s.end, s.label) for s in spans}
    for p, prediction in enumerate(_objects(where, task, "predictions"), 1):
        # A prediction the annotator already took over is not suggested twice.
        spans += [
            s
            for s in _spans(where, prediction.get("result"), SUGGESTED, notes, of=f"prediction {p}")
            if (s.start, s.end, s.label) not in marked
        ]
    if task.get("meta") is not None and not isinstance(task["meta"], dict):
        raise BadInput(where, "'meta' must be an object")
    meta = dict(task["meta"]) if isinstance(task.get("meta"), dict) else {}
    if "id" in task:
        meta["labelstudio_id"] = task["id"]
    record = Record(where=where, text=text, spans=spans, meta=meta, notes=notes)
    record.done = bool(annotations)
    return record


def read(path: Path, *, encoding: str | None = None) -> Iterator[Item]:
    return read_json_records(path, record_from, encoding=encoding)
