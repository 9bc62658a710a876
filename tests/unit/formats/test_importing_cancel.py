"""Cancelling an import (File > Import's Cancel button) leaves the database as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.importing import ImportCancelled, import_paths
from annotator.store import Store


def test_cancel_mid_import_saves_nothing(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(f"Article {i}\n\nSome body text number {i}.", encoding="utf-8")
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)

    with pytest.raises(ImportCancelled, match="nothing was saved"):
        import_paths(store, [folder], annotator="ann", progress=progress, cancelled=lambda: len(seen) >= 3)
    assert seen == [1, 2, 3]
    assert store.count_articles() == 0
    report = import_paths(store, [folder], annotator="ann")
    assert report.added == 5
