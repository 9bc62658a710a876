"""Clean text: each article without its boilerplate, paragraph breaks kept.

The input a main-text extraction benchmark compares against. A line that
held text before and holds only whitespace once boilerplate is cut is
removed whole (so cutting a menu line leaves no hole); runs of blank lines
become one blank line; leading and trailing blank lines go.
``text/<article id>.txt`` per article, ``index.json`` lists them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from annotator.formats.export_model import Prepared
from annotator.model import Span

_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n)+")


def clean_text(text: str, boilerplate: list[Span]) -> str:
    """``text`` without the boilerplate spans, lines and paragraphs kept."""
    cuts = sorted((s.start, s.end) for s in boilerplate)
    kept_lines = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        pieces, at = [], start
        for cs, ce in cuts:
            if ce <= at or cs >= end:
                continue
            pieces.append(text[at : max(at, cs)])
            at = max(at, min(ce, end))
        pieces.append(text[at:end])
        kept = "".join(pieces)
        if line.strip() and not kept.strip():
            continue  # the whole line was boilerplate
        kept_lines.append(kept.rstrip() if kept != line else line)
    out = _BLANK_RUN.sub("\n\n", "\n".join(kept_lines))
    return out.strip("\n")


class TextWriter:
    def __init__(self, out_dir: Path, splits: list[str], *, lang: str) -> None:
        self.folder = out_dir / "text"
        self.folder.mkdir()
        self.out_dir = out_dir
        self.index: list[dict[str, Any]] = []

    def add(self, item: Prepared) -> None:
        name = f"{item.id}.txt"
        clean = clean_text(item.article.text, item.boilerplate)
        (self.folder / name).write_text(clean + "\n", encoding="utf-8", newline="\n")
        a = item.article
        self.index.append(
            {
                "article_id": item.id,
                "file": f"text/{name}",
                "split": item.split,
                "title": a.title,
                "source": a.source,
                "url": a.url,
                "characters": len(a.text),
                "kept": len(clean),
                "boilerplate_blocks": len(item.boilerplate),
            }
        )

    def close(self) -> None:
        (self.out_dir / "index.json").write_text(
            json.dumps(self.index, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    def abort(self) -> None:
        pass
