"""The window on a PostgreSQL project when the connection drops or the server
restarts (issue 13): an edit is saved (run again on a new connection when that is
safe) or is said, in one line, not to be saved, with no undo step; the window
reconnects by itself and the next edit works without reopening."""

from __future__ import annotations

import threading
import time

import pytest
from pg_server import PgServer

from annotator.model import ENTITY
from annotator.store import Store
from annotator.ui.qt import Qt
from annotator.ui.status_bar import OFFLINE
from tests.gui.conftest import ANNOTATOR

pytestmark = pytest.mark.gui


database_of = PgServer.database_of


def terminate(pg_server, url: str, *, where: str = "true") -> int:
    """End every server process of the window's database (a dropped connection)."""
    done = pg_server.psql(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        f"WHERE datname = '{database_of(url)}' AND pid <> pg_backend_pid() AND {where}"
    )
    return int(done.strip() or 0)


def stored(url: str) -> list[tuple[int, int, str]]:
    """The annotator's entity spans, read by another client: what landed."""
    with Store(url) as other:
        rows = other.conn.execute(
            'SELECT start, "end", label FROM spans WHERE layer = ? AND annotator = ? ORDER BY start',
            [ENTITY, ANNOTATOR],
        )
        return [tuple(r) for r in rows.fetchall()]


def mark(window, qtbot, needle: str) -> tuple[int, int, str]:
    start = window.editor.article.text.index(needle)
    window.view.set_selection(start, start + len(needle))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    return (start, start + len(needle), "PERSON")


@pytest.fixture
def pg_window(make_window, articles, pg_url, pg_server):
    from annotator.formats.tokens import blank

    blank("en")  # the first mark loads spaCy's tokenizer: not what is tested here
    window = make_window(articles, target=pg_url)
    yield window
    if not (pg_server.sockdir / f".s.PGSQL.{pg_server.port}").exists():
        pg_server.start()  # a test that stopped the server failed before it started it again


def test_an_edit_after_a_dropped_connection_is_saved(pg_window, qtbot, pg_server, pg_url) -> None:
    window = pg_window
    assert terminate(pg_server, pg_url) >= 1
    first = mark(window, qtbot, "Vladimir Putin")
    assert stored(pg_url) == [first]
    assert window.editor.undo_stack.count() == 1
    assert window.saved_label.text().startswith("saved ")


def test_a_connection_dropped_in_the_middle_of_an_edit_is_run_again(
    pg_window, qtbot, pg_server, pg_url
) -> None:
    """The server process dies while the edit waits for a lock inside its transaction:
    that transaction is gone, nothing of it committed, so the window runs it once more
    on a new connection: saved once, one undo step."""
    window = pg_window
    holder = Store(pg_url)
    holder.conn.execute("BEGIN")
    holder.conn.execute("LOCK TABLE spans IN EXCLUSIVE MODE")
    killed: list[int] = []

    def kill_the_waiting_edit() -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not killed:
            n = terminate(pg_server, pg_url, where="wait_event_type = 'Lock'")
            if n:
                killed.append(n)
                holder.conn.execute("ROLLBACK")  # the lock goes: the second run gets through
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_the_waiting_edit)
    killer.start()
    try:
        first = mark(window, qtbot, "Vladimir Putin")
    finally:
        killer.join()
        holder.close()
    assert killed == [1]
    assert stored(pg_url) == [first]
    assert window.editor.undo_stack.count() == 1
    assert window.saved_label.text().startswith("saved ")
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(pg_url) == []


def test_an_edit_while_the_server_is_down_is_not_saved_and_the_window_reconnects(
    pg_window, qtbot, pg_server, pg_url
) -> None:
    window = pg_window
    pg_server.stop()
    try:
        mark(window, qtbot, "Vladimir Putin")
        message = window.statusBar().currentMessage()
        assert message == "not saved: cannot reach the PostgreSQL server; reconnecting…"
        assert window.saved_label.text() == OFFLINE
        assert window.editor.undo_stack.count() == 0
        assert window.editor.spans == []
        # Meanwhile each edit tries the server again: refused at once, saying the same.
        began = time.perf_counter()
        mark(window, qtbot, "Macron")
        qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert time.perf_counter() - began < 0.5
        assert window.statusBar().currentMessage() == message
        # Moving to another article needs the server too: one line, no traceback.
        qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
        assert window.statusBar().currentMessage() == message
        assert window.editor.article_id == 1
    finally:
        pg_server.start()
    qtbot.waitUntil(lambda: window.saved_label.text().startswith("reconnected "), timeout=10000)
    assert window.statusBar().currentMessage() == "reconnected to the server: edits are saved again"
    assert stored(pg_url) == []
    first = mark(window, qtbot, "Vladimir Putin")
    assert stored(pg_url) == [first]
    assert window.editor.undo_stack.count() == 1
    assert window.saved_label.text().startswith("saved ")
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert window.editor.article_id == 2


