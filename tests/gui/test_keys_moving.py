"""Issue 10, moving: PgDown scrolls, find in the article, paragraph and occurrence jumps, mark all."""

from __future__ import annotations

import pytest

from annotator.model import ENTITY
from annotator.ui.qt import Qt

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def live(window, layer=ENTITY):
    return [s for s in window.store.spans_for(window.editor.article_id, "ann") if s.layer == layer]


def selected_text(window) -> str:
    selection = window.view.selection()
    assert selection is not None
    return window.editor.article.text[selection[0] : selection[1]]


def find(window, qtbot, words: str) -> None:
    """``/``, the words, ``Enter``: as an annotator finds them."""
    qtbot.keyClick(window.view, Qt.Key.Key_Slash)
    bar = window.findChild(type(window.search_box), "find_bar")
    assert bar is not None and bar.hasFocus()
    qtbot.keyClicks(bar, words)
    qtbot.keyClick(bar, Qt.Key.Key_Return)


# issue 10
def test_page_down_scrolls_the_text_and_alt_page_down_switches_article(window, qtbot) -> None:
    window.resize(900, 300)  # the seed article is several pages high
    qtbot.waitUntil(lambda: window.view.verticalScrollBar().maximum() > 0)
    bar = window.view.verticalScrollBar()
    assert bar.value() == 0
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown)
    assert window.editor.article_id == 1  # still the same article ...
    assert bar.value() > 0 and window.view.caret() > 0  # ... scrolled down a page
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp)
    assert bar.value() == 0
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert window.editor.article_id == 2


# issue 10
def test_find_selects_the_match_so_a_label_key_marks_it(window, qtbot) -> None:
    text = window.editor.article.text
    find(window, qtbot, "vladimir putin")  # case-insensitive
    assert window.view.hasFocus()  # Enter gave the focus back to the text
    assert selected_text(window) == "Vladimir Putin"
    assert window.view.selection()[0] == text.index("Vladimir Putin")
    assert "1 of 3" in window.statusBar().currentMessage()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    [span] = live(window)
    assert (span.label, text[span.start : span.end]) == ("PERSON", "Vladimir Putin")


# issue 10
def test_f3_and_shift_f3_step_through_matches_and_wrap(window, qtbot) -> None:
    text = window.editor.article.text
    starts = [i for i in range(len(text)) if text.startswith("Vladimir Putin", i)]
    assert len(starts) == 3
    find(window, qtbot, "Vladimir Putin")
    seen = [window.view.selection()[0]]
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_F3)
        seen.append(window.view.selection()[0])
    assert seen == [starts[0], starts[1], starts[2], starts[0]]  # wrapped at the end
    qtbot.keyClick(window.view, Qt.Key.Key_F3, SHIFT)
    assert window.view.selection()[0] == starts[2]  # and backwards over the start


# issue 10
def test_escape_closes_the_find_bar_and_ctrl_k_searches_articles(window, qtbot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)  # Ctrl+F finds in the article now
    bar = window.findChild(type(window.search_box), "find_bar")
    assert bar.isVisible() and bar.hasFocus()
    qtbot.keyClicks(bar, "zzz nowhere")
    assert "not in this article" in window.statusBar().currentMessage()
    qtbot.keyClick(bar, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.view.hasFocus()
    assert window.store.status(1, "ann") == "todo"  # typing there fired no shortcut
    qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL)
    assert window.search_box.hasFocus()


# issue 10
def test_ctrl_down_and_up_jump_between_paragraphs(window, qtbot) -> None:
    text = window.editor.article.text
    window.view.set_selection(3, 3)  # in the first line, " date 2021-11-16 Left Menu"
    qtbot.keyClick(window.view, Qt.Key.Key_Down, CTRL)
    assert text[window.view.caret() :].startswith("Macron, Putin agree")
    qtbot.keyClick(window.view, Qt.Key.Key_Down, CTRL)
    assert text[window.view.caret() :].startswith('"On the migration issue')
    qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Up, CTRL)  # back to this paragraph's first word
    assert text[window.view.caret() :].startswith('"On the migration issue')
    qtbot.keyClick(window.view, Qt.Key.Key_Up, CTRL)
    assert text[window.view.caret() :].startswith("Macron, Putin agree")
    # Ctrl+Shift+arrows still select by word.
    qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL | SHIFT)
    assert selected_text(window) == "Macron"


