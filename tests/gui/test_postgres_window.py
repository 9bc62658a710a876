"""The window on a PostgreSQL project: marks saved on the server, search, and connection faults.

The same main window as on a SQLite file (``make_window``), opened on a URL:
every edit is on the server when the key press returns; a dropped connection
is picked up again by the next edit; with the server down an edit says it was
not saved and leaves nothing on the undo stack.
"""

from __future__ import annotations

import pytest
from backends import read_back

from annotator.ui.qt import Qt
from tests.gui.conftest import ANNOTATOR

pytestmark = pytest.mark.gui


PASSWORD = "n0t-in-any-log"


@pytest.fixture
def db_path(pg_url: str) -> str:
    """make_window opens this: a database on the server, with a password in its URL (the
    socket trusts the test's role, so libpq never needs it: it must just never show)."""
    return pg_url.replace("@/", f":{PASSWORD}@/", 1)


def _mark(window, qtbot, needle: str) -> tuple[int, int]:
    start = window.editor.article.text.index(needle)
    window.view.set_selection(start, start + len(needle))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    return start, start + len(needle)


def _entities(url: str) -> list[tuple]:
    return read_back(
        url, 'SELECT start, "end", label, annotator FROM spans WHERE layer = ? ORDER BY start', ["entity"]
    )


def test_a_mark_is_on_the_server_when_the_key_returns_and_undo_takes_it_back(window, qtbot, pg_url) -> None:
    assert window.store.is_postgres and window.store.name in window.windowTitle()
    start, end = _mark(window, qtbot, "Vladimir Putin")
    assert _entities(pg_url) == [(start, end, "PERSON", ANNOTATOR)]
    assert read_back(
        pg_url, "SELECT status FROM statuses WHERE article_id = 1 AND annotator = ?", [ANNOTATOR]
    ) == [("in_progress",)]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _entities(pg_url) == []


def test_the_search_box_finds_on_the_server(window, qtbot) -> None:
    for query, expected in {"Lago": 1, "berlin tues": 1, "\x00": 4, "Oslo AND": 0, "'": 0}.items():
        window.search_box.setText(query)
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
        assert window.articles.total == expected, query


def test_after_a_dropped_connection_the_next_mark_is_saved(window, qtbot, pg_url) -> None:
    pid = window.store.conn.raw.info.backend_pid
    read_back(pg_url, "SELECT pg_terminate_backend(?)", [pid])
    qtbot.waitUntil(lambda: not read_back(pg_url, "SELECT 1 FROM pg_stat_activity WHERE pid = ?", [pid]))
    start, end = _mark(window, qtbot, "Vladimir Putin")
    assert _entities(pg_url) == [(start, end, "PERSON", ANNOTATOR)]
    assert window.editor.undo_stack.count() == 1


def test_with_the_server_down_a_mark_is_not_saved_and_not_on_the_undo_stack(
    window, qtbot, pg_server, pg_url
) -> None:
    pg_server.stop()
    try:
        _mark(window, qtbot, "Vladimir Putin")
        message = window.statusBar().currentMessage()
        assert "not saved" in message and "cannot reach the PostgreSQL server" in message
        assert window.editor.undo_stack.count() == 0
    finally:
        pg_server.start()
    assert _entities(pg_url) == []
    start, end = _mark(window, qtbot, "Vladimir Putin")
    assert _entities(pg_url) == [(start, end, "PERSON", ANNOTATOR)]
    assert window.editor.undo_stack.count() == 1


def test_the_password_is_nowhere_the_window_shows_or_keeps(window, qtbot, tmp_path) -> None:
    from annotator.ui.settings import app_settings

    shown = [window.windowTitle(), window.db_label.text(), window.store.label, window.store.name]
    assert window.store.target.count(PASSWORD) == 1  # what reopens it (worker threads) keeps it
    assert all(PASSWORD not in text for text in shown), shown
    window.close()
    app_settings().sync()
    kept = "".join(p.read_text(errors="replace") for p in tmp_path.rglob("*.conf"))
    assert PASSWORD not in kept


def test_with_the_server_down_moving_to_another_article_says_so(window, qtbot, pg_server) -> None:
    pg_server.stop()
    try:
        window.view.setFocus()
        qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
        assert "cannot reach the PostgreSQL server" in window.statusBar().currentMessage()
        assert window.editor.article_id == 1  # still the article it showed
    finally:
        pg_server.start()
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert window.editor.article_id == 2


def test_f5_shows_what_another_annotator_saved_meanwhile(window, qtbot, pg_url) -> None:
    from annotator.model import Article
    from annotator.store import Store

    assert window.articles.total == 4 and window.progress_label.text() == "0 / 4 done"
    with Store(pg_url) as elsewhere:  # another machine: an admin imports, the same annotator finishes one
        elsewhere.add_articles([Article(text="Filed from the night desk.")], annotator="admin")
        elsewhere.set_status(3, ANNOTATOR, "done")
    assert window.articles.total == 4  # nothing is read behind the annotator's back
    qtbot.keyClick(window.view, Qt.Key.Key_F5)
    assert window.articles.total == 5
    assert window.progress_label.text() == "1 / 5 done"
