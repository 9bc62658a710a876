"""The main window: article list, article view, label palette and span list.

It builds the widgets and actions and wires them to the ``Editor`` (which
decides what an input means). Dialogs from other modules are reached through
their ``ask`` classmethods, looked up when used, so the window starts without
them.

A window built with ``staged=True`` (what ``annotator open`` does) starts in
two steps so the first article shows as early as possible: first the frame
(splitter, empty side panes, the menu titles) with the article view and the
first article in it; right after that article is painted, in the next turn
of the event loop, the rest (``annotator.ui.panes``: list, palette, span
list, status bar, actions in the menus; the editor; saved keys). ``ready``
is emitted then and ``is_ready`` turns True; until then only the article
view, ``store``, ``annotator``, ``show_message`` and ``save_settings`` are
there. ``finish_building()`` does the second step at once. Without
``staged`` the window is complete when the constructor returns.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from annotator.model import LAYERS, Status
from annotator.model.words import count
from annotator.store import Store, StoreError
from annotator.ui.actions import MENUS
from annotator.ui.qt import QtCore, QtGui, QtWidgets, Signal
from annotator.ui.settings import app_settings
from annotator.ui.text_view import ArticleView

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotator.model import Article, Span
    from annotator.ui.article_list import ArticleListModel
    from annotator.ui.editor import Editor
    from annotator.ui.layer_display import LayerDisplay
    from annotator.ui.live import LiveUpdates, ServerState
    from annotator.ui.quick_keys import QuickKeys
    from annotator.ui.retrain import Retrainer
    from annotator.ui.review import ReviewController
    from annotator.ui.span_list import LabelModel, SpanListModel
    from annotator.ui.team_view import TeamDialog

DEFAULT_FONT_SIZE = 12
WARM_UP_DELAY_MS = 400
# A staged window that is never painted (hidden, minimised) is finished anyway after this.
FINISH_ANYWAY_MS = 1000
# How long an edit waits for another program's write (an import, a second
# window) before it is refused with a message: never a frozen window.
EDIT_BUSY_TIMEOUT_S = 1.0


def _search_keys() -> tuple[QtCore.Qt.Key, ...]:
    return (
        QtCore.Qt.Key.Key_Return,
        QtCore.Qt.Key.Key_Enter,
        QtCore.Qt.Key.Key_Space,
        QtCore.Qt.Key.Key_Escape,
        QtCore.Qt.Key.Key_Delete,
        QtCore.Qt.Key.Key_Backspace,
    )


class LabelPicker:
    """The picker for labels past the ninth (``0``); tests replace ``ask``."""

    @classmethod
    def ask(cls, parent: QtWidgets.QWidget, names: list[str]) -> str | None:
        name, ok = QtWidgets.QInputDialog.getItem(parent, "Label", "Label:", names, 0, False)
        return name if ok else None


class MainWindow(QtWidgets.QMainWindow):
    """One database, one annotator."""

    ready = Signal()  # the second stage is built: every pane, action and key works

    # Second stage (``finish_building``; panes.py builds the widgets).
    editor: Editor
    quick: QuickKeys
    retrainer: Retrainer
    articles: ArticleListModel
    span_model: SpanListModel
    label_model: LabelModel
    actions_by_name: dict[str, QtGui.QAction]
    search_box: QtWidgets.QLineEdit
    status_filter: QtWidgets.QComboBox
    article_view: QtWidgets.QTreeView
    list_count: QtWidgets.QLabel
    layer_tabs: QtWidgets.QTabBar
    palette_view: QtWidgets.QListView
    span_view: QtWidgets.QTableView
    span_count: QtWidgets.QLabel
    progress_label: QtWidgets.QLabel
    annotator_label: QtWidgets.QLabel
    db_label: QtWidgets.QLabel
    saved_label: QtWidgets.QLabel
    palette_title: QtWidgets.QLabel
    layer_display: LayerDisplay
    live: LiveUpdates
    server: ServerState

    def __init__(
        self,
        *,
        store: Store,
        annotator: str,
        staged: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.annotator = annotator
        store.ensure_annotator(annotator)
        store.set_busy_timeout(EDIT_BUSY_TIMEOUT_S)
        self.setObjectName("main_window")
        self.setWindowTitle(f"annotator — {store.name}")
        self._opening = False
        self._cheat_sheet: QtWidgets.QDialog | None = None
        self.review: ReviewController | None = None  # Review mode (annotator.ui.review)
        self._ready = False
        self._closed = False
        self._team: QtWidgets.QDialog | None = None  # the Team view, while it is open
        # The first article, painted before the editor existed (staged start).
        self._shown: tuple[Article, list[Span]] | None = None

        # The frame is complete from the start (the side panes are filled
        # later), so the article view never moves or re-wraps when they come.
        self.view = ArticleView(parent=self)
        self.left = QtWidgets.QWidget(self)
        self.left.setObjectName("left_pane")
        self.right = QtWidgets.QWidget(self)
        self.right.setObjectName("right_pane")
        # Horizontal; by keyword: a positional parent makes PySide6 try the
        # (Qt.Orientation, parent) overload first, which builds the Qt enums.
        self.splitter = QtWidgets.QSplitter(parent=self)
        self.splitter.setObjectName("splitter")
        for widget in (self.left, self.view, self.right):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 700, 280])
        self.setCentralWidget(self.splitter)
        self.menus = {name: self.menuBar().addMenu(f"&{name}") for name in MENUS}
        self._restore_settings()
        if not staged:
            self.finish_building()

    # -- building -----------------------------------------------------------

    @property
    def is_ready(self) -> bool:
        """True once every pane, action and key is there (see the module docstring)."""
        return self._ready

    def finish_building(self) -> None:
        """Build the second stage now (nothing when it is built already)."""
        if self._ready or self._closed:
            return
        from annotator.ui import actions as action_specs
        from annotator.ui import panes
        from annotator.ui.article_list import ArticleListModel
        from annotator.ui.editor import Editor
        from annotator.ui.span_list import LabelModel, SpanListModel

        self.view.enable_keyboard_selection()
        self.editor = Editor(store=self.store, annotator=self.annotator, view=self.view, parent=self)
        self.articles = ArticleListModel(self.store, self.annotator, parent=self)
        self.span_model = SpanListModel(parent=self)
        self.label_model = LabelModel(parent=self)
        panes.build_left(self)
        self._search_timer = QtCore.QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        # Return and Space belong to the search box while it has focus, not to
        # "done, next" / "skip".
        self.search_box.installEventFilter(self)
        panes.build_right(self)
        panes.build_status_bar(self)
        self.actions_by_name = action_specs.build(self)
        panes.fill_menus(self)
        self._connect()
        from annotator.ui import live

        # What other windows commit shows here; on PostgreSQL also the server's coming and going.
        self.live, self.server = live.install(self)
        self._apply_keymap()
        self._on_editor_active_layer_changed(self.editor.active_layer)
        self._update_progress()
        self._ready = True
        if self._shown is not None:
            article, spans = self._shown
            self._shown = None
            self._warm_up_later()
            self.editor.adopt(article, spans)  # the list and span list catch up
        self.ready.emit()

    def _on_view_article_painted(self) -> None:
        self.view.article_painted.disconnect(self._on_view_article_painted)
        # Queued: the paint in progress reaches the screen first.
        QtCore.QTimer.singleShot(0, self, self.finish_building)

    def _connect(self) -> None:
        from annotator.ui import file_actions, finishing, focus, list_order

        a = self.actions_by_name
        handlers: dict[str, Callable[[], object]] = {
            "import": lambda: file_actions.import_files(self),
            "export": lambda: file_actions.export_files(self),
            "suggest": lambda: file_actions.suggest_spans(self),
            "load_demo": self.load_demo,
            "quit": self.close,
            "undo": self.editor.undo,
            "redo": self.editor.redo,
            "delete_span": self.editor.delete_selected,
            "accept": lambda: self.editor.decide_selected(True),
            "reject": lambda: self.editor.decide_selected(False),
            "next_span": lambda: self.editor.select_neighbour(1),
            "previous_span": lambda: self.editor.select_neighbour(-1),
            "clear_selection": self._clear_selection,
            "label_picker": self._pick_label,
            "next_layer": lambda: self.editor.cycle_layer(1),
            "previous_layer": lambda: self.editor.cycle_layer(-1),
            "mark_quote": self.editor.mark_quote,
            "add_quote_part": lambda: self.editor.mark_quote(add_part=True),
            "mark_cue": lambda: self.editor.mark_role("cue"),
            "mark_source": lambda: self.editor.mark_role("source"),
            "link_source": self.editor.link_source,
            "mark_boilerplate": self.editor.mark_boilerplate,
            "extend_boilerplate": lambda: self.editor.mark_boilerplate(extend=True),
            "done_next": lambda: self._finish(Status.DONE),
            "skip": lambda: self._finish(Status.SKIPPED),
            "flag": lambda: finishing.toggle_flag(self),
            "next_article": lambda: self._move_in_list(1),
            "previous_article": lambda: self._move_in_list(-1),
            "reload": self.reload,
            "find": self._focus_search,
            "zoom_in": lambda: self._zoom(1),
            "zoom_out": lambda: self._zoom(-1),
            "zoom_reset": lambda: self._zoom(0),
            "next_pane": lambda: focus.cycle(self, 1),
            "previous_pane": lambda: focus.cycle(self, -1),
            "cheat_sheet": self.show_cheat_sheet,
            "keymap": self.remap_keys,
            "review_mode": self.toggle_review,
            "team_view": self.show_team,
            "model_train": lambda: _start_training(self),
            "hide_unsure": lambda: self.scores.ask_threshold(),
            "sort_uncertain": lambda: list_order.toggle(self),
            "model_retrain": lambda: self.retrainer.ask(),
        }
        from annotator.ui.quick_keys import QuickKeys
        from annotator.ui.score_filter import ScoreFilter

        self.scores = ScoreFilter(self)
        from annotator.ui.retrain import Retrainer

        self.retrainer = Retrainer(self)

        self.quick = QuickKeys(window=self)
        handlers.update(self.quick.handlers())  # issue 10's keys (L too: it gains a fallback)
        for layer in LAYERS:
            handlers[f"accept_all_{layer}"] = lambda layer=layer: self.editor.accept_all(layer)
        for n in range(1, 10):
            handlers[f"label_{n}"] = lambda n=n: self._label_key(str(n))
        for name, handler in handlers.items():
            a[name].triggered.connect(lambda _checked=False, n=name, h=handler: self._on_action(n, h))
        for layer in LAYERS:
            a[f"show_{layer}"].toggled.connect(self._on_layer_visibility_toggled)
        a["undo"].setEnabled(False)
        a["redo"].setEnabled(False)
        stack = self.editor.undo_stack
        stack.canUndoChanged.connect(a["undo"].setEnabled)
        stack.canRedoChanged.connect(a["redo"].setEnabled)

        self.editor.article_opened.connect(self._on_editor_article_opened)
        self.editor.spans_changed.connect(self._on_editor_spans_changed)
        self.editor.status_changed.connect(self._on_editor_status_changed)
        self.editor.active_layer_changed.connect(self._on_editor_active_layer_changed)
        self.editor.span_selected.connect(self._on_editor_span_selected)
        self.editor.message.connect(self.show_message)
        self.editor.waiting.connect(self._show_waiting)
        self.editor.saved.connect(self._on_editor_saved)
        self.article_view.selectionModel().currentRowChanged.connect(self._on_article_list_current_changed)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_box.returnPressed.connect(self._on_search_box_return_pressed)
        self._search_timer.timeout.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.layer_tabs.currentChanged.connect(lambda i: self.editor.set_active_layer(LAYERS[i]))
        self.palette_view.clicked.connect(self._on_palette_clicked)
        self.span_view.clicked.connect(self._on_span_list_clicked)
        self._pane_keys = focus.install(self)
        list_order.restore(self)

    def _on_action(self, name: str, handler: Callable[[], object]) -> None:
        # Review mode gives A, X, ] [ and Enter their review meaning (annotator.ui.review).
        if self.review is not None:
            from annotator.ui.review import REVIEW_ACTIONS

            if name in REVIEW_ACTIONS:
                self.review.trigger(name)
                return
        self.guarded(handler)

    def guarded(self, handler: Callable[[], object]) -> None:
        """Run ``handler``; a read the store could not make (the server gone, say)
        ends as one line in the status bar, never as a traceback."""
        from annotator.store.errors import StoreConnectionError

        try:
            handler()
        except StoreConnectionError as exc:
            self.server.lost(exc)
        except StoreError as exc:
            self.show_message(str(exc))

    def enter_review(self) -> None:
        """Review mode (``annotator open --review``, ``Ctrl+R``): see annotator.ui.review."""
        from annotator.ui import review

        review.enter(self)

    def toggle_review(self) -> None:
        from annotator.ui import review

        review.toggle(self)

    def show_team(self) -> None:
        from annotator.ui.team_view import TeamDialog

        dialog = TeamDialog.ask(self, store=self.store)
        if dialog is not None:
            self._team = dialog
            dialog.finished.connect(self._on_team_finished)

    def _on_team_finished(self, _result: int) -> None:
        self._team = None

    @property
    def team_dialog(self) -> TeamDialog | None:
        """The Team view while it is open (live updates refresh its progress)."""
        return self._team  # type: ignore[return-value]

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if (
            self._ready
            and watched is self.search_box
            and event.type() == QtCore.QEvent.Type.ShortcutOverride
            and isinstance(event, QtGui.QKeyEvent)
            and event.key() in _search_keys()
        ):
            event.accept()
        return super().eventFilter(watched, event)

    # -- settings -----------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QtCore.QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = settings.value("window/state")
        if isinstance(state, QtCore.QByteArray):
            self.restoreState(state)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QtCore.QByteArray):
            self.splitter.restoreState(splitter)
        size = settings.value("view/font_size", DEFAULT_FONT_SIZE, type=int)
        font = self.view.font()
        font.setPointSize(max(6, min(48, int(size))))
        self.view.setFont(font)

    def save_settings(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("view/font_size", self.view.font().pointSize())
        settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self._closed = True  # a second stage still to come is not built any more
        self.save_settings()
        if self._ready:
            self._search_timer.stop()
            self.live.stop()
            self.articles.detach()
        super().closeEvent(event)

    # -- opening articles ---------------------------------------------------

    def open_first(self) -> None:
        """Open the first article to do (or the first one) when the window starts."""
        if not self._ready:
            self._show_first()
            return
        self._warm_up_later()
        failed = None
        try:
            first = self._first_todo() or self.articles.article_id(0)
        except StoreError as exc:  # a claim (on-demand hand-out) met a busy project or a lost server
            failed, first = exc, self.articles.article_id(0)
        if first is None and self.articles.canFetchMore():
            self.articles.fetchMore()
            first = self.articles.article_id(0)
        if first is not None:
            self.open_article(first)
        if failed is not None:
            self.show_message(f"no article handed out: {failed}")
        elif first is None:
            self.show_message("no articles yet: File > Import… adds some")

    def _first_todo(self) -> int | None:
        """The article to open first: one in progress, else the next todo. Under the
        on-demand hand-out that may claim one, a write, which can raise ``StoreError``
        (a busy file, a lost server): nothing is claimed then."""
        return self.store.next_article(self.annotator, status=Status.IN_PROGRESS) or self.store.next_article(
            self.annotator
        )

    def _warm_up_later(self) -> None:
        # spaCy's import holds the GIL for about a second: start it once the
        # window has painted, so it never slows the first article's paint.
        QtCore.QTimer.singleShot(WARM_UP_DELAY_MS, self, self.editor.tokens.warm_up)

    def _show_first(self) -> None:
        """First stage: the first article to do in the view, before the editor and panes exist."""
        try:
            first = self._first_todo()
        except StoreError:
            first = None  # the second stage tries again, and says what went wrong
        if first is None:
            # Nothing to do, or only the list knows which article comes first.
            self.finish_building()
            self.open_first()
            return
        article = self.store.article(first)
        # In the editor's order (the store's): (start, end descending, id).
        spans = self.store.spans_for(first, self.annotator)
        self._shown = (article, spans)
        self.setWindowTitle(f"{article.title or f'#{first}'} — annotator — {self.store.name}")
        self.view.article_painted.connect(self._on_view_article_painted)
        self.view.show_article(article.text, spans, self.store.schema(), ordered=True)
        QtCore.QTimer.singleShot(FINISH_ANYWAY_MS, self, self.finish_building)

    def open_article(self, article_id: int) -> None:
        self.editor.open(article_id)

    def _on_editor_article_opened(self, article_id: int) -> None:
        article = self.editor.article
        assert article is not None
        self.setWindowTitle(f"{article.title or f'#{article_id}'} — annotator — {self.store.name}")
        # The article first: painted and on screen now, while the article list
        # and the span list catch up (they repaint in this turn of the event
        # loop, a few milliseconds later); the annotator reads the text.
        if self.view.isVisible() and not self.view.article_is_painted:
            self.view.viewport().repaint()
        self.scores.article_opened(article_id)  # hides unsure suggestions before the lists fill
        self._refresh_spans()
        self._refresh_list_row(article_id)  # another window may have changed it
        self._show_open_article_in_list(scroll=True)
        if not self.article_view.hasFocus():  # arrows in the list keep moving there
            self.view.setFocus()

    def _show_open_article_in_list(self, *, scroll: bool = False) -> None:
        """Make the open article the list's current row; no current row when the filter hides it."""
        article_id = self.editor.article_id
        row = self.articles.row_of(article_id) if article_id is not None else None
        self._opening = True
        try:
            if row is not None:
                index = self.articles.index(row, 0)
                self.article_view.setCurrentIndex(index)
                if scroll:
                    self.article_view.scrollTo(index)
            else:
                self.article_view.clearSelection()
                self.article_view.selectionModel().clearCurrentIndex()
        finally:
            self._opening = False

    def _refresh_list_row(self, article_id: int, *, counts: tuple[int, int] | None = None) -> None:
        """Re-read an article's row (``counts``: its spans and suggestions, known
        already); when that reloads the list (the article left the filtered list
        or came back into it), the count and the current row follow."""
        if counts is not None:
            reloaded = self.articles.note_counts(article_id, *counts)
        else:
            reloaded = self.articles.refresh_article(article_id)
        if reloaded:
            self._update_list_count()
            self._show_open_article_in_list()

    def _on_article_list_current_changed(
        self, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex
    ) -> None:
        if self._opening or not current.isValid():
            return
        article_id = self.articles.article_id(current.row())
        if article_id is not None and article_id != self.editor.article_id:
            self.guarded(lambda: self.open_article(article_id))

    def _move_in_list(self, step: int) -> None:
        current = self.article_view.currentIndex()
        row = (current.row() if current.isValid() else -1) + step
        if row < 0 or not self.articles.ensure_fetched(row):
            self.show_message("no more articles in the list")
            return
        article_id = self.articles.article_id(row)
        if article_id is not None:
            self.open_article(article_id)

    def _finish(self, status: str) -> None:
        """Enter / Space: set the status, then open the next todo article (annotator.ui.finishing)."""
        from annotator.ui import finishing

        finishing.finish(self, status)

    # -- list and filter ----------------------------------------------------

    def _apply_filter(self) -> None:
        self.articles.set_filter(search=self.search_box.text(), status=self.status_filter.currentData())
        self._update_list_count()
        self._show_open_article_in_list()

    def reload(self) -> None:
        """Read the list (statuses, counts, assignments) and the progress again: on a
        project several annotators share, what the others saved since."""
        self._apply_filter()
        self._update_progress()
        self.show_message("reloaded from the project")

    def _update_list_count(self) -> None:
        self.list_count.setText(count(self.articles.total, "article"))

    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _on_search_box_return_pressed(self) -> None:
        self._search_timer.stop()
        self._apply_filter()
        if self.articles.rowCount() and self.articles.article_id(0) != self.editor.article_id:
            first = self.articles.article_id(0)
            if first is not None:
                self.open_article(first)
        self.view.setFocus()

    # -- editing glue -------------------------------------------------------

    def _label_key(self, key: str) -> None:
        label = self.editor.label_for_key(key)
        if label is None:
            self.show_message(f"no label on key {key} in the {self.editor.key_layer()} layer")
            return
        if not self.quick.take_label(label.name):  # after M it marks all occurrences
            self.editor.apply_label(label.name)

    def _pick_label(self) -> None:
        names = [label.name for _key, label in self.editor.labels(self.editor.key_layer())]
        name = LabelPicker.ask(self, names)
        if name and not self.quick.take_label(name):  # after M it marks all occurrences
            self.editor.apply_label(name)

    def _on_palette_clicked(self, index: QtCore.QModelIndex) -> None:
        label = self.label_model.label(index.row())
        if label is not None:
            self.editor.apply_label(label.name)
        self.view.setFocus()

    def _on_span_list_clicked(self, index: QtCore.QModelIndex) -> None:
        span = self.span_model.span_at(index.row())
        if span is not None:
            self.editor.select(span)
        self.view.setFocus()

    def _clear_selection(self) -> None:
        self.view.clear_selection()
        self.editor.select(None, scroll=False)

    def _on_layer_visibility_toggled(self, _checked: bool) -> None:
        hidden = {layer for layer in LAYERS if not self.actions_by_name[f"show_{layer}"].isChecked()}
        self.view.set_hidden_layers(hidden)

    def _on_editor_active_layer_changed(self, layer: str) -> None:
        self.layer_tabs.blockSignals(True)
        self.layer_tabs.setCurrentIndex(LAYERS.index(layer))
        self.layer_tabs.blockSignals(False)
        self.label_model.set_labels(self.editor.labels(layer))
        self.layer_display.show(layer, self.editor.labels(layer), self.actions_by_name, self._cheat_sheet)

    def _on_editor_span_selected(self, span_id: int) -> None:
        self.scores.show_selected()
        row = self.span_model.row_of(span_id) if span_id >= 0 else None
        if row is None:
            self.span_view.clearSelection()
        else:
            index = self.span_model.index(row, 0)
            self.span_view.setCurrentIndex(index)
            self.span_view.scrollTo(index)

    def refresh_span_list(self) -> None:
        self._refresh_spans()

    def _refresh_spans(self) -> None:
        article = self.editor.article
        if article is None:
            return
        colours = {(label.layer, label.name): label.colour for label in self.store.schema()}
        self.span_model.set_spans(article.text, self.scores.visible(self.editor.spans), colours)
        self._after_spans_refreshed()

    def _after_spans_refreshed(self) -> None:
        live = self.span_model.live
        self.span_count.setText(
            f"{count(live, 'span')}, {count(len(self.editor.spans) - live, 'suggestion')}"
        )
        if self.view.selected is not None:
            self._on_editor_span_selected(self.view.selected.id or -1)

    def _on_editor_spans_changed(self, article_id: int) -> None:
        # Span edits never change the done count: the progress label stays as it is.
        touched = self.editor.last_touched
        self.scores.refresh_hidden()  # an undone accept is a suggestion again
        if touched is None:
            self._refresh_spans()
        else:
            self.span_model.update_spans(self.scores.visible(self.editor.spans), touched)
            self._after_spans_refreshed()
        live = self.span_model.live
        self._refresh_list_row(article_id, counts=(live, len(self.editor.spans) - live))

    def _on_editor_status_changed(self, article_id: int) -> None:
        self._refresh_list_row(article_id)
        self._update_progress()

    def _on_editor_saved(self) -> None:
        self.show_saved(f"saved {datetime.datetime.now():%H:%M:%S}")

    def show_saved(self, text: str, *, failed: bool = False) -> None:
        """The saved indicator: when the last edit was saved, or that it was not."""
        label = self.saved_label
        label.setText(text)
        if label.property("failed") != failed:
            label.setProperty("failed", failed)
            label.style().unpolish(label)  # the theme colours a failed one (theme.py)
            label.style().polish(label)

    def _update_progress(self) -> None:
        self.show_progress(*self.store.progress(self.annotator))

    def show_progress(self, done: int, total: int) -> None:
        """The progress figure (``Store.progress``) and the list's count."""
        self.progress_label.setText(f"{done} / {total} done")
        self._update_list_count()

    def _show_waiting(self, text: str) -> None:
        """A message painted now: the next call blocks the event loop for a moment."""
        self.statusBar().showMessage(text)
        self.statusBar().repaint()

    def show_message(self, text: str) -> None:
        """Show ``text`` in the status bar for 8 s; an empty text clears it."""
        if text:
            self.statusBar().showMessage(text, 8000)
        else:
            self.statusBar().clearMessage()

    def _zoom(self, steps: int) -> None:
        if steps == 0:
            steps = DEFAULT_FONT_SIZE - self.view.font().pointSize()
        self.view.zoom(steps)

    # -- keys, cheat sheet, themes, bulk changes -------------------------------

    def _apply_keymap(self) -> None:
        from annotator.ui.shortcuts import apply_keymap

        problems = apply_keymap(list(self.actions_by_name.values()), app_settings())
        if problems:
            self.show_message(problems[0])

    def remap_keys(self) -> None:
        from annotator.ui.keymap import KeymapDialog

        KeymapDialog.ask(self, actions=self.all_actions(), settings=app_settings())

    def all_actions(self) -> list[QtGui.QAction]:
        """Every action of the window (the cheat sheet and the key map list these)."""
        return [a for a in self.actions() if a.objectName()]

    def show_cheat_sheet(self) -> None:
        from annotator.ui.cheatsheet import CheatSheet

        if self._cheat_sheet is None:
            self._cheat_sheet = CheatSheet(self.all_actions, self)
        self._cheat_sheet.show()
        self._cheat_sheet.raise_()
        self._cheat_sheet.activateWindow()

    def add_theme_actions(self, actions: list[QtGui.QAction]) -> None:
        """The theme choices (from ``ThemeManager.actions``) at the end of the View menu."""
        menu = self.menus["View"]
        menu.addSeparator()
        for action in actions:
            menu.addAction(action)
            self.addAction(action)

    def after_bulk_change(self, message: str) -> None:
        """After an import or a suggester run: re-read the list and the open article."""
        self.articles.reload()
        self._update_progress()
        self.show_message(message)
        if self.editor.article_id is None:
            self.open_first()
        else:
            self.open_article(self.editor.article_id)

    def load_demo(self) -> None:
        from annotator.ui.demo import load_demo

        try:
            added = load_demo(self.store, annotator=self.annotator)
        except Exception as exc:  # noqa: BLE001 - shown to the user, nothing saved
            self.show_message(f"could not load the demo: {exc}")
            return
        self.articles.reload()
        self._update_progress()
        self.show_message(f"added {added} demo articles")
        if self.editor.article_id is None:
            self.open_first()


def _start_training(window: MainWindow) -> object:
    from annotator.ui.training import start_training  # its dialog module only when used

    return start_training(window)
