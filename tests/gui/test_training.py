"""Model > Train: the training runs in the background, shows progress, cancels, and the
window keeps editing meanwhile (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.model import ENTITY, Article, Span
from annotator.ui.qt import Qt

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def done_articles() -> list[tuple[Article, list[Span]]]:
    items = []
    for n in range(8):
        text = f"Acme Corp hired Jane Smith in Oslo on day {n}."
        spans = [Span(0, 9, ENTITY, "ORG"), Span(16, 26, ENTITY, "PERSON"), Span(30, 34, ENTITY, "GPE")]
        items.append((Article(text=text, title=f"done {n}"), spans))
    return items


def test_train_in_the_background_with_progress_and_cancel(
    make_window, articles, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.store import Store
    from annotator.ui.training import TrainDialog, TrainRequest

    with Store(tmp_path / "annotations.db") as store:
        store.ensure_annotator("ann")
        store.add_articles(done_articles(), annotator="ann", status="done")
    window = make_window(articles)
    out = tmp_path / "model"
    monkeypatch.setattr(
        TrainDialog, "ask", classmethod(lambda cls, parent: TrainRequest(out=out, max_steps=100_000))
    )
    assert (
        "Model" in window.menus and window.actions_by_name["model_train"] in window.menus["Model"].actions()
    )
    window.actions_by_name["model_train"].trigger()
    task = window.training_task
    assert task.is_running()
    panel = window.training_panel
    # Progress arrives from the background process: a step count in the status bar.
    qtbot.waitUntil(lambda: "step " in panel.label.text(), timeout=60_000)

    # Meanwhile the window edits as ever: mark an entity on the seed article.
    [seed] = [a.id for a in window.store.iter_articles() if "Vladimir Putin" in a.text]
    window.open_article(seed)
    qtbot.waitUntil(lambda: window.editor.article_id == seed)
    text = window.editor.article.text
    start = text.index("Vladimir Putin")
    window.view.set_selection(start, start + len("Vladimir Putin"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    marked = [s for s in window.store.spans_for(window.editor.article_id, "ann") if s.layer == ENTITY]
    assert [(s.label, text[s.start : s.end]) for s in marked] == [("PERSON", "Vladimir Putin")]

    with qtbot.waitSignal(task.ended, timeout=30_000):
        qtbot.mouseClick(panel.cancel, Qt.MouseButton.LeftButton)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".model")]
    qtbot.waitUntil(lambda: window.training_panel is None)


def test_closing_the_window_stops_the_training(
    make_window, articles, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.store import Store
    from annotator.ui.training import TrainDialog, TrainRequest

    with Store(tmp_path / "annotations.db") as store:
        store.ensure_annotator("ann")
        store.add_articles(done_articles(), annotator="ann", status="done")
    window = make_window(articles)
    out = tmp_path / "model"
    monkeypatch.setattr(
        TrainDialog, "ask", classmethod(lambda cls, parent: TrainRequest(out=out, max_steps=100_000))
    )
    window.actions_by_name["model_train"].trigger()
    task = window.training_task
    qtbot.waitUntil(lambda: "step " in window.training_panel.label.text(), timeout=60_000)
    window.close()
    assert not task.is_running()
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".model")]
