"""The main window's second stage: side panes, status bar and menus.

``MainWindow`` paints the first article with only its frame and the article
view; these functions build the rest right after that paint (or at once for
a window built in one go). They only build widgets: the window wires them to
its handlers, and what an input means stays in the ``Editor``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.model import LAYERS, Status
from annotator.ui.actions import SPECS
from annotator.ui.article_list import STATUS_TEXT
from annotator.ui.layer_display import LayerDisplay
from annotator.ui.qt import Qt, QtWidgets
from annotator.ui.status_bar import SAVED_TEXTS, FittedLabel

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

DB_LABEL_WIDTH = 200  # pixels at most for the project's name in the status bar
LAYER_TITLES = {"entity": "Entities", "quote": "Quotes", "boilerplate": "Boilerplate"}
# A separator goes before these actions when the previous one is in the same menu.
_SEPARATE_BEFORE = {
    "accept_all_entity",
    "label_1",
    "mark_quote",
    "mark_boilerplate",
    "next_article",
    "zoom_in",
    "next_span",
}


def build_left(window: MainWindow) -> None:
    """Search box, status filter, the article list and its count, in ``window.left``."""
    left = window.left
    layout = QtWidgets.QVBoxLayout(left)
    layout.setContentsMargins(4, 4, 4, 4)
    window.search_box = QtWidgets.QLineEdit(left)
    window.search_box.setObjectName("search_box")
    window.search_box.setPlaceholderText("Search titles and text (Ctrl+K)")
    window.search_box.setClearButtonEnabled(True)
    window.status_filter = QtWidgets.QComboBox(left)
    window.status_filter.setObjectName("status_filter")
    window.status_filter.addItem("All statuses", None)
    for status in Status.ALL:
        window.status_filter.addItem(STATUS_TEXT[status], status)
    view = window.article_view = QtWidgets.QTreeView(left)
    view.setObjectName("article_list")
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)  # lets the view skip measuring 100,000 rows
    view.setModel(window.articles)
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
    # Fixed count columns: ResizeToContents would ask every fetched row for its size.
    metrics = view.fontMetrics()
    width = max(metrics.horizontalAdvance(text) for text in ("Spans", "Sugg.", "9999")) + 14
    for column in (1, 2):
        header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Fixed)
        header.resizeSection(column, width)
    window.list_count = QtWidgets.QLabel(left)
    for widget in (window.search_box, window.status_filter, view, window.list_count):
        layout.addWidget(widget)


def build_right(window: MainWindow) -> None:
    """Layer tabs, the label palette and the span list, in ``window.right``."""
    right = window.right
    layout = QtWidgets.QVBoxLayout(right)
    layout.setContentsMargins(4, 4, 4, 4)
    window.layer_tabs = QtWidgets.QTabBar(right)
    window.layer_tabs.setObjectName("layer_tabs")
    for layer in LAYERS:
        window.layer_tabs.addTab(LAYER_TITLES[layer])
    window.layer_tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    window.palette_title = QtWidgets.QLabel(right)  # annotator.ui.layer_display fills it
    window.palette_title.setObjectName("palette_title")
    window.palette_view = QtWidgets.QListView(right)
    window.palette_view.setObjectName("label_palette")
    window.palette_view.setModel(window.label_model)
    window.palette_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    # A table, not a tree: after a reset a tree lays out every row, a table
    # with fixed row heights does not (2,000 spans, one edit per key press).
    spans = window.span_view = QtWidgets.QTableView(right)
    spans.setObjectName("span_list")
    spans.setModel(window.span_model)
    spans.setShowGrid(False)
    spans.setWordWrap(False)
    spans.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    spans.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
    rows = spans.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(spans.fontMetrics().height() + 4)
    columns = spans.horizontalHeader()
    columns.setStretchLastSection(True)
    columns.setHighlightSections(False)
    columns.resizeSection(0, spans.fontMetrics().horizontalAdvance("  ↳ source?  WW"))
    spans.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    window.span_count = QtWidgets.QLabel(right)
    layout.addWidget(window.layer_tabs)
    layout.addWidget(window.palette_title)
    layout.addWidget(window.palette_view, 2)
    layout.addWidget(QtWidgets.QLabel("Spans in this article", right))
    layout.addWidget(spans, 3)
    layout.addWidget(window.span_count)


def build_status_bar(window: MainWindow) -> None:
    bar = window.statusBar()
    window.progress_label = QtWidgets.QLabel(window)
    window.annotator_label = QtWidgets.QLabel(f"annotator: {window.annotator}", window)
    window.db_label = QtWidgets.QLabel(window)
    # A file name is shown as written, never as markup; a long one (a server's URL with
    # its socket folder) in the middle cut, so the status bar keeps room for messages.
    window.db_label.setTextFormat(Qt.TextFormat.PlainText)
    full = window.store.label
    shown = window.db_label.fontMetrics().elidedText(full, Qt.TextElideMode.ElideMiddle, DB_LABEL_WIDTH)
    window.db_label.setText(shown)
    window.db_label.setToolTip(f"the database every mark is saved to: {full}")
    # As wide as its widest text, in its font and the theme's padding: a
    # changing width would re-lay out the status bar on every edit.
    saved = window.saved_label = FittedLabel("saved", texts=SAVED_TEXTS, parent=window)
    saved.setObjectName("saved_indicator")
    for widget in (window.progress_label, window.annotator_label, window.db_label, saved):
        bar.addPermanentWidget(widget)
    window.layer_display = LayerDisplay(
        bar=bar, title=window.palette_title, view=window.view, editor=window.editor
    )


def fill_menus(window: MainWindow) -> None:
    """Every action into its menu (the menus themselves exist from the first stage)."""
    menus = window.menus
    previous_menu = None
    for spec in SPECS:
        if previous_menu == spec.menu and spec.name in _SEPARATE_BEFORE:
            menus[spec.menu].addSeparator()
        menus[spec.menu].addAction(window.actions_by_name[spec.name])
        previous_menu = spec.menu
    # Shortcuts must work with the menu bar hidden or native: add them to the window too.
    window.addActions(list(window.actions_by_name.values()))
