"""Issue 10: messages in words, not offsets; S links a source only to its speaker."""

from __future__ import annotations

import re

import pytest

from annotator.model import Article
from annotator.ui.qt import Qt

pytestmark = pytest.mark.gui

ANNOTATOR = "ann"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SPEAKERS = (
    "We will act, said French President Emmanuel Macron on Monday. "
    "We agree, a French official said. It ends now, an adviser to Macron told reporters."
)


def select_text(window, needle: str, after: int = 0) -> tuple[int, int]:
    start = window.editor.article.text.index(needle, after)
    window.view.set_selection(start, start + len(needle))
    return start, start + len(needle)


def message(window) -> str:
    return window.statusBar().currentMessage()


def spans(window, **fields):
    found = window.store.spans_for(window.editor.article_id, ANNOTATOR)
    return [s for s in found if all(getattr(s, k) == v for k, v in fields.items())]


@pytest.fixture
def speakers(make_window):
    return make_window([Article(text=SPEAKERS, title="Speakers")])


def _quote_with_source(window, qtbot, content: str, source: str) -> None:
    select_text(window, content)
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    select_text(window, source)
    qtbot.keyClick(window.view, Qt.Key.Key_S)


def test_s_links_a_source_only_to_the_entity_that_is_the_speaker(speakers, qtbot) -> None:
    # issue 10.2
    window = speakers
    for needle, key in (("Emmanuel Macron", Qt.Key.Key_1), ("French", Qt.Key.Key_2)):
        select_text(window, needle)
        qtbot.keyClick(window.view, key)
    select_text(window, "French", SPEAKERS.index("a French"))
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # NORP inside "a French official"
    select_text(window, "Macron", SPEAKERS.index("adviser"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # PERSON inside "an adviser to Macron"
    macron = spans(window, label="PERSON")[0]
    assert macron.text_in(SPEAKERS) == "Emmanuel Macron"

    _quote_with_source(window, qtbot, "We will act", "French President Emmanuel Macron")
    [source] = spans(window, role="source")
    assert source.entity_id == macron.id  # the entity ends the source: it is the speaker
    assert "linked to PERSON 'Emmanuel Macron'" in message(window)

    _quote_with_source(window, qtbot, "We agree", "a French official")
    official = next(s for s in spans(window, role="source") if s.text_in(SPEAKERS) == "a French official")
    assert official.entity_id is None
    assert "left unlinked: NORP 'French' is not the speaker" in message(window)

    _quote_with_source(window, qtbot, "It ends now", "an adviser to Macron")
    adviser = next(s for s in spans(window, role="source") if s.text_in(SPEAKERS) == "an adviser to Macron")
    assert adviser.entity_id is None
    assert "left unlinked: PERSON 'Macron'" in message(window)

    # L links on purpose (the quote is still selected).
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert window.store.span(adviser.id).entity_id is not None


def test_an_overlap_refusal_names_the_span_in_the_way(window, qtbot) -> None:
    # issue 10: "overlaps PERSON 'Vladimir Putin'", not offsets
    select_text(window, "Vladimir Putin")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    select_text(window, "Putin told the president")
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    assert "overlaps PERSON 'Vladimir Putin'" in message(window)
    assert not re.search(r"\[\d+, \d+\)", message(window))
    assert [s.label for s in spans(window)] == ["PERSON"]


def test_undo_and_redo_say_what_they_undid(window, qtbot) -> None:
    # issue 10
    select_text(window, "Macron")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert spans(window) == []
    assert message(window) == "undid: mark PERSON 'Macron'"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert [s.label for s in spans(window)] == ["PERSON"]
    assert message(window) == "redid: mark PERSON 'Macron'"
    qtbot.keyClick(window.view, Qt.Key.Key_BracketRight)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert spans(window) == []
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert message(window) == "undid: delete PERSON 'Macron'"


def test_a_trimmed_or_completed_mark_says_so(window, qtbot) -> None:
    # issue 10
    start, end = select_text(window, " Macron ")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    [span] = spans(window)
    assert (span.start, span.end) == (start + 1, end - 1)
    assert message(window) == "trimmed to 'Macron'"
    start, _ = select_text(window, "Vladimir Pu")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert message(window) == "completed to whole words: 'Vladimir Putin'"
    select_text(window, "Belarus")  # exactly a word: nothing to say
    qtbot.keyClick(window.view, Qt.Key.Key_5)
    assert message(window) == ""


def test_messages_name_the_key_that_selects(window, qtbot) -> None:
    # issue 10: "select a quote first: ] or click it", not "click a span first"
    window.view.set_selection(3, 3)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert message(window) == "select a span first: ] or click it; then Delete removes it"
    select_text(window, "the adviser")
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert message(window).startswith("select a quote first: ] or click it")
