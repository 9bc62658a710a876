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
    qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL)
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


# -- 3. the active layer is the one the annotator chose, and it shows ------------------


def _seed_other_layers(window) -> tuple[Span, Span]:
    """A suggested boilerplate block over the first line and a quote on the seed article."""
    text = window.editor.article.text
    line = text.index("date 2021")
    block = window.store.add_span(
        1,
        Span(
            line,
            line + len("date 2021-11-16 Left Menu"),
            "boilerplate",
            "BOILERPLATE",
            annotator=ANNOTATOR,
            origin="suggested:boilerplate",
        ),
    )
    start = text.index("On the migration issue")
    quote = window.store.add_span(
        1,
        Span(
            start,
            start + len("On the migration issue"),
            "quote",
            "DIRECT",
            annotator=ANNOTATOR,
            role="content",
        ),
    )
    window.open_article(1)
    return block, quote


def badge(window) -> str:
    return window.layer_display.badge.text()


def test_selecting_spans_of_other_layers_never_changes_where_digits_mark(window, qtbot) -> None:
    # issue 10.3: ], clicks, A and X used to make the selected span's layer active.
    block, quote = _seed_other_layers(window)
    qtbot.keyClick(window.view, Qt.Key.Key_BracketRight)  # selects the boilerplate suggestion
    assert window.view.selected.id == block.id
    assert window.editor.active_layer == "entity"
    # A digit would relabel the block now: the badge says so; the palette stays on entities.
    assert badge(window) == "1-8 relabel BOILERPLATE"
    assert "ENTITY" in window.palette_title.text()
    qtbot.keyClick(window.view, Qt.Key.Key_BracketRight)  # the quote
    assert window.view.selected.id == quote.id
    assert window.editor.active_layer == "entity" and badge(window) == "1-3 relabel QUOTE"
    # A digit on the selected quote relabels THAT span, within its own layer...
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert window.store.span(quote.id).label == "INDIRECT"
    assert window.editor.active_layer == "entity"
    qtbot.keyClick(window.view, Qt.Key.Key_BracketLeft)  # back to the block
    qtbot.keyClick(window.view, Qt.Key.Key_A)  # accepts it
    assert window.store.span(block.id).origin == "accepted"
    assert window.editor.active_layer == "entity"
    select_text(window, "Vladimir Putin")
    assert badge(window) == "1-9 mark ENTITY"  # text selected: a digit marks the active layer
    # ...and new marks still go to the entity layer, on this article and the next.
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert [(s.layer, s.label) for s in window.store.spans_for(1, ANNOTATOR) if s.origin == "manual"][-1] == (
        "entity",
        "PERSON",
    )
    window.actions_by_name["next_article"].trigger()
    select_text(window, "Angela Merkel")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert [(s.layer, s.label) for s in window.store.spans_for(2, ANNOTATOR)] == [("entity", "PERSON")]


def test_a_click_on_a_block_leaves_the_entity_layer_active(window, qtbot) -> None:
    # issue 10.3
    from tests.gui.test_marking import click_at

    block, _quote = _seed_other_layers(window)
    click_at(window, qtbot, block.start + 6)
    assert window.view.selected is not None and window.view.selected.id == block.id
    assert window.editor.active_layer == "entity"
    select_text(window, "Belarus")
    qtbot.keyClick(window.view, Qt.Key.Key_5)
    assert {(s.layer, s.label) for s in window.store.spans_for(1, ANNOTATOR) if s.layer != "quote"} == {
        ("entity", "GPE"),
        ("boilerplate", "BOILERPLATE"),
    }


def test_the_active_layer_shows_in_the_status_bar_palette_and_selection(window, qtbot) -> None:
    # issue 10.3
    from annotator.ui.layer_display import LAYER_COLOURS
    from annotator.ui.qt import QtGui

    highlight = QtGui.QPalette.ColorRole.Highlight
    seen = []
    for layer, word in (("entity", "ENTITY"), ("quote", "QUOTE"), ("boilerplate", "BOILERPLATE")):
        assert window.editor.active_layer == layer
        assert (
            badge(window)
            == ("1-9" if layer == "entity" else "1-3" if layer == "quote" else "1-8") + f" mark {word}"
        )
        assert word in window.palette_title.text()
        window.view.ensurePolished()
        colour = window.view.palette().color(highlight).name()
        assert colour == LAYER_COLOURS[layer]
        seen.append(colour)
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert len(set(seen)) == 3
    assert window.editor.active_layer == "entity"


# -- 4. one order for ] / [ and the span list ----------------------------------------------


def test_next_span_walks_the_span_list_row_by_row(window, qtbot) -> None:
    # issue 10.4: ] skipped a span starting where the selected, longer span starts.
    text = window.editor.article.text
    head = text.index("Macron, Putin agree")
    line_end = text.index("\n", head)
    store = window.store
    # The shorter span first: it gets the lower id, which the old order tripped over.
    store.add_span(1, Span(head, head + 6, "entity", "PERSON", annotator=ANNOTATOR))
    store.add_span(1, Span(head, line_end, "boilerplate", "NAV", annotator=ANNOTATOR))
    store.add_span(1, Span(head + 8, head + 13, "entity", "PERSON", annotator=ANNOTATOR))
    start = text.index("Vladimir Putin")
    store.add_span(1, Span(start, start + 14, "entity", "PERSON", annotator=ANNOTATOR))
    window.open_article(1)
    rows = [window.span_model.span_at(i).id for i in range(window.span_model.rowCount())]
    assert len(rows) == 4
    visited = []
    for _ in rows:
        qtbot.keyClick(window.view, Qt.Key.Key_BracketRight)
        visited.append(window.view.selected.id)
        # The span list follows: its current row is the selected span.
        assert window.span_view.currentIndex().row() == len(visited) - 1
    assert visited == rows
    back = []
    for _ in rows:
        qtbot.keyClick(window.view, Qt.Key.Key_BracketLeft)
        back.append(window.view.selected.id)
    assert back == [*reversed(rows[:-1]), rows[-1]]


