"""The one gate to Qt: every other module reaches PySide6 through here.

Keeping Qt behind one module lets a test prove the rest of the package (and
``annotator.model``/``store``/``formats``) stays importable without Qt, and
gives one place to pin binding quirks. ``tests/unit/ui/test_qt_gate.py``
fails when another module imports PySide6 directly.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

# Names the modules import one by one (dialogs, workers, ...): listed here so
# a module writes ``from annotator.ui.qt import QDialog`` and never PySide6.
from PySide6.QtCore import (  # noqa: F401 - re-exported
    QEvent,
    QEventLoop,
    QObject,
    QSettings,
    Qt,
    QThread,
    Signal,
    Slot,
)
from PySide6.QtGui import (  # noqa: F401 - re-exported
    QAction,
    QActionGroup,
    QCloseEvent,
    QColor,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (  # noqa: F401 - re-exported
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "QAbstractItemView",
    "QAction",
    "QActionGroup",
    "QApplication",
    "QButtonGroup",
    "QCheckBox",
    "QCloseEvent",
    "QColor",
    "QComboBox",
    "QDialog",
    "QDialogButtonBox",
    "QEvent",
    "QEventLoop",
    "QFileDialog",
    "QFormLayout",
    "QGuiApplication",
    "QHBoxLayout",
    "QHeaderView",
    "QKeyEvent",
    "QKeySequence",
    "QKeySequenceEdit",
    "QLabel",
    "QLayout",
    "QLineEdit",
    "QListWidget",
    "QMenu",
    "QMessageBox",
    "QObject",
    "QPalette",
    "QProgressDialog",
    "QPushButton",
    "QRadioButton",
    "QSettings",
    "QShowEvent",
    "QSpinBox",
    "QTableWidget",
    "QTableWidgetItem",
    "QThread",
    "QTreeWidget",
    "QTreeWidgetItem",
    "QVBoxLayout",
    "QWidget",
    "Qt",
    "QtCore",
    "QtGui",
    "QtWidgets",
    "Signal",
    "Slot",
]
