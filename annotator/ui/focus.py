"""The keyboard focus between the panes: F6 / Shift+F6, and keys that mean what they say there.

F6 and Shift+F6 cycle the article list, the text and the span list (the
desktop convention for panes). Where the focus is, some window-wide keys
would surprise: Enter in the article list or the status filter must not
mark the open article done, Space there must not skip it. So:

- search box: Escape returns to the text; Tab goes on to the status filter;
- status filter: arrows choose (the list follows at once), Enter goes on to
  the article list, Escape returns to the text;
- article list: arrows open articles, Enter (or Escape) returns to the text;
- span list: arrows move, Enter selects the span in the text and returns
  there, Escape returns without selecting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.ui.qt import QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

_ENTER = (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter)
_FOCUS = QtCore.Qt.FocusReason.OtherFocusReason


def panes(window: MainWindow) -> list[QtWidgets.QWidget]:
    """The panes F6 cycles through, in order."""
    return [window.article_view, window.view, window.span_view]


def cycle(window: MainWindow, step: int) -> None:
    """F6 / Shift+F6: the focus to the next / previous pane."""
    order = panes(window)
    focused = QtWidgets.QApplication.focusWidget()
    here = next(
        (i for i, p in enumerate(order) if focused is p or (focused and p.isAncestorOf(focused))), None
    )
    if here is None:
        # The search box and the status filter belong to the list's pane.
        here = 0 if focused is not None and window.left.isAncestorOf(focused) else 1
    target = order[(here + step) % len(order)]
    spans = window.span_view
    if target is spans and not spans.currentIndex().isValid() and window.span_model.rowCount():
        spans.setCurrentIndex(window.span_model.index(0, 0))
    target.setFocus(_FOCUS)


class PaneKeys(QtCore.QObject):
    """An event filter on the side panes' widgets: the keys listed in the module docstring."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # Keys these widgets use themselves: not the window's shortcuts while they have focus.
        nav = (
            QtCore.Qt.Key.Key_Up,
            QtCore.Qt.Key.Key_Down,
            QtCore.Qt.Key.Key_Home,
            QtCore.Qt.Key.Key_End,
            QtCore.Qt.Key.Key_Space,
        )
        tab = (QtCore.Qt.Key.Key_Tab, QtCore.Qt.Key.Key_Backtab)
        escape = (QtCore.Qt.Key.Key_Escape,)
        self._own = {
            window.search_box: set(tab),
            window.status_filter: {*_ENTER, *nav, *tab, *escape},
            window.article_view: {*_ENTER, QtCore.Qt.Key.Key_Space, *escape},
            window.span_view: {*_ENTER, QtCore.Qt.Key.Key_Space, *escape},
        }
        for widget in self._own:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802 - Qt name
        kind = event.type()
        if not isinstance(event, QtGui.QKeyEvent) or watched not in self._own:
            return False
        if kind == QtCore.QEvent.Type.ShortcutOverride:
            if event.key() in self._own[watched]:
                event.accept()
            return False
        if kind != QtCore.QEvent.Type.KeyPress:
            return False
        return self._on_key(watched, event.key())

    def _on_key(self, watched: QtCore.QObject, key: int) -> bool:
        window = self.window
        if watched is window.search_box and key == QtCore.Qt.Key.Key_Escape:
            window.view.setFocus(_FOCUS)
            return True
        if watched is window.status_filter:
            if key in _ENTER:
                window.article_view.setFocus(_FOCUS)
                return True
            if key == QtCore.Qt.Key.Key_Escape:
                window.view.setFocus(_FOCUS)
                return True
        if watched in (window.article_view, window.span_view) and key == QtCore.Qt.Key.Key_Escape:
            window.view.setFocus(_FOCUS)
            return True
        if watched is window.article_view and key in _ENTER:
            window.view.setFocus(_FOCUS)
            return True
        if watched is window.span_view and key in _ENTER:
            span = window.span_model.span_at(window.span_view.currentIndex().row())
            if span is not None:
                window.editor.select(span)
            window.view.setFocus(_FOCUS)
            return True
        return False


def install(window: MainWindow) -> PaneKeys:
    """Make the span list focusable and give the side panes their keys."""
    window.span_view.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
    return PaneKeys(window)
