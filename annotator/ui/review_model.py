"""Review mode's pieces with no window: the Review pane's model and the pre-accept command.

``annotator.ui.review`` puts them to work (see its docstring).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from annotator.model import CONTENT, Span, SpanError
from annotator.store import review
from annotator.store.store import StoreError
from annotator.ui.commands import Done, EditCommand, Op, _undo_order
from annotator.ui.qt import Qt, QtCore, QtWidgets
from annotator.ui.span_list import _swatch
from annotator.ui.table_model import HeaderedTableModel

if TYPE_CHECKING:
    from collections.abc import Sequence

    from annotator.store import Store

TAKEN, REFUSED, OPEN = "taken", "refused", ""
GOLD_TEXT = {TAKEN: "✓ taken", REFUSED: "✗ refused", OPEN: ""}


def group_key(layer: str, label: str, start: int, end: int, role: str | None) -> tuple[str, ...]:
    return (layer, label, str(start), str(end), role or "")


def who(group: review.SpanGroup) -> str:
    return ", ".join(group.annotators)


def key_of(item: Span | review.SpanGroup) -> tuple[str, ...]:
    return group_key(item.layer, item.label, item.start, item.end, item.role)


class ReviewModel(HeaderedTableModel):
    """The review groups of the open article: label, text, who, votes, the reviewer's decision."""

    HEADERS = ("Label", "Text", "Votes", "Who", "Gold")

    def __init__(self, *, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[review.SpanGroup, str]] = []
        self._text = ""
        self._colours: dict[tuple[str, str], str] = {}

    def set_groups(
        self, text: str, rows: Sequence[tuple[review.SpanGroup, str]], colours: dict[tuple[str, str], str]
    ) -> None:
        self.beginResetModel()
        self._text = text
        self._rows = list(rows)
        self._colours = dict(colours)
        self.endResetModel()

    def _row_items(self) -> Sequence[object]:
        return self._rows

    def group(self, row: int) -> review.SpanGroup | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def state(self, row: int) -> str | None:
        return self._rows[row][1] if 0 <= row < len(self._rows) else None

    def row_of(self, key: tuple[str, ...]) -> int | None:
        return next((i for i, (g, _) in enumerate(self._rows) if key_of(g) == key), None)

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        group, state = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return group.label if group.role in (None, CONTENT) else f"  ↳ {group.role}"
            if column == 1:
                text = " ".join(self._text[group.start : group.end].split())
                return text if len(text) <= 60 else text[:59] + "…"
            if column == 2:
                return group.share
            if column == 3:
                return who(group)
            return GOLD_TEXT[state]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return _swatch(self._colours.get((group.layer, group.label), "#bdbdbd"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{group.layer} {group.label} [{group.start}, {group.end}) in {group.share} versions "
                f"({who(group)})"
            )
        if role == Qt.ItemDataRole.FontRole and not group.unanimous:
            font = QtWidgets.QApplication.font()
            font.setBold(state == OPEN)
            return font
        return None


class PreAcceptCommand(EditCommand):
    """``review.pre_accept`` as one undo step: undo removes what it added, redo puts it back."""

    def __init__(self, *, store: Store, article_id: int, reviewer: str, done: Done) -> None:
        super().__init__(
            store=store, article_id=article_id, ops=[], text="pre-accept shared spans", done=done
        )
        self._reviewer = reviewer
        self._first = True
        self.added: list[Span] = []

    def redo(self) -> None:
        if not self._first:
            super().redo()
            return
        self._first = False
        before = self.store.status(self.article_id, self._reviewer)
        try:
            self.added = review.pre_accept(self.store, self.article_id, self._reviewer)
        except (SpanError, StoreError) as exc:
            self._done(self, [], exc)
            self.setObsolete(True)
            return
        except sqlite3.Error as exc:
            self._done(self, [], StoreError(f"database error: {exc}"))
            self.setObsolete(True)
            return
        except Exception as exc:
            known = self.store.explain(exc)  # the server's (a PostgreSQL project)
            if known is None:
                raise
            self._done(self, [], known)
            self.setObsolete(True)
            return
        if not self.added:
            self.setObsolete(True)  # nothing shared: no step on the stack
            return
        self._ops = [("add", s) for s in self.added]
        inverse: list[Op] = [("delete", s.id) for s in self.added]
        if self.store.status(self.article_id, self._reviewer) != before:
            inverse.insert(0, ("status", self.article_id, self._reviewer, before))
        self._undo = _undo_order(inverse)
        self._done(self, self.added, None)
