"""Model > Retrain automatically: after every N newly done articles the window retrains in the
background and refreshes the model's suggestions on todo articles; a person's marks stay (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.model import ENTITY, Article, Span, Status
from tests.gui.conftest import ANNOTATOR
from tests.gui.test_training import done_articles

pytestmark = [pytest.mark.gui, pytest.mark.slow]

OSLO = "The weather in Oslo stayed cold all week. Acme Corp hired Jane Smith in Oslo."


def _todo_articles(origin: str) -> list[tuple[Article, list[Span]]]:
    """Three todo articles; the last holds a person's mark and a stale suggestion of the model."""
    week = OSLO.index("week")
    return [
        (Article(text="Acme Corp hired Tom Baker in Lagos.", title="first todo"), []),
        (Article(text="Acme Corp hired Ann Lee in Paris.", title="second todo"), []),
        (Article(text="Acme Corp hired Bo Chen in Rome.", title="third todo"), []),
        (
            Article(text=OSLO, title="kept todo"),
            [
                Span(week, week + 4, ENTITY, "DATE"),  # a person's mark
                Span(0, 3, ENTITY, "ORG", origin=origin),  # "The": an old model's guess
            ],
        ),
    ]


def test_n_newly_done_articles_retrain_and_refresh_the_todo_suggestions(
    make_window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.assist.model_suggest import ModelSuggester, origin_of
    from annotator.formats.tokens import token_offsets
    from annotator.store import Store
    from annotator.store.scores import span_scores
    from annotator.ui.retrain import RetrainDialog, RetrainSettings, model_folder, stored_settings

    db = tmp_path / "annotations.db"
    out = model_folder(db)
    origin = origin_of(out)
    with Store(db) as store:
        store.ensure_annotator(ANNOTATOR)
        store.add_articles(done_articles(), annotator=ANNOTATOR, status="done")
        store.add_articles(_todo_articles(origin), annotator=ANNOTATOR)
    window = make_window()
    kept = next(a.id for a in window.store.iter_articles() if a.text == OSLO)
    marks_before = [s for s in window.store.spans_for(kept, ANNOTATOR) if not s.is_suggestion]
    assert [s.origin for s in marks_before] == ["manual"]

    # Off by default: marking articles done trains nothing.
    assert window.retrainer.settings.every == 0
    monkeypatch.setattr(
        RetrainDialog,
        "ask",
        classmethod(lambda cls, parent, current: RetrainSettings(every=2, layers=("entity",), max_steps=30)),
    )
    window.actions_by_name["model_retrain"].trigger()
    assert stored_settings(window.store).every == 2

    todo = [a.id for a in window.store.iter_articles() if a.title.endswith("todo")]
    window.open_article(todo[0])
    window.actions_by_name["done_next"].trigger()
    assert window.retrainer.task is None  # one newly done: not yet
    window.open_article(todo[1])
    window.actions_by_name["done_next"].trigger()
    task = window.retrainer.task
    assert task is not None and task.is_running()
    assert window.training_panel is not None
    with qtbot.waitSignal(task.succeeded, timeout=180_000):
        pass
    qtbot.waitUntil(lambda: window.retrainer.task is None)

    assert (out / "train-report.json").is_file()
    # The todo article's suggestions of the model are exactly what the new model says now.
    text = window.store.article(kept).text
    predicted, scores, _doubt = ModelSuggester(out, ENTITY)(text, token_offsets(text))
    expected = {(s.start, s.end, s.label) for s in predicted} - {
        (s.start, s.end, s.label) for s in marks_before
    }
    spans = window.store.spans_for(kept, ANNOTATOR)
    suggested = [s for s in spans if s.origin == origin]
    assert suggested, "30 steps on 8 done articles teach the ner these names"
    assert {(s.start, s.end, s.label) for s in suggested} == expected
    if (0, 3, "ORG") not in expected:
        assert not any((s.start, s.end) == (0, 3) for s in spans)  # the stale guess went
    assert set(span_scores(window.store, kept)) >= {s.id for s in suggested}
    # The person's mark is as it was, and the article is still todo.
    assert [s for s in spans if not s.is_suggestion] == marks_before
    assert window.store.status(kept, ANNOTATOR) == Status.TODO
    # The done articles were not touched.
    assert not [s for a in todo[:2] for s in window.store.spans_for(a, ANNOTATOR) if s.origin == origin]


def _turn_on(window, monkeypatch: pytest.MonkeyPatch, every: int, steps: int = 30) -> None:
    from annotator.ui.retrain import RetrainDialog, RetrainSettings

    monkeypatch.setattr(
        RetrainDialog,
        "ask",
        classmethod(
            lambda cls, parent, current: RetrainSettings(every=every, layers=("entity",), max_steps=steps)
        ),
    )
    window.actions_by_name["model_retrain"].trigger()


def _mark_done(window, article_id: int) -> None:
    window.open_article(article_id)
    window.actions_by_name["done_next"].trigger()


def test_the_setting_belongs_to_its_project(
    make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Turned on for one project, retraining stays off in another, and is on again when the
    first is reopened."""
    from annotator.store import Store

    other = tmp_path / "other.db"
    with Store(other) as store:
        store.ensure_annotator(ANNOTATOR)
        store.add_articles([Article(text="Nothing to see in Oslo.")], annotator=ANNOTATOR)
    first = make_window([Article(text="Acme Corp hired Tom Baker in Lagos.")])
    _turn_on(first, monkeypatch, every=5)
    assert first.retrainer.settings.every == 5
    first.close()
    second = make_window(target=other)
    assert second.retrainer.settings.every == 0
    second.close()
    again = make_window()
    assert again.retrainer.settings.every == 5 and again.retrainer.settings.max_steps == 30


def test_a_failed_retraining_pauses_it_with_one_error_box(
    make_window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import annotator.assist.training as training
    from annotator.ui import retrain

    boxes: list[str] = []
    monkeypatch.setattr(
        retrain.ErrorBox, "show", staticmethod(lambda parent, title, text: boxes.append(text))
    )

    def broken(*args, **kwargs):
        raise training.TrainConfigError("the done articles hold no entity spans: nothing to train")

    monkeypatch.setattr(training, "train", broken)
    window = make_window(
        [Article(text=f"Acme Corp hired person {n} in Lagos.", title=f"t{n}") for n in range(5)]
    )
    ids = [a.id for a in window.store.iter_articles()]
    _turn_on(window, monkeypatch, every=1)
    _mark_done(window, ids[0])
    task = window.retrainer.task
    assert task is not None
    qtbot.waitUntil(lambda: window.retrainer.task is None, timeout=30_000)
    assert window.retrainer.paused and len(boxes) == 1 and "nothing to train" in boxes[0]
    assert "paused" in window.statusBar().currentMessage()
    # More done articles start nothing, and show no second box.
    _mark_done(window, ids[1])
    _mark_done(window, ids[2])
    qtbot.wait(200)
    assert window.retrainer.task is None and len(boxes) == 1
    # Turning it on again in the dialog resumes it.
    _turn_on(window, monkeypatch, every=1)
    assert not window.retrainer.paused
    _mark_done(window, ids[3])
    assert window.retrainer.task is not None
    qtbot.waitUntil(lambda: window.retrainer.task is None, timeout=30_000)
    assert len(boxes) == 2


def test_a_server_project_retrains_into_the_users_data_folder(
    make_window, qtbot, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server project has no file to put ``-model`` beside: the model goes under the user's
    data folder, and the todo articles on the server get its suggestions."""
    from annotator.assist.model_suggest import origin_of
    from annotator.store import Store
    from annotator.ui.retrain import model_folder

    with Store(pg_url) as store:
        store.ensure_annotator(ANNOTATOR)
        store.add_articles(done_articles(), annotator=ANNOTATOR, status="done")
        store.add_articles(_todo_articles("suggested:nobody"), annotator=ANNOTATOR)
    window = make_window(target=pg_url)
    out = model_folder(window.store)
    assert out.is_relative_to(tmp_path / "data") and out.name.endswith("-model")
    assert "postgresql" not in out.name
    todo = [a.id for a in window.store.iter_articles() if a.title.endswith("todo")]
    _turn_on(window, monkeypatch, every=1)
    _mark_done(window, todo[0])
    task = window.retrainer.task
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=180_000):
        pass
    qtbot.waitUntil(lambda: window.retrainer.task is None)
    assert (out / "train-report.json").is_file()
    origin = origin_of(out)
    suggested = [s for a in todo[1:] for s in window.store.spans_for(a, ANNOTATOR) if s.origin == origin]
    assert suggested, "the retrained model suggests on the server's todo articles"


def test_the_quote_parser_is_a_setting_of_the_project(make_window, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Retrain dialog's "Quote parser:" (``train --parser``) is kept with the project's
    other retraining settings and shown again when the dialog reopens."""
    from annotator.ui.retrain import RetrainDialog, stored_settings

    def ask(cls, parent, current):  # noqa: ANN001, ANN202 - the dialog as a user fills it
        dialog = cls(current, parent=parent)
        assert dialog.parser.text() == "en_core_web_sm" and not dialog.parser.isEnabled()
        dialog.every.setValue(4)
        dialog.layers["quote"].setChecked(True)
        dialog.parser.setText("none")
        try:
            return dialog.settings()
        finally:
            dialog.deleteLater()

    first = make_window([Article(text="Acme Corp hired Tom Baker in Lagos.")])
    monkeypatch.setattr(RetrainDialog, "ask", classmethod(ask))
    first.actions_by_name["model_retrain"].trigger()
    assert stored_settings(first.store).parser == "none"
    first.close()
    again = make_window()
    assert again.retrainer.settings.parser == "none"
    shown = RetrainDialog(again.retrainer.settings, parent=again)
    assert shown.parser.text() == "none" and shown.parser.isEnabled()
    shown.deleteLater()
