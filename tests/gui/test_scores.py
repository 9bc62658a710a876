"""A trained model's scores in the window: shown, and the unsure ones hidden (issue 14)."""

from __future__ import annotations

from annotator.model import ENTITY, Span
from annotator.store.scores import save_scores
from annotator.ui.qt import Qt
from tests.gui.conftest import ANNOTATOR

ORIGIN = "suggested:model-test"
SCORED = {"Angela Merkel": 0.91, "Boris Johnson": 0.83, "Berlin": 0.22}


def _open_scored(window) -> int:
    """Article 2 with three scored entity suggestions, open in the window."""
    article_id = 2
    text = window.store.article(article_id).text
    spans = [
        Span(text.index(w), text.index(w) + len(w), ENTITY, "PERSON" if " " in w else "GPE", origin=ORIGIN)
        for w in SCORED
    ]
    window.store.add_suggestions(article_id, spans, annotator=ANNOTATOR)
    keyed = {(s.layer, s.role, s.start, s.end): SCORED[text[s.start : s.end]] for s in spans}
    assert save_scores(window.store, article_id, ANNOTATOR, ORIGIN, keyed) == 3
    window.open_article(article_id)
    return article_id


def _span(window, words: str) -> Span:
    text = window.editor.article.text
    return next(s for s in window.editor.spans if text[s.start : s.end] == words)


def _listed(window) -> dict[str, str]:
    """Span list rows: text cell -> label cell."""
    model = window.span_model
    return {model.index(r, 1).data(): model.index(r, 0).data() for r in range(model.rowCount())}


def _drawn(window) -> set[str]:
    text = window.editor.article.text
    return {text[s.start : s.end] for s in window.view._visible()}


def _set_threshold(window, qtbot, monkeypatch, value: float) -> None:
    from annotator.ui.score_filter import ThresholdDialog

    monkeypatch.setattr(ThresholdDialog, "ask", classmethod(lambda cls, parent, current: value))
    qtbot.keyClick(
        window.view, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )


def test_a_suggestions_score_is_listed_and_said_when_selected(window) -> None:
    _open_scored(window)
    listed = _listed(window)
    assert listed["Boris Johnson"] == "PERSON? 0.83"
    assert listed["Berlin"] == "GPE? 0.22"
    window.editor.select(_span(window, "Boris Johnson"))
    assert window.scores.label.text() == "score 0.83"
    window.editor.select(None)
    assert window.scores.label.text() == ""


def test_suggestions_below_the_threshold_are_hidden_and_skipped(window, qtbot, monkeypatch) -> None:
    from annotator.ui.score_filter import SETTING
    from annotator.ui.settings import app_settings

    _open_scored(window)
    assert "Berlin" in _drawn(window)
    _set_threshold(window, qtbot, monkeypatch, 0.5)
    assert float(app_settings().value(SETTING)) == 0.5
    assert "Berlin" not in _drawn(window)
    assert "Berlin" not in _listed(window)
    assert set(_listed(window)) == {"Angela Merkel", "Boris Johnson"}
    assert "1 hidden below 0.50" in window.scores.label.text()
    text = window.editor.article.text
    # ] walks the visible spans only, wrapping: never onto Berlin.
    seen = []
    for _ in range(4):
        qtbot.keyClick(window.view, Qt.Key.Key_BracketRight)
        seen.append(text[window.editor.selected().start : window.editor.selected().end])
    assert "Berlin" not in seen and {"Angela Merkel", "Boris Johnson"} <= set(seen)
    # A accepts the two shown and then finds none left: Berlin stays a suggestion, unseen.
    window.editor.select(None)
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_A)
    assert _span(window, "Berlin").is_suggestion
    assert not _span(window, "Boris Johnson").is_suggestion
    assert "Berlin" not in _drawn(window)
    # 0 shows every suggestion again.
    _set_threshold(window, qtbot, monkeypatch, 0.0)
    assert "Berlin" in _drawn(window)
    assert _listed(window)["Berlin"] == "GPE? 0.22"
    assert window.scores.label.text() == ""


def test_the_threshold_is_kept_for_the_next_window(make_window, articles, qtbot, monkeypatch) -> None:
    first = make_window(articles)
    _set_threshold(first, qtbot, monkeypatch, 0.5)
    first.close()
    window = make_window()
    assert window.scores.threshold == 0.5
    _open_scored(window)
    assert "Berlin" not in _drawn(window)
    assert "1 hidden below 0.50" in window.scores.label.text()
