"""What every table model of the window shares: a fixed header and a list of rows."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.ui.qt import Qt, QtCore


class HeaderedTableModel(QtCore.QAbstractTableModel):
    """A flat table whose columns are ``HEADERS``; subclasses say how many rows there are."""

    HEADERS: tuple[str, ...] = ()

    def _row_items(self) -> Sequence[object]:
        raise NotImplementedError

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._row_items())

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
