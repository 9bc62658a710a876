"""The cheat sheet lists every action and its current key, grouped by menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow

from annotator.ui.cheatsheet import CheatSheet, cheat_sheet_action
from annotator.ui.keymap import apply_keymap

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


@pytest.fixture
def window(qtbot):
    w = QMainWindow()
    qtbot.addWidget(w)
    file_menu = w.menuBar().addMenu("&File")
    edit_menu = w.menuBar().addMenu("&Edit")
    for menu, name, text, key in [
        (file_menu, "export", "&Export…", "Ctrl+E"),
        (edit_menu, "undo", "&Undo", "Ctrl+Z"),
        (edit_menu, "mark-quote", "Mark &quote", "Q"),
    ]:
        action = QAction(text, w)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        menu.addAction(action)
        w.addAction(action)
    edit_menu.addSeparator()
    label = QAction("Label 1", w)
    label.setObjectName("label-1")
    label.setShortcut(QKeySequence("1"))
    label.setProperty("category", "Labels")
    w.addAction(label)
    return w


def _native(text: str) -> str:
    return QKeySequence(text).toString(QKeySequence.SequenceFormat.NativeText)


def test_lists_actions_grouped_with_their_keys(qtbot, window):
    sheet = CheatSheet(window.actions(), window)
    qtbot.addWidget(sheet)
    assert sheet.rows() == [
        ("File", "Export", _native("Ctrl+E")),
        ("Edit", "Undo", _native("Ctrl+Z")),
        ("Edit", "Mark quote", "Q"),
        ("Labels", "Label 1", "1"),
    ]


def test_shows_remapped_keys_when_opened_again(qtbot, window, tmp_path):
    sheet = CheatSheet(window.actions, window)
    qtbot.addWidget(sheet)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("keys/mark-quote", "Ctrl+Alt+Q")
    apply_keymap(window.actions(), settings)
    sheet.show()
    assert ("Edit", "Mark quote", _native("Ctrl+Alt+Q")) in sheet.rows()


def test_filter_narrows_the_list(qtbot, window):
    sheet = CheatSheet(window.actions(), window)
    qtbot.addWidget(sheet)
    qtbot.keyClicks(sheet.filter, "quote")
    assert sheet.rows() == [("Edit", "Mark quote", "Q")]
    sheet.filter.clear()
    qtbot.keyClicks(sheet.filter, "edit")  # a group's name keeps the whole group
    assert [row[1] for row in sheet.rows()] == ["Undo", "Mark quote"]


def test_question_mark_opens_it_and_escape_closes_it(qtbot, window):
    action = cheat_sheet_action(window, window.actions)
    window.addAction(action)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.findChild(CheatSheet) is not None)
    sheet = window.findChild(CheatSheet)
    qtbot.waitUntil(sheet.isVisible)
    assert ("Help", "Keys", "?, " + _native("Shift+?")) in sheet.rows()
    qtbot.keyClick(sheet.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not sheet.isVisible())
