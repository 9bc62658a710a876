"""Issue 10, quotes: a shared source marked once (Shift+S) and exported exactly;
L links a source by its head noun, or through a picker."""

from __future__ import annotations

import pytest

from annotator.model import CONTENT, CUE, ENTITY, QUOTE, SOURCE, Span
from annotator.ui.qt import Qt

pytestmark = pytest.mark.gui

SHIFT = Qt.KeyboardModifier.ShiftModifier


def spans(window, layer=QUOTE):
    return [s for s in window.store.spans_for(window.editor.article_id, "ann") if s.layer == layer]


def select(window, words: str, after: str = "") -> tuple[int, int]:
    text = window.editor.article.text
    start = text.index(words, text.index(after) if after else 0)
    window.view.set_selection(start, start + len(words))
    return start, start + len(words)


def shared_source_quotes(window, qtbot) -> None:
    """'France also offers ... Poland, the official said. "We stand ready to help Poland."'"""
    select(window, "France also offers its full solidarity to Poland")
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    select(window, "said", "the official said")
    qtbot.keyClick(window.view, Qt.Key.Key_C)
    select(window, "the official", "France also offers")
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    select(window, '"We stand ready to help Poland."')
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    qtbot.keyClick(window.view, Qt.Key.Key_S, SHIFT)


# issue 10
def test_shift_s_gives_the_quote_the_previous_quotes_source_and_cue(window, qtbot) -> None:
    text = window.editor.article.text
    shared_source_quotes(window, qtbot)
    quotes: dict[int, dict[str, list[Span]]] = {}
    for s in spans(window):
        quotes.setdefault(s.quote_id, {}).setdefault(s.role, []).append(s)
    first, second = sorted(quotes.values(), key=lambda q: q[CONTENT][0].start)
    assert text[slice(first[CONTENT][0].start, first[CONTENT][0].end)].startswith("France also")
    assert text[slice(second[CONTENT][0].start, second[CONTENT][0].end)] == "We stand ready to help Poland."
    for role, words in ((SOURCE, "the official"), (CUE, "said")):
        [mine], [theirs] = second[role], first[role]
        assert (mine.start, mine.end) == (theirs.start, theirs.end) and text[mine.start : mine.end] == words
        assert mine.id != theirs.id  # its own span on the same words
    message = window.statusBar().currentMessage()
    assert "source “the official”" in message and "cue “said”" in message
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo step
    assert sum(1 for s in spans(window) if s.role in (SOURCE, CUE)) == 2


# issue 10
def test_a_shared_source_reaches_the_export_in_both_quotes(window, qtbot, tmp_path) -> None:
    from annotator.formats.export import export
    from annotator.formats.spacy_docbin import read_docs

    text = window.editor.article.text
    shared_source_quotes(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # done; and the next one, so there is a dev split
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    export(window.store, tmp_path / "out", split="0.5,0.5")
    docs = [d for part in ("train", "dev") for d in read_docs(tmp_path / "out" / f"{part}.spacy")]
    [doc] = [d for d in docs if d.user_data["meta"]["article_id"] == 1]
    official = text.index("the official", text.index("France also offers"))
    said = text.index("said", official)
    data = sorted(doc.user_data["quotes"], key=lambda q: q["contents"][0]["start"])
    assert [list(q["sources"]) for q in data] == [[{"start": official, "end": official + 12}]] * 2
    assert [q["cue"] for q in data] == [{"start": said, "end": said + 4}] * 2
    sources = [(s.start_char, s.end_char, s.id_) for s in doc.spans["quote_sources"]]
    assert sorted(sources) == sorted((official, official + 12, str(q["id"])) for q in data)
    cues = [(s.start_char, s.end_char, s.id_) for s in doc.spans["quote_cues"]]
    assert sorted(cues) == sorted((said, said + 4, str(q["id"])) for q in data)


def linked_adviser_quote(window) -> Span:
    """The first quote by 'an adviser to Macron', its source linked to PERSON 'Macron' (made in the store)."""
    store, article_id, text = window.store, window.editor.article_id, window.editor.article.text
    adviser = text.index("an adviser to Macron")
    macron = store.add_span(article_id, Span(adviser + 14, adviser + 20, ENTITY, "PERSON", annotator="ann"))
    goal = text.index("The goal of this call")
    content = store.add_span(
        article_id,
        Span(
            goal,
            goal + len("The goal of this call was to put an end to this crisis,"),
            QUOTE,
            "DIRECT",
            annotator="ann",
            role=CONTENT,
        ),
    )
    store.add_span(
        article_id,
        Span(
            adviser,
            adviser + 20,
            QUOTE,
            "SOURCE",
            annotator="ann",
            role=SOURCE,
            quote_id=content.quote_id,
            entity_id=macron.id,
        ),
    )
    window.open_article(article_id)
    return macron


# issue 10
def test_l_links_the_adviser_to_the_entity_an_earlier_adviser_is_linked_to(window, qtbot) -> None:
    macron = linked_adviser_quote(window)
    select(window, "On the migration issue, even if", "The goal of this call")
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    select(window, "the adviser", "The goal of this call")
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    source = next(s for s in spans(window) if s.role == SOURCE and s.entity_id is None)
    assert window.editor.article.text[source.start : source.end] == "the adviser"
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert window.store.span(source.id).entity_id == macron.id
    assert window.statusBar().currentMessage() == "source “the adviser” linked to PERSON “Macron”"


# issue 10
def test_l_offers_the_articles_speakers_when_nothing_tells(window, qtbot, monkeypatch) -> None:
    from annotator.ui.quick_keys import EntityPicker

    for words in ("Emmanuel Macron", "Vladimir Putin"):
        select(window, words)
        qtbot.keyClick(window.view, Qt.Key.Key_1)
    offered: list[list[str]] = []
    monkeypatch.setattr(
        EntityPicker,
        "ask",
        classmethod(
            lambda cls, parent, choices: offered.append(choices) or choices.index("PERSON “Emmanuel Macron”")
        ),
    )
    select(window, "agreed on the need for a de-escalation of the migrant crisis at the Belarus border")
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    select(window, "a French official")
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert offered == [["PERSON “Vladimir Putin”", "PERSON “Emmanuel Macron”"]]  # in reading order
    text = window.editor.article.text
    macron = next(s for s in spans(window, ENTITY) if text[s.start : s.end] == "Emmanuel Macron")
    source = next(s for s in spans(window) if s.role == SOURCE)
    assert source.entity_id == macron.id


# issue 10
def test_shift_s_takes_the_source_standing_nearest_not_the_earlier_quotes(window, qtbot) -> None:
    text = window.editor.article.text
    # '"Our willingness ... by the president," the adviser said. France also offers ... to Poland,
    # the official said. "We stand ready to help Poland."'
    select(window, "Our willingness to defend Ukraine's sovereignty")
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    select(window, "the adviser", "Our willingness")
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    select(window, "We stand ready to help Poland.")
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    select(window, "the official", "France also offers")
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    select(window, "France also offers its full solidarity to Poland")
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    france = window.view.selected.quote_id
    qtbot.keyClick(window.view, Qt.Key.Key_S, SHIFT)
    [source] = [s for s in spans(window) if s.quote_id == france and s.role == SOURCE]
    assert text[source.start : source.end] == "the official"
