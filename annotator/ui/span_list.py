"""The right-hand side models: the current article's spans and the label palette.

Quote parts are listed together (content, then cue, then sources) so a quote
reads as one group, placed where its first part starts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from annotator.model import CONTENT, QUOTE, Label, Span
from annotator.ui.order import Key, first_starts, reading_key, reading_order
from annotator.ui.qt import Qt, QtCore, QtGui
from annotator.ui.table_model import HeaderedTableModel

LAYER_SHORT = {"entity": "ENT", "quote": "QUO", "boilerplate": "BP"}

_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_SPAN_ROLE = int(Qt.ItemDataRole.UserRole.value) + 1

# One order for the list, ] / [ and the view (annotator.ui.order).
_first_starts = first_starts
_key = reading_key
grouped = reading_order


_swatches: dict[str, QtGui.QIcon] = {}


def _swatch(colour: str) -> QtGui.QIcon:
    """A small square of the label colour (made once per colour: views ask on every paint)."""
    if colour not in _swatches:
        pixmap = QtGui.QPixmap(12, 12)
        pixmap.fill(QtGui.QColor(colour))
        _swatches[colour] = QtGui.QIcon(pixmap)
    return _swatches[colour]


class SpanListModel(HeaderedTableModel):
    """Columns: label (with colour swatch), text. Suggestions end in '?'.

    ``set_spans`` shows a new article (a reset); ``update_spans`` applies one
    edit by moving only the rows it touched, so a key press on an article with
    thousands of spans repaints a few rows, not the whole list.
    """

    HEADERS = ("Label", "Text")
    SpanRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, *, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._spans: list[Span] = []
        self._keys: list[Key] = []  # sort keys of the rows, for inserting in place
        self._text = ""
        self._colours: dict[tuple[str, str], str] = {}
        self._entities: dict[int, Span] = {}
        self._part_colours: dict[int | None, str | None] = {}
        self._cells: dict[int, tuple[str, str]] = {}  # span id -> (label cell, text cell)
        self._scores: dict[int, float] = {}  # a trained model's scores of suggestions
        self._italic = QtGui.QFont()
        self._italic.setItalic(True)
        self.live = 0  # rows that are annotation, not suggestions

    def set_spans(self, text: str, spans: list[Span], colours: dict[tuple[str, str], str]) -> None:
        self.beginResetModel()
        self._text = text
        first = _first_starts(spans)
        keys = [_key(s, first) for s in spans]
        order = sorted(range(len(spans)), key=keys.__getitem__)
        self._keys = [keys[i] for i in order]
        self._spans = [spans[i] for i in order]
        self._colours = dict(colours)
        self._cells.clear()
        self._part_colours = {}
        self._note_quote_colours(spans)
        self._entities = {s.id: s for s in spans if s.id is not None and s.layer == "entity"}
        self.live = sum(1 for s in spans if s.is_live)
        self.endResetModel()

    def _note_quote_colours(self, spans: list[Span]) -> None:
        """Cue and source rows wear the colour of their quote's type."""
        quote_colour = {
            s.quote_id: self._colours.get((s.layer, s.label))
            for s in spans
            if s.quote_id is not None and s.role == CONTENT
        }
        for s in spans:
            if s.quote_id is not None and s.role != CONTENT:
                self._part_colours[s.id] = quote_colour.get(s.quote_id)

    def update_spans(self, spans: list[Span], touched: list[Span]) -> None:
        """After an edit: ``spans`` is the article's new list, ``touched`` the spans
        the edit added, changed or removed (any version). Rows of those spans, and
        of every part of a touched quote, are taken out and put back in place."""
        ids = {s.id for s in touched}
        quotes = {s.quote_id for s in touched if s.quote_id is not None}
        # A quote's parts move together (the group sits where its first part starts).
        fresh = [s for s in spans if s.id in ids or (s.quote_id is not None and s.quote_id in quotes)]
        gone = [
            i
            for i, s in enumerate(self._spans)
            if s.id in ids or (s.quote_id is not None and s.quote_id in quotes)
        ]
        for i in reversed(gone):
            old = self._spans[i]
            self.beginRemoveRows(QtCore.QModelIndex(), i, i)
            del self._spans[i]
            del self._keys[i]
            self.endRemoveRows()
            self.live -= old.is_live
            self._cells.pop(old.id or -1, None)
            self._part_colours.pop(old.id, None)
            if old.layer == "entity":
                self._entities.pop(old.id or -1, None)
        self._note_quote_colours(fresh)
        first = _first_starts(fresh)
        for s in fresh:
            key = _key(s, first)
            i = bisect_right(self._keys, key)
            self.beginInsertRows(QtCore.QModelIndex(), i, i)
            self._keys.insert(i, key)
            self._spans.insert(i, s)
            self.endInsertRows()
            self.live += s.is_live
            if s.id is not None and s.layer == "entity":
                self._entities[s.id] = s
        # Sources naming a touched entity show its new label (or none).
        entities = {s.id for s in touched if s.layer == "entity"}
        if entities:
            for i, s in enumerate(self._spans):
                if s.entity_id is not None and s.entity_id in entities and s.id not in ids:
                    self._cells.pop(s.id or -1, None)
                    self.dataChanged.emit(self.index(i, 1), self.index(i, 1))

    def set_scores(self, scores: dict[int, float]) -> None:
        """Span id -> model score: a scored suggestion's label ends in its score ("PER? 0.83")."""
        if scores != self._scores:
            self._scores = dict(scores)
            self._cells.clear()
            if self._spans:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._spans) - 1, 0))

    def span_at(self, row: int) -> Span | None:
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def row_of(self, span_id: int) -> int | None:
        return next((i for i, s in enumerate(self._spans) if s.id == span_id), None)

    def _row_items(self) -> Sequence[object]:
        return self._spans

    def _label_text(self, s: Span) -> str:
        suffix = "?" if s.is_suggestion else ""
        if s.is_suggestion and s.id in self._scores:
            suffix += f" {self._scores[s.id]:.2f}"
        if s.layer == QUOTE and s.role != CONTENT:
            return f"  ↳ {s.role}{suffix}"
        if s.layer == QUOTE:
            return f"❝ {s.label}{suffix}"
        return f"{s.label}{suffix}"

    def _cells_of(self, s: Span) -> tuple[str, str]:
        """The two display texts of a row, made once (a view asks on every paint)."""
        cells = self._cells.get(s.id or -1)
        if cells is None:
            text = " ".join(s.text_in(self._text).split())
            text = text if len(text) <= 80 else text[:79] + "…"
            if s.entity_id is not None and s.entity_id in self._entities:
                ent = self._entities[s.entity_id]
                # A resolved speaker ("he → Macron") names the entity it points at elsewhere.
                far = ent.end <= s.start or s.end <= ent.start
                text += (
                    f"  → {' '.join(ent.text_in(self._text).split())} ({ent.label})"
                    if far
                    else f"  → {ent.label}"
                )
            cells = (self._label_text(s), text)
            if s.id is not None:
                self._cells[s.id] = cells
        return cells

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # Called hundreds of times per paint: plain int roles, cached cells.
        row = index.row()
        if not 0 <= row < len(self._spans) or not index.isValid():
            return None
        s = self._spans[row]
        role = int(role)
        if role == _DISPLAY:
            return self._cells_of(s)[index.column() != 0]
        if role == _DECORATION:
            if index.column() != 0:
                return None
            return _swatch(self._part_colours.get(s.id) or self._colours.get((s.layer, s.label), "#bdbdbd"))
        if role == _FONT:
            return self._italic if s.is_suggestion else None
        if role == _TOOLTIP:
            score = f" · score {self._scores[s.id]:.2f}" if s.id in self._scores else ""
            return f"{s.layer} {s.label} [{s.start}, {s.end}) · {s.origin}{score}"
        if role == _SPAN_ROLE:
            return s.id
        return None


class LabelModel(QtCore.QAbstractListModel):
    """The labels of the active layer, each shown with its key and colour."""

    LabelRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, *, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._labels: list[tuple[str, Label]] = []

    def set_labels(self, labels: list[tuple[str, Label]]) -> None:
        """``(key, label)`` pairs; key is '' for labels reached through the picker."""
        self.beginResetModel()
        self._labels = list(labels)
        self.endResetModel()

    def label(self, row: int) -> Label | None:
        return self._labels[row][1] if 0 <= row < len(self._labels) else None

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._labels)

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._labels):
            return None
        key, label = self._labels[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{key or '·'}  {label.name}"
        if role == Qt.ItemDataRole.DecorationRole:
            return _swatch(label.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return label.description or label.name
        if role == self.LabelRole:
            return label.name
        return None
