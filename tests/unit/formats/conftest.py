"""Helpers for importer tests: import real fixture files into a temporary store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.formats.importing import ImportReport, import_paths


@pytest.fixture
def do_import(store: Any) -> Callable[..., ImportReport]:
    def run(*paths: Path, **kw: Any) -> ImportReport:
        kw.setdefault("annotator", "ann")
        return import_paths(store, list(paths), **kw)

    return run


def stored(store: Any) -> list[tuple[Any, list[Any]]]:
    """Every article with its spans (as text, label, layer, origin), in id order."""
    out = []
    for article in store.iter_articles():
        spans = store.spans_for(article.id, "ann")
        out.append((article, [(article.text[s.start : s.end], s.label, s.layer, s.origin) for s in spans]))
    return out
