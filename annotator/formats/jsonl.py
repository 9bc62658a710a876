"""JSON Lines: ``{"text": ..., "meta": {...}, "spans": [...]}`` per line (our own export shape).

Spans are ``{"start", "end", "label"}`` with optional ``"text"`` (checked
against the offsets) and, for quotes and boilerplate, ``"layer"``, ``"role"``
and ``"quote_id"`` (import-local: spans sharing it form one quote).
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
from annotator.model import LAYERS, ROLES


def record_from(where: str, value: Any) -> Record:
    """A record from one JSON object with ``text``, ``meta`` and optional ``spans``."""
    if not isinstance(value, dict):
        raise BadInput(where, f"expected a JSON object, got {type(value).__name__}")
    text = value.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadInput(
            where,
            "the record has no text" if not text else f"'text' must be a string, got {type(text).__name__}",
        )
    meta = value.get("meta") or {}
    if not isinstance(meta, dict):
        raise BadInput(where, "'meta' must be an object")

    def field(name: str, default: str = "") -> str:
        """An article field from the record (a string, or refused), else from its meta (if a string)."""
        if value.get(name) is not None:
            return as_str(value[name], where, repr(name)) or default
        found = meta.get(name)
        return found if isinstance(found, str) else default

    spans = [span_from(where, i, s) for i, s in enumerate(as_list(value.get("spans"), where, "'spans'"), 1)]
    return Record(
        where=where,
        text=text,
        spans=spans,
        meta=dict(meta),
        title=field("title"),
        source=field("source"),
        url=field("url"),
        lang=field("lang", "en"),
    )


def span_from(where: str, n: int, value: Any) -> RawSpan:
    if not isinstance(value, dict):
        raise BadInput(where, f"span {n} must be an object with start, end and label")
    missing = [k for k in ("start", "end", "label") if k not in value]
    if missing:
        raise BadInput(where, f"span {n} has no {' or '.join(missing)}")
    label = value["label"]
    if not isinstance(label, str) or not label.strip():
        raise BadInput(where, f"span {n}: the label must be a non-empty string")
    layer, role = value.get("layer"), value.get("role")
    if layer is not None and layer not in LAYERS:
        raise BadInput(where, f"span {n}: unknown layer {layer!r} (expected one of {', '.join(LAYERS)})")
    if role is not None and role not in ROLES:
        raise BadInput(where, f"span {n}: unknown role {role!r} (expected one of {', '.join(ROLES)})")
    text = as_str(value.get("text"), where, f"span {n} text")
    quote_id = value.get("quote_id")
    # Our own jsonl export names each span (id) and links a source to its entity (entity_id).
    span_id, entity_id = value.get("id"), value.get("entity_id")
    return RawSpan(
        start=as_int(value["start"], where, f"span {n} start"),
        end=as_int(value["end"], where, f"span {n} end"),
        label=label.strip(),
        text=text,
        layer=layer,
        role=role,
        quote_id=as_int(quote_id, where, f"span {n} quote_id") if quote_id is not None else None,
        id=as_int(span_id, where, f"span {n} id") if span_id is not None else None,
        entity_id=as_int(entity_id, where, f"span {n} entity_id") if entity_id is not None else None,
    )


def read(path: Path, *, encoding: str | None = None) -> Iterator[Item]:
    return read_json_records(path, record_from, encoding=encoding)
