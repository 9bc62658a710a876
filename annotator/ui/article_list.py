"""The article list on the left: a lazily fetched Qt model over ``Store.list_articles``.

Rows arrive a page at a time through ``canFetchMore``/``fetchMore`` (the view
asks as it scrolls), so a 100,000-article database opens as fast as a small
one and never holds every row in memory.

Two orders: by id (the default, paged by key), and ``UNCERTAIN`` (View > Sort by
uncertainty): the todo articles the latest trained model is least sure of first,
then the others by id (``store.scores.uncertain_list_order``). That order is read
as a list of ids when the list is (re)loaded, and its rows fetched a page at a time.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from annotator.model import Status
from annotator.model.words import count
from annotator.store import Store
from annotator.store.store import ArticleRow
from annotator.ui.qt import Qt, QtCore, QtGui
from annotator.ui.table_model import HeaderedTableModel

PAGE = 200
BY_ID = "id"
UNCERTAIN = "uncertain"
ORDERS = (BY_ID, UNCERTAIN)
STATUS_COLOURS = {
    Status.TODO: "#bdbdbd",
    Status.IN_PROGRESS: "#3182bd",
    Status.DONE: "#31a354",
    Status.SKIPPED: "#fd8d3c",
    Status.FLAGGED: "#de2d26",
}
STATUS_TEXT = {
    Status.TODO: "todo",
    Status.IN_PROGRESS: "in progress",
    Status.DONE: "done",
    Status.SKIPPED: "skipped",
    Status.FLAGGED: "flagged",
}

_icons: dict[str, QtGui.QIcon] = {}


def status_icon(status: str) -> QtGui.QIcon:
    """A small filled circle in the status colour (drawn, so no icon files are needed)."""
    if status not in _icons:
        pixmap = QtGui.QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(pixmap)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QtGui.QColor(STATUS_COLOURS.get(status, "#bdbdbd")))
        if status == Status.FLAGGED:
            painter.drawRect(1, 1, 10, 10)
        else:
            painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        _icons[status] = QtGui.QIcon(pixmap)
    return _icons[status]


class ArticleListModel(HeaderedTableModel):
    """Columns: title (with status icon), spans, suggestions. Rows in id order, or ``UNCERTAIN``."""

    HEADERS = ("Article", "Spans", "Sugg.")
    ArticleIdRole = Qt.ItemDataRole.UserRole + 1
    StatusRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, store: Store, annotator: str, *, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._annotator = annotator
        self._rows: list[ArticleRow] = []
        self._total = 0
        self._fetching = False
        self._detached = False
        self.search = ""
        self.status: str | None = None
        self.only: list[int] | None = None  # just these articles (Review mode: those waiting)
        self.order = BY_ID
        self._order_ids: list[int] | None = None  # UNCERTAIN: every listed id, in order
        self._count()

    # -- filter -------------------------------------------------------------

    def set_filter(
        self,
        *,
        search: str | None = None,
        status: str | None | bool = False,
        only: list[int] | None | bool = False,
        order: str | None = None,
    ) -> None:
        """Change the search text, status filter, id filter (``False``: keep it) and/or order."""
        self.beginResetModel()
        if order is not None:
            self.order = order if order in ORDERS else BY_ID
        if only is not False:
            self.only = None if only is None or only is True else list(only)
        if search is not None:
            self.search = search.strip()
        if status is not False:
            self.status = status or None
        self._rows = []
        self._count()
        self.endResetModel()
        if self.canFetchMore():
            self.fetchMore()  # the first page now, so the list is never blank after a search

    def reload(self) -> None:
        self.set_filter()

    def _count(self) -> None:
        if self.order == UNCERTAIN:
            from annotator.store.scores import uncertain_list_order

            self._order_ids = uncertain_list_order(
                self._store, self._annotator, status=self.status, search=self.search or None, only=self.only
            )
            self._total = len(self._order_ids)
            return
        self._order_ids = None
        self._total = self._store.count_list(
            self._annotator, status=self.status, search=self.search or None, only=self.only
        )

    def _ordered_page(self, ids: list[int]) -> list[ArticleRow]:
        """The rows of ``ids`` still in the filtered list, in the order of ``ids``."""
        rows = self._store.list_articles(
            self._annotator,
            limit=len(ids),
            status=self.status,
            search=self.search or None,
            only=ids,
        )
        at = {article_id: n for n, article_id in enumerate(ids)}
        return sorted(rows, key=lambda r: at[r.id])

    @property
    def total(self) -> int:
        """Rows matching the filter (fetched or not)."""
        return self._total

    # -- lazy fetching ------------------------------------------------------

    def detach(self) -> None:
        """Stop reading the database (the window closed; its store may close next)."""
        self._detached = True

    def canFetchMore(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._detached and len(self._rows) < self._total

    def fetchMore(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> None:  # noqa: B008
        # Views (and Qt's model tester) may call back in here while rows are being
        # inserted; a nested fetch would read the same page twice.
        if parent.isValid() or self._fetching or self._detached:
            return
        if self._order_ids is not None:
            rows = self._ordered_page(self._order_ids[len(self._rows) : len(self._rows) + PAGE])
            if len(rows) < min(PAGE, self._total - len(self._rows)):
                # An article left the list since the order was read: read it again.
                self._count()
                rows = self._ordered_page(self._order_ids[len(self._rows) : len(self._rows) + PAGE])
        else:
            # Keyset paging (ids above the last fetched one): page 500 costs what page 1 does.
            rows = self._store.list_articles(
                self._annotator,
                after=self._rows[-1].id if self._rows else 0,
                limit=PAGE,
                status=self.status,
                search=self.search or None,
                only=self.only,
            )
        if not rows:
            self._total = len(self._rows)  # the database shrank under us
            return
        self._fetching = True
        try:
            self.beginInsertRows(QtCore.QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        finally:
            self._fetching = False

    def ensure_fetched(self, row: int) -> bool:
        """Fetch pages until ``row`` exists; False when it is past the end."""
        while row >= len(self._rows) and self.canFetchMore():
            self.fetchMore()
        return row < len(self._rows)

    # -- lookup -------------------------------------------------------------

    def article_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: int) -> int | None:
        """The row of an article, fetching up to it; None when the filter hides it."""
        if self._order_ids is not None:
            row = self._order_ids.index(article_id) if article_id in self._order_ids else None
            return row if row is not None and self.ensure_fetched(row) else None
        row = self._store.row_of(
            article_id, self._annotator, status=self.status, search=self.search or None, only=self.only
        )
        if row is None or not self.ensure_fetched(row):
            return None
        return row

    def note_counts(self, article_id: int, spans: int, suggestions: int) -> bool:
        """After an edit in this window: the row's counts as the editor knows them
        and its status from one primary-key read, instead of a list query (which
        counts a long article's 2,000 spans on every key press). Falls back to
        ``refresh_article`` (and returns what it does) when the row is not loaded
        or the status no longer matches the filter."""
        row = next((row for row, item in enumerate(self._rows) if item.id == article_id), None)
        if row is None or self._detached:
            return self.refresh_article(article_id)
        status = self._store.status(article_id, self._annotator)
        if self.status and status != self.status:
            return self.refresh_article(article_id)
        item = self._rows[row]
        fresh = replace(item, status=status, spans=spans, suggestions=suggestions)
        if fresh != item:
            self._rows[row] = fresh
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return False

    def refresh_article(self, article_id: int) -> bool:
        """Re-read one row (its status or counts changed); True when that reloaded the list.

        The list reloads when the article left the filtered list, or came back
        into it (an undo of "done" under the todo filter, say). An article past
        the fetched rows is left alone: its page is read fresh when it comes.
        """
        if self._detached:
            return False
        row = next((row for row, item in enumerate(self._rows) if item.id == article_id), None)
        if row is None and self._order_ids is not None and article_id in self._order_ids:
            return False  # not fetched yet: its page is read fresh when it comes
        if (
            row is None
            and self._order_ids is None
            and self.canFetchMore()
            and (not self._rows or article_id > self._rows[-1].id)
        ):
            return False
        fresh = self._store.list_articles(
            self._annotator,
            after=article_id - 1,
            limit=1,
            status=self.status,
            search=self.search or None,
            only=self.only,
        )
        listed = bool(fresh) and fresh[0].id == article_id
        if row is None:
            if not listed:
                return False
            self.reload()  # filtered out when the rows were read; in the list now
            return True
        if not listed:
            self.reload()  # the article left the filtered list
            return True
        if fresh[0] != self._rows[row]:  # unchanged: no repaint
            self._rows[row] = fresh[0]
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return False

    # -- what others changed (annotator.ui.live) -----------------------------

    def refresh_rows(self, ids: Sequence[int]) -> None:
        """Re-read these loaded rows (another window or command changed them), in
        one query. A row keeps its place even when it no longer matches the status
        filter: rows never jump under the pointer; the next filter or search
        leaves it out."""
        if self._detached or not ids:
            return
        fresh = self._store.list_articles(self._annotator, after=0, limit=len(ids), only=list(ids))
        for item in fresh:
            row = bisect_left(self._rows, item.id, key=lambda r: r.id)  # rows are in id order
            if row < len(self._rows) and self._rows[row].id == item.id and self._rows[row] != item:
                self._rows[row] = item
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def recount(self, total: int) -> None:
        """The unfiltered list's count is now ``total`` (the annotator's articles, as
        ``Store.progress`` counts them: no list query over 100,000 rows): an import
        elsewhere adds articles at the end of the id order, and the view fetches them
        as it needs them. A filtered list keeps its count until the filter changes,
        as it keeps its rows."""
        if self._detached or self.search or self.status or self.only is not None or total == self._total:
            return
        loaded_all = len(self._rows) == self._total
        self._total = total
        if loaded_all and self.canFetchMore():
            self.fetchMore()

    # -- Qt model API -------------------------------------------------------

    def _row_items(self) -> Sequence[object]:
        return self._rows

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.title or f"(untitled #{item.id})"
            if column == 1:
                return item.spans
            if column == 2:
                return item.suggestions or ""
        elif role == Qt.ItemDataRole.DecorationRole and column == 0:
            return status_icon(item.status)
        elif role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"#{item.id} · {STATUS_TEXT.get(item.status, item.status)} · {count(item.spans, 'span')}, "
                f"{count(item.suggestions, 'suggestion')}"
            )
        elif role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == self.ArticleIdRole:
            return item.id
        elif role == self.StatusRole:
            return item.status
        return None
