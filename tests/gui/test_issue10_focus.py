"""Issue 10: the focus keys. F6 / Shift+F6 cycle the panes; the side panes work by keyboard."""

from __future__ import annotations

import pytest

from annotator.model import Span
from annotator.ui.qt import Qt

pytestmark = pytest.mark.gui

ANNOTATOR = "ann"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focused(window):
    from annotator.ui.qt import QtWidgets

    return QtWidgets.QApplication.focusWidget()


def press(window, qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the focus is, as the user's keyboard sends it."""
    qtbot.keyClick(focused(window), key, modifier)


def wait_focus(qtbot, widget) -> None:
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


def test_f6_and_shift_f6_cycle_list_text_and_span_list(window, qtbot) -> None:
    # issue 10 (focus)
    wait_focus(qtbot, window.view)
    press(window, qtbot, Qt.Key.Key_F6)
    wait_focus(qtbot, window.span_view)
    press(window, qtbot, Qt.Key.Key_F6)
    wait_focus(qtbot, window.article_view)
    press(window, qtbot, Qt.Key.Key_F6)
    wait_focus(qtbot, window.view)
    press(window, qtbot, Qt.Key.Key_F6, SHIFT)
    wait_focus(qtbot, window.article_view)
    press(window, qtbot, Qt.Key.Key_F6, SHIFT)
    wait_focus(qtbot, window.span_view)


def test_escape_in_the_search_box_returns_to_the_text(window, qtbot) -> None:
    # issue 10 (focus)
    qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL)
    wait_focus(qtbot, window.search_box)
    qtbot.keyClicks(window.search_box, "Oslo")
    press(window, qtbot, Qt.Key.Key_Escape)
    wait_focus(qtbot, window.view)
    # The text has the keys again: a digit marks.
    start = window.editor.article.text.index("Macron")
    window.view.set_selection(start, start + 6)
    press(window, qtbot, Qt.Key.Key_1)
    assert [s.label for s in window.store.spans_for(1, ANNOTATOR)] == ["PERSON"]


def test_the_span_list_by_keyboard_arrows_move_and_enter_selects(window, qtbot) -> None:
    # issue 10 (focus)
    text = window.editor.article.text
    for word in ("Macron", "Vladimir Putin", "Belarus"):
        i = text.index(word)
        window.store.add_span(1, Span(i, i + len(word), "entity", "PERSON", annotator=ANNOTATOR))
    window.open_article(1)
    press(window, qtbot, Qt.Key.Key_F6)
    wait_focus(qtbot, window.span_view)
    press(window, qtbot, Qt.Key.Key_Down)
    press(window, qtbot, Qt.Key.Key_Down)
    assert window.view.selected is None  # arrows only move
    press(window, qtbot, Qt.Key.Key_Return)
    wait_focus(qtbot, window.view)
    third = window.span_model.span_at(2)
    assert window.view.selected is not None and window.view.selected.id == third.id
    assert window.store.status(1, ANNOTATOR) == "in_progress"  # Enter there never marks it done
    press(window, qtbot, Qt.Key.Key_4)  # the digit relabels the span Enter selected
    assert window.store.span(third.id).label == "ORG"
    press(window, qtbot, Qt.Key.Key_F6)
    wait_focus(qtbot, window.span_view)
    press(window, qtbot, Qt.Key.Key_Up)
    press(window, qtbot, Qt.Key.Key_Escape)  # back to the text, the selection as it was
    wait_focus(qtbot, window.view)
    assert window.view.selected.id == third.id


def test_the_status_filter_and_the_list_by_keyboard(window, qtbot) -> None:
    # issue 10 (focus): Tab from the search box reaches the status filter
    window.store.set_status(3, ANNOTATOR, "done")
    window.articles.reload()
    qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL)
    wait_focus(qtbot, window.search_box)
    press(window, qtbot, Qt.Key.Key_Tab)
    wait_focus(qtbot, window.status_filter)
    assert window.editor.active_layer == "entity"  # Tab moved the focus, not the layer
    while window.status_filter.currentData() != "done":
        press(window, qtbot, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.articles.total == 1)
    press(window, qtbot, Qt.Key.Key_Return)  # applied: on to the list
    wait_focus(qtbot, window.article_view)
    assert window.store.status(1, ANNOTATOR) == "todo"
    # In the list, arrows open articles and Enter returns to the text without marking.
    press(window, qtbot, Qt.Key.Key_Up)
    press(window, qtbot, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.editor.article_id == 3)
    press(window, qtbot, Qt.Key.Key_Return)
    wait_focus(qtbot, window.view)
    assert window.store.status(3, ANNOTATOR) == "done"
    assert window.store.status(1, ANNOTATOR) == "todo"
    assert window.editor.article_id == 3


def test_the_cheat_sheet_names_each_label_beside_its_key_and_follows_tab(window, qtbot) -> None:
    # issue 10: not "Label 1…9"
    from annotator.ui.cheatsheet import CheatSheet

    press(window, qtbot, Qt.Key.Key_Question, SHIFT)
    qtbot.waitUntil(
        lambda: window.findChild(CheatSheet) is not None and window.findChild(CheatSheet).isVisible()
    )
    sheet = window.findChild(CheatSheet)
    marks = [(name, key) for group, name, key in sheet.rows() if group == "Mark"]
    assert ("Mark PERSON", "1") in marks and ("Mark WORK_OF_ART", "9") in marks
    assert not any(name.startswith("Label 1") for name, _key in marks)
    window.actions_by_name["next_layer"].trigger()  # Tab, while the sheet is open
    marks = [(name, key) for group, name, key in sheet.rows() if group == "Mark"]
    assert ("Mark DIRECT", "1") in marks and ("Mark MIXED", "3") in marks
    assert ("Label 4 (none on the quote layer)", "4") in marks
    # The Mark menu reads the same.
    assert window.actions_by_name["label_2"].text() == "Mark INDIRECT"
