"""The staged start: the first article is painted before the panes exist, and
once ``ready`` the window is the same as one built in one go."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTableView, QTreeView

from annotator.model import ENTITY, Span
from annotator.store import Store
from annotator.ui.main_window import MainWindow
from tests.gui.conftest import ANNOTATOR, wait_ready

pytestmark = pytest.mark.gui


@pytest.fixture
def store(db_path, articles):
    store = Store(db_path)
    store.ensure_annotator(ANNOTATOR)
    text = articles[0].text
    start = text.index("Macron")
    marks = [Span(start, start + len("Macron"), ENTITY, "PERSON", annotator=ANNOTATOR)]
    store.add_articles([(articles[0], marks), *((a, []) for a in articles[1:])], annotator=ANNOTATOR)
    yield store
    store.close()


def _menu_contents(window: MainWindow) -> dict[str, list[str]]:
    return {name: [a.objectName() or "-" for a in menu.actions()] for name, menu in window.menus.items()}


def test_the_article_is_painted_before_the_panes_are_built(qtbot, store) -> None:
    window = MainWindow(store=store, annotator=ANNOTATOR, staged=True)
    qtbot.addWidget(window)
    seen = {}
    macron = store.article(1).text.index("Macron")

    def on_painted() -> None:
        cursor = QTextCursor(window.view.document())
        cursor.setPosition(macron + 1)
        seen.update(
            marked=cursor.charFormat().background().style() != Qt.BrushStyle.NoBrush,
            ready=window.is_ready,
            text=window.view.text,
            shown=len(window.view.toPlainText()),
            article_list=window.findChild(QTreeView, "article_list"),
            span_list=window.findChild(QTableView, "span_list"),
            menu_actions=sum(len(m.actions()) for m in window.menus.values()),
        )

    window.view.article_painted.connect(on_painted)
    window.show()
    window.open_first()
    with qtbot.waitSignal(window.ready, timeout=5000):
        pass
    assert seen == {
        "marked": True,  # the first article's mark is painted with it, not added later
        "ready": False,
        "text": store.article(1).text,
        "shown": len(store.article(1).text),  # the seed has no characters outside the BMP
        "article_list": None,
        "span_list": None,
        "menu_actions": 0,
    }


def test_once_ready_the_window_is_the_same_as_one_built_at_once(qtbot, store) -> None:
    staged = MainWindow(store=store, annotator=ANNOTATOR, staged=True)
    qtbot.addWidget(staged)
    staged.show()
    staged.open_first()
    wait_ready(qtbot, staged)
    at_once = MainWindow(store=store, annotator=ANNOTATOR)
    qtbot.addWidget(at_once)
    at_once.show()
    at_once.open_first()
    for window in (staged, at_once):
        assert window.editor.article_id == 1
        assert window.article_view.currentIndex().row() == 0
        assert window.articles.rowCount() == 4
        assert window.span_model.rowCount() == 1
        assert window.label_model.rowCount() > 0
        assert window.progress_label.text() == "0 / 4 done"
        assert window.windowTitle().startswith("Macron, Putin agree")
    assert _menu_contents(staged) == _menu_contents(at_once)
    assert {a.objectName(): a.shortcuts() for a in staged.all_actions()} == {
        a.objectName(): a.shortcuts() for a in at_once.all_actions()
    }
    # The editor took over what the first stage painted: editing works at once.
    text = staged.editor.article.text
    start = text.index("Putin")
    staged.view.set_selection(start, start + len("Putin"))
    staged.editor.apply_label("PERSON")
    assert [(s.start, s.label) for s in store.spans_for(1, ANNOTATOR) if s.start == start] == [
        (start, "PERSON")
    ]
    assert staged.span_model.rowCount() == 2


def test_a_window_closed_before_it_is_ready_is_not_built_further(qtbot, store) -> None:
    window = MainWindow(store=store, annotator=ANNOTATOR, staged=True)
    qtbot.addWidget(window)
    window.show()
    window.open_first()
    window.close()  # before the event loop ran the second stage
    qtbot.wait(50)
    assert not window.is_ready
    assert window.findChild(QTreeView, "article_list") is None


@pytest.fixture
def themed(qapp, tmp_path, monkeypatch):
    """``annotator open``'s theme manager, on the test application (restored after)."""
    from annotator.ui import app as app_module
    from annotator.ui.theme import ThemeManager

    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(app_module, "_themes", [ThemeManager(settings=settings)])
    yield
    # Only when it changed: a new style object under a style sheet, with a
    # previous test's windows still waiting for deletion, crashes the next
    # setStyleSheet (Qt); the program itself sets the style once, before any window.
    if qapp.style().name() != style:
        qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def test_open_window_adds_the_theme_choices_once_ready(qtbot, db_path, store, themed) -> None:
    from annotator.ui.app import open_window

    window = open_window(db_path, annotator=ANNOTATOR, offer_demo=False)
    qtbot.addWidget(window)
    assert window.view.text == store.article(1).text
    wait_ready(qtbot, window)
    names = [a.objectName() for a in window.menus["View"].actions()]
    assert names[-3:] == ["theme-system", "theme-light", "theme-dark"]
    window.close()
    window.store.close()


