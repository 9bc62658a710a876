"""The one gate to Qt: every other module reaches PySide6 through here.

Keeping Qt behind one module lets a test prove the rest of the package (and
``annotator.model``/``store``/``formats``) stays importable without Qt, and
gives one place to pin binding quirks. ``tests/unit/ui/test_qt_gate.py``
fails when another module imports PySide6 directly.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot

__all__ = ["Qt", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot"]
