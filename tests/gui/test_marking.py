"""Marking entities with the keyboard and editing them; checked in SQLite."""

from __future__ import annotations

import pytest

from annotator.model import ENTITY
from annotator.ui.qt import Qt, QtCore

pytestmark = pytest.mark.gui


def place_caret(window, offset: int) -> None:
    window.view.set_selection(offset, offset)


def live(window, layer=ENTITY):
    return [s for s in window.store.spans_for(window.editor.article_id, "ann") if s.layer == layer]


def test_mark_entity_with_keyboard(window, qtbot) -> None:
    text = window.editor.article.text
    start = text.index("Vladimir Putin")
    place_caret(window, start)
    # Two words by keyboard, then the PERSON key.
    qtbot.keyClick(
        window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.keyClick(
        window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    [span] = live(window)
    assert (span.label, text[span.start : span.end]) == ("PERSON", "Vladimir Putin")
    assert span.origin == "manual"
    assert "saved" in window.saved_label.text()


def select_text(window, needle: str, n: int = 0) -> tuple[int, int]:
    text = window.editor.article.text
    start = -1
    for _ in range(n + 1):
        start = text.index(needle, start + 1)
    window.view.set_selection(start, start + len(needle))
    return start, start + len(needle)


def click_at(window, qtbot, offset: int) -> None:
    """A real mouse click on the character at ``offset``."""
    view = window.view
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_qt(offset))
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() + QtCore.QPoint(3, 0))


