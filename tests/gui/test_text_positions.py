"""Qt counts UTF-16 units, Python code points: spans must land on text[start:end]."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.model import Article
from annotator.ui.offsets import Utf16Map, display_text
from annotator.ui.qt import Qt, QtGui

pytestmark = pytest.mark.gui

TRICKY = (
    "Caf\u00e9\u0301 \U0001f600 \U0001f1eb\U0001f1f7 na\u00efve\u00a0Zo\u00eb Ren\u00e9e said:\r\n"
    "\u201cWe\u2028agree\u201d, Jos\u00e9\u0301 Mar\u00eda \U0001f44d\U0001f3fd told Paris."
)


def test_entity_after_emoji_and_combining_accent(make_window, qtbot) -> None:
    window = make_window([Article(text=TRICKY, title="tricky")])
    text = window.editor.article.text
    assert text == TRICKY  # stored as given (the store keeps \r\n if the importer did)
    for word, key, _label in (
        ("Zo\u00eb", Qt.Key.Key_1, "PERSON"),
        ("Paris", Qt.Key.Key_5, "GPE"),
        ("Jos\u00e9\u0301 Mar\u00eda", Qt.Key.Key_1, "PERSON"),
    ):
        start = text.index(word)
        window.view.set_selection(start, start + len(word))
        assert window.view.textCursor().selectedText() == word
        qtbot.keyClick(window.view, key)
    spans = window.store.spans_for(1, "ann")
    assert sorted((text[s.start : s.end], s.label) for s in spans) == sorted(
        [("Zo\u00eb", "PERSON"), ("Paris", "GPE"), ("Jos\u00e9\u0301 Mar\u00eda", "PERSON")]
    )


def test_keyboard_selection_over_emoji_lands_on_python_offsets(make_window, qtbot) -> None:
    text = "\U0001f600\U0001f600 Ada Lovelace wrote."
    window = make_window([Article(text=text, title="emoji")])
    window.view.set_selection(text.index("Ada"), text.index("Ada"))
    shift = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Right, shift)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, shift)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    [span] = window.store.spans_for(1, "ann")
    assert text[span.start : span.end] == "Ada Lovelace"
    assert span.start == 3  # code points, not the 5 UTF-16 units Qt counted


def test_span_rendered_on_the_right_characters(make_window) -> None:
    """What Qt shows under a span is the stored span text, whatever the characters."""
    window = make_window([Article(text=TRICKY, title="tricky")])
    view = window.view
    for word in ("Paris", "agree", "\U0001f44d\U0001f3fd", "Ren\u00e9e"):
        start = TRICKY.index(word)
        view.set_selection(start, start + len(word))
        shown = view.textCursor().selectedText()
        assert shown.replace("\u2029", "\n") == display_text(word)
        assert view.selection() == (start, start + len(word))


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(text=texts)
def test_document_positions_match_utf16_map(qapp, text) -> None:
    """Every Python position maps to the Qt position holding that character."""
    doc = QtGui.QTextDocument()
    doc.setPlainText(display_text(text))
    omap = Utf16Map(text)
    assert doc.characterCount() - 1 == omap.qt_length
    for i, ch in enumerate(text):
        unit = doc.characterAt(omap.to_qt(i))
        expected = display_text(ch)[0] if ch != "\r" else ch
        if ch in "\n\r\u2029":
            assert unit in "\u2029\n\r "
        elif text[i : i + 2] == "\r\n":
            assert unit == " "
        else:
            assert unit == (
                expected if ord(expected) <= 0xFFFF else chr(0xD800 + ((ord(expected) - 0x10000) >> 10))
            )
