"""Defects from a review: stale messages, relabelled suggested quotes, the filtered
list after an undo, boilerplate lines past other line breaks. Checked in SQLite."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.model import Article, Span
from annotator.ui.qt import Qt

pytestmark = pytest.mark.gui

ANNOTATOR = "ann"
CTRL = Qt.KeyboardModifier.ControlModifier


def sql(db_path, query: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def select_text(window, needle: str, after: int = 0) -> tuple[int, int]:
    start = window.editor.article.text.index(needle, after)
    window.view.set_selection(start, start + len(needle))
    return start, start + len(needle)


def message(window) -> str:
    return window.statusBar().currentMessage()


# -- 1. status-bar messages -------------------------------------------------------


def test_a_saved_edit_clears_the_refusal_message(window, qtbot, db_path) -> None:
    select_text(window, "Emmanuel Macron")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    select_text(window, "President Emmanuel")
    qtbot.keyClick(window.view, Qt.Key.Key_4)  # overlaps the PERSON: refused
    assert "not saved" in message(window)
    select_text(window, "Reuters")
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    assert sql(db_path, "SELECT label FROM spans WHERE layer = 'entity' ORDER BY id") == [
        ("PERSON",),
        ("ORG",),
    ]
    assert "not saved" not in message(window)
    # Undo saves too: no stale refusal after it either.
    select_text(window, "President Emmanuel")
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    assert "not saved" in message(window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert sql(db_path, "SELECT label FROM spans WHERE layer = 'entity'") == [("PERSON",)]
    assert "not saved" not in message(window)


def test_unlinking_a_source_says_so(window, qtbot, db_path) -> None:
    text = window.editor.article.text
    speaker = text.index("an adviser to Macron") + len("an adviser to ")
    window.view.set_selection(speaker, speaker + len("Macron"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    select_text(window, "The goal of this call was to put an end to this crisis,")
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    select_text(window, "an adviser to Macron")
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    # issue 10.2: the adviser is not Macron; S says so and leaves the source unlinked.
    assert "left unlinked: PERSON 'Macron'" in message(window)
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert sql(db_path, "SELECT entity_id IS NOT NULL FROM spans WHERE role = 'source'") == [(1,)]
    assert message(window).startswith("source linked to PERSON")
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert sql(db_path, "SELECT entity_id FROM spans WHERE role = 'source'") == [(None,)]
    assert message(window) == "source unlinked from its entity"


# -- 2. relabelling a suggested quote ----------------------------------------------


def test_relabelling_a_suggested_quote_accepts_all_its_parts(window, qtbot, db_path) -> None:
    text = window.editor.article.text
    content = "Our willingness to defend Ukraine's sovereignty and territorial integrity was reminded by the president"
    at = text.index(content)

    def span(needle: str, label: str, role: str) -> Span:
        start = text.index(needle, at)
        return Span(start, start + len(needle), "quote", label, origin="suggested:q", role=role, quote_id=77)

    parts = [
        span(content, "DIRECT", "content"),
        span("said", "CUE", "cue"),
        span("the adviser", "SOURCE", "source"),
    ]
    assert window.store.add_suggestions(1, parts, annotator=ANNOTATOR) == 3
    window.open_article(1)
    query = "SELECT role, label, origin FROM spans WHERE layer = 'quote' ORDER BY role"
    suggested = [
        ("content", "DIRECT", "suggested:q"),
        ("cue", "CUE", "suggested:q"),
        ("source", "SOURCE", "suggested:q"),
    ]
    assert sql(db_path, query) == suggested
    [quote] = [s for s in window.editor.spans if s.role == "content"]
    window.editor.select(quote)
    edits = window.editor.undo_stack.count()
    qtbot.keyClick(window.view, Qt.Key.Key_3)  # MIXED
    assert sql(db_path, query) == [
        ("content", "MIXED", "accepted"),
        ("cue", "CUE", "accepted"),
        ("source", "SOURCE", "accepted"),
    ]
    assert window.editor.undo_stack.count() == edits + 1  # one edit
    assert window.view.selected is not None and window.view.selected.id == quote.id
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert sql(db_path, query) == suggested


# -- 3. the article list under a status filter -------------------------------------


def list_ids(window) -> list[int]:
    return [window.articles.article_id(r) for r in range(window.articles.rowCount())]


def current_id(window) -> int | None:
    index = window.article_view.currentIndex()
    return window.articles.article_id(index.row()) if index.isValid() else None


def test_undo_brings_an_article_back_into_the_filtered_list(window, qtbot) -> None:
    window.status_filter.setCurrentIndex(window.status_filter.findData("todo"))
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # 1 done, on to 2
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # 2 done, on to 3
    assert list_ids(window) == [3, 4]
    assert current_id(window) == 3
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # 2 is todo again, and open
    assert window.store.status(2, ANNOTATOR) == "todo"
    assert window.editor.article_id == 2
    assert list_ids(window) == [2, 3, 4]
    assert current_id(window) == 2
    assert window.list_count.text() == "3 articles"


def test_an_open_article_outside_the_filter_has_no_current_row(window, qtbot) -> None:
    window.status_filter.setCurrentIndex(window.status_filter.findData("todo"))
    select_text(window, "Reuters")
    qtbot.keyClick(window.view, Qt.Key.Key_4)  # 1 is in progress: out of the list
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # 1 done, on to 2
    assert current_id(window) == 2
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # back on 1, in progress: not listed
    assert window.editor.article_id == 1
    assert list_ids(window) == [2, 3, 4]
    assert not window.article_view.currentIndex().isValid()


# -- 4. boilerplate lines ------------------------------------------------------------


def test_boilerplate_line_ends_at_any_line_break(make_window, qtbot, db_path) -> None:
    text = "First.\u2029Second line.\rThird."
    window = make_window([Article(text=text, title="breaks")])
    window.view.set_selection(text.index("Second") + 2, text.index("Second") + 2)
    qtbot.keyClick(window.view, Qt.Key.Key_B)
    start = text.index("Second line.")
    assert sql(db_path, 'SELECT layer, start, "end" FROM spans') == [("boilerplate", start, start + 12)]


@pytest.mark.parametrize(
    "sep", ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
)
def test_boilerplate_line_is_the_line_the_view_shows(make_window, qtbot, db_path, sep) -> None:
    text = f"First words.{sep}Second line here.{sep}Third words."
    window = make_window([Article(text=text, title="breaks")])
    view = window.view

    def top(offset: int) -> int:
        cursor = view.textCursor()
        cursor.setPosition(view.offsets.to_qt(offset))
        return view.cursorRect(cursor).top()

    # The view shows three lines ...
    assert top(text.index("First")) < top(text.index("Second")) < top(text.index("Third"))
    # ... and B marks the middle one, with the caret at its start or its end.
    for caret in (text.index("Second"), text.index(" here.") + len(" here.")):
        view.set_selection(caret, caret)
        qtbot.keyClick(view, Qt.Key.Key_B)
        start = text.index("Second line here.")
        assert sql(db_path, 'SELECT start, "end" FROM spans') == [(start, start + len("Second line here."))]
        window.editor.select(None)
        qtbot.keyClick(view, Qt.Key.Key_B)  # B on the block selects it, Delete removes it (issue 10)
        assert window.view.selected is not None and window.view.selected.start == start
        qtbot.keyClick(view, Qt.Key.Key_Delete)
        assert sql(db_path, "SELECT * FROM spans") == []
