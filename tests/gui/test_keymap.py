"""Remapping keys: the dialog, QSettings, and loading them at start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow

from annotator.ui.keymap import KeymapDialog, apply_keymap

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot):
    w = QMainWindow()
    qtbot.addWidget(w)
    menu = w.menuBar().addMenu("&Edit")
    for name, text, key in [
        ("undo", "&Undo", "Ctrl+Z"),
        ("redo", "&Redo", "Ctrl+Shift+Z"),
        ("mark-quote", "Mark &quote", "Q"),
        ("mark-boilerplate", "Mark &boilerplate", "B"),
    ]:
        action = QAction(text, w)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        menu.addAction(action)
        w.addAction(action)
    return w


def _action(window, name) -> QAction:
    return window.findChild(QAction, name)


def _key(action) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)


def test_apply_keymap_loads_stored_keys(window, settings):
    settings.setValue("keys/mark-quote", "Ctrl+Q")
    settings.setValue("keys/undo", "")  # the user removed the key
    assert apply_keymap(window.actions(), settings) == []
    assert _key(_action(window, "mark-quote")) == "Ctrl+Q"
    assert _action(window, "undo").shortcut().isEmpty()
    assert _key(_action(window, "redo")) == "Ctrl+Shift+Z"


def test_apply_keymap_refuses_a_clashing_stored_key(window, settings):
    settings.setValue("keys/mark-quote", "B")  # B is boilerplate's default
    problems = apply_keymap(window.actions(), settings)
    assert problems == ["B for 'Mark quote' is already the key of 'Mark boilerplate': kept the default"]
    assert _key(_action(window, "mark-quote")) == "Q"
    assert _key(_action(window, "mark-boilerplate")) == "B"


def _remap(qtbot, dialog, row, key, modifier=Qt.KeyboardModifier.NoModifier):
    dialog.table.setCurrentCell(row, 0)
    dialog.editor.setFocus()
    with qtbot.waitSignal(dialog.editor.editingFinished, timeout=3000):
        qtbot.keyClick(dialog.editor, key, modifier)


def test_remap_saves_to_settings_and_the_new_key_triggers_the_action(qtbot, window, settings):
    apply_keymap(window.actions(), settings)
    dialog = KeymapDialog(window.actions(), settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    _remap(qtbot, dialog, 2, Qt.Key.Key_U)  # mark-quote -> U
    assert dialog.table.item(2, 2).text() == "U"
    dialog.accept()
    assert settings.value("keys/mark-quote") == "U"
    assert settings.value("keys/undo") is None  # unchanged keys are not written
    assert _key(_action(window, "mark-quote")) == "U"

    # A new session reads the file and the new key works.
    fresh = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    apply_keymap(window.actions(), fresh)
    with qtbot.waitSignal(_action(window, "mark-quote").triggered, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_U)


def test_a_key_in_use_is_refused_with_a_message(qtbot, window, settings):
    dialog = KeymapDialog(window.actions(), settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    _remap(qtbot, dialog, 2, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "already the key of 'Undo'" in dialog.message.text()
    assert dialog.keys_of("mark-quote") == [QKeySequence("Q")]
    dialog.accept()
    assert settings.value("keys/mark-quote") is None
    assert _key(_action(window, "mark-quote")) == "Q"


def test_cancel_changes_nothing(qtbot, window, settings):
    dialog = KeymapDialog(window.actions(), settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    _remap(qtbot, dialog, 3, Qt.Key.Key_K)
    dialog.reject()
    assert _key(_action(window, "mark-boilerplate")) == "B"
    assert settings.allKeys() == []


def test_default_restores_and_forgets_the_stored_key(qtbot, window, settings):
    settings.setValue("keys/mark-boilerplate", "K")
    apply_keymap(window.actions(), settings)
    assert _key(_action(window, "mark-boilerplate")) == "K"
    dialog = KeymapDialog(window.actions(), settings, window)
    qtbot.addWidget(dialog)
    dialog.table.setCurrentCell(3, 0)
    dialog.default_button.click()
    dialog.accept()
    assert _key(_action(window, "mark-boilerplate")) == "B"
    assert not settings.contains("keys/mark-boilerplate")


def test_no_key(qtbot, window, settings):
    dialog = KeymapDialog(window.actions(), settings, window)
    qtbot.addWidget(dialog)
    dialog.table.setCurrentCell(0, 0)
    dialog.clear_button.click()
    dialog.accept()
    assert _action(window, "undo").shortcut().isEmpty()
    assert settings.value("keys/undo") == ""
