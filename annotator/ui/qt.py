"""The one gate to Qt: every other module reaches PySide6 through here.

Keeping Qt behind one module lets a test prove the rest of the package (and
``annotator.model``/``store``/``formats``) stays importable without Qt, and
gives one place to pin binding quirks. ``tests/unit/ui/test_qt_gate.py``
fails when another module imports PySide6 directly.

``Qt`` (the namespace) is handed out on first use, not at import: the first
touch of it makes PySide6 build its 94 enums as Python ``enum`` classes,
about 25 ms that a cold start does not need before the first article is
painted. The modules on that path (``app``, ``main_window``, ``text_view``,
``render``, ``theme``, ``actions``, ``settings``) therefore spell it
``QtCore.Qt`` inside functions, and the code the first paint runs uses no
member of it; ``tests/gui/test_start.py`` checks that the enums are still
unbuilt at that paint. Later modules import ``Qt`` from here as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Signal, Slot

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

__all__ = ["Qt", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot"]


def __getattr__(name: str) -> object:
    if name == "Qt":
        return QtCore.Qt
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