# issue 10
def test_n_selects_the_next_unmarked_occurrence(window, qtbot) -> None:
    text = window.editor.article.text
    find(window, qtbot, "Putin")
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # the first Putin: PERSON, and selected
    first = live(window)[0]
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    second = window.view.selection()
    assert second is not None and second[0] > first.start and text[second[0] : second[1]] == "Putin"
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    third = window.view.selection()
    assert third[0] > second[0] and text[third[0] : third[1]] == "Putin"
    assert "unmarked" in window.statusBar().currentMessage()


# issue 10
def test_m_and_a_label_key_mark_every_occurrence_in_one_undo_step(window, qtbot) -> None:
    text = window.editor.article.text
    # "Vladimir Putin" is one PERSON: the Putin inside it must be skipped.
    find(window, qtbot, "Vladimir Putin")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    find(window, qtbot, "Putin")
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    spans = live(window)
    inside = text.index("Vladimir Putin") + len("Vladimir ")
    alone = [i for i in range(len(text)) if text.startswith("Putin", i) and i != inside]
    putins = sorted(s.start for s in spans if text[s.start : s.end] == "Putin")
    assert putins == alone and len(alone) >= 5
    assert all(s.label == "PERSON" for s in spans)
    message = window.statusBar().currentMessage()
    assert f"marked {len(alone)} " in message and "skipped 1" in message
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # one undo takes them all back
    assert [text[s.start : s.end] for s in live(window)] == ["Vladimir Putin"]


# issue 10
def test_m_is_whole_word_and_case_sensitive_and_disarmed_by_a_move(window, qtbot) -> None:
    text = window.editor.article.text
    find(window, qtbot, "French")
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # NORP
    frenchs = [s for s in live(window) if text[s.start : s.end] == "French"]
    assert len(frenchs) == text.count("French ")
    # A move between M and the digit: the digit marks the selection only.
    find(window, qtbot, "Russian")
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL | SHIFT)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert len([s for s in live(window) if text[s.start : s.end].startswith("Russian")]) == 1


# issue 10
def test_m_leaves_names_inside_boilerplate_blocks_alone(window, qtbot) -> None:
    text = window.editor.article.text
    headline = text.index("Macron, Putin agree", text.index("Reuters"))  # the repeated title
    window.view.set_selection(headline, headline)
    qtbot.keyClick(window.view, Qt.Key.Key_B)
    [block] = live(window, "boilerplate")
    window.editor.set_active_layer(ENTITY)
    window.view.set_selection(0, 0)
    find(window, qtbot, "Putin")
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    outside = [
        i for i in range(len(text)) if text.startswith("Putin", i) and not block.start <= i < block.end
    ]
    assert sorted(s.start for s in live(window)) == outside
    assert "1 in boilerplate" in window.statusBar().currentMessage()


# issue 10
def test_shift_n_goes_back_and_n_says_when_there_is_nothing_to_find(window, qtbot) -> None:
    text = window.editor.article.text
    ukraine = [i for i in range(len(text)) if text.startswith("Ukraine", i)]
    window.view.set_selection(ukraine[2], ukraine[2] + len("Ukraine"))
    qtbot.keyClick(window.view, Qt.Key.Key_N, SHIFT)
    assert window.view.selection() == (ukraine[1], ukraine[1] + len("Ukraine"))
    window.view.set_selection(0, 0)
    window.editor.select(None)
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    assert window.statusBar().currentMessage().startswith("select some words")
    find(window, qtbot, "Lukashenko")  # once in the article
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    assert window.statusBar().currentMessage() == "no other unmarked “Lukashenko” in this article"


# issue 10
def test_m_on_the_quote_layer_is_refused(window, qtbot) -> None:
    find(window, qtbot, "Putin")
    window.editor.set_active_layer("quote")
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    assert window.statusBar().currentMessage() == "M marks entities or boilerplate: Tab to that layer first"
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # DIRECT: the selection alone becomes a quote
    assert len(live(window, "quote")) == 1 and live(window) == []