_FIRST_PAINT_CHILD = """
import sys
from pathlib import Path

from annotator.ui.app import application, open_window

app = application()
window = open_window(Path(sys.argv[1]), annotator=sys.argv[2], offer_demo=False)
from PySide6 import QtCore  # already loaded: this only names it

seen = {}
def on_painted():
    seen["qt_enums_built"] = "Qt" in vars(QtCore)
    seen["ready"] = window.is_ready
    seen["tags"] = len(window.view._tags)
window.view.article_painted.connect(on_painted)
loop = QtCore.QEventLoop()
window.ready.connect(loop.quit)
QtCore.QTimer.singleShot(5000, loop.quit)
loop.exec()
flags = window.view.textInteractionFlags()
seen["keyboard_selection"] = bool(flags & QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard)
print(seen)
"""


def test_the_first_paint_comes_before_pyside_builds_its_qt_enums(tmp_path, articles) -> None:
    """The cold start's first article, tags and all, is painted before PySide6
    builds the 94 enums of ``Qt`` (~25 ms, see annotator.ui.qt); the window
    that is ready after it has them, and keyboard selection works."""
    import os
    import subprocess
    import sys

    db = tmp_path / "first.db"
    with Store(db) as store:
        store.ensure_annotator(ANNOTATOR)
        text = articles[0].text
        marks = [
            Span(text.index("Macron"), text.index("Macron") + 6, ENTITY, "PERSON", annotator=ANNOTATOR),
            Span(
                text.index("Putin"),
                text.index("Putin") + 5,
                ENTITY,
                "PERSON",
                annotator=ANNOTATOR,
                origin="suggested:test",
            ),
        ]
        store.add_articles([(articles[0], marks)], annotator=ANNOTATOR)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_PAINT_CHILD, str(db), ANNOTATOR],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    seen = out.stdout.strip().splitlines()[-1]
    assert seen == str({"qt_enums_built": False, "ready": False, "tags": 2, "keyboard_selection": True}), (
        out.stderr
    )


_THEME_SWITCH_CHILD = """
import sys
from pathlib import Path

from PySide6 import QtCore, QtGui

from annotator.ui import app as app_module
from annotator.ui.theme import DARK, LIGHT

app = app_module.application()
window = app_module.open_window(Path(sys.argv[1]), annotator=sys.argv[2], offer_demo=False)
loop = QtCore.QEventLoop()
window.ready.connect(loop.quit)
QtCore.QTimer.singleShot(5000, loop.quit)
loop.exec()
theme = app_module._themes[0]
seen = []
for mode in (DARK, LIGHT, DARK):
    theme.set_mode(mode)
    cursor = QtGui.QTextCursor(window.view.document())
    cursor.setPosition(int(sys.argv[3]) + 1)
    seen.append((mode, cursor.charFormat().background().color().name()))
print(seen)
"""


def test_switching_the_theme_recolours_the_open_article(tmp_path, store) -> None:
    """Through ``annotator open``'s wiring: the theme's change re-colours the
    article on screen, without reopening it. (In a fresh process: a theme
    switch sets the application's style sheet, and that must not meet windows
    other tests left behind.)"""
    import os
    import subprocess
    import sys

    from annotator.ui.theme import DARK, LIGHT, label_colours

    macron = store.article(1).text.index("Macron")
    colour = store.schema().get("PERSON", ENTITY).colour
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    out = subprocess.run(
        [sys.executable, "-c", _THEME_SWITCH_CHILD, str(store.path), ANNOTATOR, str(macron)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    expected = [(mode, label_colours(colour, mode)[1]) for mode in (DARK, LIGHT, DARK)]
    assert out.stdout.strip().splitlines()[-1] == str(expected), out.stderr
