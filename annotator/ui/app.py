"""Starting the program: the QApplication, the main window, the demo offer.

The path to the first painted article is kept short: the store is imported
before Qt (PySide6 hooks every later import and makes it slower), the window
starts in two stages (``MainWindow(staged=True)``), nothing before the first
paint touches PySide6's ``Qt`` enums (see ``annotator.ui.qt``), and the
theme's question to the desktop about its colour scheme, its menu actions and
the demo modules wait until the window is complete.
"""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.store import Store  # first: see the module docstring
from annotator.ui.main_window import MainWindow
from annotator.ui.qt import QtWidgets
from annotator.ui.settings import APPLICATION, ORGANISATION, app_settings
from annotator.ui.theme import ThemeManager


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


def demo_dir() -> Path | None:
    """The demo folder, or None (``annotator.ui.demo.demo_dir``; tests replace this one)."""
    from annotator.ui.demo import demo_dir as find

    return find()


_themes: list[ThemeManager] = []


def application() -> QtWidgets.QApplication:
    """The QApplication, named, in the light or dark theme the system (or the user) asks for."""
    app = QtWidgets.QApplication.instance()
    fusion = app is None
    if app is None:
        # The style every theme is made for, from the start (see ThemeManager).
        app = QtWidgets.QApplication([*sys.argv[:1], "-style", "fusion"])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    assert isinstance(app, QtWidgets.QApplication)
    if not _themes:
        _themes.append(
            ThemeManager(app=app, settings=app_settings(), fusion=fusion, watch_desktop=False, parent=app)
        )
    return app


def open_window(
    db: Path, *, annotator: str, demo: bool = False, offer_demo: bool = True, review: bool = False
) -> MainWindow:
    """Open ``db`` in a shown main window (loading the demo first with ``demo``).

    The window comes back showing its first article and completes itself right
    after that is painted (``window.ready``); an empty database gets the
    complete window at once, since there is nothing to paint first.
    """
    if isinstance(db, Path):  # not a postgresql:// URL
        db.parent.mkdir(parents=True, exist_ok=True)
    store = Store(db)
    store.ensure_annotator(annotator)
    if demo and store.count_articles() == 0:
        from annotator.ui.demo import load_demo

        load_demo(store, annotator=annotator)
    window = MainWindow(store=store, annotator=annotator, staged=not review)
    if _themes:
        theme = _themes[0]
        theme.theme_changed.connect(window.view.restyle)
        window.ready.connect(theme.watch_desktop)
        window.ready.connect(lambda: window.add_theme_actions(theme.actions(window)))
    window.show()
    if review:
        window.enter_review()
    else:
        window.open_first()
    if offer_demo and not demo and store.count_articles() == 0 and demo_dir() is not None:
        window.finish_building()
        if DemoOffer.ask(window):
            window.load_demo()
    return window


def run(db: Path, *, annotator: str, demo: bool = False, review: bool = False) -> int:
    """The ``annotator open`` command: returns the exit code."""
    if isinstance(db, Path):  # the first start: no user data folder yet (a URL has none)
        db.parent.mkdir(parents=True, exist_ok=True)
    with Store(db) as probe:  # a bad file, or a role that may not annotate as annotator, fails
        probe.check_annotator(annotator)  # here, before any window or theme exists
    app = application()
    window = open_window(db, annotator=annotator, demo=demo, review=review)
    code = app.exec()
    window.store.close()
    return code
