"""The window's error box shows messages from files and the store as plain text (issue 9, item 7)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.ui import dialogs
from annotator.ui.workers import error_message

pytestmark = pytest.mark.gui


def _capture_error_box(seen: dict) -> QTimer:
    """Read the real error box once it is up, then close it (the test answers for the user)."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.update(title=box.windowTitle(), text=box.text(), format=box.textFormat())
            timer.stop()
            box.accept()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(look)
    timer.start()
    return timer


def test_issue_9_7_import_error_box_is_plain_text_without_a_class_name(
    window, qtbot, tmp_path, monkeypatch
) -> None:
    # issue 9.7: a path holding <h1> rendered as a heading, and "BadInput:" read like a crash.
    bad = tmp_path / "<h1>x</h1>.jsonl"
    bad.parent.mkdir(parents=True)
    bad.write_text('{"text": "Oslo is cold."}\n{"text": \n', encoding="utf-8")
    monkeypatch.setattr(
        dialogs.ImportDialog,
        "ask",
        classmethod(lambda cls, parent, annotator="": dialogs.ImportRequest(paths=[bad])),
    )
    before = window.store.count_articles()
    seen: dict = {}
    timer = _capture_error_box(seen)
    window.actions_by_name["import"].trigger()
    timer.stop()
    assert seen["title"] == "Import failed"
    assert seen["format"] == Qt.TextFormat.PlainText
    assert seen["text"].startswith(f"{bad}:2: not valid JSON")
    assert "<h1>x</h1>" in seen["text"]
    assert "BadInput" not in seen["text"]
    # All or nothing: the good first line was not stored either.
    assert window.store.count_articles() == before


def test_issue_9_7_only_an_unexpected_error_is_named_as_a_bug() -> None:
    from annotator.formats.reader import BadInput
    from annotator.store.store import StoreBusyError, StoreError

    assert error_message(BadInput("a.jsonl:3", "not valid JSON")) == "a.jsonl:3: not valid JSON"
    assert error_message(StoreError("p.db: not an annotator database")) == "p.db: not an annotator database"
    assert error_message(StoreBusyError("p.db is busy")) == "p.db is busy"
    assert error_message(TypeError("'NoneType' is not iterable")) == "TypeError: 'NoneType' is not iterable"
