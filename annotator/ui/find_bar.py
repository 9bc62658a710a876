"""The find bar under the article (``/`` or ``Ctrl+F``, issue 10).

A line edit that finds as you type from where it was opened; ``Enter`` keeps
the match selected and gives the focus back to the text (so a label key
marks it), ``Escape`` closes the bar. It is built the first time it is asked
for, so the window's start does not pay for it: the article view moves into
a small container in the splitter then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.ui.qt import Qt, QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotator.ui.main_window import MainWindow

# Keys that belong to the bar while it has focus, not to the window's shortcuts.
_OWN_KEYS = (
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Space,
    Qt.Key.Key_Escape,
    Qt.Key.Key_Delete,
    Qt.Key.Key_Backspace,
)


class FindBar(QtWidgets.QLineEdit):
    """Finds the words typed in it in the open article."""

    def __init__(
        self,
        *,
        view: QtWidgets.QPlainTextEdit,
        find: Callable[[str, int], bool],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        self.setPlaceholderText("Find in the article: Enter to mark it, F3 next, Escape closes")
        self.setClearButtonEnabled(True)
        self._view = view
        self._find = find
        self._origin = 0
        self._found = False
        self.textEdited.connect(self._on_find_bar_text_edited)
        self.returnPressed.connect(self._on_find_bar_return_pressed)
        self.hide()

    @classmethod
    def install(cls, window: MainWindow, *, find: Callable[[str, int], bool]) -> FindBar:
        """Put a find bar under ``window.view`` (in the view's place in the splitter)."""
        splitter = window.splitter
        index = splitter.indexOf(window.view)
        sizes = splitter.sizes()
        box = QtWidgets.QWidget()
        box.setObjectName("article_box")
        layout = QtWidgets.QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        bar = cls(view=window.view, find=find, parent=box)
        # Not replaceWidget: it hands the view back unparented, and PySide6 deletes it.
        splitter.insertWidget(index, box)
        layout.addWidget(window.view)  # out of the splitter, into the box
        layout.addWidget(bar)
        splitter.setSizes(sizes)
        window.view.show()
        return bar

    def needle(self) -> str:
        return self.text()

    def open(self, origin: int, seed: str | None) -> None:
        self._origin = origin
        self._found = False
        if seed:
            self.setText(seed)
        self.show()
        self.setFocus()
        self.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._view.setFocus()

    def _on_find_bar_text_edited(self, text: str) -> None:
        self._found = self._find(text, self._origin)

    def _on_find_bar_return_pressed(self) -> None:
        # The match found while typing stays selected; none yet (a seeded bar): find it now.
        self._found = self._found or self._find(self.text(), self._origin)
        if self._found:
            self._view.setFocus()

    def event(self, event: QtCore.QEvent) -> bool:
        if (
            event.type() == QtCore.QEvent.Type.ShortcutOverride
            and isinstance(event, QtGui.QKeyEvent)
            and event.key() in _OWN_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
