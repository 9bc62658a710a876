"""Enter, Space and F: an article's status, said aloud, and a question before an untouched one is done.

A ``done`` article teaches the model "no entities here" for every word not
marked, so Enter on an article with no spans that the annotator never moved
the caret in (read it? most likely not: Enter came from the list or the
search box) asks first (issue 10.5). Every status change says in the status
bar what it did and that Ctrl+Z undoes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.model import Status
from annotator.store import StoreError
from annotator.ui.article_list import STATUS_TEXT
from annotator.ui.messages import title
from annotator.ui.qt import QtWidgets

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class ConfirmDone:
    """Asks before an untouched article with no spans becomes done; tests replace ``ask``."""

    @classmethod
    def ask(cls, parent: QtWidgets.QWidget, title: str) -> bool:
        answer = QtWidgets.QMessageBox.question(
            parent,
            "Mark done?",
            f"{title} has no spans, and the caret never moved in it. Marked done, it teaches the "
            "model that it names nothing at all. Mark it done anyway?",
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            QtWidgets.QMessageBox.StandardButton.No,
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes


def title_of(window: MainWindow) -> str:
    article = window.editor.article
    return "" if article is None else title(article)


def status_said(title: str, status: str) -> str:
    """``'Oslo weather' marked done; Ctrl+Z undoes``."""
    what = "back in progress" if status == Status.IN_PROGRESS else f"marked {STATUS_TEXT[status]}"
    return f"{title} {what}; Ctrl+Z undoes"


def untouched(window: MainWindow) -> bool:
    """No spans (marked or accepted) and the caret never moved since the article opened."""
    return not window.view.caret_moved and not any(s.is_live for s in window.editor.spans)


def finish(window: MainWindow, status: str) -> None:
    """Enter / Space: set the status (asking first when that is unwise), then open the next todo."""
    editor = window.editor
    current = editor.article_id
    if current is None:
        return
    name = title_of(window)
    if status == Status.DONE and untouched(window) and not ConfirmDone.ask(window, name):
        window.show_message(f"{name} not marked done: nothing changed")
        return
    if not editor.set_status(status):
        return
    said = status_said(name, status)
    try:  # under the on-demand hand-out this may claim an article: a write, which can fail
        following = window.store.next_article(window.annotator, after=current)
    except StoreError as exc:
        window.show_message(f"{said}; the next article was not handed out: {exc}")
        return
    if following is None:
        window.show_message(f"{said}; no todo articles left")
    else:
        window.open_article(following)
        window.show_message(said)


def toggle_flag(window: MainWindow) -> None:
    """F: flag the article for review, or put a flagged one back in progress; say which."""
    editor = window.editor
    if editor.article_id is None:
        return
    flagged = window.store.status(editor.article_id, window.annotator) == Status.FLAGGED
    status = Status.IN_PROGRESS if flagged else Status.FLAGGED
    if editor.set_status(status):
        window.show_message(status_said(title_of(window), status))
