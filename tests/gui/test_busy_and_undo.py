"""Edits against a database another program is writing to, and undo of the
status a first mark sets; checked in SQLite."""

from __future__ import annotations

import sqlite3
import time

import pytest

from annotator.model import ENTITY, Status
from annotator.ui import main_window
from annotator.ui.qt import Qt
from tests.gui.conftest import ANNOTATOR

pytestmark = pytest.mark.gui


def select_text(window, needle: str) -> tuple[int, int]:
    start = window.editor.article.text.index(needle)
    window.view.set_selection(start, start + len(needle))
    return start, start + len(needle)


def entities(window) -> list[tuple[int, int, str]]:
    rows = window.store.conn.execute(
        'SELECT start, "end", label FROM spans WHERE article_id = ? AND layer = ? AND annotator = ?',
        [window.editor.article_id, ENTITY, ANNOTATOR],
    )
    return rows.fetchall()


def test_a_mark_while_another_program_writes_is_refused_not_frozen(
    window, qtbot, db_path, monkeypatch
) -> None:
    """Another program holds the write lock (a long import): the key is
    refused within the window's short wait, with a message; nothing is saved,
    nothing waits on the undo stack; once the lock is gone the same key works."""
    from annotator.formats.tokens import blank

    blank("en")  # the first mark loads spaCy's tokenizer: not what is timed here
    other = sqlite3.connect(str(db_path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE articles SET title = title WHERE id = 1")
    try:
        start, end = select_text(window, "Vladimir Putin")
        began = time.perf_counter()
        qtbot.keyClick(window.view, Qt.Key.Key_1)
        waited = time.perf_counter() - began
        assert waited < main_window.EDIT_BUSY_TIMEOUT_S + 1.0
        assert "not saved" in window.statusBar().currentMessage()
        assert "busy" in window.statusBar().currentMessage()
        assert window.editor.undo_stack.count() == 0
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert entities(window) == []
    select_text(window, "Vladimir Putin")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert entities(window) == [(start, end, "PERSON")]
    assert window.editor.undo_stack.count() == 1


def test_an_undo_refused_while_another_program_writes_keeps_the_edit(window, qtbot, db_path) -> None:
    start, end = select_text(window, "Vladimir Putin")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert entities(window) == [(start, end, "PERSON")]
    other = sqlite3.connect(str(db_path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE articles SET title = title WHERE id = 1")
    try:
        qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert "busy" in window.statusBar().currentMessage()
    finally:
        other.execute("ROLLBACK")
        other.close()
    # Not undone, and the stack does not claim it was: redo has nothing to put back twice.
    assert entities(window) == [(start, end, "PERSON")]
    assert not window.editor.undo_stack.canRedo()
    # The step is kept: once the other program is done, the same key undoes it, and redo
    # puts it back.
    assert window.editor.undo_stack.canUndo()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert entities(window) == []
    assert window.statusBar().currentMessage().startswith("undid: ")
    other = sqlite3.connect(str(db_path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE articles SET title = title WHERE id = 1")
    try:
        qtbot.keyClick(
            window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        assert "busy" in window.statusBar().currentMessage()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert entities(window) == [] and window.editor.undo_stack.canRedo()
    qtbot.keyClick(
        window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert entities(window) == [(start, end, "PERSON")]


def test_undoing_the_first_mark_puts_the_article_back_to_todo(window, qtbot) -> None:
    article_id = window.editor.article_id
    assert window.store.status(article_id, ANNOTATOR) == Status.TODO
    select_text(window, "Vladimir Putin")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert window.store.status(article_id, ANNOTATOR) == Status.IN_PROGRESS
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert entities(window) == []
    assert window.store.status(article_id, ANNOTATOR) == Status.TODO
    assert window.articles.data(window.articles.index(0, 0), window.articles.StatusRole) == Status.TODO
    qtbot.keyClick(
        window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert len(entities(window)) == 1
    assert window.store.status(article_id, ANNOTATOR) == Status.IN_PROGRESS


def test_undoing_a_delete_on_a_todo_article_leaves_it_todo(make_window, articles, qtbot) -> None:
    """Spans can come with an import while the article is still "todo": putting
    one back by undo is not a first mark."""
    from annotator.model import Span

    window = make_window(articles)
    text = window.editor.article.text
    start = text.index("Vladimir Putin")
    with window.store.transaction():
        span = window.store.add_span(
            window.editor.article_id, Span(start, start + 14, ENTITY, "PERSON", annotator=ANNOTATOR)
        )
        window.store.set_status(window.editor.article_id, ANNOTATOR, Status.TODO)
    window.open_article(window.editor.article_id)
    window.editor.select(next(s for s in window.editor.spans if s.id == span.id))
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert entities(window) == []
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert entities(window) == [(start, start + 14, "PERSON")]
    assert window.store.status(window.editor.article_id, ANNOTATOR) == Status.TODO


def test_the_list_row_counts_follow_every_edit(window, qtbot) -> None:
    """Marks, suggestions accepted and rejected, undo: the row's span and
    suggestion counts and status stay what the database's list query says."""
    from annotator.model import Span

    article_id = window.editor.article_id
    text = window.editor.article.text
    suggested = [
        Span(text.index(w), text.index(w) + len(w), ENTITY, "GPE", annotator=ANNOTATOR, origin="suggested:t")
        for w in ("Belarus", "Ukraine", "Poland")
    ]
    window.store.add_suggestions(article_id, suggested, annotator=ANNOTATOR)
    window.open_article(article_id)

    def shown() -> tuple[str, int, int]:
        row = window.articles.row_of(article_id)
        model = window.articles
        status = model.data(model.index(row, 0), model.StatusRole)
        return status, model.data(model.index(row, 1)), model.data(model.index(row, 2)) or 0

    def in_database() -> tuple[str, int, int]:
        [row] = window.store.list_articles(ANNOTATOR, after=article_id - 1, limit=1)
        return row.status, row.spans, row.suggestions

    assert shown() == in_database() == (Status.TODO, 0, 3)
    select_text(window, "Vladimir Putin")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert shown() == in_database() == (Status.IN_PROGRESS, 1, 3)
    window.editor.select(next(s for s in window.editor.spans if s.is_suggestion))
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    assert shown() == in_database() == (Status.IN_PROGRESS, 2, 2)
    window.editor.select(next(s for s in window.editor.spans if s.is_suggestion))
    qtbot.keyClick(window.view, Qt.Key.Key_X)
    assert shown() == in_database() == (Status.IN_PROGRESS, 2, 1)
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown() == in_database() == (Status.TODO, 0, 3)


def test_a_mark_that_waits_for_spacy_says_so_first(window, qtbot, monkeypatch) -> None:
    """Before the background load of spaCy's tokenizer has finished, a mark
    waits for it: the status bar says why before the pause, and the mark
    lands all the same (the message goes with the edit)."""
    shown: list[str] = []
    monkeypatch.setattr(window.editor.tokens, "ready_for", lambda _article_id: False)
    window.editor.waiting.connect(lambda text: shown.append(window.statusBar().currentMessage()))
    start, end = select_text(window, "Vladimir Putin")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert shown and "loading spaCy's tokenizer" in shown[0]
    assert entities(window) == [(start, end, "PERSON")]
    assert "spaCy" not in window.statusBar().currentMessage()


def test_tokens_are_ready_once_spacy_is_loaded(window) -> None:
    from annotator.formats.tokens import blank

    blank("en")
    window.editor.tokens.warm_up()
    window.editor.tokens._thread.join(30)
    assert window.editor.tokens.ready_for(window.editor.article_id)
