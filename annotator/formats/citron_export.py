"""Quotes as JSON in BBC citron's annotation shape: one file per article.

``quotes/<article id>.json`` = ``{"text", "quotes": [{"cue", "sources",
"contents", "id", "type", "speaker_entity"}], "meta"}``; every span is
``{"start", "end", "text"}`` in character offsets. citron expects a cue; a
quote marked without one has ``"cue": null``. ``index.json`` lists the files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.formats.export_model import Prepared
from annotator.model import Span


def _span(text: str, s: Span) -> dict[str, Any]:
    return {"start": s.start, "end": s.end, "text": text[s.start : s.end]}


def citron_document(item: Prepared) -> dict[str, Any]:
    text = item.article.text
    quotes = []
    for q in item.quotes:
        speaker = q.speaker_entity
        quotes.append(
            {
                "cue": _span(text, q.cue) if q.cue else None,
                "sources": [_span(text, s) for s in q.sources],
                "contents": [_span(text, s) for s in q.contents],
                "id": q.id,
                "type": q.label,
                "speaker_entity": {**_span(text, speaker), "label": speaker.label} if speaker else None,
                "speaker_resolved": q.speaker_resolved,
            }
        )
    return {"text": text, "quotes": quotes, "meta": item.meta()}


class CitronWriter:
    def __init__(self, out_dir: Path, splits: list[str], *, lang: str) -> None:
        self.folder = out_dir / "quotes"
        self.folder.mkdir()
        self.out_dir = out_dir
        self.index: list[dict[str, Any]] = []

    def add(self, item: Prepared) -> None:
        name = f"{item.id}.json"
        (self.folder / name).write_text(
            json.dumps(citron_document(item), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        self.index.append(
            {
                "article_id": item.id,
                "file": f"quotes/{name}",
                "split": item.split,
                "title": item.article.title,
                "source": item.article.source,
                "quotes": len(item.quotes),
            }
        )

    def close(self) -> None:
        (self.out_dir / "index.json").write_text(
            json.dumps(self.index, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    def abort(self) -> None:
        pass
