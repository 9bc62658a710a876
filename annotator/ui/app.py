"""Starting the program: the QApplication, the main window, the demo offer."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.store import Store
from annotator.ui.demo import demo_dir, load_demo
from annotator.ui.main_window import MainWindow
from annotator.ui.qt import QtWidgets
from annotator.ui.settings import APPLICATION, ORGANISATION


class DemoOffer:
    """Asks, on first run with an empty database, whether to load the demo; tests replace ``ask``."""

    @classmethod
    def ask(cls, parent: QtWidgets.QWidget) -> bool:
        answer = QtWidgets.QMessageBox.question(
            parent,
            "Load the demo articles?",
            "This database is empty. Load the demo set (a scraped news article and five web pages) "
            "to try annotator?",
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes


def application() -> QtWidgets.QApplication:
    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    assert isinstance(app, QtWidgets.QApplication)
    return app


def open_window(db: Path, *, annotator: str, demo: bool = False, offer_demo: bool = True) -> MainWindow:
    """Open ``db`` in a shown main window (loading the demo first with ``demo``)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    store = Store(db)
    store.ensure_annotator(annotator)
    if demo and store.count_articles() == 0:
        load_demo(store, annotator=annotator)
    window = MainWindow(store=store, annotator=annotator)
    window.show()
    window.open_first()
    if (
        offer_demo
        and not demo
        and store.count_articles() == 0
        and demo_dir() is not None
        and DemoOffer.ask(window)
    ):
        window.load_demo()
    return window


def run(db: Path, *, annotator: str, demo: bool = False) -> int:
    """The ``annotator open`` command: returns the exit code."""
    app = application()
    window = open_window(db, annotator=annotator, demo=demo)
    code = app.exec()
    window.store.close()
    return code
