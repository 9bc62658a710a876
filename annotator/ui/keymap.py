"""Remappable keys: load them at start, change them in a dialog.

A remapped key is kept in ``QSettings`` under ``keys/<action objectName>`` as
portable text (``"Ctrl+Shift+Z"``; several keys joined by ``"; "``; an empty
string means "no key"). Keys equal to the default are removed from the file, so
a changed default in a new version reaches users who never touched that key.
The default of each action is what the window gave it before the first
``apply_keymap``; it is remembered in the action's ``default_keys`` property.

Two actions never share a key: the dialog refuses it with a message, and
``apply_keymap`` keeps the default for a stored key that would clash.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.ui.cheatsheet import action_category, plain
from annotator.ui.qt import Qt, QtCore, QtGui, QtWidgets
from annotator.ui.shortcuts import (  # noqa: F401 - apply_keymap is this module's API too
    _NATIVE,
    _PORTABLE,
    PREFIX,
    _remappable,
    _remember_default,
    apply_keymap,
    default_keys,
    keys_from_text,
    keys_to_text,
)


class KeymapDialog(QtWidgets.QDialog):
    """A table of actions and keys; pick a row, press the new key, OK saves."""

    def __init__(
        self,
        actions: Iterable[QtGui.QAction],
        settings: QtCore.QSettings,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("keymap")
        self.setWindowTitle("Keys")
        self._actions = _remappable(actions)
        self._settings = settings
        self._keys = {a.objectName(): list(a.shortcuts()) for a in self._actions}
        for action in self._actions:
            _remember_default(action)

        self.table = QtWidgets.QTableWidget(len(self._actions), 3)
        self.table.setObjectName("keymap-table")
        self.table.setHorizontalHeaderLabels(["Action", "Group", "Key"])
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for row, action in enumerate(self._actions):
            self.table.setItem(
                row, 0, QtWidgets.QTableWidgetItem(plain(action.text()) or action.objectName())
            )
            self.table.setItem(row, 1, QtWidgets.QTableWidgetItem(action_category(action)))
            self.table.setItem(row, 2, QtWidgets.QTableWidgetItem())
            self._show_keys(row)
        self.table.currentCellChanged.connect(self._on_table_current_cell_changed)

        self.editor = QtWidgets.QKeySequenceEdit()
        self.editor.setObjectName("keymap-editor")
        self.editor.setMaximumSequenceLength(1)
        self.editor.setClearButtonEnabled(True)
        self.editor.editingFinished.connect(self._on_editor_editing_finished)
        self.clear_button = QtWidgets.QPushButton("&No key")
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.default_button = QtWidgets.QPushButton("&Default")
        self.default_button.clicked.connect(self._on_default_clicked)
        for button in (self.clear_button, self.default_button):
            button.setAutoDefault(False)
        row_layout = QtWidgets.QHBoxLayout()
        row_layout.addWidget(QtWidgets.QLabel("New key:"))
        row_layout.addWidget(self.editor, 1)
        row_layout.addWidget(self.clear_button)
        row_layout.addWidget(self.default_button)

        self.message = QtWidgets.QLabel()
        self.message.setObjectName("keymap-message")
        self.message.setWordWrap(True)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setAutoDefault(False)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row_layout)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(560, 600)
        if self._actions:
            self.table.setCurrentCell(0, 0)
        self.editor.setFocus()

    # -- the pending keymap -------------------------------------------------

    def keys_of(self, name: str) -> list[QtGui.QKeySequence]:
        return list(self._keys[name])

    def _show_keys(self, row: int) -> None:
        keys = self._keys[self._actions[row].objectName()]
        self.table.item(row, 2).setText(", ".join(k.toString(_NATIVE) for k in keys))

    def _current(self) -> int:
        return self.table.currentRow()

    def assign(self, row: int, keys: list[QtGui.QKeySequence]) -> bool:
        """Give the row's action these keys unless another action has one of them."""
        action = self._actions[row]
        for key in keys:
            for other in self._actions:
                if other is action:
                    continue
                if any(
                    key.matches(k) == QtGui.QKeySequence.SequenceMatch.ExactMatch
                    for k in self._keys[other.objectName()]
                ):
                    self.message.setText(
                        f"{key.toString(_NATIVE)} is already the key of '{plain(other.text())}'. "
                        "Give that action another key first."
                    )
                    self.editor.setKeySequence(
                        QtGui.QKeySequence(keys_to_text(self._keys[action.objectName()]))
                    )
                    return False
        self._keys[action.objectName()] = keys
        self._show_keys(row)
        self.message.setText(
            f"'{plain(action.text())}': {', '.join(k.toString(_NATIVE) for k in keys) or 'no key'}"
        )
        return True

    # -- slots --------------------------------------------------------------

    def _on_table_current_cell_changed(self, row: int, *_: int) -> None:
        if 0 <= row < len(self._actions):
            keys = self._keys[self._actions[row].objectName()]
            self.editor.setKeySequence(keys[0] if keys else QtGui.QKeySequence())
            self.message.clear()

    def _on_editor_editing_finished(self) -> None:
        row = self._current()
        key = self.editor.keySequence()
        if row < 0 or key.isEmpty():
            return
        self.assign(row, [key])

    def _on_clear_clicked(self) -> None:
        if self._current() >= 0:
            self.editor.clear()
            self.assign(self._current(), [])

    def _on_default_clicked(self) -> None:
        row = self._current()
        if row >= 0:
            self.assign(row, default_keys(self._actions[row]))
            keys = self._keys[self._actions[row].objectName()]
            self.editor.setKeySequence(keys[0] if keys else QtGui.QKeySequence())

    def accept(self) -> None:
        for action in self._actions:
            keys = self._keys[action.objectName()]
            name = PREFIX + action.objectName()
            if keys_to_text(keys) == _remember_default(action):
                self._settings.remove(name)
            else:
                self._settings.setValue(name, keys_to_text(keys))
            action.setShortcuts(keys)
        self._settings.sync()
        super().accept()

    @classmethod
    def ask(
        cls, parent: QtWidgets.QWidget | None, *, actions: Iterable[QtGui.QAction], settings: QtCore.QSettings
    ) -> bool:
        """Show the dialog; True when the user saved new keys."""
        dialog = cls(actions, settings, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        try:
            return dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
