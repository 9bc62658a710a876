"""Live updates and the server's coming and going, for the main window.

What other windows and commands commit shows here without a refresh: the
article list's visible rows (status, span counts), the list's count, the
progress figure and the Team view's progress table. It never touches the open
article's text, caret or selection.

- On PostgreSQL every write transaction notifies the project's channel with
  the ids of the articles it changed (``annotator.store.pg``); a
  ``pg.Listener`` thread on its own connection hears it, and ``LiveUpdates``
  hands it to the GUI thread as ``changed``. Notifications from this window's
  own connection are left out: the window has shown its own edits already.
- On SQLite a timer reads ``PRAGMA data_version`` every ``POLL_MS``: it
  changes when another connection has committed.

Changes are gathered for ``SETTLE_MS`` and applied at once: one list query
for the visible rows, whatever arrived meanwhile.

The listener is also the window's watch on the server: it says when its
connection went and when a new one could be made (``server_lost``,
``server_back``), so the window can say it is reconnecting and when edits are
saved again (``ServerState``).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from annotator.store.errors import StoreConnectionError, StoreError
from annotator.ui import messages
from annotator.ui.qt import QtCore, Signal, Slot
from annotator.ui.status_bar import NOT_SAVED, OFFLINE

if TYPE_CHECKING:
    from annotator.store import Store
    from annotator.ui.main_window import MainWindow

POLL_MS = 1000  # SQLite: how often another connection's commit is looked for
SETTLE_MS = 150  # changes arriving this close together are applied once
RECONNECT_MS = 2000  # while offline, how often the window tries its own connection again
CONNECT_TIMEOUT_S = 2  # libpq's least: an edit while a remote server is out of reach


class LiveUpdates(QtCore.QObject):
    """Tells the window what others committed (``changed``: article ids, or None
    for anything) and, on PostgreSQL, when the server went and came back."""

    changed = Signal(object)
    server_lost = Signal(str)
    server_back = Signal()
    _heard = Signal(object, int)  # from the listener's thread
    _state = Signal(bool, str)

    def __init__(self, *, store: Store, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._pending: set[int] | None = set()
        self._settle = QtCore.QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._on_settle_timeout)
        self._listener: Any = None
        self._poll: QtCore.QTimer | None = None
        self.stopped = False
        if store.is_postgres:
            from annotator.store.pg import Listener  # psycopg: only for a PostgreSQL project

            self._heard.connect(self._on_heard)
            self._state.connect(self._on_state)
            self._listener = Listener(store.target, on_change=self._heard.emit, on_state=self._state.emit)
            self._listener.start()
        else:
            self._version = store.data_version()
            self._poll = QtCore.QTimer(self)
            self._poll.setInterval(POLL_MS)
            self._poll.timeout.connect(self._on_poll_timeout)
            self._poll.start()

    @property
    def listening(self) -> bool:
        """PostgreSQL: the listener's connection is up (so the server is reachable)."""
        return self._listener is not None and self._listener.connected.is_set()

    def stop(self) -> None:
        """Stop listening and polling (the window closes; its store closes next). A change the
        listener heard before and that is still queued is dropped."""
        self.stopped = True
        self._settle.stop()
        if self._poll is not None:
            self._poll.stop()
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    def _note(self, ids: set[int] | None) -> None:
        if self.stopped:
            return
        if ids is None or self._pending is None:
            self._pending = None
        else:
            self._pending |= ids
        if not self._settle.isActive():
            self._settle.start()

    @Slot()
    def _on_poll_timeout(self) -> None:
        try:
            version = self._store.data_version()
        except StoreError:
            return  # the file went away or is locked: the next tick looks again
        if version != self._version:
            self._version = version
            self._note(None)

    @Slot(object, int)
    def _on_heard(self, ids: set[int] | None, sender: int) -> None:
        if sender and sender == self._store.conn.backend_pid:  # type: ignore[attr-defined]
            return  # this window's own edit
        self._note(ids)

    @Slot(bool, str)
    def _on_state(self, connected: bool, message: str) -> None:
        if self.stopped:
            return
        if connected:
            self.server_back.emit()
        else:
            self.server_lost.emit(message)

    @Slot()
    def _on_settle_timeout(self) -> None:
        if self.stopped:
            return
        ids, self._pending = self._pending, set()
        self.changed.emit(ids)


# -- applying what others changed -------------------------------------------------------


def visible_ids(window: MainWindow) -> list[int]:
    """The ids of the article list's rows on screen (a page of them at most)."""
    view = window.article_view
    model = window.articles
    if model.rowCount() == 0:
        return []
    top = view.indexAt(QtCore.QPoint(1, 1)).row()
    bottom = view.indexAt(QtCore.QPoint(1, view.viewport().height() - 2)).row()
    top = max(top, 0)
    bottom = model.rowCount() - 1 if bottom < 0 else bottom
    return [i for i in (model.article_id(row) for row in range(top, bottom + 1)) if i is not None]