def test_after_a_server_restart_the_next_edit_is_saved(pg_window, qtbot, pg_server, pg_url) -> None:
    window = pg_window
    first = mark(window, qtbot, "Vladimir Putin")
    pg_server.restart()
    second = mark(window, qtbot, "Macron")
    assert stored(pg_url) == sorted([first, second])
    assert window.editor.undo_stack.count() == 2
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(pg_url) == [first]


def test_an_edit_whose_commit_dies_is_not_shown_saved(pg_window, qtbot, pg_server, pg_url) -> None:
    """The server process dies in the middle of the COMMIT, each time (a deferred trigger
    ends it): the window asks the server what became of it (aborted), runs it once more,
    and when that dies too, says nothing was saved; no undo step, nothing landed. Once the
    trigger is gone the window is back by itself and the next edit is saved."""
    window = pg_window
    with pg_server.commits_die(database_of(pg_url)):
        mark(window, qtbot, "Vladimir Putin")
        assert window.statusBar().currentMessage() == (
            "not saved: lost the connection to the PostgreSQL server; reconnecting…"
        )
        assert window.saved_label.text() == OFFLINE
        assert window.editor.undo_stack.count() == 0 and window.editor.spans == []
    assert stored(pg_url) == []
    qtbot.waitUntil(lambda: window.saved_label.text().startswith("reconnected "), timeout=10000)
    first = mark(window, qtbot, "Vladimir Putin")
    assert stored(pg_url) == [first]
    assert window.editor.undo_stack.count() == 1


def test_an_edit_whose_commit_outcome_is_unknown_says_so_and_is_read_again(
    pg_window, qtbot, pg_server, pg_url
) -> None:
    """The server goes down while the edit's COMMIT runs: nobody can tell whether it
    landed. The window says it may not have been saved, keeps it off the undo stack,
    and once the server is back reads the article's spans again: what is shown is
    what is stored."""
    window = pg_window
    database = database_of(pg_url)
    with pg_server.stopped_during_commit(database):
        mark(window, qtbot, "Vladimir Putin")
    try:
        assert window.statusBar().currentMessage() == (
            "lost the connection while saving: the edit may not have been saved; reconnecting…"
        )
        assert window.saved_label.text() == OFFLINE
        assert window.editor.undo_stack.count() == 0
    finally:
        pg_server.start()
    qtbot.waitUntil(lambda: window.saved_label.text().startswith("reconnected "), timeout=10000)
    assert "spans were read again" in window.statusBar().currentMessage()
    pg_server.psql("DROP TRIGGER IF EXISTS slow ON edits", database)
    assert stored(pg_url) == [] and window.editor.spans == []
    first = mark(window, qtbot, "Vladimir Putin")
    assert stored(pg_url) == [first]


def test_an_undo_while_the_server_is_down_is_kept_for_when_it_is_back(
    pg_window, qtbot, pg_server, pg_url
) -> None:
    """Ctrl+Z with the server stopped undoes nothing and says so; the step stays on the
    stack, and once the server is back the same key undoes the edit."""
    window = pg_window
    first = mark(window, qtbot, "Vladimir Putin")
    assert stored(pg_url) == [first]
    pg_server.stop()
    try:
        qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert "cannot reach the PostgreSQL server" in window.statusBar().currentMessage()
        assert window.editor.undo_stack.count() == 1 and window.editor.undo_stack.canUndo()
        assert not window.editor.undo_stack.canRedo()
    finally:
        pg_server.start()
    assert stored(pg_url) == [first]
    qtbot.waitUntil(lambda: window.saved_label.text().startswith("reconnected "), timeout=10000)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(pg_url) == []
    assert window.statusBar().currentMessage().startswith("undid: ")
