"""Issue 10's defects, driven through the real window by keys; checked in SQLite and on screen."""

from __future__ import annotations

import pytest

from annotator.model import Span
from annotator.ui.qt import Qt

pytestmark = pytest.mark.gui

ANNOTATOR = "ann"
CTRL = Qt.KeyboardModifier.ControlModifier


def select_text(window, needle: str, after: int = 0) -> tuple[int, int]:
    start = window.editor.article.text.index(needle, after)
    window.view.set_selection(start, start + len(needle))
    return start, start + len(needle)


def message(window) -> str:
    return window.statusBar().currentMessage()


def stray_formats(window) -> list[tuple[int, str, dict]]:
    """Stretches of the shown article outside its spans that carry any character format."""
    view = window.view
    view.finish_styling()
    spans = [s for s in window.editor.spans if s.layer not in view._hidden]
    to_py = view.offsets.to_py
    found = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            start = to_py(fragment.position())
            end = to_py(fragment.position() + fragment.length())
            inside = any(s.start <= start and end <= s.end for s in spans)
            properties = fragment.charFormat().properties()
            if properties and not inside:
                found.append((start, fragment.text()[:30], properties))
            it += 1
        block = block.next()
    return found


def _switch_by_action(window, qtbot) -> None:
    window.actions_by_name["next_article"].trigger()


def _switch_by_enter(window, qtbot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Return)


def _switch_by_space(window, qtbot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Space)


def _switch_by_search(window, qtbot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.search_box, "Lagos")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)


@pytest.mark.parametrize("switch", [_switch_by_action, _switch_by_enter, _switch_by_space, _switch_by_search])
def test_a_mark_at_the_caret_does_not_format_the_next_article(window, qtbot, switch) -> None:
    # issue 10.1
    select_text(window, "Macron")  # the caret ends at the new span's last character
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert [s.label for s in window.store.spans_for(1, ANNOTATOR)] == ["PERSON"]
    switch(window, qtbot)
    assert window.editor.article_id in (2, 3)
    assert window.editor.spans == []
    assert stray_formats(window) == []
    # And the article after it too (it "stays that way until restart").
    window.actions_by_name["next_article"].trigger()
    assert stray_formats(window) == []


def test_an_undo_that_opens_another_article_shows_it_clean(make_window, articles, qtbot) -> None:
    # issue 10.1: the caret sits in a span of article 2 when Ctrl+Z reopens article 1.
    window = make_window(articles)
    window.store.add_span(2, Span(0, 13, "entity", "PERSON", annotator=ANNOTATOR))
    select_text(window, "Reuters")
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    window.view.set_selection(0, 0)
    window.actions_by_name["next_article"].trigger()
    assert window.editor.article_id == 2 and len(window.editor.spans) == 1
    window.view.set_selection(5, 5)  # inside "Angela Merkel"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.editor.article_id == 1
    assert window.store.spans_for(1, ANNOTATOR) == []
    assert stray_formats(window) == []
