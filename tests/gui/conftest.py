"""GUI fixtures: the real main window on a temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.model import Article

SEED = Path(__file__).parent.parent / "fixtures" / "gui" / "seed-devdiscourse-article.txt"
ANNOTATOR = "ann"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def articles() -> list[Article]:
    """The seed article and three short ones (ids 1-4 in this order)."""
    return [
        Article(text=seed_text(), title="Macron, Putin agree on need to de-escalate", source="seed"),
        Article(
            text="Angela Merkel met Boris Johnson in Berlin on Tuesday.\nNext line here.",
            title="Merkel meets Johnson",
        ),
        Article(text="Apple said on Monday it would open a store in Lagos.", title="Apple in Lagos"),
        Article(text="The weather in Oslo stayed cold all week.", title="Oslo weather"),
    ]


def wait_ready(qtbot, window) -> None:
    """Wait until a staged window has built its panes, actions and editor."""
    if not window.is_ready:
        with qtbot.waitSignal(window.ready, timeout=5000):
            pass
    assert window.is_ready


@pytest.fixture(autouse=True)
def confirm_done(monkeypatch) -> list[str]:
    """Enter on an untouched article with no spans asks first (issue 10.5): here the
    question is answered yes, and the titles asked about are listed for tests that care."""
    from annotator.ui.finishing import ConfirmDone

    asked: list[str] = []

    def ask(cls, parent, title: str) -> bool:
        asked.append(title)
        return True

    monkeypatch.setattr(ConfirmDone, "ask", classmethod(ask))
    return asked


@pytest.fixture
def make_window(qtbot, db_path: Path):
    """Open a main window on ``db_path`` (articles added first); returns it shown and active."""
    from annotator.store import Store
    from annotator.ui.main_window import MainWindow

    opened = []

    def make(items: list[Article] | None = None, *, target: str | Path | None = None):
        """``target``: another project than ``db_path`` (a ``postgresql://`` URL)."""
        store = Store(target or db_path)
        store.ensure_annotator(ANNOTATOR)
        if items:
            store.add_articles(items, annotator=ANNOTATOR)
        # Started as ``annotator open`` starts it: the first article first, the
        # rest right after its paint. Tests drive the complete window.
        window = MainWindow(store=store, annotator=ANNOTATOR, staged=True)
        qtbot.addWidget(window)
        window.show()
        window.open_first()
        wait_ready(qtbot, window)
        qtbot.waitExposed(window)
        window.activateWindow()
        # Window-wide shortcuts only fire in the active window.
        qtbot.waitUntil(window.isActiveWindow)
        window.view.setFocus()
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.close()
        window.store.close()


@pytest.fixture
def window(make_window, articles):
    return make_window(articles)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Qt's offscreen platform says this on every top-level window; it is no fault of ours.
    for item in items:
        if "tests/gui" in str(item.fspath).replace("\\", "/"):
            # pytest-qt reads the closest marker only: keep the module's own patterns too.
            patterns = [p for m in item.iter_markers("qt_log_ignore") for p in m.args]
            item.add_marker(
                pytest.mark.qt_log_ignore(
                    "This plugin does not support propagateSizeHints",
                    "This plugin does not support raise",
                    *patterns,
                )
            )