def test_snaps_to_tokens_and_trims(window, qtbot) -> None:
    text = window.editor.article.text
    start = text.index("Emmanuel Macron")
    # A sloppy selection: a leading space and half of the last word.
    window.view.set_selection(start - 1, start + len("Emmanuel Mac"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    [span] = live(window)
    assert text[span.start : span.end] == "Emmanuel Macron"


def test_click_relabel_delete_undo_redo(window, qtbot) -> None:
    start, end = select_text(window, "Belarus")
    qtbot.keyClick(window.view, Qt.Key.Key_5)  # GPE
    [span] = live(window)
    assert span.label == "GPE"
    window.view.clear_selection()
    window.editor.select(None)
    click_at(window, qtbot, start + 2)
    assert window.view.selected is not None and window.view.selected.id == span.id
    qtbot.keyClick(window.view, Qt.Key.Key_4)  # ORG: relabel, same span
    [relabelled] = live(window)
    assert (relabelled.id, relabelled.label, relabelled.start) == (span.id, "ORG", start)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert live(window) == []
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Z, ctrl)  # the delete is undone, same id
    [back] = live(window)
    assert (back.id, back.label) == (span.id, "ORG")
    qtbot.keyClick(window.view, Qt.Key.Key_Z, ctrl)  # the relabel
    assert live(window)[0].label == "GPE"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert live(window)[0].label == "ORG"
    assert window.view.selection() is None


def test_overlap_is_refused_with_a_message(window, qtbot) -> None:
    select_text(window, "Emmanuel Macron")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    select_text(window, "President Emmanuel")
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    assert [s.label for s in live(window)] == ["PERSON"]
    assert "may not overlap" in window.statusBar().currentMessage()
    assert window.editor.undo_stack.count() == 1  # the refused edit left no command behind


def test_label_picker_reaches_labels_past_nine(window, qtbot, monkeypatch) -> None:
    from annotator.ui.main_window import LabelPicker

    monkeypatch.setattr(LabelPicker, "ask", classmethod(lambda cls, parent, names: "DATE"))
    select_text(window, "16-11-2021", 0)
    qtbot.keyClick(window.view, Qt.Key.Key_0)
    assert [s.label for s in live(window)] == ["DATE"]


def test_boilerplate_block_by_key(window, qtbot) -> None:
    text = window.editor.article.text
    first_line = text.split("\n")[0]
    place_caret(window, 3)
    qtbot.keyClick(window.view, Qt.Key.Key_B)
    [bp] = live(window, "boilerplate")
    assert text[bp.start : bp.end] == first_line.strip()
    # Shift+B on a later line extends the block down to that line.
    line3 = text.index("Macron, Putin agree")
    place_caret(window, line3 + 2)
    qtbot.keyClick(window.view, Qt.Key.Key_B, Qt.KeyboardModifier.ShiftModifier)
    [bp] = live(window, "boilerplate")
    assert bp.start == text.index(first_line.strip()) and text[bp.end - 6 : bp.end] == "Elysee"
    # B inside the block selects it (issue 10: never a silent delete); Delete removes it.
    window.editor.select(None)
    qtbot.keyClick(window.view, Qt.Key.Key_B)
    assert live(window, "boilerplate") == [bp] and window.view.selected == bp
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert live(window, "boilerplate") == []


def test_quote_with_content_cue_and_linked_source(window, qtbot) -> None:
    text = window.editor.article.text
    speaker = text.index("an adviser to Macron") + len("an adviser to ")
    window.view.set_selection(speaker, speaker + len("Macron"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # the speaker as an entity
    [person] = live(window)
    select_text(window, '"The goal of this call was to put an end to this crisis,"')
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    select_text(window, "said", 1)
    qtbot.keyClick(window.view, Qt.Key.Key_C)
    select_text(window, "an adviser to Macron")
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    parts = {s.role: s for s in live(window, "quote")}
    assert set(parts) == {"content", "cue", "source"}
    assert len({s.quote_id for s in parts.values()}) == 1
    content = parts["content"]
    assert text[content.start : content.end] == "The goal of this call was to put an end to this crisis,"
    assert content.label == "DIRECT"
    assert text[parts["cue"].start : parts["cue"].end] == "said"
    # issue 10.2: "an adviser to Macron" is not Macron: S leaves it unlinked, L links on purpose.
    assert parts["source"].entity_id is None
    qtbot.keyClick(window.view, Qt.Key.Key_L)  # L links, and again unlinks
    assert window.store.span(parts["source"].id).entity_id == person.id
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert window.store.span(parts["source"].id).entity_id is None
    # The span list shows the quote as one group: content, then cue, then source.
    rows = [window.span_model.span_at(r) for r in range(window.span_model.rowCount())]
    roles = [s.role for s in rows if s.layer == "quote"]
    assert roles == ["content", "cue", "source"]


def test_second_quote_part(window, qtbot) -> None:
    select_text(window, "On the migration issue, even if there's no convergence", 0)
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    select_text(window, "first and foremost out of human decency", 0)
    qtbot.keyClick(window.view, Qt.Key.Key_Q, Qt.KeyboardModifier.ShiftModifier)
    contents = live(window, "quote")
    assert len(contents) == 2 and contents[0].quote_id == contents[1].quote_id


def test_suggestions_accept_reject_and_accept_all(window, qtbot) -> None:
    from annotator.model import Span

    store, aid = window.store, window.editor.article_id
    text = window.editor.article.text
    spans = []
    for word in ("Reuters", "Poland", "Latvia"):
        i = text.index(word)
        spans.append(Span(i, i + len(word), "entity", "ORG", origin="suggested:test"))
    store.add_suggestions(aid, spans, annotator="ann")
    window.open_article(aid)
    qtbot.keyClick(window.view, Qt.Key.Key_A)  # nothing selected: selects the first suggestion
    assert window.view.selected.is_suggestion
    first = window.view.selected
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    assert store.span(first.id).origin == "accepted"
    second = window.view.selected  # moved on to the next suggestion
    qtbot.keyClick(window.view, Qt.Key.Key_X)
    assert store.span(second.id).origin == "rejected"
    window.actions_by_name["accept_all_entity"].trigger()
    assert {s.origin for s in live(window)} == {"accepted"}
    assert len(live(window)) == 2


def test_undo_of_an_entity_delete_restores_the_source_link(window, qtbot) -> None:
    text = window.editor.article.text
    speaker = text.index("an adviser to Macron") + len("an adviser to ")
    window.view.set_selection(speaker, speaker + len("Macron"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    [person] = live(window)
    select_text(window, "The goal of this call was to put an end to this crisis,")
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    select_text(window, "an adviser to Macron")
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    qtbot.keyClick(window.view, Qt.Key.Key_L)  # linked on purpose (issue 10.2: S leaves it)
    [source] = [s for s in live(window, "quote") if s.role == "source"]
    assert source.entity_id == person.id
    window.editor.select(person)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.store.span(source.id).entity_id is None
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.store.span(person.id).label == "PERSON"
    assert window.store.span(source.id).entity_id == person.id


def test_brackets_walk_through_spans_and_escape_clears(window, qtbot) -> None:
    for word, key in (("Reuters", Qt.Key.Key_4), ("Lithuania", Qt.Key.Key_5)):
        select_text(window, word)
        qtbot.keyClick(window.view, key)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.view.selected is None and window.view.selection() is None
    window.view.set_selection(0, 0)
    qtbot.keyClick(window.view, Qt.Key.Key_BracketRight)
    assert window.view.selected.label == "ORG"
    qtbot.keyClick(window.view, Qt.Key.Key_BracketRight)
    assert window.view.selected.label == "GPE"
    assert window.span_view.currentIndex().row() == 1  # the span list follows
    qtbot.keyClick(window.view, Qt.Key.Key_BracketLeft)
    assert window.view.selected.label == "ORG"
