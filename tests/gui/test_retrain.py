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
    from annotator.ui.retrain import EVERY, RetrainDialog, RetrainSettings, model_folder
    from annotator.ui.settings import app_settings

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
    assert int(app_settings().value(EVERY)) == 2

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
