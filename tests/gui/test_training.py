"""Model > Train: the training runs in the background, shows progress, cancels, and the
window keeps editing meanwhile (issue 14)."""

from __future__ import annotations

import json
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


def train_in_dialog(window, qtbot, monkeypatch: pytest.MonkeyPatch, fill) -> None:  # noqa: ANN001
    """Model > Train with the dialog filled by ``fill(dialog)`` as a user would; waits for the end."""
    from annotator.ui.training import TrainDialog

    def ask(cls, parent):  # noqa: ANN001, ANN202
        dialog = cls(parent=parent)
        fill(dialog)
        try:
            return dialog.request()
        finally:
            dialog.deleteLater()

    monkeypatch.setattr(TrainDialog, "ask", classmethod(ask))
    window.actions_by_name["model_train"].trigger()
    with qtbot.waitSignal(window.training_task.ended, timeout=120_000):
        pass


def error_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the training's error boxes, as they are shown (none is opened)."""
    from annotator.ui import training

    boxes: list[str] = []
    monkeypatch.setattr(
        training.ErrorBox, "show", staticmethod(lambda parent, title, text: boxes.append(text))
    )
    return boxes


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


def test_the_dialog_chooses_whose_done_articles_a_team_project_trains_on(
    make_window, articles, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where two annotators finished the same articles, "every annotator's" is refused (as
    ``export`` refuses mixed versions) and "mine only" trains on the window's annotator's."""
    from annotator.store import Store
    from annotator.store.packs import put_version

    with Store(tmp_path / "annotations.db") as store:
        store.ensure_annotator("ann")
        ids = store.add_articles(done_articles(), annotator="ann", status="done").article_ids
        for article_id in ids[:3]:
            put_version(store, article_id, "bob", store.spans_for(article_id, "ann")[:1], status="done")
    window = make_window(articles)
    boxes = error_boxes(monkeypatch)

    def train_with(choice: str, out: Path) -> None:
        def fill(dialog) -> None:  # noqa: ANN001
            dialog.out.setText(str(out))
            dialog.steps.setValue(2)
            dialog.versions.setCurrentIndex(dialog.versions.findData(choice))

        train_in_dialog(window, qtbot, monkeypatch, fill)

    train_with("any", tmp_path / "everyone")
    assert len(boxes) == 1 and "several annotators" in boxes[0]
    assert not (tmp_path / "everyone").exists()
    train_with("mine", tmp_path / "mine")
    report = (tmp_path / "mine" / "train-report.json").read_text()
    assert len(boxes) == 1, boxes
    documents = json.loads(report)["documents"]
    assert documents["train"] + documents["dev"] == len(ids)


def test_the_dialog_names_the_parser_of_the_quote_candidates(
    make_window, articles, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The "Quote parser:" field is ``train --parser``: enabled with the quote layer; "none" trains on the
    rules' candidates alone; a named pipeline that cannot load is one error box, nothing written."""
    from annotator.model import CONTENT, CUE, QUOTE, SOURCE
    from annotator.store import Store

    items = []
    for n in range(8):
        text = f'"We will grow this year," Jane Smith said on day {n}.'
        cue = text.index(" said") + 1
        items.append(
            (
                Article(text=text, title=f"quoted {n}"),
                [
                    Span(1, text.index(',"'), QUOTE, "DIRECT", role=CONTENT, quote_id=1),
                    Span(cue, cue + 4, QUOTE, "CUE", role=CUE, quote_id=1),
                    Span(cue - 11, cue - 1, QUOTE, "SOURCE", role=SOURCE, quote_id=1),
                ],
            )
        )
    with Store(tmp_path / "annotations.db") as store:
        store.ensure_annotator("ann")
        store.add_articles(items, annotator="ann", status="done")
    window = make_window(articles)
    boxes = error_boxes(monkeypatch)

    def train_with(parser: str, out: Path) -> None:
        def fill(dialog) -> None:  # noqa: ANN001
            assert not dialog.parser.isEnabled()  # entities only: no quote candidates to make
            dialog.layers["entity"].setChecked(False)
            dialog.layers["quote"].setChecked(True)
            assert dialog.parser.isEnabled() and dialog.parser.text() == "en_core_web_sm"
            dialog.out.setText(str(out))
            dialog.steps.setValue(3)
            dialog.parser.setText(parser)

        train_in_dialog(window, qtbot, monkeypatch, fill)

    train_with("no_such_parser_here", tmp_path / "missing")
    assert len(boxes) == 1 and "no_such_parser_here" in boxes[0] and "\n" not in boxes[0]
    assert not (tmp_path / "missing").exists()
    train_with("none", tmp_path / "rules")
    assert len(boxes) == 1, boxes
    report = json.loads((tmp_path / "rules" / "train-report.json").read_text())
    assert report["layers"] == ["quote"] and report["candidates"]["parser"] is None
