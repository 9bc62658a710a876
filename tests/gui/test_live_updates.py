"""Live updates (issue 13): what another annotator (another window, another machine)
commits shows in this window without a refresh: on PostgreSQL by LISTEN/NOTIFY, on
SQLite by a poll of ``PRAGMA data_version``. The open article's text, caret and
selection are never touched."""

from __future__ import annotations

import pytest

from annotator.model import Status
from annotator.store import Store
from tests.gui.conftest import ANNOTATOR

pytestmark = pytest.mark.gui


@pytest.fixture(params=["sqlite", "postgres"])
def target(request, db_path):
    """The project both "machines" open: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return db_path
    return request.getfixturevalue("pg_url")


def shown_status(window, article_id: int) -> str:
    model = window.articles
    row = next(r for r in range(model.rowCount()) if model.article_id(r) == article_id)
    return model.data(model.index(row, 0), model.StatusRole)


def test_a_status_set_elsewhere_shows_in_the_list_and_the_progress(
    make_window, articles, qtbot, target
) -> None:
    """The same annotator on another machine marks article 3 done: this window's row
    and its "done" figure follow; the open article keeps its selection."""
    window = make_window(articles, target=target)
    text = window.editor.article.text
    start = text.index("Vladimir Putin")
    window.view.set_selection(start, start + len("Vladimir Putin"))
    painted = window.view.toPlainText()
    assert shown_status(window, 3) == Status.TODO
    with Store(target) as other:
        other.set_status(3, ANNOTATOR, Status.DONE)
    qtbot.waitUntil(lambda: shown_status(window, 3) == Status.DONE, timeout=5000)
    qtbot.waitUntil(lambda: window.progress_label.text() == "1 / 4 done", timeout=5000)
    assert window.view.selection() == (start, start + len("Vladimir Putin"))
    assert window.editor.article_id == 1 and window.view.toPlainText() == painted
    with Store(target) as other:
        other.set_status(3, ANNOTATOR, Status.SKIPPED)
    qtbot.waitUntil(lambda: shown_status(window, 3) == Status.SKIPPED, timeout=5000)
    assert window.progress_label.text() == "0 / 4 done"


def test_another_annotators_status_shows_in_the_team_view(make_window, articles, qtbot, target) -> None:
    from annotator.ui.team_view import TeamDialog

    window = make_window(articles, target=target)
    with Store(target) as bob:
        bob.ensure_annotator("bob")
    window.show_team()
    qtbot.waitUntil(lambda: window.findChild(TeamDialog, "team_view") is not None)
    dialog = window.team_dialog
    assert dialog is not None

    def done_of(name: str) -> str:
        table = dialog.progress
        row = next(r for r in range(table.rowCount()) if table.item(r, 0).text().startswith(name))
        return table.item(row, 2).text()

    assert done_of("bob") == "0"
    with Store(target) as bob:
        bob.set_status(2, "bob", Status.DONE)
        bob.set_status(4, "bob", Status.DONE)
    qtbot.waitUntil(lambda: done_of("bob") == "2", timeout=5000)
    # bob's statuses are bob's: this annotator's list and figure stay as they are.
    assert shown_status(window, 2) == Status.TODO
    assert window.progress_label.text() == "0 / 4 done"
    window.editor.set_status(Status.DONE)  # the window's own status: its row in the view follows
    qtbot.waitUntil(lambda: done_of(ANNOTATOR) == "1", timeout=5000)
    dialog.close()


def test_articles_imported_elsewhere_join_the_list(make_window, articles, qtbot, target) -> None:
    from annotator.model import Article

    window = make_window(articles, target=target)
    assert window.articles.total == 4
    with Store(target) as other:
        other.add_articles(
            [Article(text="Snow fell in Bergen overnight.", title="Bergen snow")], annotator="x"
        )
    qtbot.waitUntil(lambda: window.articles.rowCount() == 5, timeout=5000)
    assert window.list_count.text() == "5 articles"
    assert window.progress_label.text() == "0 / 5 done"


def test_the_windows_own_edits_are_not_read_back(make_window, articles, qtbot, pg_url) -> None:
    """Its own notifications are left out: the window has shown its edit already."""
    window = make_window(articles, target=pg_url)
    heard: list[object] = []
    window.live.changed.connect(heard.append)
    window.editor.set_status(Status.FLAGGED)
    with Store(pg_url) as other:
        other.set_status(2, ANNOTATOR, Status.DONE)
    qtbot.waitUntil(lambda: shown_status(window, 2) == Status.DONE, timeout=5000)
    # None: "anything may have changed", once when the listener first connects.
    assert heard and all(ids is None or 1 not in ids for ids in heard)


def test_a_change_heard_before_the_window_closed_is_dropped(make_window, articles, qtbot, pg_url) -> None:
    """A commit the listener thread heard just before the window closed (its signal still
    queued) does not reach the closed window: it would read a project that may be gone."""
    import threading

    window = make_window(articles, target=pg_url)
    heard: list[object] = []
    window.live.changed.connect(heard.append)
    qtbot.wait(400)
    heard.clear()
    # As the listener thread does: the signal waits in the GUI thread's queue.
    thread = threading.Thread(target=lambda: window.live._heard.emit({2}, 0))
    thread.start()
    thread.join()
    window.close()
    qtbot.wait(3 * 150 + 300)
    assert heard == []