def apply_changes(window: MainWindow, ids: set[int] | None) -> None:
    """Re-read what ``ids`` (None: anything) may have changed and is on screen."""
    shown = visible_ids(window)
    if ids is not None:
        shown = [i for i in shown if i in ids]
    window.articles.refresh_rows(shown)
    done, total = window.store.progress(window.annotator)
    window.articles.recount(total)
    window.show_progress(done, total)
    _refresh_team(window)


def _refresh_team(window: MainWindow) -> None:
    team = window.team_dialog
    if team is not None:
        team.refresh_progress()


# -- the server going and coming back ---------------------------------------------------


class ServerState(QtCore.QObject):
    """The window's side of a lost server: "not saved" in the status bar and a
    one-line message while it reconnects (each edit meanwhile tries the server
    again, waiting ``CONNECT_TIMEOUT_S`` at most); then "reconnected", the list
    and figures re-read, and edits saved again."""

    def __init__(self, *, window: MainWindow, live: LiveUpdates) -> None:
        super().__init__(window)
        self._window = window
        self._live = live
        self.offline = False
        self._unsure = False  # a COMMIT whose outcome nobody knows yet
        self._reachable = False  # only the connection went, not the server (so far)
        self._retry = QtCore.QTimer(self)
        self._retry.setInterval(RECONNECT_MS)
        self._retry.timeout.connect(self._on_retry_timeout)
        live.server_lost.connect(self._on_live_server_lost)
        live.server_back.connect(self._on_live_server_back)

    def store_failed(self, error: StoreError) -> None:
        """The store refused an edit: "not saved"; a lost server also goes offline."""
        if isinstance(error, StoreConnectionError):
            self.lost(error)
        elif not self.offline:
            self._window.show_saved(NOT_SAVED, failed=True)

    def lost(self, error: StoreConnectionError) -> None:
        """An edit or a read found the server gone (after the store's one retry)."""
        self._unsure = self._unsure or error.saved is None
        self._reachable = error.reachable
        self._go_offline()

    def say(self) -> None:
        """The offline line, shown until the server is back."""
        text = messages.offline(unsure=self._unsure, reachable=self._reachable)
        self._window.statusBar().showMessage(text)

    def _go_offline(self) -> None:
        window = self._window
        window.show_saved(OFFLINE, failed=True)
        if not self.offline:
            self.offline = True
            self._retry.start()
        self.say()

    @Slot(str)
    def _on_live_server_lost(self, _message: str) -> None:
        self._reachable = False  # the listener could not make a new connection either
        self._go_offline()

    @Slot()
    def _on_live_server_back(self) -> None:
        if self.offline:
            self._try_back()

    @Slot()
    def _on_retry_timeout(self) -> None:
        # The listener says so when the server is back; this is for a window whose own
        # connection went while the listener's stayed (it tries only when that one is up).
        if self._live.listening:
            self._try_back()

    def _try_back(self) -> None:
        window = self._window
        try:
            window.store.reconnect()
        except StoreError:
            return  # still out of reach: the listener, or the next tick, tries again
        self.back()

    def saved(self) -> None:
        """An edit was saved: the store's connection is up again, whatever the listener knows."""
        if self.offline:
            self.back()

    def back(self) -> None:
        window = self._window
        self.offline = False
        self._retry.stop()
        unsure, self._unsure = self._unsure, False
        if not window.saved_label.text().startswith("saved "):
            window.show_saved(f"reconnected {datetime.datetime.now():%H:%M:%S}")
        if unsure:
            window.editor.reread_spans()  # an edit whose COMMIT went unanswered may have landed
        window.show_message(
            "reconnected to the server: edits are saved again"
            + ("; the article's spans were read again, in case the last edit landed" if unsure else "")
        )
        # What others committed meanwhile was heard by nobody.
        window.guarded(lambda: apply_changes(window, None))


def install(window: MainWindow) -> tuple[LiveUpdates, ServerState]:
    """Start the live updates of a complete window and its watch on the server."""
    live = LiveUpdates(store=window.store, parent=window)
    server = ServerState(window=window, live=live)
    live.changed.connect(
        lambda ids: None if server.offline else window.guarded(lambda: apply_changes(window, ids))
    )
    window.editor.not_saved.connect(server.store_failed)
    window.editor.saved.connect(server.saved)
    # The window's own statuses are not heard back (annotator.ui.live): the Team view follows them here.
    window.editor.status_changed.connect(lambda _article_id: _refresh_team(window))
    # An edit tried while the server is out of reach waits at most this long for a connection.
    window.store.set_connect_timeout(CONNECT_TIMEOUT_S)
    bar = window.statusBar()
    # The status bar's messages time out; while offline, the offline line comes back.
    bar.messageChanged.connect(lambda text: server.offline and not text and server.say())
    return live, server
