"""File > Export never removes what it did not write, and the window says why (issue 9.1)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.formats.export import export
from annotator.store import Store
from annotator.ui import dialogs, workers
from annotator.ui.dialogs import ExportDialog, parse_split

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def error_boxes(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        workers.ErrorBox, "show", classmethod(lambda cls, parent, title, msg: shown.append((title, msg)))
    )
    return shown


def answer_export(monkeypatch, out: Path, *, force: bool) -> None:
    request = dialogs.ExportRequest(out_dir=out, format="jsonl", status=None, annotator="ann", force=force)
    monkeypatch.setattr(dialogs.ExportDialog, "ask", classmethod(lambda cls, parent, **kw: request))


def user_files(folder: Path) -> dict[str, str]:
    """The files the test put there, by content (the project's own files change as it saves)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith("annotations.db")
    }


def mark_and_check_saved(window, qtbot, db_path: Path) -> None:
    """The window still edits its project: a marked entity reaches the file."""
    text = window.editor.article.text
    start = text.index("Vladimir Putin")
    window.view.set_selection(start, start + len("Vladimir Putin"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert "saved" in window.saved_label.text()
    with Store(db_path, create=False) as other:
        assert any(
            (s.start, s.end, s.label) == (start, start + 14, "PERSON")
            for s in other.spans_for(window.editor.article_id, "ann")
        )
        assert other.count_articles() == 4


def test_overwrite_into_the_project_folder_is_refused(window, qtbot, db_path, monkeypatch, error_boxes):
    folder = db_path.parent
    (folder / "notes.txt").write_text("my notes")
    before = user_files(folder)
    answer_export(monkeypatch, folder, force=True)
    window.actions_by_name["export"].trigger()
    assert db_path.is_file() and user_files(folder) == before
    [(title, message)] = error_boxes
    assert title == "Export refused"
    assert f"{folder} is the folder of the project annotations.db" in message
    assert window.statusBar().currentMessage() == f"export refused: {message}"
    mark_and_check_saved(window, qtbot, db_path)


def test_overwrite_into_a_folder_with_a_user_file_is_refused(
    window, qtbot, db_path, tmp_path, monkeypatch, error_boxes
):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("my notes")
    (out / "annotations.backup-2.db").write_bytes(db_path.read_bytes())
    before = user_files(out)
    answer_export(monkeypatch, out, force=True)
    window.actions_by_name["export"].trigger()
    assert user_files(out) == before
    [(_, message)] = error_boxes
    assert "holds files no export wrote (annotations.backup-2.db: a project backup, notes.txt)" in message
    assert "export refused" in window.statusBar().currentMessage()
    mark_and_check_saved(window, qtbot, db_path)


def test_a_change_only_the_export_itself_sees_is_reported(
    window, qtbot, db_path, tmp_path, monkeypatch, error_boxes
):
    # The window's quick check compares sizes; the export compares hashes, in the worker.
    out = tmp_path / "out"
    with Store(db_path, create=False) as store:
        export(store, out, format="jsonl", status="all")
    data = (out / "all.jsonl").read_bytes()
    (out / "all.jsonl").write_bytes(data.replace(b"Putin", b"PUTIN", 1))
    answer_export(monkeypatch, out, force=True)
    window.actions_by_name["export"].trigger()
    [(title, message)] = error_boxes
    assert title == "Export failed"
    assert message.startswith(f"{out}: all.jsonl changed since the export wrote it")
    assert window.statusBar().currentMessage() == f"export failed: {message}"
    assert b"PUTIN" in (out / "all.jsonl").read_bytes()


def test_overwrite_replaces_an_earlier_export(window, qtbot, db_path, tmp_path, monkeypatch, error_boxes):
    out = tmp_path / "out"
    with Store(db_path, create=False) as store:
        export(store, out, format="text", status="all")
    answer_export(monkeypatch, out, force=True)
    window.actions_by_name["export"].trigger()
    assert error_boxes == []
    assert "exported 4 articles" in window.statusBar().currentMessage()
    assert sorted(p.name for p in out.iterdir()) == [
        ".annotator-export.json",
        "all.jsonl",
        "export-report.json",
    ]


def test_the_dialog_refuses_the_project_folder_even_with_overwrite(qtbot, db_path):
    Store(db_path).close()
    dialog = ExportDialog(annotators=["ann"], project=db_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.out_dir.setText(str(db_path.parent))
    dialog.force.setChecked(True)
    qtbot.keyClick(dialog.out_dir, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "is the folder of the project annotations.db" in dialog.error.text()
    dialog.out_dir.setText(str(db_path.parent / "export"))
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.out_dir, Qt.Key.Key_Return)


@pytest.mark.parametrize("text", ["nan,0.5,0.5", "inf,0.5", "1e309,0", "0.5,nan"])
def test_the_dialog_refuses_a_split_that_is_not_finite(text):  # issue 9.8
    with pytest.raises(ValueError, match="split"):
        parse_split(text)


def test_the_windows_dialog_knows_its_project(window, qtbot, db_path, error_boxes):
    # The real File > Export dialog, reached from the window: its project's folder is refused there.
    seen: list[str] = []

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        dialog.out_dir.setText(str(db_path.parent))
        dialog.force.setChecked(True)
        qtbot.keyClick(dialog.out_dir, Qt.Key.Key_Return)
        seen.append(dialog.error.text() if dialog.isVisible() else "accepted")
        qtbot.keyClick(dialog.out_dir, Qt.Key.Key_Escape)

    QTimer.singleShot(0, fill_in)
    window.actions_by_name["export"].trigger()
    assert seen == [
        f"{db_path.parent} is the folder of the project annotations.db: export into a new or empty "
        f"folder (e.g. {db_path.parent / 'export'}); nothing was written"
    ]
    assert error_boxes == [] and db_path.is_file()
