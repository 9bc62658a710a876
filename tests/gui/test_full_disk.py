"""A mark when the disk is full: refused with a message naming the file, nothing saved (issue 9.6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.ui.qt import Qt
from tests.conftest import mounted_tmpfs
from tests.gui.conftest import ANNOTATOR

pytestmark = pytest.mark.gui


@pytest.fixture
def small_disk(tmp_path: Path):  # noqa: ANN201 - yields the mount point
    """A 4 MB tmpfs (root and mount(8) needed; skipped where they are not)."""
    yield from mounted_tmpfs(tmp_path / "small", "4m")


@pytest.fixture
def db_path(small_disk: Path) -> Path:
    return small_disk / "annotations.db"


def fill(folder: Path) -> None:
    """Take every free byte of the disk holding ``folder``."""
    f = (folder / "filler").open("wb", buffering=0)
    try:
        while f.write(b"\0" * 4096):
            pass
    except OSError:  # ENOSPC: the disk is full
        pass
    finally:
        f.close()


def test_a_mark_on_a_full_disk_is_refused_with_a_message(window, qtbot, db_path: Path) -> None:
    from annotator.formats.tokens import blank

    blank("en")  # the first mark loads spaCy's tokenizer
    text = window.editor.article.text
    start = text.index("Vladimir Putin")
    window.view.set_selection(start, start + len("Vladimir Putin"))
    fill(db_path.parent)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    message = window.statusBar().currentMessage()
    assert "not saved" in message and "disk is full" in message and "annotations.db" in message
    assert window.editor.undo_stack.count() == 0
    assert window.store.spans_for(window.editor.article_id, ANNOTATOR) == []
    (db_path.parent / "filler").unlink()  # space again: the same key saves
    window.view.set_selection(start, start + len("Vladimir Putin"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert [(s.start, s.label) for s in window.store.spans_for(window.editor.article_id, ANNOTATOR)] == [
        (start, "PERSON")
    ]
