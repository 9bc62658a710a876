"""Statuses, moving between articles, search, reopening, settings."""

from __future__ import annotations

import pytest

from annotator.ui.qt import Qt

ANNOTATOR = "ann"

pytestmark = pytest.mark.gui


def test_enter_marks_done_and_opens_next_todo(window, qtbot) -> None:
    assert window.editor.article_id == 1
    window.store.set_status(2, ANNOTATOR, "done")  # already done: Enter skips over it
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.store.status(1, ANNOTATOR) == "done"
    assert window.editor.article_id == 3
    assert window.progress_label.text() == "2 / 4 done"
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert window.store.status(3, ANNOTATOR) == "skipped"
    assert window.editor.article_id == 4
    qtbot.keyClick(window.view, Qt.Key.Key_F)
    assert window.store.status(4, ANNOTATOR) == "flagged"
    assert window.articles.data(window.articles.index(3, 0), window.articles.StatusRole) == "flagged"


def test_undo_reaches_back_across_article_switches(window, qtbot) -> None:
    text = window.editor.article.text
    start = text.index("Reuters")
    window.view.set_selection(start, start + 7)
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # done, on to article 2
    assert window.editor.article_id == 2
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Z, ctrl)  # undoes "done": back on article 1
    assert window.editor.article_id == 1
    assert window.store.status(1, ANNOTATOR) == "in_progress"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, ctrl)
    assert window.store.spans_for(1, ANNOTATOR) == []


def test_alt_page_down_and_up_move_in_the_list(window, qtbot) -> None:
    alt = Qt.KeyboardModifier.AltModifier  # issue 10: PgDown/PgUp alone scroll the text
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, alt)
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, alt)
    assert window.editor.article_id == 3
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp, alt)
    assert window.editor.article_id == 2
    assert window.article_view.currentIndex().row() == 1


def test_search_filters_the_list(window, qtbot) -> None:
    assert window.articles.total == 4
    qtbot.keyClicks(window.search_box, "Lagos")
    qtbot.waitUntil(lambda: window.articles.total == 1)
    assert window.articles.data(window.articles.index(0, 0)) == "Apple in Lagos"
    # Typing in the search box never fires the single-key shortcuts.
    assert window.store.status(1, ANNOTATOR) == "todo"
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # opens the first hit
    assert window.editor.article_id == 3
    assert window.store.status(1, ANNOTATOR) == "todo" and window.store.status(3, ANNOTATOR) == "todo"
    window.search_box.clear()
    qtbot.waitUntil(lambda: window.articles.total == 4)
    window.status_filter.setCurrentIndex(window.status_filter.findData("done"))
    assert window.articles.total == 0


def test_search_box_keeps_digits_and_letters(window, qtbot) -> None:
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "q1 b")
    assert window.search_box.text() == "q1 b"
    assert window.store.spans_for(1, ANNOTATOR) == []


def test_reopen_finds_everything(make_window, articles, qtbot, db_path) -> None:
    window = make_window(articles)
    text = window.editor.article.text
    start = text.index("Lithuania")
    window.view.set_selection(start, start + len("Lithuania"))
    qtbot.keyClick(window.view, Qt.Key.Key_5)
    window.view.set_selection(0, 3)
    qtbot.keyClick(window.view, Qt.Key.Key_B)
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # zoom in
    size = window.view.font().pointSize()
    window.close()
    window.store.close()
    again = make_window()
    assert again.editor.article_id == 1  # in progress: opened first
    spans = again.editor.spans
    assert {(s.layer, s.label) for s in spans} == {("entity", "GPE"), ("boilerplate", "BOILERPLATE")}
    assert again.span_model.rowCount() == 2
    assert again.view.font().pointSize() == size  # the window remembers its zoom


def test_list_is_fetched_lazily(make_window, qtbot) -> None:
    from annotator.model import Article

    many = [Article(text=f"Article number {i} about things.", title=f"A{i}") for i in range(1000)]
    window = make_window(many)
    assert window.articles.total == 1000
    assert window.articles.rowCount() < 1000  # only the pages the view asked for
    window.article_view.scrollToBottom()
    qtbot.waitUntil(lambda: window.articles.rowCount() > 200 or not window.articles.canFetchMore())
