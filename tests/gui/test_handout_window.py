"""The window under the on-demand hand-out: Enter claims the next article, the list and progress follow."""

from __future__ import annotations

import pytest

from annotator.store import Store, handout
from annotator.ui.qt import Qt
from tests.gui.conftest import wait_ready

ANNOTATOR = "ann"

pytestmark = pytest.mark.gui


def test_enter_claims_the_next_article_and_the_list_follows(make_window, articles, db_path, qtbot) -> None:
    with Store(db_path) as store:
        store.add_articles(articles, annotator="import")
        handout.set_handout(store, overlap=1)
        assert store.next_article("bob") == 1  # bob has the first article: it is full
    window = make_window()
    assert window.editor.article_id == 2  # claimed as the window opened
    assert window.articles.total == 1
    assert window.progress_label.text() == "0 / 3 done"  # article 2, and 3 and 4 still open
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.editor.article_id == 3
    assert window.articles.total == 2 and window.article_view.currentIndex().row() == 1
    assert window.progress_label.text() == "1 / 3 done"
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert window.store.status(4, ANNOTATOR) == "done"
    assert "no todo articles left" in window.statusBar().currentMessage()
    assert window.progress_label.text() == "3 / 3 done"
    assert handout.counts(window.store, 1) == (0, 4)


def test_a_claim_refused_at_start_is_said_and_nothing_is_claimed(articles, db_path, qtbot) -> None:
    """Another process takes the file's write lock (an import, say) as the window opens:
    the claim is refused as busy, the status bar says so, and no assignment is written."""
    import sqlite3

    from annotator.ui.main_window import MainWindow

    with Store(db_path) as setup:
        setup.add_articles(articles, annotator="import")
        setup.ensure_annotator(ANNOTATOR)
        handout.set_handout(setup, overlap=1)
    store = Store(db_path, busy_timeout=0.2)
    window = MainWindow(store=store, annotator=ANNOTATOR, staged=True)
    qtbot.addWidget(window)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        window.show()
        window.open_first()
        wait_ready(qtbot, window)
        assert window.editor.article_id is None
        message = window.statusBar().currentMessage()
        assert message.startswith("no article handed out: ") and "busy" in message
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.conn.execute("SELECT COUNT(*) FROM assignments").fetchone()[0] == 0
    window.close()
    store.close()