# -- 5. Enter, Space and F say what they did; an untouched article asks first -----------


def test_enter_on_an_untouched_article_asks_and_every_status_key_says_what_it_did(
    window, qtbot, confirm_done, monkeypatch
) -> None:
    # issue 10.5: Enter from the list marked a 0-span article done without a word.
    from annotator.ui.finishing import ConfirmDone

    monkeypatch.setattr(
        ConfirmDone, "ask", classmethod(lambda cls, parent, title: confirm_done.append(title))
    )
    window.actions_by_name["next_article"].trigger()  # article 2, never touched
    assert window.editor.article_id == 2
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # asked, and the answer is no
    assert confirm_done == ["'Merkel meets Johnson'"]
    assert window.store.status(2, ANNOTATOR) == "todo"
    assert window.editor.article_id == 2
    assert message(window) == "'Merkel meets Johnson' not marked done: nothing changed"
    # Once the caret moved in it (the annotator read it), Enter marks it done without asking.
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert len(confirm_done) == 1
    assert window.store.status(2, ANNOTATOR) == "done"
    assert window.editor.article_id == 3
    assert message(window) == "'Merkel meets Johnson' marked done; Ctrl+Z undoes"
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert window.store.status(3, ANNOTATOR) == "skipped"
    assert message(window) == "'Apple in Lagos' marked skipped; Ctrl+Z undoes"
    assert window.editor.article_id == 4
    qtbot.keyClick(window.view, Qt.Key.Key_F)
    assert window.store.status(4, ANNOTATOR) == "flagged"
    assert message(window) == "'Oslo weather' marked flagged; Ctrl+Z undoes"
    qtbot.keyClick(window.view, Qt.Key.Key_F)
    assert message(window) == "'Oslo weather' back in progress; Ctrl+Z undoes"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.store.status(4, ANNOTATOR) == "flagged"
    assert message(window) == "undid: mark 'Oslo weather' in progress"


def test_an_article_with_a_mark_is_done_without_a_question(window, qtbot, confirm_done) -> None:
    # issue 10.5
    select_text(window, "Macron")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    window.view.clear_selection()
    window.view.caret_moved = False  # only the span counts here
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert confirm_done == []
    assert window.store.status(1, ANNOTATOR) == "done"
    assert message(window).startswith("'Macron, Putin agree on need to de-escalate' marked done")


# -- 6. the saved indicator is never clipped; counts are singular or plural --------------


def test_the_saved_time_fits_its_label_in_the_themed_status_bar(window, qtbot) -> None:
    # issue 10.6: "saved 07:01:1" (the theme pads status-bar labels by 6 px a side)
    from annotator.resources import read_text
    from annotator.ui.qt import QtWidgets

    app = QtWidgets.QApplication.instance()
    before = app.styleSheet()
    app.setStyleSheet(read_text("light.qss"))
    try:
        label = window.saved_label
        select_text(window, "Macron")
        qtbot.keyClick(window.view, Qt.Key.Key_1)
        assert label.text().startswith("saved ")
        for text in (label.text(), "saved 07:01:14", "saved 00:00:00", "saved 88:88:88"):
            label.setText(text)
            needed = label.fontMetrics().horizontalAdvance(text)
            qtbot.waitUntil(lambda n=needed: label.contentsRect().width() >= n, timeout=1000)
    finally:
        app.setStyleSheet(before)


def test_one_article_and_one_span_are_singular(make_window, qtbot) -> None:
    # issue 10.6: "1 articles"
    from annotator.model import Article

    window = make_window([Article(text="Angela Merkel met Boris Johnson.", title="One")])
    assert window.list_count.text() == "1 article"
    assert window.span_count.text() == "0 spans, 0 suggestions"
    select_text(window, "Angela Merkel")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert window.span_count.text() == "1 span, 0 suggestions"
    row = window.articles.index(0, 0)
    assert window.articles.data(row, Qt.ItemDataRole.ToolTipRole).endswith("1 span, 0 suggestions")


def test_a_selected_span_is_highlighted_in_its_own_layers_colour(window, qtbot) -> None:
    # issue 10.3: the colour says what a digit will act on
    from annotator.ui.layer_display import LAYER_COLOURS

    block, quote = _seed_other_layers(window)
    for expected in (block, quote):
        qtbot.keyClick(window.view, Qt.Key.Key_BracketRight)
        assert window.view.selected.id == expected.id
        [highlight] = window.view.extraSelections()
        assert highlight.format.background().color().name() == LAYER_COLOURS[expected.layer]
        assert badge(window).endswith(f"relabel {expected.layer.upper()}")
