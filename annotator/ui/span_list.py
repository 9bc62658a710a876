"""The right-hand side models: the current article's spans and the label palette.

Quote parts are listed together (content, then cue, then sources) so a quote
reads as one group, placed where its first part starts.
"""

from __future__ import annotations

from annotator.model import CONTENT, CUE, QUOTE, SOURCE, Label, Span
from annotator.ui.qt import Qt, QtCore, QtGui

_ROLE_ORDER = {CONTENT: 0, CUE: 1, SOURCE: 2, None: 3}
LAYER_SHORT = {"entity": "ENT", "quote": "QUO", "boilerplate": "BP"}


def grouped(spans: list[Span]) -> list[Span]:
    """Spans in reading order, each quote's parts kept together."""
    first: dict[int, int] = {}
    for s in spans:
        if s.quote_id is not None:
            first[s.quote_id] = min(first.get(s.quote_id, s.start), s.start)

    def key(s: Span) -> tuple[int, int, int, int, int]:
        if s.quote_id is not None:
            return (first[s.quote_id], 1, s.quote_id, _ROLE_ORDER[s.role], s.start)
        return (s.start, 0 if s.layer != QUOTE else 1, -s.end, 0, s.id or 0)

    return sorted(spans, key=key)


_swatches: dict[str, QtGui.QIcon] = {}


def _swatch(colour: str) -> QtGui.QIcon:
    """A small square of the label colour (made once per colour: views ask on every paint)."""
    if colour not in _swatches:
        pixmap = QtGui.QPixmap(12, 12)
        pixmap.fill(QtGui.QColor(colour))
        _swatches[colour] = QtGui.QIcon(pixmap)
    return _swatches[colour]


class SpanListModel(QtCore.QAbstractTableModel):
    """Columns: label (with colour swatch), text. Suggestions end in '?'."""

    HEADERS = ("Label", "Text")
    SpanRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, *, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._spans: list[Span] = []
        self._text = ""
        self._colours: dict[tuple[str, str], str] = {}
        self._entities: dict[int, Span] = {}
        self._part_colours: dict[int | None, str | None] = {}

    def set_spans(self, text: str, spans: list[Span], colours: dict[tuple[str, str], str]) -> None:
        self.beginResetModel()
        self._text = text
        self._spans = grouped(spans)
        self._colours = dict(colours)
        # Cue and source rows wear the colour of their quote's type.
        quote_colour = {
            s.quote_id: colours.get((s.layer, s.label))
            for s in spans
            if s.quote_id is not None and s.role == CONTENT
        }
        self._part_colours = {
            s.id: quote_colour.get(s.quote_id) for s in spans if s.quote_id is not None and s.role != CONTENT
        }
        self._entities = {s.id: s for s in spans if s.id is not None and s.layer == "entity"}
        self.endResetModel()

    def span_at(self, row: int) -> Span | None:
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def row_of(self, span_id: int) -> int | None:
        return next((i for i, s in enumerate(self._spans) if s.id == span_id), None)

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def _label_text(self, s: Span) -> str:
        suffix = "?" if s.is_suggestion else ""
        if s.layer == QUOTE and s.role != CONTENT:
            return f"  ↳ {s.role}{suffix}"
        if s.layer == QUOTE:
            return f"❝ {s.label}{suffix}"
        return f"{s.label}{suffix}"

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._spans):
            return None
        s = self._spans[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return self._label_text(s)
            text = " ".join(s.text_in(self._text).split())
            text = text if len(text) <= 80 else text[:79] + "…"
            if s.entity_id is not None and s.entity_id in self._entities:
                text += f"  → {self._entities[s.entity_id].label}"
            return text
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return _swatch(self._part_colours.get(s.id) or self._colours.get((s.layer, s.label), "#bdbdbd"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{s.layer} {s.label} [{s.start}, {s.end}) · {s.origin}"
        if role == Qt.ItemDataRole.FontRole and s.is_suggestion:
            font = QtGui.QFont()
            font.setItalic(True)
            return font
        if role == self.SpanRole:
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
