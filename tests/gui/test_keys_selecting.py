"""Issue 10, selecting: E selects the span at the caret, double-click a word, B keeps its block selected."""

from __future__ import annotations

import pytest

from annotator.model import BOILERPLATE, ENTITY
from annotator.ui.qt import Qt, QtCore

pytestmark = pytest.mark.gui


def live(window, layer=ENTITY):
    return [s for s in window.store.spans_for(window.editor.article_id, "ann") if s.layer == layer]


def mark(window, qtbot, words: str, key=Qt.Key.Key_1) -> None:
    start = window.editor.article.text.index(words)
    window.view.set_selection(start, start + len(words))
    qtbot.keyClick(window.view, key)


def point_at(window, offset: int) -> QtCore.QPoint:
    view = window.view
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_qt(offset))
    return view.cursorRect(cursor).center() + QtCore.QPoint(3, 0)


def double_click(window, qtbot, offset: int) -> None:
    """What the platform sends for a double-click: press, release, double-click, release
    (QTest's mouseDClick sends the double-click event alone)."""
    viewport, left, pos = window.view.viewport(), Qt.MouseButton.LeftButton, point_at(window, offset)
    qtbot.mousePress(viewport, left, pos=pos)
    qtbot.mouseRelease(viewport, left, pos=pos)
    qtbot.mouseDClick(viewport, left, pos=pos)
    qtbot.mouseRelease(viewport, left, pos=pos)


# issue 10
def test_e_selects_the_span_at_the_caret_for_a_relabel_or_delete(window, qtbot) -> None:
    text = window.editor.article.text
    mark(window, qtbot, "Belarus", Qt.Key.Key_4)  # ORG by mistake
    [span] = live(window)
    window.view.set_selection(span.start + 3, span.start + 3)  # the caret inside it, nothing selected
    window.editor.select(None)
    qtbot.keyClick(window.view, Qt.Key.Key_E)
    assert window.view.selected is not None and window.view.selected.id == span.id
    assert "selected ORG “Belarus”" in window.statusBar().currentMessage()
    qtbot.keyClick(window.view, Qt.Key.Key_5)  # GPE: the same span relabelled
    assert [(s.id, s.label) for s in live(window)] == [(span.id, "GPE")]
    qtbot.keyClick(window.view, Qt.Key.Key_E)  # the caret is still on it
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert live(window) == []
    window.view.set_selection(text.index("Reuters"), text.index("Reuters"))
    qtbot.keyClick(window.view, Qt.Key.Key_E)
    assert window.statusBar().currentMessage() == "no span at the caret"


# issue 10
def test_e_right_after_a_span_selects_it(window, qtbot) -> None:
    mark(window, qtbot, "Emmanuel Macron")
    [span] = live(window)
    window.editor.select(None)
    window.view.set_selection(span.end, span.end)  # where Ctrl+Shift+Right leaves the caret
    qtbot.keyClick(window.view, Qt.Key.Key_E)
    assert window.view.selected is not None and window.view.selected.id == span.id


# issue 10
def test_double_click_selects_a_word_and_a_digit_marks_it(window, qtbot) -> None:
    text = window.editor.article.text
    start = text.index("Lukashenko")
    double_click(window, qtbot, start + 3)
    assert window.view.selection() is not None
    assert text[slice(*window.view.selection())] == "Lukashenko"
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    [span] = live(window)
    assert (span.start, span.end, span.label) == (start, start + len("Lukashenko"), "PERSON")


# issue 10
def test_double_click_on_a_word_inside_a_span_selects_the_word(window, qtbot) -> None:
    text = window.editor.article.text
    mark(window, qtbot, "Emmanuel Macron")
    start = text.index("Emmanuel Macron") + len("Emmanuel ")
    window.editor.select(None)
    double_click(window, qtbot, start + 2)
    assert text[slice(*window.view.selection())] == "Macron"


# issue 10
def test_double_click_in_a_block_keeps_the_layer_the_annotator_chose(window, qtbot) -> None:
    text = window.editor.article.text
    credit = text.index("(This story")
    window.view.set_selection(credit, credit)
    qtbot.keyClick(window.view, Qt.Key.Key_B)  # the credit line is boilerplate now
    window.editor.select(None)
    window.editor.set_active_layer(ENTITY)
    start = text.index("Devdiscourse", credit)
    double_click(window, qtbot, start + 3)
    assert window.editor.active_layer == ENTITY and window.view.selected is None
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    [span] = live(window)
    assert (span.start, span.end, span.label) == (start, start + len("Devdiscourse"), "ORG")


# issue 10
def test_b_leaves_the_new_block_selected_so_a_digit_relabels_it(window, qtbot) -> None:
    text = window.editor.article.text
    line = text.index("TRENDING")
    window.view.set_selection(line + 2, line + 2)
    qtbot.keyClick(window.view, Qt.Key.Key_B)
    [block] = live(window, BOILERPLATE)
    assert text[block.start : block.end] == "TRENDING"
    assert window.view.selected is not None and window.view.selected.id == block.id
    nav = next(k for k, label in window.editor.labels(BOILERPLATE) if label.name == "NAV")
    qtbot.keyClick(window.view, getattr(Qt.Key, f"Key_{nav}"))
    assert [(s.id, s.label) for s in live(window, BOILERPLATE)] == [(block.id, "NAV")]


# issue 10
def test_b_on_a_block_selects_it_and_delete_removes_it(window, qtbot) -> None:
    text = window.editor.article.text
    line = text.index("DevShots")
    window.view.set_selection(line, line)
    qtbot.keyClick(window.view, Qt.Key.Key_B)
    window.editor.select(None)
    window.view.set_selection(line + 4, line + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_B)  # not a silent delete any more
    [block] = live(window, BOILERPLATE)
    assert window.view.selected is not None and window.view.selected.id == block.id
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert live(window, BOILERPLATE) == []
