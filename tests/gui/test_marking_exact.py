"""A mark in the window is what was selected: trimmed, a cut word completed, never widened (issue 9.10)."""

from __future__ import annotations

import pytest

from annotator.model import Article
from annotator.ui.qt import Qt

pytestmark = pytest.mark.gui

TEXT = "Talks between Belarus -Elysee and Malmo\u0308. Trump's remarks(some said) were odd."


def _mark(window, qtbot, start: int, end: int, key=Qt.Key.Key_1) -> str:
    window.view.set_selection(start, end)
    qtbot.keyClick(window.view, key)
    [span] = [s for s in window.store.spans_for(window.editor.article_id, "ann") if s.layer == "entity"]
    return TEXT[span.start : span.end]


@pytest.mark.parametrize(
    ("selected", "stored"),
    [
        ("Elysee", "Elysee"),  # spaCy's token is "-Elysee": the hyphen was not selected
        ("Malmo", "Malmo\u0308"),  # the combining diaeresis completes the word, the "." stays out
        ("remarks", "remarks"),  # spaCy's token is "remarks(some"
        (" Malm", "Malmo\u0308"),  # whitespace trimmed, the cut word completed
    ],
)
def test_mark_holds_only_selected_characters(make_window, qtbot, selected: str, stored: str) -> None:
    window = make_window([Article(text=TEXT, title="Exact marks")])
    start = TEXT.index(selected)
    assert _mark(window, qtbot, start, start + len(selected)) == stored
