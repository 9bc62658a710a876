"""doccano exports and imports, both shapes.

- sequence labelling: ``{"text": ..., "label": [[start, end, "LABEL"], ...]}``
  (also ``labels``, and custom column names such as ``column_data`` /
  ``column_label``: the one string field is the text, the one list of
  triples the spans);
- relation extraction: ``{"text", "entities": [{id, start_offset, end_offset,
  label}], "relations": [...]}``. Relations are not imported (reported).

Files may be strict JSON Lines or objects pretty-printed over many lines.
Other fields (``id``, ``meta``, ...) go into the article's metadata.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.formats.reader import BadInput, Item, RawSpan, Record, as_int, as_list, read_json_records

_TEXT_KEYS = ("text", "data")
_LABEL_KEYS = ("label", "labels")


def _is_triples(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, list) and len(v) == 3 for v in value)


def record_from(where: str, value: Any) -> Record:
    if not isinstance(value, dict):
        raise BadInput(where, f"expected a JSON object, got {type(value).__name__}")
    text_key = next((k for k in _TEXT_KEYS if k in value), None)
    if text_key is None:
        strings = [k for k, v in value.items() if isinstance(v, str)]
        text_key = strings[0] if len(strings) == 1 else None
    text = value.get(text_key) if text_key else None
    if text and not isinstance(text, str):
        raise BadInput(where, f"'{text_key}' must be a string, got {type(text).__name__}")
    if not isinstance(text, str) or not text.strip():
        raise BadInput(where, "the record has no text")
    if value.get("meta") is not None and not isinstance(value["meta"], dict):
        raise BadInput(where, "'meta' must be an object")
    spans: list[RawSpan] = []
    used = {text_key}
    if value.get("entities") is not None:
        used |= {"entities", "relations"}
        for n, ent in enumerate(as_list(value["entities"], where, "'entities'"), 1):
            if not isinstance(ent, dict) or not {"start_offset", "end_offset", "label"} <= ent.keys():
                raise BadInput(where, f"entity {n} needs start_offset, end_offset and label")
            spans.append(
                RawSpan(
                    start=as_int(ent["start_offset"], where, f"entity {n} start_offset"),
                    end=as_int(ent["end_offset"], where, f"entity {n} end_offset"),
                    label=_label(where, n, ent["label"]),
                )
            )
    else:
        label_key = next((k for k in _LABEL_KEYS if k in value), None)
        if label_key is None:
            lists = [k for k, v in value.items() if k != text_key and _is_triples(v) and v]
            label_key = lists[0] if len(lists) == 1 else None
        triples = value.get(label_key, []) if label_key else []
        used.add(label_key)
        if not isinstance(triples, list):
            raise BadInput(where, f"'{label_key}' must be a list of [start, end, label]")
        for n, triple in enumerate(triples, 1):
            if not isinstance(triple, list) or len(triple) != 3:
                raise BadInput(where, f"label {n} must be [start, end, label], got {triple!r}")
            start, end, label = triple
            spans.append(
                RawSpan(
                    start=as_int(start, where, f"label {n} start"),
                    end=as_int(end, where, f"label {n} end"),
                    label=_label(where, n, label),
                )
            )
    meta = dict(value["meta"]) if isinstance(value.get("meta"), dict) else {}
    for key, v in value.items():
        if key not in used and key != "meta" and isinstance(v, str | int | float | bool):
            meta.setdefault(key, v)
    record = Record(where=where, text=text, spans=spans, meta=meta)
    relations = value.get("relations")
    if isinstance(relations, list) and relations:
        record.notes.extend(["doccano relations"] * len(relations))
    return record


def _label(where: str, n: int, label: Any) -> str:
    if not isinstance(label, str) or not label.strip():
        raise BadInput(where, f"span {n}: the label must be a non-empty string")
    return label.strip()


def read(path: Path, *, encoding: str | None = None) -> Iterator[Item]:
    return read_json_records(path, record_from, encoding=encoding)
